//! Taxonomies: pages grouped by a field's value (investment by sector and district,
//! heritage by recognition) and by tag, with a page per term in every language.
//!
//! Term ids are stable (`binh-son`); their names come from Fluent (`value-district-binh-son`),
//! and URLs from the translated names, so `/vi/dau-tu/dia-ban/binh-son/` and
//! `/en/investment/district/binh-son/` are the same term and link to each other. Tags are
//! free text in each language, so a tag page links to the tag index of other languages.
//! Only published pages are counted: an embargoed page is in no term list.

use std::collections::BTreeMap;

use crate::Site;
use crate::fields::FieldValue;
use crate::slug::slugify;

/// The key of the tags taxonomy.
pub const TAGS: &str = "tags";

/// One term in one language.
#[derive(Debug, Clone)]
pub struct Term {
    /// Display name.
    pub title: String,
    /// URL path (`vi/dau-tu/linh-vuc/nang-luong/`).
    pub path: String,
    /// Page ids, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy in one language.
#[derive(Debug, Clone)]
pub struct TaxonomyLang {
    /// Display name (`Lĩnh vực`).
    pub title: String,
    /// URL path of the index of terms.
    pub path: String,
    /// Terms by id.
    pub terms: BTreeMap<String, Term>,
}

/// A taxonomy: a field of a section, or the site's tags.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// `tags` or the field name.
    pub field: String,
    /// The section folder for a field taxonomy; None for tags.
    pub section: Option<String>,
    /// Per language.
    pub langs: BTreeMap<String, TaxonomyLang>,
}

impl Taxonomy {
    /// A stable key: `tags` or `SECTION/FIELD`.
    pub fn key(&self) -> String {
        match &self.section {
            Some(s) => format!("{s}/{}", self.field),
            None => self.field.clone(),
        }
    }
}

/// Every taxonomy of the site, by key.
pub fn build(site: &Site) -> BTreeMap<String, Taxonomy> {
    let mut out = BTreeMap::new();
    let content = &site.content;
    let i18n = &site.i18n;
    for (dir, schema) in &site.config.sections {
        let Some(section) = content.sections.get(dir) else {
            continue;
        };
        for (field, spec) in schema.fields.iter() {
            if !spec.taxonomy {
                continue;
            }
            let mut tax = Taxonomy {
                field: field.to_string(),
                section: Some(dir.clone()),
                langs: BTreeMap::new(),
            };
            for lang in &site.config.languages {
                let code = lang.code.as_str();
                let title = i18n.format(code, &format!("field-{field}"), &[], "taxonomy pages");
                let base = format!("{}{}/", section.paths[code], slug_or(&title, field));
                let mut terms: BTreeMap<String, Term> = BTreeMap::new();
                let mut pages: Vec<&crate::content::Page> = content
                    .pages
                    .iter()
                    .filter(|p| p.lang == code && in_section(&p.section, dir))
                    .collect();
                crate::content::sort_pages(&mut pages);
                for page in pages {
                    let Some(FieldValue::Text(id)) = page.fields.get(field) else {
                        continue;
                    };
                    let term = terms.entry(id.clone()).or_insert_with(|| {
                        let title = i18n.format(
                            code,
                            &format!("value-{field}-{id}"),
                            &[],
                            &format!("the `{field}` value of {}", page.doc.file.display()),
                        );
                        Term {
                            path: format!("{base}{}/", slug_or(&title, id)),
                            title,
                            pages: Vec::new(),
                        }
                    });
                    term.pages.push(page.id);
                }
                tax.langs.insert(
                    code.to_string(),
                    TaxonomyLang {
                        title,
                        path: base,
                        terms,
                    },
                );
            }
            out.insert(tax.key(), tax);
        }
    }

    let mut tags = Taxonomy {
        field: TAGS.into(),
        section: None,
        langs: BTreeMap::new(),
    };
    for lang in &site.config.languages {
        let code = lang.code.as_str();
        let title = i18n.format(code, "taxonomy-tags", &[], "tag pages");
        let base = format!("{code}/{}/", slug_or(&title, TAGS));
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        let mut pages: Vec<&crate::content::Page> =
            content.pages.iter().filter(|p| p.lang == code).collect();
        crate::content::sort_pages(&mut pages);
        for page in pages {
            for tag in &page.front.tags {
                let id = slugify(tag);
                if id.is_empty() {
                    continue;
                }
                let term = terms.entry(id.clone()).or_insert_with(|| Term {
                    title: tag.clone(),
                    path: format!("{base}{id}/"),
                    pages: Vec::new(),
                });
                if term.pages.last() != Some(&page.id) {
                    term.pages.push(page.id);
                }
            }
        }
        tags.langs.insert(
            code.to_string(),
            TaxonomyLang {
                title,
                path: base,
                terms,
            },
        );
    }
    out.insert(TAGS.into(), tags);
    out
}

fn in_section(page_section: &str, dir: &str) -> bool {
    page_section == dir || page_section.starts_with(&format!("{dir}/"))
}

/// The slug of a translated name, or of the id when the name has no letters.
fn slug_or(title: &str, id: &str) -> String {
    let s = slugify(title);
    if s.is_empty() { slugify(id) } else { s }
}
