//! Output safety (issue #9): text from front matter and Fluent is escaped in every output
//! format, and raw HTML in Markdown is sanitized (with the herald.yaml allow-list).

mod common;

use common::{SiteTest, main_of, page, with_code};

/// Text that breaks out of HTML, XML, attributes and `<script>` if anything is unescaped.
const HOSTILE: &str = "</script><script>alert(1)</script> & < > \" ' <b>x</b>";

/// `HOSTILE` as a YAML double-quoted scalar.
fn yaml_quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn hostile_titles_summaries_tags_and_messages_are_escaped_everywhere() {
    let t = SiteTest::new();
    let q = yaml_quoted(HOSTILE);
    t.append(
        "herald.yaml",
        "sections:\n  heritage:\n    kind: heritage\n    fields:\n      location: {type: geo}\n",
    )
    .file("content/heritage/_index.vi.md", &page("title: Di sản", ""))
    .file("content/heritage/_index.en.md", &page("title: Heritage", ""))
    .file(
        "content/heritage/x.vi.md",
        &page(
            &format!(
                "title: {q}\nsummary: {q}\ndate: 2026-01-02\ntags: [{q}]\nimage: /logo.png\nimage_alt: {q}\nlocation: {{lat: 15.1, lon: 108.8}}"
            ),
            "Nội dung.",
        ),
    )
    .bytes("static/logo.png", b"png")
    .append(
        "i18n/vi/site.ftl",
        "field-location = Tọa độ\n",
    )
    .append("i18n/en/site.ftl", "field-location = Coordinates\n")
    .edit(
        "i18n/vi/site.ftl",
        "site-title = ",
        "site-title = </script><script>alert(2)</script> & \" ' ",
    );
    let report = t.build_ok();
    assert!(report.files > 0);

    let mut checked = 0;
    for rel in t.built_files() {
        let Ok(text) = std::fs::read_to_string(t.root().join("public").join(&rel)) else {
            continue;
        };
        if rel.ends_with(".html") || rel.ends_with(".xml") {
            checked += 1;
            assert!(!text.contains("<script>alert"), "{rel} has a live script");
            assert!(!text.contains("<b>x</b>"), "{rel} has unescaped markup");
            // JSON-LD: valid JSON that cannot close its element early, carrying the exact text.
            let mut rest = text.as_str();
            while let Some(i) = rest.find("<script type=\"application/ld+json\">") {
                let json = &rest[i + 35..];
                let end = json.find("</script>").expect("closed");
                let v: serde_json::Value = serde_json::from_str(&json[..end])
                    .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}"));
                if rel == "vi/heritage/x/index.html" {
                    assert!(
                        v.to_string()
                            .contains(&serde_json::to_string(HOSTILE).unwrap()[1..20])
                    );
                }
                rest = &json[end..];
            }
        }
    }
    assert!(checked > 10);
    let page_html = t.read("vi/heritage/x/index.html");
    assert!(
        page_html.contains("&lt;&#x2F;script&gt;&lt;script&gt;alert(1)")
            || page_html.contains("&lt;/script&gt;&lt;script&gt;alert(1)"),
        "{page_html}"
    );
    let atom = t.read("vi/atom.xml");
    assert!(
        atom.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt; &gt;"),
        "{atom}"
    );
    // GeoJSON is JSON (not HTML): it must parse and carry the title exactly.
    let geo: serde_json::Value =
        serde_json::from_str(&t.read("vi/heritage/sites.geojson")).expect("GeoJSON parses");
    assert!(
        geo.to_string()
            .contains(&serde_json::to_string(HOSTILE).unwrap())
    );
}

/// A page of `body` in news, built; returns its `<main>` and the build's warnings.
fn with_body(t: &SiteTest, body: &str) -> (String, Vec<herald::diagnostic::Diagnostic>) {
    t.file("content/news/raw.vi.md", &page("title: Raw", body));
    let report = t.build_ok();
    (
        main_of(&t.read("vi/tin-tuc/raw/index.html")).to_string(),
        report.warnings,
    )
}

