//! Building sites: URLs, translations, links, Fluent, site files and the output's guarantees.

mod common;

use common::{SiteTest, find, main_of, page};
use herald::BuildOptions;

#[test]
fn init_site_builds_both_languages() {
    let t = SiteTest::new();
    let report = t.build_ok();
    assert_eq!(report.pages.get("vi"), Some(&1));
    assert_eq!(report.pages.get("en"), Some(&1));
    for f in [
        "index.html",
        "404.html",
        "vi/index.html",
        "en/index.html",
        "vi/404.html",
        "en/404.html",
        "vi/tin-tuc/index.html",
        "en/news/index.html",
        "vi/tin-tuc/chao-mung/index.html",
        "en/news/welcome/index.html",
        "sitemap.xml",
        "robots.txt",
        "vi/atom.xml",
        "en/atom.xml",
        "vi/tin-tuc/atom.xml",
    ] {
        assert!(t.exists(f), "missing {f}: {:?}", t.built_files());
    }
    let vi = t.read("vi/tin-tuc/chao-mung/index.html");
    assert!(vi.contains("<html lang=\"vi\""), "{vi}");
    assert!(main_of(&vi).contains("Đây là trang đầu tiên"));
}

#[test]
fn translated_section_slugs_and_transliterated_page_slugs() {
    let t = SiteTest::new();
    t.file(
        "content/investment/_index.vi.md",
        &page("title: Đầu tư\nslug: dau-tu", ""),
    )
    .file(
        "content/investment/_index.en.md",
        &page("title: Investment\nslug: investment", ""),
    )
    .file(
        "content/investment/port.vi.md",
        &page(
            "title: Cảng\nslug: Cảng Dung Quất, Quảng Ngãi",
            "Cảng nước sâu.",
        ),
    )
    .file(
        "content/investment/port.en.md",
        &page("title: Port", "A deep-water port."),
    );
    t.build_ok();
    assert!(t.exists("vi/dau-tu/cang-dung-quat-quang-ngai/index.html"));
    assert!(t.exists("en/investment/port/index.html"));
    assert!(t.exists("vi/dau-tu/index.html"));
}

#[test]
fn page_bundle_files_travel_with_the_page() {
    let t = SiteTest::new();
    t.file(
        "content/news/ly-son/index.vi.md",
        &page(
            "title: Lý Sơn\nimage: dao.jpg\nimage_alt: Đảo Lý Sơn nhìn từ biển",
            "![Đảo](dao.jpg)",
        ),
    )
    .file(
        "content/news/ly-son/index.en.md",
        &page(
            "title: Ly Son\nimage: dao.jpg\nimage_alt: Ly Son island from the sea",
            "",
        ),
    )
    .bytes("content/news/ly-son/dao.jpg", b"\xff\xd8fakejpeg");
    t.build_ok();
    assert!(t.exists("vi/tin-tuc/ly-son/dao.jpg"));
    assert!(t.exists("en/news/ly-son/dao.jpg"));
    let en = t.read("en/news/ly-son/index.html");
    assert!(
        en.contains("https://example.gov.vn/en/news/ly-son/dao.jpg"),
        "og:image is absolute"
    );
}

#[test]
fn section_without_index_is_titled_from_fluent() {
    let t = SiteTest::new();
    t.file(
        "content/events/meeting.vi.md",
        &page("title: Hội nghị", "x"),
    )
    .append("i18n/vi/site.ftl", "section-events = Sự kiện\n")
    .append("i18n/en/site.ftl", "section-events = Events\n");
    t.build_ok();
    let vi = t.read("vi/events/index.html");
    assert!(vi.contains("Sự kiện"));
    assert!(t.read("en/events/index.html").contains("Events"));
}

#[test]
fn section_without_index_and_without_message_is_an_error() {
    let t = SiteTest::new();
    t.file(
        "content/events/meeting.vi.md",
        &page("title: Hội nghị", "x"),
    );
    let errors = t.build_err();
    find(&errors, &["section-events", "vi"]);
}

