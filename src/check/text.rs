//! Prose prepared for matching words the way a reader sees them, with the way back to the
//! file.
//!
//! Vietnamese arrives in two Unicode forms: precomposed (NFC, what most keyboards type) and
//! decomposed (NFD, what some macOS tools and copy-paste from PDFs give), and both look the
//! same on screen. Matching therefore runs on NFC, lowercased text whose whitespace runs
//! (line breaks included) count as one space, so `South China\nSea` is one phrase. Each
//! matchable character remembers the byte offset in the source of the character it came
//! from, so a hit is reported at the file's own line and column. Pieces that must never
//! match (code spans, markup, the gap between two fields) are separated by a break that no
//! match crosses, and tokens that look like URLs or e-mail addresses are skipped.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A boundary no match may cross: not a letter, a digit or a space.
const BREAK: char = '\u{0}';

/// Text folded for matching (NFC, lowercase, one space per whitespace run), with the byte
/// offset in the source of every character.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    chars: Vec<char>,
    /// Byte offsets as `u32`: a third less to write than `usize` for every character of
    /// every page (a Markdown file of 4 GiB is not one anybody publishes; past that,
    /// offsets saturate, and a hit further on is reported at the 4 GiB mark).
    offsets: Vec<u32>,
    /// Which characters are in URLs, computed on the first search (text is complete then).
    mask: OnceLock<Vec<bool>>,
    /// Where words start (a letter or digit after anything else), kept as characters are
    /// appended: a second walk over the text, classifying every character again, was 1.8%
    /// of a cold build's instructions.
    starts: Vec<u32>,
    /// Whether the last character appended is a letter or digit.
    in_word: bool,
}

/// A match: the byte offset in the source where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset of the first character of the match in the source.
    pub offset: usize,
    /// Index of the first folded character (to compare hits with each other).
    pub start: usize,
    /// Index one past the last folded character.
    pub end: usize,
}

impl Folded {
    /// Empty text.
    pub fn new() -> Folded {
        Folded::default()
    }

    /// Fold `term` the same way as text, for comparisons and searches.
    pub fn term(term: &str) -> Vec<char> {
        let mut f = Folded::new();
        f.push(term, 0);
        let mut chars = f.chars;
        while chars.last() == Some(&' ') {
            chars.pop();
        }
        if chars.first() == Some(&' ') {
            chars.remove(0);
        }
        chars
    }

