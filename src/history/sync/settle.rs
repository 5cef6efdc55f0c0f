//! Settling conflicts: `--resolve [PLAN:]ID.FIELD=VALUE`, `--ours` and
//! `--theirs` turned into the [`Resolutions`] of one merge, and refused when
//! they settle nothing or are ambiguous.

use std::collections::BTreeSet;

use crate::error::CommandError;
use crate::history::repo::PlansRepo;
use crate::history::sync::commit_merge::{CommitMerge, Resolutions, ResolveError};
use crate::i18n::{Lang, Message, ServeMsg, SyncMsg};
use crate::plan::merge::{Conflict, ConflictKind, Side};
use crate::plan::setter::{SetOp, Setter};
use crate::plan::{Severity, check_text, source};

/// The settling the user asked for.
pub(super) struct Settle {
    /// `--resolve`, with the plan when it was named.
    pub(super) setters: Vec<(Option<String>, Setter)>,
    /// `--ours` or `--theirs`.
    pub(super) side: Option<Side>,
    /// One side taken for one conflict: (plan, target as written, side).
    pub(super) choices: Vec<(String, String, Side)>,
    /// `--by`.
    pub(super) by: String,
    /// Who settles, when not git's identity (the committee's server: the
    /// signed-in secretary): the author of a merge that settles conflicts.
    pub(super) recorder: Option<crate::history::decision::Recorder>,
    /// The conflicts of the first merge tried (`plan:target`). When a push
    /// is retried, `--ours`/`--theirs` settle only these: never a conflict
    /// that came in meanwhile and nobody has seen.
    pub(super) seen: Option<BTreeSet<String>>,
}

fn conflict_key(plan: &str, conflict: &Conflict) -> String {
    format!("{plan}:{}", conflict.target)
}

/// `[PLAN:]ID.FIELD=VALUE` → the plan (when named) and the setter.
pub(super) fn parse_resolves(
    raw: &[String],
    lang: Lang,
) -> Result<Vec<(Option<String>, Setter)>, CommandError> {
    raw.iter()
        .map(|text| {
            if text.contains(['\n', '\r']) {
                return Err(CommandError::usage(
                    SyncMsg::ResolveMultiline.fill(lang, &[("resolve", &text.replace('\n', " "))]),
                ));
            }
            let equals = text.find('=').unwrap_or(text.len());
            let (plan, rest) = match text[..equals].split_once(':') {
                Some((plan, _)) if crate::workspace::is_valid_id(plan) => {
                    (Some(plan.to_string()), &text[plan.len() + 1..])
                }
                _ => (None, text.as_str()),
            };
            let setter = Setter::parse(rest, lang).map_err(|error| {
                let mut command_error = CommandError::usage(error.message.clone());
                if let Some(hint) = &error.hint {
                    command_error = command_error.hinted(hint.clone());
                }
                command_error
            })?;
            Ok((plan, setter))
        })
        .collect()
}

/// `--resolve` given, but there is nothing to resolve.
pub(super) fn nothing_to_settle(settle: &Settle, lang: Lang) -> Result<(), CommandError> {
    match settle.setters.first() {
        Some((_, setter)) => Err(CommandError::data(
            SyncMsg::NothingToResolve.fill(lang, &[("resolve", &setter.raw)]),
        )
        .hinted(SyncMsg::NothingToResolveHint.get(lang))),
        None => Ok(()),
    }
}

pub(super) fn resolve_error(error: &ResolveError, lang: Lang) -> CommandError {
    match error {
        ResolveError::Apply { plan, detail } => CommandError::data(
            SyncMsg::ResolutionsDoNotFit.fill(lang, &[("plan", plan), ("detail", detail)]),
        )
        .hinted(SyncMsg::ResolutionsDoNotFitHint.get(lang)),
        ResolveError::Setter { error, .. } => {
            let mut command_error = CommandError::data(error.message.clone());
            if let Some(hint) = &error.hint {
                command_error = command_error.hinted(hint.clone());
            }
            command_error
        }
    }
}

/// Whether a `--resolve` settles this conflict.
pub(super) fn settles(conflict: &Conflict, setter: &Setter) -> bool {
    match conflict.kind {
        ConflictKind::Field => {
            conflict.target.field.as_deref() != Some(crate::plan::diff::PHASE_FIELD)
                && conflict.target.matches(&setter.target)
        }
        ConflictKind::Removed { .. } | ConflictKind::AddedTwice => {
            setter.op == SetOp::Remove
                && setter.target.len() == 1
                && conflict.target.item.as_deref() == setter.target.first().map(String::as_str)
        }
        _ => false,
    }
}

