//! Typed front matter fields that a site declares per section (investment, heritage...).
//!
//! Readers scan these pages for facts, so the facts are data, not prose: a section's
//! schema in `herald.yaml` names each field and its type, and every page of the section
//! is checked against it (unknown, mistyped and missing required fields are errors with
//! file:line:column). The same values drive the fact boxes, JSON-LD, taxonomies and
//! GeoJSON, so one typo cannot make them disagree.
//!
//! Front matter is one YAML block holding both the common keys (`title`, `date`...) and
//! the section's keys. The block is split by top-level key into two texts of the same
//! length in lines (the other part's lines left blank), so both parse with positions of
//! the `.md` file: the common part strictly into `PageFrontMatter`, the section part
//! into values checked here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::find_key;
use crate::content::{Document, parse_date};
use crate::diagnostic::Diagnostic;

/// The type of a declared field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum FieldType {
    /// Free text in the page's language.
    Text,
    /// A list of texts (e.g. key messages).
    List,
    /// A number, optionally bounded.
    Number {
        /// Smallest allowed value.
        min: Option<f64>,
        /// Largest allowed value.
        max: Option<f64>,
    },
    /// A calendar date (`2020-08-15`).
    Date,
    /// One value of a fixed list; named in each language by Fluent `value-FIELD-VALUE`.
    Enum {
        /// Allowed values (ASCII ids).
        values: Vec<String>,
    },
    /// An id from an open list (districts, sectors); named in each language by Fluent.
    Term,
    /// `{amount, currency}`, currency VND or USD.
    Money,
    /// `{lat, lon}` in degrees.
    Geo,
    /// `{name, email, phone}`, all optional but at least one.
    Contact,
    /// The asset list of a media kit (`kind: kit`): parsed and checked by `media_kit`,
    /// which knows the kit's folder and the site's languages.
    Assets,
}

/// One declared field, as written in herald.yaml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, try_from = "RawFieldSpec")]
pub struct FieldSpec {
    /// The field's type and its parameters.
    pub kind: FieldType,
    /// A page of the section must have it.
    pub required: bool,
    /// Each value gets a page per language listing its pages.
    pub taxonomy: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFieldSpec {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    values: Option<Vec<String>>,
    #[serde(default)]
    min: Option<f64>,
    #[serde(default)]
    max: Option<f64>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    taxonomy: bool,
}

impl TryFrom<RawFieldSpec> for FieldSpec {
    type Error = String;

    fn try_from(raw: RawFieldSpec) -> Result<Self, String> {
        let kind = match raw.kind.as_str() {
            "text" => FieldType::Text,
            "list" => FieldType::List,
            "number" => FieldType::Number {
                min: raw.min,
                max: raw.max,
            },
            "date" => FieldType::Date,
            "enum" => FieldType::Enum {
                values: raw
                    .values
                    .clone()
                    .filter(|v| !v.is_empty())
                    .ok_or("an enum field needs `values: [...]`")?,
            },
            "term" => FieldType::Term,
            "money" => FieldType::Money,
            "geo" => FieldType::Geo,
            "contact" => FieldType::Contact,
            "assets" => FieldType::Assets,
            other => {
                return Err(format!(
                    "unknown field type `{other}`; use text, list, number, date, enum, term, money, geo, contact or assets"
                ));
            }
        };
        if raw.values.is_some() && !matches!(kind, FieldType::Enum { .. }) {
            return Err("`values` is only for enum fields".into());
        }
        if raw.taxonomy && !matches!(kind, FieldType::Enum { .. } | FieldType::Term) {
            return Err("only enum and term fields can be taxonomies".into());
        }
        let taxonomy = raw.taxonomy || matches!(kind, FieldType::Term);
        Ok(FieldSpec {
            kind,
            required: raw.required,
            taxonomy,
        })
    }
}

/// What a section is, and the fields of its pages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSchema {
    /// `investment`, `heritage`, `press`, `sovereignty`, `news` or `generic`: picks
    /// templates (`KIND/page.html`) and the JSON-LD type.
    #[serde(default = "generic")]
    pub kind: String,
    /// Declared fields, in the order fact boxes show them.
    #[serde(default)]
    pub fields: indexmap_lite::OrderedMap<FieldSpec>,
}

fn generic() -> String {
    "generic".into()
}

/// Ordered maps for YAML without a new dependency: fact boxes keep the declared order.
pub mod indexmap_lite {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{Serialize, SerializeMap, Serializer};

    /// A map that remembers insertion order.
    #[derive(Debug, Clone, PartialEq)]
    pub struct OrderedMap<V>(pub Vec<(String, V)>);

