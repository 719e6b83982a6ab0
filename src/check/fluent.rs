//! UI strings: messages templates use but a language lacks, messages nothing uses, and
//! variables passed and expected that do not agree.
//!
//! Rendering only notices a missing message on a page that happens to be built; a check
//! must know every use. Tera 2 does not expose its parsed templates, so the `t(...)` calls
//! are found by a small scanner over template code (`{{ }}` and `{% %}`), which knows
//! strings, comments and nested parentheses; that is all a call's shape needs. A key built
//! at run time (`t(key="section-" ~ name)`) counts as using every message with that prefix;
//! misses of keys no scanner can see are still caught while rendering and reported here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use fluent_syntax::ast;

use crate::Site;
use crate::diagnostic::{Diagnostic, Severity, line_col};
use crate::i18n::{BUILTIN_MESSAGES, FtlFile, I18N_DIR};

/// A `t(key=..., ...)` call in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The message id, when the key is a string literal.
    pub key: Option<String>,
    /// The literal start of a key built at run time (`"section-" ~ name`).
    pub prefix: Option<String>,
    /// Names of the other keyword arguments: the variables passed.
    pub args: Vec<String>,
    /// Byte offset of the `t` in the template.
    pub offset: usize,
}

/// Every `t(...)` call in a template's code.
pub fn calls(template: &str) -> Vec<Call> {
    let b = template.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        let close: &[u8] = match b[i + 1] {
            b'{' => b"}}",
            b'%' => b"%}",
            b'#' => {
                i = find(b, i + 2, b"#}").map_or(b.len(), |e| e + 2);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let mut j = i + 2;
        while j < b.len() {
            match b[j] {
                b'"' | b'\'' | b'`' => j = skip_string(b, j),
                _ if b[j..].starts_with(close) => break,
                b't' if b.get(j + 1) == Some(&b'(')
                    && (j == 0 || !is_ident(b[j - 1]) && b[j - 1] != b'.') =>
                {
                    let (call, end) = parse_call(template, j);
                    out.push(call);
                    j = end;
                }
                _ => j += 1,
            }
        }
        i = j + 2;
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..b.len()).find(|&k| b[k..].starts_with(needle))
}

/// Index just past the string literal starting at `start`.
fn skip_string(b: &[u8], start: usize) -> usize {
    let quote = b[start];
    let mut k = start + 1;
    while k < b.len() && b[k] != quote {
        if b[k] == b'\\' {
            k += 1;
        }
        k += 1;
    }
    (k + 1).min(b.len())
}

/// Parse `t(...)` at `start`; returns the call and the index past its `)`.
fn parse_call(src: &str, start: usize) -> (Call, usize) {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut k = start + 1;
    let mut args: Vec<(usize, usize)> = Vec::new();
    let mut arg_start = start + 2;
    while k < b.len() {
        match b[k] {
            b'"' | b'\'' | b'`' => {
                k = skip_string(b, k);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    args.push((arg_start, k));
                    k += 1;
                    break;
                }
            }
            b',' if depth == 1 => {
                args.push((arg_start, k));
                arg_start = k + 1;
            }
            _ => {}
        }
        k += 1;
    }
    let mut call = Call {
        key: None,
        prefix: None,
        args: Vec::new(),
        offset: start,
    };
    for (a, e) in args {
        let arg = src[a..e].trim();
        let Some((name, value)) = arg.split_once('=') else {
            continue;
        };
        let name = name.trim();
        let value = value.trim();
        if name == "key" {
            match literal_prefix(value) {
                Some((lit, rest)) if rest.trim().is_empty() => call.key = Some(lit),
                Some((lit, rest)) if rest.trim_start().starts_with('~') => call.prefix = Some(lit),
                _ => {}
            }
        } else if !name.is_empty() {
            call.args.push(name.to_string());
        }
    }
    (call, k)
}

/// A string literal at the start of `value`, and what follows it.
fn literal_prefix(value: &str) -> Option<(String, &str)> {
    let quote = value
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let end = value[1..].find(quote)? + 1;
    Some((value[1..end].to_string(), &value[end + 1..]))
}

/// A message as one `.ftl` file defines it.
#[derive(Debug, Clone)]
struct Definition {
    /// Index in `I18n::files`.
    file: usize,
    /// Byte offset of its id.
    offset: usize,
    /// Variables it uses (`$name`), in its value, attributes and selectors.
    variables: BTreeSet<String>,
    /// Messages it refers to (`{ other }`).
    references: BTreeSet<String>,
}

