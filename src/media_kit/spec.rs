//! Reading a kit's asset list from front matter, and checking it with positions.
//!
//! The list is parsed strictly (unknown keys and wrong types are errors at their line, from
//! serde-saphyr), then checked for what a type cannot say: every text present in every
//! language the kit is published in, files inside the kit folder and real images. Those
//! errors point at the line of the key concerned, found by [`Locator`], which reads the
//! front matter as text because parsed YAML has no positions left.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The stable code of every problem in a kit's asset list (README's other codes).
const KIT_CODE: &str = "kit";

use serde::Deserialize;

use super::{Kit, KitAsset, Licence, derive, kit_folder, sha256_hex};
use crate::config::{Config, parse_yaml};
use crate::content::{Content, Document, Page, contained_path, parse_date};
use crate::diagnostic::{Diagnostic, did_you_mean, relative};
use crate::fields::FieldType;

/// One entry of the list as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAsset {
    file: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    title: BTreeMap<String, String>,
    #[serde(default)]
    caption: BTreeMap<String, String>,
    #[serde(default)]
    alt: BTreeMap<String, String>,
    #[serde(default)]
    credit: Option<Localized>,
    #[serde(default)]
    licence: Option<RawLicence>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    place: Option<Localized>,
}

/// Names a typo is compared with ("did you mean").
const ASSET_FIELDS: &[&str] = &[
    "file", "lang", "title", "caption", "alt", "credit", "licence", "date", "place", "spdx",
    "name", "url",
];

/// A text that may be the same in every language (a photographer's name) or per language.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Localized {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLicence {
    #[serde(default)]
    spdx: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Licences known by SPDX id: (id, name, URL). Others are written `{name, url}`.
