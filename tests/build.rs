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

// A build in which nothing changed (`src/stamp.rs`): skipped only when the sources, the
// options, the clock's window and the output are all as the last build left them.

/// Every entry of the output and of the spare folder, with what `stat` says of it.
#[cfg(unix)]
fn output_stats(t: &SiteTest) -> std::collections::BTreeMap<String, (u64, i64, i64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    ["public", ".public.spare"]
        .iter()
        .flat_map(|dir| {
            walkdir::WalkDir::new(t.root().join(dir))
                .into_iter()
                .flatten()
        })
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(t.root()).unwrap();
            let stat = (
                m.ino(),
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec(),
            );
            (rel.to_string_lossy().into_owned(), stat)
        })
        .collect()
}

/// Build with `opts` and say whether the build was skipped as up to date.
fn skipped(t: &SiteTest, opts: &BuildOptions) -> bool {
    match t.build_with(opts) {
        Ok(report) => report.up_to_date,
        Err(d) => panic!("build failed:\n{}", common::rendered(&d)),
    }
}

#[cfg(unix)]
#[test]
fn a_build_with_nothing_changed_writes_nothing_and_reports_the_last_build_again() {
    let t = SiteTest::new();
    // A warning (a link falling back to the other language) and a draft held back.
    t.file(
        "content/news/only-vi.vi.md",
        &page("title: Chỉ tiếng Việt", "x"),
    )
    .file(
        "content/news/links.en.md",
        &page("title: Links", "See [it](@/news/only-vi.md)."),
    )
    .file(
        "content/news/draft.vi.md",
        &page("title: Nháp\ndraft: true", "x"),
    )
    .settle();
    let first = t.build_ok();
    assert!(!first.up_to_date);
    find(
        &first.warnings,
        &["content/news/links.en.md:4:5", "no `en` version"],
    );
    let before = output_stats(&t);

    let second = t.build_ok();
    assert!(
        second.up_to_date,
        "nothing changed, yet the site was built again"
    );
    assert_eq!(second.pages, first.pages);
    assert_eq!(second.files, first.files);
    assert_eq!(second.warnings, first.warnings);
    assert_eq!(second.held_back, first.held_back);
    assert!(
        output_stats(&t) == before,
        "a skipped build touched the output"
    );

    // The binary is another herald than this test's library: it builds once. Then it
    // says it is up to date, prints the warnings again, and `--force` builds anyway.
    let run = t.run(&["build"]);
    assert!(run.stdout.starts_with("built 4 pages"), "{}", run.stdout);
    let run = t.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("up to date: 4 pages (2 en, 2 vi)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("nothing changed since the last build"));
    assert!(run.stderr.contains("no `en` version"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("held back: content/news/draft.vi.md (draft)"),
        "{}",
        run.stderr
    );
    let run = t.run(&["build", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("built 4 pages"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn any_change_to_the_sources_the_options_or_the_output_builds_again() {
    use std::os::unix::fs::MetadataExt;
    let t = SiteTest::new();
    t.settle();
    t.build_ok();
    let defaults = BuildOptions::default();
    // Each change, then what the full build it causes must show.
    type Change<'a> = (
        &'a str,
        Box<dyn Fn(&SiteTest)>,
        Box<dyn Fn(&SiteTest) -> bool>,
    );
    let welcome = "vi/tin-tuc/chao-mung/index.html";
    let changes: Vec<Change> = vec![
        (
            // Same size: only the times and the change itself tell.
            "a page's text, same length",
            Box::new(|t| {
                t.edit("content/news/welcome.vi.md", "Đây là trang", "Đây là TRANG");
            }),
            Box::new(move |t| t.read(welcome).contains("Đây là TRANG")),
        ),
        (
            "a new page",
            Box::new(|t| {
                t.file("content/news/moi.vi.md", &page("title: Mới", "Tin mới."));
            }),
            Box::new(|t| t.exists("vi/tin-tuc/moi/index.html")),
        ),
        (
            "a page removed",
            Box::new(|t| {
                t.remove("content/news/moi.vi.md");
            }),
            Box::new(|t| !t.exists("vi/tin-tuc/moi/index.html")),
        ),
        (
            "a template",
            Box::new(|t| {
                t.edit(
                    "themes/default/templates/page.html",
                    "</article>",
                    "<!-- mẫu --></article>",
                );
            }),
            Box::new(move |t| t.read(welcome).contains("<!-- mẫu -->")),
        ),
        (
            "a site template where there was none",
            Box::new(|t| {
                let theme = t.source("themes/default/templates/page.html");
                t.file(
                    "templates/page.html",
                    &theme.replace("</article>", "<!-- site --></article>"),
                );
            }),
            Box::new(move |t| t.read(welcome).contains("<!-- site -->")),
        ),
        (
            "a Fluent file of the theme",
            Box::new(|t| {
                t.edit(
                    "themes/default/i18n/vi/theme.ftl",
                    "nav-home = Trang chủ",
                    "nav-home = Trang nhà",
                );
            }),
            Box::new(move |t| t.read(welcome).contains("Trang nhà")),
        ),
        (
            "a static file",
            Box::new(|t| {
                t.file("static/ghi-chu.txt", "ghi chú");
            }),
            Box::new(|t| t.read("ghi-chu.txt") == "ghi chú"),
        ),
        (
            "herald.yaml touched",
            Box::new(|t| {
                let f = std::fs::File::options()
                    .append(true)
                    .open(t.root().join("herald.yaml"))
                    .unwrap();
                f.set_modified(std::time::SystemTime::now()).unwrap();
            }),
            Box::new(|_| true),
        ),
        (
            // Same size, in place: only the file's ctime tells.
            "a page of the output edited",
            Box::new(move |t| {
                let path = t.root().join("public").join(welcome);
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, text.replace("<html", "<HTML")).unwrap();
            }),
            Box::new(move |t| t.read(welcome).contains("<html")),
        ),
        (
            "a page of the output deleted",
            Box::new(move |t| std::fs::remove_file(t.root().join("public").join(welcome)).unwrap()),
            Box::new(move |t| t.exists(welcome)),
        ),
        (
            "a file added to the output",
            Box::new(|t| std::fs::write(t.root().join("public/vi/thua.html"), "x").unwrap()),
            Box::new(|t| !t.exists("vi/thua.html")),
        ),
        (
            "the output deleted",
            Box::new(|t| std::fs::remove_dir_all(t.root().join("public")).unwrap()),
            Box::new(move |t| t.exists(welcome)),
        ),
        (
            "the output replaced by a copy",
            Box::new(|t| {
                let public = t.root().join("public");
                let copy = t.outside().join("copy");
                let status = std::process::Command::new("cp")
                    .args(["-a", public.to_str().unwrap(), copy.to_str().unwrap()])
                    .status()
                    .unwrap();
                assert!(status.success());
                std::fs::remove_dir_all(&public).unwrap();
                std::fs::rename(&copy, &public).unwrap();
            }),
            Box::new(move |t| t.exists(welcome)),
        ),
    ];
    for (what, change, shows) in &changes {
        t.settle();
        assert!(skipped(&t, &defaults), "before {what}: nothing had changed");
        change(&t);
        t.settle();
        assert!(!skipped(&t, &defaults), "{what}: the build was skipped");
        assert!(shows(&t), "{what}: the build does not show it");
    }

    // Options: each other value builds, and is then up to date itself.
    let preview = BuildOptions {
        base_url: Some("https://xem-truoc.example.vn/".into()),
        ..BuildOptions::default()
    };
    let drafts = BuildOptions {
        drafts: true,
        ..BuildOptions::default()
    };
    let forced = BuildOptions {
        force: true,
        ..BuildOptions::default()
    };
    for opts in [&preview, &drafts, &defaults] {
        assert!(!skipped(&t, opts), "{opts:?}");
        assert!(skipped(&t, opts), "{opts:?}");
    }
    let ino = |t: &SiteTest| std::fs::metadata(t.root().join("public")).unwrap().ino();
    let swapped = ino(&t);
    assert!(!skipped(&t, &forced));
    assert_ne!(ino(&t), swapped, "--force swaps a new output in");
    assert!(skipped(&t, &defaults));

    // A failed build leaves the output, and the next good one builds.
    t.append(
        "content/news/welcome.vi.md",
        "\n[hỏng](@/news/khong-co.md)\n",
    );
    assert!(t.build().is_err());
    t.edit(
        "content/news/welcome.vi.md",
        "\n[hỏng](@/news/khong-co.md)\n",
        "",
    );
    t.settle();
    assert!(!skipped(&t, &defaults));
    assert!(skipped(&t, &defaults));
}

#[cfg(unix)]
#[test]
fn a_build_is_skipped_only_while_the_clock_publishes_the_same_pages() {
    let t = SiteTest::new();
    t.file(
        "content/news/release.vi.md",
        &page("title: Thông cáo\nembargo: 2027-01-01T09:00:00+07:00", "x"),
    )
    .file(
        "content/news/old.vi.md",
        &page("title: Cũ\nexpires: 2027-06-30", "y"),
    )
    .settle();
    let at = |now: &str| BuildOptions {
        now: Some(now.parse().unwrap()),
        ..BuildOptions::default()
    };
    assert!(!skipped(&t, &at("2026-12-01T00:00:00Z")));
    assert!(!t.exists("vi/tin-tuc/release/index.html"));
    // Later, before the embargo ends: nothing to publish.
    assert!(skipped(&t, &at("2027-01-01T01:59:59Z")));
    // The embargo ends (09:00 at +07:00 is 02:00 UTC).
    assert!(!skipped(&t, &at("2027-01-01T02:00:00Z")));
    assert!(t.exists("vi/tin-tuc/release/index.html"));
    assert!(skipped(&t, &at("2027-03-01T00:00:00Z")));
    // A plain expiry date ends when 30 June is over everywhere (UTC+14).
    assert!(skipped(&t, &at("2027-06-30T09:59:59Z")));
    assert!(!skipped(&t, &at("2027-06-30T10:00:00Z")));
    assert!(!t.exists("vi/tin-tuc/old/index.html"));
    // And back before the embargo: the release is withdrawn again.
    assert!(!skipped(&t, &at("2026-12-31T00:00:00Z")));
    assert!(!t.exists("vi/tin-tuc/release/index.html"));
    assert!(t.exists("vi/tin-tuc/old/index.html"));
}

#[test]
fn a_source_dated_after_the_build_started_leaves_no_stamp() {
    // A source whose times are not older than the build's start may change again
    // within the same timestamp tick, keeping its `stat`: such a build is never trusted.
    let t = SiteTest::new();
    let future = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .append(true)
        .open(t.root().join("content/news/welcome.vi.md"))
        .unwrap()
        .set_modified(future)
        .unwrap();
    t.settle();
    assert!(!skipped(&t, &BuildOptions::default()));
    assert!(!skipped(&t, &BuildOptions::default()));
    assert!(!t.root().join(".herald-cache/last-build.json").exists());
}

#[cfg(unix)]
#[test]
fn a_file_behind_a_link_is_a_source_too() {
    let t = SiteTest::new();
    t.file("shared/logo.txt", "v1");
    std::os::unix::fs::symlink("../shared/logo.txt", t.root().join("static/logo.txt")).unwrap();
    t.settle();
    assert!(!skipped(&t, &BuildOptions::default()));
    assert!(skipped(&t, &BuildOptions::default()));
    // The link is as it was; the file it leads to is not.
    std::fs::write(t.root().join("shared/logo.txt"), "v2").unwrap();
    t.settle();
    assert!(!skipped(&t, &BuildOptions::default()));
    assert_eq!(t.read("logo.txt"), "v2");
}

#[test]
fn the_cache_folder_keeps_itself_out_of_git_and_backups() {
    let t = SiteTest::new();
    t.build_ok();
    let ignore = t.source(".herald-cache/.gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    // The tag's first line is fixed by the Cache Directory Tagging Specification.
    assert!(
        t.source(".herald-cache/CACHEDIR.TAG")
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55\n# This file")
    );
    // Written only when missing: a site's own choice stays.
    t.file(".herald-cache/.gitignore", "# kept\n");
    t.build_forced_ok();
    assert_eq!(t.source(".herald-cache/.gitignore"), "# kept\n");
}

#[test]
fn a_second_build_into_the_same_output_waits_for_the_first() {
    use std::io::BufRead;
    let t = SiteTest::new();
    // Held here as a running build holds it.
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(t.root().join(".public.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
        .arg("build")
        .current_dir(t.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    let first = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the build said nothing while another held the output");
    assert!(
        first.starts_with("waiting for another herald build into ./public"),
        "{first}"
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(child.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!t.root().join("public").exists(), "it wrote while waiting");
    drop(lock);
    assert!(child.wait().unwrap().success());
    assert!(t.exists("vi/tin-tuc/chao-mung/index.html"));
}
