//! One pass over a document's Markdown and front matter, giving every rule what it looks at.
//!
//! Rules about prose (terminology), links and accessibility all need the same walk over
//! pulldown-cmark's events; doing it once per document keeps `check` fast and the rules
//! agreeing on what counts as prose: text, headings, link text and image descriptions are;
//! code spans, code blocks, raw HTML and link destinations are not.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::text::Folded;
use crate::content::Document;

/// A link or image in a Markdown body.
#[derive(Debug, Clone)]
pub struct LinkUse {
    /// The destination as written (`@/a.md#b`, `/vi/x/`, `photo.jpg`).
    pub dest: String,
    /// The visible text (for images: the description, `alt`), as plain text.
    pub text: String,
    /// Byte offset in the document's text.
    pub offset: usize,
    /// An image rather than a link.
    pub image: bool,
    /// An autolink (`<https://...>`): its text is the address itself.
    pub autolink: bool,
}

/// A heading in a Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct HeadingUse {
    /// 1 to 6.
    pub level: u8,
    /// Byte offset in the document's text.
    pub offset: usize,
}

/// What the rules need from one document.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Prose of the body and of the front matter's text fields, offsets in the whole file.
    pub prose: Folded,
    /// Links and images of the body.
    pub links: Vec<LinkUse>,
    /// Headings of the body.
    pub headings: Vec<HeadingUse>,
    /// The ids its headings get when rendered.
    pub anchors: BTreeSet<String>,
}

/// Front matter keys whose values are prose in the page's language.
const TEXT_FIELDS: &[&str] = &["title", "summary", "tags", "image_alt", "extra"];

/// Walk `doc` once.
pub fn scan(doc: &Document) -> Scan {
    let mut out = Scan::default();
    front_matter_prose(doc, &mut out.prose);
    out.prose.push_break();
    body(doc, &mut out);
    out
}

/// A link or image being read: its destination, start and text so far.
struct Open {
    dest: String,
    offset: usize,
    image: bool,
    autolink: bool,
    text: String,
}

fn body(doc: &Document, out: &mut Scan) {
    let base = doc.body_start;
    let text = doc.body();
    let mut open: Vec<Open> = Vec::new();
    let mut in_code_block = false;
    // The heading being read: its explicit id and its text so far (its id, as rendered,
    // is an anchor links may name).
    let mut heading: Option<(Option<String>, String)> = None;
    for (event, range) in Parser::new_ext(text, crate::render::markdown::OPTIONS).into_offset_iter()
    {
        let at = base + range.start;
        match event {
            Event::Text(t) => {
                if let Some(o) = open.last_mut() {
                    o.text.push_str(&t);
                }
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if in_code_block || open.iter().any(|o| o.autolink) {
                    out.prose.push_break();
                } else if text.get(range.clone()) == Some(&*t) {
                    out.prose.push(&t, at);
                } else {
                    // An entity or an escape: the text differs from the source there.
                    out.prose.push_at(&t, at);
                }
            }
            Event::Code(t) => {
                if let Some(o) = open.last_mut() {
                    o.text.push_str(&t);
                }
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                out.prose.push_break();
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = open.last_mut() {
                    o.text.push(' ');
                }
                out.prose.push(" ", at);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => open.push(Open {
                dest: dest_url.to_string(),
                offset: at,
                image: false,
                autolink: matches!(link_type, LinkType::Autolink | LinkType::Email),
                text: String::new(),
            }),
            Event::Start(Tag::Image { dest_url, .. }) => open.push(Open {
                dest: dest_url.to_string(),
                offset: at,
                image: true,
                autolink: false,
                text: String::new(),
            }),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(o) = open.pop() {
                    // An image inside a link gives the link its text too.
                    if let Some(outer) = open.last_mut() {
                        outer.text.push_str(&o.text);
                    }
                    out.links.push(LinkUse {
                        dest: o.dest,
                        text: o.text,
                        offset: o.offset,
                        image: o.image,
                        autolink: o.autolink,
                    });
                }
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                out.headings.push(HeadingUse {
                    level: level as u8,
                    offset: at,
                });
                heading = Some((id.map(|i| i.to_string()), String::new()));
                out.prose.push_break();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = heading.take() {
                    crate::render::markdown::heading_id(
                        &mut out.anchors,
                        explicit.as_deref(),
                        &text,
                    );
                }
                out.prose.push_break();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.prose.push_break();
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.prose.push_break();
            }
            // Inline formatting does not interrupt a phrase: `**South China** Sea` is one.
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {}
            // Every block boundary, raw HTML, footnote marks, rules: a break.
            _ => out.prose.push_break(),
        }
    }
}

