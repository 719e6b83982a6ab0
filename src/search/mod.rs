//! Site search: an index per language in Pagefind's format, built from the published
//! pages, and read in the browser by Pagefind's script.
//!
//! Pagefind's format is a chunked index that the browser loads piece by piece, so a
//! search on a 10,000-page site fetches a few small files, and its script computes
//! excerpts around the matched words. It runs entirely in the browser from files beside
//! the site: no server, no other host. herald writes the index itself ([`index`]: faster
//! and far smaller in memory than Pagefind's indexer) and takes the browser files from
//! the `pagefind` crate ([`assets`]), so both are of one version.
//!
//! What goes in: one record per published page (`Site::content.pages` holds only those:
//! drafts, embargoed and expired pages were held back at load), made from the page's
//! rendered Markdown, its summary and its typed facts, never from the disk. Records
//! rather than whole HTML pages, so the index holds the article and not the header, menu
//! and footer of every page, whatever the theme's markup.
//!
//! Vietnamese folding. The index strips combining marks on both sides (`Quảng` is indexed
//! and searched as `quang`), but `đ` is a letter of its own, not `d` with a mark, so
//! `dau tu` would not find `đầu tư`. Here every `đ`/`Đ` of the text becomes `d`/`D`, and
//! the word gets a marker so the search page can show the original letters: `Đầu`
//! becomes ``Dầu`+``, one `+` (was `đ`) or `-` (was `d`) per `d` of the word, in order.
//! The marker is ASCII punctuation at the end of the word, which is dropped from the
//! indexed word without splitting it into parts, so `Dầu`+` is indexed exactly as `Dầu`
//! would be. The search page folds the query the same way (`đ` -> `d`) and removes the
//! markers from titles and excerpts (`themes/default/static/js/search.js`). One copy of
//! the text serves both the index and the excerpts, so nothing is stored twice.
//!
//! Languages: one index per language, listed in one `pagefind-entry.json`; the browser
//! loads only its page's language. Words are stemmed where Pagefind's browser side has a
//! stemmer (English: `ports` finds `port`); Vietnamese has none and needs none (words do
//! not inflect).
//!
//! Determinism: records go in page order, files are named by the hash of their content
//! and gzipped without a timestamp, so the same site gives the same bytes (a test builds
//! twice and compares).

mod index;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::Site;
use crate::content::{collapse_whitespace, nfc};
use crate::diagnostic::Diagnostic;
use crate::output::OutFile;
use crate::render::markdown::Rendered;
use crate::render::views::ViewBuilder;

/// Files of a search bundle: (path inside [`BUNDLE_DIR`], bytes).
pub type Bundle = Vec<(String, Vec<u8>)>;

/// Files of a search bundle for the output: (path inside [`BUNDLE_DIR`], file), where a
/// cached index's files are copies from the cache.
pub type Files = Vec<(String, OutFile)>;

/// The output folder of the search bundle, under the site's base path.
pub const BUNDLE_DIR: &str = "pagefind";

/// The marker that starts the list of folded `d`s at the end of a word.
const MARK: char = '`';

/// What one published page gives the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// URL path relative to the base (`vi/di-san/ly-son/`): the browser resolves it
    /// against wherever the bundle is served from, so a sub-path works.
    pub url: String,
    /// Language code; each language has an index of its own.
    pub lang: String,
    /// The page title, as written.
    pub title: String,
    /// Title of the page's section in its language (shown with each result).
    pub section: String,
    /// Plain text: summary, article, facts.
    pub text: String,
}

/// What one page's record is made of, before its text is taken out of the HTML. The cache
/// key is the hash of these ([`sources_key`]), so a build whose pages did not change
/// extracts no text at all (that was 6% of a warm build's instructions).
pub struct Source<'a> {
    url: &'a str,
    lang: &'a str,
    title: &'a str,
    section: String,
    summary: Option<&'a str>,
    html: Option<&'a str>,
    /// Typed facts in the page's language (district, sector, address...): a journalist may
    /// search for a place that the article body never names.
    facts: Vec<String>,
    tags: &'a [String],
}

