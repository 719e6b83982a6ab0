//! Markdown to HTML, with links by source path and stable heading ids.
//!
//! Authors link to pages by their file (`@/heritage/ly-son.md#lich-su`), never by URL, so
//! a translated slug or a moved section cannot break a link silently. The link resolves to
//! the page in the language being rendered, or along its fallback chain (with a warning).
//! Anchors are checked by `check` once the whole site is rendered, when every id is known.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::Config;
use crate::content::{Content, Document};
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;

/// One heading for a table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// The heading's id (its anchor).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings of level 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Every heading id, for anchor checks.
    pub ids: BTreeSet<String>,
    /// The first paragraph as plain text, for descriptions.
    pub first_paragraph: String,
}

/// Resolves `@/` links for one language.
pub struct Links<'a> {
    /// The site config (for URLs and fallback chains).
    pub config: &'a Config,
    /// All content (for source paths and translations).
    pub content: &'a Content,
}

impl Links<'_> {
    /// `@/path.md#anchor` in `lang` -> its URL, or (message, hint) when it leads nowhere.
    fn resolve(
        &self,
        link: &str,
        lang: &str,
        warnings: &mut Vec<String>,
    ) -> Result<String, (String, String)> {
        let target = link.trim_start_matches("@/").replace('\\', "/");
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p.to_string(), Some(a.to_string())),
            None => (target.clone(), None),
        };
        let no_target = || {
            (
                format!("link to `{link}`, which is not a page or section of this site"),
                "link by the source path under content/, e.g. @/heritage/ly-son.md or @/investment/_index.md".to_string(),
            )
        };
        let mut stem = path
            .strip_suffix(".md")
            .ok_or_else(|| {
                (
                    format!("link to `{link}` does not name a Markdown file"),
                    "links by source path end in .md, e.g. @/heritage/ly-son.md".to_string(),
                )
            })?
            .trim_start_matches('/')
            .to_string();
        if stem.split('/').any(|s| s == ".." || s == ".") {
            return Err(no_target());
        }
        // An explicit language suffix (`ly-son.en.md`) picks that language.
        let mut want = lang.to_string();
        if let Some((s, suffix)) = stem.rsplit_once('.')
            && self.config.language(suffix).is_some()
        {
            want = suffix.to_string();
            stem = s.to_string();
        }
        let anchor_part = anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();

        let section_dir = if stem == "_index" {
            Some(String::new())
        } else {
            stem.strip_suffix("/_index").map(str::to_string)
        };
        if let Some(dir) = section_dir {
            let section = self.content.sections.get(&dir).ok_or_else(no_target)?;
            let path = section.paths.get(&want).ok_or_else(no_target)?;
            return Ok(format!("{}{anchor_part}", self.config.url(path)));
        }
        let stem = stem.strip_suffix("/index").unwrap_or(&stem).to_string();
        let key = self.content.stems.get(&stem).ok_or_else(no_target)?;
        for candidate in self.config.chain(&want) {
            if let Some(page) = self.content.translation(key, candidate) {
                if candidate != want {
                    warnings.push(format!(
                        "`{link}` has no `{want}` version; linked to the `{candidate}` one"
                    ));
                }
                return Ok(format!("{}{anchor_part}", self.config.url(&page.path)));
            }
        }
        Err((
            format!("link to `{link}`, which has no version in `{want}` or its fallbacks"),
            "translate the page, or add the language to the fallback chain in herald.yaml".into(),
        ))
    }
}

impl Links<'_> {
    /// The URL an `@/` link leads to in `lang` (with fallback), or None if it leads nowhere
    /// (rendering reports that). `check` uses it to know what a rendered link points at.
    pub fn url_of(&self, link: &str, lang: &str) -> Option<String> {
        self.resolve(link, lang, &mut Vec::new()).ok()
    }
}

/// The Markdown extensions herald enables, the same wherever a body is parsed.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// The id a heading gets: its explicit `{#id}`, else its text transliterated (`section`
/// when that is empty), with `-1`, `-2`... added when `ids` (the page's ids so far)
/// already has it; the id is added to `ids`. `check` names the same ids as anchors.
pub fn heading_id(ids: &mut BTreeSet<String>, explicit: Option<&str>, text: &str) -> String {
    let base = explicit.map(str::to_string).unwrap_or_else(|| {
        let s = slugify(text);
        if s.is_empty() { "section".into() } else { s }
    });
    let mut unique = base.clone();
    let mut n = 1;
    while ids.contains(&unique) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    ids.insert(unique.clone());
    unique
}

/// Headings: ids from their text (transliterated), unique within the page; fills the TOC.
fn heading_ids(events: &mut [(Event<'_>, std::ops::Range<usize>)], out: &mut Rendered) {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let unique = heading_id(&mut out.ids, explicit.as_deref(), &text);
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                out.toc.push(TocEntry {
                    level: if level == HeadingLevel::H2 { 2 } else { 3 },
                    id: unique.clone(),
                    title: text.trim().to_string(),
                });
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique));
            }
            i = j;
        }
        i += 1;
    }
}

