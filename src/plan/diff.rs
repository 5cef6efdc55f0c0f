//! The semantic diff of two versions of a plan: what a decision changed, item
//! by item, field by field.
//!
//! Items (phases, subtasks, milestones, reporting) are matched by id and
//! kind. Each field of an item present on both sides is compared as a JSON
//! value; phases are compared without their `subtasks`, which are items of
//! their own. A subtask that moved to another phase changes its pseudo-field
//! `phase`. An added or removed item is one [`Change`] with no field.
//!
//! # Order and the pseudo-field `position`
//!
//! Every list of items (the phases, the subtasks of each phase, the
//! milestones, the reporting) keeps its order through [`apply`]:
//!
//! - items that stay in their list keep their relative order, except those
//!   that the diff gives a `position` change (the fewest needed: those
//!   outside a longest common subsequence);
//! - items that enter a list (added, or moved in) are appended at its end in
//!   the order of the change list, unless they carry a `position` change;
//! - a `position` change places its item at index `after` (0-based) once
//!   everything else is in place.
//!
//! The diff gives a `position` change exactly where these rules would
//! otherwise put an item in the wrong place, in either direction (so that
//! [`invert`] works too). A `position` change with one side absent only
//! records where an added or removed item stands; [`describe_all`] leaves it
//! out, since the added/removed sentence says what matters.

mod apply;
mod order;
mod text;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::plan::model::{Milestone, Phase, Plan, Reporting, Subtask};

pub use apply::{ApplyError, apply};
use order::{merge, positions_needed};
pub(crate) use text::{compact, cut};

/// What kind of item a change concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// The plan itself (its own fields, or the whole plan).
    Plan,
    /// A phase (without its subtasks).
    Phase,
    /// A subtask of a phase.
    Subtask,
    /// A milestone.
    Milestone,
    /// A reporting obligation.
    Reporting,
}

impl ItemKind {
    /// The word used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Plan => "plan",
            ItemKind::Phase => "phase",
            ItemKind::Subtask => "subtask",
            ItemKind::Milestone => "milestone",
            ItemKind::Reporting => "reporting",
        }
    }
}

/// One change between two versions of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The item's id; `None` for the plan itself.
    pub item: Option<String>,
    /// What kind of item it is.
    pub kind: ItemKind,
    /// The field (`"status"`, `"period"`, `"owner"`…, or the pseudo-fields
    /// `"phase"` and `"position"`); `None` when a whole item (or the whole
    /// plan) was added or removed.
    pub field: Option<String>,
    /// The value before; `None` when the field or item did not exist.
    pub before: Option<Value>,
    /// The value after; `None` when the field or item no longer exists.
    pub after: Option<Value>,
    /// For subtasks: the id of the phase it is in (after, else before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

/// The pseudo-field of a subtask that moved to another phase.
pub const PHASE_FIELD: &str = "phase";
/// The pseudo-field of an item whose place in its list changed.
pub const POSITION_FIELD: &str = "position";

/// Plan-level fields, in the order changes to them are listed.
const PLAN_FIELDS: &[&str] = &[
    "title",
    "main_task",
    "situation",
    "intent",
    "unit",
    "owner",
    "language",
    "notes",
    "core_task",
    "$schema",
    "format",
    "id",
];
/// The lists of items inside a plan; not plan-level fields.
const ITEM_LISTS: &[&str] = &["phases", "milestones", "reporting"];
const PHASE_FIELDS: &[&str] = &["title", "goal", "planned_by", "period", "depends_on"];
const SUBTASK_FIELDS: &[&str] = &[
    "title",
    "status",
    "owner",
    "due",
    "notes",
    "questions",
    "communities",
    "imbalances",
];
const MILESTONE_FIELDS: &[&str] = &["title", "date"];
const REPORTING_FIELDS: &[&str] = &["what", "to", "due", "status", "by", "after"];
/// Fields whose values are lists, described by what was added and removed.
pub(crate) const LIST_FIELDS: &[&str] = &["questions", "communities", "imbalances", "depends_on"];
/// Free-text fields, shown in quotes.
pub(crate) const TEXT_FIELDS: &[&str] = &[
    "title",
    "main_task",
    "situation",
    "intent",
    "notes",
    "goal",
    "what",
    "questions",
    "formal",
    "performed",
    "experienced",
];

/// How many characters of a value a sentence shows (titles are shown whole).
pub(crate) const VALUE_CHARS: usize = 60;
/// How many characters of one list entry a sentence shows.
pub(crate) const ENTRY_CHARS: usize = 40;
/// Up to this many added/removed list entries are named; more are counted.
pub(crate) const LIST_ENTRIES: usize = 3;

