//! Turning checked kits into output: derivatives, one zip per kit and language, and the
//! view each kit page's template gets (documented in `themes/default/TEMPLATES.md`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::archive::{self, Entry};
use super::derive::{self, Cache, Derivative, Params, THUMB_SIZE, WEB_SIZE};
use super::{Kit, KitAsset, Licence, sha256_hex};
use crate::Site;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::i18n::Arg;
use crate::render::markdown::{self, Links, Rendered};
use crate::render::views::escape_html;

/// What rendering the kits produced.
#[derive(Debug, Default)]
pub struct KitRender {
    /// Output files: derivatives and zips, by output path.
    pub files: Vec<(String, Vec<u8>)>,
    /// The `kit` variable of each kit page, by page id.
    pub views: BTreeMap<usize, KitView>,
    /// Problems found while decoding images or writing zips.
    pub diagnostics: Vec<Diagnostic>,
    /// Derivatives made in this build.
    pub made: usize,
    /// Derivatives taken from the cache.
    pub cached: usize,
}

/// The `kit` variable of a kit page.
#[derive(Debug, Clone, Serialize)]
pub struct KitView {
    /// This language's zip.
    pub zip: ZipView,
    /// The zip of every language the kit is published in, in config order.
    pub zips: Vec<ZipView>,
    /// Images, in list order.
    pub images: Vec<AssetView>,
    /// Other files (fact sheets...), in list order.
    pub documents: Vec<AssetView>,
    /// Number of files in this language.
    pub count: usize,
}

/// A zip for download.
#[derive(Debug, Clone, Serialize)]
pub struct ZipView {
    /// Language code of its texts.
    pub lang: String,
    /// That language's name in itself.
    pub lang_name: String,
    /// Root-relative URL.
    pub url: String,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Size for reading, in the page's language (`2,4 MB`).
    pub size: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// The zip of the page's own language.
    pub current: bool,
}

/// A downloadable file of a kit.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Root-relative URL.
    pub url: String,
    /// File name.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Size for reading (`240 kB`).
    pub size: String,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// `JPEG`, `PNG`, `WebP`; absent for documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// Pixel width, for images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Pixel height, for images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// `2.400 × 1.350 px` in the page's language, for images.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pixels: Option<String>,
}

/// One asset on the kit page, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct AssetView {
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// Text alternative (images).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Credit line.
    pub credit: String,
    /// Licence.
    pub licence: Licence,
    /// `2021-03-15`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date in the page's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    /// Place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The file as supplied.
    pub original: FileView,
    /// The web version (images).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<FileView>,
    /// The thumbnail (images).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumb: Option<FileView>,
}

/// The machine-readable description inside each zip.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    kit: &'a str,
    language: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    url: String,
    press_release: [&'static str; 2],
    captions: &'static str,
    checksums: &'static str,
    assets: Vec<ManifestAsset<'a>>,
}

#[derive(Debug, Serialize)]
struct ManifestAsset<'a> {
    title: &'a str,
    caption: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<&'a str>,
    credit: &'a str,
    licence: &'a Licence,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    original: ManifestFile,
    #[serde(skip_serializing_if = "Option::is_none")]
    web: Option<ManifestFile>,
}

