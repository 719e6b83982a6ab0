//! Typed section fields, fact boxes, taxonomies, GeoJSON, embargo and expiry.

mod common;

use common::{SiteTest, find, main_of, page};
use herald::BuildOptions;

const SCHEMA: &str = "sections:
  investment:
    kind: investment
    fields:
      sector: {type: term, required: true}
      form: {type: enum, values: [fdi, oda]}
      capital: {type: money}
      area_ha: {type: number, min: 0}
      contact: {type: contact}
  heritage:
    kind: heritage
    fields:
      location: {type: geo, required: true}
      recognition: {type: enum, values: [national, provincial], taxonomy: true}
      address: {type: text}
  press:
    kind: press
    fields:
      contact: {type: contact}
";

const VI_FIELDS: &str = "field-sector = Lĩnh vực
value-sector-energy = Năng lượng
field-form = Hình thức
value-form-fdi = FDI
field-capital = Vốn
field-area_ha = Diện tích
value-area_ha = { $value } ha
field-contact = Liên hệ
field-location = Tọa độ
field-recognition = Xếp hạng
value-recognition-national = Di tích quốc gia
field-address = Địa chỉ
";

const EN_FIELDS: &str = "field-sector = Sector
value-sector-energy = Energy
field-form = Form
value-form-fdi = FDI
field-capital = Capital
field-area_ha = Area
value-area_ha = { $value } ha
field-contact = Contact
field-location = Coordinates
field-recognition = Recognition
value-recognition-national = National monument
field-address = Address
";

/// A site with investment, heritage and press sections and their schema.
fn site() -> SiteTest {
    let t = SiteTest::new();
    t.append("herald.yaml", SCHEMA)
        .file("i18n/vi/fields.ftl", VI_FIELDS)
        .file("i18n/en/fields.ftl", EN_FIELDS)
        .append(
            "i18n/vi/site.ftl",
            "section-investment = Đầu tư\nsection-heritage = Di sản\nsection-press = Báo chí\n",
        )
        .append(
            "i18n/en/site.ftl",
            "section-investment = Investment\nsection-heritage = Heritage\nsection-press = Press\n",
        );
    t
}

fn investment(t: &SiteTest, stem: &str, fields: &str) {
    for lang in ["vi", "en"] {
        t.file(
            &format!("content/investment/{stem}.{lang}.md"),
            &page(
                &format!("title: Dự án {stem} {lang}\ndate: 2020-09-01\n{fields}"),
                "Nội dung.",
            ),
        );
    }
}

#[test]
fn capital_reads_as_a_reader_expects_in_each_language() {
    let t = site();
    investment(
        &t,
        "usd",
        "sector: energy\ncapital: {amount: 1200000000, currency: USD}\narea_ha: 1234.5",
    );
    investment(
        &t,
        "vnd",
        "sector: energy\ncapital: {amount: 3500000000000, currency: VND}",
    );
    t.build_ok();
    let vi = main_of(&t.read("vi/investment/usd/index.html")).to_string();
    assert!(vi.contains("1,2 tỷ USD"), "{vi}");
    assert!(vi.contains("1.234,5 ha"));
    let en = main_of(&t.read("en/investment/usd/index.html")).to_string();
    assert!(en.contains("USD 1.2 billion"), "{en}");
    assert!(en.contains("1,234.5 ha"));
    assert!(
        t.read("vi/investment/vnd/index.html")
            .contains("3.500 tỷ đồng")
    );
    assert!(
        t.read("en/investment/vnd/index.html")
            .contains("VND 3,500 billion")
    );
}

#[test]
fn unknown_typed_field_gets_a_hint_from_the_schema() {
    let t = site();
    investment(&t, "a", "sectr: energy");
    let errors = t.build_err();
    let d = find(
        &errors,
        &["content/investment/a.vi.md:4:1", "unknown field `sectr`"],
    );
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("did you mean `sector`?")
    );
}

