//! Media kits: zips and their checksums, derivatives, reproducibility, the kit page, and
//! every error a kit's asset list can have.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use common::{SiteTest, find, main_of, page};
use herald::media_kit::sha256_hex;
use image::{ImageEncoder, RgbImage};

const SCHEMA: &str = "sections:
  press/kits:
    kind: kit
    fields:
      contact: {type: contact}
      assets: {type: assets}
";

const KIT: &str = "content/press/kits/demo";
const VI: &str = "content/press/kits/demo/index.vi.md";
const EN: &str = "content/press/kits/demo/index.en.md";

/// A JPEG of `w`×`h` pixels (a gradient, so it compresses like a picture), with an EXIF
/// orientation tag when `orientation` is given.
fn jpeg(w: u32, h: u32, orientation: Option<u8>) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 120])
    });
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    if let Some(o) = orientation {
        // A little-endian TIFF header with one IFD entry: Orientation (0x0112), SHORT, 1.
        let mut exif = b"II\x2a\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
        exif.extend_from_slice(&[o, 0, 0, 0, 0, 0, 0, 0]);
        enc.set_exif_metadata(exif).unwrap();
    }
    enc.write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The asset list of the demo kit: a wide photo, a photo turned by EXIF, a fact sheet.
const ASSETS: &str = "assets:
  - file: wide.jpg
    title:
      vi: Cảng biển
      en: The port
    caption:
      vi: Cảng nước sâu lúc bình minh.
      en: The deep-water port at dawn.
    alt:
      vi: Cần cẩu và tàu tại cầu cảng
      en: Cranes and a ship at the quay
    credit: Sở Ngoại vụ
    licence: {spdx: CC-BY-4.0}
    date: 2021-03-01
    place:
      vi: Dung Quất
      en: Dung Quất
  - file: turned.jpg
    title: {vi: Ruộng tỏi, en: Garlic fields}
    caption: {vi: Ruộng tỏi trên đảo., en: Garlic fields on the island.}
    alt: {vi: Luống tỏi xanh, en: Rows of green garlic}
    credit:
      vi: Ảnh minh họa
      en: Illustration
    licence: {name: Public domain, url: https://example.org/pd}
  - file: facts.txt
    title: {vi: Thông tin cơ bản, en: Key facts}
    caption: {vi: Số liệu., en: Figures.}
    credit: Sở Ngoại vụ
    licence: {spdx: CC0-1.0}
";

/// A site with a press section, a kits section and the demo kit in vi and en.
fn kit_site(assets: &str) -> SiteTest {
    let t = SiteTest::new();
    t.append("herald.yaml", SCHEMA)
        .file(
            "content/press/_index.vi.md",
            &page("title: Báo chí\nslug: bao-chi", "Phòng báo chí."),
        )
        .file(
            "content/press/_index.en.md",
            &page("title: Press\nslug: press", "The press room."),
        )
        .file(
            "content/press/kits/_index.vi.md",
            &page("title: Bộ tài liệu\nslug: bo-tai-lieu", ""),
        )
        .file(
            "content/press/kits/_index.en.md",
            &page("title: Media kits\nslug: media-kits", ""),
        )
        .bytes(&format!("{KIT}/wide.jpg"), &jpeg(1700, 850, None))
        .bytes(&format!("{KIT}/turned.jpg"), &jpeg(1700, 900, Some(6)))
        .file(&format!("{KIT}/facts.txt"), "Quảng Ngãi: facts.\n")
        .file(
            VI,
            &page(
                &format!("title: Bộ tài liệu mẫu\nslug: bo-mau\ndate: 2021-03-15\n{assets}"),
                "## Thông cáo\n\nNội dung **thông cáo** với [liên kết](@/news/welcome.md).",
            ),
        )
        .file(
            EN,
            &page(
                "title: Demo kit\nslug: demo-kit\ndate: 2021-03-15",
                "## Release\n\nThe **release** text with [a link](@/news/welcome.md).",
            ),
        );
    t
}

/// Every entry of a zip: name -> bytes.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(name, data);
    }
    out
}

fn built_bytes(t: &SiteTest, rel: &str) -> Vec<u8> {
    std::fs::read(t.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    let img = image::load_from_memory(bytes).unwrap();
    (img.width(), img.height())
}

const VI_ZIP: &str = "vi/bao-chi/bo-tai-lieu/bo-mau/bo-mau-vi.zip";
const EN_ZIP: &str = "en/press/media-kits/demo-kit/demo-kit-en.zip";

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        + 1
}

