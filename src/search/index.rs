//! herald's own writer of Pagefind's index format (the format of Pagefind 1.6, whose
//! browser script and WebAssembly read it).
//!
//! Why not Pagefind's indexer: its API takes records one at a time under a lock, keeps
//! every occurrence of every accented word as a string of its own (about 70 KB of memory
//! per page), and gzips at the slowest level. At 10,000 pages that was 7 of a cold build's
//! 12 seconds and 750 of its 936 MiB. Here the pages are split into words in parallel, each
//! page's words are grouped before they are merged, and the files are compressed in
//! parallel at a faster level. Pagefind still supplies the browser side (script, worker,
//! WebAssembly per stemming language: [`super::assets`]), so the search page is unchanged.
//!
//! What a search finds is decided by the words written here and the way the browser
//! prepares a query (lowercased, punctuation dropped, combining marks stripped, then
//! stemmed by the WebAssembly of the page's language). So words are prepared as Pagefind
//! prepares them: alphanumeric characters (and the connector punctuation Pagefind keeps)
//! lowercased, combining marks stripped (the accented form kept as a variant, so exact
//! spellings rank first), stemmed where the language has a stemmer; a word with inner
//! punctuation or capitals (`Quảng-Ngãi`, `PetroVietnam`) also gives its parts, so `ngai`
//! and `vietnam` find it. Left out, as herald's text has no use for them: Pagefind's
//! handling of emoji, katakana, CJK segmentation and dotted tails (`a.b_c`).
//!
//! Files: one word index per ~20,000 locations (sorted by word, so a query loads only the
//! chunks its words fall in), one filter index (the section), one metadata file (pages,
//! chunks), and the pages' fragments (URL, title, text for excerpts) in groups of
//! [`GROUP`] pages: a cold build creating 10,000 fragment files spent most of its time
//! in the file system. Every file is named by a hash of its content, so the same site
//! gives the same names and bytes.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use pagefind_stem::{Algorithm, Stemmer};
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::Record;
use crate::content::is_alphanumeric;
use crate::media_kit::sha256_hex as hex;

/// The Pagefind version whose format this writes; the browser files must be that version's.
pub const FORMAT: &str = "1.6.0";

/// Characters that count as part of a word besides letters and digits (Pagefind's
/// default: Unicode's connector punctuation).
pub const INCLUDE_CHARACTERS: [char; 10] = ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// Pages per fragment file. A result list of ten loads at most ten such files (tens of KB
/// each); a site of 10,000 pages has 625 of them instead of 10,000.
pub const GROUP: usize = 16;

/// Locations per word-index chunk (Pagefind's default).
const CHUNK_LOCATIONS: usize = 20_000;

/// The weight of a word in running text: 1.0, stored as 24ths.
const WEIGHT: u8 = 24;

