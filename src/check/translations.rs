//! Translations: which pages a language lacks, and which translations were made from an
//! older version of their source.
//!
//! Vietnamese is the source language (the site's default); a page in another language with
//! the same translation key is its translation. A translation records in its front matter
//! the version of the source it was made from (`translated_from`), a short hash of the
//! source's normalized text, so staleness is known from the files alone: no git history,
//! no database, and a copy of the site on a USB stick checks the same. Normalizing (NFC,
//! line endings, trailing spaces) keeps a re-saved or NFD-retyped source from looking
//! changed when no reader would see a difference.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Site;
use crate::content::{Document, Page, SectionIndex};
use crate::diagnostic::{Diagnostic, Severity};

/// Hex digits of the SHA-256 kept in `translated_from`: enough to tell versions apart,
/// short enough to read in a front matter.
const VERSION_LEN: usize = 12;

/// The version of a source text that its translations record in `translated_from`.
///
/// The first 12 hex digits of the SHA-256 of `N(title) "\n\n" N(summary) "\n\n" N(body)`,
/// where `N` is: Unicode NFC; CRLF and CR turned into LF; trailing whitespace removed from
/// every line; leading and trailing blank lines removed. An absent summary is empty. Front
/// matter other than the title and summary (dates, tags, slugs...) is not part of it.
pub fn source_version(title: &str, summary: Option<&str>, body: &str) -> String {
    let text = format!(
        "{}\n\n{}\n\n{}",
        normalize(title),
        normalize(summary.unwrap_or("")),
        normalize(body)
    );
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    hex[..VERSION_LEN].to_string()
}

/// NFC, LF line endings, no trailing whitespace, no blank lines at either end.
fn normalize(text: &str) -> String {
    let unified = crate::content::nfc(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// The version of a page, as its translations record it.
pub fn page_version(page: &Page) -> String {
    source_version(
        &page.front.title,
        page.front.summary.as_deref(),
        page.doc.body(),
    )
}

/// The version of a section's `_index` in one language.
pub fn section_version(index: &SectionIndex) -> String {
    source_version(
        &index.front.title,
        index.front.summary.as_deref(),
        index.doc.body(),
    )
}

/// A translation and the source it was made from.
#[derive(Debug, Clone)]
pub struct Translation<'a> {
    /// The translation's file.
    pub doc: &'a Document,
    /// Its language.
    pub lang: &'a str,
    /// The section folder it belongs to (`/` for the root), for coverage per section.
    pub section: String,
    /// What its front matter records, if anything.
    pub recorded: Option<&'a str>,
    /// The source's file, in the default language.
    pub source: &'a Document,
    /// The source's current version.
    pub version: String,
}

/// How a translation relates to its source now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Made from the source as it is.
    Current,
    /// Made from an older version of the source.
    Stale,
    /// Records no version.
    Untracked,
}

impl Translation<'_> {
    /// Current, stale or untracked.
    pub fn freshness(&self) -> Freshness {
        match self.recorded {
            None => Freshness::Untracked,
            Some(v) if v.trim() == self.version => Freshness::Current,
            Some(_) => Freshness::Stale,
        }
    }
}

/// Every page and section index in a language other than the default that has a source.
pub fn translations(site: &Site) -> Vec<Translation<'_>> {
    let source_lang = site.config.default_language.as_str();
    // Hashing every source is the cost here: in parallel, in page order.
    let mut out: Vec<Translation<'_>> = site
        .content
        .pages
        .par_iter()
        .filter(|page| page.lang != source_lang)
        .filter_map(|page| {
            let source = site.content.translation(&page.key, source_lang)?;
            Some(Translation {
                doc: &page.doc,
                lang: &page.lang,
                section: section_name(&page.section),
                recorded: page.front.translated_from.as_deref(),
                source: &source.doc,
                version: page_version(source),
            })
        })
        .collect();
    for section in site.content.sections.values() {
        let Some(source) = section.index.get(source_lang) else {
            continue;
        };
        for (lang, index) in &section.index {
            if lang != source_lang {
                out.push(Translation {
                    doc: &index.doc,
                    lang,
                    section: section_name(&section.dir),
                    recorded: index.front.translated_from.as_deref(),
                    source: &source.doc,
                    version: section_version(source),
                });
            }
        }
    }
    out
}