const SPDX: &[(&str, &str, &str)] = &[
    (
        "CC0-1.0",
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "CC-BY-4.0",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC-BY-ND-4.0",
        "CC BY-ND 4.0",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    (
        "CC-BY-NC-4.0",
        "CC BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    (
        "CC-BY-NC-SA-4.0",
        "CC BY-NC-SA 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    (
        "CC-BY-NC-ND-4.0",
        "CC BY-NC-ND 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
];

/// Extensions read as images (decoded, resized); every other file is a document.
pub(super) const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Check one kit (its pages share `key`) and read its files.
pub(super) fn load_kit(
    config: &Config,
    content: &Content,
    key: &str,
    ids: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Kit> {
    let pages: Vec<&Page> = ids.iter().map(|&id| &content.pages[id]).collect();
    let mut ok = true;
    for page in &pages {
        if !is_bundle(page) {
            diagnostics.push(
                Diagnostic::error("a media kit must be a folder with its files")
                    .code(KIT_CODE)
                    .in_file(&page.doc.file)
                    .hint(format!(
                        "move it to content/{}/{}/index.{}.md and put the kit's files beside it",
                        page.section, page.slug, page.lang
                    )),
            );
            ok = false;
        }
    }
    let default = &config.default_language;
    let Some(main) = pages.iter().find(|p| &p.lang == default) else {
        let first = pages.first()?;
        diagnostics.push(
            Diagnostic::error(format!("this kit has no `{default}` page, which carries its asset list"))
                .code(KIT_CODE)
                .in_file(&first.doc.file)
                .hint(format!(
                    "add index.{default}.md beside it with `assets:`; the other languages' files carry only their title and text"
                )),
        );
        return None;
    };
    for page in &pages {
        if page.stem != main.stem {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the translations of a kit must share its folder, content/{}/",
                    main.stem
                ))
                .code(KIT_CODE)
                .in_file(&page.doc.file)
                .hint("move this file into the kit's folder and drop `translation_key`"),
            );
            ok = false;
        }
    }
    let field = asset_field(config, &main.section)?;

    // Only the default-language file lists assets (see the module docs).
    for page in pages.iter().filter(|p| &p.lang != default) {
        let (_, part) = crate::fields::split_yaml(page.doc.front_matter_yaml(), &[field]);
        if !part.trim().is_empty() {
            diagnostics.push(
                page.doc
                    .error_at_key(field, format!("the asset list of a kit lives in its `{default}` file only"))
                    .hint(format!(
                        "remove `{field}:` here and give the {} texts as `{}:` entries of each map in index.{default}.md",
                        page.lang, page.lang
                    )),
            );
            ok = false;
        }
    }

    let doc = &main.doc;
    let (_, part) = crate::fields::split_yaml(doc.front_matter_yaml(), &[field]);
    if part.trim().is_empty() {
        diagnostics.push(
            doc.error_at_key("title", format!("this kit lists no files under `{field}:`"))
                .hint(format!(
                    "add `{field}:` with one entry per file: {{file, title, caption, alt, credit, licence}}"
                )),
        );
        return None;
    }
    let parsed: BTreeMap<String, Vec<RawAsset>> =
        match parse_yaml(&part, 1, &doc.text, &doc.file, ASSET_FIELDS) {
            Ok(p) => p,
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        };
    let raw = parsed.into_values().next().unwrap_or_default();
    let locator = Locator::new(doc, field);
    if raw.is_empty() {
        diagnostics.push(
            locator
                .error(None, None, None, format!("the list `{field}` is empty"))
                .hint("list at least one file of the kit folder"),
        );
        return None;
    }

    let langs: Vec<String> = pages.iter().map(|p| p.lang.clone()).collect();
    let folder = kit_folder(config, &main.stem);
    let mut check = Checker {
        config,
        locator: &locator,
        langs: &langs,
        folder: &folder,
        diagnostics,
        ok: true,
    };
    let mut assets = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut derived: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in raw.into_iter().enumerate() {
        let Some(asset) = check.asset(i, raw) else {
            continue;
        };
        if let Some(first) = seen.insert(asset.file.clone(), i) {
            check.error(
                i,
                "file",
                None,
                format!(
                    "`{}` is listed twice (also entry {})",
                    asset.file,
                    first + 1
                ),
                "list each file once".into(),
            );
            continue;
        }
        if let Some(info) = &asset.image {
            let name = derive::derived_name(&asset.file, info);
            if let Some(first) = derived.insert(name.clone(), i) {
                check.error(
                    i,
                    "file",
                    None,
                    format!(
                        "`{}` and entry {} would both have the web version `{name}`",
                        asset.file,
                        first + 1
                    ),
                    "rename one of the two files".into(),
                );
                continue;
            }
        }
        assets.push(asset);
    }
    ok &= check.ok;

    // Files of the folder that the list leaves out are published beside the page but are
    // in no zip: probably a forgotten entry.
    for asset in main.assets.iter().filter(|a| !seen.contains_key(&a.rel)) {
        diagnostics.push(
            Diagnostic::warning(format!(
                "`{}` is in the kit folder but not in its `{field}` list, so it is in no zip",
                asset.rel
            ))
            .in_file(relative(&config.root, &asset.source))
            .hint(format!(
                "add it to `{field}:` in {}, or move it out of the kit folder",
                doc.file.display()
            )),
        );
    }
    if !ok {
        return None;
    }
    Some(Kit {
        key: key.to_string(),
        dir: main.stem.clone(),
        pages: pages.iter().map(|p| (p.lang.clone(), p.id)).collect(),
        assets,
        date: main.updated.as_ref().or(main.date.as_ref()).map(|d| d.date),
    })
}

fn is_bundle(page: &Page) -> bool {
    page.doc
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("index."))
}

/// The name of the section's `assets` field (config validation makes sure there is one).
fn asset_field<'c>(config: &'c Config, section: &str) -> Option<&'c str> {
    config
        .schema_for(section)?
        .fields
        .iter()
        .find(|(_, f)| f.kind == FieldType::Assets)
        .map(|(name, _)| name)
}

struct Checker<'a> {
    config: &'a Config,
    locator: &'a Locator<'a>,
    langs: &'a [String],
    folder: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
    ok: bool,
}

