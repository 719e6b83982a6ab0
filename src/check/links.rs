//! Links and anchors, checked against the rendered site in memory.
//!
//! The rendered [`Output`] is the truth about what a reader can reach: a link is good when
//! a file is at its address and, with a `#fragment`, when that page has an element with
//! that id. Links written in Markdown are checked one by one and reported at their line.
//! Then every `href`/`src` in the HTML output is checked the same way, which catches what
//! templates and raw HTML add; a broken address that Markdown already explained is not
//! reported again, and one address broken on many pages (a template's) is reported once.
//!
//! The HTML is read with a small attribute scanner, not a full HTML parser: herald writes
//! this HTML itself (escaped by Tera and pulldown-cmark), so tags, quoted attributes,
//! comments and `<script>`/`<style>` raw text are all there is to know, and a whole site
//! scans in milliseconds.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;

use super::Doc;
use crate::Site;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::output::{OutFile, Output};
use crate::render::markdown::Links;

/// What one HTML file holds that links care about.
///
/// Kept for every page from its render to the end of the check, so it is compact: ids and
/// references each in one string, separated by NUL (which a browser reads as U+FFFD in an
/// attribute, as done here), rather than a `String` each (a 10,000-page site has about
/// 400,000 references, and a `String` apiece cost more memory than their text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlScan {
    ids: String,
    refs: String,
    /// `<img>` tags without an `alt` attribute.
    pub images_without_alt: usize,
}

impl HtmlScan {
    /// Every `id` (and `<a name>`), decoded, in page order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.split_terminator('\0')
    }

    /// True if the page has an element with this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.ids().any(|i| i == id)
    }

    /// `href`, `src`, `srcset` and `poster` values, decoded, in page order.
    pub fn refs(&self) -> impl Iterator<Item = &str> {
        self.refs.split_terminator('\0')
    }

    /// Add `value` (as written in the attribute) to `list`, decoded.
    fn push(list: &mut String, value: &str) {
        let start = list.len();
        if memchr::memchr(b'&', value.as_bytes()).is_some() {
            crate::search::decode_into(list, value);
        } else {
            list.push_str(value);
        }
        if memchr::memchr(0, &list.as_bytes()[start..]).is_some() {
            let cleaned = list[start..].replace('\0', "\u{FFFD}");
            list.truncate(start);
            list.push_str(&cleaned);
        }
        list.push('\0');
    }
}

/// The scan of every HTML file of the output: the render's, or read and scanned here (in
/// parallel) for pages that came another way (copies of a page: the root 404, a language
/// mirrored at the root).
pub fn scan_output(output: &Output) -> BTreeMap<String, Cow<'_, HtmlScan>> {
    // Rendered pages only (copied static files are the site's own business).
    let pages: Vec<(&str, &OutFile)> = output
        .paths()
        .filter(|p| p.ends_with(".html"))
        .filter_map(|p| output.get(p).map(|f| (p, f)))
        .filter(|(_, f)| matches!(f, OutFile::Bytes(_) | OutFile::Written(_)))
        .collect();
    pages
        .par_iter()
        .filter_map(|(p, f)| {
            if let Some(scan) = output.scan(p) {
                return Some((p.to_string(), Cow::Borrowed(scan)));
            }
            let bytes = f.read().ok()?;
            Some((p.to_string(), Cow::Owned(scan_html(&bytes))))
        })
        .collect()
}

