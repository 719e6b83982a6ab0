//! UI strings in Project Fluent, and numbers and dates in the reader's locale.
//!
//! Translators edit `.ftl` files on platforms that speak Fluent natively, so the site's
//! own strings (`i18n/LANG/*.ftl`) are layered over the theme's (`themes/NAME/i18n/LANG`),
//! message by message. Bundles are fluent-bundle's concurrent kind because pages render in
//! parallel. Two defaults of fluent-bundle are wrong for HTML output and are changed here:
//! bidi isolation marks are turned off (they would end up as U+2068/U+2069 in pages) and
//! numbers go through ICU4X's decimal formatter, because fluent-bundle's own formatting
//! ignores grouping (`1234567.5` must read `1.234.567,5` in vi and `1,234,567.5` in en).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::Pattern;
use intl_memoizer::concurrent::IntlLangMemoizer;
use rustc_hash::FxBuildHasher;
use unic_langid::LanguageIdentifier;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, relative};

/// The folder of the site's Fluent files.
pub const I18N_DIR: &str = "i18n";

/// Messages herald's own code formats (page titles, feeds, dates), beside the templates'.
/// `section-<folder>` is also asked for, for a section without an `_index` in a language.
pub const BUILTIN_MESSAGES: &[(&str, &[&str])] = &[
    ("site-title", &[]),
    ("site-description", &[]),
    ("nav-home", &[]),
    ("not-found-title", &[]),
    ("date-long", &["day", "month", "year"]),
    // Typed section fields (render::views): money, coordinates, the tags taxonomy.
    ("money", &["amount", "scale", "currency"]),
    ("geo-point", &["lat", "ns", "lon", "ew"]),
    ("geo-map-link", &[]),
    ("taxonomy-tags", &[]),
    // Media kits (media_kit::render): sizes, and CAPTIONS.txt in the zip's language.
    ("kit-file-size", &["size", "unit"]),
    ("kit-pixels", &["width", "height"]),
    ("kit-label-file", &[]),
    ("kit-label-caption", &[]),
    ("kit-label-alt", &[]),
    ("kit-label-credit", &[]),
    ("kit-label-licence", &[]),
    ("kit-label-date", &[]),
    ("kit-label-place", &[]),
    ("kit-label-size", &[]),
    ("kit-label-web", &[]),
    ("kit-label-sha256", &[]),
    ("kit-label-source", &[]),
    ("kit-captions-heading", &[]),
    ("kit-captions-intro", &[]),
    // The search page (render::views): its title and the result counts for its script.
    ("search-title", &[]),
    ("search-results", &["count", "query"]),
];

/// A message asked for in a language that lacks it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Miss {
    /// The message id.
    pub key: String,
    /// The language of the page that asked.
    pub lang: String,
    /// The template (or place) that asked.
    pub used_by: String,
    /// The language it was finally taken from, if any along the fallback chain had it.
    pub found_in: Option<String>,
}

/// Which folder an `.ftl` file came from: the site's messages override the theme's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// `themes/NAME/i18n/LANG/`.
    Theme,
    /// `i18n/LANG/`.
    Site,
}

/// One `.ftl` file as read, kept so `check` can look at its messages without reading again.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// The language folder it is in.
    pub lang: String,
    /// Theme or site.
    pub layer: Layer,
    /// Path relative to the site root.
    pub file: PathBuf,
    /// The text (BOM removed, CRLF turned into LF), which positions refer to.
    pub text: String,
}

/// Fluent bundles for every configured language.
pub struct I18n {
    bundles: BTreeMap<String, FluentBundle<FluentResource>>,
    files: Vec<FtlFile>,
    chains: BTreeMap<String, Vec<String>>,
    numbers: BTreeMap<String, IntlLangMemoizer>,
    misses: Mutex<BTreeSet<Miss>>,
    /// Language -> message id -> its text, for every message that needs no argument:
    /// templates ask for the same strings on every page (a 10,000-page build asks about a
    /// million times), and Fluent formats each ask anew.
    plain: BTreeMap<String, HashMap<String, Plain, FxBuildHasher>>,
}

/// A message formatted once, with the language of the bundle it came from when that is a
/// fallback (a miss to record each time it is asked for).
#[derive(Debug)]
struct Plain {
    text: String,
    fallback: Option<String>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// An argument value passed to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Text, passed as is.
    Str(String),
    /// A number: formatted per locale and usable in plural selectors.
    Num(f64),
}

