//! `content/`: Markdown pages, sections and page bundles, and how translations find each other.
//!
//! Loading reads every file once and decides everything that depends only on the source:
//! language, translation key, slug, URL path, what is held back (drafts, embargoes). It does
//! not render Markdown; that happens in parallel in `render`, when every page's URL is known
//! so links by source path (`@/heritage/ly-son.md`) can resolve.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::{Config, find_key, parse_yaml};
use crate::diagnostic::{Diagnostic, relative};
use crate::slug::slugify;

/// The folder of Markdown content, under the site root.
pub const CONTENT_DIR: &str = "content";

/// Front matter of a page; any other key is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// Title, plain text.
    pub title: String,
    /// Publication date: `2020-08-15` or RFC 3339.
    #[serde(default)]
    pub date: Option<String>,
    /// Date of the last significant change.
    #[serde(default)]
    pub updated: Option<String>,
    /// One sentence for lists and `<meta name=description>`.
    #[serde(default)]
    pub summary: Option<String>,
    /// Drafts are left out unless the build asks for them.
    #[serde(default)]
    pub draft: bool,
    /// URL slug; transliterated to ASCII.
    #[serde(default)]
    pub slug: Option<String>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The page's image: relative to the page's folder, or `/path` under `static/`.
    #[serde(default)]
    pub image: Option<String>,
    /// Text alternative of `image`; required with it.
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Links pages whose paths differ as translations of one another.
    #[serde(default)]
    pub translation_key: Option<String>,
    /// On a translation: the version of its source it was made from (see
    /// `check::translations::source_version`); written by `herald translated`.
    #[serde(default)]
    pub translated_from: Option<String>,
    /// Order in lists (lower first) among pages of the same date.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Old URL paths that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// RFC 3339 date-time with offset before which the page is not published anywhere.
    #[serde(default)]
    pub embargo: Option<String>,
    /// Date or RFC 3339 date-time after which the page is no longer published.
    #[serde(default)]
    pub expires: Option<String>,
    /// Shown among the highlights of the home page (ordered by `weight`).
    #[serde(default)]
    pub featured: bool,
    /// Free-form data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

const PAGE_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "draft",
    "slug",
    "tags",
    "image",
    "image_alt",
    "translation_key",
    "translated_from",
    "weight",
    "aliases",
    "embargo",
    "expires",
    "featured",
    "extra",
];

/// Front matter of a section's `_index.LANG.md`; any other key is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// Title of the section in this language.
    pub title: String,
    /// Translated slug of the section (`dau-tu` / `investment`).
    #[serde(default)]
    pub slug: Option<String>,
    /// One sentence for lists and `<meta name=description>`.
    #[serde(default)]
    pub summary: Option<String>,
    /// Menu order (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// The section's image, as for pages.
    #[serde(default)]
    pub image: Option<String>,
    /// Text alternative of `image`.
    #[serde(default)]
    pub image_alt: Option<String>,
    /// On a translation: the version of its source it was made from, as for pages.
    #[serde(default)]
    pub translated_from: Option<String>,
    /// Free-form data for templates.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

const SECTION_FIELDS: &[&str] = &[
    "title",
    "slug",
    "summary",
    "weight",
    "image",
    "image_alt",
    "translated_from",
    "extra",
];

/// A file copied beside a page or section (bundle images, PDFs...).
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub source: PathBuf,
    /// Path relative to the page's or section's folder, `/`-separated.
    pub rel: String,
}

/// A parsed Markdown file: its text and where the body starts.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the site root (`content/heritage/ly-son/index.vi.md`).
    pub file: PathBuf,
    /// Whole file text (BOM removed, CRLF turned into LF).
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_start: usize,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The YAML between the `---` lines (it starts on line 2 of the file).
    pub fn front_matter_yaml(&self) -> &str {
        let yaml_start = self
            .text
            .find('\n')
            .map(|i| i + 1)
            .unwrap_or(self.text.len());
        let yaml_end = self.text[..self.body_start]
            .trim_end_matches('\n')
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(yaml_start)
            .max(yaml_start);
        &self.text[yaml_start..yaml_end]
    }

    /// An error at `offset` bytes into the body.
    pub fn error_at_body(&self, offset: usize, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(msg)
            .in_file(&self.file)
            .at_offset(&self.text, self.body_start + offset)
    }

    /// An error on the line of front matter key `key`.
    pub fn error_at_key(&self, key: &str, msg: impl Into<String>) -> Diagnostic {
        let fm_end = self.body_start;
        let (line, col) = find_key(&self.text[..fm_end], key);
        Diagnostic::error(msg)
            .in_file(&self.file)
            .at(&self.text, line, col)
    }
}

/// A publication date as written and as a calendar date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageDate {
    /// The calendar date, for display and sorting.
    pub date: jiff::civil::Date,
    /// RFC 3339 form for feeds, sitemaps and `<time datetime>`.
    pub rfc3339: String,
}

/// One page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Index in `Content::pages`.
    pub id: usize,
    /// The parsed file.
    pub doc: Document,
    /// Language code.
    pub lang: String,
    /// Source path without language and extension (`heritage/ly-son`): its `@/` link name.
    pub stem: String,
    /// What translations share: `translation_key` or the stem.
    pub key: String,
    /// The folder of the section the page belongs to (`heritage`, or `` for the root).
    pub section: String,
    /// Validated front matter.
    pub front: PageFrontMatter,
    /// Parsed `date`.
    pub date: Option<PageDate>,
    /// Parsed `updated`.
    pub updated: Option<PageDate>,
    /// The last part of the URL.
    pub slug: String,
    /// URL path relative to the base (`vi/di-san/ly-son/`).
    pub path: String,
    /// Files travelling with a page bundle.
    pub assets: Vec<Asset>,
    /// The section kind (`investment`, `heritage`, ... or `generic`), from herald.yaml.
    pub kind: String,
    /// Typed fields declared for the section, validated.
    pub fields: BTreeMap<String, crate::fields::FieldValue>,
}

/// A section's `_index.LANG.md` in one language.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    /// The parsed file.
    pub doc: Document,
    /// Validated front matter.
    pub front: SectionFrontMatter,
}

