//! `herald translated PATH`: record that a translation matches the current version of its
//! source, so `check` can tell when the source changes again.
//!
//! The command edits one line of the translation's front matter (`translated_from: "..."`,
//! inserted after `title:` when absent) and leaves every other byte of the file as it was,
//! so a translator's formatting, comments and line endings survive and the change reads as
//! a one-line diff.

use std::path::{Path, PathBuf};

use crate::check::translations::{page_version, section_version};
use crate::config::Config;
use crate::content::{Content, LoadOptions};
use crate::diagnostic::{Diagnostic, relative};

/// The front matter key a translation records its source's version in.
pub const KEY: &str = "translated_from";

/// What was recorded for one translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The translation's file, relative to the site root.
    pub file: PathBuf,
    /// Its source in the default language.
    pub source: PathBuf,
    /// The source's version now recorded.
    pub version: String,
    /// False when the file already recorded that version (it was not written).
    pub changed: bool,
}

/// Record the current version of their sources in the translations `files` (paths relative
/// to the working folder or to `root`). Every file is tried; errors are returned together.
pub fn record(root: &Path, files: &[PathBuf]) -> Result<Vec<Recorded>, Vec<Diagnostic>> {
    let config = Config::load(root, None)?;
    // Drafts and embargoed pages are translations too: load everything.
    let opts = LoadOptions {
        drafts: true,
        now: Some(jiff::Timestamp::MAX),
    };
    let (content, _) = Content::load(&config, &opts);
    let mut done = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match record_one(&config, &content, file) {
            Ok(r) => done.push(r),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(done)
    } else {
        Err(errors)
    }
}

/// `file` relative to the site root, whether given from the working folder or the root.
fn site_relative(root: &Path, file: &Path) -> PathBuf {
    let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for candidate in [file.to_path_buf(), root.join(file)] {
        if let Ok(abs) = candidate.canonicalize()
            && let Ok(rel) = abs.strip_prefix(&root_abs)
        {
            return rel.to_path_buf();
        }
    }
    relative(root, file)
}

fn record_one(config: &Config, content: &Content, file: &Path) -> Result<Recorded, Diagnostic> {
    let rel = site_relative(&config.root, file);
    let source_lang = config.default_language.as_str();
    let not_found = || {
        Diagnostic::error(format!(
            "{} is not a page or section index of the site, or it does not load",
            file.display()
        ))
        .code("translation-source")
        .hint("give the path of a translation under content/, e.g. content/news/a.en.md; `herald check` shows why a file does not load")
    };
    // (language, source's version, source's file) of the page or section index at `rel`.
    let found = content
        .pages
        .iter()
        .find(|p| p.doc.file == rel)
        .map(|p| {
            let source = content.translation(&p.key, source_lang);
            (
                p.lang.as_str(),
                source.map(page_version),
                source.map(|s| s.doc.file.clone()),
            )
        })
        .or_else(|| {
            content.sections.values().find_map(|s| {
                let (lang, _) = s.index.iter().find(|(_, i)| i.doc.file == rel)?;
                let source = s.index.get(source_lang);
                Some((
                    lang.as_str(),
                    source.map(section_version),
                    source.map(|i| i.doc.file.clone()),
                ))
            })
        });
    let Some((lang, version, source)) = found else {
        return Err(not_found());
    };
    if lang == source_lang {
        return Err(Diagnostic::error(format!(
            "{} is in `{source_lang}`, the language translations are made from",
            rel.display()
        ))
        .code("translation-source")
        .in_file(&rel)
        .hint("run this on a translation of it (e.g. the .en.md file) once it matches this text"));
    }
    let (Some(version), Some(source)) = (version, source) else {
        return Err(Diagnostic::error(format!(
            "{} has no `{source_lang}` source to be a translation of",
            rel.display()
        ))
        .code("translation-source")
        .in_file(&rel)
        .hint("pages with the same file name (or translation_key) in another language are translations of each other"));
    };
    let path = config.root.join(&rel);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(format!("cannot read: {e}"))
            .code("io")
            .in_file(&rel)
    })?;
    let new_text = set_translated_from(&text, &version).ok_or_else(|| {
        Diagnostic::error("the file does not start with front matter")
            .code("front-matter")
            .in_file(&rel)
            .hint("start the file with `---`, the front matter, then `---`")
    })?;
    let changed = new_text != text;
    if changed {
        std::fs::write(&path, new_text).map_err(|e| {
            Diagnostic::error(format!("cannot write: {e}"))
                .code("io")
                .in_file(&rel)
        })?;
    }
    Ok(Recorded {
        file: rel,
        source,
        version,
        changed,
    })
}