/// A section folder as coverage names it: `/` for the root.
fn section_name(dir: &str) -> String {
    if dir.is_empty() {
        "/".into()
    } else {
        dir.into()
    }
}

/// The file a translation of `file` into `lang` would have (`a.vi.md` -> `a.en.md`).
pub fn translation_file(file: &Path, from_lang: &str, lang: &str) -> PathBuf {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let stem = stem.strip_suffix(&format!(".{from_lang}")).unwrap_or(stem);
    file.with_file_name(format!("{stem}.{lang}.md"))
}

/// Missing, stale and untracked translations.
pub fn check(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    missing(site, diagnostics);
    for t in translations(site) {
        let command = format!("herald translated {}", t.doc.file.display());
        match t.freshness() {
            Freshness::Current => {}
            Freshness::Stale => diagnostics.push(
                t.doc
                    .error_at_key(
                        "translated_from",
                        format!(
                            "stale translation: {} has changed since this was translated from it",
                            t.source.file.display()
                        ),
                    )
                    .severity(Severity::Warning)
                    .code("translation-stale")
                    .hint(format!(
                        "made from version {}, the source is now {}; update the translation, then run `{command}`",
                        t.recorded.unwrap_or("").trim(),
                        t.version
                    )),
            ),
            Freshness::Untracked => diagnostics.push(
                t.doc
                    .error_at_key(
                        "title",
                        format!(
                            "translation does not record which version of {} it was made from",
                            t.source.file.display()
                        ),
                    )
                    .severity(Severity::Warning)
                    .code("translation-untracked")
                    .hint(format!(
                        "compare it with the source, then run `{command}` so later changes to the source are noticed"
                    )),
            ),
        }
    }
}

/// Pages (and section indexes) a language lacks: its readers get the fallback instead.
fn missing(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let config = &site.config;
    for langs in site.content.translations.values() {
        // Report on the source when there is one: that is the file a translator starts from.
        let Some(&first) = langs
            .get(&config.default_language)
            .or_else(|| langs.values().next())
        else {
            continue;
        };
        let page = site.content.page(first);
        let absent: Vec<&crate::config::Language> = config
            .languages
            .iter()
            .filter(|l| !langs.contains_key(&l.code))
            .collect();
        if absent.is_empty() {
            continue;
        }
        let codes: Vec<String> = absent.iter().map(|l| format!("`{}`", l.code)).collect();
        let files: Vec<String> = absent
            .iter()
            .map(|l| {
                translation_file(&page.doc.file, &page.lang, &l.code)
                    .display()
                    .to_string()
            })
            .collect();
        let readers: Vec<&str> = absent.iter().map(|l| l.name.as_str()).collect();
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                "translation-missing",
                format!("not translated into {}", codes.join(", ")),
            )
            .in_file(&page.doc.file)
            .hint(format!(
                "{} readers are offered the nearest section instead; add {}",
                readers.join(" and "),
                files.join(" and ")
            )),
        );
    }
    for section in site.content.sections.values() {
        let Some((from_lang, index)) = section
            .index
            .get_key_value(&config.default_language)
            .or_else(|| section.index.iter().next())
        else {
            continue;
        };
        for lang in &config.languages {
            if section.index.contains_key(&lang.code) {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "translation-missing",
                    format!("section index not translated into `{}`", lang.code),
                )
                .in_file(&index.doc.file)
                .hint(format!(
                    "add {}; until then the section's title comes from the Fluent message `section-{}`",
                    translation_file(&index.doc.file, from_lang, &lang.code).display(),
                    section.dir.replace('/', "-")
                )),
            );
        }
    }
}

/// How much of the site one language covers.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct LanguageCoverage {
    /// Pages (translation keys) that have a version in this language.
    pub translated: usize,
    /// Pages in any language.
    pub total: usize,
    /// `translated / total` in percent, one decimal.
    pub percent: f64,
    /// Translations made from an older source.
    pub stale: usize,
    /// Translations that record no source version.
    pub untracked: usize,
}

