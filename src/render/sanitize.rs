//! Raw HTML in Markdown, sanitized with ammonia.
//!
//! Authors may write HTML inside Markdown; what reaches readers is cleaned by an
//! allow-list: ammonia's safe formatting, table and figure tags, plus what herald's own
//! Markdown renderer writes (heading ids, code classes, footnotes, task-list checkboxes,
//! table alignment), plus the site's `markdown.allow_html` rules from herald.yaml. No
//! `<script>`, `<style>`, event handler or `javascript:` URL survives.
//!
//! Only bodies that contain raw HTML are sanitized (most pages have none, and pay nothing).
//! The ammonia builder is made once per set of rules and shared by every page and thread.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::Deserialize;

/// One tag authors may use in raw HTML beyond the safe defaults (herald.yaml
/// `markdown.allow_html`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowHtml {
    /// The tag name (`iframe`).
    pub tag: String,
    /// Attributes kept on it (`src`, `title`...).
    #[serde(default)]
    pub attributes: Vec<String>,
    /// When not empty, a URL attribute (`src`, `href`...) of this tag is kept only if it
    /// starts with one of these (`https://www.youtube-nocookie.com/embed/`).
    #[serde(default)]
    pub url_prefixes: Vec<String>,
}

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "poster",
    "cite",
    "data",
    "action",
    "formaction",
    "srcset",
];

/// Tags and attributes an allow-list rule may not open: they run code whatever the URL.
pub fn forbidden_rule(rule: &AllowHtml) -> Option<String> {
    let tag = rule.tag.to_ascii_lowercase();
    if tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Some(format!("`{}` is not a tag name", rule.tag));
    }
    if matches!(
        tag.as_str(),
        "script" | "style" | "object" | "embed" | "base" | "meta"
    ) {
        return Some(format!(
            "`<{tag}>` cannot be allowed: it can run code or restyle the site"
        ));
    }
    for a in &rule.attributes {
        let a = a.to_ascii_lowercase();
        if a.starts_with("on") || a == "srcdoc" || a == "style" {
            return Some(format!(
                "attribute `{a}` cannot be allowed: it can run code"
            ));
        }
    }
    None
}

/// The shared sanitizer for one set of rules.
pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
    tags: HashSet<&'static str>,
    tag_attributes: HashMap<&'static str, HashSet<&'static str>>,
    generic: HashSet<&'static str>,
    prefixes: Arc<HashMap<&'static str, Vec<&'static str>>>,
}

impl std::fmt::Debug for Sanitizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sanitizer")
            .field("tags", &self.tags)
            .finish()
    }
}

