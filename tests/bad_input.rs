//! The bad-input catalogue (issue #9): every kind of broken or hostile input herald is
//! known to meet, each with its exact outcome through the real binary.
//!
//! A failing case builds a good site first, keeps every byte of `public/`, breaks one
//! input, builds again and asserts: exit code 1, the error naming the file and
//! `line:column` (where the input has one) and a hint, and `public/` byte-for-byte as it
//! was. Valid-but-unusual input (CRLF, BOM, NFD, tabs, huge or deeply nested pages,
//! Windows-style link paths) must build, and its output is asserted.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Run, SiteTest, main_of, page};

/// Every file under `dir`: relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk public/"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A site built once by the binary, with its output kept for comparison.
struct Built {
    t: SiteTest,
    before: BTreeMap<String, Vec<u8>>,
}

/// `herald init`'s site, edited by `prepare`, built successfully by the binary.
fn built_with(prepare: impl FnOnce(&SiteTest)) -> Built {
    let t = SiteTest::new();
    prepare(&t);
    let run = t.run(&["build"]);
    assert_eq!(run.code, 0, "the good site must build:\n{}", run.stderr);
    let before = snapshot(&t.root().join("public"));
    assert!(before.contains_key("vi/index.html"));
    Built { t, before }
}

impl Built {
    /// Break the site with `breaking`, build again and assert exit 1, every fragment in
    /// stderr, and `public/` exactly as it was.
    fn fails(&self, breaking: impl FnOnce(&SiteTest), fragments: &[&str]) -> Run {
        breaking(&self.t);
        let run = self.t.run(&["build"]);
        assert_eq!(
            run.code, 1,
            "expected exit 1; stdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        for f in fragments {
            assert!(
                run.stderr.contains(f),
                "stderr lacks {f:?}:\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let after = snapshot(&self.t.root().join("public"));
        assert!(after == self.before, "public/ changed after a failed build");
        run
    }
}

/// The init site, built, then broken by `breaking`: exit 1 with every fragment.
fn fails(breaking: impl FnOnce(&SiteTest), fragments: &[&str]) -> Run {
    built_with(|_| {}).fails(breaking, fragments)
}

/// Build with the binary and expect success.
fn builds(t: &SiteTest) -> Run {
    let run = t.run(&["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    run
}

const BAD: &str = "content/news/bad.vi.md";

// ---------------------------------------------------------------- front matter

#[test]
fn malformed_yaml_front_matter() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: [Hội nghị\ndate: 2026-01-01\n---\nx\n");
        },
        &["error[front-matter]", "content/news/bad.vi.md:"],
    );
}

#[test]
fn wrong_field_type_points_at_the_value() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: A\nweight: nặng\n---\n");
        },
        &["content/news/bad.vi.md:3:9", "i64"],
    );
}

#[test]
fn wrong_type_for_a_list_field() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: A\ntags:\n  nested: map\n---\n");
        },
        &["content/news/bad.vi.md:4:", "error[front-matter]"],
    );
}

#[test]
fn date_that_is_not_a_date() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: A\ndate: 15/08/2020\n---\n");
        },
        &["content/news/bad.vi.md:3:1", "is not a date"],
    );
}

#[test]
fn unknown_front_matter_field_has_a_did_you_mean() {
    fails(
        |t| {
            t.file(
                BAD,
                "---\ntitle: A\ndate: 2020-01-01\ntitel: B\n---\nbody\n",
            );
        },
        &[
            "content/news/bad.vi.md:4:1",
            "unknown field `titel`",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn missing_title() {
    fails(
        |t| {
            t.file(BAD, "---\ndate: 2020-01-01\n---\n");
        },
        &["content/news/bad.vi.md:", "missing field `title`"],
    );
}

#[test]
fn unclosed_front_matter() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: B\n\nBody without the closing line.\n");
        },
        &["content/news/bad.vi.md:1:1", "front matter is not closed"],
    );
}

#[test]
fn no_front_matter_at_all() {
    fails(
        |t| {
            t.file(BAD, "# Just Markdown\n\nNo front matter.\n");
        },
        &["content/news/bad.vi.md:1:1", "error[front-matter]"],
    );
}

