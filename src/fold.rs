//! Folding text to a matching key, so that `P'yŏngan-bukto`, `pyongan bukto`
//! and `PYONGAN-BUKTO` compare equal. Used wherever text is matched: names,
//! filters, search, sorting.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds a name to its matching key: decomposed, without combining marks,
/// lowercase, keeping only letters and digits.
pub fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_apostrophes_hyphens_spaces() {
        assert_eq!(fold("P'yŏngan-bukto"), "pyonganbukto");
        assert_eq!(fold("PYONGAN BUKTO"), "pyonganbukto");
        assert_eq!(fold("Ch’ŏngjin"), "chongjin");
        assert_eq!(fold("KP-03"), "kp03");
        assert_eq!(fold("청진"), "청진".nfkd().collect::<String>());
    }
}