#[test]
fn each_zip_holds_its_files_and_every_sha256sums_line_matches() {
    let t = kit_site(ASSETS);
    t.build_ok();
    for (zip, top) in [(VI_ZIP, "bo-mau-vi/"), (EN_ZIP, "demo-kit-en/")] {
        let entries = unzip(&built_bytes(&t, zip));
        let names: Vec<&str> = entries
            .keys()
            .map(|n| n.strip_prefix(top).expect("one top folder"))
            .collect();
        assert_eq!(
            names,
            [
                "CAPTIONS.txt",
                "SHA256SUMS",
                "documents/facts.txt",
                "manifest.json",
                "originals/turned.jpg",
                "originals/wide.jpg",
                "press-release.html",
                "press-release.txt",
                "web/turned.jpg",
                "web/wide.jpg",
            ]
        );
        let sums = String::from_utf8(entries[&format!("{top}SHA256SUMS")].clone()).unwrap();
        let mut listed = Vec::new();
        for line in sums.lines() {
            let (hex, path) = line.split_once("  ").expect("`<hex>  <path>` lines");
            let data = &entries[&format!("{top}{path}")];
            assert_eq!(hex, sha256_hex(data), "{zip}: checksum of {path}");
            listed.push(path);
        }
        let others: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| *n != "SHA256SUMS")
            .collect();
        assert_eq!(listed, others, "SHA256SUMS lists every other entry, sorted");
        // The originals are the files as supplied, byte for byte.
        assert_eq!(
            entries[&format!("{top}originals/wide.jpg")],
            std::fs::read(t.root().join(KIT).join("wide.jpg")).unwrap()
        );
    }
}

#[test]
fn captions_press_release_and_manifest_are_in_the_zips_language() {
    let t = kit_site(ASSETS);
    t.build_ok();
    let vi = unzip(&built_bytes(&t, VI_ZIP));
    let en = unzip(&built_bytes(&t, EN_ZIP));
    let text = |m: &BTreeMap<String, Vec<u8>>, k: &str| String::from_utf8(m[k].clone()).unwrap();

    let captions_vi = text(&vi, "bo-mau-vi/CAPTIONS.txt");
    assert!(
        captions_vi.contains("Chú thích: Cảng nước sâu lúc bình minh."),
        "{captions_vi}"
    );
    assert!(captions_vi.contains("Nguồn: Ảnh minh họa"), "{captions_vi}");
    assert!(
        captions_vi.contains("1.700 × 850 điểm ảnh"),
        "{captions_vi}"
    );
    assert!(captions_vi.contains("1 tháng 3 năm 2021"), "{captions_vi}");
    assert!(!captions_vi.contains("Caption:") && !captions_vi.contains("The port"));

    let captions_en = text(&en, "demo-kit-en/CAPTIONS.txt");
    assert!(
        captions_en.contains("Caption: The deep-water port at dawn."),
        "{captions_en}"
    );
    assert!(captions_en.contains("Licence: Public domain – https://example.org/pd"));
    assert!(captions_en.contains("1,700 × 850 px"), "{captions_en}");
    assert!(!captions_en.contains("Chú thích") && !captions_en.contains("Cảng biển"));

    let html = text(&en, "demo-kit-en/press-release.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>Demo kit</h1>") && html.contains("<strong>release</strong>"));
    // Links work from a journalist's disk: absolute.
    assert!(
        html.contains("href=\"https://example.gov.vn/en/news/welcome/\""),
        "{html}"
    );
    let plain = text(&en, "demo-kit-en/press-release.txt");
    assert!(plain.contains("Release\n-------"), "{plain}");
    assert!(
        plain.contains("The release text with a link <https://example.gov.vn/en/news/welcome/>."),
        "{plain}"
    );
    assert!(!plain.contains("<strong>") && !plain.contains("**"));

    let manifest: serde_json::Value =
        serde_json::from_slice(&vi["bo-mau-vi/manifest.json"]).unwrap();
    assert_eq!(manifest["language"], "vi");
    assert_eq!(manifest["assets"][0]["title"], "Cảng biển");
    assert_eq!(manifest["assets"][0]["web"]["width"], 1600);
    assert_eq!(
        manifest["assets"][2]["original"]["path"],
        "documents/facts.txt"
    );
}