#[test]
fn empty_front_matter() {
    fails(
        |t| {
            t.file(BAD, "---\n---\nbody\n");
        },
        &["content/news/bad.vi.md:1:1", "front matter is empty"],
    );
}

/// An empty file is an error rather than a silently skipped page: a staff member who saved
/// an empty file by mistake expects to hear about it, and a page needs a title anyway.
#[test]
fn empty_markdown_file() {
    fails(
        |t| {
            t.file(BAD, "");
        },
        &["content/news/bad.vi.md:1:1", "file is empty"],
    );
}

#[test]
fn tab_indentation_in_yaml_is_an_error_at_its_line() {
    fails(
        |t| {
            t.file(BAD, "---\ntitle: A\nextra:\n\tsector: x\n---\n");
        },
        &["content/news/bad.vi.md:4:", "error[front-matter]"],
    );
}

#[test]
fn invalid_utf8_names_line_and_column() {
    fails(
        |t| {
            t.bytes(BAD, b"---\ntitle: A\n---\nD\xf2ng \xff\xfe\n");
        },
        &["content/news/bad.vi.md:4:2", "file is not valid UTF-8"],
    );
}

// ---------------------------------------------------------------- files and paths

#[test]
fn two_pages_with_the_same_url() {
    fails(
        |t| {
            t.file("content/news/one.vi.md", &page("title: A\nslug: same", ""))
                .file("content/news/two.vi.md", &page("title: B\nslug: same", ""));
        },
        &["would be written twice", "content/news/"],
    );
}

#[test]
fn unknown_language_suffix() {
    fails(
        |t| {
            t.file("content/news/a.xx.md", &page("title: A", ""));
        },
        &[
            "content/news/a.xx.md",
            "unknown language suffix `.xx`",
            "configured languages: vi, en",
        ],
    );
}

#[cfg(unix)]
#[test]
fn symlinked_content_file_outside_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("secret.md"), page("title: S", "s")).unwrap();
            std::os::unix::fs::symlink(
                t.outside().join("secret.md"),
                t.root().join("content/news/leak.vi.md"),
            )
            .unwrap();
        },
        &["content/news/leak.vi.md", "symlink points outside the site"],
    );
}

#[cfg(unix)]
#[test]
fn symlinked_static_file_outside_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("secret.txt"), b"secret").unwrap();
            std::os::unix::fs::symlink(
                t.outside().join("secret.txt"),
                t.root().join("static/leak.txt"),
            )
            .unwrap();
        },
        &["static/leak.txt", "symlink points outside the site"],
    );
}

#[cfg(unix)]
#[test]
fn symlinked_template_outside_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("evil.html"), "{{ 1 }}").unwrap();
            std::fs::create_dir_all(t.root().join("templates")).unwrap();
            std::os::unix::fs::symlink(
                t.outside().join("evil.html"),
                t.root().join("templates/page.html"),
            )
            .unwrap();
        },
        &["templates/page.html", "symlink points outside the site"],
    );
}

#[cfg(unix)]
#[test]
fn symlinked_fluent_file_outside_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("evil.ftl"), "site-title = Evil\n").unwrap();
            std::os::unix::fs::symlink(
                t.outside().join("evil.ftl"),
                t.root().join("i18n/vi/evil.ftl"),
            )
            .unwrap();
        },
        &["i18n/vi/evil.ftl", "symlink points outside the site"],
    );
}

#[test]
fn page_image_climbing_out_of_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("secret.jpg"), b"secret").unwrap();
            t.file(
                BAD,
                &page("title: A\nimage: ../../../secret.jpg\nimage_alt: x", ""),
            );
        },
        &[
            "content/news/bad.vi.md:3:1",
            "outside the site",
            "error[image-missing]",
        ],
    );
}

#[test]
fn page_image_under_static_climbing_out() {
    fails(
        |t| {
            t.file(
                BAD,
                &page("title: A\nimage: /../secret.jpg\nimage_alt: x", ""),
            );
        },
        &[
            "content/news/bad.vi.md:3:1",
            "is not a path inside the site",
        ],
    );
}

