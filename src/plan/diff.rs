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

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::i18n::{DiffMsg, Lang, Message};
use crate::plan::model::{Milestone, Phase, Plan, Reporting, Subtask};

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

/// What a removed item follows in the merged order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Anchor {
    /// The start of the plan.
    Start,
    /// The item with this index in the after-items.
    After(usize),
    /// Its removed phase, with this index in the before-items.
    RemovedPhase(usize),
}

/// Appends the removed items that follow `anchor`, each followed in turn by
/// the removed subtasks of a removed phase.
fn push_removed(anchor: Anchor, anchored: &mut HashMap<Anchor, Vec<usize>>, slots: &mut Vec<Slot>) {
    for index in anchored.remove(&anchor).unwrap_or_default() {
        slots.push(Slot::Removed(index));
        push_removed(Anchor::RemovedPhase(index), anchored, slots);
    }
}

/// The items of both versions in one order: the after-plan's, with each
/// removed item right after the item that preceded it before (a removed
/// phase's subtasks right after the phase).
fn merge(before: &[Item], after: &[Item]) -> Vec<Slot> {
    let mut in_before: HashMap<(ItemKind, &str), usize> = HashMap::new();
    for (index, item) in before.iter().enumerate() {
        in_before
            .entry((item.kind, item.id.as_str()))
            .or_insert(index);
    }
    let mut in_after: HashMap<(ItemKind, &str), usize> = HashMap::new();
    for (index, item) in after.iter().enumerate() {
        in_after
            .entry((item.kind, item.id.as_str()))
            .or_insert(index);
    }

    // Removed items, grouped by what they follow: the start, the surviving
    // item before them (by after-index), or their removed phase.
    let removed_phases: HashMap<&str, usize> = before
        .iter()
        .enumerate()
        .filter(|(_, item)| {
            item.kind == ItemKind::Phase && !in_after.contains_key(&(item.kind, item.id.as_str()))
        })
        .map(|(index, item)| (item.id.as_str(), index))
        .collect();
    let mut anchored: HashMap<Anchor, Vec<usize>> = HashMap::new();
    let mut anchor = Anchor::Start;
    for (index, item) in before.iter().enumerate() {
        match in_after.get(&(item.kind, item.id.as_str())) {
            Some(&after_index) => anchor = Anchor::After(after_index),
            None => {
                let own_phase = match (item.kind, item.phase.as_deref()) {
                    (ItemKind::Subtask, Some(phase)) => removed_phases.get(phase).copied(),
                    _ => None,
                };
                let key = own_phase.map_or(anchor, Anchor::RemovedPhase);
                anchored.entry(key).or_default().push(index);
            }
        }
    }

    let mut slots = Vec::with_capacity(before.len().max(after.len()));
    push_removed(Anchor::Start, &mut anchored, &mut slots);
    for (index, item) in after.iter().enumerate() {
        match in_before.get(&(item.kind, item.id.as_str())) {
            Some(&before_index) => slots.push(Slot::Both(before_index, index)),
            None => slots.push(Slot::Added(index)),
        }
        push_removed(Anchor::After(index), &mut anchored, &mut slots);
    }
    // Whatever is left (not reachable for plans with unique ids) goes last.
    let mut rest: Vec<usize> = anchored.into_values().flatten().collect();
    rest.sort_unstable();
    slots.extend(rest.into_iter().map(Slot::Removed));
    slots
}