fn definitions(files: &[FtlFile]) -> Vec<(String, String, Definition)> {
    let mut out = Vec::new();
    for (index, f) in files.iter().enumerate() {
        let resource = match fluent_syntax::parser::parse(f.text.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in &resource.body {
            let ast::Entry::Message(m) = entry else {
                continue;
            };
            let mut def = Definition {
                file: index,
                offset: offset_in(&f.text, m.id.name).unwrap_or(0),
                variables: BTreeSet::new(),
                references: BTreeSet::new(),
            };
            if let Some(p) = &m.value {
                pattern_uses(p, &mut def);
            }
            for a in &m.attributes {
                pattern_uses(&a.value, &mut def);
            }
            out.push((f.lang.clone(), m.id.name.to_string(), def));
        }
    }
    out
}

fn offset_in(text: &str, slice: &str) -> Option<usize> {
    let start = (slice.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start + slice.len() <= text.len()).then_some(start)
}

fn pattern_uses(p: &ast::Pattern<&str>, def: &mut Definition) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_uses(expression, def);
        }
    }
}

fn expression_uses(e: &ast::Expression<&str>, def: &mut Definition) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_uses(selector, def);
            for v in variants {
                pattern_uses(&v.value, def);
            }
        }
        ast::Expression::Inline(i) => inline_uses(i, def),
    }
}

fn inline_uses(i: &ast::InlineExpression<&str>, def: &mut Definition) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            def.variables.insert(id.name.to_string());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            def.references.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_uses(a, def);
            }
            for n in &arguments.named {
                inline_uses(&n.value, def);
            }
        }
        // A term's variables are its own arguments, not the caller's.
        ast::InlineExpression::TermReference { .. } => {}
        ast::InlineExpression::Placeable { expression } => expression_uses(expression, def),
        _ => {}
    }
}

/// Where a message is used: a template position, or herald's own code.
#[derive(Debug, Clone)]
struct Use {
    /// Template file relative to the site root, None for herald's code.
    file: Option<PathBuf>,
    /// Its text, for the position.
    text: Option<String>,
    offset: usize,
    args: BTreeSet<String>,
}

impl Use {
    fn describe(&self) -> String {
        match (&self.file, &self.text) {
            (Some(f), Some(t)) => {
                let (l, c) = line_col(t, self.offset);
                format!("{}:{l}:{c}", f.display())
            }
            _ => "herald itself".to_string(),
        }
    }

    fn place(&self, d: Diagnostic) -> Diagnostic {
        match (&self.file, &self.text) {
            (Some(f), Some(t)) => d.in_file(f).at_offset(t, self.offset),
            _ => d,
        }
    }
}

/// Missing, unused and mismatched messages.
pub fn check(site: &Site, diagnostics: &mut Vec<Diagnostic>) {
    let root = &site.config.root;
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let mut prefixes: BTreeSet<String> = BTreeSet::new();
    let mut opaque = false;
    for (name, text) in &site.templates.sources {
        let file = site
            .templates
            .files
            .get(name)
            .map(|p| crate::diagnostic::relative(root, p))
            .unwrap_or_else(|| PathBuf::from(name));
        for call in calls(text) {
            match (&call.key, &call.prefix) {
                (Some(key), _) => uses.entry(key.clone()).or_default().push(Use {
                    file: Some(file.clone()),
                    text: Some(text.clone()),
                    offset: call.offset,
                    args: call.args.iter().cloned().collect(),
                }),
                (None, Some(prefix)) => {
                    prefixes.insert(prefix.clone());
                }
                (None, None) => opaque = true,
            }
        }
    }
    for (key, args) in BUILTIN_MESSAGES {
        uses.entry(key.to_string()).or_default().push(Use {
            file: None,
            text: None,
            offset: 0,
            args: args.iter().map(|a| a.to_string()).collect(),
        });
    }

    let files = site.i18n.files();
    let defs = definitions(files);
    // The message each language resolves to: the site's over the theme's.
    let mut effective: BTreeMap<(String, String), &Definition> = BTreeMap::new();
    for (lang, id, def) in &defs {
        let key = (lang.clone(), id.clone());
        let replace = match effective.get(&key) {
            None => true,
            Some(old) => files[def.file].layer > files[old.file].layer,
        };
        if replace {
            effective.insert(key, def);
        }
    }

    missing(site, &uses, diagnostics);
    arguments(site, &uses, &effective, files, diagnostics);
    if !opaque {
        unused(
            site,
            &uses,
            &prefixes,
            &defs,
            &effective,
            files,
            diagnostics,
        );
    }
}

