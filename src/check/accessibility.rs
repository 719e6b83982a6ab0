//! Accessibility of content: images without a description, headings that skip a level,
//! and link text that says nothing out of context.
//!
//! Screen-reader users hear an image's alt text instead of seeing it, move through a page
//! by its headings, and often list a page's links on their own, where "click here" or
//! "tại đây" tells them nothing. These are the content-side rules of WCAG 2.1 (1.1.1,
//! 1.3.1, 2.4.4) that an author can fix in Markdown; the theme takes care of the rest.

use super::Doc;
use super::text::Folded;
use crate::Site;
use crate::diagnostic::{Diagnostic, Severity};

/// Link texts that only make sense next to what surrounds them, in the site's languages.
/// Whole-text matches only: "xem thêm về Lý Sơn" is fine, "xem thêm" is not.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "this link",
    "link",
    "this page",
    "read more",
    "more",
    "more info",
    "learn more",
    "details",
    "tại đây",
    "ở đây",
    "đây",
    "bấm vào đây",
    "nhấn vào đây",
    "nhấp vào đây",
    "click vào đây",
    "xem tại đây",
    "xem thêm",
    "chi tiết",
    "xem chi tiết",
    "liên kết này",
    "đường dẫn này",
];

/// Run the rules on every document.
pub fn check(site: &Site, docs: &[Doc<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let vague: Vec<Vec<char>> = VAGUE_LINK_TEXT.iter().map(|t| Folded::term(t)).collect();
    for d in docs {
        images(d, diagnostics);
        headings(d, diagnostics);
        link_text(d, &vague, diagnostics);
    }
    section_images(site, diagnostics);
}

fn images(d: &Doc<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for link in d.scan.links.iter().filter(|l| l.image) {
        if !link.text.trim().is_empty() {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "alt-missing",
                format!("image `{}` has no description (alt text)", link.dest),
            )
            .in_file(&d.doc.file)
            .at_offset(&d.doc.text, link.offset)
            .hint(format!(
                "say what the image shows between the brackets, e.g. ![Đảo Lý Sơn nhìn từ biển]({})",
                link.dest
            )),
        );
    }
}

fn headings(d: &Doc<'_>, diagnostics: &mut Vec<Diagnostic>) {
    // The page's title is its <h1>, so the body's first heading should be a `##`.
    let mut previous = 1u8;
    for h in &d.scan.headings {
        if h.level > previous + 1 {
            let want = "#".repeat(usize::from(previous) + 1);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "heading-skip",
                    format!(
                        "heading level {} follows level {previous}: level {} is skipped",
                        h.level,
                        previous + 1
                    ),
                )
                .in_file(&d.doc.file)
                .at_offset(&d.doc.text, h.offset)
                .hint(format!(
                    "screen-reader users navigate by heading levels; make this a `{want}` heading (the page title is level 1)"
                )),
            );
        }
        previous = h.level;
    }
}

fn link_text(d: &Doc<'_>, vague: &[Vec<char>], diagnostics: &mut Vec<Diagnostic>) {
    for link in d.scan.links.iter().filter(|l| !l.image && !l.autolink) {
        let text = link
            .text
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && !c.is_whitespace())
            .trim();
        let folded = Folded::term(text);
        if !vague.contains(&folded) {
            continue;
        }
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                "link-text",
                format!("link text `{}` does not say where the link goes", link.text.trim()),
            )
            .in_file(&d.doc.file)
            .at_offset(&d.doc.text, link.offset)
            .hint("name the destination in the link itself, e.g. [the 2021 press release](...) instead of [click here](...)"),
        );
    }
}

/// Page images without `image_alt` are refused when pages load; sections are checked here.
fn section_images(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    for section in site.content.sections.values() {
        for index in section.index.values() {
            let missing = index.front.image.is_some()
                && index
                    .front
                    .image_alt
                    .as_deref()
                    .is_none_or(|a| a.trim().is_empty());
            if missing {
                diagnostics.push(
                    index
                        .doc
                        .error_at_key("image", "image has no image_alt")
                        .code("alt-missing")
                        .hint(
                            "describe the image for readers who cannot see it: image_alt: \"...\"",
                        ),
                );
            }
        }
    }
}