/// One language's index: its files (path inside the bundle, bytes) and the entry that
/// names it in `pagefind-entry.json`.
pub struct LanguageIndex {
    /// `pagefind.<hash>.pf_meta` names the language's metadata file.
    pub hash: String,
    /// Pages indexed.
    pub page_count: usize,
    /// Files, gzipped where the browser expects it.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The stemmer the browser uses for `lang` (Pagefind's table); None where there is none.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or("") {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "ne" => Algorithm::Nepali,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "pl" => Algorithm::Polish,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// A word as it is indexed: the key (normalized, stemmed), the accented form it was
/// written in (a variant) if the key dropped marks, and whether it is a part of a compound.
#[derive(Debug, PartialEq)]
struct Indexable {
    key: String,
    original: Option<String>,
    part: bool,
}

/// The words one whitespace-separated word of text is indexed under.
fn indexables(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut out = Vec::with_capacity(1);
    let normalized = normalize_word(raw);
    if !normalized.is_empty() {
        out.push(stem(&normalized, stemmer, false));
    }
    let compound =
        raw.chars().any(|c| !is_alphanumeric(c)) || raw.chars().skip(1).any(char::is_uppercase);
    if !compound || normalized.is_empty() {
        return out;
    }
    let parts = parts(raw);
    // A word whose only punctuation is at its ends (`(Dung`, `Quất,`) is one word.
    if parts.len() > 1
        || parts
            .first()
            .is_some_and(|p| !normalized.starts_with(p.as_str()))
    {
        out.extend(
            parts
                .iter()
                .filter(|p| p.len() > 1)
                .map(|p| stem(p, stemmer, true)),
        );
    }
    out
}

/// Letters, digits and [`INCLUDE_CHARACTERS`], lowercased; everything else dropped.
fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if is_alphanumeric(c) || INCLUDE_CHARACTERS.contains(&c) {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// The parts of a compound word, lowercased: split at punctuation and symbols, at a lowercase
/// letter followed by a capital (`PetroVietnam`) and between letters and digits (`G20`).
fn parts(raw: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut prev: Option<char> = None;
    for c in raw.chars() {
        // Pagefind splits at ASCII punctuation only, so `“Lý` gave a part `“ly` that no
        // query can reach; any character that is not a letter or digit separates here.
        if !is_alphanumeric(c) {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            prev = None;
            continue;
        }
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_numeric())
                || (p.is_numeric() && c.is_alphabetic())
        });
        if boundary && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// The indexed form of a normalized word (or compound part): marks stripped, stemmed.
fn stem(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Indexable {
    let stripped = strip_marks(normalized);
    let base = stripped.as_deref().unwrap_or(normalized);
    let key = match stemmer {
        Some(s) => s.stem(base).into_owned(),
        None => base.to_string(),
    };
    Indexable {
        key,
        original: stripped.map(|_| normalized.to_string()),
        part,
    }
}

/// The word without combining marks (`quảng` -> `quang`), or None if it has none. The
/// kana sound marks are kept (they tell words apart), as the browser keeps them.
fn strip_marks(word: &str) -> Option<String> {
    let decomposes = |c: char| {
        let mut changed = false;
        decompose_canonical(c, |part| changed |= part != c);
        changed
    };
    if word.is_ascii() || !word.chars().any(|c| is_combining_mark(c) || decomposes(c)) {
        return None;
    }
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || matches!(c, '\u{3099}' | '\u{309A}'))
        .collect();
    let stripped = if stripped.contains(['\u{3099}', '\u{309A}']) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (stripped != word).then_some(stripped)
}

/// How one whitespace-separated word of text is indexed: its [`indexables`] and the
/// weight each of its compound parts gets.
#[derive(Default)]
struct Prepared {
    found: Vec<Indexable>,
    part_weight: u8,
}

impl Prepared {
    fn new(raw: &str, stemmer: Option<&Stemmer>) -> Prepared {
        let found = indexables(raw, stemmer);
        let parts = found.iter().filter(|w| w.part).count();
        let part_weight = match u8::try_from(parts) {
            Ok(0) => 0,
            Ok(n) => (WEIGHT / n).max(1),
            Err(_) => 1,
        };
        Prepared { found, part_weight }
    }
}

/// The form of a key as written without marks (every other form is an accented variant).
const PLAIN: u32 = u32::MAX;

/// A prepared word as the vocabulary keeps it: its keys and accented forms as numbers
/// ([`Interner`]), so a page's occurrences are sorted and merged as integers, not strings
/// hashed once on the page and again in the language's word list.
struct Known {
    found: Vec<KnownWord>,
    part_weight: u8,
}

#[derive(Clone, Copy)]
struct KnownWord {
    key: u32,
    /// [`PLAIN`], or the accented form's number.
    form: u32,
    part: bool,
}

/// Strings numbered in the order they were first seen.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32, FxBuildHasher>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(PLAIN - 1);
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

/// Words as written -> how they are indexed. A language's pages share most of their words
/// (`của`, `the`, the province's places), and preparing one (lowercase, strip marks, stem)
/// costs far more than looking it up, so a language keeps one vocabulary for all its pages.
#[derive(Default)]
struct Vocabulary {
    words: HashMap<String, Known, FxBuildHasher>,
    keys: Interner,
    forms: Interner,
}

impl Vocabulary {
    /// Add a word a page prepared (the first preparation of a word wins; all are equal).
    fn learn(&mut self, raw: &str, prepared: Prepared) {
        if self.words.contains_key(raw) {
            return;
        }
        let found = prepared
            .found
            .iter()
            .map(|w| KnownWord {
                key: self.keys.id(&w.key),
                form: w.original.as_deref().map_or(PLAIN, |f| self.forms.id(f)),
                part: w.part,
            })
            .collect();
        let part_weight = prepared.part_weight;
        self.words
            .insert(raw.to_string(), Known { found, part_weight });
    }
}

/// One occurrence of a key on a page, packed into one integer whose order is the one the
/// index is written in: by key and form, then the text's locations (by weight, then
/// position) before the title's. (A struct deriving `Ord` compared field by field, and
/// sorting the hits showed in the profile.)
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit(u128);

impl Hit {
    /// `weight` is 0 in the title.
    fn new(key: u32, form: u32, title: bool, weight: u8, position: u32) -> Hit {
        Hit((u128::from(key) << 96)
            | (u128::from(form) << 64)
            | (u128::from(title) << 40)
            | (u128::from(weight) << 32)
            | u128::from(position))
    }

    fn key(self) -> u32 {
        (self.0 >> 96) as u32
    }

    /// The key and the form together (a run of hits shares them).
    fn word(self) -> u64 {
        (self.0 >> 64) as u64
    }

    fn form(self) -> u32 {
        (self.0 >> 64) as u32
    }

    fn title(self) -> bool {
        (self.0 >> 40) & 1 == 1
    }

    fn weight(self) -> u8 {
        (self.0 >> 32) as u8
    }