impl Checker<'_> {
    fn error(&mut self, item: usize, key: &str, sub: Option<&str>, msg: String, hint: String) {
        self.diagnostics.push(
            self.locator
                .error(Some(item), Some(key), sub, msg)
                .hint(hint),
        );
        self.ok = false;
    }

    fn asset(&mut self, i: usize, raw: RawAsset) -> Option<KitAsset> {
        let before = self.diagnostics.len();
        let file = raw.file.trim().to_string();
        let source = self.file(i, &file)?;
        let bytes = match std::fs::read(&source) {
            Ok(b) => b,
            Err(e) => {
                self.error(
                    i,
                    "file",
                    None,
                    format!("cannot read `{file}`: {e}"),
                    "check the file's permissions".into(),
                );
                return None;
            }
        };
        let is_image = Path::new(&file)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        let image = if is_image {
            match derive::probe(&bytes) {
                Ok(info) => Some(info),
                Err(why) => {
                    self.error(
                        i,
                        "file",
                        None,
                        format!("`{file}` is not a readable image: {why}"),
                        "export it again as JPEG, PNG or WebP; a document needs another extension (.pdf, .txt)".into(),
                    );
                    return None;
                }
            }
        } else {
            None
        };

        // The languages whose zips carry the asset, so whose texts it needs.
        let needed: Vec<String> = match &raw.lang {
            Some(l) if self.config.language(l).is_none() => {
                let codes: Vec<&str> = self.langs.iter().map(String::as_str).collect();
                self.error(
                    i,
                    "lang",
                    None,
                    format!("`{l}` is not a language of this site"),
                    format!("use one of: {}", codes.join(", ")),
                );
                Vec::new()
            }
            Some(l) if !self.langs.contains(l) => {
                self.diagnostics.push(
                    self.locator
                        .warning(Some(i), Some("lang"), format!("`{file}` is in `{l}`, but the kit has no `{l}` page, so it is in no zip"))
                        .hint(format!("add index.{l}.md to the kit, or remove the entry")),
                );
                Vec::new()
            }
            Some(l) => vec![l.clone()],
            None => self.langs.to_vec(),
        };
        let what = if image.is_some() { "image" } else { "file" };
        let title = self.texts(i, "title", &file, raw.title, &needed, true, what);
        let caption = self.texts(i, "caption", &file, raw.caption, &needed, true, what);
        let alt = if image.is_some() {
            self.texts(i, "alt", &file, raw.alt, &needed, true, what)
        } else {
            self.texts(i, "alt", &file, raw.alt, &needed, false, what)
        };
        let credit = match raw.credit {
            Some(Localized::Same(s)) if !s.trim().is_empty() => {
                needed.iter().map(|l| (l.clone(), s.clone())).collect()
            }
            Some(Localized::PerLanguage(m)) => {
                self.texts(i, "credit", &file, m, &needed, true, what)
            }
            _ => {
                self.error(
                    i,
                    "file",
                    None,
                    format!("`{file}` has no credit"),
                    "add `credit: ...` (one text for all languages, or a map by language); journalists must print it".into(),
                );
                BTreeMap::new()
            }
        };
        let place = match raw.place {
            Some(Localized::Same(s)) => needed.iter().map(|l| (l.clone(), s.clone())).collect(),
            Some(Localized::PerLanguage(m)) => {
                self.texts(i, "place", &file, m, &needed, true, what)
            }
            None => BTreeMap::new(),
        };
        let licence = self.licence(i, &file, raw.licence);
        let date = raw
            .date
            .as_deref()
            .and_then(|d| match parse_date(d.trim()) {
                Some(date) => Some(date),
                None => {
                    self.error(
                        i,
                        "date",
                        None,
                        format!("`{d}` is not a date"),
                        "write 2021-03-15".into(),
                    );
                    None
                }
            });
        if self.diagnostics[before..].iter().any(Diagnostic::is_error) {
            return None;
        }
        Some(KitAsset {
            sha256: sha256_hex(&bytes),
            bytes: Arc::new(bytes),
            file,
            source,
            lang: raw.lang,
            title,
            caption,
            alt,
            credit,
            place,
            licence: licence?,
            date,
            image,
            origin: self
                .locator
                .error(Some(i), Some("file"), None, String::new()),
        })
    }

    /// The file on disk, if `rel` names one inside the kit folder.
    fn file(&mut self, i: usize, rel: &str) -> Option<std::path::PathBuf> {
        let leaves = rel.is_empty()
            || rel.contains('\\')
            || rel.starts_with('/')
            || rel.contains(':')
            || rel
                .split('/')
                .any(|s| s == ".." || s == "." || s.is_empty());
        if leaves {
            self.error(
                i,
                "file",
                None,
                format!("`{rel}` is not a path inside the kit folder"),
                "name a file of the kit folder relative to it, with `/` between folders and without `..` (photo.jpg, photos/port.jpg)".into(),
            );
            return None;
        }
        let path = self.folder.join(rel);
        if path.symlink_metadata().is_err() {
            let hint = match nearby_files(self.folder) {
                names if names.is_empty() => "put the file beside index.md".to_string(),
                names => {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    match did_you_mean(rel, &refs) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("files in the kit folder: {}", names.join(", ")),
                    }
                }
            };
            self.error(
                i,
                "file",
                None,
                format!("`{rel}` not found in the kit folder"),
                hint,
            );
            return None;
        }
        // The real path must stay in the folder too: a symlink may point anywhere.
        match contained_path(self.folder, self.folder, rel) {
            Some(p) if p.is_file() => Some(p),
            Some(_) => {
                self.error(
                    i,
                    "file",
                    None,
                    format!("`{rel}` is not a file"),
                    "name a file, not a folder".into(),
                );
                None
            }
            None => {
                self.error(
                    i,
                    "file",
                    None,
                    format!("`{rel}` is a link to a file outside the kit folder"),
                    "copy the file into the kit folder instead of linking to it".into(),
                );
                None
            }
        }
    }

    /// A text per language: every language in `needed` present (when `required`), no
    /// language the site does not have.
    #[allow(clippy::too_many_arguments)]
    fn texts(
        &mut self,
        i: usize,
        key: &str,
        file: &str,
        map: BTreeMap<String, String>,
        needed: &[String],
        required: bool,
        what: &str,
    ) -> BTreeMap<String, String> {
        for lang in map.keys() {
            if self.config.language(lang).is_none() {
                let codes = self.config.codes();
                self.error(
                    i,
                    key,
                    Some(lang),
                    format!("`{lang}` is not a language of this site"),
                    format!("languages: {}", codes.join(", ")),
                );
            }
        }
        if required {
            for lang in needed {
                if map.get(lang).is_none_or(|t| t.trim().is_empty()) {
                    let noun = match key {
                        "alt" => "alt text",
                        other => other,
                    };
                    self.error(
                        i,
                        key,
                        None,
                        format!("`{file}` has no {noun} in `{lang}`"),
                        format!(
                            "add `{lang}: ...` under `{key}:`; the kit is published in {}, and each zip carries the {what}'s texts in its language",
                            needed.join(", ")
                        ),
                    );
                }
            }
        }
        map.into_iter()
            .filter(|(l, t)| needed.contains(l) && !t.trim().is_empty())
            .map(|(l, t)| (l, t.trim().to_string()))
            .collect()
    }

    fn licence(&mut self, i: usize, file: &str, raw: Option<RawLicence>) -> Option<Licence> {
        let hint = "write `licence: {spdx: CC-BY-4.0}` or `licence: {name: ..., url: https://...}`";
        let Some(raw) = raw else {
            self.error(
                i,
                "file",
                None,
                format!("`{file}` has no licence"),
                format!("{hint}: journalists need to know what they may do with it"),
            );
            return None;
        };
        if let Some(url) = &raw.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            self.error(
                i,
                "licence",
                Some("url"),
                format!("licence URL `{url}` is not an http(s) address"),
                hint.into(),
            );
            return None;
        }
        match (raw.spdx, raw.name) {
            (Some(id), None) => match SPDX.iter().find(|(k, _, _)| k.eq_ignore_ascii_case(&id)) {
                Some((k, name, url)) => Some(Licence {
                    spdx: Some(k.to_string()),
                    name: name.to_string(),
                    url: Some(raw.url.unwrap_or_else(|| url.to_string())),
                }),
                None => {
                    let ids: Vec<&str> = SPDX.iter().map(|(k, _, _)| *k).collect();
                    self.error(
                        i,
                        "licence",
                        Some("spdx"),
                        format!("licence `{id}` is not one herald knows by its SPDX id"),
                        match did_you_mean(&id, &ids) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "known: {}; for another licence write {{name: ..., url: ...}}",
                                ids.join(", ")
                            ),
                        },
                    );
                    None
                }
            },
            (None, Some(name)) if !name.trim().is_empty() => Some(Licence {
                spdx: None,
                name: name.trim().to_string(),
                url: raw.url,
            }),
            (Some(_), Some(_)) => {
                self.error(
                    i,
                    "licence",
                    None,
                    "a licence has either an `spdx` id or a `name`, not both".into(),
                    hint.into(),
                );
                None
            }
            _ => {
                self.error(
                    i,
                    "licence",
                    None,
                    format!("`{file}` has an empty licence"),
                    hint.into(),
                );
                None
            }
        }
    }
}