// ---------------------------------------------------------------------------
// Items

/// The list an item stands in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Container {
    Phases,
    Subtasks(String),
    Milestones,
    Reporting,
}

/// One item of a plan, flattened.
#[derive(Debug)]
struct Item<'a> {
    id: String,
    kind: ItemKind,
    /// The item itself; its JSON is made only when needed ([`Item::value`]).
    source: Source<'a>,
    /// For subtasks: the phase it is in.
    phase: Option<String>,
    /// Its index in its list.
    index: usize,
}

/// The typed item an [`Item`] stands for.
#[derive(Debug, Clone, Copy)]
enum Source<'a> {
    Phase(&'a Phase),
    Subtask(&'a Subtask),
    Milestone(&'a Milestone),
    Reporting(&'a Reporting),
}

impl Item<'_> {
    /// The item as JSON; a phase without its subtasks.
    fn value(&self) -> Value {
        match self.source {
            Source::Phase(phase) => {
                // Without its subtasks: they are items of their own, and
                // serializing them only to drop them would cost the most.
                let mut value = to_json(&phase_fields(phase));
                if let Some(object) = value.as_object_mut() {
                    object.shift_remove("subtasks");
                }
                value
            }
            Source::Subtask(subtask) => to_json(subtask),
            Source::Milestone(milestone) => to_json(milestone),
            Source::Reporting(reporting) => to_json(reporting),
        }
    }

    /// True when the typed item equals `other`, so their JSON is the same (a
    /// phase without its subtasks): most items of two versions are, and need
    /// no JSON then.
    fn same_as(&self, other: &Item<'_>) -> bool {
        match (self.source, other.source) {
            (Source::Phase(a), Source::Phase(b)) => same_phase_fields(a, b),
            (Source::Subtask(a), Source::Subtask(b)) => a == b,
            (Source::Milestone(a), Source::Milestone(b)) => a == b,
            (Source::Reporting(a), Source::Reporting(b)) => a == b,
            _ => false,
        }
    }
    fn container(&self) -> Container {
        match self.kind {
            ItemKind::Phase | ItemKind::Plan => Container::Phases,
            ItemKind::Subtask => Container::Subtasks(self.phase.clone().unwrap_or_default()),
            ItemKind::Milestone => Container::Milestones,
            ItemKind::Reporting => Container::Reporting,
        }
    }
}

/// A typed value as JSON. The plan types always serialize; should one ever
/// fail, the value counts as absent rather than stopping the diff.
fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Every item of `plan` in plan order: each phase followed by its subtasks,
/// then the milestones, then the reporting.
fn items(plan: &Plan) -> Vec<Item<'_>> {
    let mut out = Vec::new();
    for (index, phase) in plan.phases.iter().enumerate() {
        out.push(Item {
            id: phase.id.clone(),
            kind: ItemKind::Phase,
            source: Source::Phase(phase),
            phase: None,
            index,
        });
        for (index, subtask) in phase.subtasks.iter().enumerate() {
            out.push(Item {
                id: subtask.id.clone(),
                kind: ItemKind::Subtask,
                source: Source::Subtask(subtask),
                phase: Some(phase.id.clone()),
                index,
            });
        }
    }
    for (index, milestone) in plan.milestones.iter().enumerate() {
        out.push(Item {
            id: milestone.id.clone(),
            kind: ItemKind::Milestone,
            source: Source::Milestone(milestone),
            phase: None,
            index,
        });
    }
    for (index, reporting) in plan.reporting.iter().enumerate() {
        out.push(Item {
            id: reporting.id.clone(),
            kind: ItemKind::Reporting,
            source: Source::Reporting(reporting),
            phase: None,
            index,
        });
    }
    out
}

/// A copy of the phase's own fields, without its subtasks.
fn phase_fields(phase: &Phase) -> Phase {
    // Every field named, so a new field of a phase cannot be forgotten here.
    let Phase {
        id,
        title,
        goal,
        planned_by,
        period,
        depends_on,
        subtasks: _,
    } = phase;
    Phase {
        id: id.clone(),
        title: title.clone(),
        goal: goal.clone(),
        planned_by: planned_by.clone(),
        period: period.clone(),
        depends_on: depends_on.clone(),
        subtasks: Vec::new(),
    }
}

/// Whether two phases are the same apart from their subtasks.
fn same_phase_fields(a: &Phase, b: &Phase) -> bool {
    let Phase {
        id,
        title,
        goal,
        planned_by,
        period,
        depends_on,
        subtasks: _,
    } = a;
    *id == b.id
        && *title == b.title
        && *goal == b.goal
        && *planned_by == b.planned_by
        && *period == b.period
        && *depends_on == b.depends_on
}

/// The plan as JSON without its items: phases, milestones and reporting are
/// compared item by item, so serializing them here would only cost time.
fn plan_fields(plan: &Plan) -> Value {
    // Every field named, so a new field of the plan cannot be forgotten here.
    let Plan {
        schema,
        format,
        id,
        title,
        language,
        unit,
        owner,
        situation,
        main_task,
        intent,
        core_task,
        notes,
        phases: _,
        milestones: _,
        reporting: _,
    } = plan;
    to_json(&Plan {
        schema: schema.clone(),
        format: *format,
        id: id.clone(),
        title: title.clone(),
        language: *language,
        unit: unit.clone(),
        owner: owner.clone(),
        situation: situation.clone(),
        main_task: main_task.clone(),
        intent: intent.clone(),
        core_task: core_task.clone(),
        notes: notes.clone(),
        phases: Vec::new(),
        milestones: Vec::new(),
        reporting: Vec::new(),
    })
}

/// A field's value, with `null` and an empty list counted as absent (the
/// plan file omits both).
pub(crate) fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|value| match value {
        Value::Null => false,
        Value::Array(entries) => !entries.is_empty(),
        _ => true,
    })
}

