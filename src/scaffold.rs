//! `herald new SECTION "Tiêu đề"`: a new page in every configured language.
//!
//! Staff should not copy an old page to start a new one (and carry its facts along by
//! mistake). The page starts from an archetype: the site's `archetypes/SECTION.md` or
//! `archetypes/default.md` if present, else one made from the section's typed fields in
//! herald.yaml, each field with its type and allowed values as a comment.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::diagnostic::Diagnostic;
use crate::fields::{FieldType, SectionSchema};
use crate::slug::slugify;

/// Folder of the site's archetypes.
pub const ARCHETYPES_DIR: &str = "archetypes";

/// Create `content/SECTION/<slug>.LANG.md` for every language; returns the paths written
/// (relative to the site root). Refuses (writing nothing) if any of them exists.
pub fn new_page(root: &Path, section: &str, title: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let config = Config::load(root, None)?;
    let section = section.trim_matches('/').replace('\\', "/");
    let section_dir = root.join(CONTENT_DIR).join(&section);
    if section.is_empty()
        || section
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
        || !section_dir.is_dir()
    {
        let mut known: Vec<String> = std::fs::read_dir(root.join(CONTENT_DIR))
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        known.sort();
        return Err(vec![
            Diagnostic::error(format!("there is no section `{section}` in content/"))
                .hint(format!("sections: {}", known.join(", "))),
        ]);
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::error("the title has no letters or digits to make a URL from")
                .hint("give a title such as \"Khu kinh tế Dung Quất\""),
        ]);
    }
    let date = jiff::ZonedDateTime::now().date().to_string();
    let template = archetype(root, &section, config.schema_for(&section));
    let fill = |lang: &str| {
        template
            .replace("{{ title }}", &yaml_string(title))
            .replace("{{ date }}", &date)
            .replace("{{ lang }}", lang)
            .replace("{{ slug }}", &slug)
    };
    let source_version = version_of(&fill(&config.default_language));
    let mut files = Vec::new();
    for lang in &config.languages {
        let rel = PathBuf::from(CONTENT_DIR)
            .join(&section)
            .join(format!("{slug}.{}.md", lang.code));
        if root.join(&rel).exists() {
            return Err(vec![
                Diagnostic::error(format!("{} already exists", rel.display()))
                    .in_file(&rel)
                    .hint("herald new never overwrites; choose another title or edit the existing page"),
            ]);
        }
        let mut text = fill(&lang.code);
        if lang.code != config.default_language
            && let Some(version) = &source_version
            && let Some(with) = crate::translated::set_translated_from(&text, version)
        {
            // The translation starts as a copy of its source at this version: once the
            // source is written, `herald check` reports the translation as stale.
            text = with;
        }
        files.push((rel, text));
    }
    for (rel, text) in &files {
        // create_new: a file appearing since the check above is not overwritten either.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(root.join(rel))
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = written {
            return Err(vec![
                Diagnostic::error(format!("cannot write {}: {e}", rel.display()))
                    .in_file(rel)
                    .hint("check that you may write to the section folder"),
            ]);
        }
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// The version of a new page's text, as its translations record it (see `herald check`).
fn version_of(text: &str) -> Option<String> {
    let body_start = crate::content::split_front_matter(text).ok()?;
    let yaml = text[..body_start]
        .strip_prefix("---\n")?
        .trim_end_matches('\n')
        .strip_suffix("---")?;
    let front: serde_json::Map<String, serde_json::Value> = serde_saphyr::from_str(yaml).ok()?;
    let title = front.get("title")?.as_str()?;
    let summary = front.get("summary").and_then(|s| s.as_str());
    Some(crate::check::translations::source_version(
        title,
        summary,
        &text[body_start..],
    ))
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The archetype text with `{{ title }}`, `{{ date }}`, `{{ lang }}` and `{{ slug }}` to fill.
fn archetype(root: &Path, section: &str, schema: Option<&SectionSchema>) -> String {
    let dir = root.join(ARCHETYPES_DIR);
    for name in [
        format!("{}.md", section.replace('/', "-")),
        "default.md".into(),
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(&name)) {
            return text;
        }
    }
    let mut text = String::from(
        "---\ntitle: {{ title }}\ndate: {{ date }}\nsummary: \"\"\n# Remove `draft` when the page is ready to publish.\ndraft: true\n",
    );
    if let Some(schema) = schema {
        for (name, spec) in schema.fields.iter() {
            let (example, about) = match &spec.kind {
                FieldType::Text => ("\"\"".to_string(), "text".to_string()),
                FieldType::List => ("[]".to_string(), "a list of texts".to_string()),
                FieldType::Number { .. } => ("0".to_string(), "a number".to_string()),
                FieldType::Date => ("{{ date }}".to_string(), "a date".to_string()),
                FieldType::Enum { values } => (
                    values.first().cloned().unwrap_or_default(),
                    format!("one of: {}", values.join(", ")),
                ),
                FieldType::Term => (String::new(), "an id such as binh-son".to_string()),
                FieldType::Money => (
                    "{amount: 0, currency: VND}".to_string(),
                    "amount and currency (VND or USD)".to_string(),
                ),
                FieldType::Geo => (
                    "{lat: 0, lon: 0}".to_string(),
                    "latitude and longitude".to_string(),
                ),
                FieldType::Assets => (
                    "[]".to_string(),
                    "the kit's files, each with file, title, caption, alt, credit and licence (README: media kits)".to_string(),
                ),
                FieldType::Contact => (
                    "{name: \"\", email: \"\", phone: \"\"}".to_string(),
                    "who to call".to_string(),
                ),
            };
            if spec.required {
                // Left empty on purpose: the build names this line until it is filled in.
                text.push_str(&format!("{name}:  # required: {about}\n"));
            } else {
                text.push_str(&format!("# {name}: {example}  # {about}\n"));
            }
        }
    }
    text.push_str("---\n\n");
    text
}