/// File names directly in `folder`, sorted, for hints.
fn nearby_files(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| !n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Lines of the asset list in the front matter: where each entry and its keys are.
pub(super) struct Locator<'a> {
    doc: &'a Document,
    /// 1-based line of `assets:`.
    list_line: usize,
    /// 1-based (first, last) lines of each entry.
    items: Vec<(usize, usize)>,
}

impl<'a> Locator<'a> {
    fn new(doc: &'a Document, field: &str) -> Locator<'a> {
        let fm = &doc.text[..doc.body_start];
        let lines: Vec<&str> = fm.lines().collect();
        let list_line = lines
            .iter()
            .position(|l| {
                l.strip_prefix(field)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map(|i| i + 1)
            .unwrap_or(1);
        let mut items = Vec::new();
        let mut item_indent = None;
        // Lines after the key until the next top-level key or the closing `---`.
        for (i, line) in lines.iter().enumerate().skip(list_line) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = line.len() - trimmed.len();
            if indent == 0 && !trimmed.starts_with('-') {
                break;
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                if item_indent.is_none() {
                    item_indent = Some(indent);
                }
                if Some(indent) == item_indent {
                    items.push((i + 1, i + 1));
                    continue;
                }
            }
            if let Some(last) = items.last_mut() {
                last.1 = i + 1;
            }
        }
        Locator {
            doc,
            list_line,
            items,
        }
    }

    /// (line, column) of `key` (and of `sub` under it) in entry `item`, as near as known.
    fn position(
        &self,
        item: Option<usize>,
        key: Option<&str>,
        sub: Option<&str>,
    ) -> (usize, usize) {
        let lines: Vec<&str> = self.doc.text.lines().collect();
        let col_of = |line: usize| {
            let text = lines.get(line - 1).copied().unwrap_or("");
            let t = text.trim_start_matches([' ', '-']);
            text[..text.len() - t.len()].chars().count() + 1
        };
        let Some(&(first, last)) = item.and_then(|i| self.items.get(i)) else {
            return (self.list_line, col_of(self.list_line));
        };
        let Some(key) = key else {
            return (first, col_of(first));
        };
        let key_line = (first..=last).find(|&l| {
            lines.get(l - 1).is_some_and(|t| {
                t.trim_start_matches([' ', '-'])
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
        });
        let Some(key_line) = key_line else {
            return (first, col_of(first));
        };
        let Some(sub) = sub else {
            return (key_line, col_of(key_line));
        };
        // `key: {sub: ...}` on one line, or `sub:` on a deeper line below it.
        let text = lines.get(key_line - 1).copied().unwrap_or("");
        let needle = format!("{sub}:");
        if let Some(pos) = text.find(&needle).filter(|&p| p > col_of(key_line)) {
            return (key_line, text[..pos].chars().count() + 1);
        }
        let key_indent = col_of(key_line);
        for l in key_line + 1..=last {
            let t = lines.get(l - 1).copied().unwrap_or("");
            if col_of(l) <= key_indent {
                break;
            }
            if t.trim_start().starts_with(&needle) {
                return (l, col_of(l));
            }
        }
        (key_line, key_indent)
    }

    /// An error at entry `item`'s `key` (and `sub`), or at the list when unknown.
    pub(super) fn error(
        &self,
        item: Option<usize>,
        key: Option<&str>,
        sub: Option<&str>,
        msg: String,
    ) -> Diagnostic {
        let (line, col) = self.position(item, key, sub);
        Diagnostic::error(msg)
            .code(KIT_CODE)
            .in_file(&self.doc.file)
            .at(&self.doc.text, line, col)
    }

    fn warning(&self, item: Option<usize>, key: Option<&str>, msg: String) -> Diagnostic {
        let mut d = self.error(item, key, None, msg);
        d.severity = crate::diagnostic::Severity::Warning;
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            file: "content/press/kits/k/index.vi.md".into(),
            text: text.into(),
            body_start: text.rfind("---\n").map(|i| i + 4).unwrap_or(text.len()),
        }
    }

    #[test]
    fn locator_finds_entries_keys_and_languages() {
        let d = doc(
            "---\ntitle: K\nassets:\n  - file: a.jpg\n    caption: {vi: A, en: B}\n  - file: b.jpg\n    alt:\n      vi: x\n      en: y\ndate: 2021-01-01\n---\nBody\n",
        );
        let loc = Locator::new(&d, "assets");
        assert_eq!(loc.list_line, 3);
        assert_eq!(loc.items, vec![(4, 5), (6, 9)]);
        assert_eq!(loc.position(Some(0), Some("file"), None), (4, 5));
        assert_eq!(loc.position(Some(0), Some("caption"), Some("en")), (5, 22));
        assert_eq!(loc.position(Some(1), Some("alt"), Some("en")), (9, 7));
        assert_eq!(loc.position(Some(1), Some("caption"), None), (6, 5));
        assert_eq!(loc.position(None, None, None), (3, 1));
    }
}
