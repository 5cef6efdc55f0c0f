//! Conflicts explained in the plan's language: the plan, the item, the
//! field, what each side changed it to, and who decided that and when (the
//! newest decision on that side, since the common base, that made the
//! change: the audit trail, as `blame` reads it).

use git2::Oid;
use serde_json::Value;

use crate::history::decision::Decision;
use crate::history::repo::{PlansRepo, short_id};
use crate::history::sync::commit_merge::{CommitMerge, MergedPlan, Resolutions};
use crate::history::trail::{changes_of, decisions_between};
use crate::i18n::{Lang, Message, SyncMsg};
use crate::plan::dates::day_display;
use crate::plan::describe::{describe_all, field_in_words};
use crate::plan::diff::{Change, ItemKind, POSITION_FIELD};
use crate::plan::merge::{Conflict, ConflictKind, Side};

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
    decisions_between(repo, Some(base), head)
        .into_iter()
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

/// One side of a conflict, in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SideExplained {
    /// "here", or "on origin".
    pub label: String,
    /// What that side did, as sentences.
    pub sentences: Vec<String>,
    /// Who decided it, when, in which decision.
    pub decided: String,
    /// The value that side has, in words (empty when it has none, or the
    /// conflict is not about one field).
    pub value: String,
}

/// A conflict left open, in words, in its plan's language (or the one the
/// user chose).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExplainedConflict {
    /// Its number in the explanation, from 1.
    pub number: usize,
    /// The plan's id.
    pub plan: String,
    /// The plan's title.
    pub plan_title: String,
    /// What it is about, as `sync --resolve` names it (`ITEM.FIELD`,
    /// `ITEM`, `FIELD`, or empty for the whole plan).
    pub target: String,
    /// The item's title, or the plan's for a plan field.
    pub item_title: String,
    /// The field's name in words, when it is about one field.
    pub field_label: String,
    /// What it is about, in a sentence.
    pub what: String,
    /// Our side.
    pub ours: SideExplained,
    /// The remote's side.
    pub theirs: SideExplained,
    /// The value both sides started from, in words (empty when there was
    /// none, or the conflict is not about one field).
    pub base: String,
    /// How `sync` on the command line settles it.
    pub how: String,
    /// Whether a value can be written to settle it (`--resolve ID.FIELD=VALUE`);
    /// otherwise one side must be taken.
    pub takes_value: bool,
}

/// Every conflict that `resolutions` leave open, explained.
#[derive(Debug, Clone, Default)]
pub struct Explained {
    /// The conflicts, numbered from 1.
    pub conflicts: Vec<ExplainedConflict>,
    /// The same as text for a terminal, plan by plan.
    pub text: String,
}

/// Explains every conflict that `resolutions` leave open, numbered, in each
/// plan's language (or `lang` when the user chose one).
pub fn explain(
    repo: &PlansRepo,
    merge: &CommitMerge,
    resolutions: &Resolutions,
    remote: &str,
    lang: Option<Lang>,
) -> Explained {
    let mut explained = Explained::default();
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
        let title = plan.title();
        explained
            .text
            .push_str(&SyncMsg::PlanHeading.fill(lang, &[("plan", id), ("title", &title)]));
        explained.text.push('\n');
        for conflict in open {
            let number = explained.conflicts.len() + 1;
            let side = |side: Side, decisions: &[(Decision, Vec<Change>)]| {
                let label = match side {
                    Side::Ours => SyncMsg::SideHere.get(lang),
                    Side::Theirs => SyncMsg::SideThere.fill(lang, &[("remote", &remote)]),
                };
                let decided = match decided(decisions, conflict, side) {
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
                SideExplained {
                    label,
                    sentences: side_sentences(plan, conflict, side, lang),
                    decided,
                    value: value_in_words(
                        plan.merge.side(side),
                        conflict,
                        conflict.value(side),
                        lang,
                    ),
                }
            };
            let one = ExplainedConflict {
                number,
                plan: id.clone(),
                plan_title: title.clone(),
                target: conflict.target.to_string(),
                item_title: item_title(plan, conflict),
                field_label: field_label(plan, conflict, lang),
                what: what(conflict, remote, lang),
                ours: side(Side::Ours, &sides[0].1),
                theirs: side(Side::Theirs, &sides[1].1),
                base: value_in_words(plan.merge.base(), conflict, conflict.base.as_ref(), lang),
                how: how_to_settle(plan, conflict, lang),
                takes_value: takes_value(conflict),
            };
            let text = &mut explained.text;
            text.push_str(&format!("  {number}. {}\n", one.what));
            for side in [&one.ours, &one.theirs] {
                text.push_str(&format!(
                    "     {}: {}\n",
                    side.label,
                    side.sentences.join("; ")
                ));
                text.push_str(&format!("       {}\n", side.decided));
            }
            text.push_str(&format!("     {}\n", one.how));
            explained.conflicts.push(one);
        }
    }
    explained
}

/// Whether a value can settle the conflict: a field's (not the phase an
/// activity is in, which is settled by taking a side).
pub fn takes_value(conflict: &Conflict) -> bool {
    conflict.kind == ConflictKind::Field
        && conflict.target.field.as_deref() != Some(crate::plan::diff::PHASE_FIELD)
}

/// The title of the conflict's item, on either side or in the base.
fn item_title(plan: &MergedPlan, conflict: &Conflict) -> String {
    let Some(item) = conflict.target.item.as_deref() else {
        return plan.title();
    };
    [
        plan.merge.side(Side::Ours),
        plan.merge.side(Side::Theirs),
        plan.merge.base(),
    ]
    .into_iter()
    .flatten()
    .find_map(|version| {
        crate::plan::rules::ids(version)
            .into_iter()
            .find(|(id, _, _)| *id == item)
            .map(|(_, _, title)| title.to_string())
    })
    .unwrap_or_else(|| item.to_string())
}

/// The conflict's field in words (`Status`, `Frist`), when it is about one.
fn field_label(plan: &MergedPlan, conflict: &Conflict, lang: Lang) -> String {
    let (Some(field), Some(version)) = (
        conflict.target.field.as_deref(),
        plan.merge
            .side(Side::Ours)
            .or(plan.merge.side(Side::Theirs))
            .or(plan.merge.base()),
    ) else {
        return String::new();
    };
    field_in_words(version, conflict.item_kind, field, &Value::Null, lang, 0).0
}

/// A field conflict's value in words, as `version` of the plan names it.
fn value_in_words(
    version: Option<&crate::plan::model::Plan>,
    conflict: &Conflict,
    value: Option<&Value>,
    lang: Lang,
) -> String {
    match (
        conflict.kind,
        conflict.target.field.as_deref(),
        version,
        value,
    ) {
        (ConflictKind::Field, Some(field), Some(version), Some(value)) => {
            field_in_words(version, conflict.item_kind, field, value, lang, 200).1
        }
        _ => String::new(),
    }
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