#[test]
fn derivatives_are_upright_and_sized_1600_and_400() {
    let t = kit_site(ASSETS);
    t.build_ok();
    let base = "en/press/media-kits/demo-kit/";
    assert_eq!(
        dimensions(&built_bytes(&t, &format!("{base}web/wide.jpg"))),
        (1600, 800)
    );
    assert_eq!(
        dimensions(&built_bytes(&t, &format!("{base}thumbs/wide.jpg"))),
        (400, 200)
    );
    // Stored 1700×900 with "rotate 90° clockwise to view": upright it is 900×1700.
    assert_eq!(
        dimensions(&built_bytes(&t, &format!("{base}web/turned.jpg"))),
        (847, 1600)
    );
    assert_eq!(
        dimensions(&built_bytes(&t, &format!("{base}thumbs/turned.jpg"))),
        (212, 400)
    );
    // The derivative carries no orientation tag that would turn it a second time.
    let web = built_bytes(&t, &format!("{base}web/turned.jpg"));
    assert_eq!(
        herald::media_kit::derive::probe(&web).unwrap().orientation,
        1
    );
    let html = t.read(&format!("{base}index.html"));
    assert!(
        html.contains("900 × 1,700 px"),
        "the original's displayed size"
    );
}

#[test]
fn builds_are_byte_identical_with_a_warm_cache_and_without_it() {
    let t = kit_site(ASSETS);
    t.build_ok();
    let first: Vec<Vec<u8>> = [VI_ZIP, EN_ZIP]
        .iter()
        .map(|z| built_bytes(&t, z))
        .collect();
    let pages_first = t.read("vi/bao-chi/bo-tai-lieu/bo-mau/index.html");
    let cache = t.root().join(".herald-cache/media");
    assert_eq!(
        std::fs::read_dir(&cache).unwrap().count(),
        4,
        "web + thumb of 2 images"
    );

    t.build_forced_ok();
    let warm: Vec<Vec<u8>> = [VI_ZIP, EN_ZIP]
        .iter()
        .map(|z| built_bytes(&t, z))
        .collect();
    assert!(first == warm, "a warm build changed a zip");

    std::fs::remove_dir_all(t.root().join(".herald-cache")).unwrap();
    t.build_ok();
    let cold: Vec<Vec<u8>> = [VI_ZIP, EN_ZIP]
        .iter()
        .map(|z| built_bytes(&t, z))
        .collect();
    assert!(first == cold, "a build without the cache changed a zip");
    assert_eq!(
        pages_first,
        t.read("vi/bao-chi/bo-tai-lieu/bo-mau/index.html")
    );
    // Entries carry the kit's date, never the build's.
    let mut archive = zip::ZipArchive::new(Cursor::new(&first[0])).unwrap();
    let t0 = archive.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!(
        (t0.year(), t0.month(), t0.day(), t0.hour()),
        (2021, 3, 15, 0)
    );
}

#[test]
fn a_damaged_cache_entry_is_made_again() {
    let t = kit_site(ASSETS);
    t.build_ok();
    let before = built_bytes(&t, EN_ZIP);
    let cache = t.root().join(".herald-cache/media");
    for entry in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(entry.unwrap().path(), b"not a picture").unwrap();
    }
    t.build_forced_ok();
    assert!(before == built_bytes(&t, EN_ZIP));
}

#[test]
fn kit_page_shows_sizes_in_the_readers_units_checksums_and_links() {
    let t = kit_site(ASSETS);
    t.build_ok();
    for (lang, page_path, zip) in [
        ("vi", "vi/bao-chi/bo-tai-lieu/bo-mau/index.html", VI_ZIP),
        ("en", "en/press/media-kits/demo-kit/index.html", EN_ZIP),
    ] {
        let html = t.read(page_path);
        let main = main_of(&html);
        let bytes = built_bytes(&t, zip);
        let size = reader_size(bytes.len(), lang);
        assert!(main.contains(&size), "{lang}: zip size {size} in {main}");
        assert!(main.contains(&sha256_hex(&bytes)), "{lang}: zip checksum");
        let original = std::fs::read(t.root().join(KIT).join("wide.jpg")).unwrap();
        assert!(
            main.contains(&sha256_hex(&original)),
            "{lang}: original checksum"
        );
        let base = page_path.trim_end_matches("index.html");
        assert!(
            main.contains(&format!("href=\"/{base}wide.jpg\"")),
            "{lang}: original link"
        );
        assert!(
            main.contains(&format!("href=\"/{base}web/wide.jpg\"")),
            "{lang}: web link"
        );
        assert!(main.contains(&format!(
            "src=\"/{base}thumbs/wide.jpg\" width=\"400\" height=\"200\""
        )));
        assert!(
            main.contains(&format!("href=\"/{zip}\"")),
            "{lang}: zip link"
        );
        // Documents of the kit are listed without a thumbnail.
        assert!(
            main.contains(&format!("href=\"/{base}facts.txt\"")),
            "{lang}: document link"
        );
    }
    let en = t.read("en/press/media-kits/demo-kit/index.html");
    assert!(en.contains("1,700 × 850 px") && en.contains("alt=\"Cranes and a ship at the quay\""));
    assert!(en.contains("rel=\"license\">CC BY 4.0</a>"));
    let vi = t.read("vi/bao-chi/bo-tai-lieu/bo-mau/index.html");
    assert!(
        vi.contains("1.700 × 850 điểm ảnh") && vi.contains("alt=\"Cần cẩu và tàu tại cầu cảng\"")
    );
    // Each page offers the other language's zip too.
    assert!(vi.contains(&format!("href=\"/{EN_ZIP}\" hreflang=\"en\"")));
}

