//! Entry points for the fuzzers in `fuzz/` and their regression tests
//! (`tests/fuzz_regressions.rs`). Not part of herald's API.
//!
//! Each function feeds arbitrary bytes to the code that reads a user's files, the way a
//! build would, and renders every diagnostic it gets (positions and line texts are where
//! bad offsets would panic). A panic anywhere is a bug: user data must come back as a
//! [`Diagnostic`]. The site a [`Fixture`] holds gives the code real context (sections with
//! typed fields, pages to link to, theme messages, two languages).

use std::path::{Path, PathBuf};

use crate::check::terminology::{self, Terminology};
use crate::config::Config;
use crate::content::{Content, Document, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Arg, FtlFile, I18n, Layer};
use crate::render::markdown::{self, Links};

/// Where the bytes of a `front_matter` input are filed: the first byte picks one, so one
/// input exercises a typed section, a bundle, a section index or a page without a section.
const FRONT_MATTER_FILES: &[&str] = &[
    "content/investment/fuzz.vi.md",
    "content/heritage/fuzz/index.en.md",
    "content/news/fuzz.vi.md",
    "content/press/kits/fuzz/index.vi.md",
    "content/sovereignty/fuzz.en.md",
    "content/cooperation/fuzz.md",
    "content/investment/_index.en.md",
    "content/fuzz.vi.md",
];

/// Names of message arguments the fuzzers pass (those the theme's messages use).
const ARG_NAMES: &[&str] = &[
    "count", "n", "value", "amount", "scale", "currency", "day", "month", "year", "name", "size",
    "unit", "query", "lat", "lon", "width", "height", "page", "total",
];

/// A loaded site the fuzz inputs are read against.
pub struct Fixture {
    config: Config,
    content: Content,
    ftl: Vec<FtlFile>,
}

impl Fixture {
    /// Load the site at `root` (config, content, Fluent sources). The fixture is trusted
    /// input chosen by the harness, so a site that does not load is a harness bug: panic.
    pub fn load(root: &Path) -> Fixture {
        let config = Config::load(root, None).expect("fixture site: herald.yaml loads");
        let opts = LoadOptions {
            drafts: true,
            now: Some(jiff::Timestamp::UNIX_EPOCH),
        };
        let (content, _) = Content::load(&config, &opts);
        let (ftl, _) = I18n::read_sources(&config);
        Fixture {
            config,
            content,
            ftl,
        }
    }

    /// A Markdown file of `content/` (first byte: which file), parsed as `Content::load`
    /// does; then its prose scanned as `check` does.
    pub fn front_matter(&self, data: &[u8]) -> Vec<Diagnostic> {
        let Some((&pick, bytes)) = data.split_first() else {
            return Vec::new();
        };
        let file = Path::new(FRONT_MATTER_FILES[usize::from(pick) % FRONT_MATTER_FILES.len()]);
        // Odd picks publish drafts and see embargoes as past.
        let opts = LoadOptions {
            drafts: pick & 0x80 != 0,
            now: Some(jiff::Timestamp::UNIX_EPOCH),
        };
        let (page, diagnostics) = Content::parse_file(&self.config, &opts, file, bytes.to_vec());
        if let Some(page) = page {
            crate::check::markdown::scan(&page.doc);
        }
        render_all(&diagnostics);
        diagnostics
    }

    /// A Markdown body rendered in every language, with `@/` links resolved against the
    /// fixture's pages; also the plain text, anchors and `check`'s scan of it.
    pub fn markdown(&self, data: &[u8]) -> Vec<Diagnostic> {
        let body = String::from_utf8_lossy(data);
        let front = "---\ntitle: Fuzz\n---\n";
        let doc = Document {
            file: PathBuf::from("content/news/fuzz.vi.md"),
            text: format!("{front}{body}"),
            body_start: front.len(),
        };
        let links = Links {
            config: &self.config,
            content: &self.content,
        };
        let mut diagnostics = Vec::new();
        for lang in self.config.codes() {
            let (_, diags) = markdown::render(&doc, lang, &links);
            diagnostics.extend(diags);
            markdown::plain_text(&doc, lang, &links);
        }
        let scan = crate::check::markdown::scan(&doc);
        for link in scan.links.iter().filter(|l| l.dest.starts_with("@/")) {
            links.url_of(&link.dest, "en");
        }
        render_all(&diagnostics);
        diagnostics
    }