#[derive(Debug, Serialize)]
struct ManifestFile {
    path: String,
    bytes: u64,
    sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

/// Web version and thumbnail of one image.
struct Made {
    web: Arc<Vec<u8>>,
    web_size: (u32, u32),
    thumb: Arc<Vec<u8>>,
    thumb_size: (u32, u32),
}

/// One kit in one language, before views (which list every language's zip).
struct Built {
    page: usize,
    lang: String,
    files: Vec<(String, Vec<u8>)>,
    zip: ZipView,
    images: Vec<AssetView>,
    documents: Vec<AssetView>,
}

/// Render every kit: derivatives (in parallel, cached), zips and views.
pub fn render(site: &Site, page_md: &[Rendered]) -> KitRender {
    let mut out = KitRender::default();
    let cache = Cache::new(&site.config.root);
    let params = [Params { max: WEB_SIZE }, Params { max: THUMB_SIZE }];

    // Each distinct image once, even if two kits share it.
    let mut images: BTreeMap<&str, &KitAsset> = BTreeMap::new();
    for asset in site.kits.kits.values().flat_map(|k| &k.assets) {
        if asset.image.is_some() {
            images.entry(asset.sha256.as_str()).or_insert(asset);
        }
    }
    let results: Vec<(&str, Result<Vec<Derivative>, String>)> = images
        .par_iter()
        .map(|(sha, asset)| {
            let info = asset.image.as_ref().map_or_else(
                || Err("not an image".to_string()),
                |info| derive::derivatives(&asset.bytes, sha, info, &params, &cache),
            );
            (*sha, info)
        })
        .collect();
    let mut made: BTreeMap<&str, Made> = BTreeMap::new();
    for (sha, result) in results {
        match result {
            Ok(d) if d.len() == 2 => {
                for x in &d {
                    if x.cached {
                        out.cached += 1;
                    } else {
                        out.made += 1;
                    }
                }
                let mut d = d.into_iter();
                if let (Some(web), Some(thumb)) = (d.next(), d.next()) {
                    made.insert(
                        sha,
                        Made {
                            web_size: (web.width, web.height),
                            web: Arc::new(web.bytes),
                            thumb_size: (thumb.width, thumb.height),
                            thumb: Arc::new(thumb.bytes),
                        },
                    );
                }
            }
            Ok(_) => {}
            Err(why) => {
                for asset in site
                    .kits
                    .kits
                    .values()
                    .flat_map(|k| &k.assets)
                    .filter(|a| a.sha256 == sha)
                {
                    out.diagnostics.push(asset.error(
                        format!("`{}` cannot be decoded: {why}", asset.file),
                        "the file is damaged or not really an image; export it again as JPEG, PNG or WebP",
                    ));
                }
            }
        }
    }
    if !out.diagnostics.is_empty() {
        return out;
    }

    let jobs: Vec<(&Kit, &str, usize)> = site
        .kits
        .kits
        .values()
        .flat_map(|k| k.pages.iter().map(move |(l, &id)| (k, l.as_str(), id)))
        .collect();
    let built: Vec<Result<Built, Diagnostic>> = jobs
        .par_iter()
        .map(|(kit, lang, id)| build_one(site, page_md, kit, lang, *id, &made))
        .collect();
    let mut by_kit: BTreeMap<&str, Vec<Built>> = BTreeMap::new();
    for (b, (kit, _, _)) in built.into_iter().zip(&jobs) {
        match b {
            Ok(b) => by_kit.entry(kit.key.as_str()).or_default().push(b),
            Err(d) => out.diagnostics.push(d),
        }
    }
    for (key, builts) in by_kit {
        let Some(kit) = site.kits.kits.get(key) else {
            continue;
        };
        for b in &builts {
            // Zip sizes are shown in the page's language, so each page formats them anew.
            let zips: Vec<ZipView> = site
                .config
                .languages
                .iter()
                .filter_map(|l| builts.iter().find(|o| o.lang == l.code))
                .map(|o| ZipView {
                    size: size_text(site, &b.lang, o.zip.bytes, &kit.dir),
                    current: o.lang == b.lang,
                    ..o.zip.clone()
                })
                .collect();
            let zip = zips
                .iter()
                .find(|z| z.current)
                .cloned()
                .unwrap_or_else(|| b.zip.clone());
            out.views.insert(
                b.page,
                KitView {
                    zip,
                    zips,
                    count: b.images.len() + b.documents.len(),
                    images: b.images.clone(),
                    documents: b.documents.clone(),
                },
            );
        }
        for b in builts {
            out.files.extend(b.files);
        }
    }
    out
}

/// Derivative files, zip and view parts of one kit in one language.
fn build_one(
    site: &Site,
    page_md: &[Rendered],
    kit: &Kit,
    lang: &str,
    page_id: usize,
    made: &BTreeMap<&str, Made>,
) -> Result<Built, Diagnostic> {
    let config = &site.config;
    let page = &site.content.pages[page_id];
    let used_by = format!("the media kit content/{}/", kit.dir);
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut images = Vec::new();
    let mut documents = Vec::new();
    let mut manifest_assets = Vec::new();
    for asset in kit.assets.iter().filter(|a| a.in_language(lang)) {
        let text = |m: &BTreeMap<String, String>| m.get(lang).cloned().unwrap_or_default();
        let original_url = config.url(&format!("{}{}", page.path, asset.file));
        let name = asset
            .file
            .rsplit('/')
            .next()
            .unwrap_or(&asset.file)
            .to_string();
        let mut original = FileView {
            url: original_url,
            name,
            bytes: asset.bytes.len() as u64,
            size: size_text(site, lang, asset.bytes.len() as u64, &used_by),
            sha256: asset.sha256.clone(),
            format: None,
            width: None,
            height: None,
            pixels: None,
        };
        let mut view = AssetView {
            title: text(&asset.title),
            caption: text(&asset.caption),
            alt: asset.image.as_ref().map(|_| text(&asset.alt)),
            credit: text(&asset.credit),
            licence: asset.licence.clone(),
            date: asset.date.as_ref().map(|d| d.date.to_string()),
            date_display: asset
                .date
                .as_ref()
                .map(|d| site.i18n.format_date(lang, d.date, &used_by)),
            place: asset.place.get(lang).cloned(),
            original: original.clone(),
            web: None,
            thumb: None,
        };
        let folder = if asset.image.is_some() {
            "originals"
        } else {
            "documents"
        };
        let original_path = format!("{folder}/{}", asset.file);
        entries.push(Entry {
            path: original_path.clone(),
            bytes: Arc::clone(&asset.bytes),
        });
        let mut manifest_web = None;
        if let Some(info) = &asset.image {
            let derived = derive::derived_name(&asset.file, info);
            let Some(m) = made.get(asset.sha256.as_str()) else {
                return Err(asset.error(
                    format!("no web version of `{}` was made", asset.file),
                    "this is a bug in herald; please report it",
                ));
            };
            original.format = Some(info.format.name());
            original.width = Some(info.width);
            original.height = Some(info.height);
            original.pixels = Some(pixels_text(site, lang, info.width, info.height, &used_by));
            let web_path = format!("{}web/{derived}", page.path);
            let thumb_path = format!("{}thumbs/{derived}", page.path);
            let derived_view = |path: &str, bytes: &Arc<Vec<u8>>, (w, h): (u32, u32)| FileView {
                url: config.url(path),
                name: derived.rsplit('/').next().unwrap_or(&derived).to_string(),
                bytes: bytes.len() as u64,
                size: size_text(site, lang, bytes.len() as u64, &used_by),
                sha256: sha256_hex(bytes),
                format: Some(if info.alpha { "PNG" } else { "JPEG" }),
                width: Some(w),
                height: Some(h),
                pixels: Some(pixels_text(site, lang, w, h, &used_by)),
            };
            view.web = Some(derived_view(&web_path, &m.web, m.web_size));
            view.thumb = Some(derived_view(&thumb_path, &m.thumb, m.thumb_size));
            files.push((web_path, m.web.as_ref().clone()));
            files.push((thumb_path, m.thumb.as_ref().clone()));
            let zip_web = format!("web/{derived}");
            entries.push(Entry {
                path: zip_web.clone(),
                bytes: Arc::clone(&m.web),
            });
            manifest_web = Some(ManifestFile {
                path: zip_web,
                bytes: m.web.len() as u64,
                sha256: sha256_hex(&m.web),
                width: Some(m.web_size.0),
                height: Some(m.web_size.1),
            });
        }
        view.original = original;
        manifest_assets.push(ManifestAsset {
            title: asset.title.get(lang).map_or("", String::as_str),
            caption: asset.caption.get(lang).map_or("", String::as_str),
            alt: asset
                .image
                .as_ref()
                .and(asset.alt.get(lang).map(String::as_str)),
            credit: asset.credit.get(lang).map_or("", String::as_str),
            licence: &asset.licence,
            date: asset.date.as_ref().map(|d| d.date.to_string()),
            place: asset.place.get(lang).map(String::as_str),
            original: ManifestFile {
                path: original_path,
                bytes: asset.bytes.len() as u64,
                sha256: asset.sha256.clone(),
                width: asset.image.as_ref().map(|i| i.width),
                height: asset.image.as_ref().map(|i| i.height),
            },
            web: manifest_web,
        });
        if asset.image.is_some() {
            images.push(view);
        } else {
            documents.push(view);
        }
    }

    let md = &page_md[page_id];
    let links = Links {
        config,
        content: &site.content,
    };
    let date_display = page
        .date
        .as_ref()
        .map(|d| site.i18n.format_date(lang, d.date, &used_by));
    entries.push(Entry {
        path: "press-release.html".into(),
        bytes: Arc::new(
            press_release_html(site, page, &md.html, date_display.as_deref(), &used_by)
                .into_bytes(),
        ),
    });
    entries.push(Entry {
        path: "press-release.txt".into(),
        bytes: Arc::new(
            press_release_text(site, page, &links, date_display.as_deref(), &used_by).into_bytes(),
        ),
    });
    entries.push(Entry {
        path: "CAPTIONS.txt".into(),
        bytes: Arc::new(captions(site, page, lang, &manifest_assets, &used_by).into_bytes()),
    });
    let manifest = Manifest {
        kit: &kit.key,
        language: lang,
        title: &page.front.title,
        date: page.date.as_ref().map(|d| d.date.to_string()),
        url: config.permalink(&page.path),
        press_release: ["press-release.html", "press-release.txt"],
        captions: "CAPTIONS.txt",
        checksums: archive::SUMS,
        assets: manifest_assets,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Diagnostic::error(format!("cannot write manifest.json: {e}")))?;
    entries.push(Entry {
        path: "manifest.json".into(),
        bytes: Arc::new(format!("{json}\n").into_bytes()),
    });

    let stem = format!("{}-{lang}", page.slug);
    let zip = archive::zip(&stem, &entries, kit.date).map_err(|e| {
        Diagnostic::error(format!("cannot build the zip of the kit: {e}"))
            .in_file(&page.doc.file)
            .hint("this is a bug in herald; please report it")
    })?;
    let zip_path = format!("{}{stem}.zip", page.path);
    let zip_view = ZipView {
        lang: lang.to_string(),
        lang_name: config
            .language(lang)
            .map(|l| l.name.clone())
            .unwrap_or_default(),
        url: config.url(&zip_path),
        name: format!("{stem}.zip"),
        bytes: zip.len() as u64,
        size: String::new(),
        sha256: sha256_hex(&zip),
        current: true,
    };
    files.push((zip_path, zip));
    Ok(Built {
        page: page_id,
        lang: lang.to_string(),
        files,
        zip: zip_view,
        images,
        documents,
    })
}

/// A size in the reader's units, through the Fluent message `kit-file-size`
/// (decimal units: 1 kB = 1000 bytes, as file managers show them).
pub fn size_text(site: &Site, lang: &str, bytes: u64, used_by: &str) -> String {
    let (size, unit) = scale_bytes(bytes);
    site.i18n.format(
        lang,
        "kit-file-size",
        &[
            ("size".into(), Arg::Num(size)),
            ("unit".into(), Arg::Str(unit.into())),
        ],
        used_by,
    )
}

/// (number, unit) for reading: whole bytes and kB from 100 up, one decimal otherwise.
pub fn scale_bytes(bytes: u64) -> (f64, &'static str) {
    let b = bytes as f64;
    let one = |x: f64| (x * 10.0).round() / 10.0;
    if bytes < 1000 {
        (b, "B")
    } else if bytes < 1_000_000 {
        let kb = b / 1e3;
        (if kb >= 100.0 { kb.round() } else { one(kb) }, "kB")
    } else if bytes < 1_000_000_000 {
        (one(b / 1e6), "MB")
    } else {
        (one(b / 1e9), "GB")
    }
}

fn pixels_text(site: &Site, lang: &str, w: u32, h: u32, used_by: &str) -> String {
    site.i18n.format(
        lang,
        "kit-pixels",
        &[
            ("width".into(), Arg::Num(f64::from(w))),
            ("height".into(), Arg::Num(f64::from(h))),
        ],
        used_by,
    )
}

/// The kit page's text as a standalone HTML document: links made absolute so they work
/// from a journalist's disk, no scripts, no external style.
fn press_release_html(
    site: &Site,
    page: &Page,
    html: &str,
    date: Option<&str>,
    used_by: &str,
) -> String {
    let config = &site.config;
    let origin = config
        .base_url
        .strip_suffix(config.base_path.as_str())
        .unwrap_or(&config.base_url);
    let body = html
        .replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"));
    let permalink = config.permalink(&page.path);
    let publisher = site.i18n.format(&page.lang, "site-title", &[], used_by);
    let source = site
        .i18n
        .format(&page.lang, "kit-label-source", &[], used_by);
    let date_line = date
        .map(|d| format!("<p class=\"date\">{}</p>\n", escape_html(d)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{font-family:system-ui,sans-serif;line-height:1.55;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}table{{border-collapse:collapse}}td,th{{border:1px solid #bbb;padding:.3rem .5rem;text-align:left}}.date,.source{{color:#555}}</style>\n</head>\n<body>\n<p class=\"source\">{publisher}</p>\n<h1>{title}</h1>\n{date_line}{body}\n<hr>\n<p class=\"source\">{source}: <a href=\"{permalink}\">{permalink}</a></p>\n</body>\n</html>\n",
        lang = page.lang,
        title = escape_html(&page.front.title),
        publisher = escape_html(&publisher),
        source = escape_html(&source),
    )
}

/// The kit page's text as plain text, for editorial systems that want no markup.
fn press_release_text(
    site: &Site,
    page: &Page,
    links: &Links<'_>,
    date: Option<&str>,
    used_by: &str,
) -> String {
    let publisher = site.i18n.format(&page.lang, "site-title", &[], used_by);
    let source = site
        .i18n
        .format(&page.lang, "kit-label-source", &[], used_by);
    let title = &page.front.title;
    let mut out = format!(
        "{publisher}\n\n{title}\n{}\n",
        "=".repeat(title.chars().count())
    );
    if let Some(d) = date {
        out.push_str(d);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&markdown::plain_text(&page.doc, &page.lang, links));
    out.push_str(&format!(
        "\n--\n{source}: {}\n",
        site.config.permalink(&page.path)
    ));
    out
}

/// `CAPTIONS.txt`: what a picture desk needs per file, in the zip's language.
fn captions(
    site: &Site,
    page: &Page,
    lang: &str,
    assets: &[ManifestAsset<'_>],
    used_by: &str,
) -> String {
    let t = |key: &str| site.i18n.format(lang, key, &[], used_by);
    let title = format!("{} – {}", t("kit-captions-heading"), page.front.title);
    let mut out = format!("{title}\n{}\n\n", "=".repeat(title.chars().count()));
    out.push_str(&t("kit-captions-intro"));
    out.push_str("\n\n");
    for (i, a) in assets.iter().enumerate() {
        let heading = format!("{}. {}", i + 1, a.title);
        out.push_str(&format!(
            "{heading}\n{}\n",
            "-".repeat(heading.chars().count())
        ));
        let mut line = |key: &str, value: &str| {
            if !value.is_empty() {
                out.push_str(&format!("{}: {value}\n", t(key)));
            }
        };
        line("kit-label-file", &a.original.path);
        line("kit-label-caption", a.caption);
        line("kit-label-alt", a.alt.unwrap_or(""));
        line("kit-label-credit", a.credit);
        let licence = match &a.licence.url {
            Some(url) => format!("{} – {url}", a.licence.name),
            None => a.licence.name.clone(),
        };
        line("kit-label-licence", &licence);
        if let Some(d) = &a.date
            && let Ok(date) = d.parse::<jiff::civil::Date>()
        {
            line(
                "kit-label-date",
                &site.i18n.format_date(lang, date, used_by),
            );
        }
        line("kit-label-place", a.place.unwrap_or(""));
        let size = size_text(site, lang, a.original.bytes, used_by);
        let dims = match (a.original.width, a.original.height) {
            (Some(w), Some(h)) => format!("{}, {size}", pixels_text(site, lang, w, h, used_by)),
            _ => size,
        };
        line("kit-label-size", &dims);
        if let Some(w) = &a.web
            && let (Some(width), Some(height)) = (w.width, w.height)
        {
            line(
                "kit-label-web",
                &format!(
                    "{} ({})",
                    w.path,
                    pixels_text(site, lang, width, height, used_by)
                ),
            );
        }
        line("kit-label-sha256", &a.original.sha256);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_scaled_for_reading() {
        assert_eq!(scale_bytes(512), (512.0, "B"));
        assert_eq!(scale_bytes(2_400), (2.4, "kB"));
        assert_eq!(scale_bytes(240_400), (240.0, "kB"));
        assert_eq!(scale_bytes(2_412_345), (2.4, "MB"));
        assert_eq!(scale_bytes(3_000_000_000), (3.0, "GB"));
    }
}
