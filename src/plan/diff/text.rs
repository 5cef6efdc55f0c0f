//! Short texts, for describing changes and apply errors.

use serde_json::Value;

use crate::i18n::{DiffMsg, Lang, Message};

/// Cuts `text` to about `limit` characters, at a word when one is near, and
/// marks the cut with "…".
pub(crate) fn cut(text: &str, limit: usize, lang: Lang) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let head: String = text.chars().take(limit.saturating_sub(1)).collect();
    let at_word = head
        .rfind(char::is_whitespace)
        .filter(|&at| head[..at].chars().count() >= limit * 2 / 3)
        .map_or(head.as_str(), |at| &head[..at]);
    let head = at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c));
    DiffMsg::Cut.fill(lang, &[("text", &head)])
}

/// Compact JSON for values with no better form.
pub(crate) fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
