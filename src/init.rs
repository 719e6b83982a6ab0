//! `herald init DIR`: a small working bilingual site with the default theme.
//!
//! The theme is embedded in the binary at compile time (see build.rs), so a new site can
//! be started anywhere herald is installed, without network access or this repository.

use std::path::Path;

use crate::diagnostic::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

// The English files record the version of their Vietnamese source (`translated_from`, as
// `herald translated` writes it), so a new site checks clean; a test in tests/check.rs
// fails if an edit here makes them stale.
const SITE_FILES: &[(&str, &str)] = &[
    (
        "herald.yaml",
        "# Site configuration; README.md of herald documents every key.\nbase_url: \"https://example.gov.vn/\"\ndefault_language: vi\nlanguages:\n  - code: vi\n    name: \"Tiếng Việt\"\n  - code: en\n    name: \"English\"\n    fallback: [vi]\ntheme: default\npaginate: 10\n",
    ),
    (
        "content/_index.vi.md",
        "---\ntitle: \"Trang chủ\"\nsummary: \"Cổng thông tin đối ngoại.\"\n---\nChào mừng quý vị đến với cổng thông tin đối ngoại.\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: \"Home\"\ntranslated_from: \"e640509873da\"\nsummary: \"Foreign affairs portal.\"\n---\nWelcome to our foreign affairs portal.\n",
    ),
    (
        "content/news/_index.vi.md",
        "---\ntitle: \"Tin tức\"\nslug: tin-tuc\nweight: 1\n---\n",
    ),
    (
        "content/news/_index.en.md",
        "---\ntitle: \"News\"\ntranslated_from: \"1f33017cd84d\"\nslug: news\nweight: 1\n---\n",
    ),
    (
        "content/news/welcome.vi.md",
        "---\ntitle: \"Chào mừng\"\ndate: 2026-01-01\nsummary: \"Trang đầu tiên của trang web.\"\nslug: chao-mung\n---\n## Giới thiệu\n\nĐây là trang đầu tiên. Xem [bản tiếng Anh](@/news/welcome.en.md).\n",
    ),
    (
        "content/news/welcome.en.md",
        "---\ntitle: \"Welcome\"\ntranslated_from: \"a7b4751a0150\"\ndate: 2026-01-01\nsummary: \"The first page of the site.\"\n---\n## Introduction\n\nThis is the first page. See the [Vietnamese version](@/news/welcome.vi.md#gioi-thieu).\n",
    ),
    (
        "i18n/vi/site.ftl",
        "site-title = Cổng thông tin đối ngoại\nsite-description = Thông tin đối ngoại, đầu tư và hợp tác quốc tế.\nsite-footer-address = Địa chỉ liên hệ của cơ quan\nsection-news = Tin tức\n",
    ),
    (
        "i18n/en/site.ftl",
        "site-title = Foreign Affairs Portal\nsite-description = Foreign affairs, investment and international cooperation.\nsite-footer-address = The office's contact address\nsection-news = News\n",
    ),
    ("static/.keep", ""),
    // A department keeps its site in git: what a build writes beside the sources (the
    // output, the spare folder and lock beside it) is not part of the site. `.herald-cache/`
    // needs no line: it ignores itself (`derive::make_cache_dir`).
    (
        ".gitignore",
        "# Written by herald build: the site, the spare folder and lock beside it.\n/public/\n/.public.*\n",
    ),
];

/// Create the site in `dir`; returns the files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(
            Diagnostic::error(format!("{} exists and is not empty", dir.display()))
                .hint("choose a new folder name; herald init never overwrites files"),
        );
    }
    let mut written = Vec::new();
    let files = SITE_FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes()))
        .chain(
            DEFAULT_THEME
                .iter()
                .map(|(p, c)| (format!("themes/default/{p}"), *c)),
        );
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(format!("cannot create {}: {e}", parent.display()))
                    .hint("check that you may write there")
            })?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            Diagnostic::error(format!("cannot write {}: {e}", path.display()))
                .hint("check that you may write there")
        })?;
        written.push(rel);
    }
    Ok(written)
}
