//! Media kits: the files a press room hands to journalists, with what they need to reuse
//! them (captions, alt text, credits and licences in the reader's language) and proof that
//! nothing was changed on the way (SHA-256 checksums).
//!
//! A kit is a page bundle in a section declared `kind: kit` in herald.yaml, whose one field
//! of type `assets` lists the kit's files. The list lives in the kit's default-language
//! file only (`index.vi.md`), with every text as a map by language: one list means the
//! files, credits and licences cannot drift apart between languages, and a missing English
//! caption is reported at its line in the one place where all captions sit side by side.
//! Translations (`index.en.md`) carry their own title and prose (the press release).
//!
//! The stages follow the site's: [`Kits::load`] (called by `Site::load`) parses and checks
//! the lists, reads every file once, hashes it and reads image headers, so every error of
//! a kit is found before rendering; [`render`] makes the web-size derivatives (through
//! the cache in `.herald-cache/`, see [`derive`]), the zips in memory ([`archive`]) and
//! the views of the kit pages.

pub mod archive;
pub mod derive;
mod render;
mod spec;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use render::{AssetView, FileView, KitRender, KitView, ZipView, render};

use crate::config::Config;
use crate::content::{CONTENT_DIR, Content, PageDate};
use crate::diagnostic::Diagnostic;

/// The section kind whose pages are media kits.
pub const KIND: &str = "kit";

/// A licence, as shown to journalists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Licence {
    /// SPDX identifier (`CC-BY-4.0`), when the licence has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spdx: Option<String>,
    /// Human-readable name (`CC BY 4.0`).
    pub name: String,
    /// Where the licence text is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One file of a kit, checked and read.
#[derive(Debug, Clone)]
pub struct KitAsset {
    /// Path relative to the kit folder, `/`-separated (`photos/port.jpg`).
    pub file: String,
    /// Absolute path on disk.
    pub source: PathBuf,
    /// The file's bytes, read once at load.
    pub bytes: Arc<Vec<u8>>,
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256: String,
    /// The only language whose zip and page carry the asset (a translated fact sheet).
    pub lang: Option<String>,
    /// Title by language.
    pub title: BTreeMap<String, String>,
    /// Caption by language.
    pub caption: BTreeMap<String, String>,
    /// Text alternative by language (images only).
    pub alt: BTreeMap<String, String>,
    /// Credit line by language.
    pub credit: BTreeMap<String, String>,
    /// Place shown or concerned, by language.
    pub place: BTreeMap<String, String>,
    /// Licence.
    pub licence: Licence,
    /// When the picture was taken or the document issued.
    pub date: Option<PageDate>,
    /// Header facts of an image; None for documents.
    pub image: Option<derive::ImageInfo>,
    /// An error positioned at the asset's `file:` line, to clone for render-time problems.
    pub origin: Diagnostic,
}

impl KitAsset {
    /// True if the asset goes into `lang`'s zip and page.
    pub fn in_language(&self, lang: &str) -> bool {
        self.lang.as_deref().is_none_or(|l| l == lang)
    }

    /// `origin` with a message and a hint.
    pub fn error(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        let mut d = self.origin.clone();
        d.message = message.into();
        d.hint = Some(hint.into());
        d
    }
}

/// A media kit: one folder, a page per language, one asset list.
#[derive(Debug, Clone)]
pub struct Kit {
    /// The translation key its pages share.
    pub key: String,
    /// The kit folder relative to `content/` (`press/kits/quang-ngai-2021`).
    pub dir: String,
    /// Page id by language: the languages the kit is published in.
    pub pages: BTreeMap<String, usize>,
    /// The assets, in the order the list gives them.
    pub assets: Vec<KitAsset>,
    /// The date of the zip entries: the kit's `updated`, else its `date`.
    pub date: Option<jiff::civil::Date>,
}

/// Every media kit of the site.
#[derive(Debug, Clone, Default)]
pub struct Kits {
    /// Kits whose lists are valid, by translation key.
    pub kits: BTreeMap<String, Kit>,
}

impl Kits {
    /// Parse and check the asset list of every kit, reading each file once.
    ///
    /// Kits with errors are left out (their pages still render, without a kit), so one
    /// build reports the problems of every kit.
    pub fn load(config: &Config, content: &Content) -> (Kits, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for page in content.pages.iter().filter(|p| p.kind == KIND) {
            groups.entry(page.key.as_str()).or_default().push(page.id);
        }
        let mut kits = BTreeMap::new();
        for (key, ids) in groups {
            if let Some(kit) = spec::load_kit(config, content, key, &ids, &mut diagnostics) {
                kits.insert(key.to_string(), kit);
            }
        }
        (Kits { kits }, diagnostics)
    }

    /// The kit a page belongs to.
    pub fn for_page(&self, content: &Content, page_id: usize) -> Option<&Kit> {
        let page = content.pages.get(page_id)?;
        self.kits
            .get(&page.key)
            .filter(|k| k.pages.contains_key(&page.lang))
    }
}

/// The kit folder on disk.
fn kit_folder(config: &Config, dir: &str) -> PathBuf {
    config.root.join(CONTENT_DIR).join(dir)
}

/// Lowercase hex of a SHA-256 digest (sha2 0.11 has no `{:x}` for digests).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_matches_the_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