    impl<V> Default for OrderedMap<V> {
        fn default() -> Self {
            OrderedMap(Vec::new())
        }
    }

    impl<V> OrderedMap<V> {
        /// The value for `key`.
        pub fn get(&self, key: &str) -> Option<&V> {
            self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        }

        /// Keys in order.
        pub fn keys(&self) -> impl Iterator<Item = &str> {
            self.0.iter().map(|(k, _)| k.as_str())
        }

        /// Entries in order.
        pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
            self.0.iter().map(|(k, v)| (k.as_str(), v))
        }
    }

    impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V2<V>(std::marker::PhantomData<V>);
            impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
                type Value = OrderedMap<V>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = m.next_entry::<String, V>()? {
                        out.push((k, v));
                    }
                    Ok(OrderedMap(out))
                }
            }
            d.deserialize_map(V2(std::marker::PhantomData))
        }
    }

    impl<V: Serialize> Serialize for OrderedMap<V> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }
}

/// A validated field value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// Text or an enum/term id.
    Text(String),
    /// A list of texts.
    List(Vec<String>),
    /// A number.
    Number(f64),
    /// A date (`2020-08-15`).
    Date(String),
    /// An amount of money.
    Money {
        /// The amount in units of the currency.
        amount: f64,
        /// `VND` or `USD`.
        currency: String,
    },
    /// A point on Earth.
    Geo {
        /// Latitude, -90..=90.
        lat: f64,
        /// Longitude, -180..=180.
        lon: f64,
    },
    /// Someone to call.
    Contact {
        /// Name or office.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// Email address.
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        /// Phone number.
        #[serde(skip_serializing_if = "Option::is_none")]
        phone: Option<String>,
    },
}

/// Split front matter YAML into (common keys, section keys) texts with the same lines.
pub fn split_yaml(yaml: &str, section_keys: &[&str]) -> (String, String) {
    let mut common = String::with_capacity(yaml.len());
    let mut section = String::new();
    let mut in_section = false;
    for line in yaml.split_inclusive('\n') {
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        if let Some(key) = top_level_key(line) {
            in_section = section_keys.contains(&key);
        }
        if in_section {
            section.push_str(line);
            common.push_str(newline);
        } else {
            common.push_str(line);
            section.push_str(newline);
        }
    }
    (common, section)
}

/// The key of a top-level `key: value` line, if it is one.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '?') {
        return None;
    }
    let colon = line.find(':')?;
    Some(line[..colon].trim().trim_matches(['"', '\'']))
}