#[test]
fn press_room_reaches_kits_newest_first() {
    let t = kit_site(ASSETS);
    t.file(
        "content/press/kits/older/index.vi.md",
        &page(
            "title: Bộ cũ\ndate: 2020-01-01\nassets:\n  - file: a.txt\n    title: {vi: A}\n    caption: {vi: A}\n    credit: X\n    licence: {spdx: CC0-1.0}",
            "Cũ.",
        ),
    )
    .file("content/press/kits/older/a.txt", "a\n");
    t.build_ok();
    let press = t.read("vi/bao-chi/index.html");
    assert!(
        main_of(&press).contains("href=\"/vi/bao-chi/bo-tai-lieu/\""),
        "press links to the kits"
    );
    let list = t.read("vi/bao-chi/bo-tai-lieu/index.html");
    let new = list.find("/vi/bao-chi/bo-tai-lieu/bo-mau/").unwrap();
    let old = list.find("/vi/bao-chi/bo-tai-lieu/older/").unwrap();
    assert!(new < old, "newest kit first");
    // A kit published in one language only gets one zip, with texts needed only in it.
    assert!(t.exists("vi/bao-chi/bo-tai-lieu/older/older-vi.zip"));
}

/// A size as the kit page shows it: kB from 100 up without decimals, one decimal below and
/// in MB, with the language's decimal separator.
fn reader_size(bytes: usize, lang: &str) -> String {
    let (n, unit) = match bytes {
        0..1_000 => (bytes as f64, "bytes"),
        1_000..1_000_000 => (bytes as f64 / 1e3, "kB"),
        _ => (bytes as f64 / 1e6, "MB"),
    };
    let text = if unit == "bytes" || (unit == "kB" && n >= 100.0) {
        format!("{}", n.round())
    } else {
        let one = (n * 10.0).round() / 10.0;
        format!("{one}")
    };
    let text = if lang == "vi" {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {unit}")
}

/// Build the demo kit with `ASSETS` edited by `from` -> `to`, expect errors.
fn errors_with(from: &str, to: &str) -> (SiteTest, Vec<herald::diagnostic::Diagnostic>) {
    assert!(ASSETS.contains(from), "{from:?}");
    let t = kit_site(&ASSETS.replacen(from, to, 1));
    let errors = t.build_err();
    (t, errors)
}

#[test]
fn missing_caption_alt_or_credit_in_a_language_is_an_error_at_its_line() {
    let (t, errors) = errors_with("      en: The deep-water port at dawn.\n", "");
    let text = std::fs::read_to_string(t.root().join(VI)).unwrap();
    let d = find(
        &errors,
        &["`wide.jpg` has no caption in `en`", "index.vi.md"],
    );
    assert_eq!(d.line, Some(line_of(&text, "    caption:")));
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("add `en: ...` under `caption:`")
    );
    // Nothing is written when a kit is wrong.
    assert!(!t.exists(VI_ZIP));

    let (_, errors) = errors_with(
        "alt: {vi: Luống tỏi xanh, en: Rows of green garlic}",
        "alt: {en: Rows of green garlic}",
    );
    find(&errors, &["`turned.jpg` has no alt text in `vi`"]);

    let (t, errors) = errors_with("      en: Illustration\n", "");
    let text = std::fs::read_to_string(t.root().join(VI)).unwrap();
    let d = find(&errors, &["`turned.jpg` has no credit in `en`"]);
    assert_eq!(d.line, Some(line_of(&text, "      vi: Ảnh minh họa") - 1));

    let (_, errors) = errors_with(
        "    credit: Sở Ngoại vụ\n    licence: {spdx: CC0-1.0}",
        "    licence: {spdx: CC0-1.0}",
    );
    find(&errors, &["`facts.txt` has no credit"]);
}