impl I18n {
    /// Load the theme's and the site's `.ftl` files for every configured language.
    pub fn load(config: &Config) -> (I18n, Vec<Diagnostic>) {
        let (sources, mut diagnostics) = I18n::read_sources(config);
        let (i18n, more) = I18n::from_sources(config, sources);
        diagnostics.extend(more);
        (i18n, diagnostics)
    }

    /// Read every `.ftl` file of every configured language, theme's first, in layering order.
    #[doc(hidden)]
    pub fn read_sources(config: &Config) -> (Vec<FtlFile>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut files = Vec::new();
        let theme_dir = config
            .root
            .join("themes")
            .join(&config.theme)
            .join(I18N_DIR);
        let site_dir = config.root.join(I18N_DIR);
        let root_canon = config
            .root
            .canonicalize()
            .unwrap_or_else(|_| config.root.clone());
        for lang in &config.languages {
            for (layer, dir) in [(Layer::Theme, &theme_dir), (Layer::Site, &site_dir)] {
                for file in ftl_files(&dir.join(&lang.code)) {
                    let shown = relative(&config.root, &file);
                    if file.is_symlink() && crate::content::symlink_escapes(&root_canon, &file) {
                        diagnostics.push(crate::content::symlink_refused(
                            &config.root,
                            &file,
                            "copy the .ftl file into the site instead of linking to it",
                        ));
                        continue;
                    }
                    match std::fs::read_to_string(&file) {
                        Ok(t) => files.push(FtlFile {
                            lang: lang.code.clone(),
                            layer,
                            file: shown,
                            text: t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
                        }),
                        Err(e) => diagnostics.push(
                            Diagnostic::error(format!("cannot read: {e}"))
                                .code("io")
                                .in_file(shown)
                                .hint("save the file as UTF-8"),
                        ),
                    }
                }
            }
        }
        (files, diagnostics)
    }