    /// Append `text`, which starts at byte `base` of the source.
    pub fn push(&mut self, text: &str, base: usize) {
        self.changed();
        if crate::content::surely_nfc(text) {
            // Each character is a run of its own that NFC leaves alone (nearly all text,
            // Vietnamese included): no table is asked. Byte by byte for ASCII, and a table for
            // the lowercase of Vietnamese's letters: folding went from 180 to 125 M
            // instructions on the 1,000-page benchmark site.
            self.chars.reserve(text.len());
            self.offsets.reserve(text.len());
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii() {
                    // `char::is_whitespace` of ASCII: `u8::is_ascii_whitespace` leaves out
                    // the vertical tab.
                    if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                        self.push_space(base + i);
                    } else {
                        let c = char::from(b.to_ascii_lowercase());
                        self.put(c, base + i, b.is_ascii_alphanumeric());
                    }
                    i += 1;
                } else {
                    // `i` is at a character's start: ASCII moves one byte, others their length.
                    let Some(c) = text[i..].chars().next() else {
                        break;
                    };
                    self.push_char(c, base + i);
                    i += c.len_utf8();
                }
            }
            return;
        }
        // A run is a starter and the combining marks after it: NFC composes within a run,
        // and every character of the run reports the run's offset (where a caret belongs).
        let mut run_start = 0;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let at_run_end = iter
                .peek()
                .is_none_or(|&(_, next)| next.is_ascii() || canonical_combining_class(next) == 0);
            if !at_run_end {
                continue;
            }
            if run_start == i
                && (c.is_ascii()
                    || unicode_normalization::is_nfc_quick(std::iter::once(c))
                        == unicode_normalization::IsNormalized::Yes)
            {
                // Nearly all text, Vietnamese included: a character with no combining mark
                // after it that NFC leaves alone skips the normaliser (which was a third
                // of `check`'s time).
                self.push_char(c, base + i);
            } else {
                let run = &text[run_start..i + c.len_utf8()];
                self.push_run(run, base + run_start);
            }
            run_start = i + c.len_utf8();
        }
    }

    /// Append `text` whose characters cannot be traced one by one (an HTML entity, an
    /// escape): every character reports `offset`.
    pub fn push_at(&mut self, text: &str, offset: usize) {
        self.changed();
        for c in text.chars() {
            let mut tmp = [0u8; 4];
            self.push_run(c.encode_utf8(&mut tmp), offset);
        }
    }

    /// A boundary: no match spans it.
    pub fn push_break(&mut self) {
        self.changed();
        if self.chars.last() != Some(&BREAK) {
            let offset = self.offsets.last().map_or(0, |&o| o as usize);
            self.put(BREAK, offset, false);
        }
    }

    /// Forget what was computed on the text (not done today: searches come after it is
    /// complete, but a cached mask would then be wrong).
    fn changed(&mut self) {
        self.mask = OnceLock::new();
    }

    /// Append one folded character (`word`: it is a letter or digit) and its offset.
    #[inline]
    fn put(&mut self, c: char, offset: usize, word: bool) {
        if word && !self.in_word {
            self.starts.push(self.chars.len() as u32);
        }
        self.in_word = word;
        self.chars.push(c);
        self.offsets.push(u32::try_from(offset).unwrap_or(u32::MAX));
    }

    /// [`Folded::push_run`] for one character that NFC leaves as it is.
    fn push_char(&mut self, c: char, offset: usize) {
        if c.is_whitespace() {
            self.push_space(offset);
        } else if c.is_ascii() {
            self.put(c.to_ascii_lowercase(), offset, c.is_ascii_alphanumeric());
        } else if let Some(lower) = latin_lowercase(c) {
            self.put(lower, offset, crate::content::is_alphanumeric(lower));
        } else {
            for lower in c.to_lowercase() {
                self.put(lower, offset, crate::content::is_alphanumeric(lower));
            }
        }
    }

    /// A space, unless the text so far ends in one, a break, or is empty.
    fn push_space(&mut self, offset: usize) {
        if !matches!(self.chars.last(), Some(' ') | Some(&BREAK) | None) {
            self.put(' ', offset, false);
        }
    }

    fn push_run(&mut self, run: &str, offset: usize) {
        for c in run.nfc() {
            if c.is_whitespace() {
                self.push_space(offset);
                continue;
            }
            for lower in c.to_lowercase() {
                self.put(lower, offset, crate::content::is_alphanumeric(lower));
            }
        }
    }

    /// The folded text (for tests and whole-text comparisons), breaks shown as `|`.
    pub fn as_string(&self) -> String {
        self.chars
            .iter()
            .map(|&c| if c == BREAK { '|' } else { c })
            .collect()
    }

    /// Every whole-word occurrence of the folded `needle`, outside URLs and e-mail addresses.
    pub fn find(&self, needle: &[char]) -> Vec<Hit> {
        self.find_all(&[needle])
            .into_iter()
            .map(|(_, hit)| hit)
            .collect()
    }

    /// [`Folded::find`] for several needles in one walk over the text: each hit with the
    /// index of its needle, by position and then needle. A needle that starts with a letter
    /// is tried only where a word starts with that letter, so a language's twenty forbidden
    /// forms cost one walk over a page's words, not twenty (the walks were a third of the
    /// terminology check).
    pub fn find_all(&self, needles: &[&[char]]) -> Vec<(usize, Hit)> {
        let is_word = crate::content::is_alphanumeric;
        let usable = |n: &&[char]| !n.is_empty() && n.len() <= self.chars.len();
        let mut hits = Vec::new();
        // Needles that start with a letter or digit, in order of their first character, and
        // for each ASCII character the run of them that starts with it: most words start
        // with no needle's letter, and the others are tried against their few needles.
        let mut words: Vec<usize> = Vec::new();
        for (k, needle) in needles.iter().enumerate().filter(|(_, n)| usable(n)) {
            if is_word(needle[0]) {
                words.push(k);
            } else {
                // Rare (a term that starts with a bracket or a sign): tried everywhere.
                for start in 0..self.chars.len() {
                    if let Some(hit) = self.match_at(start, needle) {
                        hits.push((k, hit));
                    }
                }
            }
        }
        words.sort_by_key(|&k| (needles[k][0], k));
        let mut ascii_runs = [(0usize, 0usize); 128];
        for (i, &k) in words.iter().enumerate() {
            if let Some(run) = ascii_runs.get_mut(needles[k][0] as usize) {
                if run.0 == run.1 {
                    run.0 = i;
                }
                run.1 = i + 1;
            }
        }
        if !words.is_empty() {
            for &start in self.word_starts() {
                let first = self.chars[start as usize];
                let run = match ascii_runs.get(first as usize) {
                    Some(&(from, to)) => &words[from..to],
                    None => &words[..],
                };
                for &k in run {
                    if needles[k][0] == first
                        && let Some(hit) = self.match_at(start as usize, needles[k])
                    {
                        hits.push((k, hit));
                    }
                }
            }
        }
        hits.sort_by_key(|&(k, hit)| (hit.start, k));
        hits
    }

    /// Where words start (a letter or digit after anything else).
    fn word_starts(&self) -> &[u32] {
        &self.starts
    }

    /// The match of `needle` (not empty) at `start`, if it is there, whole words, and not
    /// inside a URL or an e-mail address.
    fn match_at(&self, start: usize, needle: &[char]) -> Option<Hit> {
        let is_word = crate::content::is_alphanumeric;
        let end = start + needle.len();
        // The first character alone rules out nearly every position, without a call.
        if end > self.chars.len()
            || self.chars[start] != needle[0]
            || self.chars[start..end] != *needle
        {
            return None;
        }
        // Whole words: a letter at the needle's edge must not continue into the text.
        if is_word(needle[0]) && start > 0 && is_word(self.chars[start - 1]) {
            return None;
        }
        if is_word(needle[needle.len() - 1]) && end < self.chars.len() && is_word(self.chars[end]) {
            return None;
        }
        // Computed on the first match only: most texts have none.
        let masked = self.mask.get_or_init(|| self.url_mask());
        if masked[start..end].iter().any(|&m| m) {
            return None;
        }
        Some(Hit {
            offset: self.offsets[start] as usize,
            start,
            end,
        })
    }

    /// True for characters inside a token (between spaces or breaks) that is a URL or an
    /// e-mail address: their words are addresses, not prose.
    fn url_mask(&self) -> Vec<bool> {
        let mut mask = vec![false; self.chars.len()];
        let mut start = 0;
        while start < self.chars.len() {
            let end = (start..self.chars.len())
                .find(|&i| self.chars[i] == ' ' || self.chars[i] == BREAK)
                .unwrap_or(self.chars.len());
            let chars = &self.chars[start..end];
            // Only tokens with one of these can be addresses: most words skip the String.
            let maybe = chars.iter().any(|&c| c == ':' || c == '@' || c == '.');
            let token: String = if maybe {
                chars.iter().collect()
            } else {
                String::new()
            };
            let token = token.trim_start_matches(|c: char| !c.is_alphanumeric());
            if token.contains("://")
                || token.starts_with("www.")
                || token.starts_with("mailto:")
                || (token.contains('@') && token.contains('.'))
            {
                mask[start..end].iter_mut().for_each(|m| *m = true);
            }
            start = end + 1;
        }
        mask
    }
}

