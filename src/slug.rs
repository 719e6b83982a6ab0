//! ASCII slugs for URLs and heading ids.
//!
//! Vietnamese is typed both precomposed (NFC) and decomposed (NFD, common on macOS and in
//! text pasted from PDFs); both must give the same URL, so text is normalized to NFC
//! before transliteration. `đ`/`Đ` is a separate letter, not a `d` with a mark, so it is
//! mapped explicitly rather than trusting decomposition to drop it.

/// `Quảng Ngãi` -> `quang-ngai`, `Đảo Lý Sơn!` -> `dao-ly-son`.
///
/// One pass over the characters, and no normalization when the text is NFC already (as
/// it nearly always is): every heading of every page is slugged for its id.
pub fn slugify(text: &str) -> String {
    let text = crate::content::nfc(text);
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut emit = |c: char| {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    };
    for ch in text.chars() {
        match ch {
            'đ' | 'Đ' => emit('d'),
            c if c.is_ascii() => emit(c),
            c => deunicode::deunicode_char(c)
                .unwrap_or("")
                .chars()
                .for_each(&mut emit),
        }
    }
    slug
}

/// Fold text for comparison: NFC, lowercase, diacritics and `đ` removed.
pub fn fold(text: &str) -> String {
    let text = crate::content::nfc(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.push_str(
                &deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .to_ascii_lowercase(),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn vietnamese_is_transliterated() {
        assert_eq!(slugify("Quảng Ngãi"), "quang-ngai");
        assert_eq!(slugify("Đà Nẵng"), "da-nang");
        assert_eq!(slugify("Khu kinh tế Dung Quất"), "khu-kinh-te-dung-quat");
        assert_eq!(slugify("  Hạ tầng -- giao thông!  "), "ha-tang-giao-thong");
    }

    #[test]
    fn nfd_and_nfc_give_the_same_slug() {
        let nfd: String = "Đảo Lý Sơn, Quảng Ngãi".nfd().collect();
        assert_ne!(nfd, "Đảo Lý Sơn, Quảng Ngãi");
        assert_eq!(slugify(&nfd), "dao-ly-son-quang-ngai");
    }

    #[test]
    fn slug_is_idempotent() {
        for s in ["Quảng Ngãi", "ODA & FDI 2020", "a--b", "Ünïcödé"] {
            let once = slugify(s);
            assert_eq!(slugify(&once), once);
        }
    }

    /// The two-pass forms these replaced, kept to hold the one-pass ones to them.
    fn slugify_reference(text: &str) -> String {
        let nfc: String = text.nfc().collect();
        let mut ascii = String::new();
        for ch in nfc.chars() {
            match ch {
                'đ' | 'Đ' => ascii.push('d'),
                c if c.is_ascii() => ascii.push(c),
                c => ascii.push_str(deunicode::deunicode_char(c).unwrap_or("")),
            }
        }
        let mut slug = String::new();
        let mut pending_dash = false;
        for c in ascii.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(c.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
        slug
    }

    fn fold_reference(text: &str) -> String {
        let nfc: String = text.nfc().collect();
        nfc.chars()
            .map(|c| match c {
                'đ' | 'Đ' => "d".to_string(),
                c if c.is_ascii() => c.to_ascii_lowercase().to_string(),
                c => deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .to_ascii_lowercase(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn one_pass_slugs_and_folds_are_the_two_pass_ones(
            text in "[a-zA-Z0-9 .,!?&/đĐảãạăằắẳẵặâầấẩẫậơờớởỡợưừứửữựÆæß€“”\u{0300}\u{0301}\u{0303}\u{0309}\u{0323}\u{4E2D}\u{1F600}-]{0,40}"
        ) {
            proptest::prop_assert_eq!(slugify(&text), slugify_reference(&text));
            proptest::prop_assert_eq!(fold(&text), fold_reference(&text));
        }
    }

    #[test]
    fn fold_removes_marks() {
        assert_eq!(fold("Đầu tư"), "dau tu");
    }
}