    /// Bundles from `.ftl` texts already read (see [`I18n::read_sources`]): parsed, theme's
    /// first, the site's overriding message by message. Reads no disk (the fuzzers enter here).
    #[doc(hidden)]
    pub fn from_sources(config: &Config, files: Vec<FtlFile>) -> (I18n, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut bundles = BTreeMap::new();
        let mut chains = BTreeMap::new();
        let mut numbers = BTreeMap::new();
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for lang in &config.languages {
            let langid: LanguageIdentifier = lang.code.parse().unwrap_or_default();
            numbers.insert(lang.code.clone(), IntlLangMemoizer::new(langid.clone()));
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(format_number_value));
            if let Err(e) = bundle.add_function("NUMBER", number) {
                diagnostics.push(Diagnostic::error(format!("cannot register NUMBER: {e:?}")));
            }
            for layer in [Layer::Theme, Layer::Site] {
                for f in files
                    .iter()
                    .filter(|f| f.lang == lang.code && f.layer == layer)
                {
                    let resource = parse_resource(f, &mut diagnostics);
                    ids.extend(message_ids(&resource));
                    if layer == Layer::Site {
                        bundle.add_resource_overriding(resource);
                    } else if let Err(errors) = bundle.add_resource(resource) {
                        for e in errors {
                            diagnostics
                                .push(Diagnostic::warning(format!("{e}")).code("fluent-duplicate").in_file(&f.file).hint(
                                "a message id is defined twice in the theme; the first one wins",
                            ));
                        }
                    }
                }
            }
            bundles.insert(lang.code.clone(), bundle);
            chains.insert(
                lang.code.clone(),
                config
                    .chain(&lang.code)
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            );
        }
        let mut i18n = I18n {
            bundles,
            files,
            chains,
            numbers,
            misses: Mutex::new(BTreeSet::new()),
            plain: BTreeMap::new(),
        };
        i18n.plain = i18n.plain_messages(&ids);
        (i18n, diagnostics)
    }

    /// Every message of `ids` that formats without an argument and without error, in each
    /// language (through its fallbacks, as [`I18n::format`] looks them up).
    fn plain_messages(
        &self,
        ids: &BTreeSet<String>,
    ) -> BTreeMap<String, HashMap<String, Plain, FxBuildHasher>> {
        let mut all = BTreeMap::new();
        for lang in self.chains.keys() {
            let mut plain = HashMap::default();
            for id in ids {
                let Some((candidate, bundle, pattern)) = self.message(lang, id) else {
                    continue;
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    plain.insert(
                        id.clone(),
                        Plain {
                            text: text.into_owned(),
                            fallback: (candidate != lang).then(|| candidate.to_string()),
                        },
                    );
                }
            }
            all.insert(lang.clone(), plain);
        }
        all
    }

    /// True if `lang` itself (not its fallbacks) has message `key`.
    pub fn has(&self, lang: &str, key: &str) -> bool {
        self.bundles
            .get(lang)
            .is_some_and(|b| b.get_message(key).and_then(|m| m.value()).is_some())
    }

    /// Format message `key` for `lang`, walking the fallback chain; misses are recorded.
    ///
    /// A message missing everywhere gives the key itself, so a page still renders and the
    /// build reports the miss as an error.
    pub fn format(&self, lang: &str, key: &str, args: &[(String, Arg)], used_by: &str) -> String {
        self.format_for(lang, key, args, || used_by.to_string())
    }

    /// [`I18n::format`], asking for the user's name only when a miss is recorded (the
    /// template function looks it up in the template's variables, which costs).
    pub fn format_for(
        &self,
        lang: &str,
        key: &str,
        args: &[(String, Arg)],
        used_by: impl Fn() -> String,
    ) -> String {
        if args.is_empty()
            && let Some(plain) = self.plain.get(lang).and_then(|p| p.get(key))
        {
            if let Some(from) = &plain.fallback {
                self.record(key, lang, &used_by(), Some(from.clone()));
            }
            return plain.text.clone();
        }
        let Some((candidate, bundle, pattern)) = self.message(lang, key) else {
            self.record(key, lang, &used_by(), None);
            return key.to_string();
        };
        if candidate != lang {
            self.record(key, lang, &used_by(), Some(candidate.to_string()));
        }
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fluent_args.set(name.clone(), FluentValue::from(s.clone())),
                Arg::Num(n) => fluent_args.set(name.clone(), FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        text.into_owned()
    }

    /// Message `key` for `lang`, walking its fallback chain (just `lang` if it is not
    /// configured): the language it was found in, its bundle and its value.
    fn message<'a>(
        &'a self,
        lang: &'a str,
        key: &str,
    ) -> Option<(
        &'a str,
        &'a FluentBundle<FluentResource>,
        &'a Pattern<&'a str>,
    )> {
        let chain = self
            .chains
            .get(lang)
            .into_iter()
            .flatten()
            .map(String::as_str);
        let unconfigured = (!self.chains.contains_key(lang)).then_some(lang);
        chain.chain(unconfigured).find_map(|candidate| {
            let bundle = self.bundles.get(candidate)?;
            let pattern = bundle.get_message(key)?.value()?;
            Some((candidate, bundle, pattern))
        })
    }

    fn record(&self, key: &str, lang: &str, used_by: &str, found_in: Option<String>) {
        if let Ok(mut misses) = self.misses.lock() {
            misses.insert(Miss {
                key: key.to_string(),
                lang: lang.to_string(),
                used_by: used_by.to_string(),
                found_in,
            });
        }
    }

    /// Every message asked for in a language that lacks it, recorded while rendering.
    pub fn misses(&self) -> Vec<Miss> {
        let misses = match self.misses.lock() {
            Ok(m) => m.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        misses.into_iter().collect()
    }

    /// The `.ftl` files read, theme's first, in the order they were layered.
    pub fn files(&self) -> &[FtlFile] {
        &self.files
    }

    /// A number in `lang`'s conventions: vi `1.234.567,5`, en `1,234,567.5`.
    pub fn format_number(&self, lang: &str, n: f64) -> String {
        let Some(intls) = self.numbers.get(lang) else {
            return n.to_string();
        };
        format_number_value(&FluentValue::from(n), intls).unwrap_or_else(|| n.to_string())
    }

    /// A calendar date in `lang`, through the Fluent message `date-long`
    /// (vi `28 tháng 11 năm 2026`, en `28 November 2026`).
    pub fn format_date(&self, lang: &str, date: jiff::civil::Date, used_by: &str) -> String {
        let args = [
            ("day".to_string(), Arg::Num(f64::from(date.day()))),
            ("month".to_string(), Arg::Num(f64::from(date.month()))),
            // A string: years are not grouped (`2026`, never `2.026`).
            ("year".to_string(), Arg::Str(date.year().to_string())),
        ];
        self.format(lang, "date-long", &args, used_by)
    }
}

/// The ids of a resource's messages (terms aside).
pub(crate) fn message_ids(resource: &FluentResource) -> impl Iterator<Item = String> + '_ {
    resource.entries().filter_map(|e| match e {
        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
        _ => None,
    })
}

