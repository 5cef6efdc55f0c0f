//! Hints for findings: the closest known word to one mistyped. The finding
//! itself is [`crate::finding`].

pub use crate::finding::{Finding, Severity};
use crate::i18n::{Lang, Message};

/// The closest candidate to `word`, when one is close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A "did you mean" hint, when a candidate is close to `word`.
pub fn did_you_mean<'a>(
    lang: Lang,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|suggestion| {
        crate::i18n::Common::DidYouMean.fill(lang, &[("suggestion", &suggestion)])
    })
}