#[test]
fn raw_html_is_sanitized_and_each_removal_is_a_warning_at_its_line() {
    let t = SiteTest::new();
    t.bytes("static/a.png", b"png");
    let (html, warnings) = with_body(
        &t,
        "## Mở đầu {#intro .lead}\n\nText <b>bold</b> <span onclick=\"steal()\">x</span>.\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\">click</a> <a href=\"/vi/\">ok</a>\n\n<style>body{display:none}</style>\n\n<figure><img src=\"/a.png\" alt=\"A\" onerror=\"x()\"><figcaption>Cap</figcaption></figure>\n\n| a | b |\n|:-:|---|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n\n```rust\nlet x = \"<script>\";\n```\n",
    );
    for bad in [
        "<script>",
        "onclick",
        "javascript:",
        "<style>",
        "onerror",
        "display:none",
    ] {
        assert!(!html.contains(bad), "{bad} survived:\n{html}");
    }
    for good in [
        "<h2 id=\"intro\" class=\"lead\">Mở đầu</h2>",
        "<b>bold</b>",
        "<span>x</span>",
        "<figure><img src=\"/a.png\" alt=\"A\"><figcaption>Cap</figcaption></figure>",
        "<th style=\"text-align:center\">a</th>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\">",
        "class=\"footnote-definition\"",
        "<code class=\"language-rust\">let x = \"&lt;script&gt;\";",
    ] {
        assert!(html.contains(good), "{good} is missing:\n{html}");
    }
    let removed = with_code(&warnings, "html-removed");
    let lines: Vec<_> = removed
        .iter()
        .map(|d| (d.line, d.message.clone()))
        .collect();
    assert_eq!(removed.len(), 5, "{lines:?}");
    assert!(
        removed
            .iter()
            .all(|d| d.file.as_deref() == Some(std::path::Path::new("content/news/raw.vi.md")))
    );
    assert_eq!(removed[0].line, Some(6), "{lines:?}");
    assert!(removed[0].message.contains("`onclick` on `<span>`"));
}

#[test]
fn pages_without_raw_html_are_rendered_by_pulldown_cmark_alone() {
    // ammonia re-serialises what it cleans (`<br />` becomes `<br>`): a page without raw
    // HTML keeps pulldown-cmark's own output, which shows it was not sanitized at all.
    let t = SiteTest::new();
    let (html, warnings) = with_body(&t, "a  \nb\n\n***\n");
    assert!(
        html.contains("a<br />\nb") && html.contains("<hr />"),
        "{html}"
    );
    assert!(with_code(&warnings, "html-removed").is_empty());
}

#[test]
fn allow_list_in_herald_yaml_opens_iframes_of_one_site() {
    let t = SiteTest::new();
    t.append(
        "herald.yaml",
        "markdown:\n  allow_html:\n    - tag: iframe\n      attributes: [src, title, width, height, allowfullscreen]\n      url_prefixes: [\"https://www.youtube-nocookie.com/embed/\"]\n",
    );
    let (html, warnings) = with_body(
        &t,
        "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\" allowfullscreen></iframe>\n\n<iframe src=\"https://evil.example/\" title=\"Bad\"></iframe>\n",
    );
    assert!(html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Video\" allowfullscreen=\"\"></iframe>"), "{html}");
    assert!(html.contains("<iframe title=\"Bad\"></iframe>"), "{html}");
    let removed = with_code(&warnings, "html-removed");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].line, Some(6));

    // A rule that would run code, and a typo, are config errors at their line.
    let t = SiteTest::new();
    t.append(
        "herald.yaml",
        "markdown:\n  allow_html:\n    - tag: script\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("herald.yaml:13:")
            && run.stderr.contains("`<script>` cannot be allowed"),
        "{}",
        run.stderr
    );
    let t = SiteTest::new();
    t.append(
        "herald.yaml",
        "markdown:\n  allow_html:\n    - tag: iframe\n      attribute: [src]\n",
    );
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("herald.yaml:15:7")
            && run.stderr.contains("did you mean `attributes`?"),
        "{}",
        run.stderr
    );
}
