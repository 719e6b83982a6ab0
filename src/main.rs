//! The `herald` command: parses arguments, runs the library, prints diagnostics.
//!
//! Exit codes: 0 success, 1 content errors (the site needs fixing), 2 usage errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use herald::diagnostic::Diagnostic;
use herald::{BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "herald",
    version,
    about = "Build bilingual foreign-information sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// The site folder (with herald.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder; defaults to ROOT/public.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from herald.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Publish drafts too.
        #[arg(long)]
        drafts: bool,
        /// The time to publish as of (RFC 3339, e.g. 2026-11-28T09:00:00+07:00); decides embargoes.
        #[arg(long, value_parser = parse_now)]
        now: Option<jiff::Timestamp>,
    },
    /// Build the site in memory and serve it with live reload while you edit.
    Serve {
        /// The site folder (with herald.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but 127.0.0.1 exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a page in every configured language: herald new SECTION "Title".
    New {
        /// The section folder under content/ (e.g. investment).
        section: String,
        /// The page title; the file name is its slug (Vietnamese transliterated).
        title: String,
        /// The site folder (with herald.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR, in Vietnamese and English, with the default theme.
    Init {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse::<jiff::Timestamp>()
        .map_err(|e| format!("`{s}` is not an RFC 3339 date-time with an offset ({e})"))
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = std::io::stderr().is_terminal();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            now,
        } => {
            let started = Instant::now();
            let out_dir = output.unwrap_or_else(|| root.join("public"));
            let opts = BuildOptions {
                base_url,
                drafts,
                now,
            };
            match build(&root, &out_dir, &opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    for held in &report.held_back {
                        eprintln!("held back: {} ({})", held.file.display(), held.reason);
                    }
                    let per_lang: Vec<String> = report
                        .pages
                        .iter()
                        .map(|(lang, n)| format!("{n} {lang}"))
                        .collect();
                    println!(
                        "built {} pages ({}), {} files in {:.2}s -> {}{}",
                        report.pages.values().sum::<usize>(),
                        per_lang.join(", "),
                        report.files,
                        started.elapsed().as_secs_f64(),
                        out_dir.display(),
                        if report.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(", {} warning(s)", report.warnings.len())
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostics) => {
                    print_diagnostics(&diagnostics);
                    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "build failed: {errors} error(s); {} was not changed",
                        out_dir.display()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => {
            let opts = herald::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
            };
            match herald::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    print_diagnostics(&[d]);
                    ExitCode::from(1)
                }
            }
        }
        Command::New {
            section,
            title,
            root,
        } => match herald::scaffold::new_page(&root, &section, &title) {
            Ok(files) => {
                for f in &files {
                    println!("created {}", root.join(f).display());
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                print_diagnostics(&diagnostics);
                ExitCode::from(1)
            }
        },
        Command::Init { dir } => match herald::init::init(&dir) {
            Ok(files) => {
                for f in &files {
                    println!("created {}", dir.join(f).display());
                }
                println!("a new site is ready: cd {} && herald build", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                print_diagnostics(&[d]);
                ExitCode::from(1)
            }
        },
    }
}
