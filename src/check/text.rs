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
    offsets: Vec<usize>,
    /// Which characters are in URLs, computed on the first search (text is complete then).
    mask: OnceLock<Vec<bool>>,
    /// Where words start, computed on the first search like `mask`.
    starts: OnceLock<Vec<u32>>,
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
            // Vietnamese included): no table is asked.
            self.chars.reserve(text.len());
            self.offsets.reserve(text.len());
            for (i, c) in text.char_indices() {
                self.push_char(c, base + i);
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
            let offset = self.offsets.last().copied().unwrap_or(0);
            self.chars.push(BREAK);
            self.offsets.push(offset);
        }
    }

    /// Forget what was computed on the text (not done today: searches come after it is
    /// complete, but a cached mask would then be wrong).
    fn changed(&mut self) {
        self.mask = OnceLock::new();
        self.starts = OnceLock::new();
    }

    /// [`Folded::push_run`] for one character that NFC leaves as it is.
    fn push_char(&mut self, c: char, offset: usize) {
        if c.is_whitespace() {
            if !matches!(self.chars.last(), Some(' ') | Some(&BREAK) | None) {
                self.chars.push(' ');
                self.offsets.push(offset);
            }
        } else if c.is_ascii() {
            self.chars.push(c.to_ascii_lowercase());
            self.offsets.push(offset);
        } else {
            for lower in c.to_lowercase() {
                self.chars.push(lower);
                self.offsets.push(offset);
            }
        }
    }

    fn push_run(&mut self, run: &str, offset: usize) {
        for c in run.nfc() {
            if c.is_whitespace() {
                if !matches!(self.chars.last(), Some(' ') | Some(&BREAK) | None) {
                    self.chars.push(' ');
                    self.offsets.push(offset);
                }
                continue;
            }
            for lower in c.to_lowercase() {
                self.chars.push(lower);
                self.offsets.push(offset);
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
        let n = needle.len();
        if n == 0 || n > self.chars.len() {
            return Vec::new();
        }
        let is_word = crate::content::is_alphanumeric;
        let mut hits = Vec::new();
        // A needle that starts with a letter can only match where a word starts: about
        // one position in six, found once per text and shared by every term.
        let all;
        let candidates: &[u32] = if is_word(needle[0]) {
            self.starts.get_or_init(|| {
                let mut starts = Vec::with_capacity(self.chars.len() / 4);
                let mut in_word = false;
                for (i, &c) in self.chars.iter().enumerate() {
                    let word = is_word(c);
                    if word && !in_word {
                        starts.push(i as u32);
                    }
                    in_word = word;
                }
                starts
            })
        } else {
            all = (0..self.chars.len() as u32).collect::<Vec<u32>>();
            &all
        };
        for &start in candidates {
            let start = start as usize;
            if start + n > self.chars.len() {
                break;
            }
            // The first character alone rules out nearly every position, without a call.
            if self.chars[start] != needle[0] || self.chars[start..start + n] != *needle {
                continue;
            }
            let end = start + n;
            // Whole words: a letter at the needle's edge must not continue into the text.
            if is_word(needle[0]) && start > 0 && is_word(self.chars[start - 1]) {
                continue;
            }
            if is_word(needle[n - 1]) && end < self.chars.len() && is_word(self.chars[end]) {
                continue;
            }
            // Computed on the first match only: most texts have none.
            let masked = self.mask.get_or_init(|| self.url_mask());
            if masked[start..end].iter().any(|&m| m) {
                continue;
            }
            hits.push(Hit {
                offset: self.offsets[start],
                start,
                end,
            });
        }
        hits
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
}