/// Turns `--resolve`, `--ours` and `--theirs` into the resolutions of this
/// merge.
pub(super) fn settle_conflicts(
    merge: &CommitMerge,
    settle: &mut Settle,
    lang: Lang,
) -> Result<Resolutions, CommandError> {
    let mut resolutions = Resolutions::default();
    let mut fixes: Vec<(String, Setter)> = Vec::new();
    for (plan, setter) in &settle.setters {
        let found: Vec<(&str, &Conflict)> = merge
            .conflicts()
            .filter(|(p, _, _)| plan.as_deref().is_none_or(|plan| plan == p.files.id))
            .filter(|(_, _, conflict)| settles(conflict, setter))
            .map(|(p, _, conflict)| (p.files.id.as_str(), conflict))
            .collect();
        let plans: BTreeSet<&str> = found.iter().map(|(p, _)| *p).collect();
        if plans.len() > 1 {
            let plans: Vec<&str> = plans.into_iter().collect();
            return Err(CommandError::usage(SyncMsg::ResolveAmbiguous.fill(
                lang,
                &[("resolve", &setter.raw), ("plans", &plans.join(", "))],
            ))
            .hinted(
                SyncMsg::ResolveAmbiguousHint
                    .fill(lang, &[("plan", &plans[0]), ("resolve", &setter.raw)]),
            ));
        }
        match found.first() {
            Some((plan, conflict)) => {
                let plan = (*plan).to_string();
                match conflict.kind {
                    ConflictKind::Removed { by } => {
                        resolutions
                            .choices
                            .push((plan, conflict.target.clone(), by));
                    }
                    ConflictKind::AddedTwice => {
                        resolutions.choices.push((
                            plan.clone(),
                            conflict.target.clone(),
                            Side::Ours,
                        ));
                        resolutions.values.push((plan, setter.clone()));
                    }
                    _ => resolutions.values.push((plan, setter.clone())),
                }
            }
            None => {
                // Not a conflict: a fix for a merge that would be invalid.
                let candidates: Vec<&str> = merge
                    .plans
                    .iter()
                    .map(|p| p.files.id.as_str())
                    .filter(|id| plan.as_deref().is_none_or(|plan| plan == *id))
                    .collect();
                match candidates.as_slice() {
                    [only] => fixes.push(((*only).to_string(), setter.clone())),
                    _ => return Err(not_a_conflict(merge, setter, lang)),
                }
            }
        }
    }
    for (plan, target, side) in &settle.choices {
        let found = merge
            .conflicts()
            .find(|(p, _, conflict)| p.files.id == *plan && conflict.target.to_string() == *target);
        let Some((_, _, conflict)) = found else {
            return Err(CommandError::data(
                ServeMsg::ConflictGone.fill(lang, &[("plan", plan), ("target", target)]),
            ));
        };
        if resolutions.side_for(plan, &conflict.target).is_none() {
            resolutions
                .choices
                .push((plan.clone(), conflict.target.clone(), *side));
        }
    }
    let seen = settle.seen.get_or_insert_with(|| {
        merge
            .conflicts()
            .map(|(plan, _, conflict)| conflict_key(&plan.files.id, conflict))
            .collect()
    });
    if let Some(side) = settle.side {
        for (plan, _, conflict) in merge.conflicts() {
            let id = &plan.files.id;
            if seen.contains(&conflict_key(id, conflict))
                && resolutions.side_for(id, &conflict.target).is_none()
                && !resolutions.sets(id, conflict)
            {
                resolutions
                    .choices
                    .push((id.clone(), conflict.target.clone(), side));
            }
        }
    }
    if !fixes.is_empty() {
        // A fix is only for a plan whose merge would otherwise be invalid.
        if let Ok(files) = merge.resolve(&resolutions) {
            for (plan, setter) in &fixes {
                let valid = files
                    .iter()
                    .filter(|(id, _)| id == plan)
                    .all(|(id, bytes)| {
                        let Some(bytes) = bytes else { return true };
                        let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
                        check_text(&text, &PlansRepo::plan_path(id), Some(id), None)
                            .count(Severity::Error)
                            == 0
                    });
                if valid {
                    return Err(not_a_conflict(merge, setter, lang));
                }
            }
        }
        resolutions.values.extend(fixes);
    }
    Ok(resolutions)
}

fn not_a_conflict(merge: &CommitMerge, setter: &Setter, lang: Lang) -> CommandError {
    let targets: Vec<String> = merge
        .conflicts()
        .map(|(plan, _, conflict)| format!("{}:{}", plan.files.id, conflict.target))
        .collect();
    let error = CommandError::data(SyncMsg::NotAConflict.fill(lang, &[("resolve", &setter.raw)]));
    if targets.is_empty() {
        error.hinted(SyncMsg::NoConflictsHint.get(lang))
    } else {
        error.hinted(SyncMsg::NotAConflictHint.fill(lang, &[("targets", &targets.join(", "))]))
    }
}