/// `.ftl` files in `dir`, sorted so later files override earlier ones the same way each run.
fn ftl_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Parse one file; syntax errors are reported and the entries that did parse are kept.
fn parse_resource(f: &FtlFile, diagnostics: &mut Vec<Diagnostic>) -> FluentResource {
    match FluentResource::try_new(f.text.clone()) {
        Ok(res) => res,
        Err((res, errors)) => {
            for e in errors {
                diagnostics.push(
                    Diagnostic::error(format!("Fluent syntax error: {}", e.kind)).code("fluent-syntax")
                        .in_file(&f.file)
                        .at_offset(&f.text, e.slice.as_ref().map_or(e.pos.start, |s| s.start))
                        .hint("see https://projectfluent.org/fluent/guide/ for the syntax; the rest of the file is still used"),
                );
            }
            res
        }
    }
}

/// ICU4X's decimal formatter, built once per language by the bundle's memoizer.
struct DecimalFormat(icu_decimal::DecimalFormatter);

impl intl_memoizer::Memoizable for DecimalFormat {
    type Args = ();
    type Error = String;

    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, String> {
        let locale: icu_locale_core::Locale =
            lang.to_string().parse().map_err(|e| format!("{e:?}"))?;
        icu_decimal::DecimalFormatter::try_new(locale.into(), Default::default())
            .map(DecimalFormat)
            .map_err(|e| format!("{e:?}"))
    }
}

/// The most fraction digits a message may ask for (`NUMBER($n, minimumFractionDigits: N)`).
/// fluent-bundle's plural selection multiplies the fraction digits by 10^N in a u64, which
/// overflows from N = 20 (a panic in debug builds, a wrong plural form in release ones);
/// an f64 has at most 17 significant digits anyway.
const MAX_FRACTION_DIGITS: usize = 19;

/// Fluent's `NUMBER()` (fluent-bundle's builtin: the first argument, with the named options
/// merged), with `minimumFractionDigits` capped at [`MAX_FRACTION_DIGITS`] so the number is
/// safe to select on and to format.
fn number<'a>(positional: &[FluentValue<'a>], named: &FluentArgs) -> FluentValue<'a> {
    let Some(FluentValue::Number(n)) = positional.first() else {
        return FluentValue::Error;
    };
    let mut n = n.clone();
    n.options.merge(named);
    if let Some(digits) = n.options.minimum_fraction_digits.as_mut() {
        *digits = (*digits).min(MAX_FRACTION_DIGITS);
    }
    FluentValue::Number(n)
}

/// The bundle's number formatter: grouping and decimal separator per locale.
///
/// It answers for every number, never handing one back to fluent-bundle: its own
/// `as_string` pads as many zeros as `minimumFractionDigits` says, so a translator's
/// `minimumFractionDigits: 99999999999` allocated without bound or panicked ("capacity
/// overflow", found by the `fluent` fuzzer). The option is capped first (here too, for
/// numbers that did not come through [`number`]).
fn format_number_value(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let mut n = n.clone();
    if let Some(digits) = n.options.minimum_fraction_digits.as_mut() {
        *digits = (*digits).min(MAX_FRACTION_DIGITS);
    }
    let plain = n.as_string().into_owned();
    if !n.options.use_grouping || !n.value.is_finite() {
        return Some(plain);
    }
    let Ok(decimal) = plain.parse::<fixed_decimal::Decimal>() else {
        return Some(plain);
    };
    intls
        .with_try_get::<DecimalFormat, _, _>((), |f| f.0.format(&decimal).to_string())
        .ok()
        .or(Some(plain))
}