/// A content folder that is not a page bundle; the root folder is the home page.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// Folder relative to `content/`, `/`-separated; `` for the root.
    pub dir: String,
    /// The parent section's folder; None for the root.
    pub parent: Option<String>,
    /// Child section folders, sorted.
    pub children: Vec<String>,
    /// `_index.LANG.md` by language; a section without one still gets a list page.
    pub index: BTreeMap<String, SectionIndex>,
    /// Pages of every language directly in this section, by id.
    pub pages: Vec<usize>,
    /// Non-Markdown files directly in the folder.
    pub assets: Vec<Asset>,
    /// URL path by language (`vi/dau-tu/`).
    pub paths: BTreeMap<String, String>,
}

impl Section {
    /// The folder name, the last part of `dir` (`investment`).
    pub fn name(&self) -> &str {
        self.dir.rsplit('/').next().unwrap_or("")
    }

    /// Menu weight in `lang` (from `_index`), for ordering.
    pub fn weight(&self, lang: &str) -> i64 {
        self.index
            .get(lang)
            .and_then(|i| i.front.weight)
            .or_else(|| self.index.values().find_map(|i| i.front.weight))
            .unwrap_or(i64::MAX)
    }
}

/// What was left out of the build and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBack {
    /// The page's file.
    pub file: PathBuf,
    /// `draft`, or `embargoed until <time>`.
    pub reason: String,
}

/// Options that change what is published.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
    /// The clock used for embargoes (defaults to the system clock).
    pub now: Option<jiff::Timestamp>,
}

/// Everything under `content/`, with translations linked.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Published pages, sorted by source path then language.
    pub pages: Vec<Page>,
    /// Sections by folder.
    pub sections: BTreeMap<String, Section>,
    /// Translation key -> language -> page id.
    pub translations: BTreeMap<String, BTreeMap<String, usize>>,
    /// `@/` link name (stem) -> translation key.
    pub stems: BTreeMap<String, String>,
    /// Pages left out, for the build summary.
    pub held_back: Vec<HeldBack>,
    /// When the clock alone would publish or withdraw a page: the build stamp's bound.
    pub window: Window,
}

/// The stretch of time around the build's clock in which the same pages are published:
/// from the last embargo or expiry instant at or before it to the first one after it
/// (`None`: no such instant). A build whose clock falls outside it would publish others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    /// The latest instant at or before the clock at which a page changed state.
    pub since: Option<jiff::Timestamp>,
    /// The earliest instant after the clock at which a page will change state.
    pub until: Option<jiff::Timestamp>,
}

impl Window {
    /// Narrow the window by an instant at which a page changes state.
    fn note(&mut self, at: jiff::Timestamp, now: jiff::Timestamp) {
        if at <= now {
            self.since = self.since.max(Some(at));
        } else {
            self.until = Some(self.until.map_or(at, |u| u.min(at)));
        }
    }

    /// The window both `self` and `other` allow.
    fn narrow(&mut self, other: Window) {
        self.since = self.since.max(other.since);
        if let Some(u) = other.until {
            self.until = Some(self.until.map_or(u, |mine| mine.min(u)));
        }
    }

    /// True if a build at `now` publishes what a build at the window's clock did.
    pub fn contains(&self, now: jiff::Timestamp) -> bool {
        self.since.is_none_or(|s| s <= now) && self.until.is_none_or(|u| now < u)
    }
}

impl Content {
    /// Load `content/` of the site configured by `config`.
    pub fn load(config: &Config, opts: &LoadOptions) -> (Content, Vec<Diagnostic>) {
        let mut loader = Loader::new(config, opts);
        let content = loader.load();
        (content, loader.diagnostics)
    }

    /// Re-read page `id` after its file changed, for an incremental rebuild.
    ///
    /// Returns `Ok(None)` when the edit changes more than the page's own output (its URL,
    /// translation key, language links, taxonomy terms, aliases, or whether it is published
    /// at all): the caller must then reload the whole site. Errors in the file come back
    /// as diagnostics and leave `self` unchanged.
    pub fn reload_page(
        &self,
        config: &Config,
        opts: &LoadOptions,
        id: usize,
    ) -> Result<Option<Page>, Vec<Diagnostic>> {
        let old = &self.pages[id];
        let mut loader = Loader::new(config, opts);
        let abs = config.root.join(&old.doc.file);
        let page = loader
            .read_document(&abs, old.doc.file.clone())
            .and_then(|doc| {
                let default_slug = old.stem.rsplit('/').next().unwrap_or(&old.stem).to_string();
                loader.make_page(
                    doc,
                    old.lang.clone(),
                    old.stem.clone(),
                    old.section.clone(),
                    &default_slug,
                    old.assets.clone(),
                )
            });
        if loader.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(loader.diagnostics);
        }
        let Some(mut page) = page else {
            return Ok(None);
        };
        let same_shape = page.slug == old.slug
            && page.key == old.key
            && page.front.aliases == old.front.aliases
            && page.front.tags == old.front.tags
            && page.front.image == old.front.image
            && page.fields == old.fields;
        if !same_shape {
            return Ok(None);
        }
        page.id = id;
        page.path = old.path.clone();
        Ok(Some(page))
    }

    /// Parse one Markdown file of `content/` from its bytes, as [`Content::load`] does for
    /// the file at `file` (relative to the site root, like `content/investment/a.vi.md`):
    /// encoding, front matter, the page's or section's fields, dates, slug, embargo. Reads
    /// no disk; the fuzzers and their regression tests enter here. The page is `None` for a
    /// section's `_index`, a held-back page, or a file with errors.
    #[doc(hidden)]
    pub fn parse_file(
        config: &Config,
        opts: &LoadOptions,
        file: &Path,
        bytes: Vec<u8>,
    ) -> (Option<Page>, Vec<Diagnostic>) {
        let mut loader = Loader::new(config, opts);
        let page = loader.parse_file(file, bytes);
        (page, loader.diagnostics)
    }

    /// The id of the page loaded from `file` (relative to the site root).
    pub fn page_by_file(&self, file: &Path) -> Option<usize> {
        self.pages.iter().position(|p| p.doc.file == file)
    }

    /// The page `id`.
    pub fn page(&self, id: usize) -> &Page {
        &self.pages[id]
    }

    /// The page with translation `key` in `lang`, if it exists.
    pub fn translation(&self, key: &str, lang: &str) -> Option<&Page> {
        self.translations
            .get(key)
            .and_then(|m| m.get(lang))
            .map(|&id| &self.pages[id])
    }

    /// Pages of `section` in `lang`, newest first (then by weight, then title).
    pub fn section_pages(&self, section: &Section, lang: &str) -> Vec<&Page> {
        let mut pages: Vec<&Page> = section
            .pages
            .iter()
            .map(|&id| &self.pages[id])
            .filter(|p| p.lang == lang)
            .collect();
        sort_pages(&mut pages);
        pages
    }
}