/// A `&'static str` for a config string. ammonia's builder borrows its names; the rules
/// are few and a process sees few distinct ones, so each distinct name is kept once.
fn intern(s: &str) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(n) = names.get(s) {
        return n;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

impl Sanitizer {
    /// The sanitizer for `rules`, made once per distinct set of rules and then shared.
    pub fn for_rules(rules: &[AllowHtml]) -> Arc<Sanitizer> {
        type Cache = Option<(Vec<AllowHtml>, Arc<Sanitizer>)>;
        static CACHE: Mutex<Cache> = Mutex::new(None);
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((r, s)) = cache.as_ref()
            && r == rules
        {
            return Arc::clone(s);
        }
        let s = Arc::new(Sanitizer::new(rules));
        *cache = Some((rules.to_vec(), Arc::clone(&s)));
        s
    }

    fn new(rules: &[AllowHtml]) -> Sanitizer {
        let mut b = ammonia::Builder::default();
        // Links keep what the author wrote; herald's own links carry no rel either.
        b.link_rel(None);
        // The schemes `removed` reports on; ammonia's longer default list (ftp, irc, sms...)
        // has nothing a department's pages link to.
        b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
        // Heading ids and `{.class}`, code block languages, footnote ids and classes.
        b.add_generic_attributes(["id", "class"]);
        // Task lists: `<input disabled="" type="checkbox" checked=""/>`.
        b.add_tags(["input"]);
        b.add_tag_attributes("input", ["type", "checked", "disabled"]);
        // Table alignment: `<th style="text-align: left">`, and no other property.
        b.add_tag_attributes("th", ["style"]);
        b.add_tag_attributes("td", ["style"]);
        b.filter_style_properties(HashSet::from(["text-align"]));
        let mut prefixes: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for rule in rules {
            if forbidden_rule(rule).is_some() {
                continue; // config validation reported it
            }
            let tag = intern(&rule.tag.to_ascii_lowercase());
            b.add_tags([tag]);
            let attrs: Vec<&'static str> = rule
                .attributes
                .iter()
                .map(|a| intern(&a.to_ascii_lowercase()))
                .collect();
            b.add_tag_attributes(tag, attrs);
            if !rule.url_prefixes.is_empty() {
                prefixes
                    .entry(tag)
                    .or_default()
                    .extend(rule.url_prefixes.iter().map(|p| intern(p)));
            }
        }
        let prefixes = Arc::new(prefixes);
        let filter_prefixes = Arc::clone(&prefixes);
        b.attribute_filter(move |element, attribute, value| {
            if element == "input" && attribute == "type" && value != "checkbox" {
                return None;
            }
            if URL_ATTRIBUTES.contains(&attribute)
                && let Some(allowed) = filter_prefixes.get(element)
                && !allowed.iter().any(|p| value.trim().starts_with(p))
            {
                return None;
            }
            Some(Cow::Borrowed(value))
        });
        Sanitizer {
            tags: b.clone_tags(),
            tag_attributes: b.clone_tag_attributes(),
            generic: b.clone_generic_attributes(),
            prefixes,
            builder: b,
        }
    }

    /// The HTML with everything outside the allow-list removed.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }

    /// What sanitizing removes from one raw HTML fragment an author wrote, for a warning
    /// (`<script>`, `onclick on <a>`, `javascript: URL in href`); None if nothing.
    pub fn removed(&self, fragment: &str) -> Option<String> {
        let b = fragment.as_bytes();
        let mut i = 0;
        while let Some(lt) = fragment[i..].find('<').map(|k| i + k) {
            i = lt + 1;
            if fragment[lt..].starts_with("<!--") {
                continue;
            }
            let name_end = (i..b.len())
                .find(|&k| !(b[k].is_ascii_alphanumeric() || b[k] == b'-'))
                .unwrap_or(b.len());
            if name_end == i {
                continue; // a closing tag, a declaration, or a lone `<`
            }
            let tag = fragment[i..name_end].to_ascii_lowercase();
            if !self.tags.contains(tag.as_str()) {
                return Some(format!("`<{tag}>`"));
            }
            let (attrs, end) = crate::check::links::attributes(fragment, name_end);
            i = end;
            for (name, value) in attrs {
                let allowed = self.generic.contains(name.as_str())
                    || self
                        .tag_attributes
                        .get(tag.as_str())
                        .is_some_and(|a| a.contains(name.as_str()));
                if !allowed {
                    return Some(format!("`{name}` on `<{tag}>`"));
                }
                if URL_ATTRIBUTES.contains(&name.as_str()) {
                    let v = value.trim().to_ascii_lowercase();
                    let scheme = v
                        .split_once(':')
                        .map(|(s, _)| s)
                        .filter(|s| !s.contains(['/', '?', '#']));
                    if let Some(s) = scheme
                        && !matches!(s, "http" | "https" | "mailto" | "tel")
                    {
                        return Some(format!("the `{s}:` address in `{name}` of `<{tag}>`"));
                    }
                    if let Some(p) = self.prefixes.get(tag.as_str())
                        && !p.iter().any(|p| value.trim().starts_with(p))
                    {
                        return Some(format!(
                            "`{name}` of `<{tag}>`, which starts with none of its url_prefixes"
                        ));
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iframe() -> Vec<AllowHtml> {
        vec![AllowHtml {
            tag: "iframe".into(),
            attributes: vec!["src".into(), "title".into()],
            url_prefixes: vec!["https://www.youtube-nocookie.com/embed/".into()],
        }]
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_go_and_formatting_stays() {
        let s = Sanitizer::for_rules(&[]);
        let html = s.clean(
            "<p onclick=\"x()\">a <b>b</b> <a href=\"javascript:alert(1)\">c</a></p><script>alert(1)</script><style>p{}</style><h2 id=\"ha-tang\">H</h2><table><tr><td style=\"text-align: center; background: url(x)\">1</td></tr></table>",
        );
        assert_eq!(
            html,
            "<p>a <b>b</b> <a>c</a></p><h2 id=\"ha-tang\">H</h2><table><tbody><tr><td style=\"text-align:center\">1</td></tr></tbody></table>"
        );
        assert_eq!(s.removed("<b>ok</b>"), None);
        assert_eq!(s.removed("<script>x</script>"), Some("`<script>`".into()));
        assert_eq!(
            s.removed("<a href=\"/x\" onclick=\"y\">"),
            Some("`onclick` on `<a>`".into())
        );
        assert!(
            s.removed("<a href=\" JavaScript:x\">")
                .unwrap()
                .contains("javascript:")
        );
        assert_eq!(s.removed("<a href=\"/vi/x/?a=b:c\">"), None);
    }

    #[test]
    fn allow_list_rules_open_a_tag_for_listed_urls_only() {
        let s = Sanitizer::for_rules(&iframe());
        let ok = "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"V\"></iframe>";
        assert_eq!(s.clean(ok), ok);
        assert_eq!(s.removed(ok), None);
        let bad = "<iframe src=\"https://evil.example/\" title=\"V\" onload=\"x\"></iframe>";
        assert_eq!(s.clean(bad), "<iframe title=\"V\"></iframe>");
        assert!(s.removed(bad).is_some());
        // Without the rule, no iframe at all.
        assert_eq!(Sanitizer::for_rules(&[]).clean(ok), "");
    }

    #[test]
    fn rules_that_would_run_code_are_refused() {
        let mut r = iframe();
        assert_eq!(forbidden_rule(&r[0]), None);
        r[0].attributes.push("srcdoc".into());
        assert!(forbidden_rule(&r[0]).is_some());
        r[0].tag = "script".into();
        assert!(forbidden_rule(&r[0]).is_some());
    }
}
