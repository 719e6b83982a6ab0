//! Approved terminology: `i18n/terminology.yaml` lists, per language, the term to use and
//! the forms to flag, and every hit in content, front matter and Fluent messages is an error.
//!
//! For a foreign-affairs department a wrong name is not a style slip: "South China Sea" in
//! an English page contradicts the country's official position. Matching is whole-word and
//! case-insensitive on NFC text (see [`super::text`]); code spans and URLs are not prose.
//! A flagged form inside an occurrence of the approved term is not a hit, so an entry may
//! approve `Hoàng Sa (Paracel) archipelago` and still flag a bare `Paracel Islands`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use fluent_syntax::ast;
use serde::Deserialize;

use super::text::{Folded, Hit};
use crate::config::{Config, parse_yaml};
use crate::diagnostic::{Diagnostic, Severity};

/// The terminology file, under the site root.
pub const TERMINOLOGY_FILE: &str = "i18n/terminology.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    #[serde(rename = "use")]
    use_: String,
    instead_of: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

const ENTRY_FIELDS: &[&str] = &["use", "instead_of", "note"];

/// One approved term and the forms that must not be used instead of it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The approved term, as written in the file.
    pub approved: String,
    /// The forms to flag, as written.
    pub forbidden: Vec<String>,
    /// Why, for the hint.
    pub note: Option<String>,
    approved_folded: Vec<char>,
    forbidden_folded: Vec<Vec<char>>,
}

/// The approved terms of every language.
#[derive(Debug, Clone, Default)]
pub struct Terminology {
    /// Language code -> its terms.
    pub terms: BTreeMap<String, Vec<Term>>,
}

/// A forbidden form found in some text.
#[derive(Debug, Clone)]
pub struct TermHit<'a> {
    /// Where it starts, as a byte offset in the text's source.
    pub offset: usize,
    /// The entry it breaks.
    pub term: &'a Term,
    /// The form found, as the file lists it.
    pub form: &'a str,
}

