//! Turning loaded content into the files of the site, in memory and in parallel.
//!
//! `render` never touches the output folder: it returns an [`Output`] (and diagnostics),
//! and `output` writes it. Templates see the view structs of [`views`], documented in
//! `themes/default/TEMPLATES.md`, never the domain types, so the template contract is
//! explicit. Everything is sorted, and no clock or random value reaches the output, so
//! the same input gives the same bytes.

pub mod feeds;
pub mod markdown;
pub mod sanitize;
pub mod taxonomy;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::Site;
use crate::check::links::{HtmlScan, scan_html};
use crate::content::{clean_url_path, contained_path};
use crate::diagnostic::Diagnostic;
use crate::output::{OutFile, Output, Spare};
use markdown::{Links, Rendered};

/// The search index's own threads, as many as the templates'. Rayon's threads take work
/// handed in from outside their pool only when they have none of their own left, so an
/// index built on the templates' pool waited for nearly every page to be rendered, and its
/// sequential parts (merging each batch of pages) then ran with one core idle. With a pool
/// of its own the system shares the cores between the two. None if no thread could be
/// started: the index is then built on the common pool.
fn search_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads())
            .thread_name(|i| format!("search-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// What to render: the whole site, or what an edit of one page affects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every output file.
    All,
    /// The page with this id, the list pages, home page and term pages that show it, and
    /// the feeds; the returned `Output` holds only those files, to merge into the last one.
    Page {
        /// The edited page.
        id: usize,
        /// Its title, dates or weight changed, so its position in lists may have changed:
        /// every list page of its section and terms is re-rendered, and the sitemap.
        reorder: bool,
    },
}

/// Rendered Markdown kept between renders, so an edit re-renders one page's Markdown, and
/// the taxonomies and sorted lists, which an edit that keeps the page's place in every list
/// leaves as they were.
#[derive(Debug, Default)]
pub struct RenderCache {
    page_md: Vec<Rendered>,
    section_md: BTreeMap<(String, String), Rendered>,
    taxonomies: BTreeMap<String, taxonomy::Taxonomy>,
    lists: views::Lists,
}

/// Render the whole site.
pub fn render_site(site: &Site) -> (Output, Vec<Diagnostic>) {
    render_scoped(site, &mut RenderCache::default(), Scope::All)
}

/// Render what `scope` covers, reusing `cache` for Markdown that did not change.
pub fn render_scoped(
    site: &Site,
    cache: &mut RenderCache,
    scope: Scope,
) -> (Output, Vec<Diagnostic>) {
    render_with(site, cache, scope, None)
}

/// Render the whole site, writing each HTML page into `spare` as soon as it is rendered
/// (the returned `Output` names them as [`OutFile::Written`]), so the pages' HTML is never
/// all in memory at once: what `build` does. `cache` is filled (a build frees it beside
/// the check rather than on the way).
pub fn render_into(
    site: &Site,
    spare: &Spare,
    cache: &mut RenderCache,
) -> (Output, Vec<Diagnostic>) {
    render_with(site, cache, Scope::All, Some(spare))
}

fn render_with(
    site: &Site,
    cache: &mut RenderCache,
    scope: Scope,
    sink: Option<&Spare>,
) -> (Output, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut laps = crate::timing::Laps::start();
    let links = Links {
        config: &site.config,
        content: &site.content,
    };

    // 1. Markdown of every page and section index, in parallel.
    let reuse =
        matches!(scope, Scope::Page { .. }) && cache.page_md.len() == site.content.pages.len();
    if let (true, Scope::Page { id, .. }) = (reuse, scope) {
        let page = &site.content.pages[id];
        let (r, d) = markdown::render(&page.doc, &page.lang, &links);
        cache.page_md[id] = r;
        diagnostics.extend(d);
    } else {
        let page_results: Vec<(Rendered, Vec<Diagnostic>)> = site
            .content
            .pages
            .par_iter()
            .map(|p| markdown::render(&p.doc, &p.lang, &links))
            .collect();
        cache.page_md = Vec::with_capacity(page_results.len());
        for (r, d) in page_results {
            cache.page_md.push(r);
            diagnostics.extend(d);
        }
        cache.section_md.clear();
        for section in site.content.sections.values() {
            for (lang, index) in &section.index {
                let (r, d) = markdown::render(&index.doc, lang, &links);
                diagnostics.extend(d);
                cache
                    .section_md
                    .insert((section.dir.clone(), lang.clone()), r);
            }
        }
    }
    let scope = if reuse { scope } else { Scope::All };
    let page_md = &cache.page_md;
    let section_md = &cache.section_md;
    laps.lap("  markdown");

    // 2. Images named in front matter must exist inside the site.
    let images = resolve_images(site, &mut diagnostics);

    // 3. Media kits: derivatives (cached), zips and the kit pages' views.
    let kits = crate::media_kit::render(site, page_md);
    diagnostics.extend(kits.diagnostics);
    laps.lap("  images, kits");

    // 4. Every HTML page, in parallel.
    // A page edit that comes this far kept its tags and fields (or the site is reloaded
    // instead) and, without `reorder`, its place in every list: its terms hold the same
    // pages in the same order, and every list is as it was. Building them walks and sorts
    // every page of the site: 18-26 ms of a 35-48 ms page edit in `serve` at 10,000 pages
    // for the taxonomies, some 10 ms for the lists (then sorted twice: for the views and to
    // count list pages).
    if !matches!(scope, Scope::Page { reorder: false, .. }) {
        cache.taxonomies = taxonomy::build(site);
        cache.lists = views::Lists::build(site);
    }
    let taxonomies = &cache.taxonomies;
    let lists = &cache.lists;
    let ctx = views::ViewBuilder::new(
        site,
        page_md,
        section_md,
        &images,
        taxonomies,
        &kits.views,
        lists,
    );
    let mut jobs: Vec<views::Job> = Vec::new();
    for lang in &site.config.languages {
        jobs.push(views::Job::Home(lang.code.clone()));
        jobs.push(views::Job::NotFound(lang.code.clone()));
        if site.has_search() {
            jobs.push(views::Job::Search(lang.code.clone()));
        }
        for section in site.content.sections.values() {
            if section.dir.is_empty() {
                continue;
            }
            let count = lists.section(&section.dir, &lang.code).len();
            let pages = count.div_ceil(site.config.paginate).max(1);
            for n in 1..=pages {
                jobs.push(views::Job::Section(
                    section.dir.clone(),
                    lang.code.clone(),
                    n,
                ));
            }
        }
    }
    for page in &site.content.pages {
        jobs.push(views::Job::Page(page.id));
    }
    if site.config.root_language.is_none() {
        jobs.push(views::Job::Root);
    }
    for (key, tax) in taxonomies {
        for (lang, l) in &tax.langs {
            if l.terms.is_empty() {
                continue;
            }
            jobs.push(views::Job::Taxonomy(key.clone(), lang.clone()));
            for (id, term) in &l.terms {
                for n in 1..=term.pages.len().div_ceil(site.config.paginate).max(1) {
                    jobs.push(views::Job::Term(key.clone(), lang.clone(), id.clone(), n));
                }
            }
        }
    }
    if let Scope::Page { id, reorder } = scope {
        let page = &site.content.pages[id];
        let per = site.config.paginate;
        // The list page (1-based) that shows the page, among `ids` in list order.
        let list_page = |ids: &[usize]| ids.iter().position(|&p| p == id).map(|i| i / per + 1);
        let section_list_page = list_page(lists.section(&page.section, &page.lang));
        jobs.retain(|job| match job {
            views::Job::Page(p) => *p == id,
            views::Job::Home(lang) => *lang == page.lang,
            views::Job::Section(dir, lang, n) => {
                *lang == page.lang
                    && *dir == page.section
                    && (reorder || section_list_page == Some(*n))
            }
            // Term counts cannot change: an edit that changes terms reloads the whole site.
            views::Job::Taxonomy(..) => false,
            views::Job::Term(key, lang, term, n) => {
                *lang == page.lang && {
                    let pages = &taxonomies[key].langs[lang].terms[term].pages;
                    match list_page(pages) {
                        Some(k) => reorder || k == *n,
                        None => false,
                    }
                }
            }
            views::Job::NotFound(_) | views::Job::Root | views::Job::Search(_) => false,
        });
    }
    laps.lap("  taxonomies, views");
    let want_search = scope == Scope::All && site.has_search();
    let (sitemap, geojson) = match scope {
        Scope::All => (true, true),
        Scope::Page { id, reorder } => {
            let top = site.content.pages[id]
                .section
                .split('/')
                .next()
                .unwrap_or("");
            (reorder, ctx.has_geo(top))
        }
    };
    let (rendered, search, site_files) = std::thread::scope(|s| {
        // Feeds, the sitemap and GeoJSON need the views, not the pages' HTML: made beside
        // the templates, they fill the core the templates' or the search's tail leaves
        // idle, where after them they were a serial stretch of ~50 ms at 10,000 pages.
        let site_files = {
            let ctx = &ctx;
            s.spawn(move || {
                let mut files = Output::default();
                feeds::write_feeds(site, ctx, &mut files);
                if sitemap {
                    feeds::write_sitemap(site, &mut files);
                }
                if geojson {
                    feeds::write_geojson(site, ctx, &mut files);
                }
                files
            })
        };
        // The search index is written beside the templates rather than after them, on
        // threads of its own (see `search_pool`), so neither waits for the other's
        // sequential parts.
        let search = want_search.then(|| {
            let cache = site.config.root.join(crate::media_kit::derive::CACHE_DIR);
            let ctx = &ctx;
            s.spawn(move || {
                let build = || crate::search::build(site, ctx, page_md, Some(&cache));
                match search_pool() {
                    Some(pool) => pool.install(build),
                    None => build(),
                }
            })
        });
        let rendered: Vec<Result<(String, OutFile, HtmlScan), Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                let (path, html) = ctx.render(job)?;
                // Scanned for the link check now, while the page is in memory.
                let scan = scan_html(&html);
                let file = match sink.map(|spare| spare.put(&path, &html)) {
                    Some(Ok(written)) => OutFile::Written(written),
                    // Kept in memory: writing the output reports the problem, if any.
                    Some(Err(_)) | None => {
                        let mut html = html;
                        html.shrink_to_fit();
                        OutFile::Bytes(html)
                    }
                };
                Ok((path, file, scan))
            })
            .collect();
        let search = search.map(|h| {
            h.join().unwrap_or_else(|_| {
                Err(Diagnostic::error("the search indexer crashed").hint(
                    "the message above says where; please report it with the page that caused it",
                ))
            })
        });
        // A panic there is a bug: re-raised here as it would have been on this thread.
        let site_files = site_files
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rendered, search, site_files)
    });
    laps.lap("  pages, feeds, search");

    let mut output = Output::default();
    for r in rendered {
        match r {
            Ok((path, file, scan)) => {
                if !output.add_page(path.clone(), file, scan) {
                    diagnostics.push(
                        Diagnostic::error(format!("`{path}` would be written twice"))
                            .hint("a page slug equals a taxonomy or term name in the same section; change the page's `slug:`"),
                    );
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }

    for (path, bytes) in kits.files {
        if !output.add(path.clone(), OutFile::Bytes(bytes)) {
            diagnostics.push(
                Diagnostic::error(format!("`{path}` would be written twice"))
                    .hint("a file of the kit folder has the name of a kit's zip, web/ or thumbs/ file; rename it"),
            );
        }
    }

    // 5. Site files: feeds, sitemap, robots.txt, redirects.
    // As if each was `set` here, in the order they were made.
    output.merge(site_files);
    output.set(
        "robots.txt",
        OutFile::Bytes(
            format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
                site.config.base_url
            )
            .into_bytes(),
        ),
    );
    if scope == Scope::All {
        // 6. The search index, from the published pages. An incremental render keeps the
        // last one: re-indexing every page on each keystroke in `serve` would cost more
        // than the edit, and the edited page's text is searchable after the next full build.
        if let Some(search) = search {
            write_search(search, &mut output, &mut diagnostics);
        }
        laps.lap("  search");
        write_aliases(site, &mut output, &mut diagnostics);
        // 7. Files copied as they are.
        copy_assets(site, &mut output, &mut diagnostics);
    }

    // 8. The default 404 at the root, and a language mirrored at the root if configured.
    let root_lang = site
        .config
        .root_language
        .clone()
        .unwrap_or_else(|| site.config.default_language.clone());
    if let Some(file) = output.get(&format!("{root_lang}/404.html")) {
        let root = again(file);
        output.set("404.html", root);
    }
    if let Some(lang) = &site.config.root_language {
        let prefix = format!("{lang}/");
        let mirrored: Vec<(String, OutFile)> = output
            .paths()
            .filter_map(|p| p.strip_prefix(&prefix).map(|rest| (p, rest)))
            .filter_map(|(p, rest)| output.get(p).map(|f| (rest.to_string(), again(f))))
            .collect();
        for (path, file) in mirrored {
            // The root 404 is already this language's own.
            if output.get(&path) == Some(&file) {
                continue;
            }
            if !output.add(path.clone(), file) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{path}` exists both at the root and in /{lang}/, which root_language mirrors"
                    )).code("path-conflict")
                    .in_file(crate::config::CONFIG_FILE)
                    .hint("rename the static file or section, or remove root_language"),
                );
            }
        }
    }

    (output, diagnostics)
}

/// `file` at a second path: the same bytes, or a copy of where they were written.
fn again(file: &OutFile) -> OutFile {
    match file.source() {
        Some(path) => OutFile::Copy(path.to_path_buf()),
        None => file.clone(),
    }
}

/// The search bundle under `pagefind/` (in Pagefind's format, with its script), built from
/// the published pages in memory.
fn write_search(
    search: Result<crate::search::Files, Diagnostic>,
    output: &mut Output,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match search {
        Ok(files) => {
            for (name, file) in files {
                let path = format!("{}/{name}", crate::search::BUNDLE_DIR);
                if !output.add(path.clone(), file) {
                    diagnostics.push(
                        Diagnostic::error(format!("`{path}` would be written twice"))
                            .hint("the search index lives in pagefind/: rename the static file or section of that name"),
                    );
                }
            }
        }
        Err(d) => diagnostics.push(d),
    }
}

/// URL of each page's (and section's) front matter image, by page id / (dir, lang).
#[derive(Debug, Default)]
pub struct Images {
    /// Page id -> root-relative URL.
    pub pages: BTreeMap<usize, String>,
    /// (section dir, lang) -> root-relative URL.
    pub sections: BTreeMap<(String, String), String>,
}

fn resolve_images(site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Images {
    let mut images = Images::default();
    let root = &site.config.root;
    let resolve = |image: &str,
                   folder_rel: &str,
                   url_base: &str,
                   doc: &crate::content::Document|
     -> Result<String, Diagnostic> {
        let bad = |msg: String| {
            doc.error_at_key("image", msg).code("image-missing").hint(
                "use a file beside the page (photo.jpg) or under static/ (/images/photo.jpg); paths may not leave the site",
            )
        };
        if image.contains("://") || image.starts_with("//") {
            return Err(bad(format!("image `{image}` is on another host")));
        }
        if let Some(abs) = image.strip_prefix('/') {
            let clean = clean_url_path(abs)
                .ok_or_else(|| bad(format!("image `{image}` is not a path inside the site")))?;
            let found = site.static_files.contains_key(&clean);
            if !found {
                return Err(bad(format!("image `{image}` not found in static/")));
            }
            return Ok(site.config.url(&clean));
        }
        let folder = root.join(crate::content::CONTENT_DIR).join(folder_rel);
        let path = contained_path(root, &folder, image)
            .ok_or_else(|| bad(format!("image `{image}` is outside the site or missing")))?;
        if !path.is_file() {
            return Err(bad(format!("image `{image}` not found beside the page")));
        }
        let clean = clean_url_path(&image.replace('\\', "/"))
            .ok_or_else(|| bad(format!("image `{image}` must stay in the page's folder")))?;
        Ok(site.config.url(&format!("{url_base}{clean}")))
    };
    for page in &site.content.pages {
        let Some(image) = &page.front.image else {
            continue;
        };
        let is_bundle = !page.assets.is_empty()
            || page
                .doc
                .file
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("index."));
        let (folder, url_base) = if is_bundle {
            (page.stem.clone(), page.path.clone())
        } else {
            let section_path = site.content.sections[&page.section].paths[&page.lang].clone();
            (page.section.clone(), section_path)
        };
        match resolve(image, &folder, &url_base, &page.doc) {
            Ok(url) => {
                images.pages.insert(page.id, url);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for section in site.content.sections.values() {
        for (lang, index) in &section.index {
            let Some(image) = &index.front.image else {
                continue;
            };
            match resolve(image, &section.dir, &section.paths[lang], &index.doc) {
                Ok(url) => {
                    images
                        .sections
                        .insert((section.dir.clone(), lang.clone()), url);
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    images
}

fn write_aliases(site: &Site, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
    for page in &site.content.pages {
        for alias in &page.front.aliases {
            let Some(clean) = clean_url_path(alias) else {
                continue;
            };
            let file = if clean.ends_with(".html") {
                clean.clone()
            } else if clean.is_empty() || clean.ends_with('/') {
                format!("{clean}index.html")
            } else {
                format!("{clean}/index.html")
            };
            let target = site.config.permalink(&page.path);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{title}</a></p>\n</body>\n</html>\n",
                lang = page.lang,
                title = views::escape_html(&page.front.title),
            );
            if !output.add(file.clone(), OutFile::Bytes(html.into_bytes())) {
                diagnostics.push(
                    page.doc
                        .error_at_key(
                            "aliases",
                            format!("alias `{alias}` would overwrite `{file}`"),
                        )
                        .code("path-conflict")
                        .hint("an alias must be an address no other page or file uses"),
                );
            }
        }
    }
}

fn copy_assets(site: &Site, output: &mut Output, diagnostics: &mut Vec<Diagnostic>) {
    let collide = |path: &str, source: &PathBuf, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(
            Diagnostic::error(format!("`{path}` would be written twice")).code("path-conflict")
                .in_file(crate::diagnostic::relative(&site.config.root, source))
                .hint("rename the file: a page, a static file or another asset already uses that address"),
        );
    };
    for page in &site.content.pages {
        for asset in &page.assets {
            let path = format!("{}{}", page.path, asset.rel);
            if !output.add(path.clone(), OutFile::Copy(asset.source.clone())) {
                collide(&path, &asset.source, diagnostics);
            }
        }
    }
    for section in site.content.sections.values() {
        for asset in &section.assets {
            for lang in &site.config.languages {
                let base = if section.dir.is_empty() {
                    format!("{}/", lang.code)
                } else {
                    section.paths[&lang.code].clone()
                };
                let path = format!("{base}{}", asset.rel);
                if !output.add(path.clone(), OutFile::Copy(asset.source.clone())) {
                    collide(&path, &asset.source, diagnostics);
                }
            }
        }
    }
    for (path, source) in site.static_files.iter() {
        if !output.add(path.clone(), OutFile::Copy(source.clone())) {
            collide(path, source, diagnostics);
        }
    }
}