/// One source per published page in `lang`, in page order.
pub fn sources<'a>(
    site: &'a Site,
    ctx: &ViewBuilder,
    page_md: &'a [Rendered],
    lang: &str,
) -> Vec<Source<'a>> {
    site.content
        .pages
        .par_iter()
        .filter(|page| page.lang == lang)
        .map(|page| {
            let section = &site.content.sections[&page.section];
            let mut facts = Vec::new();
            for fact in ctx.facts(page, "the search index") {
                if let Some(d) = fact.get("display").and_then(|d| d.as_str()) {
                    facts.push(d.to_string());
                }
                if let Some(items) = fact.get("items").and_then(|i| i.as_array()) {
                    facts.extend(items.iter().filter_map(|i| i.as_str()).map(str::to_string));
                }
            }
            Source {
                url: &page.path,
                lang: &page.lang,
                title: &page.front.title,
                section: ctx.section_title(section, &page.lang),
                summary: page.front.summary.as_deref(),
                html: page_md.get(page.id).map(|md| md.html.as_str()),
                facts,
                tags: &page.front.tags,
            }
        })
        .collect()
}

/// A page's record is made when its batch is indexed ([`index::ToRecord`]), and only
/// when the index is written at all: not when it comes from the cache.
impl index::ToRecord for Source<'_> {
    fn to_record(&self) -> std::borrow::Cow<'_, Record> {
        std::borrow::Cow::Owned(self.record())
    }

    fn section(&self) -> &str {
        &self.section
    }
}

impl Source<'_> {
    /// The page's record: summary, article text, facts and tags as one text.
    pub fn record(&self) -> Record {
        // Whitespace collapsed part by part (the article's text already is), so the
        // page's text is not walked again.
        let mut text = String::new();
        let mut add = |part: &str, collapsed: bool| {
            let part = if collapsed {
                std::borrow::Cow::Borrowed(part)
            } else {
                std::borrow::Cow::Owned(collapse_whitespace(part))
            };
            if !part.is_empty() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&part);
            }
        };
        if let Some(summary) = self.summary {
            add(summary, false);
        }
        if let Some(html) = self.html {
            add(&html_text(html), true);
        }
        for fact in &self.facts {
            add(fact, false);
        }
        for tag in self.tags {
            add(tag, false);
        }
        // Entities decoded from the HTML may leave marks to compose.
        let text = match nfc(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(composed) => collapse_whitespace(&composed),
        };
        Record {
            url: self.url.to_string(),
            lang: self.lang.to_string(),
            title: nfc(self.title).into_owned(),
            section: self.section.clone(),
            text,
        }
    }
}

