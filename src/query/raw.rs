//! Tests on a row's raw cells, before it is decoded. Each is a quick,
//! conservative stand-in for a test on decoded values: it may keep a row
//! that the decoded test then rejects, never the other way round. Streaming
//! commands (`search`, `show`) use them to decode only the rows that can
//! matter.

use crate::load::RawRow;
use crate::model::{Column, Kind};
use foldhash::HashSet;
use memchr::memmem;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};

/// Finds a folded text (see [`crate::fold::fold`]) in raw cells, or in
/// text, without building the folded text where it can.
pub struct FoldedFinder {
    finder: memmem::Finder<'static>,
    needle: String,
    buf: Vec<u8>,
    cache: CharCache,
}

impl FoldedFinder {
    /// A finder of `needle`, which is already folded.
    pub fn new(needle: &str) -> FoldedFinder {
        FoldedFinder {
            finder: memmem::Finder::new(needle.as_bytes()).into_owned(),
            needle: needle.to_string(),
            buf: Vec::with_capacity(256),
            cache: CharCache::new(),
        }
    }

    /// Runs `f` with this thread's finder of `needle` (made at the first
    /// use on a thread, or when the needle changes): for tests on rows read
    /// on several threads at once, where each needs a finder of its own.
    pub fn on_thread<R>(needle: &str, f: impl FnOnce(&mut FoldedFinder) -> R) -> R {
        thread_local! {
            static FINDER: std::cell::RefCell<Option<FoldedFinder>> =
                const { std::cell::RefCell::new(None) };
        }
        FINDER.with_borrow_mut(|slot| {
            if slot.as_ref().is_some_and(|f| f.needle != needle) {
                *slot = None;
            }
            f(slot.get_or_insert_with(|| FoldedFinder::new(needle)))
        })
    }

    /// Whether `fold(text)` contains the needle, exactly as
    /// [`crate::query::filter::contains_folded`] says.
    pub fn contains(&mut self, text: &str) -> bool {
        if self.needle.is_ascii()
            && let Some(found) = self.ascii_needle(text.as_bytes())
        {
            return found;
        }
        if fold_into(text.as_bytes(), &mut self.buf, &mut self.cache) {
            return self.finder.find(&self.buf).is_some();
        }
        crate::fold::fold(text).contains(&self.needle)
    }

    /// Whether `fold(text)` is the needle.
    pub fn is(&mut self, text: &str) -> bool {
        if fold_into(text.as_bytes(), &mut self.buf, &mut self.cache) {
            return self.buf == self.needle.as_bytes();
        }
        crate::fold::fold(text) == self.needle
    }

    /// Whether the folded text of `bytes` may contain the needle: false
    /// only when `fold` of the text does not contain it. Quotes (doubled
    /// or not) fold away, so `bytes` may be a cell as it stands in the file
    /// ([`RawRow::quoted_bytes`]).
    pub fn may_contain(&mut self, bytes: &[u8]) -> bool {
        let needle = self.finder.needle();
        if needle.is_empty() {
            return true;
        }
        if needle.is_ascii()
            && let Some(found) = self.ascii_needle(bytes)
        {
            return found;
        }
        if !fold_into(bytes, &mut self.buf, &mut self.cache) {
            return true;
        }
        self.finder.find(&self.buf).is_some()
    }

