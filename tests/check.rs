//! `herald check`: every rule, what it must flag and what it must not, and the same rules
//! inside `build`.

mod common;

use common::{SiteTest, find, page, rendered, with_code};
use unicode_normalization::UnicodeNormalization;

const TERMS: &str = "en:\n  - use: \"East Sea\"\n    instead_of: [\"South China Sea\"]\n    note: \"The name used in Vietnam's official English communication.\"\nvi:\n  - use: \"quần đảo Hoàng Sa\"\n    instead_of: [\"quần đảo Tây Sa\"]\n";

// --- the starting point -------------------------------------------------------------

#[test]
fn a_new_site_checks_clean_and_check_writes_nothing() {
    let t = SiteTest::new();
    let report = t.check();
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        rendered(&report.diagnostics)
    );
    let en = &report.summary.translations.languages["en"];
    assert_eq!((en.translated, en.total, en.percent), (1, 1, 100.0));
    assert!(!t.root().join("public").exists());
}

// --- translations -------------------------------------------------------------------

#[test]
fn missing_translation_is_a_warning_with_coverage_per_language_and_section() {
    let t = SiteTest::new();
    t.file(
        "content/news/only-vi.vi.md",
        &page("title: Chỉ tiếng Việt", "x"),
    );
    let report = t.check();
    assert!(!report.has_errors());
    let d = find(
        &report.diagnostics,
        &["content/news/only-vi.vi.md", "not translated into `en`"],
    );
    assert_eq!(d.code, Some("translation-missing"));
    assert!(!d.is_error());
    assert!(d.hint.as_deref().unwrap().contains("only-vi.en.md"));
    let cov = &report.summary.translations;
    assert_eq!(cov.languages["en"].translated, 1);
    assert_eq!(cov.languages["en"].total, 2);
    assert_eq!(cov.languages["en"].percent, 50.0);
    assert_eq!(cov.sections["news"]["en"].percent, 50.0);
    assert_eq!(cov.sections["news"]["vi"].percent, 100.0);
}