/// The ranks (indices into `slots`) of the items that need a `position`
/// change, so that [`apply`] and [`apply`] of [`invert`] both restore the
/// order of every list (see the module documentation).
fn positions_needed(before: &[Item], after: &[Item], slots: &[Slot]) -> HashSet<usize> {
    // Each version's lists, as (rank, container) in list order.
    let mut rank_before = vec![usize::MAX; before.len()];
    let mut rank_after = vec![usize::MAX; after.len()];
    for (rank, slot) in slots.iter().enumerate() {
        match *slot {
            Slot::Both(was, is) => {
                set_rank(&mut rank_before, was, rank);
                set_rank(&mut rank_after, is, rank);
            }
            Slot::Added(is) => set_rank(&mut rank_after, is, rank),
            Slot::Removed(was) => set_rank(&mut rank_before, was, rank),
        }
    }
    let lists_before = lists(before, &rank_before);
    let lists_after = lists(after, &rank_after);

    let mut needed = HashSet::new();
    let empty = Vec::new();
    let containers: HashSet<&Container> = lists_before.keys().chain(lists_after.keys()).collect();
    for container in containers {
        let list_before = lists_before.get(container).unwrap_or(&empty);
        let list_after = lists_after.get(container).unwrap_or(&empty);
        let ranks_before: HashSet<usize> = list_before.iter().copied().collect();
        let ranks_after: HashSet<usize> = list_after.iter().copied().collect();

        // Items that stay in this list: those outside a longest common
        // subsequence must be placed explicitly.
        let position_after: HashMap<usize, usize> = list_after
            .iter()
            .enumerate()
            .map(|(index, rank)| (*rank, index))
            .collect();
        let staying: Vec<(usize, usize)> = list_before
            .iter()
            .filter_map(|rank| position_after.get(rank).map(|index| (*rank, *index)))
            .collect();
        let keys: Vec<usize> = staying.iter().map(|(_, index)| *index).collect();
        let kept = longest_increasing(&keys);
        for (position, (rank, _)) in staying.iter().enumerate() {
            if !kept.contains(&position) {
                needed.insert(*rank);
            }
        }

        // Items entering the list, in each direction.
        entering_needs(list_after, &ranks_before, &mut needed);
        entering_needs(list_before, &ranks_after, &mut needed);
    }
    needed
}

fn set_rank(ranks: &mut [usize], index: usize, rank: usize) {
    if let Some(slot) = ranks.get_mut(index) {
        *slot = rank;
    }
}

/// Each list of a version, as the ranks of its items in list order.
fn lists(items: &[Item], ranks: &[usize]) -> HashMap<Container, Vec<usize>> {
    let mut lists: HashMap<Container, Vec<usize>> = HashMap::new();
    for (item, rank) in items.iter().zip(ranks) {
        lists.entry(item.container()).or_default().push(*rank);
    }
    lists
}

/// Items entering `list` (not in `staying`) are appended in rank order; those
/// at its end in rank order need no position, all others do.
fn entering_needs(list: &[usize], staying: &HashSet<usize>, needed: &mut HashSet<usize>) {
    let mut tail_ok = true;
    let mut next_rank = usize::MAX;
    for rank in list.iter().rev() {
        if staying.contains(rank) {
            tail_ok = false;
            continue;
        }
        if tail_ok && *rank < next_rank {
            next_rank = *rank;
        } else {
            tail_ok = false;
            needed.insert(*rank);
        }
    }
}

/// The positions (in `keys`) of one longest strictly increasing subsequence.
fn longest_increasing(keys: &[usize]) -> HashSet<usize> {
    // tails[k]: position of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; keys.len()];
    for (position, key) in keys.iter().enumerate() {
        let length = tails.partition_point(|&tail| keys.get(tail).is_some_and(|t| t < key));
        previous[position] = length.checked_sub(1).and_then(|k| tails.get(k).copied());
        if length == tails.len() {
            tails.push(position);
        } else if let Some(tail) = tails.get_mut(length) {
            *tail = position;
        }
    }
    let mut kept = HashSet::new();
    let mut cursor = tails.last().copied();
    while let Some(position) = cursor {
        kept.insert(position);
        cursor = previous.get(position).copied().flatten();
    }
    kept
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

// ---------------------------------------------------------------------------
// apply

/// Why changes cannot be applied to a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyError {
    /// The plan is not a JSON object with the lists of a plan.
    NotAPlan,
    /// Part of the plan does not have the expected shape.
    Malformed {
        /// JSON pointer to the part.
        pointer: String,
    },
    /// No item of that kind has this id.
    NoSuchItem {
        /// The id.
        id: String,
        /// The kind of item looked for.
        kind: ItemKind,
    },
    /// An item to add already exists.
    AlreadyExists {
        /// The id.
        id: String,
    },
    /// A subtask is to go into a phase that does not exist.
    NoSuchPhase {
        /// The phase's id.
        id: String,
    },
    /// A phase to remove still has subtasks.
    PhaseNotEmpty {
        /// The phase's id.
        id: String,
        /// The ids of its subtasks.
        subtasks: Vec<String>,
    },
    /// The plan does not hold the value the change expects before it.
    Conflict {
        /// The item; `None` for a plan field.
        item: Option<String>,
        /// The field; `None` for a whole item.
        field: Option<String>,
        /// What the change expected.
        expected: Option<Box<Value>>,
        /// What the plan holds.
        found: Option<Box<Value>>,
    },
    /// A change lacks an id or a value it needs.
    Incomplete {
        /// The item, when known.
        item: Option<String>,
        /// The field, when known.
        field: Option<String>,
    },
}