    /// [`FoldedFinder::may_contain`] for an ASCII needle without folding
    /// the text: from each place its first letter or digit appears (either
    /// case), the needle is matched skipping what folds away. `None` when
    /// the text has a character other than ASCII that does not fold to
    /// nothing (an accented letter may start or continue a match).
    fn ascii_needle(&mut self, bytes: &[u8]) -> Option<bool> {
        let needle = self.finder.needle();
        if !bytes.is_ascii() {
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] < 0x80 {
                    i += 1;
                    continue;
                }
                let (c, len) = char_at(bytes, i)?;
                if !self.cache.folds_to_nothing(c) {
                    return None;
                }
                i += len;
            }
        }
        let Some(&first) = needle.first() else {
            return Some(true);
        };
        'start: for at in memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes) {
            let mut want = needle[1..].iter();
            let mut next = want.next();
            let mut i = at + 1;
            while let Some(&w) = next {
                let Some(&b) = bytes.get(i) else {
                    return Some(false);
                };
                let f = ASCII_FOLD[b as usize];
                if f == NOT_ASCII {
                    // Folds to nothing (checked above): skip it.
                    i += char_at(bytes, i).map_or(1, |(_, len)| len);
                    continue;
                }
                i += 1;
                if f == 0 {
                    continue;
                }
                if f != w {
                    continue 'start;
                }
                next = want.next();
            }
            return Some(true);
        }
        Some(false)
    }
}

/// The character at byte `i` of `bytes` and its length, if UTF-8.
fn char_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let len = match bytes[i] {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    let s = std::str::from_utf8(bytes.get(i..i + len)?).ok()?;
    Some((s.chars().next()?, len))
}

/// An ASCII byte folded: itself lowercased if a letter or digit, else
/// nothing (0); [`NOT_ASCII`] for the bytes of other characters.
const ASCII_FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NOT_ASCII
        } else if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            0
        };
        b += 1;
    }
    t
};
const NOT_ASCII: u8 = 0xFF;

/// The folded bytes of recently seen non-ASCII characters: names repeat
/// their few accented letters and dashes, and decomposing costs more than
/// looking up.
struct CharCache {
    /// (character, folded length or [`UNSURE`], folded bytes), by the
    /// character's low bits.
    slots: Vec<(char, u8, [u8; 22])>,
}
const UNSURE: u8 = u8::MAX;

impl CharCache {
    fn new() -> CharCache {
        CharCache {
            slots: vec![('\0', 0, [0; 22]); 256],
        }
    }

    /// Whether `c` folds to nothing (a dash, a quotation mark).
    fn folds_to_nothing(&mut self, c: char) -> bool {
        let mut out = Vec::new();
        self.fold(c, &mut out) && out.is_empty()
    }

    /// `c` folded (appended to `out`); false when unsure (see [`fold_into`]).
    fn fold(&mut self, c: char, out: &mut Vec<u8>) -> bool {
        let slot = &mut self.slots[c as usize & 0xFF];
        if slot.0 != c {
            let mut folded = Vec::new();
            let mut sure = true;
            for d in std::iter::once(c).nfkd() {
                if is_combining_mark(d) {
                    continue;
                }
                if canonical_combining_class(d) != 0 {
                    sure = false;
                }
                for l in d.to_lowercase().filter(|l| l.is_alphanumeric()) {
                    let mut tmp = [0; 4];
                    folded.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                }
            }
            if !sure || folded.len() > slot.2.len() {
                // Not cached (too long), or unsure.
                if !sure {
                    *slot = (c, UNSURE, [0; 22]);
                    return false;
                }
                out.extend_from_slice(&folded);
                return true;
            }
            slot.0 = c;
            slot.1 = folded.len() as u8;
            slot.2[..folded.len()].copy_from_slice(&folded);
        }
        if slot.1 == UNSURE {
            return false;
        }
        out.extend_from_slice(&slot.2[..slot.1 as usize]);
        true
    }
}

/// Folds `bytes` into `out` as [`crate::fold::fold`] does, one character
/// at a time. Returns false where that might differ from folding the whole
/// text: the bytes are not UTF-8, or a kept character has a combining
/// class (which whole-text normalisation could move).
fn fold_into(bytes: &[u8], out: &mut Vec<u8>, cache: &mut CharCache) -> bool {
    out.clear();
    out.reserve(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let f = ASCII_FOLD[bytes[i] as usize];
        if f != NOT_ASCII {
            if f != 0 {
                out.push(f);
            }
            i += 1;
            continue;
        }
        // One multi-byte character.
        let Some((c, len)) = char_at(bytes, i) else {
            return false;
        };
        if !cache.fold(c, out) {
            return false;
        }
        i += len;
    }
    true
}