#[test]
fn changed_source_makes_its_translation_stale_until_recorded_again() {
    let t = SiteTest::new();
    t.edit(
        "content/news/welcome.vi.md",
        "Đây là trang đầu tiên.",
        "Đây là trang đầu tiên, đã sửa.",
    );
    let report = t.check();
    let stale = with_code(&report.diagnostics, "translation-stale");
    assert_eq!(stale.len(), 1, "{}", rendered(&report.diagnostics));
    let d = stale[0];
    assert_eq!(d.location().unwrap(), "content/news/welcome.en.md:3:1");
    assert!(d.message.contains("content/news/welcome.vi.md"));
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("herald translated content/news/welcome.en.md")
    );
    assert_eq!(report.summary.translations.languages["en"].stale, 1);

    let before = t.source("content/news/welcome.en.md");
    let run = t.run(&["translated", "content/news/welcome.en.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = t.source("content/news/welcome.en.md");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "only the translated_from line changes");
    assert!(changed[0].1.starts_with("translated_from: \""));
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(t.check().diagnostics.is_empty());
}

#[test]
fn source_retyped_in_nfd_with_crlf_and_trailing_spaces_is_not_a_change() {
    let t = SiteTest::new();
    let vi = t.source("content/news/welcome.vi.md");
    let retyped: String = vi
        .nfd()
        .collect::<String>()
        .replace('\n', "  \r\n")
        .replace("---  \r\n", "---\r\n");
    t.file("content/news/welcome.vi.md", &retyped);
    let report = t.check();
    assert!(
        report.diagnostics.is_empty(),
        "{}",
        rendered(&report.diagnostics)
    );
}

#[test]
fn translation_without_a_record_is_untracked_and_translated_inserts_it_after_the_title() {
    let t = SiteTest::new();
    t.file(
        "content/news/a.vi.md",
        &page("title: A\ndate: 2020-01-01", "Một."),
    )
    .file(
        "content/news/a.en.md",
        &page("title: A\ndate: 2020-01-01", "One."),
    );
    let report = t.check();
    let d = find(&report.diagnostics, &["content/news/a.en.md:2:1"]);
    assert_eq!(d.code, Some("translation-untracked"));
    let run = t.run(&["translated", "content/news/a.en.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        t.source("content/news/a.en.md")
            .starts_with("---\ntitle: A\ntranslated_from: \"")
    );
    assert!(t.check().diagnostics.is_empty());
}

#[test]
fn translated_refuses_a_source_and_an_unknown_file() {
    let t = SiteTest::new();
    let run = t.run(&["translated", "content/news/welcome.vi.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the language translations are made from")
    );
    let run = t.run(&["translated", "content/news/nothing.en.md"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not a page or section index"));
}

#[test]
fn the_version_function_is_public_for_herald_new() {
    use herald::check::translations::source_version;
    let v = source_version("Chào mừng", Some("Tóm tắt."), "Nội dung.\n");
    assert_eq!(v.len(), 12);
    assert_eq!(
        v,
        source_version("Chào mừng", Some("Tóm tắt."), "Nội dung.")
    );
}

// --- Fluent -------------------------------------------------------------------------

#[test]
fn fluent_message_missing_everywhere_is_an_error_at_the_template_call() {
    let t = SiteTest::new();
    t.file(
        "templates/news/page.html",
        "<main>\n  {{ t(key=\"nowhere\") }}{{ page.content | safe }}</main>",
    );
    let report = t.check();
    let missing = with_code(&report.diagnostics, "fluent-missing");
    assert_eq!(
        missing.len(),
        2,
        "vi and en: {}",
        rendered(&report.diagnostics)
    );
    let d = find(&report.diagnostics, &["`nowhere`", "`vi`"]);
    assert!(d.is_error());
    assert_eq!(d.location().unwrap(), "templates/news/page.html:2:6");
}

#[test]
fn fluent_message_missing_in_one_language_falls_back_with_a_warning() {
    let t = SiteTest::new();
    t.append("i18n/vi/site.ftl", "only-vi = Chỉ có tiếng Việt\n")
        .file(
            "templates/news/page.html",
            "<main>{{ t(key=\"only-vi\") }}{{ page.content | safe }}</main>",
        );
    let report = t.check();
    assert!(!report.has_errors(), "{}", rendered(&report.diagnostics));
    let d = find(
        &report.diagnostics,
        &["`only-vi`", "`en`", "readers see the `vi` text"],
    );
    assert_eq!(d.code, Some("fluent-missing"));
}

#[test]
fn unused_fluent_message_is_a_warning_at_its_definition() {
    let t = SiteTest::new();
    t.append("i18n/en/site.ftl", "never-used = Nobody asks for me\n");
    let report = t.check();
    let unused = with_code(&report.diagnostics, "fluent-unused");
    assert_eq!(unused.len(), 1, "{}", rendered(&report.diagnostics));
    assert_eq!(unused[0].location().unwrap(), "i18n/en/site.ftl:5:1");
    assert!(!unused[0].is_error());
}

#[test]
fn fluent_variables_must_agree_between_template_and_message() {
    let t = SiteTest::new();
    t.append("i18n/vi/site.ftl", "greet = Xin chào { $name }\nplain = Chào\n")
        .append("i18n/en/site.ftl", "greet = Hello\nplain = Hi\n")
        .file(
            "templates/news/page.html",
            "<main>{{ t(key=\"greet\") }} {{ t(key=\"plain\", count=2) }}{{ page.content | safe }}</main>",
        );
    let report = t.check();
    let args = with_code(&report.diagnostics, "fluent-args");
    let d = find(&report.diagnostics, &["`greet` in `vi` uses `$name`"]);
    assert!(d.is_error());
    assert_eq!(d.location().unwrap(), "i18n/vi/site.ftl:5:1");
    let d = find(
        &report.diagnostics,
        &["`count` is passed to Fluent message `plain`"],
    );
    assert!(!d.is_error());
    assert_eq!(
        args.len(),
        3,
        "count unused in vi and en: {}",
        rendered(&report.diagnostics)
    );
}

#[test]
fn fluent_syntax_errors_have_their_code() {
    let t = SiteTest::new();
    t.append("i18n/en/site.ftl", "broken = { $x\n");
    let report = t.check();
    let d = find(
        &report.diagnostics,
        &["i18n/en/site.ftl:5", "Fluent syntax error"],
    );
    assert_eq!(d.code, Some("fluent-syntax"));
}

// --- links --------------------------------------------------------------------------

#[test]
fn broken_markdown_links_images_and_anchors_are_errors_at_their_line() {
    let t = SiteTest::new();
    t.file(
        "content/news/links.vi.md",
        &page(
            "title: Liên kết",
            "[tin](/vi/tin-tuc/) [đầu](#muc-mot) [gốc](https://example.gov.vn/en/news/) [ngoài](https://other.example/x)\n\n## Mục một\n\n[không có](/vi/khong-co/)\n\n![Ảnh](thieu.jpg)\n\n[neo sai](/vi/tin-tuc/chao-mung/#khong-co)\n\n[neo đúng](@/news/welcome.md#gioi-thieu)",
        ),
    );
    let report = t.check();
    let broken = with_code(&report.diagnostics, "link-broken");
    assert_eq!(broken.len(), 2, "{}", rendered(&report.diagnostics));
    find(
        &report.diagnostics,
        &["content/news/links.vi.md:8:1", "/vi/khong-co/"],
    );
    find(
        &report.diagnostics,
        &["content/news/links.vi.md:10:1", "image to `thieu.jpg`"],
    );
    let anchors = with_code(&report.diagnostics, "anchor-missing");
    assert_eq!(anchors.len(), 1, "{}", rendered(&report.diagnostics));
    assert_eq!(
        anchors[0].location().unwrap(),
        "content/news/links.vi.md:12:1"
    );
    assert!(anchors[0].message.contains("content/news/welcome.vi.md"));
}

#[test]
fn anchors_in_the_html_are_looked_up_on_their_own_page() {
    // `#id` in the output (raw HTML here, the theme's skip link to `#main`): present ids,
    // percent-encoded ones, `#` and `#top` pass; a missing one is named.
    let t = SiteTest::new();
    t.file(
        "content/news/neo.vi.md",
        &page(
            "title: Neo",
            "<a href=\"#muc-hai\">hai</a> <a href=\"#%6Duc-hai\">hai</a> <a href=\"#\">đầu</a> <a href=\" #TOP\">đầu</a> <a href=\"#khong-co\">không</a>\n\n## Mục hai\n\nChữ.",
        ),
    );
    let errors = t.build_err();
    let anchors = with_code(&errors, "anchor-missing");
    assert_eq!(anchors.len(), 1, "{}", rendered(&errors));
    assert!(
        anchors[0]
            .message
            .contains("`#khong-co` on `vi/tin-tuc/neo/index.html`"),
        "{}",
        rendered(&errors)
    );
}

#[test]
fn anchor_by_source_path_suggests_the_heading() {
    let t = SiteTest::new();
    t.file(
        "content/news/links.vi.md",
        &page(
            "title: Liên kết",
            "Xem [neo sai](@/news/welcome.md#gioi-thieeu).",
        ),
    );
    let errors = t.build_err();
    let d = find(
        &errors,
        &["content/news/links.vi.md:4:5", "no heading `#gioi-thieeu`"],
    );
    assert_eq!(d.code, Some("anchor-missing"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `#gioi-thieu`?"));
}

#[test]
fn a_broken_template_link_is_reported_once_at_the_template() {
    let t = SiteTest::new();
    t.file(
        "templates/news/page.html",
        "<main>\n<a href=\"/vi/khong-co/\">x</a><a href=\"#main-missing\">y</a>{{ page.content | safe }}</main>",
    );
    let report = t.check();
    let broken = with_code(&report.diagnostics, "link-broken");
    assert_eq!(broken.len(), 1, "{}", rendered(&report.diagnostics));
    assert_eq!(
        broken[0].location().unwrap(),
        "templates/news/page.html:2:10"
    );
    assert!(
        broken[0].message.contains("and 1 other page(s)"),
        "{}",
        broken[0].message
    );
    let anchors = with_code(&report.diagnostics, "anchor-missing");
    assert_eq!(
        anchors.len(),
        2,
        "one per page: {}",
        rendered(&report.diagnostics)
    );
}

#[test]
fn link_to_a_page_only_in_another_language_is_a_warning() {
    let t = SiteTest::new();
    t.file(
        "content/news/only-vi.vi.md",
        &page("title: Chỉ tiếng Việt", "x"),
    )
    .file(
        "content/news/links.en.md",
        &page(
            "title: Links\ntranslated_from: x",
            "See [it](@/news/only-vi.md).",
        ),
    );
    let report = t.check();
    assert!(!report.has_errors(), "{}", rendered(&report.diagnostics));
    let d = find(
        &report.diagnostics,
        &["content/news/links.en.md:5:5", "no `en` version"],
    );
    assert_eq!(d.code, Some("link-untranslated"));
}

#[test]
fn links_outside_a_sub_path_base_url_leave_the_site() {
    let t = SiteTest::new();
    t.edit(
        "herald.yaml",
        "https://example.gov.vn/",
        "https://example.gov.vn/sub/",
    )
    .file(
        "content/news/links.vi.md",
        &page(
            "title: Liên kết",
            "[sai](/vi/tin-tuc/) [đúng](/sub/vi/tin-tuc/)",
        ),
    );
    let report = t.check();
    let broken = with_code(&report.diagnostics, "link-broken");
    assert_eq!(broken.len(), 1, "{}", rendered(&report.diagnostics));
    assert!(broken[0].message.contains("leaves the site"));
}

// --- terminology ----------------------------------------------------------------------

#[test]
fn forbidden_terms_are_errors_with_the_approved_term_and_note() {
    let t = SiteTest::new();
    t.file("i18n/terminology.yaml", TERMS).file(
        "content/news/sea.en.md",
        &page(
            "title: \"Fishing in the South China Sea\"\ntranslation_key: sea",
            "Boats in the south china\nsea, not `South China Sea` code, nor https://example.com/South-China-Sea nor the East Sea.",
        ),
    );
    let report = t.check();
    let terms = with_code(&report.diagnostics, "term-forbidden");
    assert_eq!(terms.len(), 2, "{}", rendered(&report.diagnostics));
    assert_eq!(terms[0].location().unwrap(), "content/news/sea.en.md:2:24");
    assert_eq!(terms[1].location().unwrap(), "content/news/sea.en.md:5:14");
    assert!(terms[0].is_error());
    assert!(terms[0].message.contains("use `East Sea`"));
    assert!(
        terms[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("official English communication")
    );
}

#[test]
fn terms_are_checked_per_language_in_nfd_text_and_in_fluent() {
    let t = SiteTest::new();
    let nfd: String = "Ngư dân ở quần đảo Tây Sa.".nfd().collect();
    let approved_nfd: String = "Chủ quyền với quần đảo Hoàng Sa.".nfd().collect();
    t.file("i18n/terminology.yaml", TERMS)
        .file("content/news/bien.vi.md", &page("title: Biển", &nfd))
        .file(
            "content/news/ok.vi.md",
            &page("title: South China Sea", &approved_nfd),
        )
        .append("i18n/en/site.ftl", "sea-name = the South China Sea\n")
        .file(
            "templates/news/page.html",
            "<main>{{ t(key=\"sea-name\") }}{{ page.content | safe }}</main>",
        )
        .append("i18n/vi/site.ftl", "sea-name = Biển Đông\n");
    let report = t.check();
    let terms = with_code(&report.diagnostics, "term-forbidden");
    assert_eq!(terms.len(), 2, "{}", rendered(&report.diagnostics));
    find(
        &report.diagnostics,
        // Columns count characters of the NFC text herald reads (content is composed on
        // load), which is where the term appears on screen: the 11th letter, not the
        // 15th code point of the decomposed file.
        &["content/news/bien.vi.md:4:11", "quần đảo Tây Sa"],
    );
    find(
        &report.diagnostics,
        &["i18n/en/site.ftl:5:16", "South China Sea"],
    );
}

#[test]
fn a_term_split_by_emphasis_or_a_link_is_still_found() {
    // Inline markup does not interrupt a phrase or a word: what a reader sees is checked,
    // so a filter on the raw Markdown (where `**` and `](...)` split the words) would
    // miss these.
    let t = SiteTest::new();
    t.file("i18n/terminology.yaml", TERMS).file(
        "content/news/sea.en.md",
        &page(
            "title: Sea",
            "In the So**uth Chi**na Sea.\n\nIn the [South Ch](https://example.vn/)ina Sea.",
        ),
    );
    let report = t.check();
    let terms = with_code(&report.diagnostics, "term-forbidden");
    assert_eq!(terms.len(), 2, "{}", rendered(&report.diagnostics));
}

#[test]
fn a_terminology_file_with_an_unknown_language_or_field_is_an_error() {
    let t = SiteTest::new();
    t.file(
        "i18n/terminology.yaml",
        "ja:\n  - use: a\n    instead_of: [b]\n",
    );
    let report = t.check();
    let d = find(&report.diagnostics, &["i18n/terminology.yaml:1:1", "`ja`"]);
    assert_eq!(d.code, Some("terminology"));
    t.file(
        "i18n/terminology.yaml",
        "en:\n  - use: a\n    insted_of: [b]\n",
    );
    let report = t.check();
    let d = find(
        &report.diagnostics,
        &["i18n/terminology.yaml:3", "did you mean `instead_of`?"],
    );
    assert_eq!(d.code, Some("terminology"));
}

// --- accessibility ------------------------------------------------------------------

#[test]
fn images_without_a_description_are_errors_in_any_language() {
    let t = SiteTest::new();
    t.file(
        "content/news/pics/index.vi.md",
        &page("title: Ảnh", "![](anh.jpg)\n\n![Đảo Lý Sơn](anh.jpg)"),
    )
    .file(
        "content/news/pics/index.en.md",
        &page("title: Pictures\ntranslated_from: x", "![ ](anh.jpg)"),
    )
    .bytes("content/news/pics/anh.jpg", b"\xff\xd8fake")
    .file(
        "content/news/_index.vi.md",
        "---\ntitle: \"Tin tức\"\nslug: tin-tuc\nweight: 1\nimage: /favicon.svg\n---\n",
    );
    let report = t.check();
    let alt = with_code(&report.diagnostics, "alt-missing");
    assert_eq!(alt.len(), 3, "{}", rendered(&report.diagnostics));
    find(
        &report.diagnostics,
        &["content/news/pics/index.vi.md:4:1", "anh.jpg"],
    );
    find(&report.diagnostics, &["content/news/pics/index.en.md:5:1"]);
    find(
        &report.diagnostics,
        &["content/news/_index.vi.md:5:1", "image_alt"],
    );
}

#[test]
fn skipped_heading_levels_and_vague_link_text_are_warnings() {
    let t = SiteTest::new();
    t.file(
        "content/news/a11y.vi.md",
        &page(
            "title: Tiếp cận",
            "## Hai\n\n#### Bốn\n\n### Ba\n\nXem [tại đây](@/news/welcome.md), [Click here!](/vi/) hoặc [tin chào mừng](@/news/welcome.md).",
        ),
    );
    let report = t.check();
    assert!(!report.has_errors(), "{}", rendered(&report.diagnostics));
    let skips = with_code(&report.diagnostics, "heading-skip");
    assert_eq!(skips.len(), 1, "{}", rendered(&report.diagnostics));
    assert_eq!(skips[0].location().unwrap(), "content/news/a11y.vi.md:6:1");
    let vague = with_code(&report.diagnostics, "link-text");
    assert_eq!(vague.len(), 2, "{}", rendered(&report.diagnostics));
    assert!(vague[0].message.contains("tại đây"));
}

#[test]
fn a_body_starting_at_level_three_skips_level_two() {
    let t = SiteTest::new();
    t.file("content/news/h.vi.md", &page("title: H", "### Ba"));
    let report = t.check();
    find(
        &report.diagnostics,
        &["content/news/h.vi.md:4:1", "level 2 is skipped"],
    );
}

// --- inside build, and the command ---------------------------------------------------

#[test]
fn build_fails_on_check_errors_and_keeps_the_previous_output() {
    let t = SiteTest::new();
    t.build_ok();
    t.file("i18n/terminology.yaml", TERMS).edit(
        "content/news/welcome.en.md",
        "This is the first page.",
        "This is the South China Sea page.",
    );
    let errors = t.build_err();
    find(&errors, &["term-forbidden", "content/news/welcome.en.md"]);
    assert!(!t.read("en/news/welcome/index.html").contains("South China"));
}

#[test]
fn build_prints_check_warnings_and_succeeds() {
    let t = SiteTest::new();
    t.append("i18n/en/site.ftl", "never-used = x\n");
    let report = t.build_ok();
    find(&report.warnings, &["fluent-unused", "never-used"]);
}

#[test]
fn check_command_human_output_exit_codes_and_json_shape() {
    let t = SiteTest::new();
    let run = t.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("check: 0 error(s), 0 warning(s)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("translations: en 1/1 (100%)"),
        "{}",
        run.stdout
    );

    t.file("i18n/terminology.yaml", TERMS).file(
        "content/news/sea.en.md",
        &page("title: The South China Sea\ntranslation_key: sea", "x"),
    );
    let run = t.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("error[term-forbidden]: `South China Sea` is not the approved term"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--> content/news/sea.en.md:2:12"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
    assert!(!t.root().join("public").exists());

    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let diags = json["diagnostics"].as_array().unwrap();
    let term = diags
        .iter()
        .find(|d| d["code"] == "term-forbidden")
        .expect("the term error");
    let keys: Vec<&str> = term
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "severity", "code", "file", "line", "column", "message", "hint",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert_eq!(term["severity"], "error");
    assert_eq!(term["file"], "content/news/sea.en.md");
    assert_eq!(term["line"], 2);
    assert_eq!(term["column"], 12);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["codes"]["term-forbidden"], 1);
    assert_eq!(
        json["summary"]["translations"]["languages"]["en"]["translated"],
        2
    );
    assert_eq!(
        json["summary"]["translations"]["sections"]["news"]["vi"]["total"],
        2
    );
}

#[test]
fn check_command_root_flag_and_usage_errors() {
    let t = SiteTest::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
        .args([
            "check",
            "--root",
            t.root().to_str().unwrap(),
            "--format",
            "json",
        ])
        .current_dir(t.outside())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(t.run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(t.run(&["translated"]).code, 2);
}

#[test]
fn check_outside_a_site_reports_in_json_too() {
    let t = SiteTest::empty();
    std::fs::create_dir_all(t.root()).unwrap();
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "config");
    assert_eq!(json["diagnostics"][0]["file"], "herald.yaml");
}