/// Render a document's Markdown body in `lang`.
pub fn render(doc: &Document, lang: &str, links: &Links<'_>) -> (Rendered, Vec<Diagnostic>) {
    let body = doc.body();
    let mut diagnostics = Vec::new();
    let mut out = Rendered::default();
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, OPTIONS).into_offset_iter().collect();

    heading_ids(&mut events, &mut out);

    // Links by source path.
    for (event, range) in &mut events {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && dest_url.starts_with("@/")
        {
            let mut warnings = Vec::new();
            match links.resolve(dest_url, lang, &mut warnings) {
                Ok(url) => {
                    *dest_url = CowStr::from(url);
                }
                Err((msg, hint)) => {
                    diagnostics.push(
                        doc.error_at_body(range.start, msg)
                            .code("link-broken")
                            .hint(hint),
                    );
                }
            }
            for w in warnings {
                let mut d = doc.error_at_body(range.start, w).code("link-untranslated");
                d.severity = crate::diagnostic::Severity::Warning;
                diagnostics.push(d.hint("translate the linked page to remove this warning"));
            }
        }
    }

    // The first paragraph's text, for a description when the page has no summary.
    let mut in_para = false;
    for (event, _) in &events {
        match event {
            Event::Start(Tag::Paragraph) if out.first_paragraph.is_empty() => in_para = true,
            Event::End(TagEnd::Paragraph) if in_para => break,
            Event::Text(t) | Event::Code(t) if in_para => out.first_paragraph.push_str(t),
            Event::SoftBreak | Event::HardBreak if in_para => out.first_paragraph.push(' '),
            _ => {}
        }
    }

    // Raw HTML the author wrote is sanitized; pages without any (most) skip it entirely.
    let raw_html: Vec<(&str, usize)> = events
        .iter()
        .filter_map(|(e, r)| match e {
            Event::Html(h) | Event::InlineHtml(h) => Some((h.as_ref(), r.start)),
            _ => None,
        })
        .collect();
    let sanitizer = (!raw_html.is_empty())
        .then(|| super::sanitize::Sanitizer::for_rules(&links.config.markdown.allow_html));
    if let Some(s) = &sanitizer {
        for (fragment, offset) in raw_html {
            if let Some(what) = s.removed(fragment) {
                diagnostics.push(
                    doc.error_at_body(offset, format!("raw HTML: {what} is removed from the page"))
                        .code("html-removed")
                        .severity(crate::diagnostic::Severity::Warning)
                        .hint("herald keeps safe HTML only; to allow a tag (say an iframe of a video site), add it to markdown.allow_html in herald.yaml"),
                );
            }
        }
    }

    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(|(e, _)| e));
    if let Some(s) = sanitizer {
        out.html = s.clean(&out.html);
    }
    (out, diagnostics)
}

/// A document's Markdown body as plain text in `lang`: headings underlined, lists with
/// `-` or numbers, links followed by their absolute URL in angle brackets, tables as rows
/// of cells separated by ` | `. For readers (and editorial systems) that want no markup.
pub fn plain_text(doc: &Document, lang: &str, links: &Links<'_>) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let config = links.config;
    let origin = config
        .base_url
        .strip_suffix(config.base_path.as_str())
        .unwrap_or(&config.base_url)
        .to_string();
    let mut out = String::new();
    let mut heading_start = 0;
    // Open lists: the next number of an ordered one, None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut link_urls: Vec<String> = Vec::new();
    let mut link_text_start: Vec<usize> = Vec::new();
    let mut cell = 0;
    let block_break = |out: &mut String| {
        while out.ends_with(' ') {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    };
    for event in Parser::new_ext(doc.body(), options) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                block_break(&mut out);
                heading_start = out.len();
            }
            Event::End(TagEnd::Heading(level)) => {
                let width = out[heading_start..].chars().count();
                match level {
                    HeadingLevel::H1 => out.push_str(&format!("\n{}", "=".repeat(width))),
                    HeadingLevel::H2 => out.push_str(&format!("\n{}", "-".repeat(width))),
                    _ => {}
                }
                out.push_str("\n\n");
            }
            Event::Start(Tag::Paragraph) if lists.is_empty() => block_break(&mut out),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push_str("\n\n"),
            Event::Start(Tag::List(first)) => {
                if lists.is_empty() {
                    block_break(&mut out);
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = if dest_url.starts_with("@/") {
                    links
                        .resolve(&dest_url, lang, &mut Vec::new())
                        .unwrap_or_default()
                } else {
                    dest_url.to_string()
                };
                let url = if url.starts_with('/') {
                    format!("{origin}{url}")
                } else {
                    url
                };
                link_urls.push(url);
                link_text_start.push(out.len());
            }
            Event::End(TagEnd::Link) => {
                let url = link_urls.pop().unwrap_or_default();
                let start = link_text_start.pop().unwrap_or(out.len());
                if !url.is_empty() && !url.starts_with('#') && out[start..] != url {
                    out.push_str(&format!(" <{url}>"));
                }
            }
            Event::Start(Tag::Table(_)) => block_break(&mut out),
            Event::End(TagEnd::Table) => out.push('\n'),
            Event::Start(Tag::TableHead | Tag::TableRow) => cell = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => out.push('\n'),
            Event::Start(Tag::TableCell) => {
                if cell > 0 {
                    out.push_str(" | ");
                }
                cell += 1;
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::BlockQuote(_)) => {
                block_break(&mut out)
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Rule => {
                block_break(&mut out);
                out.push_str("----\n\n");
            }
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    let mut text = out.trim().to_string();
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.push('\n');
    text
}
