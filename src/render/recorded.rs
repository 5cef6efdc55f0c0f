//! What the user is told after a decision is recorded: the commit and the
//! change list on standard output; what they should know besides (notes,
//! warnings, a later save left in place) on standard error.

use crate::history::door::Recorded;
use crate::history::short_id;
use crate::i18n::{HistoryMsg, Message};
use crate::render::describe::describe_all;

/// The two parts of the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordedText {
    /// The decision and what changed.
    pub out: String,
    /// Notes, warnings and the later-save notice.
    pub err: String,
}

/// The answer to a recorded decision, in the plan's language.
pub fn recorded(decision: &Recorded) -> RecordedText {
    let lang = decision.lang;
    let mut out = HistoryMsg::Recorded.fill(
        lang,
        &[
            ("commit", &short_id(decision.commit)),
            ("plan", &decision.plan),
            ("summary", &decision.summary),
        ],
    );
    out.push('\n');
    for line in describe_all(
        &decision.changes,
        decision.before.as_ref(),
        Some(&decision.after),
        lang,
    ) {
        out.push_str(&format!("  - {line}\n"));
    }
    let mut err = String::new();
    for note in &decision.notes {
        err.push_str(note);
        err.push('\n');
    }
    if !decision.warnings.is_empty() {
        err.push_str(&HistoryMsg::WarningsAfter.get(lang));
        err.push('\n');
        for warning in &decision.warnings {
            err.push_str(&warning.render(lang));
        }
    }
    if decision.later_edits {
        let file = format!("plans/{}.json", decision.plan);
        let args: [(&str, &dyn std::fmt::Display); 2] = [("file", &file), ("plan", &decision.plan)];
        err.push_str(&HistoryMsg::LaterEdits.fill(lang, &args));
        err.push('\n');
        err.push_str(&format!(
            "{}: {}\n",
            crate::i18n::Common::HintLabel.get(lang),
            HistoryMsg::LaterEditsHint.fill(lang, &args)
        ));
    }
    RecordedText { out, err }
}