impl ApplyError {
    /// The error as a plain sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let shown = |value: &Option<Box<Value>>| match present(value.as_deref()) {
            Some(value) => cut(&compact(value), VALUE_CHARS, lang),
            None => DiffMsg::NoValue.get(lang),
        };
        match self {
            ApplyError::NotAPlan => DiffMsg::ErrNotAPlan.get(lang),
            ApplyError::Malformed { pointer } => {
                DiffMsg::ErrMalformed.fill(lang, &[("pointer", pointer)])
            }
            ApplyError::NoSuchItem { id, .. } => DiffMsg::ErrNoSuchItem.fill(lang, &[("id", id)]),
            ApplyError::AlreadyExists { id } => DiffMsg::ErrAlreadyExists.fill(lang, &[("id", id)]),
            ApplyError::NoSuchPhase { id } => DiffMsg::ErrNoSuchPhase.fill(lang, &[("id", id)]),
            ApplyError::PhaseNotEmpty { id, subtasks } => DiffMsg::ErrPhaseNotEmpty.fill(
                lang,
                &[
                    ("id", id),
                    (
                        "subtasks",
                        &subtasks.join(&DiffMsg::ListSeparator.get(lang)),
                    ),
                ],
            ),
            ApplyError::Conflict {
                item,
                field,
                expected,
                found,
            } => {
                let (expected, found) = (shown(expected), shown(found));
                match (item, field) {
                    (None, Some(field)) => DiffMsg::ErrConflictPlanField.fill(
                        lang,
                        &[("field", field), ("expected", &expected), ("found", &found)],
                    ),
                    (Some(id), Some(field)) => DiffMsg::ErrConflictField.fill(
                        lang,
                        &[
                            ("field", field),
                            ("id", id),
                            ("expected", &expected),
                            ("found", &found),
                        ],
                    ),
                    (item, None) => DiffMsg::ErrConflictItem
                        .fill(lang, &[("id", &item.as_deref().unwrap_or_default())]),
                }
            }
            ApplyError::Incomplete { item, field } => {
                let what = [item.as_deref(), field.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(".");
                DiffMsg::ErrIncomplete.fill(lang, &[("what", &what)])
            }
        }
    }
}

impl fmt::Display for ApplyError {
    /// The message in Danish, the default language; use
    /// [`ApplyError::message`] to choose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::default()))
    }
}

impl std::error::Error for ApplyError {}

/// Where an item stands in a plan value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Loc {
    Phase(usize),
    Subtask(usize, usize),
    Milestone(usize),
    Reporting(usize),
}

/// A plan as JSON, being changed.
struct Doc {
    root: Map<String, Value>,
}