#[test]
fn section_image_climbing_out_of_the_site() {
    fails(
        |t| {
            std::fs::write(t.outside().join("secret.jpg"), b"secret").unwrap();
            t.edit(
                "content/news/_index.vi.md",
                "weight: 1",
                "weight: 1\nimage: ..\\..\\..\\secret.jpg\nimage_alt: x",
            );
        },
        &["content/news/_index.vi.md:5:1", "error[image-missing]"],
    );
}

#[test]
fn alias_climbing_out_of_the_output() {
    fails(
        |t| {
            t.file(BAD, &page("title: A\naliases: [/vi/../../etc/]", ""));
        },
        &[
            "content/news/bad.vi.md:3:1",
            "alias `/vi/../../etc/` is not a path inside the site",
        ],
    );
}

#[test]
fn slug_with_a_path_in_it() {
    fails(
        |t| {
            t.file(BAD, &page("title: A\nslug: ../../x", ""));
        },
        &["content/news/bad.vi.md:3:1", "cannot be used in a URL"],
    );
}

#[test]
fn source_path_link_climbing_out_of_content() {
    let run = fails(
        |t| {
            t.file(
                BAD,
                &page(
                    "title: A",
                    "Text.\n\n[up](@/../herald.md) and [win](@/..\\..\\x.md)",
                ),
            );
        },
        &[
            "content/news/bad.vi.md:6:1",
            "link to `@/../herald.md`, which is not a page",
            // Markdown reads `\.` as an escaped `.`: the link is `@/....\x.md`.
            "content/news/bad.vi.md:6:26",
            "error[link-broken]",
        ],
    );
    // Reported once, at the Markdown line, not again by the scan of the output.
    assert!(!run.stderr.contains("leads to no file"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[link-broken]").count(), 2);
}

/// `@/` is the one prefix of a source-path link; `@\` is an ordinary (broken) address.
#[test]
fn backslash_source_path_prefix_is_a_broken_link() {
    fails(
        |t| {
            t.file(BAD, &page("title: A", "[b](@\\news\\welcome.vi.md)"));
        },
        &[
            "content/news/bad.vi.md:4:1",
            "error[link-broken]",
            "link to pages by source path (@/section/page.md)",
        ],
    );
}

#[test]
fn theme_name_with_a_path() {
    fails(
        |t| {
            t.edit("herald.yaml", "theme: default", "theme: ../../default");
        },
        &["herald.yaml:10:1", "is not a folder name"],
    );
}

#[test]
fn section_schema_key_with_a_path() {
    fails(
        |t| {
            t.append(
                "herald.yaml",
                "sections:\n  ../news:\n    kind: news\n    fields: {}\n",
            );
        },
        &["herald.yaml:13:", "error[config]"],
    );
}

// ---------------------------------------------------------------- templates, Fluent, config

#[test]
fn tera_syntax_error() {
    fails(
        |t| {
            t.file("templates/news/page.html", "<main>\n{% if %}\n</main>");
        },
        &["templates/news/page.html:2:", "error[template]"],
    );
}

#[test]
fn missing_template() {
    fails(
        |t| {
            t.file(
                "templates/page.html",
                "{% include \"partials/nowhere.html\" %}\n",
            );
        },
        &["partials/nowhere.html", "error[template]"],
    );
}

#[test]
fn fluent_syntax_error() {
    fails(
        |t| {
            t.append("i18n/vi/site.ftl", "broken-message = { $x\n");
        },
        &[
            "i18n/vi/site.ftl:5:",
            "error[fluent-syntax]",
            "Fluent syntax error",
        ],
    );
}

#[test]
fn malformed_herald_yaml() {
    fails(
        |t| {
            t.edit("herald.yaml", "paginate: 10", "paginate: [10");
        },
        &["herald.yaml:11:", "error[config]"],
    );
}

#[test]
fn unknown_key_in_herald_yaml() {
    fails(
        |t| {
            t.edit(
                "herald.yaml",
                "default_language: vi",
                "default_langauge: vi",
            );
        },
        &[
            "herald.yaml:3:1",
            "unknown field `default_langauge`",
            "did you mean `default_language`?",
        ],
    );
}

#[test]
fn wrong_type_in_herald_yaml() {
    fails(
        |t| {
            t.edit("herald.yaml", "paginate: 10", "paginate: ten");
        },
        &["herald.yaml:11:11", "error[config]"],
    );
}

// ---------------------------------------------------------------- media kits

const KIT_SCHEMA: &str = "sections:
  press/kits:
    kind: kit
    fields:
      assets: {type: assets}
";

/// A kit with one document, built; `file` replaces its asset list's file name.
fn kit_built() -> Built {
    built_with(|t| {
        t.append("herald.yaml", KIT_SCHEMA)
            .file("content/press/_index.vi.md", &page("title: Báo chí", ""))
            .file("content/press/_index.en.md", &page("title: Press", ""))
            .file("content/press/kits/_index.vi.md", &page("title: Bộ tài liệu", ""))
            .file("content/press/kits/_index.en.md", &page("title: Kits", ""))
            .file("content/press/kits/k/facts.txt", "facts\n")
            .file(
                "content/press/kits/k/index.vi.md",
                &page(
                    "title: Bộ tài liệu\ndate: 2021-03-15\nassets:\n  - file: facts.txt\n    title: {vi: Số liệu}\n    caption: {vi: Số liệu.}\n    credit: Sở Ngoại vụ\n    licence: {spdx: CC0-1.0}",
                    "Thông cáo.",
                ),
            );
    })
}

#[test]
fn kit_asset_outside_its_folder() {
    kit_built().fails(
        |t| {
            t.edit(
                "content/press/kits/k/index.vi.md",
                "file: facts.txt",
                "file: ../../../../herald.yaml",
            );
        },
        &[
            "content/press/kits/k/index.vi.md:5:5",
            "error[kit]",
            "is not a path inside the kit folder",
        ],
    );
}

#[test]
fn kit_image_that_is_not_an_image() {
    kit_built().fails(
        |t| {
            t.file("content/press/kits/k/photo.jpg", "I am text\n")
                .edit(
                    "content/press/kits/k/index.vi.md",
                    "file: facts.txt",
                    "file: photo.jpg\n    alt: {vi: Ảnh}",
                );
        },
        &[
            "content/press/kits/k/index.vi.md:5:5",
            "error[kit]",
            "`photo.jpg` is not a readable image",
        ],
    );
}

// ---------------------------------------------------------------- valid input that must just work

/// The `<main>` of a built page.
fn main_html(t: &SiteTest, rel: &str) -> String {
    main_of(&t.read(rel)).to_string()
}

#[test]
fn crlf_and_bom_give_the_same_page_as_lf() {
    let text = "---\ntitle: \"Hội nghị\"\ndate: 2026-02-01\nsummary: Tóm tắt.\n---\n## Mở đầu\n\nDòng một\ndòng hai.\n\n- a\n- b\n";
    let t = SiteTest::new();
    t.file(
        "content/news/lf.vi.md",
        &text.replace("Hội nghị", "Hội nghị LF"),
    )
    .file(
        "content/news/crlf.vi.md",
        &format!(
            "\u{feff}{}",
            text.replace("Hội nghị", "Hội nghị LF")
                .replace('\n', "\r\n")
        ),
    );
    builds(&t);
    let lf = main_html(&t, "vi/tin-tuc/lf/index.html");
    let crlf = main_html(&t, "vi/tin-tuc/crlf/index.html").replace("/crlf/", "/lf/");
    assert_eq!(lf, crlf);
    assert!(lf.contains("<h2 id=\"mo-dau\">Mở đầu</h2>"), "{lf}");
    assert!(!crlf.contains('\r') && !crlf.contains('\u{feff}'));
}

#[test]
fn nfd_typed_vietnamese_gives_the_same_url_and_page_as_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfc_name = "Quảng Ngãi đầu tư";
    let nfd_name: String = nfc_name.nfd().collect();
    assert_ne!(nfc_name, nfd_name);
    let body = |title: &str| {
        page(
            &format!("title: \"{title}\"\ndate: 2026-01-01"),
            &format!("## {title}\n\n{title}."),
        )
    };

    let nfc = SiteTest::new();
    nfc.file(&format!("content/news/{nfc_name}.vi.md"), &body(nfc_name));
    builds(&nfc);
    let nfd = SiteTest::new();
    nfd.file(&format!("content/news/{nfd_name}.vi.md"), &body(&nfd_name));
    builds(&nfd);

    // A slug typed in NFD too.
    let slug: String = "Đảo Lý Sơn".nfd().collect();
    nfd.file(
        "content/news/dao.vi.md",
        &page(&format!("title: Đảo\nslug: \"{slug}\""), "x"),
    );
    builds(&nfd);
    assert!(nfd.exists("vi/tin-tuc/dao-ly-son/index.html"));

    let rel = "vi/tin-tuc/quang-ngai-dau-tu/index.html";
    assert!(nfd.exists(rel), "{:?}", nfd.built_files());
    assert_eq!(nfc.read(rel), nfd.read(rel), "NFD input renders as NFC");
    assert!(nfd.read(rel).contains("<title>Quảng Ngãi đầu tư – "));
}

#[test]
fn tabs_where_yaml_allows_them() {
    let t = SiteTest::new();
    t.file(
        "content/news/tabs.vi.md",
        "---\ntitle:\t\"Tab\tinside\"\ndate: 2026-01-01\t\n---\nDòng\tmột.\n",
    );
    builds(&t);
    let html = t.read("vi/tin-tuc/tabs/index.html");
    assert!(html.contains("Tab\tinside"));
    assert!(html.contains("Dòng\tmột."));
}

/// Backslashes in `@/` links are folder separators (authors on Windows type them), so
/// `@/news\welcome.en.md` is the same link as `@/news/welcome.en.md`; `..` is refused in
/// either spelling (see `source_path_link_climbing_out_of_content`). Note that Markdown
/// reads a backslash before punctuation as an escape, so `@/..\x.md` is `@/..x.md`.
#[test]
fn windows_style_source_path_links_resolve() {
    let t = SiteTest::new();
    t.file(
        "content/news/win.vi.md",
        &page(
            "title: W",
            "[a](@/news\\welcome.en.md) [b](@/news\\welcome.vi.md#gioi-thieu)",
        ),
    );
    builds(&t);
    let html = main_html(&t, "vi/tin-tuc/win/index.html");
    assert!(html.contains("href=\"/en/news/welcome/\""), "{html}");
    assert!(
        html.contains("href=\"/vi/tin-tuc/chao-mung/#gioi-thieu\""),
        "{html}"
    );
}

#[test]
fn a_five_megabyte_page_builds() {
    let t = SiteTest::new();
    let para = "Quảng Ngãi có cảng nước sâu Dung Quất và đảo Lý Sơn. ".repeat(20);
    let mut body = String::with_capacity(5 << 20);
    let mut n = 0;
    while body.len() < 5 << 20 {
        n += 1;
        body.push_str(&format!("## Phần {n}\n\n{para}\n\n"));
    }
    t.file("content/news/huge.vi.md", &page("title: Lớn", &body));
    builds(&t);
    let html = t.read("vi/tin-tuc/huge/index.html");
    assert!(html.len() > 5 << 20);
    assert!(html.contains(&format!("<h2 id=\"phan-{n}\">Phần {n}</h2>")));
}

#[test]
fn deeply_nested_blockquotes_and_lists_do_not_overflow_the_stack() {
    let t = SiteTest::new();
    let quotes = format!("{} deep\n", ">".repeat(50_000));
    let lists = format!("{}deep\n", "- ".repeat(50_000));
    let brackets = format!("{}x{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let emphasis = format!("{}x{}\n", "*".repeat(50_000), "*".repeat(50_000));
    t.file("content/news/quotes.vi.md", &page("title: Q", &quotes))
        .file("content/news/lists.vi.md", &page("title: L", &lists))
        .file(
            "content/news/inline.vi.md",
            &page("title: I", &format!("{brackets}\n{emphasis}")),
        );
    builds(&t);
    let html = t.read("vi/tin-tuc/quotes/index.html");
    assert!(html.matches("<blockquote>").count() >= 50_000);
    assert!(html.contains("deep"));
    let html = t.read("vi/tin-tuc/lists/index.html");
    assert!(html.matches("<ul>").count() >= 1_000);
    assert!(t.exists("vi/tin-tuc/inline/index.html"));
}