/// Tags and attributes of `html`.
///
/// Bytes, not `&str`: a rendered page comes from Tera as bytes, and checking that every
/// page is UTF-8 only to scan it was 1.4% of a cold build. Only the values kept (ids and
/// references) are read as text.
pub fn scan_html(html: &[u8]) -> HtmlScan {
    let mut out = HtmlScan::default();
    let b = html;
    let mut i = 0;
    // One list for every tag's attributes: a page has hundreds of tags.
    let mut attrs = Vec::new();
    // memchr's vector search: a page is ~20 KB with ~450 tags, and std's `find` of a
    // character was a quarter of this scan's instructions.
    while let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|k| i + k) {
        i = lt + 1;
        if b[lt..].starts_with(b"<!--") {
            i = memchr::memmem::find(&b[lt..], b"-->").map_or(b.len(), |k| lt + k + 3);
            continue;
        }
        let name_end = (i..b.len())
            .find(|&k| !b[k].is_ascii_alphanumeric())
            .unwrap_or(b.len());
        if name_end == i {
            continue; // `</x>`, `<!DOCTYPE>`, or a lone `<`
        }
        // Slices of the page, compared without regard to case: a 10,000-page site has
        // millions of tags, and copying each name and value was most of this scan.
        let tag = &b[i..name_end];
        i = attribute_slices(b, name_end, &mut attrs);
        let mut has_alt = false;
        for &(name, value) in &attrs {
            let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
            if is("id") || (is("name") && tag.eq_ignore_ascii_case(b"a")) {
                HtmlScan::push(&mut out.ids, &String::from_utf8_lossy(value));
            } else if is("href") || is("src") || is("poster") {
                HtmlScan::push(&mut out.refs, &String::from_utf8_lossy(value));
            } else if is("srcset") {
                for candidate in String::from_utf8_lossy(value).split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        HtmlScan::push(&mut out.refs, url);
                    }
                }
            } else if is("alt") {
                has_alt = true;
            }
        }
        if tag.eq_ignore_ascii_case(b"img") && !has_alt {
            out.images_without_alt += 1;
        }
        // Script and style hold raw text, where `<` is not a tag (JSON-LD, CSS).
        if tag.eq_ignore_ascii_case(b"script") || tag.eq_ignore_ascii_case(b"style") {
            i = find_close(b, i, tag);
        }
    }
    out.ids.shrink_to_fit();
    out.refs.shrink_to_fit();
    out
}

/// Where `</tag` (any case) starts at or after `from`, or the end of `html`.
fn find_close(html: &[u8], from: usize, tag: &[u8]) -> usize {
    let mut at = from;
    while let Some(k) = memchr::memmem::find(&html[at..], b"</") {
        let start = at + k;
        let name = &html[start + 2..];
        if name.len() >= tag.len() && name[..tag.len()].eq_ignore_ascii_case(tag) {
            return start;
        }
        at = start + 2;
    }
    html.len()
}

/// Attributes from `start` (just after the tag name) to the end of the tag.
pub(crate) fn attributes(html: &str, start: usize) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let end = attribute_slices(html.as_bytes(), start, &mut attrs);
    // The slices end at ASCII delimiters of a `&str`, so they are whole UTF-8: the lossy
    // conversion never replaces anything here.
    let owned = attrs
        .into_iter()
        .map(|(n, v)| {
            (
                String::from_utf8_lossy(n).to_ascii_lowercase(),
                String::from_utf8_lossy(v).into_owned(),
            )
        })
        .collect();
    (owned, end)
}

/// [`attributes`] as slices of `html` (names as written, values undecoded), into `attrs`
/// (emptied first); returns where the tag ends.
fn attribute_slices<'h>(
    html: &'h [u8],
    start: usize,
    attrs: &mut Vec<(&'h [u8], &'h [u8])>,
) -> usize {
    let b = html;
    attrs.clear();
    let mut k = start;
    loop {
        while k < b.len() && (b[k].is_ascii_whitespace() || b[k] == b'/') {
            k += 1;
        }
        if k >= b.len() {
            return k;
        }
        if b[k] == b'>' {
            return k + 1;
        }
        let name_start = k;
        while k < b.len() && !b[k].is_ascii_whitespace() && !matches!(b[k], b'=' | b'>' | b'/') {
            k += 1;
        }
        let name = &html[name_start..k];
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let mut value: &[u8] = b"";
        if k < b.len() && b[k] == b'=' {
            k += 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                let quote = b[k];
                let v_start = k + 1;
                // Values run long (an SVG path, a URL): memchr's vector search.
                let v_end = memchr::memchr(quote, &b[v_start..]).map_or(b.len(), |j| v_start + j);
                value = &html[v_start..v_end];
                k = (v_end + 1).min(b.len());
            } else {
                let v_start = k;
                while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                    k += 1;
                }
                value = &html[v_start..k];
            }
        }
        if name.is_empty() {
            k += 1;
        } else {
            attrs.push((name, value));
        }
    }
}

/// `%C3%A1` -> `á`; invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Where a URL found on a page leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// Another host, or not a web address (`mailto:`, `tel:`, `data:`): not checked.
    External,
    /// A file of the output (path relative to it), and maybe an id in it.
    Internal {
        /// Output path as written, before `index.html` is added.
        path: String,
        /// The fragment after `#`, decoded; empty means the top of the page.
        fragment: Option<String>,
    },
    /// An address on this host that cannot be in the site (above the base path).
    Outside,
}