/// The lowercase of a letter of Latin-1, Latin Extended-A and -B or Latin Extended
/// Additional (the letters of Vietnamese) when it is one character, from a table made once
/// from `char::to_lowercase`, which searches the Unicode tables for every character.
fn latin_lowercase(c: char) -> Option<char> {
    const RANGES: [(u32, u32); 2] = [(0x80, 0x250), (0x1E00, 0x1F00)];
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        RANGES
            .iter()
            .flat_map(|&(from, to)| from..to)
            .map(|code| {
                let c = char::from_u32(code).unwrap_or(BREAK);
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(one), None) => one,
                    // Two or more characters (U+0130): not in the table.
                    _ => BREAK,
                }
            })
            .collect()
    });
    let code = u32::from(c);
    let mut index = 0;
    for (from, to) in RANGES {
        if (from..to).contains(&code) {
            return table
                .get(index + (code - from) as usize)
                .copied()
                .filter(|&l| l != BREAK);
        }
        index += (to - from) as usize;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str, term: &str) -> Vec<usize> {
        let mut f = Folded::new();
        f.push(text, 0);
        f.find(&Folded::term(term))
            .into_iter()
            .map(|h| h.offset)
            .collect()
    }

    #[test]
    fn whole_words_and_any_case() {
        assert_eq!(hits("the South China Sea.", "south china sea"), vec![4]);
        assert_eq!(hits("SOUTH CHINA SEA", "South China Sea"), vec![0]);
        assert!(hits("Southern China Seas", "South China Sea").is_empty());
        assert!(hits("xSouth China Sea", "South China Sea").is_empty());
    }

    #[test]
    fn whitespace_runs_and_line_breaks_are_one_space() {
        assert_eq!(hits("the South  China\n  Sea", "South China Sea"), vec![4]);
    }

    #[test]
    fn nfd_text_matches_an_nfc_term_at_the_right_offset() {
        let nfd: String = "Về quần đảo Tây Sa.".nfd().collect();
        let found = hits(&nfd, "quần đảo Tây Sa");
        assert_eq!(found.len(), 1);
        let offset = found[0];
        assert!(nfd[offset..].starts_with('q'));
        // And an NFD term matches NFC text.
        let nfd_term: String = "Tây Sa".nfd().collect();
        assert_eq!(hits("quần đảo Tây Sa", &nfd_term).len(), 1);
    }

    #[test]
    fn vietnamese_letters_are_word_characters() {
        // `Sa` inside `Sả` or followed by `Huỳnh` is another word.
        assert!(hits("Tây Sả", "Tây Sa").is_empty());
        assert_eq!(hits("phía tây Sa Huỳnh", "tây Sa").len(), 1);
        assert!(hits("phía tâyx Sa", "tây Sa").is_empty());
    }

    #[test]
    fn breaks_and_urls_are_not_prose() {
        let mut f = Folded::new();
        f.push("South China", 0);
        f.push_break();
        f.push(" Sea", 20);
        assert!(f.find(&Folded::term("South China Sea")).is_empty());
        assert!(hits("see https://example.com/south-china-sea/ now", "china").is_empty());
        assert!(hits("mail south.china@sea.example", "china").is_empty());
        assert_eq!(hits("(the South China Sea)", "South China Sea"), vec![5]);
    }

    #[test]
    fn the_lowercase_table_is_the_standard_library_s() {
        for c in ('\u{80}'..='\u{24F}').chain('\u{1E00}'..='\u{1EFF}') {
            let lower: Vec<char> = c.to_lowercase().collect();
            match latin_lowercase(c) {
                Some(l) => assert_eq!(lower, [l], "{c:?}"),
                None => assert!(lower.len() > 1, "{c:?}"),
            }
        }
        assert_eq!(latin_lowercase('a'), None);
        assert_eq!(latin_lowercase('Ω'), None);
    }

    /// Folding character by character with the standard library, as `push` did before
    /// its byte loop and table.
    fn folded_plainly(text: &str) -> (Vec<char>, Vec<u32>) {
        let (mut chars, mut offsets) = (Vec::new(), Vec::new());
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                if !matches!(chars.last(), Some(' ') | Some(&BREAK) | None) {
                    chars.push(' ');
                    offsets.push(i as u32);
                }
            } else {
                for l in c.to_lowercase() {
                    chars.push(l);
                    offsets.push(i as u32);
                }
            }
        }
        (chars, offsets)
    }

    #[test]
    fn folding_nfc_text_is_lowercasing_each_character() {
        let text = "  Quảng NGÃI,\tĐẢO Lý Sơn\u{b}\u{c}\r\n ĂÂÊÔƠƯĐ İstanbul \u{a0}Ǆ ÀÉ ẞ Ỳ x ";
        assert!(crate::content::surely_nfc(text));
        let mut f = Folded::new();
        f.push(text, 0);
        assert_eq!((f.chars, f.offsets), folded_plainly(text));
    }

    /// Every position tried, as `find` did before it walked word starts and needles at
    /// once: the reference the faster search is held to.
    fn naive_find(f: &Folded, needle: &[char]) -> Vec<Hit> {
        let is_word = crate::content::is_alphanumeric;
        let (chars, n) = (&f.chars, needle.len());
        if n == 0 || n > chars.len() {
            return Vec::new();
        }
        let mask = f.url_mask();
        (0..=chars.len() - n)
            .filter(|&start| {
                let end = start + n;
                chars[start..end] == *needle
                    && !(is_word(needle[0]) && start > 0 && is_word(chars[start - 1]))
                    && !(is_word(needle[n - 1]) && end < chars.len() && is_word(chars[end]))
                    && !mask[start..end].iter().any(|&m| m)
            })
            .map(|start| Hit {
                offset: f.offsets[start] as usize,
                start,
                end: start + n,
            })
            .collect()
    }

    /// [`naive_find`] of each needle, in `find_all`'s order.
    fn naive_find_all(f: &Folded, needles: &[&[char]]) -> Vec<(usize, Hit)> {
        let mut each: Vec<(usize, Hit)> = needles
            .iter()
            .enumerate()
            .flat_map(|(k, n)| naive_find(f, n).into_iter().map(move |h| (k, h)))
            .collect();
        each.sort_by_key(|&(k, h)| (h.start, k));
        each
    }

    #[test]
    fn one_walk_finds_what_each_needle_finds() {
        let text = "The South China Sea, the Paracel Islands (Paracels), xisha and Xisha \
                    Islands; see https://example.com/xisha/ or «Xisha» and Paracel-Islands.";
        let mut f = Folded::new();
        f.push(text, 0);
        let terms: Vec<Vec<char>> = [
            "Xisha Islands",
            "xisha",
            "Paracel Islands",
            "Paracels",
            "«Xisha»",
            "south china sea",
            "nowhere",
            "",
        ]
        .iter()
        .map(|t| Folded::term(t))
        .collect();
        let needles: Vec<&[char]> = terms.iter().map(Vec::as_slice).collect();
        let each = naive_find_all(&f, &needles);
        let all = f.find_all(&needles);
        assert_eq!(all, each);
        // Both Xisha forms at the same place, the bracketed one too; not inside the URL.
        assert_eq!(all.iter().filter(|(k, _)| *k <= 1).count(), 4);
        assert!(all.iter().any(|(k, _)| *k == 4));
    }

    #[test]
    fn one_walk_agrees_with_trying_every_position_on_random_texts() {
        // A small deterministic generator (xorshift): no dependency, the same cases each run.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut found = 0;
        let alphabet: Vec<char> = "aAsSxXqQ iIİ\n.:@/«»(-ảẢđĐệỆơƠ\u{301}\u{0}0"
            .chars()
            .collect();
        for _ in 0..3000 {
            let text: String = (0..next(60))
                .map(|_| alphabet[next(alphabet.len())])
                .collect();
            let mut f = Folded::new();
            f.push(&text, 0);
            // A folded text that is also surely NFC folds as the standard library does.
            if crate::content::surely_nfc(&text) {
                assert_eq!((f.chars.clone(), f.offsets.clone()), folded_plainly(&text));
            }
            // Needles: pieces of the folded text (so some match) and random words.
            let needles: Vec<Vec<char>> = (0..1 + next(5))
                .map(|_| {
                    if !f.chars.is_empty() && next(3) > 0 {
                        let a = next(f.chars.len());
                        let b = (a + 1 + next(6)).min(f.chars.len());
                        f.chars[a..b].to_vec()
                    } else {
                        Folded::term(
                            &(0..next(5))
                                .map(|_| alphabet[next(alphabet.len())])
                                .collect::<String>(),
                        )
                    }
                })
                .collect();
            let needles: Vec<&[char]> = needles.iter().map(Vec::as_slice).collect();
            let each = naive_find_all(&f, &needles);
            found += each.len();
            assert_eq!(f.find_all(&needles), each, "{text:?} {needles:?}");
        }
        // The cases have hits to compare, not only empty lists.
        assert!(found > 1000, "{found} hits");
    }
}