    /// Fluent: the input, split at NUL bytes, is a Vietnamese `.ftl` file, an English one
    /// and argument bytes. The files are layered over the theme's as the site's own; then
    /// every message of both is formatted in both languages with arguments made from the
    /// rest (numbers of any f64 bit pattern, and text), and numbers and dates formatted.
    pub fn fluent(&self, data: &[u8]) -> Vec<Diagnostic> {
        let mut parts = data.splitn(3, |&b| b == 0);
        let vi = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let en = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let arg_bytes = parts.next().unwrap_or_default();

        let ids: Vec<String> = [&vi, &en]
            .into_iter()
            .flat_map(|t| message_ids(t))
            .collect();
        let mut files = self.ftl.clone();
        for (lang, text) in [("vi", vi), ("en", en)] {
            files.push(FtlFile {
                lang: lang.into(),
                layer: Layer::Site,
                file: PathBuf::from(format!("i18n/{lang}/fuzz.ftl")),
                text,
            });
        }
        let (i18n, diagnostics) = I18n::from_sources(&self.config, files);

        let numbers: Vec<f64> = arg_bytes
            .chunks(8)
            .map(|c| {
                let mut b = [0u8; 8];
                b[..c.len()].copy_from_slice(c);
                f64::from_le_bytes(b)
            })
            .chain([0.0, 1.0, -1.5, 1234567.5, f64::NAN, f64::INFINITY, 1e300])
            .collect();
        let text = String::from_utf8_lossy(arg_bytes).into_owned();
        let args: Vec<(String, Arg)> = ARG_NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let value = if i % 3 == 2 {
                    Arg::Str(text.clone())
                } else {
                    Arg::Num(numbers[i % numbers.len()])
                };
                (name.to_string(), value)
            })
            .collect();
        for lang in self.config.codes() {
            for id in &ids {
                i18n.format(lang, id, &args, "fuzz");
                i18n.format(lang, id, &[], "fuzz");
            }
            for &n in numbers.iter().take(16) {
                i18n.format_number(lang, n);
            }
            for pair in arg_bytes.chunks(4).take(4) {
                let year = i16::from_le_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                let month = *pair.get(2).unwrap_or(&1) as i8;
                let day = *pair.get(3).unwrap_or(&1) as i8;
                if let Ok(date) = jiff::civil::Date::new(year, month, day) {
                    i18n.format_date(lang, date, "fuzz");
                }
            }
        }
        i18n.misses();
        render_all(&diagnostics);
        diagnostics
    }

    /// Terminology: the input, split at NUL bytes, is `i18n/terminology.yaml`, a Markdown
    /// file and a `.ftl` file; the terms found in both are reported as `check` does.
    pub fn terminology(&self, data: &[u8]) -> Vec<Diagnostic> {
        let mut parts = data.splitn(3, |&b| b == 0);
        let yaml = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let md = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
        let ftl = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();

        let (terms, mut diagnostics) = Terminology::parse(&self.config, &yaml);
        let doc = Document {
            file: PathBuf::from("content/fuzz.en.md"),
            body_start: crate::content::split_front_matter(&md).unwrap_or(0),
            text: md,
        };
        let scan = crate::check::markdown::scan(&doc);
        let prose = terminology::fluent_prose(&ftl);
        for lang in self.config.codes() {
            for hit in terms.find(lang, &scan.prose) {
                diagnostics.push(terminology::diagnostic(&hit, lang, &doc.file, &doc.text));
            }
            for hit in terms.find(lang, &prose) {
                diagnostics.push(terminology::diagnostic(&hit, lang, "i18n/fuzz.ftl", &ftl));
            }
        }
        render_all(&diagnostics);
        diagnostics
    }
}

/// The ids of a Fluent file's messages (syntax errors aside).
fn message_ids(text: &str) -> Vec<String> {
    let resource = match fluent_bundle::FluentResource::try_new(text.to_string()) {
        Ok(r) | Err((r, _)) => r,
    };
    crate::i18n::message_ids(&resource).collect()
}

/// Render every diagnostic as the CLI would (with and without colour).
fn render_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        d.render(false);
        d.render(true);
        d.location();
    }
}