/// Folds text as [`crate::fold::fold`] does, into a buffer, remembering
/// the characters other than ASCII it has folded.
pub struct Folder {
    cache: CharCache,
}

impl Default for Folder {
    fn default() -> Folder {
        Folder {
            cache: CharCache::new(),
        }
    }
}

impl Folder {
    /// Replaces `out` by `fold(text)`.
    pub fn fold_into(&mut self, text: &str, out: &mut Vec<u8>) {
        if !fold_into(text.as_bytes(), out, &mut self.cache) {
            out.clear();
            out.extend_from_slice(crate::fold::fold(text).as_bytes());
        }
    }
}

/// The columns whose cells may hold a record's label, names or notes: text,
/// lists, ids and codes (never numbers, dates, vocabulary words or
/// references).
pub fn named_columns(columns: &[Column]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, Kind::Id | Kind::Text | Kind::List | Kind::IsoCode))
        .map(|(i, _)| i)
        .collect()
}

/// The reference columns (one id, a list of ids, a `table:id`).
pub fn reference_columns(columns: &[Column]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, Kind::Ref(_) | Kind::RefList(_) | Kind::RecordRef))
        .map(|(i, _)| i)
        .collect()
}

/// Whether one of `row`'s `columns` may name an id in `ids`: one of its
/// `;`-separated items, trimmed and without a `table:` prefix, is in
/// `ids`; a cell that cannot be read raw may.
pub fn may_name(row: &RawRow<'_>, columns: &[usize], ids: &HashSet<&str>) -> bool {
    columns.iter().any(|&c| match row.cell(c) {
        None => row.quoted_bytes(c).is_some(),
        Some(cell) => cell.split(';').any(|item| {
            let item = item.trim();
            let id = item.split_once(':').map_or(item, |(_, id)| id.trim());
            ids.contains(id) || ids.contains(item)
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;

    fn may(text: &str, needle: &str) -> bool {
        let mut f = FoldedFinder::new(&fold(needle));
        // Exact on text.
        assert_eq!(f.contains(text), fold(text).contains(&fold(needle)));
        assert_eq!(f.is(text), fold(text) == fold(needle));
        f.may_contain(text.as_bytes())
    }

    #[test]
    fn finds_what_folding_finds() {
        for (text, needle) in [
            ("Steel bars", "steel"),
            ("North-Pyongan", "north pyongan"),
            ("Ch’ŏngjin port", "chongjin"),
            ("stainless S-T-E-E-L", "steel"),
            ("Rason–Chongjin sea freight of steel", "steel"),
            ("P'yŏngan-bukto", "PYONGAN BUKTO"),
            ("volumes \"\"fell sharply\"\"", "fell sharply"),
            ("ｓｔｅｅｌ", "steel"),
            ("청진항", "청진"),
            ("ﬁsh", "fi"),
            ("Śteel", "steel"),
            ("a s–t’e-e l", "steel"),
            ("x ss steel", "steel"),
            ("ste stee steel", "steel"),
        ] {
            assert!(fold(text).contains(&fold(needle)), "{text}");
            assert!(may(text, needle), "{text} / {needle}");
        }
    }

    #[test]
    fn rejects_what_folding_rejects() {
        for (text, needle) in [
            ("glass", "steel"),
            ("stee", "steel"),
            ("Rason–Chongjin sea freight of coal", "steel"),
            ("stee–l", "steell"),
            ("ste", "steel"),
            ("s", "steel"),
            ("", "a"),
        ] {
            assert!(!may(text, needle), "{text} / {needle}");
        }
    }

    #[test]
    fn keeps_what_it_cannot_tell() {
        // Not UTF-8.
        assert!(FoldedFinder::new("steel").may_contain(b"\xff\xfe"));
        // An empty needle is in everything.
        assert!(may("anything", ""));
    }
}