/// The field names of two objects: `known` first, in that order, then the
/// rest alphabetically; `skip` left out.
pub(crate) fn field_names<'a>(
    known: &[&'a str],
    skip: &[&str],
    before: Option<&'a Map<String, Value>>,
    after: Option<&'a Map<String, Value>>,
) -> Vec<&'a str> {
    let mut names: Vec<&str> = known.to_vec();
    let mut rest: Vec<&str> = before
        .into_iter()
        .chain(after)
        .flat_map(|object| object.keys().map(String::as_str))
        .filter(|name| !known.contains(name) && !skip.contains(name))
        .collect();
    rest.sort_unstable();
    rest.dedup();
    names.extend(rest);
    names
}

fn known_fields(kind: ItemKind) -> &'static [&'static str] {
    match kind {
        ItemKind::Plan => PLAN_FIELDS,
        ItemKind::Phase => PHASE_FIELDS,
        ItemKind::Subtask => SUBTASK_FIELDS,
        ItemKind::Milestone => MILESTONE_FIELDS,
        ItemKind::Reporting => REPORTING_FIELDS,
    }
}

// ---------------------------------------------------------------------------
// diff

/// Where an item stands in the merged order of both versions.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// In both versions: (index in before items, index in after items).
    Both(usize, usize),
    /// Only after.
    Added(usize),
    /// Only before.
    Removed(usize),
}

/// What changed from `before` to `after`. `None` means the plan did not exist
/// (before) or was removed (after); then the one change is the whole plan.
/// Changes come in order: plan fields first, then items in the order of the
/// after-plan, removed items where they were.
pub fn diff(before: Option<&Plan>, after: Option<&Plan>) -> Vec<Change> {
    match (before, after) {
        (None, None) => Vec::new(),
        (None, Some(after)) => vec![whole_plan(None, Some(to_json(after)))],
        (Some(before), None) => vec![whole_plan(Some(to_json(before)), None)],
        (Some(before), Some(after)) => diff_plans(before, after),
    }
}

fn whole_plan(before: Option<Value>, after: Option<Value>) -> Change {
    Change {
        item: None,
        kind: ItemKind::Plan,
        field: None,
        before,
        after,
        phase: None,
    }
}

