//! herald: a static site generator for bilingual foreign-information publishing.
//!
//! The pipeline is a chain of stages on values: [`Site::load`] reads everything,
//! [`Site::render`] turns it into an [`output::Output`] in memory (in parallel),
//! [`Site::check`] runs the editorial rules on both, and [`output::Output::write_to`] swaps
//! the output into place atomically. [`check`] stops before writing; [`build`] writes only
//! when nothing is an error. See ARCHITECTURE.md.

// Diagnostics carry their position and line text by value; they travel only on the cold
// error path, where a few bytes more per `Result` cost nothing worth a Box.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fields;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod init;
pub mod media_kit;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
mod stamp;
pub mod timing;
pub mod translated;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use check::Summary;
use check::terminology::Terminology;
use config::Config;
use content::{Content, HeldBack, LoadOptions};
use diagnostic::{Diagnostic, relative};
use i18n::I18n;
use output::Output;
use render::templates::Templates;

/// Options of a build that do not live in herald.yaml.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` (for previews and staging).
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// The clock for embargoes; the system clock when None.
    pub now: Option<jiff::Timestamp>,
    /// Build even when the last build's stamp says nothing changed (`build` only).
    pub force: bool,
}

/// A loaded site: everything read from disk, ready to render.
#[derive(Debug)]
pub struct Site {
    /// herald.yaml, validated.
    pub config: Config,
    /// Pages and sections.
    pub content: Content,
    /// Fluent bundles.
    pub i18n: Arc<I18n>,
    /// Tera templates with herald's functions.
    pub templates: Templates,
    /// Static files (theme's, then the site's over them): output path -> source.
    pub static_files: Arc<BTreeMap<String, PathBuf>>,
    /// Media kits, checked, with their files read.
    pub kits: media_kit::Kits,
    /// Approved terms per language (`i18n/terminology.yaml`).
    pub terminology: Terminology,
}

impl Site {
    /// Read the site at `root`. Errors that make rendering impossible (config, templates)
    /// come back as `Err`; everything else is returned beside the site to be reported.
    pub fn load(
        root: &Path,
        opts: &BuildOptions,
    ) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
        let config = Config::load(root, opts.base_url.as_deref())?;
        let load_opts = LoadOptions {
            drafts: opts.drafts,
            now: opts.now,
        };
        let (content, mut diagnostics) = Content::load(&config, &load_opts);
        let (kits, kit_diags) = media_kit::Kits::load(&config, &content);
        diagnostics.extend(kit_diags);
        let (i18n, i18n_diags) = I18n::load(&config);
        diagnostics.extend(i18n_diags);
        let static_files = static_files(&config, &mut diagnostics);
        let (terminology, term_diags) = Terminology::load(&config);
        diagnostics.extend(term_diags);
        let i18n = Arc::new(i18n);
        let static_files = Arc::new(static_files);
        let templates = match Templates::load(&config, Arc::clone(&i18n), Arc::clone(&static_files))
        {
            Ok(t) => t,
            Err(mut errors) => {
                diagnostics.append(&mut errors);
                return Err(diagnostics);
            }
        };
        Ok((
            Site {
                config,
                content,
                i18n,
                templates,
                static_files,
                kits,
                terminology,
            },
            diagnostics,
        ))
    }

    /// Render every output file in memory.
    pub fn render(&self) -> (Output, Vec<Diagnostic>) {
        render::render_site(self)
    }

    /// Run the editorial rules (translations, Fluent, links, terminology, accessibility)
    /// on the site and its rendered output.
    pub fn check(&self, output: &Output) -> Vec<Diagnostic> {
        check::run(self, output)
    }

    /// True if the theme (or the site) has a `search.html` template: then every language
    /// gets a search page and the build writes the search index; without it, neither.
    pub fn has_search(&self) -> bool {
        self.templates.files.contains_key("search.html")
    }

    /// Published pages per language code.
    pub fn pages_per_language(&self) -> BTreeMap<String, usize> {
        let mut counts: BTreeMap<String, usize> = self
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), 0))
            .collect();
        for page in &self.content.pages {
            *counts.entry(page.lang.clone()).or_default() += 1;
        }
        counts
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Published pages per language.
    pub pages: BTreeMap<String, usize>,
    /// Files written.
    pub files: usize,
    /// Warnings (a successful build has no errors).
    pub warnings: Vec<Diagnostic>,
    /// Pages left out (drafts, embargoes).
    pub held_back: Vec<HeldBack>,
    /// Nothing was built: nothing changed since the last build, whose report this is.
    pub up_to_date: bool,
}