    fn position(self) -> u32 {
        self.0 as u32
    }
}

/// The hits of one occurrence of a known word.
fn hits_of(known: &Known, position: u32, title: bool, out: &mut Vec<Hit>) {
    for w in &known.found {
        let weight = match (title, w.part) {
            (true, _) => 0,
            (false, true) => known.part_weight,
            (false, false) => WEIGHT,
        };
        out.push(Hit::new(w.key, w.form, title, weight, position));
    }
}

/// One page, split into words, with its fragment. Words the vocabulary did not know are
/// prepared here (`new_words`); their occurrences (`pending`: word, position, in the
/// title) become hits when the batch is merged, after they have joined the vocabulary.
struct Page {
    hits: Vec<Hit>,
    pending: Vec<(u32, u32, bool)>,
    new_words: Vec<(String, Prepared)>,
    fragment: PageFragment,
}

/// What the browser shows of a page (JSON: URL, text for excerpts, title, section) and
/// the page's word count.
struct PageFragment {
    json: String,
    word_count: usize,
}

/// A page's name in the metadata and in its fragment group: its number. It only has to be
/// unique within the language: the group files, which the browser fetches and caches, are
/// named by the hash of their content.
fn page_name(lang: &str, n: usize) -> String {
    format!("{lang}_{n}")
}

#[derive(serde::Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: BTreeMap<&'a str, [&'a str; 1]>,
    meta: BTreeMap<&'a str, &'a str>,
    anchors: [(); 0],
}

/// Split a page into words; `known` holds the words earlier batches prepared. Each word of
/// the text is `đ`-folded here ([`super::fold_d`] folds word by word), not the whole text
/// copied first.
fn page(record: &Record, stemmer: Option<&Stemmer>, known: &Vocabulary) -> Page {
    let text = record.text.as_str();
    let title = super::fold_d(&record.title);
    let title = title.as_str();
    let mut hits = Vec::with_capacity(text.len() / 5);
    let mut pending = Vec::new();
    let mut new_words: Vec<(String, Prepared)> = Vec::new();
    let mut new_index: HashMap<String, u32, FxBuildHasher> = HashMap::default();
    let mut add = |raw: &str, position: usize, title: bool, hits: &mut Vec<Hit>| {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        if let Some(k) = known.words.get(raw) {
            hits_of(k, position, title, hits);
            return;
        }
        let i = match new_index.get(raw) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(new_words.len()).unwrap_or(u32::MAX);
                new_words.push((raw.to_string(), Prepared::new(raw, stemmer)));
                new_index.insert(raw.to_string(), i);
                i
            }
        };
        pending.push((i, position, title));
    };
    let mut content = String::with_capacity(text.len());
    let mut position = 0;
    for raw in text.split_whitespace() {
        let raw: Cow<str> = if raw.contains(['đ', 'Đ']) {
            let mut folded = String::with_capacity(raw.len() + 4);
            super::push_word(&mut folded, raw);
            folded.into()
        } else {
            raw.into()
        };
        // Pagefind's script counts words by spaces; zero-width spaces would shift them.
        let raw: Cow<str> = if raw.contains('\u{200B}') {
            raw.replace('\u{200B}', "").into()
        } else {
            raw
        };
        if raw.is_empty() {
            continue;
        }
        if !content.is_empty() {
            content.push(' ');
        }
        content.push_str(&raw);
        add(&raw, position, false, &mut hits);
        position += 1;
    }
    for (i, raw) in title.split_whitespace().enumerate() {
        add(raw, i, true, &mut hits);
    }
    // Sorted here, in parallel; merging only adds the pending words' hits.
    hits.sort_unstable();
    hits.dedup();
    let word_count = position.max(1);
    // Serializing plain strings and numbers cannot fail.
    let json = serde_json::to_string(&Fragment {
        url: &record.url,
        content: &content,
        word_count,
        filters: BTreeMap::from([("section", [record.section.as_str()])]),
        meta: BTreeMap::from([("title", title)]),
        anchors: [],
    })
    .unwrap_or_default();
    Page {
        hits,
        pending,
        new_words,
        fragment: PageFragment { json, word_count },
    }
}

/// A list of pages (a word's, or one accented form's): each page `[page delta, text,
/// title]` already in CBOR, the page number as the difference from the list's previous
/// page. Encoding as the pages are merged keeps a site's postings in a few bytes each
/// (a 10,000-page site has millions) instead of a struct with two vectors apiece.
#[derive(Default)]
struct Postings {
    cbor: Cbor,
    count: usize,
    last: usize,
    locations: usize,
}

impl Postings {
    /// Add `page` with its locations: `run`, the page's hits of one key and form, sorted.
    /// Text locations go as the browser decodes them: by weight (lighter compound parts
    /// first), then position; positions as differences from the one before; a change of
    /// weight (from 25, where the browser starts) as `-(weight + 1)` followed by an
    /// absolute position. Title locations: the field (title is field 0) as `-(field + 1)`,
    /// then positions as differences.
    fn push(&mut self, page: usize, run: &[Hit]) {
        if run.is_empty() {
            return;
        }
        let (text, title) = run.split_at(run.partition_point(|h| !h.title()));
        let markers = text.chunk_by(|a, b| a.weight() == b.weight()).count();
        let text_len = text.len() + markers;
        let title_len = if title.is_empty() { 0 } else { title.len() + 1 };
        let out = &mut self.cbor;
        out.array(3);
        out.uint((page - self.last) as u64);
        out.array(text_len);
        let (mut weight, mut last) = (25u8, 0u32);
        for h in text {
            let (p, w) = (h.position(), h.weight());
            if w != weight {
                out.int(-i64::from(w) - 1);
                out.int(i64::from(p));
                weight = w;
            } else {
                out.int(i64::from(p) - i64::from(last));
            }
            last = p;
        }
        out.array(title_len);
        if !title.is_empty() {
            out.int(-1);
            let mut last = 0;
            for h in title {
                out.int(i64::from(h.position()) - i64::from(last));
                last = h.position();
            }
        }
        self.last = page;
        self.count += 1;
        self.locations += text_len + title_len + 1;
    }