/// Translation coverage per language and per section.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Coverage {
    /// The language translations are made from.
    pub source_language: String,
    /// Pages in any language (translation keys).
    pub pages: usize,
    /// Language code -> coverage.
    pub languages: BTreeMap<String, LanguageCoverage>,
    /// Section folder (`/` for the root) -> language code -> coverage.
    pub sections: BTreeMap<String, BTreeMap<String, LanguageCoverage>>,
}

/// Zero coverage for every language of the site.
fn blank_coverage(config: &crate::config::Config) -> BTreeMap<String, LanguageCoverage> {
    config
        .languages
        .iter()
        .map(|l| (l.code.clone(), LanguageCoverage::default()))
        .collect()
}

/// Coverage of every language, overall and per section.
pub fn coverage(site: &Site) -> Coverage {
    let config = &site.config;
    let mut cov = Coverage {
        source_language: config.default_language.clone(),
        pages: site.content.translations.len(),
        ..Coverage::default()
    };
    cov.languages = blank_coverage(config);
    for langs in site.content.translations.values() {
        let Some(&any) = langs.values().next() else {
            continue;
        };
        let section = section_name(&site.content.page(any).section);
        let per_section = cov
            .sections
            .entry(section)
            .or_insert_with(|| blank_coverage(config));
        for lang in &config.languages {
            let has = langs.contains_key(&lang.code);
            for c in [
                cov.languages.get_mut(&lang.code),
                per_section.get_mut(&lang.code),
            ]
            .into_iter()
            .flatten()
            {
                c.total += 1;
                c.translated += usize::from(has);
            }
        }
    }
    for t in translations(site) {
        let per_section = cov
            .sections
            .entry(t.section.clone())
            .or_insert_with(|| blank_coverage(config));
        for c in [cov.languages.get_mut(t.lang), per_section.get_mut(t.lang)]
            .into_iter()
            .flatten()
        {
            match t.freshness() {
                Freshness::Stale => c.stale += 1,
                Freshness::Untracked => c.untracked += 1,
                Freshness::Current => {}
            }
        }
    }
    let percent = |c: &mut LanguageCoverage| {
        c.percent = if c.total == 0 {
            100.0
        } else {
            (c.translated as f64 * 1000.0 / c.total as f64).round() / 10.0
        };
    };
    cov.languages.values_mut().for_each(percent);
    cov.sections
        .values_mut()
        .flat_map(|m| m.values_mut())
        .for_each(percent);
    cov
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn version_ignores_what_readers_cannot_see() {
        let a = source_version("Lý Sơn", Some("Đảo."), "Đảo Lý Sơn.\n\nHai.\n");
        let nfd_title: String = "Lý Sơn".nfd().collect();
        let nfd_body: String = "Đảo Lý Sơn.\r\n\r\nHai.   \r\n\r\n".nfd().collect();
        assert_eq!(
            a,
            source_version(&nfd_title, Some("Đảo."), &format!("\n{nfd_body}"))
        );
        assert_eq!(a.len(), 12);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn version_changes_with_the_words() {
        let a = source_version("A", None, "Một.\n");
        assert_ne!(a, source_version("A", None, "Hai.\n"));
        assert_ne!(a, source_version("B", None, "Một.\n"));
        assert_ne!(a, source_version("A", Some("x"), "Một.\n"));
        // Title, summary and body do not run into each other.
        assert_ne!(
            source_version("A", Some("B"), ""),
            source_version("A", None, "B")
        );
    }

    #[test]
    fn version_is_pinned() {
        // The definition is public (README); a change would mark every translation stale.
        let text = "A\n\n\n\nB";
        let digest = Sha256::digest(text.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(source_version("A", None, "B"), hex[..12]);
    }

    #[test]
    fn translation_file_names() {
        assert_eq!(
            translation_file(Path::new("content/news/a.vi.md"), "vi", "en"),
            PathBuf::from("content/news/a.en.md")
        );
        assert_eq!(
            translation_file(Path::new("content/news/a.md"), "vi", "en"),
            PathBuf::from("content/news/a.en.md")
        );
    }
}
