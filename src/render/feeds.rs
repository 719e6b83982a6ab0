//! Atom feeds (per language and per section) and the sitemap with language alternates.
//!
//! These are written in Rust rather than templates: their format is fixed by standards,
//! and a theme author should not be able to break them. No build time appears in them:
//! a feed's `<updated>` is its newest entry's date, so an unchanged site gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write;

use rayon::prelude::*;

use super::views::{ViewBuilder, escape_html};
use crate::Site;
use crate::content::Page;
use crate::output::{OutFile, Output};

/// Most entries in one feed.
const FEED_ENTRIES: usize = 30;

/// `LANG/atom.xml` for every language and `<section>/atom.xml` for every section.
pub fn write_feeds(site: &Site, views: &ViewBuilder<'_>, output: &mut Output) {
    for lang in &site.config.languages {
        let code = lang.code.as_str();
        let site_title = site.i18n.format(code, "site-title", &[], "atom.xml");
        let all: Vec<&Page> = views
            .all_in(code)
            .into_iter()
            .filter(|p| p.date.is_some())
            .collect();
        let path = format!("{code}/atom.xml");
        let home = format!("{code}/");
        output.set(
            path.clone(),
            OutFile::Bytes(atom(site, views, code, &site_title, &path, &home, &all).into_bytes()),
        );
        for section in site.content.sections.values() {
            if section.dir.is_empty() {
                continue;
            }
            let pages: Vec<&Page> = views
                .list(&section.dir, code)
                .into_iter()
                .filter(|p| p.date.is_some())
                .collect();
            let title = format!("{site_title} – {}", views.section_title(section, code));
            let base = &section.paths[code];
            let path = format!("{base}atom.xml");
            output.set(
                path.clone(),
                OutFile::Bytes(atom(site, views, code, &title, &path, base, &pages).into_bytes()),
            );
        }
    }
}

