//! `herald.yaml`: the site's languages, URLs and theme, read strictly.
//!
//! YAML goes through serde-saphyr because it reports a line and column for every error,
//! missing and unknown fields included, which is what lets a typo in a config or a front
//! matter point at the exact line. serde_yaml is deprecated upstream, and its forks that
//! wrap the transpiled libyaml give no position for missing fields.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::MessageFormatter;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::fields::SectionSchema;

/// The site configuration file name, at the site root.
pub const CONFIG_FILE: &str = "herald.yaml";

/// What `herald.yaml` may contain; any other key is an error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    #[serde(default)]
    root_language: Option<String>,
    languages: Vec<RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_paginate")]
    paginate: usize,
    #[serde(default)]
    sections: BTreeMap<String, SectionSchema>,
    #[serde(default)]
    markdown: MarkdownConfig,
}

/// `markdown:` in herald.yaml: how Markdown bodies are rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Tags authors may use in raw HTML beyond the safe defaults (everything else is
    /// removed by the sanitizer).
    #[serde(default)]
    pub allow_html: Vec<crate::render::sanitize::AllowHtml>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    #[serde(default)]
    fallback: Vec<String>,
}

fn default_theme() -> String {
    "default".into()
}

fn default_paginate() -> usize {
    10
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 code, also the URL prefix and the file suffix (`vi`, `en`).
    pub code: String,
    /// The language's name in itself (`Tiếng Việt`).
    pub name: String,
    /// Where to look when something is missing in this language, nearest first. Always ends
    /// with the default language (unless this is it).
    pub fallback: Vec<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute base URL, always ending in `/` (`https://host/sub/`).
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/` (`/sub/`).
    pub base_path: String,
    /// Code of the default language.
    pub default_language: String,
    /// A language also published at the site root, if any.
    pub root_language: Option<String>,
    /// Languages in the order the config lists them (the switcher's order).
    pub languages: Vec<Language>,
    /// Theme folder name under `themes/`.
    pub theme: String,
    /// Pages per section list page.
    pub paginate: usize,
    /// Typed fields by section folder (`investment`, `press/kits`).
    pub sections: BTreeMap<String, SectionSchema>,
    /// Markdown rendering options (the raw HTML allow-list).
    pub markdown: MarkdownConfig,
    /// The site root folder.
    pub root: PathBuf,
}

impl Config {
    /// Read and validate `herald.yaml` in `root`; `base_url` overrides the file's.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![
                Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}")).code("config")
                    .in_file(CONFIG_FILE)
                    .hint("run herald in a site folder (one with herald.yaml), pass --root DIR, or create one with `herald init DIR`"),
            ]
        })?;
        let raw: RawConfig = parse_yaml(&text, 0, &text, CONFIG_FILE, RAW_CONFIG_FIELDS)
            .map_err(|d| vec![d.code("config")])?;
        Config::validate(raw, root, &text, base_url)
    }

    fn validate(
        raw: RawConfig,
        root: &Path,
        text: &str,
        base_url_override: Option<&str>,
    ) -> Result<Config, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let at_key = |key: &str, msg: String, hint: &str| {
            let (line, col) = find_key(text, key);
            Diagnostic::error(msg)
                .code("config")
                .in_file(CONFIG_FILE)
                .at(text, line, col)
                .hint(hint)
        };

        let base_url = base_url_override
            .unwrap_or(&raw.base_url)
            .trim()
            .to_string();
        let base_path = match split_base_url(&base_url) {
            Some(p) => p,
            None => {
                errors.push(at_key(
                    "base_url",
                    format!("base_url `{base_url}` is not an absolute http(s) URL"),
                    "write it like https://example.gov.vn/ or https://example.gov.vn/sub/path/",
                ));
                "/".to_string()
            }
        };
        let base_url = if base_url.ends_with('/') {
            base_url
        } else {
            format!("{base_url}/")
        };

        let codes: Vec<&str> = raw.languages.iter().map(|l| l.code.as_str()).collect();
        if raw.languages.is_empty() {
            errors.push(at_key(
                "languages",
                "no languages are configured".into(),
                "list at least one language: languages: [{code: vi, name: Tiếng Việt}]",
            ));
        }
        for (i, lang) in raw.languages.iter().enumerate() {
            if lang
                .code
                .parse::<unic_langid::LanguageIdentifier>()
                .is_err()
                || lang.code.is_empty()
                || !lang
                    .code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                errors.push(at_key(
                    "code",
                    format!("`{}` is not a language code", lang.code),
                    "use a BCP 47 code such as vi, en, ja, ko, lo",
                ));
            }
            if codes[..i].contains(&lang.code.as_str()) {
                errors.push(at_key(
                    "code",
                    format!("language `{}` is listed twice", lang.code),
                    "list each language once",
                ));
            }
            for f in &lang.fallback {
                if !codes.contains(&f.as_str()) || f == &lang.code {
                    errors.push(at_key(
                        "fallback",
                        format!(
                            "language `{}` falls back to `{f}`, which is not another configured language",
                            lang.code
                        ),
                        &format!("configured languages: {}", codes.join(", ")),
                    ));
                }
            }
        }
        let known = |code: &str| codes.contains(&code);
        if !known(&raw.default_language) {
            errors.push(at_key(
                "default_language",
                format!(
                    "default_language `{}` is not one of the configured languages",
                    raw.default_language
                ),
                &format!("configured languages: {}", codes.join(", ")),
            ));
        }
        if let Some(root_lang) = &raw.root_language
            && !known(root_lang)
        {
            errors.push(at_key(
                "root_language",
                format!("root_language `{root_lang}` is not one of the configured languages"),
                &format!("configured languages: {}", codes.join(", ")),
            ));
        }
        if raw.paginate == 0 {
            errors.push(at_key(
                "paginate",
                "paginate must be at least 1".into(),
                "the number of pages on one list page, e.g. 10",
            ));
        }
        if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
            errors.push(at_key(
                "theme",
                format!("theme `{}` is not a folder name", raw.theme),
                "name a folder under themes/, such as default",
            ));
        } else if !root.join("themes").join(&raw.theme).is_dir() {
            errors.push(at_key(
                "theme",
                format!("theme `{}` not found in themes/", raw.theme),
                "create themes/<name>/templates/ or use theme: default",
            ));
        }
        for (dir, schema) in &raw.sections {
            // A key names a folder under content/; `..`, absolute or backslashed paths
            // would name none and silently give its pages no schema.
            let clean = !dir.is_empty()
                && !dir.contains('\\')
                && dir
                    .split('/')
                    .all(|seg| !seg.is_empty() && seg != "." && seg != "..");
            if !clean {
                errors.push(at_key(
                    dir,
                    format!("section `{dir}` is not a folder path under content/"),
                    "write the folder relative to content/ with `/`, e.g. investment or press/kits",
                ));
                continue;
            }
            let assets = schema
                .fields
                .iter()
                .filter(|(_, f)| f.kind == crate::fields::FieldType::Assets)
                .count();
            if schema.kind == crate::media_kit::KIND && assets != 1 {
                errors.push(at_key(
                    dir,
                    format!("section `{dir}` is a kit and needs exactly one field of type `assets`, not {assets}"),
                    "declare it: fields: {assets: {type: assets}}",
                ));
            } else if schema.kind != crate::media_kit::KIND && assets > 0 {
                errors.push(at_key(
                    dir,
                    format!("section `{dir}` has an `assets` field but is not a kit"),
                    "set `kind: kit` on the section, or use another field type",
                ));
            }
        }
        for rule in &raw.markdown.allow_html {
            if let Some(msg) = crate::render::sanitize::forbidden_rule(rule) {
                errors.push(at_key(
                    "allow_html",
                    format!("markdown.allow_html: {msg}"),
                    "allow only tags and attributes that cannot run code; embed video with an iframe limited by url_prefixes",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let languages = raw
            .languages
            .iter()
            .map(|l| {
                let mut fallback = l.fallback.clone();
                if l.code != raw.default_language && !fallback.contains(&raw.default_language) {
                    fallback.push(raw.default_language.clone());
                }
                Language {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    fallback,
                }
            })
            .collect();
        Ok(Config {
            base_url,
            base_path,
            default_language: raw.default_language,
            root_language: raw.root_language,
            languages,
            theme: raw.theme,
            paginate: raw.paginate,
            sections: raw.sections,
            markdown: raw.markdown,
            root: root.to_path_buf(),
        })
    }

    /// The schema of the section folder `dir`, or of its nearest configured ancestor.
    pub fn schema_for(&self, dir: &str) -> Option<&SectionSchema> {
        let mut cur = dir;
        loop {
            if let Some(s) = self.sections.get(cur) {
                return Some(s);
            }
            cur = cur.rsplit_once('/')?.0;
        }
    }

    /// The configured language codes, in config order.
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }

    /// The language with `code`, if configured.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// `code` followed by its fallback chain.
    pub fn chain<'a>(&'a self, code: &'a str) -> Vec<&'a str> {
        let mut chain = vec![code];
        if let Some(lang) = self.language(code) {
            chain.extend(lang.fallback.iter().map(String::as_str));
        }
        chain
    }

    /// The root-relative URL of `path` under the base path (`a/b/` -> `/sub/a/b/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The absolute URL of `path` (`a/b/` -> `https://host/sub/a/b/`).
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

const RAW_CONFIG_FIELDS: &[&str] = &[
    "base_url",
    "default_language",
    "root_language",
    "languages",
    "theme",
    "paginate",
    "code",
    "name",
    "fallback",
    "sections",
    "kind",
    "fields",
    "type",
    "values",
    "required",
    "taxonomy",
    "min",
    "max",
    "markdown",
    "allow_html",
    "tag",
    "attributes",
    "url_prefixes",
];

/// `https://host/sub/path` -> `/sub/path/`; None if not an absolute http(s) URL.
pub(crate) fn split_base_url(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty()
        || host.contains(char::is_whitespace)
        || path.contains(['?', '#', '\\'])
        || path.split('/').any(|seg| seg == ".." || seg == ".")
    {
        return None;
    }
    let path = path.trim_end_matches('/');
    Some(format!("{path}/"))
}

/// 1-based line and column of the first `key:` in YAML text, for errors found after parsing.
pub(crate) fn find_key(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches([' ', '-']);
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return (i + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
}

/// Deserialize YAML strictly, turning errors into diagnostics on the enclosing file.
///
/// `yaml` starts at line `line_offset + 1` of `file_text` (front matter sits below its
/// opening `---`), so positions are of the file the user edits, not of the YAML block.
/// `fields` are the names a typo is compared with for the "did you mean" hint.
pub(crate) fn parse_yaml<T: DeserializeOwned>(
    yaml: &str,
    line_offset: usize,
    file_text: &str,
    file: impl Into<PathBuf>,
    fields: &[&str],
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(yaml).map_err(|err| {
        let plain = err.without_snippet();
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(plain)
            .into_owned();
        let (line, col) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .unwrap_or((1, 1));
        let mut hint = "fix the YAML at this position".to_string();
        let mut msg = message.clone();
        if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some(end) = rest.find('`')
        {
            let name = &rest[..end];
            msg = format!("unknown field `{name}`");
            hint = match did_you_mean(name, fields) {
                Some(s) => format!("did you mean `{s}`? Free-form data goes under `extra:`"),
                None => format!(
                    "{}; free-form data goes under `extra:`",
                    rest[end + 1..].trim_start_matches(',').trim()
                ),
            };
        } else if message.starts_with("missing field") {
            hint = "add it; see README.md for the fields each file takes".into();
        } else if message.contains("invalid") || message.contains("expected") {
            hint = "check the value's type: text, a number, true/false, a list or a map".into();
        }
        Diagnostic::error(msg)
            .in_file(file)
            .at(file_text, line + line_offset, col)
            .hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_extracted() {
        assert_eq!(split_base_url("https://a.vn").as_deref(), Some("/"));
        assert_eq!(split_base_url("https://a.vn/").as_deref(), Some("/"));
        assert_eq!(split_base_url("https://a.vn/x/y").as_deref(), Some("/x/y/"));
        assert_eq!(split_base_url("ftp://a.vn/"), None);
        assert_eq!(split_base_url("https://a.vn/../x"), None);
    }

    #[test]
    fn find_key_skips_list_dashes() {
        let text = "languages:\n  - code: vi\n    name: x\n";
        assert_eq!(find_key(text, "code"), (2, 5));
        assert_eq!(find_key(text, "name"), (3, 5));
    }
}
