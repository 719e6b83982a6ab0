//! Editorial gates: what must be right before anything is published.
//!
//! `herald check` and `herald build` run the same rules, on the same values: the loaded
//! [`Site`] and the [`Output`] rendered in memory. Checking comes after rendering because
//! links and anchors are only known for sure in the output (templates add links, ids and
//! URLs that Markdown alone does not show). Rules never touch the disk and never stop at
//! the first problem: each family below returns every diagnostic it finds, with a stable
//! code, so one run tells an editor everything.
//!
//! | module | codes |
//! | --- | --- |
//! | [`translations`] | `translation-missing`, `translation-stale`, `translation-untracked` |
//! | [`fluent`] | `fluent-missing`, `fluent-unused`, `fluent-args` (`fluent-syntax` comes from loading) |
//! | [`links`] | `link-broken`, `anchor-missing` (`link-untranslated` comes from rendering) |
//! | [`terminology`] | `term-forbidden` (`terminology` for errors in the terminology file) |
//! | [`accessibility`] | `alt-missing`, `heading-skip`, `link-text` |

pub mod accessibility;
pub mod fluent;
pub mod links;
pub mod markdown;
pub mod terminology;
pub mod text;
pub mod translations;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::Site;
use crate::content::Document;
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use markdown::Scan;
use translations::Coverage;

/// A Markdown document of the site (a page or a section index) with what rules look at.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The file.
    pub doc: &'a Document,
    /// Its language.
    pub lang: &'a str,
    /// The output folder its HTML is written to (`vi/tin-tuc/chao-mung/`).
    pub out_path: String,
    /// Its links and headings (its prose is dropped once searched: see [`documents`]).
    pub scan: Scan,
    /// Forbidden terms found in its prose.
    pub term_hits: Vec<Diagnostic>,
}

/// Every published page and section index, scanned in parallel.
pub fn documents(site: &Site) -> Vec<Doc<'_>> {
    let mut list: Vec<(&Document, &str, String)> = site
        .content
        .pages
        .iter()
        .map(|p| (&p.doc, p.lang.as_str(), p.path.clone()))
        .collect();
    for section in site.content.sections.values() {
        for (lang, index) in &section.index {
            let path = section.paths.get(lang).cloned().unwrap_or_default();
            list.push((&index.doc, lang.as_str(), path));
        }
    }
    let terminology = &site.terminology;
    list.into_par_iter()
        .map(|(doc, lang, out_path)| {
            let mut scan = markdown::scan(doc);
            // Folded prose takes 12 bytes a character: held for every page at once it was
            // most of a 10,000-page build's memory. Only terminology reads it, so it is
            // searched here and dropped.
            let prose = std::mem::take(&mut scan.prose);
            let term_hits = terminology
                .find(lang, &prose)
                .iter()
                .map(|hit| terminology::diagnostic(hit, lang, &doc.file, &doc.text))
                .collect();
            Doc {
                doc,
                lang,
                out_path,
                scan,
                term_hits,
            }
        })
        .collect()
}

/// Run every rule on a rendered site.
pub fn run(site: &Site, output: &Output) -> Vec<Diagnostic> {
    let mut laps = crate::timing::Laps::start();
    let docs = documents(site);
    laps.lap("  documents");
    let html = links::scan_output(output);
    laps.lap("  scan html");
    let mut diagnostics = Vec::new();
    translations::check(site, &mut diagnostics);
    laps.lap("  translations");
    fluent::check(site, &mut diagnostics);
    laps.lap("  fluent");
    links::check(site, output, &html, &docs, &mut diagnostics);
    laps.lap("  links");
    terms(site, &docs, &mut diagnostics);
    laps.lap("  terms");
    accessibility::check(site, &docs, &mut diagnostics);
    laps.lap("  accessibility");
    // Freed on both cores: each page's links, headings and anchors, 7 ms on one at 10,000.
    docs.into_par_iter().for_each(drop);
    diagnostics
}

/// Forbidden terms in content, front matter and Fluent messages, per language.
fn terms(site: &Site, docs: &[Doc<'_>], diagnostics: &mut Vec<Diagnostic>) {
    let terminology = &site.terminology;
    if terminology.is_empty() {
        return;
    }
    diagnostics.extend(docs.iter().flat_map(|d| d.term_hits.iter().cloned()));
    terminology::check_fluent(terminology, site.i18n.files(), diagnostics);
}

/// What a check found, in numbers.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    /// Diagnostics that fail a build.
    pub errors: usize,
    /// Diagnostics that do not.
    pub warnings: usize,
    /// Code -> number of diagnostics with it (`other` for those without a code).
    pub codes: BTreeMap<String, usize>,
    /// Translation coverage (empty when the site could not be loaded).
    pub translations: Coverage,
}

impl Summary {
    /// Count `diagnostics`; coverage comes from the site when it loaded.
    pub fn new(site: Option<&Site>, diagnostics: &[Diagnostic]) -> Summary {
        let mut codes: BTreeMap<String, usize> = BTreeMap::new();
        for d in diagnostics {
            *codes
                .entry(d.code.unwrap_or("other").to_string())
                .or_default() += 1;
        }
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            errors,
            warnings: diagnostics.len() - errors,
            codes,
            translations: site.map(translations::coverage).unwrap_or_default(),
        }
    }
}