fn atom(
    site: &Site,
    views: &ViewBuilder<'_>,
    lang: &str,
    title: &str,
    self_path: &str,
    alternate_path: &str,
    pages: &[&Page],
) -> String {
    let config = &site.config;
    let pages = &pages[..pages.len().min(FEED_ENTRIES)];
    let updated = pages
        .iter()
        .filter_map(|p| p.updated.as_ref().or(p.date.as_ref()))
        .max_by(|a, b| a.date.cmp(&b.date))
        .map(|d| d.rfc3339.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n",
        escape_html(title),
        config.permalink(self_path),
        config.permalink(alternate_path),
        config.permalink(self_path),
    );
    for page in pages {
        let link = config.permalink(&page.path);
        let published = page.date.as_ref().map(|d| d.rfc3339.as_str()).unwrap_or("");
        let updated = page
            .updated
            .as_ref()
            .map(|d| d.rfc3339.as_str())
            .unwrap_or(published);
        let _ = write!(
            xml,
            "  <entry xml:lang=\"{lang}\">\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{published}</published>\n    <updated>{updated}</updated>\n    <author><name>{}</name></author>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&page.front.title),
            escape_html(&site.i18n.format(lang, "site-title", &[], "atom.xml")),
            escape_html(&views.page_summary(page)),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml`: every page, section and home in every language, with `xhtml:link`
/// alternates so search engines pair translations.
pub fn write_sitemap(site: &Site, output: &mut Output) {
    let config = &site.config;
    /// A URL's alternates: paths by language (the homes, a section's), or a page's
    /// translations (by language, page number).
    enum Alternates<'a> {
        Paths(&'a BTreeMap<String, String>),
        Pages(Option<&'a BTreeMap<String, usize>>),
    }
    let homes: BTreeMap<String, String> = config
        .languages
        .iter()
        .map(|l| (l.code.clone(), format!("{}/", l.code)))
        .collect();
    // path -> (lastmod, alternates); a later entry for a path replaces an earlier one.
    let mut urls: BTreeMap<&str, (Option<String>, Alternates<'_>)> = BTreeMap::new();
    for path in homes.values() {
        urls.insert(path, (None, Alternates::Paths(&homes)));
    }
    for section in site.content.sections.values() {
        if section.dir.is_empty() {
            continue;
        }
        for path in section.paths.values() {
            urls.insert(path, (None, Alternates::Paths(&section.paths)));
        }
    }
    for page in &site.content.pages {
        let lastmod = page
            .updated
            .as_ref()
            .or(page.date.as_ref())
            .map(|d| d.date.to_string());
        let alternates = Alternates::Pages(site.content.translations.get(&page.key));
        urls.insert(&page.path, (lastmod, alternates));
    }
    let urls: Vec<(&str, (Option<String>, Alternates<'_>))> = urls.into_iter().collect();
    // Written in parallel, in order: at 10,000 pages this was a serial stretch of a build.
    let parts: Vec<String> = urls
        .par_chunks(256)
        .map(|chunk| {
            let mut xml = String::new();
            for (path, (lastmod, alternates)) in chunk {
                let alternates: Vec<(&str, &str)> = match alternates {
                    Alternates::Paths(paths) => paths
                        .iter()
                        .map(|(l, p)| (l.as_str(), p.as_str()))
                        .collect(),
                    Alternates::Pages(pages) => pages
                        .iter()
                        .flat_map(|m| m.iter())
                        .map(|(l, &id)| (l.as_str(), site.content.pages[id].path.as_str()))
                        .collect(),
                };
                url_entry(&mut xml, config, path, lastmod.as_deref(), &alternates);
            }
            xml
        })
        .collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    parts.iter().for_each(|p| xml.push_str(p));
    xml.push_str("</urlset>\n");
    output.set("sitemap.xml", OutFile::Bytes(xml.into_bytes()));
}

/// One `<url>` of the sitemap; `alternates` (language, path) sorted by language.
fn url_entry(
    xml: &mut String,
    config: &crate::config::Config,
    path: &str,
    lastmod: Option<&str>,
    alternates: &[(&str, &str)],
) {
    let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", config.permalink(path));
    if let Some(l) = lastmod {
        let _ = writeln!(xml, "    <lastmod>{l}</lastmod>");
    }
    if alternates.len() > 1 {
        for (lang, alt) in alternates {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                config.permalink(alt)
            );
        }
        if let Some((_, default)) = alternates
            .iter()
            .find(|(lang, _)| *lang == config.default_language)
        {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                config.permalink(default)
            );
        }
    }
    xml.push_str("  </url>\n");
}

/// File name of a section's GeoJSON, beside its list page.
pub const GEOJSON: &str = "sites.geojson";

/// A GeoJSON FeatureCollection of `features` (each pretty-printed on its own), laid out
/// byte for byte as `serde_json::to_string_pretty` lays out the whole collection. The
/// features are printed in parallel: printing thousands of them in one piece was a serial
/// stretch of 20 ms at 10,000 pages.
fn feature_collection(features: &[String]) -> String {
    let mut text = String::from("{\n  \"features\": [");
    if features.is_empty() {
        text.push_str("],\n");
    } else {
        for (i, feature) in features.iter().enumerate() {
            text.push_str(if i == 0 { "\n    " } else { ",\n    " });
            // Nested two levels deeper. A JSON string never holds a raw line break, so
            // every one is the layout's.
            text.push_str(&feature.replace('\n', "\n    "));
        }
        text.push_str("\n  ],\n");
    }
    text.push_str("  \"type\": \"FeatureCollection\"\n}\n");
    text
}

/// `SECTION/sites.geojson` per language for sections whose pages have a geo field:
/// every published page with coordinates as a GeoJSON Point (RFC 7946: lon, lat).
pub fn write_geojson(site: &Site, views: &ViewBuilder<'_>, output: &mut Output) {
    for (dir, schema) in &site.config.sections {
        let Some(section) = site.content.sections.get(dir) else {
            continue;
        };
        if !views.has_geo(dir) {
            continue;
        }
        for lang in &site.config.languages {
            let code = lang.code.as_str();
            let nested = format!("{dir}/");
            let mut pages: Vec<&Page> = site
                .content
                .pages
                .iter()
                .filter(|p| p.lang == code && (p.section == *dir || p.section.starts_with(&nested)))
                .collect();
            pages.sort_by(|a, b| a.path.cmp(&b.path));
            // In parallel (in order): a map section of thousands of pages was a serial
            // stretch of a build, with a core idle.
            let features: Vec<String> = pages
                .into_par_iter()
                .filter_map(|page| {
                    let (lat, lon) = page.fields.values().find_map(|v| match v {
                        crate::fields::FieldValue::Geo { lat, lon } => Some((*lat, *lon)),
                        _ => None,
                    })?;
                    let mut props = serde_json::Map::new();
                    props.insert("title".into(), page.front.title.clone().into());
                    props.insert("url".into(), site.config.permalink(&page.path).into());
                    props.insert("summary".into(), views.page_summary(page).into());
                    for fact in views.facts(page, GEOJSON) {
                        let (Some(name), Some(display)) =
                            (fact["name"].as_str(), fact["display"].as_str())
                        else {
                            continue;
                        };
                        if schema
                            .fields
                            .get(name)
                            .is_some_and(|f| f.kind != crate::fields::FieldType::Geo)
                        {
                            props.insert(name.to_string(), display.into());
                        }
                    }
                    let feature = serde_json::json!({
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": props,
                    });
                    serde_json::to_string_pretty(&feature).ok()
                })
                .collect();
            let text = feature_collection(&features);
            output.set(
                format!("{}{GEOJSON}", section.paths[code]),
                OutFile::Bytes(text.into_bytes()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feature_collection_is_laid_out_as_serde_json_lays_out_the_whole() {
        let feature = |n: f64, title: &str| {
            serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [108.8, n]},
                "properties": {"title": title, "empty": {}, "list": [], "quote": "a \"b\"\nc"},
            })
        };
        for features in [
            vec![],
            vec![feature(15.1, "Lý Sơn")],
            vec![
                feature(15.1, "Lý Sơn"),
                feature(14.9, "Sa Huỳnh"),
                feature(15.3, "x"),
            ],
        ] {
            let whole = serde_json::to_string_pretty(&serde_json::json!({
                "type": "FeatureCollection",
                "features": features,
            }))
            .unwrap()
                + "\n";
            let pieces: Vec<String> = features
                .iter()
                .map(|f| serde_json::to_string_pretty(f).unwrap())
                .collect();
            assert_eq!(feature_collection(&pieces), whole);
        }
    }
}
