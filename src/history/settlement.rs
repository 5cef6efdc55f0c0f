//! Settled conflicts as decisions: a merge whose `Resolved` trailers settle
//! conflicts (as `sync` records it) is the decision of its `Resolved-by`,
//! and what it changed is what the settlement decided.

use crate::history::decision::{Decision, read_decision};
use crate::history::sync::commit_merge::{RESOLVED, RESOLVED_BY, Resolutions};
use crate::plan::diff::Change;

/// The decision a commit records: a decision's trailers, or a merge that
/// settled conflicts (see [`read_settlement`]).
pub fn read_decision_or_settlement(commit: &git2::Commit<'_>) -> Option<Decision> {
    read_decision(commit).or_else(|| read_settlement(commit))
}

/// A merge whose `Resolved` trailers settle conflicts, as the decision of
/// its `Resolved-by`: about the first plan its trailers name, dated the day
/// it was recorded, summed up by its summary line.
pub fn read_settlement(commit: &git2::Commit<'_>) -> Option<Decision> {
    if commit.parent_count() < 2 {
        return None;
    }
    let message = commit.message().ok()?;
    let trailers = crate::history::decision::trailers(message);
    let get = |key: &str| {
        trailers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim().to_string())
            .find(|v| !v.is_empty())
    };
    let decided_by = get(RESOLVED_BY)?;
    let plan = get(RESOLVED)?.split_whitespace().next()?.to_string();
    let author = commit.author();
    let recorded_at = crate::history::decision::git_time(author.when());
    Some(Decision {
        commit: commit.id(),
        plan,
        summary: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
        body: None,
        decided_by,
        decided_on: recorded_at.date_naive(),
        recorded_by: format!(
            "{} <{}>",
            author.name().unwrap_or("?"),
            author.email().unwrap_or("?")
        ),
        recorded_at,
        meeting: None,
        reverts: None,
        reported_to: None,
    })
}

/// The targets (`ITEM.FIELD`, `ITEM`, `FIELD`, or empty for the whole plan)
/// of the conflicts a merge settled in `plan`, as its trailers write them.
pub fn settled_targets(message: &str, plan: &str) -> Vec<String> {
    let resolutions = Resolutions::from_message(message);
    let choices = resolutions
        .choices
        .iter()
        .filter(|(p, _, _)| p == plan)
        .map(|(_, target, _)| target.to_string());
    let values = resolutions
        .values
        .iter()
        .filter(|(p, _)| p == plan)
        .map(|(_, setter)| setter.target.join("."));
    choices.chain(values).collect()
}

/// Whether a change is about a settled target (or inside it).
pub fn change_is_settled(change: &Change, targets: &[String]) -> bool {
    let named: Vec<String> = match (&change.item, &change.field) {
        (Some(item), Some(field)) => vec![format!("{item}.{field}"), item.clone()],
        (Some(item), None) => vec![item.clone()],
        (None, Some(field)) => vec![field.clone()],
        (None, None) => vec![String::new()],
    };
    targets
        .iter()
        .any(|target| target.is_empty() || named.contains(target))
}