/// Resolve `url` as found in the output file `from`.
pub fn resolve(config: &Config, from: &str, url: &str) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::External;
    }
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (url, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let host_root = config
        .base_url
        .strip_suffix(config.base_path.as_str())
        .unwrap_or(&config.base_url);
    let scheme_less = host_root.split_once("//").map(|(_, h)| h).unwrap_or("");
    let absolute = if let Some(path) = rest.strip_prefix(host_root) {
        // `https://host/sub/x` -> `/sub/x`
        format!("/{}", path.trim_start_matches('/'))
    } else if let Some(path) = rest
        .strip_prefix("//")
        .and_then(|r| r.strip_prefix(scheme_less))
    {
        format!("/{}", path.trim_start_matches('/'))
    } else if rest.starts_with("//") || has_scheme(rest) {
        return Target::External;
    } else if rest.starts_with('/') {
        rest.to_string()
    } else {
        // Relative to the folder of the page it is on.
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        if rest.is_empty() {
            format!("{}/{}", config.base_path.trim_end_matches('/'), from)
        } else if dir.is_empty() {
            format!("{}{}", config.base_path, rest)
        } else {
            format!("{}{dir}/{rest}", config.base_path)
        }
    };
    let Some(in_site) = absolute
        .strip_prefix(config.base_path.as_str())
        .or_else(|| {
            (absolute.trim_end_matches('/') == config.base_path.trim_end_matches('/')).then_some("")
        })
    else {
        return Target::Outside;
    };
    // Resolve `.` and `..`; climbing above the site leaves it.
    let mut parts: Vec<&str> = Vec::new();
    let trailing = in_site.ends_with('/') || in_site.is_empty();
    for seg in in_site.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = percent_decode(&parts.join("/"));
    if trailing && !path.is_empty() {
        path.push('/');
    }
    Target::Internal { path, fragment }
}

/// True if [`resolve`] gives `url` the same target from every page: it is written from the
/// root (`/vi/...`, `//host/...`) or with a scheme, not relative to the page's folder.
fn same_from_every_page(url: &str) -> bool {
    let url = url.trim();
    url.starts_with('/') || has_scheme(url)
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !url[..colon].contains('/')
        }
        None => false,
    }
}

/// The output file an internal path is served from, if there is one.
fn file_of(output: &Output, path: &str) -> Option<String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        // A web server answers `/x` with `/x/index.html` (after a redirect).
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| output.get(c).is_some())
}

/// Why a link does not work.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    /// No file at the address.
    NoFile,
    /// The address is above the site's base path.
    Outside,
    /// The file exists but has no element with that id: (file, id).
    NoAnchor(String, String),
}

/// Ids a link may name, per output file: the HTML's, and the headings of the Markdown
/// rendered into it (a template that leaves the body out does not make them wrong).
struct Ids<'a> {
    html: &'a BTreeMap<String, Cow<'a, HtmlScan>>,
    headings: BTreeMap<String, &'a BTreeSet<String>>,
}

impl Ids<'_> {
    fn contains(&self, file: &str, id: &str) -> bool {
        self.html.get(file).is_none_or(|s| s.has_id(id))
            || self.headings.get(file).is_some_and(|h| h.contains(id))
    }

    fn known(&self, file: &str) -> Vec<&str> {
        let mut all: BTreeSet<&str> = BTreeSet::new();
        if let Some(s) = self.html.get(file) {
            all.extend(s.ids());
        }
        if let Some(h) = self.headings.get(file) {
            all.extend(h.iter().map(String::as_str));
        }
        all.into_iter().collect()
    }
}

fn verify(output: &Output, ids: &Ids<'_>, target: &Target) -> Option<Problem> {
    let Target::Internal { path, fragment } = target else {
        return match target {
            Target::Outside => Some(Problem::Outside),
            _ => None,
        };
    };
    let Some(file) = file_of(output, path) else {
        return Some(Problem::NoFile);
    };
    let fragment = fragment.as_deref().unwrap_or("");
    // `#` and `#top` go to the top of a page in every browser.
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    if ids.contains(&file, fragment) {
        None
    } else {
        Some(Problem::NoAnchor(file, fragment.to_string()))
    }
}

