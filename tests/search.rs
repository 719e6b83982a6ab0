//! Site search: the Pagefind index per language, what enters it (and what never does),
//! Vietnamese folding, the search page and the header form. No browser: the index files
//! are decoded here; tests/browser/search.test.mjs runs the same searches in Chromium.

mod common;

use common::{SiteTest, page, search_files, search_fragments, search_words};
use herald::BuildOptions;

/// A site with a Vietnamese page full of `đ` and its English translation.
fn site() -> SiteTest {
    let t = SiteTest::new();
    t.file(
        "content/news/ly-son.vi.md",
        &page(
            "title: Đảo Lý Sơn đón đoàn đầu tư\nsummary: Đoàn doanh nghiệp đến Quảng Ngãi.\ntags: [Đảo Lý Sơn]",
            "## Đầu tư du lịch\n\nĐoàn công tác đã làm việc với tỉnh Quảng Ngãi về **đầu tư** vào đảo Lý Sơn, trong đó có dự án ximăngđặcbiệt.",
        ),
    )
    .file(
        "content/news/ly-son.en.md",
        &page(
            "title: Investors visit Lý Sơn island",
            "Delegations toured the ports of Quảng Ngãi and the island's garlic fields.",
        ),
    );
    t
}

fn urls(fragments: &[serde_json::Value]) -> Vec<String> {
    let mut urls: Vec<String> = fragments
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    urls.sort();
    urls
}

#[test]
fn every_published_page_is_indexed_in_its_language() {
    let t = site();
    t.build_ok();
    assert_eq!(
        urls(&search_fragments(&t, "vi")),
        ["vi/tin-tuc/chao-mung/", "vi/tin-tuc/ly-son/"]
    );
    assert_eq!(
        urls(&search_fragments(&t, "en")),
        ["en/news/ly-son/", "en/news/welcome/"]
    );
    let entry: serde_json::Value =
        serde_json::from_slice(&common::search_file(&t, "pagefind-entry.json")).unwrap();
    // English gets Pagefind's stemmer; Vietnamese has none and needs none.
    assert_eq!(entry["languages"]["en"]["wasm"], "en");
    assert!(entry["languages"]["vi"]["wasm"].is_null());
    assert_eq!(entry["languages"]["vi"]["page_count"], 2);
    for f in [
        "pagefind.js",
        "pagefind-worker.js",
        "wasm.en.pagefind",
        "wasm.unknown.pagefind",
    ] {
        assert!(t.exists(&format!("pagefind/{f}")), "missing pagefind/{f}");
    }
    // Pagefind's ready-made interfaces are not shipped: the theme's page shows results.
    assert!(!t.exists("pagefind/pagefind-ui.js"));
    let fragment = search_fragments(&t, "en")
        .into_iter()
        .find(|f| f["url"] == "en/news/ly-son/")
        .unwrap();
    assert_eq!(fragment["meta"]["title"], "Investors visit Lý Sơn island");
    assert_eq!(fragment["filters"]["section"][0], "News");
    assert!(
        fragment["content"]
            .as_str()
            .unwrap()
            .starts_with("Delegations toured the ports of Quảng Ngãi")
    );
}

#[test]
fn drafts_embargoed_and_expired_pages_never_enter_the_index() {
    let t = site();
    t.file(
        "content/news/draft.vi.md",
        &page(
            "title: Nháp bímật\ndraft: true",
            "Bản nháp chứa từ draftsecret.",
        ),
    )
    .file(
        "content/news/embargo.en.md",
        &page(
            "title: Embargoed\nembargo: 2030-01-01T09:00:00+07:00",
            "Announcement with embargosecret inside.",
        ),
    )
    .file(
        "content/news/old.vi.md",
        &page("title: Cũ\nexpires: 2020-06-30", "Tin cũ expiredsecret."),
    );
    let report = t.build_ok();
    assert_eq!(report.held_back.len(), 3, "{:?}", report.held_back);
    for (rel, bytes) in search_files(&t) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "draftsecret",
            "embargosecret",
            "expiredsecret",
            "bímật",
            "bimat",
        ] {
            assert!(!text.contains(secret), "pagefind/{rel} holds {secret}");
        }
    }
    assert_eq!(search_fragments(&t, "vi").len(), 2);
    assert_eq!(search_fragments(&t, "en").len(), 2);

    // Once the embargo is over (and with --drafts), they are searchable like any page.
    t.build_with(&BuildOptions {
        drafts: true,
        now: Some("2030-01-01T02:00:00Z".parse().unwrap()),
        ..BuildOptions::default()
    })
    .unwrap();
    assert!(search_words(&t, "en").contains("embargosecret"));
    assert!(search_words(&t, "vi").contains("draftsecret"));
}