/// Build the search bundle of the site's published pages: (path inside [`BUNDLE_DIR`],
/// file), sorted.
///
/// One index per language (see [`index`]), each reused from the cache when its records
/// did not change; their entries go into one `pagefind-entry.json`, beside Pagefind's
/// browser files (script, worker, WebAssembly). Languages are done one after the other,
/// each in parallel, and a language's records (the text of its pages) are made for it and
/// dropped after it: the search runs beside the templates, and memory is what it costs.
pub fn build(
    site: &Site,
    ctx: &ViewBuilder,
    page_md: &[Rendered],
    cache: Option<&Path>,
) -> Result<Files, Diagnostic> {
    let langs: Vec<&str> = site
        .content
        .pages
        .iter()
        .map(|p| p.lang.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut laps = crate::timing::Laps::start();
    let assets = assets(&langs)?;
    laps.lap("    search: script");
    let mut files: BTreeMap<String, OutFile> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for lang in &langs {
        let sources = sources(site, ctx, page_md, lang);
        // The browser stems a query only where Pagefind ships a stemming WebAssembly for
        // the language; the index must be stemmed exactly then.
        let wasm = assets
            .iter()
            .any(|(name, _)| *name == format!("wasm.{lang}.pagefind"));
        for (name, file) in cached_index(lang, &sources, wasm, cache)? {
            if name == ENTRY {
                let bytes = file.read().map_err(|e| {
                    Diagnostic::error(format!("cannot read the cached search index: {e}"))
                        .hint("delete .herald-cache/search/ and build again")
                })?;
                entry = Some(merge_entry(entry, &bytes)?);
            } else {
                // Index files are named by their language and content hash.
                files.insert(name, file);
            }
        }
        laps.lap(&format!("    search: index {lang}"));
    }
    // No page at all: still a bundle (an empty entry), so search pages load and say so.
    let entry = entry.unwrap_or_else(|| entry_json(BTreeMap::new()));
    files.insert(
        ENTRY.to_string(),
        OutFile::Bytes(entry.to_string().into_bytes()),
    );
    for (name, bytes) in assets.iter() {
        files.insert(name.clone(), OutFile::Bytes(bytes.clone()));
    }
    Ok(files.into_iter().collect())
}

/// `pagefind-entry.json` for these languages (code -> hash, stemming, page count).
fn entry_json(languages: BTreeMap<String, serde_json::Value>) -> serde_json::Value {
    serde_json::json!({
        "version": index::FORMAT,
        "languages": languages,
        "include_characters": index::INCLUDE_CHARACTERS,
    })
}

/// Pagefind's browser files for these languages: `pagefind.js`, `pagefind-worker.js`,
/// `wasm.unknown.pagefind` and `wasm.<lang>.pagefind` for each language it can stem.
///
/// Pagefind writes them (minified, for its version) when it builds an index, so it builds
/// one of a single word per language; the files are kept for the process (serve rebuilds
/// often). Its API is async on tokio: it runs on a runtime of its own in a thread of its
/// own, so this works inside a runtime (`serve`) too, and a panic becomes a diagnostic.
fn assets(langs: &[&str]) -> Result<Arc<Bundle>, Diagnostic> {
    static MADE: Mutex<BTreeMap<Vec<String>, Arc<Bundle>>> = Mutex::new(BTreeMap::new());
    let key: Vec<String> = langs.iter().map(|l| l.to_string()).collect();
    if let Some(made) = MADE.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(made);
    }
    // Pagefind's options read the working directory and panic without one.
    if std::env::current_dir().is_err() {
        return Err(
            Diagnostic::error("cannot build the search index: no current directory")
                .hint("run herald from a folder that exists"),
        );
    }
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error(format!("cannot build the search index: {what}: {e}"))
    };
    let made = std::thread::scope(|s| {
        s.spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .map_err(|e| failed("starting its runtime", &e))?;
            runtime.block_on(async {
                let mut pagefind = pagefind::api::PagefindIndex::new(None)
                    .map_err(|e| failed("configuring Pagefind", &e))?;
                for lang in langs {
                    pagefind
                        .add_custom_record(
                            format!("{lang}/"),
                            "herald".into(),
                            lang.to_string(),
                            None,
                            None,
                            None,
                        )
                        .await
                        .map_err(|e| failed("preparing Pagefind's script", &e))?;
                }
                let files = pagefind
                    .get_files()
                    .await
                    .map_err(|e| failed("preparing Pagefind's script", &e))?;
                Ok(files
                    .into_iter()
                    .filter_map(|f| {
                        let name = f.filename.to_str()?.replace('\\', "/");
                        let wanted = matches!(name.as_str(), "pagefind.js" | "pagefind-worker.js")
                            || (name.starts_with("wasm.") && name.ends_with(".pagefind"));
                        wanted.then_some((name, f.contents))
                    })
                    .collect::<Bundle>())
            })
        })
        .join()
        .unwrap_or_else(|_| {
            Err(
                Diagnostic::error("Pagefind crashed while preparing the search script")
                    .hint("the message above says where; please report it"),
            )
        })
    })?;
    let made = Arc::new(made);
    if let Ok(mut m) = MADE.lock() {
        m.insert(key, made.clone());
    }
    Ok(made)
}

/// The file that lists the bundle's languages and their indexes.
const ENTRY: &str = "pagefind-entry.json";