/// What `herald check` found: every diagnostic, sorted, and the numbers.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts and translation coverage.
    pub summary: Summary,
}

impl CheckReport {
    /// True if anything would fail a build.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// Load, render and check the site at `root`: the chain `check` and `build` share, so their
/// rules cannot differ. With `spare`, pages are streamed into it as they are rendered (what
/// `build` does); without, everything stays in memory.
fn analyze(
    root: &Path,
    opts: &BuildOptions,
    spare: Option<&output::Spare>,
) -> Result<(Site, Output, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut laps = timing::Laps::start();
    let (site, mut diagnostics) = Site::load(root, opts)?;
    laps.lap("load");
    let mut cache = render::RenderCache::default();
    let (output, render_diags) = match spare {
        Some(spare) => render::render_into(&site, spare, &mut cache),
        None => render::render_scoped(&site, &mut cache, render::Scope::All),
    };
    diagnostics.extend(render_diags);
    laps.lap("render");
    // The cache holds every page's rendered Markdown: freeing it took 10 ms at 10,000
    // pages, on one thread between render and check. It is freed beside the check.
    let found = std::thread::scope(|s| {
        s.spawn(move || drop(cache));
        site.check(&output)
    });
    diagnostics.extend(found);
    laps.lap("check");
    let mut all = diagnostic::Diagnostics(diagnostics);
    all.sort();
    Ok((site, output, all.0))
}

/// Load, render and check the site at `root`, writing nothing; reports every problem.
pub fn check(root: &Path, opts: &BuildOptions) -> CheckReport {
    match analyze(root, opts, None) {
        Ok((site, _, diagnostics)) => CheckReport {
            summary: Summary::new(Some(&site), &diagnostics),
            diagnostics,
        },
        Err(diagnostics) => {
            let mut all = diagnostic::Diagnostics(diagnostics);
            all.sort();
            CheckReport {
                summary: Summary::new(None, &all.0),
                diagnostics: all.0,
            }
        }
    }
}

/// Load, render, check and, if there is no error, write the site at `root` into `out_dir`.
///
/// On any error `out_dir` is not touched and every diagnostic found is returned, so the
/// previous output stays exactly as it was. When nothing changed since the last build (see
/// `stamp`) nothing is built or written, and that build's report comes back marked
/// [`BuildReport::up_to_date`] (unless [`BuildOptions::force`]).
pub fn build(
    root: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
) -> Result<BuildReport, Vec<Diagnostic>> {
    let cannot_write = |e: std::io::Error| {
        vec![Diagnostic::error(format!("cannot write {}: {e}", out_dir.display())).code("io")
            .hint("check that the output folder's parent is writable; the previous output is unchanged")]
    };
    check_output_dir(root, out_dir)?;
    // Held to the end: from the stamp's look at the output to the swap and the stamp.
    let _lock = output::BuildLock::take(out_dir, || {
        eprintln!(
            "waiting for another herald build into {} to finish",
            out_dir.display()
        )
    })
    .map_err(cannot_write)?;
    // One clock for the whole build: the embargoes and the stamp's window see the same.
    let now = opts.now.unwrap_or_else(jiff::Timestamp::now);
    let opts = &BuildOptions {
        now: Some(now),
        ..opts.clone()
    };
    let mut laps = timing::Laps::start();
    // The file system's clock before anything is read: a source changed after it leaves
    // no stamp (see `stamp`).
    let clock = stamp::Clock::start(root);
    let mut sources = None;
    if !opts.force
        && let Some(last) = stamp::last(root, out_dir, opts, now)
    {
        let walked = stamp::Sources::walk(root, &clock);
        if last.still_holds(&walked, out_dir) {
            laps.lap("up to date");
            return Ok(last.report());
        }
        sources = Some(walked);
    }
    stamp::forget(root);
    laps.lap("stamp");
    // Pages go into the spare folder as they are rendered; the output folder itself is
    // only touched by the swap at the end, when nothing was an error.
    let spare = output::Spare::prepare(out_dir).map_err(cannot_write)?;
    let (site, output, diagnostics) = analyze(root, opts, Some(&spare))?;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let mut laps = timing::Laps::start();
    output.write_into(&spare).map_err(cannot_write)?;
    laps.lap("write");
    let report = BuildReport {
        pages: site.pages_per_language(),
        files: output.len(),
        warnings: diagnostics,
        held_back: site.content.held_back.clone(),
        up_to_date: false,
    };
    let window = site.content.window;
    // Millions of allocations at 10,000 pages (20-30 ms to free on one thread): on both
    // cores, beside the stamp (and the walk of the sources, if the check above did not
    // make it). Not on a thread left running: `herald build` exits right after, and a
    // thread still freeing while the allocator shuts down is a crash waiting to happen.
    rayon::join(
        || drop(site),
        || {
            let entries = stamp::output_entries(output.paths());
            rayon::join(
                || drop(output),
                || {
                    let sources = sources.unwrap_or_else(|| stamp::Sources::walk(root, &clock));
                    stamp::record(root, out_dir, opts, &sources, window, &report, entries)
                },
            )
        },
    );
    laps.lap("stamp, free");
    Ok(report)
}

/// The output folder must not be the site itself or contain it: swapping it would delete the site.
fn check_output_dir(root: &Path, out_dir: &Path) -> Result<(), Vec<Diagnostic>> {
    let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_abs = match out_dir.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            let parent = out_dir
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            parent
                .canonicalize()
                .map(|p| p.join(out_dir.file_name().unwrap_or_default()))
                .unwrap_or_else(|_| out_dir.to_path_buf())
        }
    };
    let protected = ["content", "themes", "i18n", "static", "templates"];
    if root_abs.starts_with(&out_abs)
        || protected
            .iter()
            .any(|d| out_abs.starts_with(root_abs.join(d)))
    {
        return Err(vec![Diagnostic::error(format!(
            "refusing to write the site into {}: it holds the site's own files",
            out_dir.display()
        )).code("output")
        .hint("choose an output folder outside content/, themes/, i18n/, static/ and templates/, e.g. public/")]);
    }
    Ok(())
}

/// Static files of the theme, then of the site over them.
fn static_files(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    let root_canon = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let dirs = [
        config
            .root
            .join("themes")
            .join(&config.theme)
            .join("static"),
        config.root.join("static"),
    ];
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if entry.file_type().is_symlink() {
                if content::symlink_escapes(&root_canon, path) {
                    diagnostics.push(content::symlink_refused(
                        &config.root,
                        path,
                        "copy the file into static/ instead of linking to it",
                    ));
                    continue;
                }
            } else if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = path.strip_prefix(&dir) else {
                continue;
            };
            let Some(rel) = rel.to_str() else {
                diagnostics.push(
                    Diagnostic::error("file name is not valid UTF-8")
                        .code("content")
                        .in_file(relative(&config.root, path))
                        .hint("rename the file"),
                );
                continue;
            };
            files.insert(rel.replace('\\', "/"), path.to_path_buf());
        }
    }
    files
}