#[test]
fn vietnamese_is_indexed_without_accents_and_d_folds_to_d() {
    let t = site();
    t.build_ok();
    let words = search_words(&t, "vi");
    // Pagefind strips the marks; herald folds đ, which Pagefind keeps as a letter.
    for w in [
        "dao",
        "ly",
        "son",
        "dau",
        "tu",
        "quang",
        "ngai",
        "doan",
        "ximangdacbiet",
    ] {
        assert!(words.contains(w), "`{w}` is not indexed: {words:?}");
    }
    assert!(
        words.iter().all(|w| !w.contains(['đ', 'Đ', '`'])),
        "an indexed word or form keeps đ or the marker: {words:?}"
    );
    // The accents stay in the stored forms, so exact spellings still rank first.
    assert!(words.contains("quảng"));

    // Titles and text keep every letter: đ comes back from the marker.
    let fragment = search_fragments(&t, "vi")
        .into_iter()
        .find(|f| f["url"] == "vi/tin-tuc/ly-son/")
        .unwrap();
    let title = fragment["meta"]["title"].as_str().unwrap();
    assert_eq!(title, "Dảo`+ Lý Sơn dón`+ doàn`+ dầu`+ tư");
    let unfolded: Vec<String> = title.split(' ').map(herald::search::unfold_word).collect();
    assert_eq!(unfolded.join(" "), "Đảo Lý Sơn đón đoàn đầu tư");
    let content = fragment["content"].as_str().unwrap();
    let unfolded: Vec<String> = content
        .split(' ')
        .map(herald::search::unfold_word)
        .collect();
    assert_eq!(
        unfolded.join(" "),
        "Đoàn doanh nghiệp đến Quảng Ngãi. Đầu tư du lịch Đoàn công tác đã làm việc với tỉnh \
         Quảng Ngãi về đầu tư vào đảo Lý Sơn, trong đó có dự án ximăngđặcbiệt. Đảo Lý Sơn"
    );
}

#[test]
fn english_words_are_stemmed() {
    let t = site();
    t.build_ok();
    let words = search_words(&t, "en");
    // "ports", "fields" and "delegations" are indexed by their stem, so a search for
    // "port" or "delegation" finds them (Pagefind stems the query the same way).
    for w in [
        "port", "field", "deleg", "investor", "quang", "ngai", "ly", "son",
    ] {
        assert!(words.contains(w), "`{w}` is not indexed: {words:?}");
    }
    assert!(!words.contains("ports"));
}

#[test]
fn every_language_has_a_search_page_and_every_page_a_search_form() {
    let t = site();
    t.build_ok();
    let vi = t.read("vi/search/index.html");
    assert!(vi.contains("<html lang=\"vi\""));
    assert!(vi.contains("<title>Tìm kiếm – "), "{vi}");
    assert!(vi.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(vi.contains(
        "<form class=\"search-form\" role=\"search\" action=\"/vi/search/\" method=\"get\""
    ));
    assert!(vi.contains(
        "<label class=\"search-label\" for=\"search-q\">Tìm trong trang thông tin</label>"
    ));
    assert!(vi.contains("role=\"status\" aria-live=\"polite\""));
    assert!(vi.contains("data-bundle=\"/pagefind/\""));
    assert!(vi.contains("data-available=\"true\""));
    assert!(vi.contains("<noscript>"));
    assert!(vi.contains("src=\"/js/search.js?v="));
    // The result count's words, for every plural form the script may need.
    assert!(
        vi.contains("&quot;2&quot;:&quot;2 kết quả cho “{query}”&quot;"),
        "{vi}"
    );
    let en = t.read("en/search/index.html");
    assert!(en.contains("&quot;1&quot;:&quot;1 result for “{query}”&quot;"));
    assert!(en.contains("&quot;0&quot;:&quot;No results for “{query}”&quot;"));
    assert!(en.contains("hreflang=\"vi\" lang=\"vi\""));
    assert!(t.exists("js/search.js"));

    // Every other page has the header form; the search page has its own form instead.
    for (path, action, label) in [
        (
            "vi/tin-tuc/ly-son/index.html",
            "/vi/search/",
            "Tìm trong trang thông tin",
        ),
        ("en/index.html", "/en/search/", "Search this site"),
        ("en/404.html", "/en/search/", "Search this site"),
    ] {
        let html = t.read(path);
        assert!(
            html.contains(&format!(
                "<form class=\"site-search\" role=\"search\" action=\"{action}\" method=\"get\">"
            )),
            "{path}"
        );
        assert!(html.contains(&format!(">{label}</label>")), "{path}");
        assert!(html.contains("name=\"q\""));
    }
    assert!(!vi.contains("class=\"site-search\""));
}

#[test]
fn a_sub_path_base_url_reaches_the_bundle_and_the_results() {
    let t = site();
    t.edit(
        "herald.yaml",
        "base_url: \"https://example.gov.vn/\"",
        "base_url: \"https://example.gov.vn/so-ngoai-vu/\"",
    );
    t.build_ok();
    let vi = t.read("vi/search/index.html");
    assert!(vi.contains("data-bundle=\"/so-ngoai-vu/pagefind/\""));
    assert!(vi.contains("action=\"/so-ngoai-vu/vi/search/\""));
    assert!(
        t.read("en/index.html")
            .contains("action=\"/so-ngoai-vu/en/search/\"")
    );
    // Result URLs are relative to the site: the browser puts them under wherever the
    // bundle was served from. No file of the bundle names a host.
    assert!(
        urls(&search_fragments(&t, "vi"))
            .iter()
            .all(|u| u.starts_with("vi/"))
    );
    for (rel, bytes) in search_files(&t) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("example.gov.vn"),
            "pagefind/{rel} names the host"
        );
        if rel.ends_with(".js") {
            // Pagefind parses relative URLs against a dummy origin, and fetches nothing
            // absolute (the browser test records every request).
            let other = text.replace("https://example.com$", "");
            assert!(
                !other.contains("https://") && !other.contains("http://"),
                "pagefind/{rel} names another host"
            );
        }
    }
}