/// `text` with `translated_from: "VERSION"` set in its front matter: the line replaced if
/// there is one, else inserted after the `title:` value (else before the closing `---`).
/// Every other byte is kept. None if `text` has no front matter.
pub fn set_translated_from(text: &str, version: &str) -> Option<String> {
    let body_from = usize::from(text.starts_with('\u{feff}')) * '\u{feff}'.len_utf8();
    // Lines of the front matter as (start, end without line ending, end with it).
    let mut lines: Vec<(usize, usize, usize)> = Vec::new();
    let mut offset = body_from;
    for line in text[body_from..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        lines.push((offset, offset + content.len(), offset + line.len()));
        offset += line.len();
    }
    let is_fence = |&(a, b, _): &(usize, usize, usize)| text[a..b].trim_end() == "---";
    if !lines.first().is_some_and(is_fence) {
        return None;
    }
    let close = lines.iter().skip(1).position(is_fence)? + 1;
    let front = &lines[1..close];
    let new_line = format!("{KEY}: \"{version}\"");
    let mut out = String::with_capacity(text.len() + new_line.len() + 2);
    if let Some(&(a, b, _)) = front
        .iter()
        .find(|&&(a, b, _)| text[a..b].starts_with(&format!("{KEY}:")))
    {
        out.push_str(&text[..a]);
        out.push_str(&new_line);
        out.push_str(&text[b..]);
        return Some(out);
    }
    let eol = if text[lines[0].1..lines[0].2].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    // After the title and any indented lines that continue its value.
    let insert_at = match front
        .iter()
        .position(|&(a, b, _)| text[a..b].starts_with("title:"))
    {
        Some(i) => {
            let continued = front[i + 1..]
                .iter()
                .take_while(|&&(a, b, _)| text[a..b].starts_with([' ', '\t']))
                .count();
            front[i + continued].2
        }
        None => lines[close].0,
    };
    out.push_str(&text[..insert_at]);
    if !text[..insert_at].ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str(&new_line);
    out.push_str(eol);
    out.push_str(&text[insert_at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_after_the_title_and_keeps_every_other_byte() {
        let text = "---\ntitle: \"A\"\ndate: 2020-01-01\n---\nBody  \n";
        assert_eq!(
            set_translated_from(text, "abc").unwrap(),
            "---\ntitle: \"A\"\ntranslated_from: \"abc\"\ndate: 2020-01-01\n---\nBody  \n"
        );
    }

    #[test]
    fn replaces_an_existing_line_only() {
        let text = "---\r\ntitle: A\r\ntranslated_from: \"old\" # note\r\n---\r\nx";
        assert_eq!(
            set_translated_from(text, "new").unwrap(),
            "---\r\ntitle: A\r\ntranslated_from: \"new\"\r\n---\r\nx"
        );
    }

    #[test]
    fn crlf_bom_and_multi_line_titles() {
        let text = "\u{feff}---\r\ntitle: >\r\n  Long\r\n  title\r\nslug: x\r\n---\r\n";
        assert_eq!(
            set_translated_from(text, "v").unwrap(),
            "\u{feff}---\r\ntitle: >\r\n  Long\r\n  title\r\ntranslated_from: \"v\"\r\nslug: x\r\n---\r\n"
        );
        assert_eq!(set_translated_from("no front matter", "v"), None);
        assert_eq!(
            set_translated_from("---\nslug: x\n---\n", "v").unwrap(),
            "---\nslug: x\ntranslated_from: \"v\"\n---\n"
        );
    }
}