/// A document's output page, whether one of its `@/` links leads nowhere, and the
/// problems of its Markdown links.
type DocLinks = (String, bool, Vec<(Target, Diagnostic)>);

/// Check links written in Markdown and links in the HTML output.
pub fn check(
    site: &Site,
    output: &Output,
    html: &BTreeMap<String, Cow<'_, HtmlScan>>,
    docs: &[Doc<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let config = &site.config;
    let links = Links {
        config,
        content: &site.content,
    };
    // Output file -> the content file rendered into it, to name targets by their source.
    let sources: BTreeMap<String, &PathBuf> = docs
        .iter()
        .map(|d| (format!("{}index.html", d.out_path), &d.doc.file))
        .collect();
    let ids = Ids {
        html,
        headings: docs
            .iter()
            .map(|d| (format!("{}index.html", d.out_path), &d.scan.anchors))
            .collect(),
    };
    let mut explained: BTreeSet<Target> = BTreeSet::new();
    // Pages with an `@/` link that leads nowhere: render reported it at its Markdown line
    // and left it as written, so the output scan below must not report it a second time.
    let mut unresolved: BTreeSet<String> = BTreeSet::new();

    // Each document's Markdown links, in parallel (a serial stretch of 20 ms at 10,000
    // pages), gathered in document order.
    let per_doc: Vec<DocLinks> = docs
        .par_iter()
        .map(|d| {
            let from = format!("{}index.html", d.out_path);
            let mut leads_nowhere = false;
            let mut found = Vec::new();
            for link in &d.scan.links {
                let by_source = link.dest.starts_with("@/");
                let url = if by_source {
                    // Broken `@/` links are reported where they are rendered.
                    match links.url_of(&link.dest, d.lang) {
                        Some(u) => u,
                        None => {
                            leads_nowhere = true;
                            continue;
                        }
                    }
                } else {
                    link.dest.clone()
                };
                let target = resolve(config, &from, &url);
                let Some(problem) = verify(output, &ids, &target) else {
                    continue;
                };
                let what = if link.image { "image" } else { "link" };
                let d_ = match &problem {
                    Problem::NoFile => Diagnostic::new(
                        Severity::Error,
                        "link-broken",
                        format!("{what} to `{}`, where the site has no file", link.dest),
                    )
                    .hint(if by_source {
                        "the page exists but is not published at that address; check drafts and embargoes".to_string()
                    } else {
                        "link to pages by source path (@/section/page.md), or fix the address; images go beside the page or under static/".to_string()
                    }),
                    Problem::Outside => Diagnostic::new(
                        Severity::Error,
                        "link-broken",
                        format!(
                            "{what} to `{}` leaves the site (its base path is `{}`)",
                            link.dest, config.base_path
                        ),
                    )
                    .hint("link to pages by source path (@/section/page.md), which always carries the base path"),
                    Problem::NoAnchor(file, id) => anchor_diagnostic(file, id, &ids, &sources),
                };
                found.push((target, d_.in_file(&d.doc.file).at_offset(&d.doc.text, link.offset)));
            }
            (from, leads_nowhere, found)
        })
        .collect();
    for (from, leads_nowhere, found) in per_doc {
        if leads_nowhere {
            unresolved.insert(from);
        }
        for (target, diagnostic) in found {
            explained.insert(target);
            diagnostics.push(diagnostic);
        }
    }

    // Everything else in the HTML output, grouped by address.
    // A million references on a 10,000-page site: resolved in parallel, grouped in order.
    let pages: Vec<(&String, &HtmlScan)> = html.iter().map(|(p, s)| (p, s.as_ref())).collect();
    // Most references are the same on every page of a language (the menu, the language
    // switcher, the footer) and written from the site's root: what such a reference leads
    // to does not depend on the page, so each is resolved once per stretch of pages.
    // Each stretch gets a memo of its own, so stretches are at least 64 pages: with rayon's
    // default splits, a stretch of a page or two, the references of a 1,000-page site were
    // resolved 14,172 times; with these stretches and `#id` looked up on the page below,
    // 8,497 times.
    let found: Vec<Vec<(Target, Problem, &str)>> = pages
        .par_iter()
        .with_min_len(64)
        .map_init(
            HashMap::<&str, Option<(Target, Problem)>>::new,
            |memo, (page, scan)| {
                scan.refs()
                    .filter_map(|raw| {
                        if raw.starts_with("@/") && unresolved.contains(*page) {
                            return None;
                        }
                        // `#id` on its own page (the skip link, footnotes, a table of
                        // contents): found without building the page's address. Anything
                        // amiss takes the full path below, which names the problem.
                        if let Some(id) = raw.trim().strip_prefix('#') {
                            let id = percent_decode(id);
                            if id.is_empty()
                                || id.eq_ignore_ascii_case("top")
                                || ids.contains(page, &id)
                            {
                                return None;
                            }
                        }
                        let check = || {
                            let target = resolve(config, page, raw);
                            if explained.contains(&target) {
                                return None;
                            }
                            verify(output, &ids, &target).map(|problem| (target, problem))
                        };
                        let found = if same_from_every_page(raw) {
                            memo.entry(raw).or_insert_with(check).clone()
                        } else {
                            check()
                        };
                        found.map(|(target, problem)| (target, problem, raw))
                    })
                    .collect()
            },
        )
        .collect();
    let mut broken: BTreeMap<(Target, Problem), (String, Vec<&str>)> = BTreeMap::new();
    let mut no_alt: Vec<&str> = Vec::new();
    for ((page, scan), problems) in pages.iter().zip(found) {
        for (target, problem, raw) in problems {
            let entry = broken
                .entry((target, problem))
                .or_insert_with(|| (raw.to_string(), Vec::new()));
            if entry.1.last() != Some(&page.as_str()) {
                entry.1.push(page);
            }
        }
        if scan.images_without_alt > 0 {
            no_alt.push(page);
        }
    }
    for ((_, problem), (raw, pages)) in broken {
        let on = pages_phrase(&pages);
        let d = match &problem {
            Problem::NoFile | Problem::Outside => Diagnostic::new(
                Severity::Error,
                "link-broken",
                format!("`{raw}` on {on} leads to no file of the site"),
            )
            .hint("the address comes from a template or raw HTML: fix it, or add the file under static/"),
            Problem::NoAnchor(file, id) => {
                let mut d = anchor_diagnostic(file, id, &ids, &sources);
                d.message = format!("`{raw}` on {on}: {}", d.message);
                d
            }
        };
        diagnostics.push(place_in_source(
            site,
            d,
            &raw,
            pages.first().copied(),
            &sources,
        ));
    }
    if !no_alt.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "alt-missing",
                format!("an <img> without an alt attribute on {}", pages_phrase(&no_alt)),
            )
            .hint("give every image in templates and raw HTML an alt text (alt=\"\" only for decoration)"),
        );
    }
}