fn missing(site: &Site, uses: &BTreeMap<String, Vec<Use>>, diagnostics: &mut Vec<Diagnostic>) {
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    for (key, list) in uses {
        let Some(first) = list.first() else { continue };
        let places: Vec<String> = list.iter().take(3).map(Use::describe).collect();
        let more = if list.len() > 3 {
            format!(" and {} more", list.len() - 3)
        } else {
            String::new()
        };
        for lang in &site.config.languages {
            if site.i18n.has(&lang.code, key) {
                continue;
            }
            let found = site
                .config
                .chain(&lang.code)
                .into_iter()
                .find(|l| *l != lang.code && site.i18n.has(l, key));
            let d = match found {
                Some(from) => Diagnostic::new(
                    Severity::Warning,
                    "fluent-missing",
                    format!(
                        "Fluent message `{key}` is missing in `{}`; readers see the `{from}` text (used by {}{more})",
                        lang.code,
                        places.join(", ")
                    ),
                )
                .hint(format!("translate `{key}` in i18n/{}/", lang.code)),
                None => Diagnostic::new(
                    Severity::Error,
                    "fluent-missing",
                    format!(
                        "Fluent message `{key}` is missing in `{}` and its fallbacks (used by {}{more})",
                        lang.code,
                        places.join(", ")
                    ),
                )
                .hint(format!("add `{key} = ...` to an .ftl file in i18n/{}/", lang.code)),
            };
            let d = if first.file.is_some() {
                first.place(d)
            } else {
                d.in_file(PathBuf::from(I18N_DIR).join(&lang.code))
            };
            diagnostics.push(d);
            reported.insert((key.clone(), lang.code.clone()));
        }
    }
    // Keys no scanner could see (built at run time) were still noticed while rendering.
    for m in site.i18n.misses() {
        if !reported.insert((m.key.clone(), m.lang.clone())) {
            continue;
        }
        let d = match m.found_in {
            None => Diagnostic::new(
                Severity::Error,
                "fluent-missing",
                format!(
                    "Fluent message `{}` is missing in `{}` and its fallbacks (used by {})",
                    m.key, m.lang, m.used_by
                ),
            )
            .hint(format!("add `{} = ...` to an .ftl file in i18n/{}/", m.key, m.lang)),
            Some(from) => Diagnostic::new(
                Severity::Warning,
                "fluent-missing",
                format!(
                    "Fluent message `{}` is missing in `{}`; readers see the `{from}` text (used by {})",
                    m.key, m.lang, m.used_by
                ),
            )
            .hint(format!("translate `{}` in i18n/{}/", m.key, m.lang)),
        };
        diagnostics.push(d.in_file(PathBuf::from(I18N_DIR).join(&m.lang)));
    }
}

/// Variables of `id` in `lang`, through the messages it refers to (which see the same
/// arguments in Fluent).
fn variables_of(
    lang: &str,
    id: &str,
    effective: &BTreeMap<(String, String), &Definition>,
    seen: &mut BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if !seen.insert(id.to_string()) {
        return out;
    }
    if let Some(def) = effective.get(&(lang.to_string(), id.to_string())) {
        out.extend(def.variables.iter().cloned());
        for r in &def.references {
            out.extend(variables_of(lang, r, effective, seen));
        }
    }
    out
}

fn arguments(
    site: &Site,
    uses: &BTreeMap<String, Vec<Use>>,
    effective: &BTreeMap<(String, String), &Definition>,
    files: &[FtlFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, list) in uses {
        for lang in &site.config.languages {
            let Some(def) = effective.get(&(lang.code.clone(), key.clone())) else {
                continue;
            };
            let expected = variables_of(&lang.code, key, effective, &mut BTreeSet::new());
            let file = &files[def.file];
            // One report per distinct argument list, at its first use.
            let mut seen: BTreeSet<&BTreeSet<String>> = BTreeSet::new();
            for u in list {
                if !seen.insert(&u.args) {
                    continue;
                }
                for var in expected.difference(&u.args) {
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Error,
                            "fluent-args",
                            format!(
                                "Fluent message `{key}` in `{}` uses `${var}`, which {} does not pass",
                                lang.code,
                                u.describe()
                            ),
                        )
                        .in_file(&file.file)
                        .at_offset(&file.text, def.offset)
                        .hint(format!(
                            "readers would see `{{${var}}}`: pass `{var}=...` in the t() call, or remove `{{ ${var} }}` from the message"
                        )),
                    );
                }
                for var in u.args.difference(&expected) {
                    diagnostics.push(
                        u.place(Diagnostic::new(
                            Severity::Warning,
                            "fluent-args",
                            format!(
                                "`{var}` is passed to Fluent message `{key}`, which does not use it in `{}`",
                                lang.code
                            ),
                        ))
                        .hint(format!(
                            "use `{{ ${var} }}` in `{key}` in {}, or stop passing it",
                            file.file.display()
                        )),
                    );
                }
            }
        }
    }
}