/// Add the languages of one language's `pagefind-entry.json` to the merged entry.
fn merge_entry(
    merged: Option<serde_json::Value>,
    bytes: &[u8],
) -> Result<serde_json::Value, Diagnostic> {
    let bad = || Diagnostic::error(format!("cannot build the search index: unexpected {ENTRY}"));
    let mut next: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| bad())?;
    let Some(mut merged) = merged else {
        return Ok(next);
    };
    let (Some(into), Some(from)) = (
        merged.get_mut("languages").and_then(|l| l.as_object_mut()),
        next.get_mut("languages").and_then(|l| l.as_object_mut()),
    ) else {
        return Err(bad());
    };
    into.append(from);
    Ok(merged)
}

/// One language's bundle from the cache when its records are the ones it was built from,
/// else written by [`index`] (then stored). Writing costs about 0.2 ms of CPU per page; a
/// rebuild whose pages' text did not change (templates, Fluent, config, or nothing edited)
/// reuses the index. The key is the SHA-256 of everything that goes into the index, with
/// herald's version and the index format: a stale index cannot be served. A cached bundle is a
/// folder whose files the output copies, so a build does not hold the index in memory.
fn cached_index(
    lang: &str,
    sources: &[Source],
    wasm: bool,
    cache: Option<&Path>,
) -> Result<Files, Diagnostic> {
    let in_memory = |bundle: Bundle| {
        bundle
            .into_iter()
            .map(|(n, b)| (n, OutFile::Bytes(b)))
            .collect()
    };
    let Some(cache) = cache else {
        return Ok(in_memory(index(lang, sources, wasm)));
    };
    let dir = cache.join("search");
    let key = sources_key(sources, wasm);
    let entry_dir = dir.join(format!("{lang}-{key}"));
    if let Some(files) = read_cached(&entry_dir) {
        return Ok(files);
    }
    let bundle = index(lang, sources, wasm);
    // A damaged entry of the same key is replaced.
    if entry_dir.exists() {
        let _ = std::fs::remove_dir_all(&entry_dir);
    }
    // A cache that cannot be written only costs the next build time.
    let _ = crate::media_kit::derive::make_cache_dir(cache);
    let tmp = dir.join(format!(".{lang}-{key}.{}.tmp", std::process::id()));
    // Hundreds of files: their folders first, then the files in parallel.
    let stored = crate::output::make_folders_of(&tmp, bundle.iter().map(|(n, _)| n.as_str()))
        .and_then(|()| {
            bundle
                .par_iter()
                .try_for_each(|(name, bytes)| std::fs::write(tmp.join(name), bytes))
        })
        .and_then(|()| {
            let list: String = bundle
                .iter()
                .map(|(name, bytes)| format!("{}\t{name}\n", bytes.len()))
                .collect();
            std::fs::write(tmp.join(CACHE_LIST), list)
        });
    if stored.is_ok() && std::fs::rename(&tmp, &entry_dir).is_ok() {
        // One entry per language: the previous index of this language is out of date,
        // and what killed builds left is removed.
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let name = e.file_name();
                let name = name.to_string_lossy();
                let old_of_lang = name
                    .rsplit_once('-')
                    .is_some_and(|(l, k)| l == lang && k != key);
                // Only this language's leftovers: the other languages are being indexed
                // beside this one, into temporary folders of their own.
                let stale_tmp = name.starts_with(&format!(".{lang}-")) && name.ends_with(".tmp");
                if old_of_lang || stale_tmp {
                    let _ = match e.file_type() {
                        Ok(t) if t.is_dir() => std::fs::remove_dir_all(e.path()),
                        _ => std::fs::remove_file(e.path()),
                    };
                }
            }
        }
    } else {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    Ok(in_memory(bundle))
}

/// The files of a cached bundle, as copies (the entry file read, to be merged); None if
/// there is no such entry or it is damaged (then the index is rebuilt).
fn read_cached(dir: &Path) -> Option<Files> {
    // The list is written last: an entry without it, or whose files are not all there
    // with their sizes, is not used.
    let list = std::fs::read_to_string(dir.join(CACHE_LIST)).ok()?;
    let mut files = Vec::new();
    for line in list.lines() {
        let (size, name) = line.split_once('\t')?;
        let path = crate::content::contained_path(dir, dir, name)?;
        if std::fs::metadata(&path).ok()?.len() != size.parse::<u64>().ok()? {
            return None;
        }
        let file = if name == ENTRY {
            OutFile::Bytes(std::fs::read(&path).ok()?)
        } else {
            OutFile::Copy(path)
        };
        files.push((name.to_string(), file));
    }
    files.iter().any(|(n, _)| n == ENTRY).then_some(files)
}

