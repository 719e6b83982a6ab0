//! The `herald` command: parses arguments, runs the library, prints diagnostics.
//!
//! Exit codes: 0 success, 1 content errors (the site needs fixing), 2 usage errors.
//! `check` exits 1 when any diagnostic is an error, whatever the output format.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use herald::diagnostic::{Diagnostic, Severity};
use herald::{BuildOptions, CheckReport, build};

// glibc's allocator lost a fifth of a build's time to arena locks and returned little of
// what the search indexer and the rendering threads freed (see ARCHITECTURE.md, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Build even if nothing changed since the last build (which is otherwise
        /// reported, and its output kept, in milliseconds).
        #[arg(long)]
        force: bool,
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
    /// Check the site without writing anything: translations, UI strings, links,
    /// terminology and accessibility. Exits 1 if anything is an error.
    Check {
        /// The site folder (with herald.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `human` (like a compiler) or `json` (for scripts and CI).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
        /// The time to check as of (RFC 3339); decides embargoes.
        #[arg(long, value_parser = parse_now)]
        now: Option<jiff::Timestamp>,
    },
    /// Record that translations match the current version of their source
    /// (writes `translated_from` in each file's front matter).
    Translated {
        /// The site folder (with herald.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Translation files, e.g. content/news/a.en.md.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Create a new site in DIR, in Vietnamese and English, with the default theme.
    Init {
        /// Folder to create (must not exist or be empty).
        dir: PathBuf,
    },
}

/// Output format of `check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn parse_now(s: &str) -> Result<jiff::Timestamp, String> {
    s.parse::<jiff::Timestamp>()
        .map_err(|e| format!("`{s}` is not an RFC 3339 date-time with an offset ({e})"))
}

/// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
fn use_color(terminal: bool) -> bool {
    color_wanted(terminal, std::env::var_os("NO_COLOR").as_deref())
}

/// NO_COLOR counts when it is set to anything but the empty string.
fn color_wanted(terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let color = use_color(std::io::stderr().is_terminal());
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

/// The check report like a compiler's: diagnostics by file and position, then the numbers.
fn print_human(report: &CheckReport) -> std::io::Result<()> {
    let color = use_color(std::io::stdout().is_terminal());
    let mut out = std::io::stdout().lock();
    for d in &report.diagnostics {
        writeln!(out, "{}\n", d.render(color))?;
    }
    let s = &report.summary;
    let cov = &s.translations;
    if cov.pages > 0 {
        let langs: Vec<String> = cov
            .languages
            .iter()
            .map(|(code, c)| {
                let mut line = format!("{code} {}/{} ({}%)", c.translated, c.total, c.percent);
                if code != &cov.source_language {
                    line.push_str(&format!(", {} stale, {} untracked", c.stale, c.untracked));
                }
                line
            })
            .collect();
        writeln!(out, "translations: {}", langs.join("; "))?;
        for (section, langs) in &cov.sections {
            let partial: Vec<String> = langs
                .iter()
                .filter(|(_, c)| c.translated < c.total)
                .map(|(code, c)| format!("{code} {}/{} ({}%)", c.translated, c.total, c.percent))
                .collect();
            if !partial.is_empty() {
                writeln!(out, "  section {section}: {}", partial.join("; "))?;
            }
        }
    }
    let codes: Vec<String> = s.codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    writeln!(
        out,
        "check: {} error(s), {} warning(s){}",
        s.errors,
        s.warnings,
        if codes.is_empty() {
            String::new()
        } else {
            format!(" ({})", codes.join(", "))
        }
    )
}

/// One diagnostic in the JSON report, fields in the documented order.
#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: Option<&'a str>,
    /// Relative to the site root with `/`, the same on every system.
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    hint: Option<&'a str>,
}

/// The JSON report: `{"diagnostics": [...], "summary": {...}}`.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a herald::check::Summary,
}

/// The check report as JSON, for scripts and CI.
fn print_json(report: &CheckReport) -> std::io::Result<()> {
    let json = JsonReport {
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                file: d
                    .file
                    .as_ref()
                    .map(|f| f.to_string_lossy().replace('\\', "/")),
                line: d.line,
                column: d.column,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect(),
        summary: &report.summary,
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &json)?;
    writeln!(out)
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
            force,
        } => {
            let started = Instant::now();
            let out_dir = output.unwrap_or_else(|| root.join("public"));
            let opts = BuildOptions {
                base_url,
                drafts,
                now,
                force,
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
                    let warnings = if report.warnings.is_empty() {
                        String::new()
                    } else {
                        format!(", {} warning(s)", report.warnings.len())
                    };
                    let (verb, note) = if report.up_to_date {
                        ("up to date:", " (nothing changed since the last build)")
                    } else {
                        ("built", "")
                    };
                    println!(
                        "{verb} {} pages ({}), {} files in {:.2}s -> {}{warnings}{note}",
                        report.pages.values().sum::<usize>(),
                        per_lang.join(", "),
                        report.files,
                        started.elapsed().as_secs_f64(),
                        out_dir.display(),
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
        Command::Check {
            root,
            format,
            drafts,
            now,
        } => {
            let opts = BuildOptions {
                base_url: None,
                drafts,
                now,
                force: false,
            };
            let report = herald::check(&root, &opts);
            // A closed pipe (`herald check | head`) is not the site's problem: ignore it.
            let _ = match format {
                Format::Human => print_human(&report),
                Format::Json => print_json(&report),
            };
            if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Translated { root, paths } => match herald::translated::record(&root, &paths) {
            Ok(done) => {
                for r in &done {
                    println!(
                        "{}: translated_from \"{}\" ({}{})",
                        r.file.display(),
                        r.version,
                        r.source.display(),
                        if r.changed { "" } else { ", unchanged" }
                    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_is_honoured() {
        use std::ffi::OsStr;
        assert!(color_wanted(true, None));
        assert!(color_wanted(true, Some(OsStr::new(""))));
        assert!(!color_wanted(true, Some(OsStr::new("1"))));
        assert!(!color_wanted(false, None));
    }
}