fn object_id(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

impl Doc {
    fn list(&self, key: &str) -> &[Value] {
        self.root
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn list_mut(&mut self, key: &str) -> Result<&mut Vec<Value>, ApplyError> {
        if !self.root.contains_key(key) {
            insert_ordered(
                &mut self.root,
                key,
                Value::Array(Vec::new()),
                order_of(ItemKind::Plan),
            );
        }
        let value = self.root.get_mut(key).ok_or(ApplyError::NotAPlan)?;
        value.as_array_mut().ok_or_else(|| ApplyError::Malformed {
            pointer: format!("/{key}"),
        })
    }

    fn subtasks(&self, phase: usize) -> &[Value] {
        self.list("phases")
            .get(phase)
            .and_then(|phase| phase.get("subtasks"))
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn subtasks_mut(&mut self, phase: usize) -> Result<&mut Vec<Value>, ApplyError> {
        let malformed = || ApplyError::Malformed {
            pointer: format!("/phases/{phase}/subtasks"),
        };
        let object = self
            .list_mut("phases")?
            .get_mut(phase)
            .and_then(Value::as_object_mut)
            .ok_or_else(malformed)?;
        object
            .entry("subtasks")
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .ok_or_else(malformed)
    }

    fn phase_index(&self, id: &str) -> Option<usize> {
        self.list("phases")
            .iter()
            .position(|phase| object_id(phase) == Some(id))
    }

    fn locate(&self, kind: ItemKind, id: &str) -> Option<Loc> {
        let find = |list: &[Value]| list.iter().position(|item| object_id(item) == Some(id));
        match kind {
            ItemKind::Plan => None,
            ItemKind::Phase => self.phase_index(id).map(Loc::Phase),
            ItemKind::Subtask => (0..self.list("phases").len()).find_map(|phase| {
                find(self.subtasks(phase)).map(|index| Loc::Subtask(phase, index))
            }),
            ItemKind::Milestone => find(self.list("milestones")).map(Loc::Milestone),
            ItemKind::Reporting => find(self.list("reporting")).map(Loc::Reporting),
        }
    }

    fn exists(&self, id: &str) -> bool {
        [
            ItemKind::Phase,
            ItemKind::Subtask,
            ItemKind::Milestone,
            ItemKind::Reporting,
        ]
        .into_iter()
        .any(|kind| self.locate(kind, id).is_some())
    }

    fn get(&self, loc: Loc) -> Option<&Value> {
        match loc {
            Loc::Phase(index) => self.list("phases").get(index),
            Loc::Subtask(phase, index) => self.subtasks(phase).get(index),
            Loc::Milestone(index) => self.list("milestones").get(index),
            Loc::Reporting(index) => self.list("reporting").get(index),
        }
    }

    /// The list holding `loc`, and its index there.
    fn holder_mut(&mut self, loc: Loc) -> Result<(&mut Vec<Value>, usize), ApplyError> {
        Ok(match loc {
            Loc::Phase(index) => (self.list_mut("phases")?, index),
            Loc::Subtask(phase, index) => (self.subtasks_mut(phase)?, index),
            Loc::Milestone(index) => (self.list_mut("milestones")?, index),
            Loc::Reporting(index) => (self.list_mut("reporting")?, index),
        })
    }

    fn take(&mut self, loc: Loc) -> Result<Value, ApplyError> {
        let (list, index) = self.holder_mut(loc)?;
        if index < list.len() {
            Ok(list.remove(index))
        } else {
            Err(ApplyError::Malformed {
                pointer: pointer(loc),
            })
        }
    }

    fn object_mut(&mut self, loc: Loc) -> Result<&mut Map<String, Value>, ApplyError> {
        let (list, index) = self.holder_mut(loc)?;
        list.get_mut(index)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| ApplyError::Malformed {
                pointer: pointer(loc),
            })
    }

    fn find(&self, change: &Change) -> Result<(String, Loc), ApplyError> {
        let id = item_id(change)?;
        let loc = self
            .locate(change.kind, &id)
            .ok_or_else(|| ApplyError::NoSuchItem {
                id: id.clone(),
                kind: change.kind,
            })?;
        Ok((id, loc))
    }
}

fn pointer(loc: Loc) -> String {
    match loc {
        Loc::Phase(index) => format!("/phases/{index}"),
        Loc::Subtask(phase, index) => format!("/phases/{phase}/subtasks/{index}"),
        Loc::Milestone(index) => format!("/milestones/{index}"),
        Loc::Reporting(index) => format!("/reporting/{index}"),
    }
}

fn item_id(change: &Change) -> Result<String, ApplyError> {
    change.item.clone().ok_or_else(|| ApplyError::Incomplete {
        item: None,
        field: change.field.clone(),
    })
}

/// Whether an item as it stands (`found`) is the item a change expects
/// (`expected`): field by field, absent, `null` and `[]` alike; a phase's
/// subtasks are not compared.
fn same_item(found: &Value, expected: &Value) -> bool {
    match (found.as_object(), expected.as_object()) {
        (Some(found), Some(expected)) => {
            field_names(&[], &["subtasks"], Some(found), Some(expected))
                .into_iter()
                .all(|name| present(found.get(name)) == present(expected.get(name)))
        }
        _ => found == expected,
    }
}

/// The order of the fields of each kind of object, as the plan types
/// serialize them: a new field goes in its place, not at the end.
fn order_of(kind: ItemKind) -> &'static [&'static str] {
    match kind {
        ItemKind::Plan => &[
            "$schema",
            "format",
            "id",
            "title",
            "language",
            "unit",
            "owner",
            "situation",
            "main_task",
            "intent",
            "core_task",
            "notes",
            "phases",
            "milestones",
            "reporting",
        ],
        ItemKind::Phase => &[
            "id",
            "title",
            "goal",
            "planned_by",
            "period",
            "depends_on",
            "subtasks",
        ],
        ItemKind::Subtask => &[
            "id",
            "title",
            "status",
            "owner",
            "due",
            "notes",
            "questions",
            "communities",
            "imbalances",
        ],
        ItemKind::Milestone => &["id", "title", "date"],
        ItemKind::Reporting => &["id", "what", "to", "due", "status", "by", "after"],
    }
}

/// Sets `name` to `value`: in place when the field exists, else before the
/// first field that comes after it in `order` (at the end when none does or
/// the name is unknown).
fn insert_ordered(object: &mut Map<String, Value>, name: &str, value: Value, order: &[&str]) {
    if let Some(slot) = object.get_mut(name) {
        *slot = value;
        return;
    }
    let rank = |key: &str| order.iter().position(|known| *known == key);
    let Some(own) = rank(name) else {
        object.insert(name.to_string(), value);
        return;
    };
    let comes_later = |key: &str| rank(key).is_some_and(|other| other > own);
    if !object.keys().any(|key| comes_later(key)) {
        object.insert(name.to_string(), value);
        return;
    }
    let mut value = Some(value);
    for (key, existing) in std::mem::take(object) {
        if comes_later(&key)
            && let Some(value) = value.take()
        {
            object.insert(name.to_string(), value);
        }
        object.insert(key, existing);
    }
}

/// Sets a field in its place, or removes it (keeping the order of the
/// others) when the new value is absent.
fn set_field(object: &mut Map<String, Value>, name: &str, value: Option<&Value>, order: &[&str]) {
    match present(value) {
        Some(value) => insert_ordered(object, name, value.clone(), order),
        None => {
            object.shift_remove(name);
        }
    }
}

/// Checks that a field holds what the change expects, then sets it.
fn change_field(
    object: &mut Map<String, Value>,
    item: Option<&str>,
    change: &Change,
    name: &str,
) -> Result<(), ApplyError> {
    let found = present(object.get(name));
    if found != present(change.before.as_ref()) {
        return Err(ApplyError::Conflict {
            item: item.map(str::to_string),
            field: Some(name.to_string()),
            expected: change.before.clone().map(Box::new),
            found: found.cloned().map(Box::new),
        });
    }
    set_field(object, name, change.after.as_ref(), order_of(change.kind));
    Ok(())
}

/// Applies `changes` (as [`diff`] or [`invert`] gives them, in that order) to
/// a plan given as JSON, and returns the new plan.
///
/// Each change must find what it expects: a changed field must hold its
/// `before` value, a removed item must be as it was, an added item must not
/// exist yet; otherwise the plan has changed since and the result is
/// [`ApplyError::Conflict`] (or another error), and nothing is returned.
/// Positions are not checked: they place items, clamped to the list's length.
/// A change that removes the whole plan gives `Value::Null`.
pub fn apply(plan: &Value, changes: &[Change]) -> Result<Value, ApplyError> {
    if let Some(whole) = changes
        .iter()
        .find(|change| change.kind == ItemKind::Plan && change.field.is_none())
    {
        return Ok(whole.after.clone().unwrap_or(Value::Null));
    }
    let root = plan.as_object().cloned().ok_or(ApplyError::NotAPlan)?;
    for list in ITEM_LISTS {
        if root.get(*list).is_some_and(|value| !value.is_array()) {
            return Err(ApplyError::NotAPlan);
        }
    }
    let mut doc = Doc { root };
    let field_of = |change: &Change| change.field.as_deref().map(str::to_string);

    // 1. Fields of the plan and of items.
    for change in changes {
        let Some(name) = change.field.as_deref() else {
            continue;
        };
        if (name == PHASE_FIELD && change.kind == ItemKind::Subtask) || name == POSITION_FIELD {
            continue;
        }
        if change.kind == ItemKind::Plan {
            change_field(&mut doc.root, None, change, name)?;
        } else {
            let (id, loc) = doc.find(change)?;
            change_field(doc.object_mut(loc)?, Some(&id), change, name)?;
        }
    }

    // 2. Removed items other than phases; 3. subtasks leaving their phase.
    let mut moving: HashMap<String, Value> = HashMap::new();
    for change in changes {
        let removed = change.field.is_none() && change.after.is_none();
        let leaving = change.kind == ItemKind::Subtask
            && change.field.as_deref() == Some(PHASE_FIELD)
            && change.after != change.before;
        if !((removed && change.kind != ItemKind::Phase) || leaving) {
            continue;
        }
        let (id, loc) = doc.find(change)?;
        if leaving {
            let from = change.before.as_ref().and_then(Value::as_str);
            let in_phase = match loc {
                Loc::Subtask(phase, _) => doc.list("phases").get(phase).and_then(object_id),
                _ => None,
            };
            if in_phase != from {
                return Err(ApplyError::Conflict {
                    item: Some(id),
                    field: field_of(change),
                    expected: change.before.clone().map(Box::new),
                    found: in_phase.map(|phase| Box::new(Value::String(phase.to_string()))),
                });
            }
            let value = doc.take(loc)?;
            moving.insert(id, value);
        } else {
            check_item(&doc, loc, &id, change)?;
            doc.take(loc)?;
        }
    }

    // 4. Removed phases, which must be empty by now.
    for change in changes {
        if change.kind != ItemKind::Phase || change.field.is_some() || change.after.is_some() {
            continue;
        }
        let (id, loc) = doc.find(change)?;
        check_item(&doc, loc, &id, change)?;
        if let Loc::Phase(index) = loc {
            let left: Vec<String> = doc
                .subtasks(index)
                .iter()
                .filter_map(|subtask| object_id(subtask).map(str::to_string))
                .collect();
            if !left.is_empty() {
                return Err(ApplyError::PhaseNotEmpty { id, subtasks: left });
            }
        }
        doc.take(loc)?;
    }

    // 5. Added items and subtasks entering a phase, appended in order; phases
    // first, since subtasks may go into them.
    let (phases, others): (Vec<&Change>, Vec<&Change>) = changes
        .iter()
        .partition(|change| change.kind == ItemKind::Phase);
    for change in phases.into_iter().chain(others) {
        let added = change.field.is_none() && change.before.is_none();
        let entering = change.kind == ItemKind::Subtask
            && change.field.as_deref() == Some(PHASE_FIELD)
            && change.after != change.before;
        if added {
            let id = item_id(change)?;
            let Some(mut value) = change.after.clone() else {
                continue;
            };
            if doc.exists(&id) {
                return Err(ApplyError::AlreadyExists { id });
            }
            match change.kind {
                ItemKind::Plan => {}
                ItemKind::Phase => {
                    if let Some(object) = value.as_object_mut() {
                        object
                            .entry("subtasks")
                            .or_insert_with(|| Value::Array(Vec::new()));
                    }
                    doc.list_mut("phases")?.push(value);
                }
                ItemKind::Subtask => {
                    let phase = change.phase.clone().ok_or(ApplyError::Incomplete {
                        item: Some(id),
                        field: None,
                    })?;
                    let index = doc
                        .phase_index(&phase)
                        .ok_or(ApplyError::NoSuchPhase { id: phase })?;
                    doc.subtasks_mut(index)?.push(value);
                }
                ItemKind::Milestone => doc.list_mut("milestones")?.push(value),
                ItemKind::Reporting => doc.list_mut("reporting")?.push(value),
            }
        } else if entering {
            let id = item_id(change)?;
            let to = change
                .after
                .as_ref()
                .and_then(Value::as_str)
                .ok_or_else(|| ApplyError::Incomplete {
                    item: Some(id.clone()),
                    field: field_of(change),
                })?;
            let index = doc
                .phase_index(to)
                .ok_or_else(|| ApplyError::NoSuchPhase { id: to.to_string() })?;
            let value = moving.remove(&id).ok_or_else(|| ApplyError::NoSuchItem {
                id: id.clone(),
                kind: change.kind,
            })?;
            doc.subtasks_mut(index)?.push(value);
        }
    }

    // 6. Positions: take the placed items out, put them back in order.
    let mut placed: Vec<(usize, Loc, String)> = Vec::new();
    for change in changes {
        if change.field.as_deref() != Some(POSITION_FIELD) {
            continue;
        }
        let Some(target) = change.after.as_ref() else {
            continue;
        };
        let target = target
            .as_u64()
            .and_then(|target| usize::try_from(target).ok())
            .ok_or_else(|| ApplyError::Incomplete {
                item: change.item.clone(),
                field: field_of(change),
            })?;
        let (id, loc) = doc.find(change)?;
        placed.push((target, loc, id));
    }
    // Take out from the back (subtasks before phases), so that the other
    // locations stay valid; remember each item's list by name, since phases
    // move too.
    placed.sort_by_key(|(_, loc, _)| std::cmp::Reverse(loc_order(*loc)));
    let mut taken: Vec<(usize, Home, Value)> = Vec::new();
    for (target, loc, _) in placed {
        let home = match loc {
            Loc::Phase(_) => Home::Phases,
            Loc::Subtask(phase, _) => Home::Subtasks(
                doc.list("phases")
                    .get(phase)
                    .and_then(object_id)
                    .unwrap_or_default()
                    .to_string(),
            ),
            Loc::Milestone(_) => Home::Milestones,
            Loc::Reporting(_) => Home::Reporting,
        };
        let value = doc.take(loc)?;
        taken.push((target, home, value));
    }
    // Put back phases first (subtasks go into them), each list in ascending
    // order of place: each item lands where it belongs.
    taken.sort_by_key(|(target, home, _)| (!matches!(home, Home::Phases), *target));
    for (target, home, value) in taken {
        let list = match &home {
            Home::Phases => doc.list_mut("phases")?,
            Home::Subtasks(phase) => {
                let index = doc
                    .phase_index(phase)
                    .ok_or_else(|| ApplyError::NoSuchPhase { id: phase.clone() })?;
                doc.subtasks_mut(index)?
            }
            Home::Milestones => doc.list_mut("milestones")?,
            Home::Reporting => doc.list_mut("reporting")?,
        };
        let at = target.min(list.len());
        list.insert(at, value);
    }

    if doc.list("milestones").is_empty() {
        doc.root.shift_remove("milestones");
    }
    Ok(Value::Object(doc.root))
}

/// Checks that a removed item is as the change expects.
fn check_item(doc: &Doc, loc: Loc, id: &str, change: &Change) -> Result<(), ApplyError> {
    let found = doc.get(loc);
    match (found, change.before.as_ref()) {
        (Some(found), Some(expected)) if same_item(found, expected) => Ok(()),
        (found, _) => Err(ApplyError::Conflict {
            item: Some(id.to_string()),
            field: None,
            expected: change.before.clone().map(Box::new),
            found: found.cloned().map(Box::new),
        }),
    }
}

/// Orders locations so that taking items out in reverse keeps the others valid.
fn loc_order(loc: Loc) -> (u8, usize, usize) {
    match loc {
        Loc::Phase(index) => (0, index, 0),
        Loc::Subtask(phase, index) => (1, phase, index),
        Loc::Milestone(index) => (2, index, 0),
        Loc::Reporting(index) => (3, index, 0),
    }
}

/// The list an item is put back into, by name.
enum Home {
    Phases,
    Subtasks(String),
    Milestones,
    Reporting,
}

// ---------------------------------------------------------------------------
// short texts, for describing changes and apply errors

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

#[cfg(test)]
mod tests;