// The memoizer type must be the one FluentBundle's formatter receives.
const _: fn() = || {
    fn assert_memoizer<M: MemoizerKind>() {}
    assert_memoizer::<IntlLangMemoizer>();
};

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle_with(lang: &str, ftl: &str) -> I18n {
        let langid: LanguageIdentifier = lang.parse().unwrap();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(format_number_value));
        bundle.add_function("NUMBER", number).unwrap();
        let resource = FluentResource::try_new(ftl.to_string()).unwrap();
        let ids: BTreeSet<String> = message_ids(&resource).collect();
        bundle.add_resource(resource).unwrap();
        let mut i18n = I18n {
            bundles: BTreeMap::from([(lang.to_string(), bundle)]),
            files: Vec::new(),
            chains: BTreeMap::from([(lang.to_string(), vec![lang.to_string()])]),
            numbers: BTreeMap::from([(
                lang.to_string(),
                IntlLangMemoizer::new(lang.parse().unwrap()),
            )]),
            misses: Mutex::new(BTreeSet::new()),
            plain: BTreeMap::new(),
        };
        i18n.plain = i18n.plain_messages(&ids);
        i18n
    }

    #[test]
    fn messages_without_arguments_are_formatted_once_and_the_rest_each_time() {
        let en = bundle_with(
            "en",
            "-brand = Herald\nplain = Made with { -brand }\nwith-var = Hello { $name }\n",
        );
        let plain = &en.plain["en"];
        assert_eq!(plain["plain"].text, "Made with Herald");
        assert!(plain["plain"].fallback.is_none());
        // Needs an argument: never cached, formatted with what the template passes.
        assert!(!plain.contains_key("with-var"));
        let args = [("name".to_string(), Arg::Str("Lý Sơn".into()))];
        assert_eq!(en.format("en", "with-var", &args, "t"), "Hello Lý Sơn");
        assert_eq!(en.format("en", "plain", &[], "t"), "Made with Herald");
        assert_eq!(en.format("en", "nowhere", &[], "t"), "nowhere");
        assert_eq!(en.misses().len(), 1);
    }

    #[test]
    fn numbers_are_grouped_per_locale() {
        let vi = bundle_with("vi", "n = { $n }\n");
        let en = bundle_with("en", "n = { $n }\n");
        let args = [("n".to_string(), Arg::Num(1234567.5))];
        assert_eq!(vi.format("vi", "n", &args, "test"), "1.234.567,5");
        assert_eq!(en.format("en", "n", &args, "test"), "1,234,567.5");
        assert_eq!(vi.format_number("vi", 1234567.5), "1.234.567,5");
    }

    #[test]
    fn plurals_select_and_no_isolation_marks() {
        let en = bundle_with(
            "en",
            "pages = { $count ->\n    [one] one page\n   *[other] { $count } pages\n}\n",
        );
        let one = en.format("en", "pages", &[("count".into(), Arg::Num(1.0))], "t");
        let many = en.format("en", "pages", &[("count".into(), Arg::Num(1200.0))], "t");
        assert_eq!(one, "one page");
        assert_eq!(many, "1,200 pages");
        assert!(!many.contains('\u{2068}'));
    }

    #[test]
    fn huge_minimum_fraction_digits_are_capped_not_allocated() {
        // Found by the `fluent` fuzzer: fluent-bundle pads this many zeros by itself.
        let en = bundle_with(
            "en",
            "a = { NUMBER($n, minimumFractionDigits: 99888888888888888888888) }\n\
             b = { NUMBER($n, useGrouping: \"false\", minimumFractionDigits: 4000000000) }\n\
             c = { NUMBER($n, minimumFractionDigits: 2) }\n",
        );
        let args = [("n".to_string(), Arg::Num(1234.5))];
        let a = en.format("en", "a", &args, "t");
        // 1234.5 has one fraction digit: the cap leaves MAX_FRACTION_DIGITS - 1 zeros.
        assert_eq!(a, format!("1,234.5{}", "0".repeat(MAX_FRACTION_DIGITS - 1)));
        let b = en.format("en", "b", &args, "t");
        assert_eq!(b, format!("1234.5{}", "0".repeat(MAX_FRACTION_DIGITS - 1)));
        assert_eq!(en.format("en", "c", &args, "t"), "1,234.50");
    }

    #[test]
    fn plural_selection_on_many_fraction_digits_does_not_overflow() {
        // fluent-bundle computes plural operands as fraction * 10^digits in a u64: with 30
        // digits that overflowed (a panic in debug builds).
        let en = bundle_with(
            "en",
            "p = { NUMBER($n, minimumFractionDigits: 30) ->\n    [one] one\n   *[other] other\n}\n",
        );
        for n in [1.0, 1.5, 0.000123, 1e300] {
            let args = [("n".to_string(), Arg::Num(n))];
            assert_eq!(en.format("en", "p", &args, "t"), "other", "{n}");
        }
    }

    #[test]
    fn missing_message_is_recorded_and_returns_key() {
        let en = bundle_with("en", "a = A\n");
        assert_eq!(en.format("en", "nope", &[], "page.html"), "nope");
        let misses = en.misses();
        assert_eq!(misses.len(), 1);
        assert_eq!(misses[0].key, "nope");
        assert_eq!(misses[0].used_by, "page.html");
        assert_eq!(misses[0].found_in, None);
    }
}