/// Newest first; undated pages after dated ones; then weight, title, path.
pub fn sort_pages(pages: &mut [&Page]) {
    pages.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(
                a.front
                    .weight
                    .unwrap_or(0)
                    .cmp(&b.front.weight.unwrap_or(0)),
            )
            .then(a.front.title.cmp(&b.front.title))
            .then(a.path.cmp(&b.path))
    });
}

struct Loader<'a> {
    config: &'a Config,
    opts: &'a LoadOptions,
    /// The clock embargoes and expiry dates are held to, read once so that every page
    /// of a build is judged at the same instant.
    now: jiff::Timestamp,
    diagnostics: Vec<Diagnostic>,
    held_back: Vec<HeldBack>,
    window: Window,
    root: PathBuf,
}

/// What a Markdown file becomes in pass 2 of `load`.
#[allow(clippy::large_enum_variant)] // one per file, moved once: boxing would only add allocations
enum Parsed {
    /// The `_index.LANG.md` of the section at `dir`.
    Index {
        dir: String,
        lang: String,
        index: SectionIndex,
    },
    Page(Page),
}

/// What a Markdown file is, from its name.
enum MdKind {
    /// `_index.LANG.md`
    SectionIndex,
    /// `index.LANG.md`: a page bundle
    BundleIndex,
    /// `name.LANG.md`
    Page(String),
}

impl<'a> Loader<'a> {
    fn new(config: &'a Config, opts: &'a LoadOptions) -> Self {
        Loader {
            config,
            opts,
            now: opts.now.unwrap_or_else(jiff::Timestamp::now),
            diagnostics: Vec::new(),
            held_back: Vec::new(),
            window: Window::default(),
            root: config.root.clone(),
        }
    }