impl Terminology {
    /// Read `i18n/terminology.yaml` if the site has one (an absent file means no terms).
    pub fn load(config: &Config) -> (Terminology, Vec<Diagnostic>) {
        let path = config.root.join(TERMINOLOGY_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Terminology::default(), Vec::new());
            }
            Err(e) => {
                return (
                    Terminology::default(),
                    vec![
                        Diagnostic::error(format!("cannot read: {e}"))
                            .code("io")
                            .in_file(TERMINOLOGY_FILE)
                            .hint("save the file as UTF-8"),
                    ],
                );
            }
        };
        Terminology::parse(config, &text)
    }

    /// The terms of `text`, the contents of `i18n/terminology.yaml` (BOM and CRLF already
    /// removed), checked against the site's languages. Reads no disk (the fuzzers enter here).
    #[doc(hidden)]
    pub fn parse(config: &Config, text: &str) -> (Terminology, Vec<Diagnostic>) {
        if text.trim().is_empty() {
            return (Terminology::default(), Vec::new());
        }
        let raw: BTreeMap<String, Vec<RawEntry>> =
            match parse_yaml(text, 0, text, TERMINOLOGY_FILE, ENTRY_FIELDS) {
                Ok(r) => r,
                Err(d) => return (Terminology::default(), vec![d.code("terminology")]),
            };
        Terminology::validate(raw, config, text)
    }

    fn validate(
        raw: BTreeMap<String, Vec<RawEntry>>,
        config: &Config,
        text: &str,
    ) -> (Terminology, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut terms = BTreeMap::new();
        let at_line_of = |needle: &str, msg: String, hint: &str| {
            let offset = text.find(needle).unwrap_or(0);
            Diagnostic::error(msg)
                .code("terminology")
                .in_file(TERMINOLOGY_FILE)
                .at_offset(text, offset)
                .hint(hint.to_string())
        };
        for (lang, entries) in raw {
            if config.language(&lang).is_none() {
                let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                diagnostics.push(at_line_of(
                    &format!("{lang}:"),
                    format!("terminology for `{lang}`, which is not a language of the site"),
                    &format!("configured languages: {}", codes.join(", ")),
                ));
                continue;
            }
            let mut list = Vec::new();
            for e in entries {
                let approved_folded = Folded::term(&e.use_);
                if approved_folded.is_empty() {
                    diagnostics.push(at_line_of(
                        "use:",
                        format!("an approved term in `{lang}` is empty"),
                        "write the approved term: use: \"East Sea\"",
                    ));
                    continue;
                }
                let forbidden: Vec<String> = e
                    .instead_of
                    .into_iter()
                    .filter(|f| !Folded::term(f).is_empty())
                    .collect();
                if forbidden.is_empty() {
                    diagnostics.push(at_line_of(
                        &e.use_,
                        format!("`{}` lists no form to flag", e.use_),
                        "add the forms to flag: instead_of: [\"...\"]",
                    ));
                    continue;
                }
                list.push(Term {
                    forbidden_folded: forbidden.iter().map(|f| Folded::term(f)).collect(),
                    approved: e.use_,
                    forbidden,
                    note: e.note,
                    approved_folded,
                });
            }
            terms.insert(lang, list);
        }
        (Terminology { terms }, diagnostics)
    }

    /// Forbidden forms of `lang` in `text`, in order; none inside an approved term.
    pub fn find<'a>(&'a self, lang: &str, text: &Folded) -> Vec<TermHit<'a>> {
        let Some(terms) = self.terms.get(lang) else {
            return Vec::new();
        };
        // Every forbidden form of the language, looked for in one walk over the text.
        let forms: Vec<(usize, usize)> = terms
            .iter()
            .enumerate()
            .flat_map(|(t, term)| (0..term.forbidden.len()).map(move |f| (t, f)))
            .collect();
        let needles: Vec<&[char]> = forms
            .iter()
            .map(|&(t, f)| terms[t].forbidden_folded[f].as_slice())
            .collect();
        // The approved term is looked for only where one of its forbidden forms was found:
        // most texts have none, and each search is a walk over the page.
        let mut approved: Vec<Option<Vec<Hit>>> = vec![None; terms.len()];
        let mut hits = Vec::new();
        for (k, hit) in text.find_all(&needles) {
            let (t, f) = forms[k];
            let term = &terms[t];
            let approved = approved[t].get_or_insert_with(|| text.find(&term.approved_folded));
            let inside = approved
                .iter()
                .any(|a| a.start <= hit.start && hit.end <= a.end);
            if !inside {
                hits.push((
                    k,
                    hit.start,
                    TermHit {
                        offset: hit.offset,
                        term,
                        form: &term.forbidden[f],
                    },
                ));
            }
        }
        // By place in the source; at one place (an entity's characters share it), in the
        // file's order of terms and forms.
        hits.sort_by_key(|(k, start, h)| (h.offset, *k, *start));
        hits.into_iter().map(|(_, _, h)| h).collect()
    }

    /// True if no language has terms.
    pub fn is_empty(&self) -> bool {
        self.terms.values().all(Vec::is_empty)
    }
}

/// The diagnostic for a hit in `file` whose text is `source`.
pub fn diagnostic(
    hit: &TermHit<'_>,
    lang: &str,
    file: impl Into<PathBuf>,
    source: &str,
) -> Diagnostic {
    let mut hint = format!("write `{}`", hit.term.approved);
    if let Some(note) = &hit.term.note {
        hint.push_str(&format!(": {}", note.trim()));
    }
    Diagnostic::new(
        Severity::Error,
        "term-forbidden",
        format!(
            "`{}` is not the approved term in `{lang}`; use `{}`",
            hit.form, hit.term.approved
        ),
    )
    .in_file(file)
    .at_offset(source, hit.offset)
    .hint(hint)
}

/// The prose of a Fluent file: message and term values and attributes, and string literals,
/// at their offsets in `text`. Variables, references and ids are not prose.
pub fn fluent_prose(text: &str) -> Folded {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        // Syntax errors are reported where the file is loaded; the rest is still checked.
        Err((r, _)) => r,
    };
    let mut prose = Folded::new();
    for entry in &resource.body {
        let (value, attributes) = match entry {
            ast::Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        prose.push_break();
        if let Some(p) = value {
            pattern_prose(p, text, &mut prose);
        }
        for a in attributes {
            prose.push_break();
            pattern_prose(&a.value, text, &mut prose);
        }
    }
    prose
}

