//! Recording a sync's merge commit: its message with the trailers that say
//! it is a sync, which decisions it combines and how conflicts were settled
//! (the commit is made, and signed, by [`crate::history::write::create_commit`]).

use crate::history::decision::Decision;
use crate::history::repo::short_id;
use crate::history::sync::commit_merge::{COMBINES, RESOLVED, RESOLVED_BY, Resolutions, SYNC};
use crate::history::sync::transport::Remote;
use crate::i18n::{Lang, Message, SyncMsg};

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The merge commit's message: a summary, then the trailers.
pub(super) fn merge_message(
    remote: &Remote,
    theirs: &[Decision],
    ours: &[Decision],
    by: Option<&str>,
    resolutions: &Resolutions,
    lang: Lang,
) -> String {
    let mut message = SyncMsg::CommitSummary.fill(
        lang,
        &[
            ("remote", &remote.spec),
            ("theirs", &theirs.len()),
            ("ours", &ours.len()),
        ],
    );
    message.push_str("\n\n");
    message.push_str(&format!(
        "{SYNC}: {} {}\n",
        one_line(&remote.spec),
        remote.branch
    ));
    for decision in theirs.iter().chain(ours) {
        message.push_str(&format!(
            "{COMBINES}: {} {}: {}\n",
            short_id(decision.commit),
            decision.plan,
            one_line(&decision.summary)
        ));
    }
    if let Some(by) = by {
        message.push_str(&format!("{RESOLVED_BY}: {}\n", one_line(by)));
    }
    for value in resolutions.trailer_values() {
        message.push_str(&format!("{RESOLVED}: {value}\n"));
    }
    message
}