    fn write(&self, out: &mut Cbor) {
        out.array(self.count);
        out.0.extend_from_slice(&self.cbor.0);
    }
}

/// A word across the site: its pages, and per accented form the pages written so.
/// While merging, a variant is the accented form's number; when the words are written,
/// its text, the variants sorted by it.
#[derive(Default)]
struct Word<F = String> {
    pages: Postings,
    variants: Vec<(F, Postings)>,
}

impl Word<u32> {
    /// The pages of accented form `form`.
    fn variant(&mut self, form: u32) -> &mut Postings {
        let i = match self.variants.iter().position(|(f, _)| *f == form) {
            Some(i) => i,
            None => {
                self.variants.push((form, Postings::default()));
                self.variants.len() - 1
            }
        };
        &mut self.variants[i].1
    }

    /// The word with its forms' texts, variants in the order the browser expects.
    fn named(self, forms: &[String]) -> Word {
        let mut variants: Vec<(String, Postings)> = self
            .variants
            .into_iter()
            .map(|(f, p)| (forms[f as usize].clone(), p))
            .collect();
        variants.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Word {
            pages: self.pages,
            variants,
        }
    }
}

impl Word {
    /// Locations it adds to a chunk (Pagefind's measure of a chunk's size).
    fn size(&self) -> usize {
        self.pages.locations
            + self
                .variants
                .iter()
                .map(|(_, v)| v.locations)
                .sum::<usize>()
            + self.variants.len()
    }
}

/// Pages split into words at a time: they are split in parallel, then merged, so the
/// hits of only this many pages are in memory at once.
const BATCH: usize = 128;

/// What an index is built from: one page's record, made when the page's batch is indexed
/// (so that only a batch of pages' text is in memory at once, not a language's: 20-25 MiB
/// at 5,000 pages) or made already.
pub trait ToRecord: Sync {
    /// The page's record.
    fn to_record(&self) -> Cow<'_, Record>;
    /// Title of the page's section (the section filter), without making the record.
    fn section(&self) -> &str;
}

impl ToRecord for Record {
    fn to_record(&self) -> Cow<'_, Record> {
        Cow::Borrowed(self)
    }

    fn section(&self) -> &str {
        &self.section
    }
}

/// Merge batch `b`'s split pages into the language's words (by key number), and compress
/// its fragment groups. The batch's new words are in `vocabulary` already.
fn merge(
    lang: &str,
    b: usize,
    pages: Vec<Page>,
    vocabulary: &Vocabulary,
    words: &mut Vec<Word<u32>>,
    word_counts: &mut Vec<usize>,
    groups: &mut Vec<(String, Vec<u8>)>,
) {
    words.resize_with(vocabulary.keys.names.len(), Word::default);
    let mut fragments = Vec::with_capacity(pages.len());
    for (i, mut page) in pages.into_iter().enumerate() {
        let n = b * BATCH + i;
        if !page.pending.is_empty() {
            for &(w, position, title) in &page.pending {
                if let Some(known) = vocabulary.words.get(&page.new_words[w as usize].0) {
                    hits_of(known, position, title, &mut page.hits);
                }
            }
            page.hits.sort_unstable();
            page.hits.dedup();
        }
        // One run of hits per key and form: its locations on this page.
        for run in page.hits.chunk_by(|a, b| a.word() == b.word()) {
            let word = &mut words[run[0].key() as usize];
            match run[0].form() {
                PLAIN => word.pages.push(n, run),
                form => word.variant(form).push(n, run),
            }
        }
        word_counts.push(page.fragment.word_count);
        fragments.push(page.fragment.json);
    }
    // BATCH is a multiple of GROUP: a group never spans two batches.
    let first = b * BATCH;
    groups.par_extend(fragments.par_chunks(GROUP).enumerate().map(|(g, group)| {
        let mut json = String::from("{");
        for (i, fragment) in group.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let name = page_name(lang, first + g * GROUP + i);
            json.push_str(&serde_json::Value::from(name).to_string());
            json.push(':');
            json.push_str(fragment);
        }
        json.push('}');
        (hex(json.as_bytes()), gzip(json.as_bytes()))
    }));
}