/// Values of the front matter's text fields, line by line, at their place in the file.
///
/// YAML is not parsed again: the lines of a key are the key's line and the indented lines
/// below it, and only the part after `key:` (or a list's `- `) is prose. That keeps exact
/// positions, at the price of treating quotes and brackets as punctuation, which they are
/// for matching whole words anyway.
fn front_matter_prose(doc: &Document, prose: &mut Folded) {
    let fm = &doc.text[..doc.body_start];
    let mut offset = 0;
    let mut current_is_text = false;
    for (n, line) in fm.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if n == 0 || content.trim_end() == "---" {
            continue;
        }
        let indented = content.starts_with([' ', '\t']);
        if !indented {
            prose.push_break();
            let key = content.split(':').next().unwrap_or("").trim();
            current_is_text = TEXT_FIELDS.contains(&key) && content.contains(':');
        }
        if !current_is_text {
            continue;
        }
        let trimmed = content.trim_start();
        let mut value_start = content.len() - trimmed.len();
        let mut rest = trimmed;
        if let Some(r) = rest.strip_prefix("- ") {
            value_start += 2;
            rest = r;
        }
        // `key: value`: the key is a name, not prose.
        if let Some((key, _)) = rest.split_once(':')
            && !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            value_start += key.len() + 1;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        prose.push(&content[value_start..], start + value_start);
        prose.push(" ", start + content.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn doc(text: &str) -> Document {
        let body_start = crate::content::split_front_matter(text).unwrap();
        Document {
            file: PathBuf::from("content/a.en.md"),
            text: text.to_string(),
            body_start,
        }
    }

    #[test]
    fn prose_skips_code_urls_and_non_text_fields() {
        let d = doc(
            "---\ntitle: East Sea\nslug: south-sea\nextra:\n  source: \"Báo cáo\"\n---\nText `code` and [link](https://x.example/y) **bold** end.\n\n```\nblock\n```\n",
        );
        let s = scan(&d).prose.as_string();
        assert!(s.contains("east sea"), "{s}");
        assert!(!s.contains("south-sea"), "{s}");
        assert!(s.contains("\"báo cáo\""), "{s}");
        assert!(!s.contains("source"), "{s}");
        assert!(!s.contains("code"), "{s}");
        assert!(!s.contains("x.example"), "{s}");
        assert!(s.contains("link bold end."), "{s}");
        assert!(!s.contains("block"), "{s}");
    }

    #[test]
    fn links_images_and_headings_are_collected_with_offsets() {
        let text = "---\ntitle: A\n---\n## Two\n\n![](a.jpg) [click **here**](/x/)\n";
        let d = doc(text);
        let s = scan(&d);
        assert_eq!(s.headings.len(), 1);
        assert_eq!(s.headings[0].level, 2);
        assert_eq!(s.links.len(), 2);
        assert!(s.links[0].image && s.links[0].text.is_empty());
        assert_eq!(&text[s.links[0].offset..s.links[0].offset + 2], "![");
        assert_eq!(s.links[1].text, "click here");
        assert_eq!(s.links[1].dest, "/x/");
    }

    #[test]
    fn anchors_are_the_ids_headings_get_when_rendered() {
        let d = doc(
            "---\ntitle: A\n---\n## Hạ tầng\n\n## Hạ tầng\n\n## `Mã` số {#rieng}\n\n##\n\n# Cảng *Dung* Quất\n",
        );
        let anchors: Vec<String> = scan(&d).anchors.into_iter().collect();
        assert_eq!(
            anchors,
            ["cang-dung-quat", "ha-tang", "ha-tang-1", "rieng", "section"]
        );
    }
}