/// Byte offset of `slice` in `text`, if it is a part of it (fluent-syntax hands out slices).
fn offset_in(text: &str, slice: &str) -> Option<usize> {
    let start = (slice.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + slice.len() <= text.len()).then_some(start)
}

fn pattern_prose(pattern: &ast::Pattern<&str>, text: &str, prose: &mut Folded) {
    for element in &pattern.elements {
        match element {
            ast::PatternElement::TextElement { value } => match offset_in(text, value) {
                Some(at) => prose.push(value, at),
                None => prose.push_break(),
            },
            ast::PatternElement::Placeable { expression } => {
                prose.push_break();
                expression_prose(expression, text, prose);
                prose.push_break();
            }
        }
    }
}

fn expression_prose(expression: &ast::Expression<&str>, text: &str, prose: &mut Folded) {
    match expression {
        ast::Expression::Select { variants, .. } => {
            for v in variants {
                prose.push_break();
                pattern_prose(&v.value, text, prose);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            if let Some(at) = offset_in(text, value) {
                prose.push(value, at);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            expression_prose(expression, text, prose);
        }
        _ => {}
    }
}

/// Hits in every `.ftl` file of the languages that have terms.
pub fn check_fluent(
    terminology: &Terminology,
    files: &[crate::i18n::FtlFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for f in files {
        if !terminology.terms.contains_key(&f.lang) {
            continue;
        }
        let prose = fluent_prose(&f.text);
        for hit in terminology.find(&f.lang, &prose) {
            diagnostics.push(diagnostic(&hit, &f.lang, &f.file, &f.text));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, approved: &str, forbidden: &[&str]) -> Terminology {
        Terminology {
            terms: BTreeMap::from([(
                lang.to_string(),
                vec![Term {
                    approved: approved.into(),
                    forbidden: forbidden.iter().map(|s| s.to_string()).collect(),
                    note: None,
                    approved_folded: Folded::term(approved),
                    forbidden_folded: forbidden.iter().map(|f| Folded::term(f)).collect(),
                }],
            )]),
        }
    }

    fn find(t: &Terminology, lang: &str, text: &str) -> Vec<usize> {
        let mut f = Folded::new();
        f.push(text, 0);
        t.find(lang, &f).into_iter().map(|h| h.offset).collect()
    }

    #[test]
    fn forms_inside_the_approved_term_are_not_hits() {
        let t = terms("en", "Hoàng Sa (Paracel) archipelago", &["Paracel"]);
        assert!(find(&t, "en", "the Hoàng Sa (Paracel) archipelago").is_empty());
        assert_eq!(find(&t, "en", "the Paracel group"), vec![4]);
    }

    #[test]
    fn only_the_texts_language_is_checked() {
        let t = terms("en", "East Sea", &["South China Sea"]);
        assert_eq!(find(&t, "en", "South China Sea").len(), 1);
        assert!(find(&t, "vi", "South China Sea").is_empty());
    }

    #[test]
    fn fluent_prose_has_text_and_literals_not_variables_or_ids() {
        let ftl = "south-china-sea = The { $name } South China Sea\nsel = { $n ->\n    [one] East\n   *[other] { \"South China\" } Sea\n}\n";
        let prose = fluent_prose(ftl);
        let s = prose.as_string();
        assert!(s.contains("the |"), "{s}");
        assert!(s.contains("south china sea"), "{s}");
        assert!(!s.contains("name"), "{s}");
        assert!(!s.contains("south-china-sea"), "{s}");
        let t = terms("en", "East Sea", &["South China Sea"]);
        let hits = t.find("en", &prose);
        assert_eq!(hits.len(), 1, "a literal and text apart are two phrases");
        assert!(ftl[hits[0].offset..].starts_with("South China Sea\n"));
    }
}