/// Build one language's index from its pages' records (in page order).
pub fn build<R: ToRecord>(lang: &str, records: &[R], stemmer: Option<&Stemmer>) -> LanguageIndex {
    let mut words: Vec<Word<u32>> = Vec::new();
    let mut vocabulary = Vocabulary::default();
    // Per page: its word count; per group of GROUP pages: the hash of its JSON and the
    // file, compressed as soon as the group's pages are split (the text of a language's
    // pages would otherwise be the largest thing held here).
    let mut word_counts = Vec::with_capacity(records.len());
    let mut groups: Vec<(String, Vec<u8>)> = Vec::new();
    let batches: Vec<&[R]> = records.chunks(BATCH).collect();
    let mut split: Option<Vec<Page>> = None;
    for b in 0..=batches.len() {
        // The words the last batch prepared join the vocabulary (and get their numbers)
        // before the next batch is split, and that batch is merged (which is sequential)
        // while the next is split.
        if let Some(pages) = &mut split {
            for page in pages {
                // The words stay listed: the page's pending hits name them by their place.
                for (raw, prepared) in &mut page.new_words {
                    vocabulary.learn(raw, std::mem::take(prepared));
                }
            }
        }
        let ((), next) = rayon::join(
            || {
                if let Some(pages) = split.take() {
                    merge(
                        lang,
                        b - 1,
                        pages,
                        &vocabulary,
                        &mut words,
                        &mut word_counts,
                        &mut groups,
                    );
                }
            },
            || {
                batches.get(b).map(|batch| {
                    batch
                        .par_iter()
                        .map(|r| page(&r.to_record(), stemmer, &vocabulary))
                        .collect::<Vec<Page>>()
                })
            },
        );
        split = next;
    }
    let forms = std::mem::take(&mut vocabulary.forms.names);
    let mut words: Vec<(String, Word)> = std::mem::take(&mut vocabulary.keys.names)
        .into_iter()
        .zip(words)
        .filter(|(_, w)| w.pages.count > 0 || !w.variants.is_empty())
        .map(|(key, w)| (key, w.named(&forms)))
        .collect();
    words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (group_hashes, group_files): (Vec<String>, Vec<Vec<u8>>) = groups.into_iter().unzip();
    let group_names = short_names(&format!("{lang}_g"), group_hashes);

    // Word chunks, sorted by word, each about CHUNK_LOCATIONS locations.
    let mut chunks: Vec<Vec<(String, Word)>> = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for (key, word) in words {
        size += word.size();
        chunk.push((key, word));
        if size >= CHUNK_LOCATIONS {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    let ranges = chunk_ranges(&chunks);
    let (chunk_hashes, chunk_files): (Vec<String>, Vec<Vec<u8>>) = chunks
        .into_par_iter()
        .map(|c| {
            let encoded = encode_chunk(&c);
            (hex(&encoded), gzip(&encoded))
        })
        .unzip();
    let chunk_names = short_names(&format!("{lang}_"), chunk_hashes);

    // The section filter: value -> pages.
    let mut sections: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, r) in records.iter().enumerate() {
        sections.entry(r.section()).or_default().push(n);
    }
    let mut filter = Cbor::default();
    filter.array(2);
    filter.str("section");
    filter.array(sections.len());
    for (value, pages) in &sections {
        filter.array(2);
        filter.str(value);
        filter.array(pages.len());
        pages.iter().for_each(|&p| filter.uint(p as u64));
    }
    let filter_name = short_names(&format!("{lang}_"), vec![hex(&filter.0)]).remove(0);

    // Metadata: version, pages, chunks, filters, sorts, meta fields.
    let mut meta = Cbor::default();
    meta.array(6);
    meta.str(FORMAT);
    meta.array(word_counts.len());
    for (n, word_count) in word_counts.iter().enumerate() {
        meta.array(3);
        meta.str(&page_name(lang, n));
        meta.uint(*word_count as u64);
        meta.str(&group_names[n / GROUP]);
    }
    meta.array(ranges.len());
    for ((from, to), name) in ranges.iter().zip(&chunk_names) {
        meta.array(3);
        meta.str(from);
        meta.str(to);
        meta.str(name);
    }
    meta.array(1);
    meta.array(2);
    meta.str("section");
    meta.str(&filter_name);
    meta.array(0);
    if records.is_empty() {
        meta.array(0);
    } else {
        meta.array(1);
        meta.str("title");
    }
    let hash = format!("{lang}_{}", &hex(&meta.0)[..10]);

    let mut files = vec![
        (format!("pagefind.{hash}.pf_meta"), gzip(&meta.0)),
        (format!("filter/{filter_name}.pf_filter"), gzip(&filter.0)),
    ];
    files.extend(
        chunk_names
            .into_iter()
            .zip(chunk_files)
            .map(|(name, bytes)| (format!("index/{name}.pf_index"), bytes)),
    );
    files.extend(
        group_names
            .into_iter()
            .zip(group_files)
            .map(|(name, bytes)| (format!("fragment/{name}.pf_fragment"), bytes)),
    );
    LanguageIndex {
        hash,
        page_count: records.len(),
        files,
    }
}

/// The first and last word of each chunk, shortened to the prefixes that still tell
/// neighbouring chunks apart (the browser loads the chunks whose range holds a word).
fn chunk_ranges(chunks: &[Vec<(String, Word)>]) -> Vec<(String, String)> {
    let mut ranges: Vec<(String, String)> = chunks
        .iter()
        .map(|c| {
            let first = c.first().map_or("", |(k, _)| k.as_str());
            let last = c.last().map_or("", |(k, _)| k.as_str());
            (first.to_string(), last.to_string())
        })
        .collect();
    for i in 1..ranges.len() {
        let (to, from) = (&ranges[i - 1].1, &ranges[i].0);
        let common = from
            .chars()
            .zip(to.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let to_prefix: String = to.chars().take(common + 1).collect();
        let from_prefix: String = from.chars().take(common + 1).collect();
        // Shortening `to` must not make it sort before the chunk's own first word.
        if to_prefix >= ranges[i - 1].0 {
            ranges[i - 1].1 = to_prefix;
        }
        ranges[i].0 = from_prefix;
    }
    ranges
}

/// A word chunk: `[[word, pages, variants]...]`, variants as `[form, pages]`.
fn encode_chunk(chunk: &[(String, Word)]) -> Vec<u8> {
    let mut out = Cbor::default();
    out.array(1);
    out.array(chunk.len());
    for (key, word) in chunk {
        out.array(3);
        out.str(key);
        word.pages.write(&mut out);
        out.array(word.variants.len());
        for (form, list) in &word.variants {
            out.array(2);
            out.str(form);
            list.write(&mut out);
        }
    }
    out.0
}

/// The minimal CBOR the browser's decoder reads: definite-length arrays, text strings and
/// integers, each in its shortest form (as the `minicbor` crate writes them for Pagefind).
#[derive(Default)]
struct Cbor(Vec<u8>);

impl Cbor {
    fn head(&mut self, major: u8, value: u64) {
        let m = major << 5;
        match value {
            0..=23 => self.0.push(m | value as u8),
            24..=0xff => self.0.extend([m | 24, value as u8]),
            0x100..=0xffff => {
                self.0.push(m | 25);
                self.0.extend((value as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                self.0.push(m | 26);
                self.0.extend((value as u32).to_be_bytes());
            }
            _ => {
                self.0.push(m | 27);
                self.0.extend(value.to_be_bytes());
            }
        }
    }
    fn uint(&mut self, value: u64) {
        self.head(0, value);
    }
    fn int(&mut self, value: i64) {
        if value >= 0 {
            self.head(0, value as u64);
        } else {
            self.head(1, (-1 - value) as u64);
        }
    }
    fn str(&mut self, s: &str) {
        self.head(3, s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn array(&mut self, len: usize) {
        self.head(4, len as u64);
    }
}

/// Short file names for full hashes: `prefix` and the first 7 hex digits, more where two
/// different hashes share them; equal hashes (identical content) share a name.
fn short_names(prefix: &str, full: Vec<String>) -> Vec<String> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    (0..full.len())
        .map(|i| {
            let mut n = 7;
            loop {
                let name = format!("{prefix}{}", &full[i][..n]);
                match taken.get(&name) {
                    Some(&j) if full[j] != full[i] && n < full[i].len() => n += 1,
                    _ => {
                        taken.entry(name.clone()).or_insert(i);
                        return name;
                    }
                }
            }
        })
        .collect()
}

/// The compression level (libdeflate's). Measured on the index of 10,000 pages (36 MB
/// before compression, 740 files, each compressed on its own): libdeflate at level 1
/// gives 11.6 MB in 150 ms, 2 11.3 MB in 235 ms, 4 11.0 MB in 390 ms; zlib-rs, used before,
/// gave 15.3 MB at its level 1 (180 ms), 11.7 MB at 2 (300 ms), 11.2 MB at 3 (380 ms). A
/// search fetches a few chunks and fragment groups, so a few percent more bytes are
/// nothing to a reader, and compressing was a sixth of the search index's CPU time.
const LEVEL: libdeflater::CompressionLvl = match libdeflater::CompressionLvl::new(1) {
    Ok(level) => level,
    Err(_) => panic!("libdeflate's levels are 1 to 12"),
};

/// Gzip as the browser's script expects: the signature `pagefind_dcd`, then the bytes;
/// no timestamp, so the same input gives the same file.
///
/// libdeflate compresses a whole buffer at once (no streaming state to keep), which is
/// what every index file is, at half zlib's time for the same size. Each thread keeps one
/// compressor and one buffer for the signed input: setting a compressor up allocates its
/// tables, and a build without cache compresses a few hundred files.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use libdeflater::Compressor;
    thread_local! {
        static GZIP: std::cell::RefCell<Option<(Compressor, Vec<u8>)>> =
            const { std::cell::RefCell::new(None) };
    }
    const SIGNATURE: &[u8] = b"pagefind_dcd";
    GZIP.with_borrow_mut(|state| {
        let (compressor, signed) =
            state.get_or_insert_with(|| (Compressor::new(LEVEL), Vec::new()));
        signed.clear();
        signed.extend_from_slice(SIGNATURE);
        signed.extend_from_slice(bytes);
        let mut out = vec![0; compressor.gzip_compress_bound(signed.len())];
        let written = compressor
            .gzip_compress(signed, &mut out)
            .expect("libdeflate's bound for the input leaves room for its output");
        out.truncate(written);
        // A smaller buffer for the index's lifetime, not the bound's (the input's size).
        out.shrink_to_fit();
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_the_signed_bytes_in_gzip_without_a_timestamp() {
        use std::io::Read;
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| format!("{} Quảng Ngãi {} ", i % 97, i * 7919 % 1013).into_bytes())
            .collect();
        let mut first: Vec<Vec<u8>> = Vec::new();
        // Twice each, and in between others: the reused state must not carry anything over.
        let inputs = [&b""[..], b"a", &text, b"a", &text[..70_000], &text];
        for (n, input) in inputs.iter().enumerate() {
            let gz = gzip(input);
            // Magic, deflate, no flags, mtime 0 (the same input gives the same file).
            assert_eq!(
                gz[..8],
                [0x1f, 0x8b, 8, 0, 0, 0, 0, 0],
                "{} bytes",
                input.len()
            );
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut plain)
                .unwrap();
            assert_eq!(plain[..12], *b"pagefind_dcd");
            assert_eq!(plain[12..], **input, "{} bytes", input.len());
            if let Some(earlier) = inputs[..n].iter().position(|i| i == input) {
                assert_eq!(gz, first[earlier], "{} bytes, again", input.len());
            }
            first.push(gz);
        }
        assert!(
            first[2].len() < text.len() / 4,
            "compressed: {}",
            first[2].len()
        );
    }

    fn keys(word: &str, lang: &str) -> Vec<(String, Option<String>, bool)> {
        indexables(word, stemmer(lang).as_ref())
            .into_iter()
            .map(|w| (w.key, w.original, w.part))
            .collect()
    }

    #[test]
    fn words_are_prepared_as_the_browser_prepares_queries() {
        assert_eq!(
            keys("Quảng", "vi"),
            [("quang".into(), Some("quảng".into()), false)]
        );
        assert_eq!(keys("(Dung", "vi"), [("dung".into(), None, false)]);
        assert_eq!(
            keys("“Lý”,", "vi"),
            [("ly".into(), Some("lý".into()), false)]
        );
        assert_eq!(
            keys("Dầu`+", "vi"),
            [("dau".into(), Some("dầu".into()), false)]
        );
        assert_eq!(keys("ports,", "en"), [("port".into(), None, false)]);
        assert_eq!(
            keys("Quảng-Ngãi", "vi"),
            [
                ("quangngai".into(), Some("quảngngãi".into()), false),
                ("quang".into(), Some("quảng".into()), true),
                ("ngai".into(), Some("ngãi".into()), true),
            ]
        );
        assert_eq!(
            keys("PetroVietnam", "en"),
            [
                ("petrovietnam".into(), None, false),
                ("petro".into(), None, true),
                ("vietnam".into(), None, true),
            ]
        );
        assert!(keys("—", "en").is_empty());
    }

    #[test]
    fn locations_pack_as_pagefind_packs_them() {
        let packed = |page: usize, hits: &[(bool, u8, u32)]| {
            let mut run: Vec<Hit> = hits
                .iter()
                .map(|&(title, weight, position)| Hit::new(7, PLAIN, title, weight, position))
                .collect();
            run.sort_unstable();
            let mut postings = Postings::default();
            postings.push(page, &run);
            let mut out = Cbor::default();
            postings.write(&mut out);
            decode(&out.0, &mut 0)
        };
        let int = |v: &[i64]| Item::List(v.iter().map(|&n| Item::Int(n)).collect());
        let one = |delta: i64, text: &[i64], title: &[i64]| {
            Item::List(vec![Item::List(vec![
                Item::Int(delta),
                int(text),
                int(title),
            ])])
        };
        // The usual weight (24) differs from the starting one (25): a marker, then deltas.
        let text = [(false, 24, 3), (false, 24, 10), (false, 24, 12)];
        assert_eq!(packed(0, &text), one(0, &[-25, 3, 7, 2], &[]));
        // Lighter compound parts sort first; title positions follow the field marker.
        let mixed = [(false, 24, 5), (true, 0, 4), (false, 12, 2), (true, 0, 1)];
        assert_eq!(packed(3, &mixed), one(3, &[-13, 2, -25, 5], &[-1, 1, 3]));
    }

    #[test]
    fn cbor_integers_take_their_shortest_form() {
        let mut c = Cbor::default();
        c.uint(23);
        c.uint(24);
        c.int(-1);
        c.int(-25);
        c.uint(70_000);
        c.str("ả");
        assert_eq!(
            c.0,
            [
                0x17, 0x18, 24, 0x20, 0x38, 24, 0x1a, 0, 1, 0x11, 0x70, 0x63, 0xe1, 0xba, 0xa3
            ]
        );
    }

    #[test]
    fn chunk_ranges_are_shortened_to_distinguishing_prefixes() {
        let chunk = |words: &[&str]| -> Vec<(String, Word)> {
            words
                .iter()
                .map(|w| (w.to_string(), Word::default()))
                .collect()
        };
        let chunks = vec![
            chunk(&["apple"]),
            chunk(&["apricot", "banana"]),
            chunk(&["peach"]),
        ];
        assert_eq!(
            chunk_ranges(&chunks),
            [
                ("apple".to_string(), "apple".to_string()),
                ("apr".to_string(), "b".to_string()),
                ("p".to_string(), "peach".to_string()),
            ]
        );
    }

    #[test]
    fn short_names_grow_only_on_collision() {
        let names = short_names(
            "vi_",
            vec!["abcdefg1".into(), "abcdefg2".into(), "abcdefg1".into()],
        );
        assert_eq!(names, ["vi_abcdefg", "vi_abcdefg2", "vi_abcdefg"]);
    }

    /// A decoded CBOR item (what the browser's decoder sees).
    #[derive(Debug, PartialEq)]
    enum Item {
        Int(i64),
        Text(String),
        List(Vec<Item>),
    }

    fn decode(b: &[u8], at: &mut usize) -> Item {
        let (major, info) = (b[*at] >> 5, b[*at] & 31);
        *at += 1;
        let n = match info {
            0..=23 => u64::from(info),
            24..=27 => {
                let len = 1 << (info - 24);
                let v = b[*at..*at + len]
                    .iter()
                    .fold(0u64, |a, &x| (a << 8) | u64::from(x));
                *at += len;
                v
            }
            _ => panic!("indefinite length"),
        };
        match major {
            0 => Item::Int(n as i64),
            1 => Item::Int(-1 - n as i64),
            3 => {
                let s = String::from_utf8(b[*at..*at + n as usize].to_vec()).unwrap();
                *at += n as usize;
                Item::Text(s)
            }
            4 => Item::List((0..n).map(|_| decode(b, at)).collect()),
            m => panic!("major type {m}"),
        }
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        assert!(out.starts_with(b"pagefind_dcd"));
        out.split_off(12)
    }

    fn record(url: &str, title: &str, text: &str) -> Record {
        Record {
            url: url.into(),
            lang: "vi".into(),
            title: title.into(),
            section: "Tin tức".into(),
            text: text.into(),
        }
    }

    #[test]
    fn pages_locations_and_variants_decode_as_written() {
        let records = [
            record("vi/a/", "Quảng Ngãi", "Tỉnh Quảng Ngãi mời đầu tư"),
            record("vi/b/", "Cảng", "cảng biển"),
            record("vi/c/", "Lý Sơn", "đảo Lý Sơn thuộc quang ngai quảng"),
        ];
        let built = build("vi", &records, None);
        let chunks: Vec<Item> = built
            .files
            .iter()
            .filter(|(n, _)| n.starts_with("index/"))
            .map(|(_, b)| decode(&gunzip(b), &mut 0))
            .collect();
        let words: Vec<&Vec<Item>> = chunks
            .iter()
            .flat_map(|c| match c {
                Item::List(top) => match &top[0] {
                    Item::List(words) => words.iter(),
                    _ => panic!(),
                },
                _ => panic!(),
            })
            .map(|w| match w {
                Item::List(w) => w,
                _ => panic!(),
            })
            .collect();
        let word = |key: &str| {
            words
                .iter()
                .find(|w| w[0] == Item::Text(key.into()))
                .unwrap_or_else(|| panic!("{key} is not indexed"))
        };
        let int = |v: &[i64]| Item::List(v.iter().map(|&n| Item::Int(n)).collect());
        // `quang` unaccented: page 2 only, word 4 of its text.
        assert_eq!(
            word("quang")[1],
            Item::List(vec![Item::List(vec![
                Item::Int(2),
                int(&[-25, 4]),
                int(&[])
            ])])
        );
        // Accented `quảng`: a variant; page 0 (word 1, title word 0), then page 2 (delta 2,
        // word 6).
        assert_eq!(
            word("quang")[2],
            Item::List(vec![Item::List(vec![
                Item::Text("quảng".into()),
                Item::List(vec![
                    Item::List(vec![Item::Int(0), int(&[-25, 1]), int(&[-1, 0])]),
                    Item::List(vec![Item::Int(2), int(&[-25, 6]), int(&[])]),
                ]),
            ])])
        );
        // `đảo` was folded (`dảo`+`): indexed as `dao`, its form without the marker.
        assert!(matches!(&word("dao")[2], Item::List(v) if v.len() == 1));
        // The metadata lists three pages, with their word counts and group.
        let meta = built
            .files
            .iter()
            .find(|(n, _)| n.ends_with(".pf_meta"))
            .unwrap();
        let Item::List(meta) = decode(&gunzip(&meta.1), &mut 0) else {
            panic!()
        };
        assert_eq!(meta[0], Item::Text(FORMAT.into()));
        let Item::List(pages) = &meta[1] else {
            panic!()
        };
        let counts: Vec<&Item> = pages
            .iter()
            .map(|p| match p {
                Item::List(p) => &p[1],
                _ => panic!(),
            })
            .collect();
        assert_eq!(counts, [&Item::Int(6), &Item::Int(2), &Item::Int(7)]);
        assert_eq!(meta[5], Item::List(vec![Item::Text("title".into())]));
    }
}