#[test]
fn mistyped_and_missing_fields_point_at_their_lines() {
    let t = site();
    t.file(
        "content/investment/a.vi.md",
        "---\ntitle: A\nsector: energy\ncapital:\n  amount: 5\n  currency: EUR\nform: fdl\n---\n",
    )
    .file("content/investment/b.vi.md", "---\ntitle: B\n---\n")
    .file(
        "content/heritage/c.vi.md",
        "---\ntitle: C\nlocation: {lat: 15.4, lon: 109.1}\n---\n",
    )
    .file(
        "content/heritage/d.vi.md",
        "---\ntitle: D\nlocation:\n  lat: 95\n  lon: 109.1\n---\n",
    )
    .file(
        "content/press/e.vi.md",
        "---\ntitle: E\ncontact: {email: not-an-email}\n---\n",
    );
    let errors = t.build_err();
    find(
        &errors,
        &[
            "content/investment/a.vi.md:6:13",
            "`capital`.currency",
            "VND or USD",
        ],
    );
    let d = find(&errors, &["content/investment/a.vi.md:7:7", "`form`"]);
    assert!(d.message.contains("did you mean `fdi`?"), "{}", d.message);
    find(
        &errors,
        &["content/investment/b.vi.md:2:1", "missing field `sector`"],
    );
    find(&errors, &["content/heritage/d.vi.md:4:8", "latitude"]);
    find(&errors, &["content/press/e.vi.md", "not an email address"]);
    assert!(
        !errors
            .iter()
            .any(|d| d.render(false).contains("heritage/c.vi.md")),
        "a valid page is not flagged"
    );
}

#[test]
fn schema_errors_in_config_are_reported() {
    let t = SiteTest::new();
    t.append(
        "herald.yaml",
        "sections:\n  investment:\n    fields:\n      sector: {type: words}\n",
    );
    let errors = t.build_err();
    find(&errors, &["herald.yaml", "unknown field type `words`"]);
}

