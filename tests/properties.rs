//! Property tests (proptest): slugs, folding and builds hold their promises for any input,
//! not only the examples in the unit tests. Case counts are kept small so `cargo test`
//! stays fast; a failure prints the shrunk input to add as a unit test.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{SiteTest, page};
use herald::content::collapse_whitespace;
use herald::search::{fold_d, unfold_word};
use herald::slug::{fold, slugify};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Vietnamese-looking prose: letters with every tone and vowel mark, `đ`, digits,
/// punctuation and spaces (nothing Markdown would read as a link or an image).
const PROSE: &str = "[a-zA-Z0-9 đĐăĂâÂêÊôÔơƠưƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ.,!?'\"()/_-]{0,40}";

/// Prose, plus now and then any string at all.
fn vietnamese() -> impl Strategy<Value = String> {
    prop_oneof![4 => PROSE, 1 => any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn slugs_are_idempotent_ascii_and_tidy(text in vietnamese()) {
        let slug = slugify(&text);
        prop_assert_eq!(slugify(&slug), slug.clone());
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
    }

    #[test]
    fn nfc_and_nfd_give_the_same_slug_and_fold(text in vietnamese()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(slugify(&nfc), slugify(&nfd));
        prop_assert_eq!(fold(&nfc), fold(&nfd));
    }

    #[test]
    fn fold_is_idempotent(text in vietnamese()) {
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn search_folding_is_stable_and_reversible(text in vietnamese()) {
        let text = text.replace('`', "'"); // the marker character itself is not in prose
        let folded = fold_d(&text);
        prop_assert!(!folded.contains(['đ', 'Đ']));
        // Folding folded text changes nothing (an index rebuilt from it is the same).
        prop_assert_eq!(fold_d(&folded), folded.clone());
        // Whitespace is kept, and each word comes back as written.
        let words: Vec<&str> = text.split_whitespace().collect();
        let back: Vec<String> = folded.split_whitespace().map(unfold_word).collect();
        prop_assert_eq!(back, words);
    }

    #[test]
    fn collapsed_whitespace_is_what_splitting_and_joining_gives(
        text in prop_oneof![
            2 => "[a-zđơ \t\r\n\u{0B}\u{0C}\u{85}\u{A0}\u{2003}\u{3000}\u{200B}]{0,40}",
            1 => any::<String>()
        ]
    ) {
        let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(collapse_whitespace(&text), expected);
    }
}

/// Every file of `dir`: relative path -> bytes.
fn snapshot(dir: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

proptest! {
    // Each case builds a site twice (about half a second in a debug build).
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn the_same_input_gives_the_same_bytes(
        title in "[a-zA-Zđảãơư ]{1,20}[a-z]",
        body in PROSE,
        tags in proptest::collection::vec("[a-zđơ]{1,8}", 0..3),
    ) {
        let t = SiteTest::new();
        let front = format!(
            "title: \"{}\"\ndate: 2026-03-04\ntags: [{}]",
            title,
            tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
        );
        t.file("content/news/gen.vi.md", &page(&front, &body));
        let opts = herald::BuildOptions::default();
        let one = t.root().join("out-one");
        let two = t.root().join("out-two");
        herald::build(&t.root(), &one, &opts).map_err(|d| TestCaseError::fail(common::rendered(&d)))?;
        herald::build(&t.root(), &two, &opts).map_err(|d| TestCaseError::fail(common::rendered(&d)))?;
        let (a, b) = (snapshot(&one), snapshot(&two));
        prop_assert!(a.len() > 20);
        prop_assert!(a == b, "two builds of the same site differ");
    }
}

/// A template may walk a map (`page.extra` here): tera's maps are hash maps with a seed
/// drawn per process, so without its `preserve_order` feature the keys came out in a
/// different order from one build to the next.
#[test]
fn a_template_walking_a_map_gives_the_same_bytes_every_build() {
    let t = SiteTest::new();
    let keys = [
        "sông", "núi", "biển", "đảo", "cảng", "đèo", "vịnh", "hồ", "rừng", "mũi",
    ];
    let extra: String = keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("\n  {k}: {i}"))
        .collect();
    t.file(
        "content/news/map.vi.md",
        &page(&format!("title: Bản đồ\nextra:{extra}"), "Nội dung."),
    );
    t.file(
        "templates/news/page.html",
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>{{ title }}</title><p>\
         {% for key, value in page.extra %}{{ key }}={{ value }};{% endfor %}</p></html>",
    );
    let opts = herald::BuildOptions::default();
    let mut seen = BTreeSet::new();
    for n in 0..4 {
        let out = t.root().join(format!("out-{n}"));
        herald::build(&t.root(), &out, &opts)
            .unwrap_or_else(|d| panic!("{}", common::rendered(&d)));
        let html = std::fs::read_to_string(out.join("vi/tin-tuc/map/index.html")).unwrap();
        assert!(html.contains("sông=0;"), "{html}");
        seen.insert(html);
    }
    assert_eq!(seen.len(), 1, "builds differ: {seen:#?}");
    // In the documented order: keys sorted (themes/default/TEMPLATES.md).
    let html = seen.first().unwrap();
    let mut sorted: Vec<&str> = keys.to_vec();
    sorted.sort();
    let order: Vec<usize> = sorted
        .iter()
        .map(|k| html.find(&format!("{k}=")).unwrap())
        .collect();
    assert!(order.is_sorted(), "{html}");
}