/// The list of a cached bundle's files (size, tab, name per line), written last.
const CACHE_LIST: &str = ".herald-files";

/// Part of the cache key: change it when the way records are made from their sources
/// ([`Source::record`]) or the index from its records changes without a new version of
/// herald, or builds of the same version would serve an index made the old way.
const KEY_SALT: &str = "sources-3";

/// The cache key of one language's index (hex SHA-256, 32 digits): of its pages' sources,
/// herald's version, [`KEY_SALT`] and the index format. Records are made from sources by
/// a fixed function, so equal sources give equal records.
fn sources_key(sources: &[Source], wasm: bool) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(KEY_SALT.as_bytes());
    h.update([0, u8::from(wasm)]);
    h.update(index::FORMAT.as_bytes());
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    for s in sources {
        for field in [s.url, s.lang, s.title, &s.section] {
            part(field.as_bytes());
        }
        // Absent and empty differ, and each list says how long it is.
        for field in [s.summary, s.html] {
            part(&[u8::from(field.is_some())]);
            part(field.unwrap_or("").as_bytes());
        }
        part(&(s.facts.len() as u64).to_le_bytes());
        s.facts.iter().for_each(|f| part(f.as_bytes()));
        part(&(s.tags.len() as u64).to_le_bytes());
        s.tags.iter().for_each(|t| part(t.as_bytes()));
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One language's index files and its `pagefind-entry.json`.
fn index(lang: &str, sources: &[Source], wasm: bool) -> Bundle {
    let stemmer = if wasm { index::stemmer(lang) } else { None };
    let built = index::build(lang, sources, stemmer.as_ref());
    let entry = entry_json(BTreeMap::from([(
        lang.to_string(),
        serde_json::json!({
            "hash": built.hash,
            "wasm": wasm.then_some(lang),
            "page_count": built.page_count,
        }),
    )]));
    let mut files = built.files;
    files.push((ENTRY.to_string(), entry.to_string().into_bytes()));
    files
}

/// Fold `đ`/`Đ` to `d`/`D` for the index, marking each changed word so the original can
/// be shown: ``Đầu tư`` -> ``Dầu`+ tư``, ``đỏ-đen`` -> ``dỏ-den`++``, ``Đồ dùng`` ->
/// ``Dồ`+ dùng`` (see the module documentation). Whitespace is kept as it is.
pub fn fold_d(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut word_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = word_start.take() {
                push_word(&mut out, &text[start..i]);
            }
            out.push(c);
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(start) = word_start {
        push_word(&mut out, &text[start..]);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !word.contains(['đ', 'Đ']) {
        out.push_str(word);
        return;
    }
    let mut mask = String::new();
    for c in word.chars() {
        match c {
            'đ' => {
                out.push('d');
                mask.push('+');
            }
            'Đ' => {
                out.push('D');
                mask.push('+');
            }
            'd' | 'D' => {
                out.push(c);
                mask.push('-');
            }
            c => out.push(c),
        }
    }
    out.push(MARK);
    out.push_str(&mask);
}

/// Undo [`fold_d`] on one word (what the search page's script does; kept here so tests
/// can check the round trip). A word whose marker does not match its `d`s is left alone.
pub fn unfold_word(word: &str) -> String {
    let Some(at) = word.rfind(MARK) else {
        return word.to_string();
    };
    let (body, mask) = (&word[..at], &word[at + 1..]);
    let ds = body.chars().filter(|c| matches!(c, 'd' | 'D')).count();
    if mask.is_empty() || !mask.chars().all(|c| c == '+' || c == '-') || mask.len() != ds {
        return word.to_string();
    }
    let mut flags = mask.chars();
    body.chars()
        .map(
            |c| match (c, matches!(c, 'd' | 'D') && flags.next() == Some('+')) {
                ('d', true) => 'đ',
                ('D', true) => 'Đ',
                (c, _) => c,
            },
        )
        .collect()
}

/// Plain text of rendered HTML: tags dropped (block elements become spaces), entities
/// decoded, `script` and `style` left out, whitespace collapsed.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
        decode_into(&mut out, &rest[..lt]);
        let tag = &rest[lt..];
        let next = tag[1..].chars().next();
        if tag.starts_with("<!--") {
            rest = tag.find("-->").map_or("", |e| &tag[e + 3..]);
            continue;
        }
        let end = tag_end(tag);
        if !next.is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
            || end == tag.len()
        {
            // A `<` that starts no tag (or one never closed) is text.
            out.push('<');
            rest = &tag[1..];
            continue;
        }
        // The name, lowercased in a buffer on the stack (a page has hundreds of tags; no
        // name this looks for is longer than 10 letters).
        let written = tag[1..end].trim_start_matches('/');
        let len = written
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let mut buf = [0u8; 16];
        let name = match buf.get_mut(..len) {
            Some(lower) => {
                lower.copy_from_slice(&written.as_bytes()[..len]);
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).unwrap_or_default()
            }
            None => "",
        };
        rest = tag.get(end + 1..).unwrap_or("");
        if (name == "script" || name == "style") && !tag[1..].starts_with('/') {
            let close = format!("</{name}");
            rest = find_ascii_ci(rest, &close)
                .and_then(|i| rest[i..].find('>').map(|j| &rest[i + j + 1..]))
                .unwrap_or("");
            out.push(' ');
            continue;
        }
        if is_block(name) {
            out.push(' ');
        }
    }
    decode_into(&mut out, rest);
    collapse_whitespace(&out)
}