fn pages_phrase(pages: &[&str]) -> String {
    match pages {
        [] => "no page".into(),
        [one] => format!("`{one}`"),
        [first, rest @ ..] => format!("`{first}` and {} other page(s)", rest.len()),
    }
}

fn anchor_diagnostic(
    file: &str,
    id: &str,
    ids: &Ids<'_>,
    sources: &BTreeMap<String, &PathBuf>,
) -> Diagnostic {
    let known = ids.known(file);
    let target = match sources.get(file) {
        Some(src) => format!("no heading `#{id}` in {}", src.display()),
        None => format!("no element with id `{id}` in `{file}`"),
    };
    let hint = match did_you_mean(id, &known) {
        Some(s) => format!("did you mean `#{s}`?"),
        None => "heading ids are the heading text transliterated (`Hạ tầng` -> `ha-tang`)".into(),
    };
    Diagnostic::new(Severity::Error, "anchor-missing", target).hint(hint)
}

/// Point a problem found in the output at the template (or content file) that has the
/// address written out, when one does; else name the output page only.
fn place_in_source(
    site: &Site,
    d: Diagnostic,
    raw: &str,
    page: Option<&str>,
    sources: &BTreeMap<String, &PathBuf>,
) -> Diagnostic {
    let root = &site.config.root;
    for (name, text) in &site.templates.sources {
        if let Some(at) = text.find(raw) {
            let file = site
                .templates
                .files
                .get(name)
                .map(|p| crate::diagnostic::relative(root, p))
                .unwrap_or_else(|| PathBuf::from(name));
            return d.in_file(file).at_offset(text, at);
        }
    }
    if let Some(src) = page.and_then(|p| sources.get(p))
        && let Some(doc) = doc_by_file(site, src)
        && let Some(at) = doc.text.find(raw)
    {
        return d.in_file(&doc.file).at_offset(&doc.text, at);
    }
    d
}