#[test]
fn translations_are_linked_with_hreflang_and_switcher() {
    let t = SiteTest::new();
    t.build_ok();
    let vi = t.read("vi/tin-tuc/chao-mung/index.html");
    assert!(
        vi.contains(
            r#"<link rel="alternate" hreflang="en" href="https://example.gov.vn/en/news/welcome/">"#
        ),
        "{vi}"
    );
    assert!(
        vi.contains(r#"hreflang="x-default" href="https://example.gov.vn/vi/tin-tuc/chao-mung/""#)
    );
    assert!(
        vi.contains(
            r#"<link rel="canonical" href="https://example.gov.vn/vi/tin-tuc/chao-mung/">"#
        )
    );
    assert!(
        vi.contains("href=\"/en/news/welcome/\""),
        "switcher links the translation"
    );
}

#[test]
fn untranslated_page_switcher_offers_the_section_and_says_so() {
    let t = SiteTest::new();
    t.file(
        "content/news/only-vi.vi.md",
        &page("title: Chỉ tiếng Việt", "x"),
    );
    let report = t.build_ok();
    find(
        &report.warnings,
        &["content/news/only-vi.vi.md", "not translated into `en`"],
    );
    let vi = t.read("vi/tin-tuc/only-vi/index.html");
    assert!(vi.contains("chưa có bản dịch"), "the switcher says so");
    assert!(!vi.contains("hreflang=\"en\" href=\"https://example.gov.vn/en/news/only-vi/\""));
    assert!(
        vi.contains("href=\"/en/news/\""),
        "falls back to the English section"
    );
    assert!(!t.exists("en/news/only-vi/index.html"));
}

#[test]
fn translation_key_links_pages_with_different_paths() {
    let t = SiteTest::new();
    t.file(
        "content/news/hoi-nghi.vi.md",
        &page("title: Hội nghị\ntranslation_key: conf2020", "x"),
    )
    .file(
        "content/news/conference.en.md",
        &page("title: Conference\ntranslation_key: conf2020", "x"),
    );
    t.build_ok();
    let vi = t.read("vi/tin-tuc/hoi-nghi/index.html");
    assert!(vi.contains("hreflang=\"en\" href=\"https://example.gov.vn/en/news/conference/\""));
}

#[test]
fn extra_reaches_templates_and_site_templates_override_the_theme() {
    let t = SiteTest::new();
    t.file(
        "content/news/x.vi.md",
        &page("title: X\nextra:\n  sector: Năng lượng\n  capital: 1200", "x"),
    )
    .file(
        "templates/news/page.html",
        "<main>{% if page.extra.sector is defined %}{{ page.extra.sector }} / {{ page.extra.capital | number }}{% endif %}</main>",
    );
    t.build_ok();
    assert_eq!(
        t.read("vi/tin-tuc/x/index.html"),
        "<main>Năng lượng / 1.200</main>"
    );
}

#[test]
fn links_by_source_path_resolve_per_language_with_anchors() {
    let t = SiteTest::new();
    t.file(
        "content/news/links.vi.md",
        &page(
            "title: Liên kết",
            "Xem [chào mừng](@/news/welcome.md#gioi-thieu) và [tin](@/news/_index.md).",
        ),
    )
    .file(
        "content/news/links.en.md",
        &page(
            "title: Links",
            "See [welcome](@/news/welcome.md#introduction).",
        ),
    );
    t.build_ok();
    let vi = t.read("vi/tin-tuc/links/index.html");
    assert!(
        vi.contains(r#"href="/vi/tin-tuc/chao-mung/#gioi-thieu""#),
        "{vi}"
    );
    assert!(vi.contains(r#"href="/vi/tin-tuc/""#));
    let en = t.read("en/news/links/index.html");
    assert!(en.contains(r#"href="/en/news/welcome/#introduction""#));
}

#[test]
fn link_to_nothing_and_to_a_missing_anchor_are_errors_with_lines() {
    let t = SiteTest::new();
    t.file(
        "content/news/links.vi.md",
        &page(
            "title: Liên kết",
            "Dòng một.\n\nXem [không có](@/news/nothing.md).\n\nVà [neo sai](@/news/welcome.md#khong-co).",
        ),
    );
    let errors = t.build_err();
    find(
        &errors,
        &["content/news/links.vi.md:6:5", "@/news/nothing.md"],
    );
    find(
        &errors,
        &["content/news/links.vi.md:8:4", "no heading `#khong-co`"],
    );
}

#[test]
fn link_to_an_untranslated_page_falls_back_with_a_warning() {
    let t = SiteTest::new();
    t.file(
        "content/news/only-vi.vi.md",
        &page("title: Chỉ tiếng Việt", "x"),
    )
    .file(
        "content/news/links.en.md",
        &page("title: Links", "See [it](@/news/only-vi.md)."),
    );
    let report = t.build_ok();
    assert!(
        t.read("en/news/links/index.html")
            .contains(r#"href="/vi/tin-tuc/only-vi/""#)
    );
    find(
        &report.warnings,
        &["content/news/links.en.md:4:5", "no `en` version"],
    );
}

#[test]
fn heading_ids_are_transliterated_and_unique() {
    let t = SiteTest::new();
    t.file(
        "content/news/h.vi.md",
        &page(
            "title: H",
            "## Hạ tầng giao thông\n\n## Hạ tầng giao thông\n\n## Đầu tư {#custom}",
        ),
    );
    t.build_ok();
    let html = t.read("vi/tin-tuc/h/index.html");
    assert!(html.contains(r#"<h2 id="ha-tang-giao-thong">"#), "{html}");
    assert!(html.contains(r#"<h2 id="ha-tang-giao-thong-1">"#));
    assert!(html.contains(r#"<h2 id="custom">"#));
}

#[test]
fn base_url_sub_path_is_in_every_link_feed_and_sitemap() {
    let t = SiteTest::new();
    t.edit(
        "herald.yaml",
        "https://example.gov.vn/",
        "https://example.gov.vn/tinh/qn",
    );
    t.build_ok();
    let html = t.read("vi/tin-tuc/chao-mung/index.html");
    assert!(html.contains("href=\"/tinh/qn/en/news/welcome/\""));
    assert!(html.contains("https://example.gov.vn/tinh/qn/vi/tin-tuc/chao-mung/"));
    assert!(
        html.contains("/tinh/qn/css/"),
        "stylesheet under the sub-path"
    );
    assert!(
        !html.contains("href=\"/vi/"),
        "no link escapes the sub-path"
    );
    assert!(
        t.read("sitemap.xml")
            .contains("<loc>https://example.gov.vn/tinh/qn/en/news/welcome/</loc>")
    );
    assert!(
        t.read("en/atom.xml")
            .contains("href=\"https://example.gov.vn/tinh/qn/en/news/welcome/\"")
    );
    assert!(
        t.read("robots.txt")
            .contains("Sitemap: https://example.gov.vn/tinh/qn/sitemap.xml")
    );
}

#[test]
fn base_url_flag_overrides_the_config() {
    let t = SiteTest::new();
    let run = t.run(&["build", "--base-url", "https://staging.example/preview/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        t.read("sitemap.xml")
            .contains("https://staging.example/preview/vi/")
    );
}

#[test]
fn numbers_and_dates_are_formatted_per_locale() {
    let t = SiteTest::new();
    t.append("i18n/vi/site.ftl", "big = Vốn { $n }\n")
        .append("i18n/en/site.ftl", "big = Capital { $n }\n")
        .file(
            "templates/news/page.html",
            "<main>{{ t(key=\"big\", n=1234567.5) }} | {{ page.date_display }}</main>",
        )
        .edit(
            "content/news/welcome.vi.md",
            "date: 2026-01-01",
            "date: 2026-11-28",
        )
        .edit(
            "content/news/welcome.en.md",
            "date: 2026-01-01",
            "date: 2026-11-28",
        );
    t.build_ok();
    assert_eq!(
        t.read("vi/tin-tuc/chao-mung/index.html"),
        "<main>Vốn 1.234.567,5 | 28 tháng 11 năm 2026</main>"
    );
    assert_eq!(
        t.read("en/news/welcome/index.html"),
        "<main>Capital 1,234,567.5 | 28 November 2026</main>"
    );
}

#[test]
fn fluent_plurals_and_no_bidi_marks() {
    let t = SiteTest::new();
    t.append(
        "i18n/en/site.ftl",
        "n-pages = { $count ->\n    [one] one page\n   *[other] { $count } pages\n}\n",
    )
    .append("i18n/vi/site.ftl", "n-pages = { $count } trang\n")
    .file(
        "templates/news/page.html",
        "<main>{{ t(key=\"n-pages\", count=1) }}; {{ t(key=\"n-pages\", count=2500) }}; {{ t(key=\"site-title\") }}</main>",
    );
    t.build_ok();
    let en = t.read("en/news/welcome/index.html");
    assert_eq!(
        en,
        "<main>one page; 2,500 pages; Foreign Affairs Portal</main>"
    );
    for f in t.built_files().iter().filter(|f| f.ends_with(".html")) {
        let html = t.read(f);
        assert!(
            !html.contains('\u{2068}') && !html.contains('\u{2069}'),
            "{f}"
        );
    }
}

#[test]
fn site_messages_override_the_theme() {
    let t = SiteTest::new();
    t.append("i18n/en/site.ftl", "nav-home = Front page\n");
    t.build_ok();
    assert!(t.read("en/news/welcome/index.html").contains("Front page"));
    assert!(
        !t.read("vi/tin-tuc/chao-mung/index.html")
            .contains("Front page")
    );
}

#[test]
fn missing_message_falls_back_with_a_warning_or_fails_with_key_locale_and_template() {
    let t = SiteTest::new();
    t.append("i18n/vi/site.ftl", "only-vi = Chỉ có tiếng Việt\n")
        .file(
            "templates/news/page.html",
            "<main>{{ t(key=\"only-vi\") }}</main>",
        );
    let report = t.build_ok();
    assert_eq!(
        t.read("en/news/welcome/index.html"),
        "<main>Chỉ có tiếng Việt</main>"
    );
    find(&report.warnings, &["only-vi", "`en`", "news/page.html"]);

    t.file(
        "templates/news/page.html",
        "<main>{{ t(key=\"nowhere\") }}</main>",
    );
    let errors = t.build_err();
    find(&errors, &["`nowhere`", "`vi`", "news/page.html"]);
}

#[test]
fn include_cached_renders_a_template_with_only_its_arguments_per_set_of_values() {
    let t = SiteTest::new();
    t.file(
        "templates/partials/chrome.html",
        "<b>{{ t(key=\"nav-home\") }} {{ n }} {{ label }}</b>",
    )
    .file(
        "templates/news/page.html",
        concat!(
            "<main>{{ include_cached(template=\"partials/chrome.html\", lang=lang, n=1, label=\"<&>\") }}",
            "|{{ include_cached(template=\"partials/chrome.html\", lang=lang, n=2, label=\"<&>\") }}",
            "|{{ include_cached(template=\"partials/chrome.html\", lang=lang, n=1, label=\"<&>\") }}</main>",
        ),
    );
    t.build_ok();
    // Escaped inside the template as in an include, and not escaped a second time; the
    // language and every other argument are part of what is cached.
    assert_eq!(
        t.read("vi/tin-tuc/chao-mung/index.html"),
        "<main><b>Trang chủ 1 &lt;&amp;&gt;</b>|<b>Trang chủ 2 &lt;&amp;&gt;</b>|<b>Trang chủ 1 &lt;&amp;&gt;</b></main>"
    );
    assert_eq!(
        t.read("en/news/welcome/index.html"),
        "<main><b>Home 1 &lt;&amp;&gt;</b>|<b>Home 2 &lt;&amp;&gt;</b>|<b>Home 1 &lt;&amp;&gt;</b></main>"
    );

    // The page's variables do not reach the template: its HTML could not be shared.
    t.file("templates/partials/chrome.html", "<b>{{ page.title }}</b>");
    let errors = t.build_err();
    find(
        &errors,
        &[
            "include_cached",
            "partials/chrome.html",
            "only the arguments",
        ],
    );

    // A template that asks for itself is an error, not a stack overflow.
    t.file(
        "templates/partials/chrome.html",
        "<b>{{ include_cached(template=\"partials/chrome.html\", lang=lang) }}</b>",
    );
    let errors = t.build_err();
    find(&errors, &["partials/chrome.html", "asks for itself"]);
}

#[test]
fn sitemap_feeds_robots_and_root_chooser() {
    let t = SiteTest::new();
    t.build_ok();
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://example.gov.vn/en/news/welcome/"/>"#));
    assert!(
        sitemap.contains(
            r#"hreflang="x-default" href="https://example.gov.vn/vi/tin-tuc/chao-mung/""#
        )
    );
    assert!(sitemap.contains("<lastmod>2026-01-01</lastmod>"));
    let feed = t.read("en/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert!(feed.contains("<title>Welcome</title>"));
    assert!(feed.contains("<updated>2026-01-01T00:00:00Z</updated>"));
    assert!(
        t.read("en/news/atom.xml")
            .contains("<title>Welcome</title>")
    );
    let root = t.read("index.html");
    assert!(root.contains("http-equiv=\"refresh\""), "{root}");
    assert!(root.contains("href=\"/vi/\"") && root.contains("href=\"/en/\""));
    assert!(root.contains("Tiếng Việt") && root.contains("English"));
}

#[test]
fn root_language_is_mirrored_at_the_root_with_canonical_to_its_prefix() {
    let t = SiteTest::new();
    t.append("herald.yaml", "root_language: vi\n");
    t.build_ok();
    let root = t.read("index.html");
    assert!(root.contains("<html lang=\"vi\""));
    assert!(root.contains(r#"<link rel="canonical" href="https://example.gov.vn/vi/">"#));
    assert!(t.exists("tin-tuc/chao-mung/index.html"));
}

#[test]
fn every_page_has_head_metadata_and_json_ld() {
    let t = SiteTest::new();
    t.build_ok();
    let html = t.read("en/news/welcome/index.html");
    for needle in [
        "<title>",
        "<meta name=\"description\" content=\"The first page of the site.\">",
        "property=\"og:title\"",
        "application/ld+json",
        "\"@type\":\"Article\"",
        "\"datePublished\":\"2026-01-01T00:00:00Z\"",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(
        t.read("vi/index.html")
            .contains("\"@type\":\"GovernmentOrganization\"")
    );
}

#[test]
fn section_lists_are_paginated() {
    let t = SiteTest::new();
    t.edit("herald.yaml", "paginate: 10", "paginate: 2");
    for i in 1..=4 {
        t.file(
            &format!("content/news/p{i}.vi.md"),
            &page(&format!("title: Bài {i}\ndate: 2020-0{i}-01"), "x"),
        );
    }
    t.build_ok();
    // Five pages, newest first, two per list page: welcome (2026) and Bài 4 lead.
    assert!(t.exists("vi/tin-tuc/page/2/index.html"));
    assert!(t.exists("vi/tin-tuc/page/3/index.html"));
    assert!(!t.exists("vi/tin-tuc/page/4/index.html"));
    let first = main_of(&t.read("vi/tin-tuc/index.html")).to_string();
    assert!(first.contains("Chào mừng") && first.contains("Bài 4") && !first.contains("Bài 3"));
    assert!(first.contains("href=\"/vi/tin-tuc/page/2/\""));
    let last = main_of(&t.read("vi/tin-tuc/page/3/index.html")).to_string();
    assert!(last.contains("Bài 1") && !last.contains("Bài 2"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let t = SiteTest::new();
    t.build_ok();
    let first: Vec<(String, Vec<u8>)> = t
        .built_files()
        .into_iter()
        .map(|f| {
            let b = std::fs::read(t.root().join("public").join(&f)).unwrap();
            (f, b)
        })
        .collect();
    t.build_ok();
    let second: Vec<(String, Vec<u8>)> = t
        .built_files()
        .into_iter()
        .map(|f| {
            let b = std::fs::read(t.root().join("public").join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert_eq!(first, second);
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let t = SiteTest::new();
    t.build_ok();
    let before = t.read("vi/tin-tuc/chao-mung/index.html");
    t.file("content/news/bad.vi.md", "---\ntitel: x\n---\n");
    t.edit(
        "content/news/welcome.vi.md",
        "Đây là trang đầu tiên",
        "Đã sửa",
    );
    t.build_err();
    assert_eq!(t.read("vi/tin-tuc/chao-mung/index.html"), before);
    assert!(!t.exists("vi/tin-tuc/bad/index.html"));
}

#[test]
fn image_without_alt_is_an_error() {
    let t = SiteTest::new();
    t.file("content/news/a.vi.md", &page("title: A\nimage: /x.jpg", ""));
    let errors = t.build_err();
    find(
        &errors,
        &["content/news/a.vi.md:3:1", "image has no image_alt"],
    );
}

#[test]
fn a_file_without_suffix_is_in_the_default_language() {
    let t = SiteTest::new();
    t.file("content/news/plain.md", &page("title: Không hậu tố", "x"));
    t.build_ok();
    assert!(t.exists("vi/tin-tuc/plain/index.html"));
}

#[test]
fn drafts_and_embargoes_are_held_back() {
    let t = SiteTest::new();
    t.file(
        "content/news/draft.vi.md",
        &page("title: Nháp\ndraft: true", "x"),
    )
    .file(
        "content/news/release.vi.md",
        &page("title: Thông cáo\nembargo: 2030-01-01T09:00:00+07:00", "x"),
    );
    let report = t.build_ok();
    assert!(!t.exists("vi/tin-tuc/draft/index.html"));
    assert!(!t.exists("vi/tin-tuc/release/index.html"));
    assert!(!t.read("sitemap.xml").contains("release"));
    assert_eq!(report.held_back.len(), 2);

    let opts = BuildOptions {
        drafts: true,
        now: Some("2030-01-01T02:00:00Z".parse().unwrap()),
        ..BuildOptions::default()
    };
    t.build_with(&opts).unwrap();
    assert!(t.exists("vi/tin-tuc/draft/index.html"));
    assert!(t.exists("vi/tin-tuc/release/index.html"));
}

#[test]
fn aliases_redirect_to_the_page() {
    let t = SiteTest::new();
    t.edit(
        "content/news/welcome.vi.md",
        "slug: chao-mung",
        "slug: chao-mung\naliases: [/vi/cu/chao/]",
    );
    t.build_ok();
    let html = t.read("vi/cu/chao/index.html");
    assert!(html.contains("url=https://example.gov.vn/vi/tin-tuc/chao-mung/"));
}