#[test]
fn heritage_has_a_map_link_geo_json_ld_and_geojson() {
    let t = site();
    for lang in ["vi", "en"] {
        t.file(
            &format!("content/heritage/thien-an.{lang}.md"),
            &page(
                "title: Thiên Ấn\nlocation: {lat: 15.147, lon: 108.813}\nrecognition: national\naddress: Núi Thiên Ấn",
                "Chùa.",
            ),
        );
    }
    t.build_ok();
    let vi = t.read("vi/heritage/thien-an/index.html");
    assert!(vi.contains("15,147° vĩ Bắc, 108,813° kinh Đông"), "{vi}");
    assert!(vi.contains(
        "https://www.openstreetmap.org/?mlat=15.147&amp;mlon=108.813#map=15/15.147/108.813"
    ));
    assert!(
        vi.contains(r#""geo":{"@type":"GeoCoordinates","latitude":15.147,"longitude":108.813}"#)
    );
    assert!(!vi.contains("<iframe"), "no embedded third-party map");
    let geojson: serde_json::Value =
        serde_json::from_str(&t.read("en/heritage/sites.geojson")).unwrap();
    let feature = &geojson["features"][0];
    assert_eq!(
        feature["geometry"]["coordinates"],
        serde_json::json!([108.813, 15.147])
    );
    assert_eq!(feature["properties"]["recognition"], "National monument");
    assert_eq!(
        feature["properties"]["url"],
        "https://example.gov.vn/en/heritage/thien-an/"
    );
    assert!(
        t.read("en/heritage/index.html")
            .contains("/en/heritage/sites.geojson")
    );
}

#[test]
fn press_pages_are_news_articles_with_a_contact() {
    let t = site();
    t.file(
        "content/press/release.en.md",
        &page(
            "title: Release\ndate: 2020-08-15T09:00:00+07:00\ncontact: {name: Press office, email: press@example.org, phone: \"+84 255 3822 000\"}",
            "Text.",
        ),
    );
    t.build_ok();
    let html = t.read("en/press/release/index.html");
    assert!(html.contains("\"@type\":\"NewsArticle\""));
    assert!(html.contains("\"datePublished\":\"2020-08-15T09:00:00+07:00\""));
    assert!(html.contains("href=\"mailto:press@example.org\""));
    assert!(html.contains("href=\"tel:+842553822000\""));
    assert!(html.contains("15 August 2020"));
}

#[test]
fn term_pages_exist_per_language_and_link_their_translations() {
    let t = site();
    investment(&t, "a", "sector: energy");
    investment(&t, "b", "sector: energy");
    t.build_ok();
    // URLs come from the translated names of the taxonomy and the term.
    let vi = t.read("vi/investment/linh-vuc/nang-luong/index.html");
    assert!(main_of(&vi).contains("Dự án a vi") && main_of(&vi).contains("Dự án b vi"));
    assert!(
        vi.contains(r#"hreflang="en" href="https://example.gov.vn/en/investment/sector/energy/""#)
    );
    assert!(t.exists("en/investment/sector/index.html"));
    let page = t.read("vi/investment/a/index.html");
    assert!(page.contains(r#"<a href="/vi/investment/linh-vuc/nang-luong/">Năng lượng</a>"#));
    // Term lists are paginated like sections.
    t.edit("herald.yaml", "paginate: 10", "paginate: 1");
    t.build_ok();
    assert!(t.exists("vi/investment/linh-vuc/nang-luong/page/2/index.html"));
    assert!(!t.exists("vi/investment/linh-vuc/nang-luong/page/3/index.html"));
    // The section offers browsing by its taxonomies.
    assert!(
        t.read("en/investment/index.html")
            .contains("/en/investment/sector/energy/")
    );
}

#[test]
fn tags_get_pages_per_language() {
    let t = SiteTest::new();
    t.edit(
        "content/news/welcome.vi.md",
        "date: 2026-01-01",
        "date: 2026-01-01\ntags: [Đầu tư, Lý Sơn]",
    );
    t.build_ok();
    let tag = t.read("vi/tu-khoa/ly-son/index.html");
    assert!(main_of(&tag).contains("Chào mừng"));
    assert!(t.exists("vi/tu-khoa/index.html"));
    assert!(
        t.read("vi/tin-tuc/chao-mung/index.html")
            .contains(r#"<a href="/vi/tu-khoa/dau-tu/">Đầu tư</a>"#)
    );
}

#[test]
fn embargoed_pages_are_in_no_list_feed_sitemap_taxonomy_or_geojson() {
    let t = site();
    for lang in ["vi", "en"] {
        t.file(
            &format!("content/heritage/secret.{lang}.md"),
            &page(
                "title: Bí mật\ndate: 2020-01-01\nembargo: 2030-01-01T09:00:00+07:00\nlocation: {lat: 15, lon: 108}\nrecognition: national\ntags: [mật]",
                "x",
            ),
        );
    }
    let report = t.build_ok();
    assert_eq!(report.held_back.len(), 2);
    assert!(
        report.held_back[0]
            .reason
            .contains("embargoed until 2030-01-01T09:00:00+07:00")
    );
    for f in t.built_files() {
        // Images are binary; the search bundle is compressed and checked decoded below.
        if f.ends_with(".jpg") || f.starts_with("pagefind/") {
            continue;
        }
        let text = t.read(&f);
        assert!(
            !text.contains("Bí mật") && !text.contains("secret"),
            "{f} leaks the embargoed page"
        );
    }
    for (f, bytes) in common::search_files(&t) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Bí mật") && !text.contains("secret"),
            "pagefind/{f} leaks the embargoed page"
        );
    }
    // Once the embargo is over, it is everywhere.
    let opts = BuildOptions {
        now: Some("2030-01-01T02:00:00Z".parse().unwrap()),
        ..BuildOptions::default()
    };
    t.build_with(&opts).unwrap();
    assert!(t.read("vi/heritage/sites.geojson").contains("Bí mật"));
    assert!(t.read("vi/atom.xml").contains("Bí mật"));
}

#[test]
fn expired_pages_are_removed_after_their_date() {
    let t = SiteTest::new();
    t.file(
        "content/news/old.vi.md",
        &page("title: Cũ\nexpires: 2026-06-30", "x"),
    );
    let before = BuildOptions {
        now: Some("2026-06-29T12:00:00+07:00".parse().unwrap()),
        ..BuildOptions::default()
    };
    t.build_with(&before).unwrap();
    assert!(t.exists("vi/tin-tuc/old/index.html"));
    let after = BuildOptions {
        now: Some("2026-07-02T00:00:00+07:00".parse().unwrap()),
        ..BuildOptions::default()
    };
    let report = t.build_with(&after).unwrap();
    assert!(!t.exists("vi/tin-tuc/old/index.html"));
    assert!(
        report
            .held_back
            .iter()
            .any(|h| h.reason == "expired on 2026-06-30")
    );
}

#[test]
fn home_shows_featured_pages_by_weight() {
    let t = site();
    investment(&t, "second", "sector: energy\nfeatured: true\nweight: 2");
    investment(&t, "first", "sector: energy\nfeatured: true\nweight: 1");
    investment(&t, "plain", "sector: energy");
    t.build_ok();
    let home = t.read("en/index.html");
    let featured = &home[home.find("id=\"featured\"").expect("featured band")..];
    let featured = &featured[..featured.find("</section>").unwrap()];
    let first = featured.find("Dự án first en").unwrap();
    let second = featured.find("Dự án second en").unwrap();
    assert!(first < second);
    assert!(!featured.contains("Dự án plain en"));
}