fn doc_by_file<'a>(site: &'a Site, file: &PathBuf) -> Option<&'a crate::content::Document> {
    site.content
        .pages
        .iter()
        .map(|p| &p.doc)
        .chain(
            site.content
                .sections
                .values()
                .flat_map(|s| s.index.values().map(|i| &i.doc)),
        )
        .find(|d| &d.file == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base: &str) -> Config {
        Config {
            base_url: base.to_string(),
            base_path: crate::config::split_base_url(base).unwrap_or_else(|| "/".into()),
            default_language: "vi".into(),
            root_language: None,
            languages: Vec::new(),
            theme: "default".into(),
            paginate: 10,
            sections: Default::default(),
            markdown: Default::default(),
            root: PathBuf::new(),
        }
    }

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn urls_resolve_against_the_base_and_the_page() {
        let c = config("https://a.vn/sub/");
        let from = "vi/tin/x/index.html";
        assert_eq!(resolve(&c, from, "/sub/vi/"), internal("vi/", None));
        assert_eq!(
            resolve(&c, from, "https://a.vn/sub/en/x/#h"),
            internal("en/x/", Some("h"))
        );
        assert_eq!(
            resolve(&c, from, "//a.vn/sub/a.css?v=1"),
            internal("a.css", None)
        );
        assert_eq!(
            resolve(&c, from, "photo.jpg"),
            internal("vi/tin/x/photo.jpg", None)
        );
        assert_eq!(resolve(&c, from, "../"), internal("vi/tin/", None));
        assert_eq!(
            resolve(&c, from, "#top"),
            internal("vi/tin/x/index.html", Some("top"))
        );
        assert_eq!(resolve(&c, from, "/vi/"), Target::Outside);
        assert_eq!(resolve(&c, from, "../../../../x"), Target::Outside);
        assert_eq!(resolve(&c, from, "https://other.vn/sub/"), Target::External);
        assert_eq!(resolve(&c, from, "mailto:a@b.vn"), Target::External);
        assert_eq!(resolve(&c, from, "/sub/%C4%91a/"), internal("đa/", None));
    }

    #[test]
    fn the_scanner_reads_bytes_that_are_not_utf8_without_failing() {
        // A page copied from elsewhere is scanned as it is on disk: a stray Latin-1 byte in
        // a value becomes U+FFFD, in that value only, and the rest of the page is read.
        let html = b"<a href=\"/caf\xe9/\">x</a><h2 id=\"\xff\"></h2><a href=\"/\xc3\xa1/\" id=ok>";
        let s = scan_html(html);
        assert_eq!(
            s.refs().collect::<Vec<_>>(),
            vec!["/caf\u{FFFD}/", "/\u{e1}/"]
        );
        assert_eq!(s.ids().collect::<Vec<_>>(), vec!["\u{FFFD}", "ok"]);
    }

    #[test]
    fn the_scanner_reads_attributes_and_skips_scripts_and_comments() {
        let html = r#"<!DOCTYPE html><html><head><script type="application/ld+json">{"url":"<a href='/nope/'>"}</script>
<!-- <a href="/comment/"> --><link rel=icon href=/f.svg></head>
<body><h2 id="ha-tang">x</h2><a href="/a/?x=1&amp;y=2#b" class='c'>a</a><img src="i.jpg"><img src="j.jpg" alt="">
<a name=old></a><img srcset="a.jpg 1x, b.jpg 2x" alt="x"><a href="&#x2F;e&#47;">e</a></body></html>"#;
        let s = scan_html(html.as_bytes());
        assert_eq!(
            s.refs().collect::<Vec<_>>(),
            vec![
                "/f.svg",
                "/a/?x=1&y=2#b",
                "i.jpg",
                "j.jpg",
                "a.jpg",
                "b.jpg",
                "/e/"
            ]
        );
        assert_eq!(s.ids().collect::<Vec<_>>(), ["ha-tang", "old"]);
        assert!(s.has_id("ha-tang") && !s.has_id("ha"));
        assert_eq!(s.images_without_alt, 1);
    }
}