fn diff_plans(before: &Plan, after: &Plan) -> Vec<Change> {
    let mut changes = Vec::new();

    let plan_before = plan_fields(before);
    let plan_after = plan_fields(after);
    let (object_before, object_after) = (plan_before.as_object(), plan_after.as_object());
    for name in field_names(PLAN_FIELDS, ITEM_LISTS, object_before, object_after) {
        let was = present(object_before.and_then(|object| object.get(name)));
        let is = present(object_after.and_then(|object| object.get(name)));
        if was != is {
            changes.push(Change {
                item: None,
                kind: ItemKind::Plan,
                field: Some(name.to_string()),
                before: was.cloned(),
                after: is.cloned(),
                phase: None,
            });
        }
    }

    let items_before = items(before);
    let items_after = items(after);
    let slots = merge(&items_before, &items_after);
    let needs_position = positions_needed(&items_before, &items_after, &slots);

    for (rank, slot) in slots.iter().enumerate() {
        match *slot {
            Slot::Added(index) => {
                let Some(item) = items_after.get(index) else {
                    continue;
                };
                changes.push(Change {
                    item: Some(item.id.clone()),
                    kind: item.kind,
                    field: None,
                    before: None,
                    after: Some(item.value()),
                    phase: item.phase.clone(),
                });
                if needs_position.contains(&rank) {
                    changes.push(position_change(item, None, Some(item.index)));
                }
            }
            Slot::Removed(index) => {
                let Some(item) = items_before.get(index) else {
                    continue;
                };
                changes.push(Change {
                    item: Some(item.id.clone()),
                    kind: item.kind,
                    field: None,
                    before: Some(item.value()),
                    after: None,
                    phase: item.phase.clone(),
                });
                if needs_position.contains(&rank) {
                    changes.push(position_change(item, Some(item.index), None));
                }
            }
            Slot::Both(index_before, index_after) => {
                let (Some(was), Some(is)) =
                    (items_before.get(index_before), items_after.get(index_after))
                else {
                    continue;
                };
                item_changes(was, is, &mut changes);
                if needs_position.contains(&rank) {
                    changes.push(position_change(is, Some(was.index), Some(is.index)));
                }
            }
        }
    }
    changes
}

/// The changes of the fields of an item present in both versions.
fn item_changes(was: &Item, is: &Item, changes: &mut Vec<Change>) {
    let phase = is.phase.clone().or_else(|| was.phase.clone());
    if was.phase != is.phase {
        changes.push(Change {
            item: Some(is.id.clone()),
            kind: is.kind,
            field: Some(PHASE_FIELD.to_string()),
            before: was.phase.clone().map(Value::String),
            after: is.phase.clone().map(Value::String),
            phase: phase.clone(),
        });
    }
    if was.same_as(is) {
        return;
    }
    let (value_before, value_after) = (was.value(), is.value());
    let (object_before, object_after) = (value_before.as_object(), value_after.as_object());
    for name in field_names(
        known_fields(is.kind),
        &["id", "subtasks"],
        object_before,
        object_after,
    ) {
        let before = present(object_before.and_then(|object| object.get(name)));
        let after = present(object_after.and_then(|object| object.get(name)));
        if before != after {
            changes.push(Change {
                item: Some(is.id.clone()),
                kind: is.kind,
                field: Some(name.to_string()),
                before: before.cloned(),
                after: after.cloned(),
                phase: phase.clone(),
            });
        }
    }
}

fn position_change(item: &Item, before: Option<usize>, after: Option<usize>) -> Change {
    Change {
        item: Some(item.id.clone()),
        kind: item.kind,
        field: Some(POSITION_FIELD.to_string()),
        before: before.map(Value::from),
        after: after.map(Value::from),
        phase: item.phase.clone(),
    }
}

// ---------------------------------------------------------------------------
// touches, invert

/// Whether a change touches the item with this id: the item itself, or, for a
/// phase id, a subtask entering, leaving or moving within that phase.
pub fn touches(change: &Change, id: &str) -> bool {
    if change.item.as_deref() == Some(id) {
        return true;
    }
    let is_id = |value: &Option<Value>| value.as_ref().and_then(Value::as_str) == Some(id);
    change.kind == ItemKind::Subtask
        && matches!(
            change.field.as_deref(),
            None | Some(PHASE_FIELD) | Some(POSITION_FIELD)
        )
        && (change.phase.as_deref() == Some(id) || is_id(&change.before) || is_id(&change.after))
}

/// The changes that undo `changes`: before and after swapped. Applying
/// `invert(&diff(Some(a), Some(b)))` to `b` gives `a`.
pub fn invert(changes: &[Change]) -> Vec<Change> {
    let moved_from: HashMap<&str, Option<String>> = changes
        .iter()
        .filter(|change| {
            change.kind == ItemKind::Subtask && change.field.as_deref() == Some(PHASE_FIELD)
        })
        .filter_map(|change| {
            let from = change
                .before
                .as_ref()
                .and_then(Value::as_str)
                .map(str::to_string);
            change.item.as_deref().map(|id| (id, from))
        })
        .collect();
    changes
        .iter()
        .map(|change| {
            let phase = match change.item.as_deref().and_then(|id| moved_from.get(id)) {
                Some(from) if change.kind == ItemKind::Subtask => from.clone(),
                _ => change.phase.clone(),
            };
            Change {
                item: change.item.clone(),
                kind: change.kind,
                field: change.field.clone(),
                before: change.after.clone(),
                after: change.before.clone(),
                phase,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
