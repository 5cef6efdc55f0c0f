//! Conflicts explained in the plan's language: the plan, the item, the
//! field, what each side changed it to, and who decided that and when (the
//! newest decision on that side, since the common base, that made the
//! change: the audit trail, as `blame` reads it).

use git2::Oid;
use serde_json::Value;

use crate::history::decision::{Decision, read_decision};
use crate::history::repo::{PlansRepo, short_id};
use crate::history::sync::commit_merge::{CommitMerge, MergedPlan, Resolutions};
use crate::history::trail::changes_of;
use crate::i18n::{Lang, Message, SyncMsg};
use crate::plan::dates::day_display;
use crate::plan::diff::{Change, ItemKind, POSITION_FIELD};
use crate::plan::merge::{Conflict, ConflictKind, Side};
use crate::render::describe::describe_all;

/// At most this many change sentences are shown for one side of a conflict.
const SENTENCES: usize = 4;

/// The decisions on one side since the base, newest first, with what each
/// changed, for the plan `plan`.
fn side_decisions(
    repo: &PlansRepo,
    base: Oid,
    head: Oid,
    plan: &str,
) -> Vec<(Decision, Vec<Change>)> {
    let Ok(mut walk) = repo.git.revwalk() else {
        return Vec::new();
    };
    let _ = walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME);
    if walk.push(head).is_err() || walk.hide(base).is_err() {
        return Vec::new();
    }
    walk.filter_map(Result::ok)
        .filter_map(|oid| {
            repo.git
                .find_commit(oid)
                .ok()
                .as_ref()
                .and_then(read_decision)
        })
        .filter(|decision| decision.plan == plan)
        .map(|decision| {
            let changes = changes_of(repo, &decision).changes;
            (decision, changes)
        })
        .collect()
}

/// Whether a decision's change is one of the changes a conflict is about.
fn concerns(conflict: &Conflict, side: Side, change: &Change) -> bool {
    match conflict.kind {
        ConflictKind::PlanCreatedTwice | ConflictKind::PlanRemoved { .. } => true,
        ConflictKind::Order => {
            change.field.as_deref() == Some(POSITION_FIELD)
                && match (
                    conflict.target.item.as_deref(),
                    conflict.target.field.as_deref(),
                ) {
                    (Some(phase), _) => {
                        change.kind == ItemKind::Subtask && change.phase.as_deref() == Some(phase)
                    }
                    (None, Some("phases")) => change.kind == ItemKind::Phase,
                    (None, Some("milestones")) => change.kind == ItemKind::Milestone,
                    (None, Some("reporting")) => change.kind == ItemKind::Reporting,
                    _ => false,
                }
        }
        _ => conflict.changes(side).iter().any(|own| {
            own.kind == change.kind && own.item == change.item && own.field == change.field
        }),
    }
}

/// The newest decision on `side` that made one of the conflict's changes.
fn decided<'d>(
    decisions: &'d [(Decision, Vec<Change>)],
    conflict: &Conflict,
    side: Side,
) -> Option<&'d Decision> {
    decisions
        .iter()
        .find(|(_, changes)| changes.iter().any(|c| concerns(conflict, side, c)))
        .map(|(decision, _)| decision)
}