/// Check the section part of a page's front matter against `schema`.
///
/// `yaml` has the page file's lines (see [`split_yaml`]) starting at line 2.
pub fn validate(
    schema: &SectionSchema,
    yaml: &str,
    doc: &Document,
    section_dir: &str,
) -> Result<BTreeMap<String, FieldValue>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let map: serde_json::Map<String, Value> = if yaml.trim().is_empty() {
        serde_json::Map::new()
    } else {
        match crate::config::parse_yaml(yaml, 1, &doc.text, &doc.file, &[]) {
            Ok(m) => m,
            Err(d) => return Err(vec![d]),
        }
    };
    let fm_text = &doc.text[..doc.body_start];
    let at = |key: &str, sub: Option<&str>, msg: String, hint: String| {
        let (mut line, mut col) = find_key(fm_text, key);
        if let Some(sub) = sub {
            let after: String = fm_text.lines().skip(line).collect::<Vec<_>>().join("\n");
            let (l, c) = find_key(&after, sub);
            if after.lines().nth(l - 1).is_some_and(|t| t.contains(sub)) {
                line += l;
                col = c;
            }
        }
        // Point at the value when the key has one on its line.
        if let Some(text) = doc.text.lines().nth(line - 1)
            && let Some(colon) = text.find(':')
            && !text[colon + 1..].trim().is_empty()
        {
            let value_start =
                colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len());
            col = text[..value_start].chars().count() + 1;
        }
        Diagnostic::error(msg)
            .in_file(&doc.file)
            .at(&doc.text, line, col)
            .hint(hint)
    };
    let mut out = BTreeMap::new();
    for (name, spec) in schema.fields.iter() {
        // A kit's asset list is checked by `media_kit`, with the kit's folder and languages
        // at hand; it lives in one file of the kit only, so `required` means nothing here.
        if spec.kind == FieldType::Assets {
            continue;
        }
        let Some(value) = map.get(name) else {
            if spec.required {
                let (line, _) = find_key(fm_text, "title");
                errors.push(
                    Diagnostic::error(format!(
                        "missing field `{name}`, required for pages of content/{section_dir}/"
                    ))
                    .in_file(&doc.file)
                    .at(&doc.text, line, 1)
                    .hint(format!("add `{name}: ...` ({})", describe(&spec.kind))),
                );
            }
            continue;
        };
        let wrong = |sub: Option<&str>, what: String| {
            at(
                name,
                sub,
                format!(
                    "`{name}`{}: {what}",
                    sub.map(|s| format!(".{s}")).unwrap_or_default()
                ),
                format!("`{name}` is {}", describe(&spec.kind)),
            )
        };
        match check_value(&spec.kind, value) {
            Ok(v) => {
                out.insert(name.to_string(), v);
            }
            Err((sub, what)) => errors.push(wrong(sub, what)),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn describe(kind: &FieldType) -> String {
    match kind {
        FieldType::Text => "text".into(),
        FieldType::List => "a list of texts, e.g. [\"...\", \"...\"]".into(),
        FieldType::Number { min, max } => match (min, max) {
            (Some(a), Some(b)) => format!("a number from {a} to {b}"),
            (Some(a), None) => format!("a number of at least {a}"),
            (None, Some(b)) => format!("a number of at most {b}"),
            _ => "a number".into(),
        },
        FieldType::Date => "a date like 2020-08-15".into(),
        FieldType::Enum { values, .. } => format!("one of: {}", values.join(", ")),
        FieldType::Term => "an id of lowercase letters, digits and hyphens, e.g. binh-son".into(),
        FieldType::Money => "{amount: 1200000000, currency: USD} (currency VND or USD)".into(),
        FieldType::Geo => "{lat: 15.38, lon: 109.12} in degrees".into(),
        FieldType::Contact => "{name: ..., email: ..., phone: ...}".into(),
        FieldType::Assets => "a list of {file, title, caption, alt, credit, licence}".into(),
    }
}

type Wrong = (Option<&'static str>, String);

fn check_value(kind: &FieldType, value: &Value) -> Result<FieldValue, Wrong> {
    let text = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    match kind {
        FieldType::Text => text(value)
            .filter(|s| !s.trim().is_empty())
            .map(FieldValue::Text)
            .ok_or((None, "expected text".into())),
        FieldType::List => match value {
            Value::Array(items) => items
                .iter()
                .map(|i| text(i).ok_or((None, "every item must be text".to_string())))
                .collect::<Result<Vec<_>, _>>()
                .map(FieldValue::List),
            _ => Err((None, "expected a list".into())),
        },
        FieldType::Number { min, max } => {
            let n = value
                .as_f64()
                .ok_or((None, "expected a number".to_string()))?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err((None, format!("{n} is out of range")));
            }
            Ok(FieldValue::Number(n))
        }
        FieldType::Date => {
            let s = text(value).ok_or((None, "expected a date".to_string()))?;
            parse_date(&s)
                .map(|d| FieldValue::Date(d.date.to_string()))
                .ok_or((None, format!("`{s}` is not a date")))
        }
        FieldType::Enum { values, .. } => {
            let s = text(value).ok_or((None, "expected one of the listed values".to_string()))?;
            if values.contains(&s) {
                Ok(FieldValue::Text(s))
            } else {
                let names: Vec<&str> = values.iter().map(String::as_str).collect();
                Err((
                    None,
                    match crate::diagnostic::did_you_mean(&s, &names) {
                        Some(m) => format!("`{s}` is not allowed; did you mean `{m}`?"),
                        None => format!("`{s}` is not allowed"),
                    },
                ))
            }
        }
        FieldType::Term => {
            let s = text(value).ok_or((None, "expected an id".to_string()))?;
            let ok = !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if ok {
                Ok(FieldValue::Text(s))
            } else {
                Err((None, format!("`{s}` is not an id")))
            }
        }
        FieldType::Money => {
            let m = value
                .as_object()
                .ok_or((None, "expected {amount, currency}".to_string()))?;
            if let Some(k) = m.keys().find(|k| *k != "amount" && *k != "currency") {
                return Err((None, format!("unknown key `{k}`")));
            }
            let amount = m
                .get("amount")
                .and_then(Value::as_f64)
                .filter(|a| *a >= 0.0)
                .ok_or((
                    Some("amount"),
                    "expected a number of at least 0".to_string(),
                ))?;
            let currency = m
                .get("currency")
                .and_then(Value::as_str)
                .filter(|c| matches!(*c, "VND" | "USD"))
                .ok_or((Some("currency"), "expected VND or USD".to_string()))?;
            Ok(FieldValue::Money {
                amount,
                currency: currency.to_string(),
            })
        }
        FieldType::Geo => {
            let m = value
                .as_object()
                .ok_or((None, "expected {lat, lon}".to_string()))?;
            if let Some(k) = m.keys().find(|k| *k != "lat" && *k != "lon") {
                return Err((None, format!("unknown key `{k}`")));
            }
            let lat = m
                .get("lat")
                .and_then(Value::as_f64)
                .filter(|v| (-90.0..=90.0).contains(v))
                .ok_or((
                    Some("lat"),
                    "latitude must be a number from -90 to 90".to_string(),
                ))?;
            let lon = m
                .get("lon")
                .and_then(Value::as_f64)
                .filter(|v| (-180.0..=180.0).contains(v))
                .ok_or((
                    Some("lon"),
                    "longitude must be a number from -180 to 180".to_string(),
                ))?;
            Ok(FieldValue::Geo { lat, lon })
        }
        // `validate` hands asset lists to `media_kit` before they get here.
        FieldType::Assets => Err((None, "an asset list belongs to a kit page".into())),
        FieldType::Contact => {
            let m = value
                .as_object()
                .ok_or((None, "expected {name, email, phone}".to_string()))?;
            if let Some(k) = m
                .keys()
                .find(|k| !matches!(k.as_str(), "name" | "email" | "phone"))
            {
                return Err((None, format!("unknown key `{k}`")));
            }
            let get = |k: &str| m.get(k).and_then(&text).filter(|s| !s.trim().is_empty());
            let email = get("email");
            if let Some(e) = &email {
                let valid = e.split_once('@').is_some_and(|(a, b)| {
                    !a.is_empty() && b.contains('.') && !e.contains(char::is_whitespace)
                });
                if !valid {
                    return Err((Some("email"), format!("`{e}` is not an email address")));
                }
            }
            let contact = FieldValue::Contact {
                name: get("name"),
                email,
                phone: get("phone"),
            };
            if contact
                == (FieldValue::Contact {
                    name: None,
                    email: None,
                    phone: None,
                })
            {
                return Err((None, "give at least a name, an email or a phone".into()));
            }
            Ok(contact)
        }
    }
}

/// Scale an amount for reading: (scaled amount, `billion` | `million` | `one`).
pub fn money_scale(amount: f64) -> (f64, &'static str) {
    let round = |x: f64| (x * 100.0).round() / 100.0;
    if amount >= 1e9 {
        (round(amount / 1e9), "billion")
    } else if amount >= 1e6 {
        (round(amount / 1e6), "million")
    } else {
        (round(amount), "one")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_lines_and_routes_top_level_keys() {
        let yaml = "title: A\nsector: energy\ncapital:\n  amount: 5\n  currency: USD\ntags: [x]\n";
        let (common, section) = split_yaml(yaml, &["sector", "capital"]);
        assert_eq!(common, "title: A\n\n\n\n\ntags: [x]\n");
        assert_eq!(
            section,
            "\nsector: energy\ncapital:\n  amount: 5\n  currency: USD\n\n"
        );
    }

    #[test]
    fn values_are_checked() {
        let money = FieldType::Money;
        assert!(
            check_value(
                &money,
                &serde_json::json!({"amount": 1.2e9, "currency": "USD"})
            )
            .is_ok()
        );
        assert_eq!(
            check_value(&money, &serde_json::json!({"amount": 1, "currency": "EUR"}))
                .unwrap_err()
                .0,
            Some("currency")
        );
        let geo = FieldType::Geo;
        assert!(check_value(&geo, &serde_json::json!({"lat": 15.38, "lon": 109.12})).is_ok());
        assert_eq!(
            check_value(&geo, &serde_json::json!({"lat": 95, "lon": 109}))
                .unwrap_err()
                .0,
            Some("lat")
        );
        let e = FieldType::Enum {
            values: vec!["fdi".into(), "oda".into()],
        };
        assert!(check_value(&e, &serde_json::json!("fdi")).is_ok());
        assert!(
            check_value(&e, &serde_json::json!("fdl"))
                .unwrap_err()
                .1
                .contains("did you mean `fdi`")
        );
    }

    #[test]
    fn money_is_scaled_for_reading() {
        assert_eq!(money_scale(1_200_000_000.0), (1.2, "billion"));
        assert_eq!(money_scale(3_500_000_000_000.0), (3500.0, "billion"));
        assert_eq!(money_scale(45_000_000.0), (45.0, "million"));
    }
}