fn unused(
    site: &Site,
    uses: &BTreeMap<String, Vec<Use>>,
    prefixes: &BTreeSet<String>,
    defs: &[(String, String, Definition)],
    effective: &BTreeMap<(String, String), &Definition>,
    files: &[FtlFile],
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Section titles are asked for by folder name when a section has no `_index`.
    let mut sections: BTreeSet<String> = site
        .content
        .sections
        .keys()
        .filter(|d| !d.is_empty())
        .map(|d| format!("section-{}", d.replace('/', "-")))
        .collect();
    // Typed fields name their labels and values by message id (herald.yaml `sections:`).
    let mut prefixes = prefixes.clone();
    for schema in site.config.sections.values() {
        for (name, spec) in schema.fields.iter() {
            sections.insert(format!("field-{name}"));
            match &spec.kind {
                crate::fields::FieldType::Enum { values } => {
                    sections.extend(values.iter().map(|v| format!("value-{name}-{v}")));
                }
                crate::fields::FieldType::Term => {
                    prefixes.insert(format!("value-{name}-"));
                }
                crate::fields::FieldType::Number { .. } => {
                    sections.insert(format!("value-{name}"));
                }
                _ => {}
            }
        }
    }
    for lang in &site.config.languages {
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut todo: Vec<String> = uses
            .keys()
            .cloned()
            .chain(sections.iter().cloned())
            .collect();
        for (l, id, _) in defs {
            if *l == lang.code && prefixes.iter().any(|p| id.starts_with(p.as_str())) {
                todo.push(id.clone());
            }
        }
        while let Some(id) = todo.pop() {
            if !used.insert(id.clone()) {
                continue;
            }
            if let Some(def) = effective.get(&(lang.code.clone(), id)) {
                todo.extend(def.references.iter().cloned());
            }
        }
        for (l, id, def) in defs {
            if *l != lang.code || used.contains(id) {
                continue;
            }
            let file = &files[def.file];
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "fluent-unused",
                    format!("Fluent message `{id}` is not used by any template"),
                )
                .in_file(&file.file)
                .at_offset(&file.text, def.offset)
                .hint("remove it, or use it in a template with t(key=\"...\")"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_in_code_only() {
        let t = r#"<p>t(key="text")</p>{# t(key="comment") #}
{{ t(key="a") }} {% set x = t(key='b', count=n, name=f(x=1, y=2)) %}
{{ "t(key='string')" }} {{ at(key="c") }} {{ x.t(key="d") }}
{{ t(key="section-" ~ dir) }} {{ t(key=k) }}"#;
        let c = calls(t);
        let keys: Vec<Option<&str>> = c.iter().map(|c| c.key.as_deref()).collect();
        assert_eq!(keys, vec![Some("a"), Some("b"), None, None]);
        assert_eq!(c[1].args, vec!["count", "name"]);
        assert_eq!(c[2].prefix.as_deref(), Some("section-"));
        assert_eq!(c[3].prefix, None);
        assert_eq!(&t[c[0].offset..c[0].offset + 2], "t(");
    }

    #[test]
    fn message_variables_include_selectors_and_functions() {
        let files = vec![FtlFile {
            lang: "en".into(),
            layer: crate::i18n::Layer::Theme,
            file: PathBuf::from("x.ftl"),
            text: "m = { $count ->\n    [one] one { NUMBER($n) }\n   *[other] { other } { -term($no) }\n}\nother = { $z }\n".into(),
        }];
        let defs = definitions(&files);
        let effective: BTreeMap<(String, String), &Definition> = defs
            .iter()
            .map(|(l, id, d)| ((l.clone(), id.clone()), d))
            .collect();
        let vars = variables_of("en", "m", &effective, &mut BTreeSet::new());
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            vec!["count", "n", "z"]
        );
    }
}