/// The sentences explaining every conflict that `resolutions` leave open,
/// numbered, in each plan's language (or `lang` when the user chose one).
pub fn explain(
    repo: &PlansRepo,
    merge: &CommitMerge,
    resolutions: &Resolutions,
    remote: &str,
    lang: Option<Lang>,
) -> (usize, String) {
    let mut out = String::new();
    let mut number = 0;
    for plan in &merge.plans {
        let id = &plan.files.id;
        let open: Vec<&Conflict> = plan
            .merge
            .conflicts
            .iter()
            .filter(|c| resolutions.side_for(id, &c.target).is_none() && !resolutions.sets(id, c))
            .collect();
        if open.is_empty() {
            continue;
        }
        let lang = lang.unwrap_or(plan.lang);
        let sides = [
            (Side::Ours, side_decisions(repo, merge.base, merge.ours, id)),
            (
                Side::Theirs,
                side_decisions(repo, merge.base, merge.theirs, id),
            ),
        ];
        out.push_str(&SyncMsg::PlanHeading.fill(lang, &[("plan", id), ("title", &plan.title())]));
        out.push('\n');
        for conflict in open {
            number += 1;
            let what = what(conflict, remote, lang);
            out.push_str(&format!("  {number}. {what}\n"));
            for (side, decisions) in &sides {
                let label = match side {
                    Side::Ours => SyncMsg::SideHere.get(lang),
                    Side::Theirs => SyncMsg::SideThere.fill(lang, &[("remote", &remote)]),
                };
                let sentences = side_sentences(plan, conflict, *side, lang);
                out.push_str(&format!("     {label}: {}\n", sentences.join("; ")));
                let who = match decided(decisions, conflict, *side) {
                    Some(decision) => SyncMsg::DecidedBy.fill(
                        lang,
                        &[
                            ("by", &decision.decided_by),
                            ("on", &day_display(decision.decided_on, lang)),
                            ("commit", &short_id(decision.commit)),
                            ("summary", &decision.summary),
                            ("recorded_by", &decision.recorded_by),
                        ],
                    ),
                    None => SyncMsg::DecidedByUnknown.get(lang),
                };
                out.push_str(&format!("       {who}\n"));
            }
            out.push_str(&format!("     {}\n", how_to_settle(plan, conflict, lang)));
        }
    }
    (number, out)
}

/// What the conflict is about, in a sentence.
fn what(conflict: &Conflict, remote: &str, lang: Lang) -> String {
    let target = conflict.target.to_string();
    let item = conflict.target.item.as_deref().unwrap_or_default();
    let field = conflict.target.field.as_deref().unwrap_or_default();
    let args: [(&str, &dyn std::fmt::Display); 4] = [
        ("target", &target),
        ("item", &item),
        ("field", &field),
        ("remote", &remote),
    ];
    let message = match conflict.kind {
        ConflictKind::Field if conflict.item_kind == ItemKind::Plan => SyncMsg::WhatPlanField,
        ConflictKind::Field => SyncMsg::WhatField,
        ConflictKind::Removed { by: Side::Ours } => SyncMsg::WhatRemovedHere,
        ConflictKind::Removed { by: Side::Theirs } => SyncMsg::WhatRemovedThere,
        ConflictKind::AddedTwice => SyncMsg::WhatAddedTwice,
        ConflictKind::Order => SyncMsg::WhatOrder,
        ConflictKind::PlanCreatedTwice => SyncMsg::WhatPlanCreatedTwice,
        ConflictKind::PlanRemoved { by: Side::Ours } => SyncMsg::WhatPlanRemovedHere,
        ConflictKind::PlanRemoved { by: Side::Theirs } => SyncMsg::WhatPlanRemovedThere,
    };
    message.fill(lang, &args)
}

/// What one side did, as sentences (at most [`SENTENCES`]).
fn side_sentences(plan: &MergedPlan, conflict: &Conflict, side: Side, lang: Lang) -> Vec<String> {
    if conflict.kind == ConflictKind::Order {
        let ids = conflict
            .value(side)
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        return vec![SyncMsg::OrderIs.fill(lang, &[("ids", &ids)])];
    }
    let mut sentences = describe_all(
        conflict.changes(side),
        plan.merge.base(),
        plan.merge.side(side),
        lang,
    );
    if sentences.is_empty() {
        sentences.push(SyncMsg::Unchanged.get(lang));
    }
    if sentences.len() > SENTENCES {
        let more = sentences.len() - (SENTENCES - 1);
        sentences.truncate(SENTENCES - 1);
        sentences.push(SyncMsg::AndMore.fill(lang, &[("count", &more)]));
    }
    sentences
}

/// How the conflict can be settled.
fn how_to_settle(plan: &MergedPlan, conflict: &Conflict, lang: Lang) -> String {
    let target = conflict.target.to_string();
    let prefixed = format!("{}:{target}", plan.files.id);
    let args: [(&str, &dyn std::fmt::Display); 2] = [("target", &target), ("prefixed", &prefixed)];
    match conflict.kind {
        ConflictKind::Field => SyncMsg::SettleField.fill(lang, &args),
        ConflictKind::Removed { .. } | ConflictKind::AddedTwice => {
            SyncMsg::SettleItem.fill(lang, &args)
        }
        _ => SyncMsg::SettleSide.get(lang),
    }
}