    /// A loader for one file of this load, on the same clock.
    fn for_file(&self) -> Loader<'a> {
        Loader {
            now: self.now,
            ..Loader::new(self.config, self.opts)
        }
    }

    fn rel(&self, path: &Path) -> PathBuf {
        relative(&self.root, path)
    }

    fn load(&mut self) -> Content {
        let content_dir = self.root.join(CONTENT_DIR);
        let mut content = Content::default();
        content.sections.insert(String::new(), Section::default());
        if !content_dir.is_dir() {
            self.diagnostics.push(
                Diagnostic::error("the site has no content/ folder")
                    .code("content")
                    .in_file(CONTENT_DIR)
                    .hint("create content/_index.vi.md (and one per language) for the home page"),
            );
            return content;
        }
        let root_canon = match self.root.canonicalize() {
            Ok(p) => p,
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::error(format!("cannot read the site root: {e}")).code("io"));
                return content;
            }
        };

        // Pass 1: list folders and files. Bundles are folders with an `index.*.md`.
        let mut md_files: Vec<(PathBuf, String)> = Vec::new(); // (abs, rel dir)
        let mut other_files: Vec<(PathBuf, String)> = Vec::new();
        let mut dirs: Vec<String> = Vec::new();
        let walker = walkdir::WalkDir::new(&content_dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(|p| self.rel(p)).unwrap_or_default();
                    self.diagnostics.push(
                        Diagnostic::error(format!("cannot read: {e}"))
                            .code("io")
                            .in_file(path)
                            .hint("check the file's permissions"),
                    );
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let path = entry.path().to_path_buf();
            let rel_in_content = match path.strip_prefix(&content_dir) {
                Ok(r) => r.to_path_buf(),
                Err(_) => continue,
            };
            let Some(rel_str) = path_to_slash(&rel_in_content) else {
                self.diagnostics.push(
                    Diagnostic::error("file name is not valid UTF-8")
                        .code("content")
                        .in_file(self.rel(&path))
                        .hint("rename the file using UTF-8 characters"),
                );
                continue;
            };
            let parent_dir = rel_str
                .rsplit_once('/')
                .map(|(d, _)| d.to_string())
                .unwrap_or_default();
            let ft = entry.file_type();
            if ft.is_symlink() {
                match path.canonicalize() {
                    Ok(target) if target.starts_with(&root_canon) => {
                        if target.is_dir() {
                            self.diagnostics.push(
                                Diagnostic::error("symlinked folders are not followed")
                                    .code("content")
                                    .in_file(self.rel(&path))
                                    .hint("move or copy the folder into content/"),
                            );
                            continue;
                        }
                    }
                    _ => {
                        self.diagnostics.push(
                            Diagnostic::error("symlink points outside the site (or nowhere)")
                                .code("content")
                                .in_file(self.rel(&path))
                                .hint("copy the file into the site instead of linking to it"),
                        );
                        continue;
                    }
                }
            } else if ft.is_dir() {
                dirs.push(rel_str);
                continue;
            }
            if rel_str.ends_with(".md") {
                md_files.push((path, parent_dir));
            } else {
                other_files.push((path, parent_dir));
            }
        }

        let bundle_dirs: Vec<String> = md_files
            .iter()
            .filter(|(p, _)| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n == "index.md" || (n.starts_with("index.") && n.ends_with(".md"))
                })
            })
            .map(|(_, d)| d.clone())
            .collect();
        let in_bundle = |dir: &str| -> Option<String> {
            bundle_dirs
                .iter()
                .find(|b| dir == b.as_str() || dir.starts_with(&format!("{b}/")))
                .cloned()
        };

        for dir in &dirs {
            if in_bundle(dir).is_some() {
                continue;
            }
            let parent = dir
                .rsplit_once('/')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default();
            content.sections.insert(
                dir.clone(),
                Section {
                    dir: dir.clone(),
                    parent: Some(parent),
                    ..Section::default()
                },
            );
        }
        let section_dirs: Vec<String> = content.sections.keys().cloned().collect();
        for dir in &section_dirs {
            if let Some(parent) = content.sections[dir].parent.clone()
                && let Some(p) = content.sections.get_mut(&parent)
            {
                p.children.push(dir.clone());
            }
        }

        // Assets belong to their bundle, else to the folder's section.
        let mut bundle_assets: BTreeMap<String, Vec<Asset>> = BTreeMap::new();
        for (path, dir) in &other_files {
            let file_rel =
                path_to_slash(path.strip_prefix(&content_dir).unwrap_or(path)).unwrap_or_default();
            if let Some(b) = in_bundle(dir) {
                let rel = file_rel[b.len() + 1..].to_string();
                bundle_assets.entry(b).or_default().push(Asset {
                    source: path.clone(),
                    rel,
                });
            } else if let Some(section) = content.sections.get_mut(dir) {
                let rel = file_rel.rsplit('/').next().unwrap_or_default().to_string();
                section.assets.push(Asset {
                    source: path.clone(),
                    rel,
                });
            }
        }

        // Pass 2: parse every Markdown file, in parallel (reading and parsing 10,000 files
        // is most of a build's loading); diagnostics and held-back pages in file order.
        let parsed: Vec<(Option<Parsed>, Loader)> = md_files
            .par_iter()
            .map(|(path, dir)| {
                let mut loader = self.for_file();
                let parsed = loader.parse_md(path, dir, &in_bundle, &bundle_assets);
                (parsed, loader)
            })
            .collect();
        // Reserved: a `Page` is 704 bytes, and growing the list page by page was 10 ms of
        // copying at 10,000 pages, on one thread.
        let mut pages: Vec<Page> = Vec::with_capacity(parsed.len());
        for (parsed, loader) in parsed {
            self.diagnostics.extend(loader.diagnostics);
            self.held_back.extend(loader.held_back);
            self.window.narrow(loader.window);
            match parsed {
                Some(Parsed::Index { dir, lang, index }) => {
                    if let Some(section) = content.sections.get_mut(&dir) {
                        section.index.insert(lang, index);
                    }
                }
                Some(Parsed::Page(page)) => pages.push(page),
                None => {}
            }
        }

        // Published pages only from here on.
        pages.sort_by(|a, b| a.stem.cmp(&b.stem).then(a.lang.cmp(&b.lang)));
        for (id, page) in pages.iter_mut().enumerate() {
            page.id = id;
        }
        content.pages = pages;
        self.assign_paths(&mut content);
        self.link_translations(&mut content);
        content.held_back = std::mem::take(&mut self.held_back);
        content.window = self.window;
        content
    }

    /// One Markdown file of pass 2 of `load`: a section's index or a page; None (with
    /// diagnostics, or held back) if it is neither.
    fn parse_md(
        &mut self,
        path: &Path,
        dir: &str,
        in_bundle: &(dyn Fn(&str) -> Option<String> + Sync),
        bundle_assets: &BTreeMap<String, Vec<Asset>>,
    ) -> Option<Parsed> {
        let file = self.rel(path);
        let name = path.file_name().and_then(|n| n.to_str())?;
        let (kind, lang) = self.classify(name, &file)?;
        if matches!(kind, MdKind::Page(_) | MdKind::SectionIndex)
            && let Some(b) = in_bundle(dir)
        {
            self.diagnostics.push(
                Diagnostic::error(format!("Markdown file inside the page bundle `{b}`")).code("content")
                    .in_file(&file)
                    .hint("a bundle folder holds one page (index.LANG.md) and its files; move this page out of it"),
            );
            return None;
        }
        let doc = self.read_document(path, file)?;
        self.parse_document(doc, kind, lang, dir, bundle_assets)
    }

    /// One file from its bytes, as pass 2 of `load` treats it (bundle assets aside).
    fn parse_file(&mut self, file: &Path, bytes: Vec<u8>) -> Option<Page> {
        let name = file.file_name()?.to_str()?;
        let rel = file.strip_prefix(CONTENT_DIR).unwrap_or(file);
        let dir = rel.parent().and_then(path_to_slash).unwrap_or_default();
        let (kind, lang) = self.classify(name, file)?;
        let doc = self.document(bytes, file.to_path_buf())?;
        match self.parse_document(doc, kind, lang, &dir, &BTreeMap::new())? {
            Parsed::Page(page) => Some(page),
            Parsed::Index { .. } => None,
        }
    }

    /// A read Markdown file of kind `kind` in `lang`, in the folder `dir` of `content/`.
    fn parse_document(
        &mut self,
        doc: Document,
        kind: MdKind,
        lang: String,
        dir: &str,
        bundle_assets: &BTreeMap<String, Vec<Asset>>,
    ) -> Option<Parsed> {
        let (stem, section, default_slug, assets) = match kind {
            MdKind::SectionIndex => {
                let front = self.front_matter::<SectionFrontMatter>(&doc, SECTION_FIELDS)?;
                return Some(Parsed::Index {
                    dir: dir.to_string(),
                    lang,
                    index: SectionIndex { doc, front },
                });
            }
            MdKind::BundleIndex => {
                let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir));
                (
                    dir.to_string(),
                    parent.to_string(),
                    name.to_string(),
                    bundle_assets.get(dir).cloned().unwrap_or_default(),
                )
            }
            MdKind::Page(stem_name) => {
                let stem = if dir.is_empty() {
                    stem_name.clone()
                } else {
                    format!("{dir}/{stem_name}")
                };
                (stem, dir.to_string(), stem_name, Vec::new())
            }
        };
        self.make_page(doc, lang, stem, section, &default_slug, assets)
            .map(Parsed::Page)
    }

    /// Kind and language of a Markdown file from its name; None (with a diagnostic) if invalid.
    fn classify(&mut self, name: &str, file: &Path) -> Option<(MdKind, String)> {
        let base = name.strip_suffix(".md")?;
        let (stem, lang) = match base.rsplit_once('.') {
            Some((stem, suffix)) if looks_like_language(suffix) => {
                if self.config.language(suffix).is_none() {
                    let codes = self.config.codes();
                    self.diagnostics.push(
                        Diagnostic::error(format!("unknown language suffix `.{suffix}`")).code("content")
                            .in_file(file)
                            .hint(format!(
                                "configured languages: {}; add `{suffix}` to languages in herald.yaml or rename the file",
                                codes.join(", ")
                            )),
                    );
                    return None;
                }
                (stem.to_string(), suffix.to_string())
            }
            _ => (base.to_string(), self.config.default_language.clone()),
        };
        let kind = match stem.as_str() {
            "_index" => MdKind::SectionIndex,
            "index" => MdKind::BundleIndex,
            _ => MdKind::Page(stem),
        };
        Some((kind, lang))
    }

    fn read_document(&mut self, path: &Path, file: PathBuf) -> Option<Document> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::error(format!("cannot read: {e}"))
                        .code("io")
                        .in_file(file)
                        .hint("check the file's permissions"),
                );
                return None;
            }
        };
        self.document(bytes, file)
    }

    /// A file's bytes as a [`Document`]: UTF-8, BOM and CRLF normalized, front matter split.
    fn document(&mut self, bytes: Vec<u8>, file: PathBuf) -> Option<Document> {
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                self.diagnostics.push(
                    Diagnostic::error("file is not valid UTF-8")
                        .code("content")
                        .in_file(file)
                        .at_offset(&valid, offset)
                        .hint("save the file as UTF-8 (most editors: File > Save with encoding)"),
                );
                return None;
            }
        };
        let text = normalize_text(text);
        match split_front_matter(&text) {
            Ok(body_start) => Some(Document {
                file,
                text,
                body_start,
            }),
            Err(msg) => {
                self.diagnostics.push(
                    Diagnostic::error(msg).code("front-matter")
                        .in_file(file)
                        .at(&text, 1, 1)
                        .hint("start the file with a line `---`, the YAML front matter (at least `title: ...`), then a line `---`"),
                );
                None
            }
        }
    }

    /// A page's front matter: common keys strictly, the section's typed fields checked
    /// against its schema; all errors of both parts reported.
    #[allow(clippy::type_complexity)]
    fn page_front_matter(
        &mut self,
        doc: &Document,
        section: &str,
    ) -> Option<(
        PageFrontMatter,
        String,
        BTreeMap<String, crate::fields::FieldValue>,
    )> {
        let Some(schema) = self.config.schema_for(section).cloned() else {
            let front = self.front_matter::<PageFrontMatter>(doc, PAGE_FIELDS)?;
            return Some((front, "generic".into(), BTreeMap::new()));
        };
        let yaml = self.front_matter_text(doc)?;
        let section_keys: Vec<&str> = schema.fields.keys().collect();
        let (common, typed) = crate::fields::split_yaml(yaml, &section_keys);
        let mut known: Vec<&str> = PAGE_FIELDS.to_vec();
        known.extend(section_keys.iter().copied());
        let front = match parse_yaml::<PageFrontMatter>(&common, 1, &doc.text, &doc.file, &known) {
            Ok(f) => Some(f),
            Err(mut d) => {
                if d.message.starts_with("unknown field") {
                    d.hint = d.hint.map(|h| {
                        format!(
                            "{h} (pages of content/{section}/ also take: {})",
                            section_keys.join(", ")
                        )
                    });
                }
                self.diagnostics.push(d);
                None
            }
        };
        let fields = match crate::fields::validate(&schema, &typed, doc, section) {
            Ok(f) => Some(f),
            Err(errors) => {
                // A broken common part (say, an unclosed bracket) can swallow typed keys;
                // "missing field" would then only be noise beside the real error.
                let broken = front.is_none();
                self.diagnostics.extend(
                    errors
                        .into_iter()
                        .filter(|d| !(broken && d.message.starts_with("missing field"))),
                );
                None
            }
        };
        Some((front?, schema.kind.clone(), fields?))
    }

    /// The YAML between the `---` lines; reports an empty block.
    fn front_matter_text<'d>(&mut self, doc: &'d Document) -> Option<&'d str> {
        let yaml = doc.front_matter_yaml();
        if yaml.trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::error("front matter is empty")
                    .code("front-matter")
                    .in_file(&doc.file)
                    .at(&doc.text, 1, 1)
                    .hint("add at least `title: ...` between the `---` lines"),
            );
            return None;
        }
        Some(yaml)
    }

    fn front_matter<T: serde::de::DeserializeOwned>(
        &mut self,
        doc: &Document,
        fields: &[&str],
    ) -> Option<T> {
        let yaml = self.front_matter_text(doc)?;
        match parse_yaml::<T>(yaml, 1, &doc.text, &doc.file, fields) {
            Ok(v) => Some(v),
            Err(d) => {
                self.diagnostics.push(d.code("front-matter"));
                None
            }
        }
    }

    /// The page a document of `section` makes: its front matter (common and typed fields),
    /// dates, slug, aliases, embargo, expiry and draft state; None with diagnostics, or
    /// held back.
    fn make_page(
        &mut self,
        doc: Document,
        lang: String,
        stem: String,
        section: String,
        default_slug: &str,
        assets: Vec<Asset>,
    ) -> Option<Page> {
        let (front, kind, fields) = self.page_front_matter(&doc, &section)?;
        let mut ok = true;
        let date = self.parse_date(&doc, "date", front.date.as_deref(), &mut ok);
        let updated = self.parse_date(&doc, "updated", front.updated.as_deref(), &mut ok);
        if front.title.trim().is_empty() {
            self.diagnostics.push(
                doc.error_at_key("title", "title is empty")
                    .code("front-matter")
                    .hint("give the page a title"),
            );
            ok = false;
        }
        if front.image.is_some()
            && front
                .image_alt
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
        {
            self.diagnostics.push(
                doc.error_at_key("image", "image has no image_alt")
                    .code("alt-missing")
                    .hint("describe the image for readers who cannot see it: image_alt: \"...\""),
            );
            ok = false;
        }
        let slug = match &front.slug {
            Some(s) => {
                let slug = slugify(s);
                if slug.is_empty() || s.contains(['/', '\\']) {
                    self.diagnostics.push(
                        doc.error_at_key("slug", format!("slug `{s}` cannot be used in a URL"))
                            .code("front-matter")
                            .hint("use words only, e.g. slug: dung-quat-port"),
                    );
                    ok = false;
                }
                slug
            }
            None => slugify(default_slug),
        };
        if slug.is_empty() {
            self.diagnostics.push(
                Diagnostic::error("cannot make a URL slug from this file name")
                    .code("front-matter")
                    .in_file(&doc.file)
                    .hint("rename the file with letters or digits, or set `slug:`"),
            );
            ok = false;
        }
        for alias in &front.aliases {
            if clean_url_path(alias).is_none() {
                self.diagnostics.push(
                    doc.error_at_key(
                        "aliases",
                        format!("alias `{alias}` is not a path inside the site"),
                    )
                    .code("front-matter")
                    .hint("write it as a path from the site root, e.g. /vi/tin-cu/, without `..`"),
                );
                ok = false;
            }
        }
        // Embargo and drafts: decided here so nothing later can leak the page.
        if let Some(embargo) = &front.embargo {
            match embargo.parse::<jiff::Timestamp>() {
                Ok(ts) => {
                    self.window.note(ts, self.now);
                    if ts > self.now && ok {
                        return self.hold_back(&doc, format!("embargoed until {embargo}"));
                    }
                }
                Err(_) => {
                    self.diagnostics.push(
                        doc.error_at_key(
                            "embargo",
                            format!(
                                "embargo `{embargo}` is not an RFC 3339 date-time with an offset"
                            ),
                        )
                        .code("front-matter")
                        .hint("write it like 2026-12-01T09:00:00+07:00"),
                    );
                    ok = false;
                }
            }
        }
        if let Some(expires) = &front.expires {
            match parse_date(expires) {
                Some(d) => {
                    let now = self.now;
                    let expired = match d.rfc3339.parse::<jiff::Timestamp>() {
                        Ok(ts) if expires.len() > 10 => {
                            self.window.note(ts, now);
                            ts <= now
                        }
                        // A plain date expires once that day is over in UTC+14, the first zone to finish it.
                        _ => {
                            let over = d.date.tomorrow().ok().and_then(|day| {
                                jiff::tz::offset(14)
                                    .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                                    .ok()
                            });
                            if let Some(over) = over {
                                self.window.note(over, now);
                            }
                            d.date < jiff::tz::offset(14).to_datetime(now).date()
                        }
                    };
                    if expired && ok {
                        return self.hold_back(&doc, format!("expired on {expires}"));
                    }
                }
                None => {
                    self.diagnostics.push(
                        doc.error_at_key("expires", format!("expires `{expires}` is not a date"))
                            .hint(
                                "write 2026-12-31, or a date-time like 2026-12-31T17:00:00+07:00",
                            ),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        if front.draft && !self.opts.drafts {
            return self.hold_back(&doc, "draft".into());
        }
        let key = front
            .translation_key
            .clone()
            .unwrap_or_else(|| stem.clone());
        Some(Page {
            id: 0,
            doc,
            lang,
            stem,
            key,
            section,
            front,
            date,
            updated,
            slug,
            path: String::new(),
            assets,
            kind,
            fields,
        })
    }

    /// Leave a page out of every output; the build summary lists it.
    fn hold_back(&mut self, doc: &Document, reason: String) -> Option<Page> {
        self.held_back.push(HeldBack {
            file: doc.file.clone(),
            reason,
        });
        None
    }

    fn parse_date(
        &mut self,
        doc: &Document,
        key: &str,
        value: Option<&str>,
        ok: &mut bool,
    ) -> Option<PageDate> {
        let value = value?.trim();
        match parse_date(value) {
            Some(d) => Some(d),
            None => {
                self.diagnostics.push(
                    doc.error_at_key(key, format!("`{value}` is not a date"))
                        .code("front-matter")
                        .hint("write 2020-08-15, or a date-time like 2020-08-15T09:00:00+07:00"),
                );
                *ok = false;
                None
            }
        }
    }

    /// URL paths for sections (per language, with translated slugs) and pages.
    fn assign_paths(&mut self, content: &mut Content) {
        let dirs: Vec<String> = content.sections.keys().cloned().collect();
        for lang in self.config.languages.iter().map(|l| l.code.clone()) {
            for dir in &dirs {
                let mut parts = Vec::new();
                let mut cur = dir.clone();
                while !cur.is_empty() {
                    let section = &content.sections[&cur];
                    let slug = section
                        .index
                        .get(&lang)
                        .and_then(|i| i.front.slug.as_deref())
                        .map(slugify)
                        .unwrap_or_else(|| slugify(section.name()));
                    parts.push(slug);
                    cur = section.parent.clone().unwrap_or_default();
                }
                parts.reverse();
                let mut path = format!("{lang}/");
                for p in parts {
                    path.push_str(&p);
                    path.push('/');
                }
                if let Some(s) = content.sections.get_mut(dir) {
                    s.paths.insert(lang.clone(), path);
                }
            }
        }
        for page in &mut content.pages {
            let section_path = content
                .sections
                .get(&page.section)
                .and_then(|s| s.paths.get(&page.lang))
                .cloned()
                .unwrap_or_else(|| format!("{}/", page.lang));
            page.path = format!("{section_path}{}/", page.slug);
            if let Some(s) = content.sections.get_mut(&page.section) {
                s.pages.push(page.id);
            }
        }
        // Two sources must never write the same file.
        let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
        for section in content.sections.values() {
            for path in section.paths.values() {
                seen.insert(path.clone(), PathBuf::from(CONTENT_DIR).join(&section.dir));
            }
        }
        for page in &content.pages {
            if let Some(other) = seen.get(&page.path) {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` would be written twice: by this page and by {}",
                        page.path,
                        other.display()
                    ))
                    .code("path-conflict")
                    .in_file(&page.doc.file)
                    .hint("give one of them another `slug:`"),
                );
            } else {
                seen.insert(page.path.clone(), page.doc.file.clone());
            }
        }
    }

    fn link_translations(&mut self, content: &mut Content) {
        for page in &content.pages {
            let langs = content.translations.entry(page.key.clone()).or_default();
            if let Some(&other) = langs.get(&page.lang) {
                let other = &content.pages[other];
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "two pages in `{}` share the translation key `{}`: this one and {}",
                        page.lang,
                        page.key,
                        other.doc.file.display()
                    )).code("translation-key")
                    .in_file(&page.doc.file)
                    .hint("each language may have one page per key; change `translation_key` or the file name"),
                );
                continue;
            }
            langs.insert(page.lang.clone(), page.id);
            content.stems.insert(page.stem.clone(), page.key.clone());
        }
    }
}

/// Strip a UTF-8 BOM, turn CRLF into LF (so offsets and lines match what editors show) and
/// compose to NFC, so Vietnamese typed decomposed (NFD, as some macOS and Windows input
/// methods do) gives the same slugs, titles, headings and page bytes as precomposed text.
fn normalize_text(text: String) -> String {
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    match nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(composed) => composed,
    }
}

/// `text` in NFC. Nearly all text already is: the quick check answers that without
/// allocating, and only the rest is composed.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Bytes that may begin a whitespace character in UTF-8: ASCII controls and space, DEL
/// (decoded, and found not to be), and the lead bytes of U+0085 and U+00A0 (C2), U+1680
/// (E1), U+2000 to U+205F (E2) and U+3000 (E3). Continuation bytes never begin one.
const MAY_BEGIN_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7F] = true;
    table[0xC2] = true;
    table[0xE1] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table
};

/// `text` with runs of whitespace made one space and none at either end: what
/// `split_whitespace().collect::<Vec<_>>().join(" ")` gives, in one pass over the bytes
/// (the search index does it to every page's text, where the generic splitter showed).
pub fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Inside a word, a byte that cannot begin a whitespace character needs no other
        // look: most bytes of any text, Vietnamese's included (see `MAY_BEGIN_SPACE`).
        if word_start.is_some() {
            while i < bytes.len() && !MAY_BEGIN_SPACE[usize::from(bytes[i])] {
                i += 1;
            }
            // Vietnamese's U+1Exx letters lead with E1 as U+1680 does, but never go on
            // with 9A.
            if bytes.get(i) == Some(&0xE1) && bytes.get(i + 1) != Some(&0x9A) {
                i += 1;
                continue;
            }
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        // Unicode White_Space, as `char::is_whitespace`: ASCII first, decoded otherwise.
        let (space, len) = if b < 0x80 {
            (matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        match (space, word_start) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word_start {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

/// True if `text` is made only of characters NFC never changes and nothing composes onto
/// or reorders around (combining class 0, NFC quick check Yes), and so is NFC: ASCII, the
/// precomposed Latin letters Vietnamese is written with (U+00A0 to U+024F, U+1E00 to
/// U+1EFF) and common punctuation (U+2010 to U+2027). False says nothing (the Unicode
/// tables decide). Read eight bytes at a time: all ASCII, they are passed; otherwise
/// the ASCII before the first other byte is passed in the same step (Vietnamese has a
/// non-ASCII letter every few bytes, and one byte a step made this function 2.6% of a
/// build), and that character's bytes are read. The quick check looks up two tables per
/// non-ASCII character, and every page's text is checked three times (loading, search,
/// translations) and folded once (check).
pub fn surely_nfc(text: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(eight) = b.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
            let high = u64::from_le_bytes(eight) & HIGH;
            if high == 0 {
                i += 8;
                continue;
            }
            // Little-endian: the lowest set bit is the first non-ASCII byte's.
            i += (high.trailing_zeros() / 8) as usize;
        }
        // The UTF-8 of those ranges (`text` is valid UTF-8: continuation bytes follow).
        let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
        i += match b[i] {
            0..=0x7F => 1,
            0xC2 if next(1) >= 0xA0 => 2,
            0xC3..=0xC8 => 2,
            0xC9 if next(1) <= 0x8F => 2,
            0xE1 if matches!(next(1), 0xB8..=0xBB) => 3,
            0xE2 if next(1) == 0x80 && matches!(next(2), 0x90..=0xA7) => 3,
            _ => return false,
        };
    }
    true
}

/// `char::is_alphanumeric`, answered without the Unicode tables for the Latin letters
/// Vietnamese is written with (Latin-1, Latin Extended-A and -B, Latin Extended Additional):
/// the check and the search index ask it of every character, and the table search was a
/// tenth of the terminology check.
pub fn is_alphanumeric(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => c != '\u{D7}' && c != '\u{F7}',
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// True if `path` is a symlink that leads outside the site (`root_canon`, canonical), to
/// nothing, or to something other than a file: such links are refused wherever the site's
/// files are read, so nothing outside the site reaches the output.
pub fn symlink_escapes(root_canon: &Path, path: &Path) -> bool {
    path.canonicalize()
        .map_or(true, |t| !t.starts_with(root_canon) || !t.is_file())
}

/// The error for a symlink [`symlink_escapes`] refuses, at `path` (shown relative to `root`).
pub fn symlink_refused(root: &Path, path: &Path, hint: &str) -> Diagnostic {
    Diagnostic::error("symlink points outside the site (or to a folder)")
        .code("content")
        .in_file(crate::diagnostic::relative(root, path))
        .hint(hint)
}

/// Byte offset of the body after a `---` ... `---` front matter block.
pub fn split_front_matter(text: &str) -> Result<usize, &'static str> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(if text.trim().is_empty() {
            "file is empty"
        } else {
            "file does not start with front matter"
        });
    }
    let mut offset = (first_line_end + 1).min(text.len());
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(text.len());
        if text[offset..end].trim_end() == "---" {
            return Ok((end + 1).min(text.len()));
        }
        offset = end + 1;
    }
    Err("front matter is not closed")
}

fn looks_like_language(s: &str) -> bool {
    let (primary, region) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && region.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `2020-08-15` or an RFC 3339 date-time.
pub fn parse_date(value: &str) -> Option<PageDate> {
    if let Ok(date) = value.parse::<jiff::civil::Date>()
        && value.len() == 10
    {
        return Some(PageDate {
            date,
            rfc3339: format!("{date}T00:00:00Z"),
        });
    }
    // An RFC 3339 date-time: its first ten characters are the date in the author's own
    // offset, which is the day readers should see (a release at 06:00+07:00 is that day).
    if value.parse::<jiff::Timestamp>().is_ok()
        && let Some(date) = value
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    {
        return Some(PageDate {
            date,
            rfc3339: value.to_string(),
        });
    }
    None
}

/// A site-relative URL path without `..`, backslashes or a scheme; `/a/b` -> `a/b`.
pub fn clean_url_path(path: &str) -> Option<String> {
    if path.contains(['\\', '?', '#', ':']) || path.trim().is_empty() {
        return None;
    }
    let trimmed = path.trim_start_matches('/');
    if trimmed
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains('\0'))
    {
        return None;
    }
    Some(trimmed.to_string())
}

/// Resolve `rel` against `base_dir` (both under `root`) without leaving `root`.
///
/// The check is lexical first (no `..` above the root, no absolute parts), then on the
/// real path, so a symlink inside the site that points outside is refused too.
pub fn contained_path(root: &Path, base_dir: &Path, rel: &str) -> Option<PathBuf> {
    let rel = rel.replace('\\', "/");
    let mut out = if let Some(abs) = rel.strip_prefix('/') {
        let _ = abs;
        root.to_path_buf()
    } else {
        base_dir.to_path_buf()
    };
    for comp in Path::new(rel.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() || !out.starts_with(root) {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if !out.starts_with(root) {
        return None;
    }
    let real = out.canonicalize().ok()?;
    let root_real = root.canonicalize().ok()?;
    real.starts_with(&root_real).then_some(out)
}

fn path_to_slash(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        parts.push(c.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_alphanumeric_is_the_standard_one() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn the_window_runs_from_the_last_change_to_the_next() {
        let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let now = t("2026-12-03T12:00:00Z");
        let mut w = Window::default();
        assert!(w.contains(t("1990-01-01T00:00:00Z")) && w.contains(t("2100-01-01T00:00:00Z")));
        for at in [
            "2026-12-01T00:00:00Z",
            "2026-12-03T12:00:00Z",
            "2026-11-01T00:00:00Z",
        ] {
            w.note(t(at), now);
        }
        let mut later = Window::default();
        later.note(t("2027-01-01T02:00:00Z"), now);
        later.note(t("2026-12-24T00:00:00Z"), now);
        w.narrow(later);
        // The instant equal to the clock has happened: it opens the window.
        assert_eq!(w.since, Some(now));
        assert_eq!(w.until, Some(t("2026-12-24T00:00:00Z")));
        assert!(w.contains(now) && w.contains(t("2026-12-23T23:59:59Z")));
        assert!(!w.contains(t("2026-12-03T11:59:59Z")));
        assert!(!w.contains(t("2026-12-24T00:00:00Z")));
    }

    #[test]
    fn collapsing_knows_every_whitespace_character() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let text = format!("a{c}b{c}");
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(&text), expected, "{c:?}");
        }
    }

    #[test]
    fn nfc_starters_are_left_alone_by_nfc_wherever_they_stand() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        // The ranges `surely_nfc` reads from the bytes.
        let is_nfc_starter = |c: char| {
            let c = u32::from(c);
            matches!(c, 0..=0x7F | 0xA0..=0x24F | 0x1E00..=0x1EFF | 0x2010..=0x2027)
        };
        for c in (0..0x3_0000)
            .filter_map(char::from_u32)
            .filter(|&c| is_nfc_starter(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        // The byte-wise check agrees with the character-wise one.
        let mut all = String::new();
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(surely_nfc(&one), is_nfc_starter(c), "{c:?}");
            if is_nfc_starter(c) {
                all.push(c);
            }
        }
        assert!(surely_nfc(&all));
        assert!(!surely_nfc("Quảng Ngãi → Lý Sơn"));
        // Wherever the character falls in the eight bytes read at a time, after ASCII.
        for c in (0x80..0x3_0000).filter_map(char::from_u32) {
            for before in 0..=9 {
                let text = format!("{}{c}abcdefgh", &"0123456789"[..before]);
                assert_eq!(surely_nfc(&text), is_nfc_starter(c), "{text:?}");
            }
        }
        // A starter followed by a combining mark is not NFC: the tables decide.
        assert_eq!(nfc("Vie\u{0302}t"), "Viêt");
        assert_eq!(nfc("Vie\u{0302}\u{0323}t"), "Việt");
    }

    #[test]
    fn front_matter_is_split_after_closing_line() {
        let text = "---\ntitle: A\n---\nBody\n";
        assert_eq!(&text[split_front_matter(text).unwrap()..], "Body\n");
        assert_eq!(
            split_front_matter("---\ntitle: A\n"),
            Err("front matter is not closed")
        );
        assert_eq!(split_front_matter(""), Err("file is empty"));
        assert_eq!(
            split_front_matter("# no front matter"),
            Err("file does not start with front matter")
        );
    }

    #[test]
    fn dates_keep_the_authors_day() {
        let d = parse_date("2020-08-15").unwrap();
        assert_eq!(d.date.to_string(), "2020-08-15");
        let d = parse_date("2020-08-15T06:00:00+07:00").unwrap();
        assert_eq!(d.date.to_string(), "2020-08-15");
        assert!(parse_date("15/08/2020").is_none());
    }

    #[test]
    fn url_paths_cannot_climb() {
        assert_eq!(clean_url_path("/vi/tin-cu/").as_deref(), Some("vi/tin-cu/"));
        assert_eq!(clean_url_path("/vi/../../etc"), None);
        assert_eq!(clean_url_path("https://evil"), None);
        assert_eq!(clean_url_path("a\\b"), None);
    }

    #[test]
    fn bom_and_crlf_are_normalized() {
        assert_eq!(normalize_text("\u{feff}---\r\na\r\n".into()), "---\na\n");
        assert_eq!(normalize_text("Ngo\u{323}c".into()), "Ngọc");
    }
}