#[test]
fn a_language_without_pages_searches_nothing() {
    let t = SiteTest::new();
    t.remove("content/news/welcome.en.md");
    t.build_ok();
    // Pagefind would fall back to another language's index: the page knows there is none.
    assert!(
        t.read("en/search/index.html")
            .contains("data-available=\"false\"")
    );
    assert!(
        t.read("vi/search/index.html")
            .contains("data-available=\"true\"")
    );
    assert!(search_fragments(&t, "en").is_empty());
}

#[test]
fn two_builds_in_two_processes_give_the_same_bundle() {
    let t = site();
    for out in ["one", "two", "three"] {
        // "two" indexes afresh too; "three" takes the index from the cache "two" left.
        if out == "two" {
            std::fs::remove_dir_all(t.root().join(".herald-cache/search")).unwrap();
        }
        let dir = t.outside().join(out);
        let run = t.run(&["build", "--output", dir.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let read = |out: &str| -> Vec<(String, Vec<u8>)> {
        let dir = t.outside().join(out);
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (one, two) = (read("one"), read("two"));
    assert!(one.iter().any(|(f, _)| f.starts_with("pagefind/fragment/")));
    assert_eq!(one, two);
    assert_eq!(one, read("three"));
}

/// The names of the cached indexes (`vi-<key>`), sorted.
fn cached(t: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(t.root().join(".herald-cache/search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_index_is_cached_per_language_by_content_and_rebuilt_when_it_changes() {
    let t = site();
    t.build_ok();
    let first = cached(&t);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first[0].starts_with("en-") && first[1].starts_with("vi-"));
    let before = search_files(&t);

    // A change that is not in any page's text (a template) keeps both indexes.
    t.edit(
        "themes/default/templates/page.html",
        "</article>",
        "<!-- x --></article>",
    );
    t.build_ok();
    assert_eq!(cached(&t), first);
    assert_eq!(search_files(&t), before);

    // A Vietnamese page's text changes: that index is rebuilt, the old one removed.
    t.edit("content/news/ly-son.vi.md", "ximăngđặcbiệt", "cảngbiểnmới");
    t.build_ok();
    let second = cached(&t);
    assert_eq!(second[0], first[0], "English is reused");
    assert_ne!(second[1], first[1]);
    assert!(search_words(&t, "vi").contains("cangbienmoi"));
    assert!(!search_words(&t, "vi").contains("ximangdacbiet"));

    // A damaged entry (a file missing) is not used: the index is made again, whole.
    let after = search_files(&t);
    let entry = t.root().join(".herald-cache/search").join(&second[1]);
    let fragment = walkdir::WalkDir::new(&entry)
        .into_iter()
        .flatten()
        .find(|e| e.path().to_string_lossy().contains("fragment/"))
        .unwrap();
    std::fs::remove_file(fragment.path()).unwrap();
    t.build_forced_ok();
    assert_eq!(search_files(&t), after);
    assert!(fragment.path().exists());
}

#[test]
fn a_theme_without_a_search_template_gets_no_search() {
    let t = site();
    t.remove("themes/default/templates/search.html");
    t.build_ok();
    assert!(!t.exists("vi/search/index.html"));
    assert!(!t.built_files().iter().any(|f| f.starts_with("pagefind/")));
    assert!(!t.read("vi/index.html").contains("site-search"));
}

#[test]
fn serve_gets_the_index_from_the_same_render() {
    let t = site();
    let (site, _) = herald::Site::load(&t.root(), &BuildOptions::default()).unwrap();
    let (output, diagnostics) = site.render();
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    assert!(output.get("pagefind/pagefind.js").is_some());
    assert!(
        output
            .paths()
            .any(|p| p.starts_with("pagefind/fragment/vi_"))
    );
    assert!(output.text("vi/search/index.html").is_some());
}