/// Index of the `>` that closes the tag starting `tag`, skipping quoted attribute values.
fn tag_end(tag: &str) -> usize {
    // Quotes and `>` are ASCII, so bytes will do (no UTF-8 byte is one of them).
    let mut quote: Option<u8> = None;
    for (i, b) in tag.bytes().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i,
            _ => {}
        }
    }
    tag.len()
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Elements whose edges separate words (`<p>a</p><p>b</p>` is `a b`, `<em>a</em>b` is `ab`).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "hr"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "details"
            | "summary"
            | "img"
            | "iframe"
            | "video"
            | "audio"
    )
}

/// Append `text` with HTML character references decoded (`check` uses it for attributes).
pub(crate) fn decode_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    }?;
                    char::from_u32(code)
                }
            }?;
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_is_folded_and_marked() {
        assert_eq!(fold_d("Đầu tư"), "Dầu`+ tư");
        assert_eq!(fold_d("Đồ dùng"), "Dồ`+ dùng");
        assert_eq!(fold_d("(đỏ-đen),"), "(dỏ-den),`++");
        assert_eq!(fold_d("Dung Quất"), "Dung Quất");
        assert_eq!(fold_d("dĐd\nđ"), "dDd`-+-\nd`+");
    }

    #[test]
    fn folding_round_trips() {
        for text in [
            "Đầu tư vào Đà Nẵng",
            "đỏ-đen, Dung Quất",
            "ĐĐ dđD x`+ `",
            "a`b",
        ] {
            let back: Vec<String> = fold_d(text).split(' ').map(unfold_word).collect();
            assert_eq!(back.join(" "), text);
        }
        // A word whose marker does not match its d's stays as it is.
        assert_eq!(unfold_word("dd`+"), "dd`+");
        assert_eq!(unfold_word("x`"), "x`");
    }

    #[test]
    fn html_becomes_text() {
        let html = "<h2 id=\"ha-tang\">Hạ tầng</h2>\n<p>Cảng <strong>Dung</strong> Quất &amp; <a href=\"/x?a=1&amp;b=2\" title=\"a > b\">Lý Sơn</a>.</p><ul><li>một</li><li>hai</li></ul><script>var x = '<p>';</script><style>p{}</style><!-- note -->tail&#273;&#x110; a<b";
        assert_eq!(
            html_text(html),
            "Hạ tầng Cảng Dung Quất & Lý Sơn. một hai tailđĐ a<b"
        );
    }
}