#[test]
fn missing_file_path_out_of_the_folder_and_not_an_image_are_errors_naming_the_file() {
    let (t, errors) = errors_with("file: wide.jpg", "file: wyde.jpg");
    let text = std::fs::read_to_string(t.root().join(VI)).unwrap();
    let d = find(
        &errors,
        &[
            "`wyde.jpg` not found in the kit folder",
            "did you mean `wide.jpg`?",
        ],
    );
    assert_eq!(
        (d.line, d.column),
        (Some(line_of(&text, "file: wyde.jpg")), Some(5))
    );

    for bad in [
        "../kits.jpg",
        "/etc/passwd",
        "sub\\\\wide.jpg",
        "./wide.jpg",
    ] {
        let (_, errors) = errors_with("file: wide.jpg", &format!("file: \"{bad}\""));
        find(&errors, &["is not a path inside the kit folder"]);
    }

    let t = kit_site(ASSETS);
    t.file(&format!("{KIT}/wide.jpg"), "I am text, not a JPEG\n");
    let errors = t.build_err();
    let text = std::fs::read_to_string(t.root().join(VI)).unwrap();
    let d = find(
        &errors,
        &["`wide.jpg` is not a readable image", "index.vi.md"],
    );
    assert_eq!(d.line, Some(line_of(&text, "file: wide.jpg")));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_kit_folder_is_refused() {
    let t = kit_site(ASSETS);
    // Inside the site, so the content walk accepts it, but outside the kit folder.
    t.bytes("static/elsewhere.jpg", &jpeg(20, 10, None));
    std::fs::remove_file(t.root().join(KIT).join("wide.jpg")).unwrap();
    std::os::unix::fs::symlink(
        t.root().join("static/elsewhere.jpg"),
        t.root().join(KIT).join("wide.jpg"),
    )
    .unwrap();
    let errors = t.build_err();
    find(
        &errors,
        &["`wide.jpg` is a link to a file outside the kit folder"],
    );
}

#[test]
fn typos_licences_languages_and_misplaced_lists_are_errors() {
    let (_, errors) = errors_with(
        "    caption:\n      vi: Cảng",
        "    captoin:\n      vi: Cảng",
    );
    find(
        &errors,
        &["unknown field `captoin`", "did you mean `caption`?"],
    );

    let (_, errors) = errors_with("{spdx: CC-BY-4.0}", "{spdx: CC-BY-4}");
    find(
        &errors,
        &[
            "licence `CC-BY-4` is not one herald knows",
            "did you mean `CC-BY-4.0`?",
        ],
    );

    let (_, errors) = errors_with(
        "{vi: Ruộng tỏi, en: Garlic fields}",
        "{vi: Ruộng tỏi, en: Garlic fields, fr: Champs}",
    );
    find(&errors, &["`fr` is not a language of this site"]);

    let (_, errors) = errors_with(
        "    licence: {name: Public domain, url: https://example.org/pd}\n",
        "",
    );
    find(&errors, &["`turned.jpg` has no licence"]);

    // The asset list lives in the default-language file only.
    let t = kit_site(ASSETS);
    t.edit(EN, "title: Demo kit", &format!("title: Demo kit\n{ASSETS}"));
    let errors = t.build_err();
    let d = find(
        &errors,
        &["the asset list of a kit lives in its `vi` file only"],
    );
    assert_eq!(d.file.as_deref(), Some(std::path::Path::new(EN)));
    assert_eq!(d.line, Some(3));
}

#[test]
fn a_kit_section_needs_an_assets_field_and_kits_are_folders() {
    let t = kit_site(ASSETS);
    t.edit("herald.yaml", "      assets: {type: assets}\n", "");
    let errors = t.build_err();
    find(
        &errors,
        &[
            "section `press/kits` is a kit and needs exactly one field of type `assets`",
            "herald.yaml",
        ],
    );

    let t = kit_site(ASSETS);
    t.file(
        "content/press/kits/loose.vi.md",
        &page("title: Loose", "Text."),
    );
    let errors = t.build_err();
    find(
        &errors,
        &["a media kit must be a folder with its files", "loose.vi.md"],
    );
}
