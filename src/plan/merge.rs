//! The semantic three-way merge of a plan: what both sides decided since
//! their common base, combined item by item and field by field.
//!
//! Both sides are compared with the base through [`diff`]; the changes that
//! do not collide are applied together with [`apply`]. What collides is a
//! [`Conflict`], settled by choosing a [`Side`] for it:
//!
//! | conflict | when |
//! |---|---|
//! | [`ConflictKind::Field`] | both sides set the same field (or moved the same subtask) to different values |
//! | [`ConflictKind::Removed`] | one side removed an item the other side changed; for a phase also: put a subtask into, kept a changed subtask in, or referred to |
//! | [`ConflictKind::AddedTwice`] | both sides added an item with the same id, differently |
//! | [`ConflictKind::Order`] | both sides put the same list in different orders |
//! | [`ConflictKind::PlanCreatedTwice`] | the plan was created on both sides, differently |
//! | [`ConflictKind::PlanRemoved`] | one side removed the plan, the other changed it |
//!
//! The same change made on both sides is taken once. Order is merged list
//! by list (see [`order`]): a side that reordered a list wins over one that
//! did not, and items that enter a list follow the item they followed on
//! their side; items entering at the same place from both sides are ordered
//! by id, so that `merge(base, a, b)` and `merge(base, b, a)` give the same
//! plan once the conflicts are settled the same way.

mod order;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::plan::Plan;
use crate::plan::diff::{ApplyError, Change, ItemKind, PHASE_FIELD, POSITION_FIELD, apply, diff};

pub use order::ListId;

/// One of the two sides of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Our side: the local branch (the first parent of the merge commit).
    Ours,
    /// Their side: the remote branch (the second parent).
    Theirs,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    /// `ours` or `theirs`, as recorded in trailers.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    /// Parses `ours` or `theirs`.
    pub fn parse(text: &str) -> Option<Side> {
        match text {
            "ours" => Some(Side::Ours),
            "theirs" => Some(Side::Theirs),
            _ => None,
        }
    }
}

/// What a conflict is about, as `--resolve` addresses it: `ID.FIELD`, `ID`,
/// a plan field (`title`), a list (`phases`, `fase-1.subtasks`), or the whole
/// plan (empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Target {
    /// The item's id; None for the plan itself.
    pub item: Option<String>,
    /// The field; None for a whole item (or the whole plan).
    pub field: Option<String>,
}

impl Target {
    /// Parses `ID.FIELD`, `ID` or `FIELD` as written in a trailer; an empty
    /// text is the whole plan. Whether a single word is an item or a plan
    /// field is up to the caller, who knows the plan: see [`Target::matches`].
    pub fn parse(text: &str) -> Target {
        match text.split_once('.') {
            Some((item, field)) => Target {
                item: Some(item.to_string()),
                field: Some(field.to_string()),
            },
            None if text.is_empty() => Target {
                item: None,
                field: None,
            },
            None => Target {
                item: Some(text.to_string()),
                field: None,
            },
        }
    }

    /// Whether `path` (a setter's target, split at dots) addresses this
    /// target or something inside it.
    pub fn matches(&self, path: &[String]) -> bool {
        let mine: Vec<&str> = self
            .item
            .iter()
            .chain(self.field.iter())
            .map(String::as_str)
            .collect();
        !mine.is_empty()
            && path.len() >= mine.len()
            && mine.iter().zip(path).all(|(a, b)| *a == b.as_str())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.item, &self.field) {
            (Some(item), Some(field)) => write!(f, "{item}.{field}"),
            (Some(item), None) => f.write_str(item),
            (None, Some(field)) => f.write_str(field),
            (None, None) => Ok(()),
        }
    }
}

/// What kind of collision a conflict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both sides set the field to different values.
    Field,
    /// One side (`by`) removed the item; the other changed or used it.
    Removed {
        /// The side that removed it.
        by: Side,
    },
    /// Both sides added an item with this id, differently.
    AddedTwice,
    /// Both sides reordered the list, differently.
    Order,
    /// Both sides created the plan, differently.
    PlanCreatedTwice,
    /// One side (`by`) removed the plan; the other changed it.
    PlanRemoved {
        /// The side that removed it.
        by: Side,
    },
}

impl ConflictKind {
    /// The same conflict seen from the other side.
    fn swapped(self) -> ConflictKind {
        match self {
            ConflictKind::Removed { by } => ConflictKind::Removed { by: by.other() },
            ConflictKind::PlanRemoved { by } => ConflictKind::PlanRemoved { by: by.other() },
            other => other,
        }
    }

    /// Whether a value (`--resolve ID.FIELD=VALUE`) can settle it.
    pub fn takes_value(self) -> bool {
        matches!(self, ConflictKind::Field)
    }
}

/// Two sides that changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// What it is about.
    pub target: Target,
    /// What kind of collision.
    pub kind: ConflictKind,
    /// The kind of item concerned ([`ItemKind::Plan`] for plan fields,
    /// lists of the plan, and the whole plan).
    pub item_kind: ItemKind,
    /// The value in the base (the field, the item, the ids of a list, the
    /// plan); None when absent.
    pub base: Option<Value>,
    /// The value on our side.
    pub ours: Option<Value>,
    /// The value on their side.
    pub theirs: Option<Value>,
    /// The changes our side made that the conflict is about.
    pub our_changes: Vec<Change>,
    /// The changes their side made that the conflict is about.
    pub their_changes: Vec<Change>,
}

impl Conflict {
    /// The value on `side`.
    pub fn value(&self, side: Side) -> Option<&Value> {
        match side {
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }

    /// The changes `side` made that the conflict is about.
    pub fn changes(&self, side: Side) -> &[Change] {
        match side {
            Side::Ours => &self.our_changes,
            Side::Theirs => &self.their_changes,
        }
    }

    /// For a conflict about a whole item: the side that keeps the item (the
    /// one that did not remove it), when there is exactly one.
    pub fn keeping_side(&self) -> Option<Side> {
        match self.kind {
            ConflictKind::Removed { by } | ConflictKind::PlanRemoved { by } => Some(by.other()),
            _ => None,
        }
    }
}

/// A change of one side, and the conflicts it belongs to.
#[derive(Debug, Clone)]
struct Entry {
    side: Side,
    change: Change,
    /// The same change made by the other side too: taken once, from ours.
    duplicate: bool,
    /// Indices of the conflicts it belongs to: it is taken only when each of
    /// them is settled for its side.
    conflicts: Vec<usize>,
}

/// The three versions of a plan and how they merge.
#[derive(Debug, Clone)]
pub struct PlanMerge {
    base: Option<Plan>,
    ours: Option<Plan>,
    theirs: Option<Plan>,
    entries: Vec<Entry>,
    /// The collisions, in plan order (plan fields, items, lists).
    pub conflicts: Vec<Conflict>,
}

/// Why a settled merge could not be carried out.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeError(pub ApplyError);

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for MergeError {}

fn to_json(plan: &Plan) -> Value {
    serde_json::to_value(plan).unwrap_or(Value::Null)
}

/// Merges what `ours` and `theirs` did to the plan since `base`. `None`
/// means the plan does not exist on that side.
pub fn merge(base: Option<&Plan>, ours: Option<&Plan>, theirs: Option<&Plan>) -> PlanMerge {
    let mut merge = PlanMerge {
        base: base.cloned(),
        ours: ours.cloned(),
        theirs: theirs.cloned(),
        entries: Vec::new(),
        conflicts: Vec::new(),
    };
    if ours == theirs || ours == base || theirs == base {
        return merge;
    }
    match (base, ours, theirs) {
        (Some(base), Some(ours), Some(theirs)) => merge.merge_fields(base, ours, theirs),
        (None, Some(ours), Some(theirs)) => {
            merge.conflicts.push(whole_plan_conflict(
                ConflictKind::PlanCreatedTwice,
                None,
                Some(ours),
                Some(theirs),
            ));
        }
        (Some(base), ours, theirs) => {
            // One side removed the plan (both removing it is `ours == theirs`).
            let by = if ours.is_none() {
                Side::Ours
            } else {
                Side::Theirs
            };
            merge.conflicts.push(whole_plan_conflict(
                ConflictKind::PlanRemoved { by },
                Some(base),
                ours,
                theirs,
            ));
        }
        // Neither had it: handled by `ours == base`.
        (None, _, _) => {}
    }
    merge
}

fn whole_plan_conflict(
    kind: ConflictKind,
    base: Option<&Plan>,
    ours: Option<&Plan>,
    theirs: Option<&Plan>,
) -> Conflict {
    Conflict {
        target: Target {
            item: None,
            field: None,
        },
        kind,
        item_kind: ItemKind::Plan,
        base: base.map(to_json),
        ours: ours.map(to_json),
        theirs: theirs.map(to_json),
        our_changes: diff(base, ours),
        their_changes: diff(base, theirs),
    }
}

/// The key changes of one item and field are grouped by.
type Key = (ItemKind, Option<String>, Option<String>);

fn key(change: &Change) -> Key {
    (change.kind, change.item.clone(), change.field.clone())
}

fn is_added(change: &Change) -> bool {
    change.field.is_none() && change.before.is_none()
}

fn is_removed(change: &Change) -> bool {
    change.field.is_none() && change.after.is_none()
}

/// The phase a subtask is in, in `plan`.
fn phase_of<'p>(plan: &'p Plan, subtask: &str) -> Option<&'p str> {
    plan.subtasks()
        .find(|(_, s)| s.id == subtask)
        .map(|(phase, _)| phase.id.as_str())
}

/// Whether a value (a `depends_on` list, or an `after` id) names `phase`.
fn names_phase(value: Option<&Value>, phase: &str) -> bool {
    match value {
        Some(Value::String(id)) => id == phase,
        Some(Value::Array(ids)) => ids.iter().any(|id| id.as_str() == Some(phase)),
        _ => false,
    }
}

impl PlanMerge {
    /// The base version.
    pub fn base(&self) -> Option<&Plan> {
        self.base.as_ref()
    }

    /// The version on `side`.
    pub fn side(&self, side: Side) -> Option<&Plan> {
        match side {
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }

    /// Whether the two sides combine without a conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    fn merge_fields(&mut self, base: &Plan, ours: &Plan, theirs: &Plan) {
        for (side, plan) in [(Side::Ours, ours), (Side::Theirs, theirs)] {
            self.entries.extend(
                diff(Some(base), Some(plan))
                    .into_iter()
                    .filter(|change| change.field.as_deref() != Some(POSITION_FIELD))
                    .map(|change| Entry {
                        side,
                        change,
                        duplicate: false,
                        conflicts: Vec::new(),
                    }),
            );
        }
        self.same_key_conflicts();
        self.ids_added_twice();
        let absorbed = self.removed_phases(ours, theirs);
        self.removed_items(&absorbed);
        self.phase_removals_follow_moves_out();
        for (list, [base, ours, theirs]) in order::conflicting_orders(base, ours, theirs) {
            let target = list.target();
            let ids = |ids: Vec<String>| Some(Value::from(ids));
            self.conflicts.push(Conflict {
                target,
                kind: ConflictKind::Order,
                item_kind: list.item_kind(),
                base: ids(base),
                ours: ids(ours),
                theirs: ids(theirs),
                our_changes: Vec::new(),
                their_changes: Vec::new(),
            });
        }
    }

    /// Indices of the entries of `side` with this key, not duplicates.
    fn find(&self, side: Side, key: &Key) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.side == side && !e.duplicate && self::key(&e.change) == *key)
            .map(|(index, _)| index)
            .collect()
    }

    /// Records a conflict made of these entries of each side.
    fn add_conflict(&mut self, conflict: Conflict, ours: &[usize], theirs: &[usize]) {
        let index = self.conflicts.len();
        let mut conflict = conflict;
        for &entry in ours.iter().chain(theirs) {
            let change = self.entries[entry].change.clone();
            match self.entries[entry].side {
                Side::Ours => conflict.our_changes.push(change),
                Side::Theirs => conflict.their_changes.push(change),
            }
            self.entries[entry].conflicts.push(index);
        }
        self.conflicts.push(conflict);
    }

    /// The same field changed on both sides, the same item added or removed
    /// on both sides: once when equal, else a conflict.
    fn same_key_conflicts(&mut self) {
        for index in 0..self.entries.len() {
            let entry = &self.entries[index];
            if entry.side != Side::Ours {
                continue;
            }
            let change = entry.change.clone();
            let Some(&other) = self.find(Side::Theirs, &key(&change)).first() else {
                continue;
            };
            let theirs = self.entries[other].change.clone();
            let same = change.after == theirs.after
                && (change.field.is_some() || change.phase == theirs.phase);
            if same {
                self.entries[other].duplicate = true;
                continue;
            }
            let kind = if change.field.is_some() {
                ConflictKind::Field
            } else {
                ConflictKind::AddedTwice
            };
            let conflict = Conflict {
                target: Target {
                    item: change.item.clone(),
                    field: change.field.clone(),
                },
                kind,
                item_kind: change.kind,
                base: change.before.clone(),
                ours: change.after.clone(),
                theirs: theirs.after.clone(),
                our_changes: Vec::new(),
                their_changes: Vec::new(),
            };
            self.add_conflict(conflict, &[index], &[other]);
        }
    }

    /// The same id added on both sides as different kinds of item (ids are
    /// shared by phases, subtasks, milestones and reporting).
    fn ids_added_twice(&mut self) {
        let added = |side: Side| -> HashMap<String, usize> {
            self.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.side == side && is_added(&e.change) && e.change.item.is_some())
                .filter_map(|(index, e)| e.change.item.clone().map(|id| (id, index)))
                .collect()
        };
        let theirs = added(Side::Theirs);
        let mut found: Vec<(usize, usize)> = added(Side::Ours)
            .into_iter()
            .filter_map(|(id, ours)| {
                let theirs = *theirs.get(&id)?;
                (self.entries[ours].change.kind != self.entries[theirs].change.kind)
                    .then_some((ours, theirs))
            })
            .collect();
        found.sort_unstable();
        for (ours, theirs) in found {
            // A phase added on one side takes the subtasks that side put into it.
            let entering = |side: Side, index: usize| -> Vec<usize> {
                let change = &self.entries[index].change;
                let mut group = vec![index];
                if change.kind == ItemKind::Phase
                    && let Some(id) = change.item.as_deref()
                {
                    group.extend(self.entering(side, id));
                }
                group
            };
            let (our_group, their_group) =
                (entering(Side::Ours, ours), entering(Side::Theirs, theirs));
            let (our_change, their_change) =
                (&self.entries[ours].change, &self.entries[theirs].change);
            let conflict = Conflict {
                target: Target {
                    item: our_change.item.clone(),
                    field: None,
                },
                kind: ConflictKind::AddedTwice,
                item_kind: our_change.kind,
                base: None,
                ours: our_change.after.clone(),
                theirs: their_change.after.clone(),
                our_changes: Vec::new(),
                their_changes: Vec::new(),
            };
            self.add_conflict(conflict, &our_group, &their_group);
        }
    }

    /// Entries of `side` that put a subtask into the phase `phase`: added
    /// there, or moved there.
    fn entering(&self, side: Side, phase: &str) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.side == side && !e.duplicate && e.change.kind == ItemKind::Subtask)
            .filter(|(_, e)| {
                let change = &e.change;
                (is_added(change) && change.phase.as_deref() == Some(phase))
                    || (change.field.as_deref() == Some(PHASE_FIELD)
                        && change.after.as_ref().and_then(Value::as_str) == Some(phase))
            })
            .map(|(index, _)| index)
            .collect()
    }

    /// A phase removed on one side while the other side still needs it:
    /// changed it, put a subtask into it, changed a subtask it keeps in it,
    /// or refers to it. Returns the subtasks whose removal this settles.
    fn removed_phases(&mut self, ours: &Plan, theirs: &Plan) -> HashSet<(Side, String)> {
        let mut absorbed = HashSet::new();
        let removed: Vec<(usize, Side, String)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.duplicate && e.change.kind == ItemKind::Phase)
            .filter(|(_, e)| is_removed(&e.change))
            .filter_map(|(index, e)| e.change.item.clone().map(|id| (index, e.side, id)))
            .collect();
        for (removal, remover, phase) in removed {
            let keeper = remover.other();
            let kept_plan = match keeper {
                Side::Ours => ours,
                Side::Theirs => theirs,
            };
            let removed_by_remover: HashSet<String> = self
                .entries
                .iter()
                .filter(|e| e.side == remover && e.change.kind == ItemKind::Subtask)
                .filter(|e| is_removed(&e.change))
                .filter_map(|e| e.change.item.clone())
                .collect();
            let mut needs: Vec<usize> = self.entering(keeper, &phase);
            let mut subtasks_kept: Vec<String> = Vec::new();
            for (index, entry) in self.entries.iter().enumerate() {
                if entry.side != keeper || entry.duplicate || needs.contains(&index) {
                    continue;
                }
                let change = &entry.change;
                let item = change.item.as_deref();
                let changes_phase = change.kind == ItemKind::Phase
                    && item == Some(phase.as_str())
                    && change.field.is_some();
                let changes_kept_subtask = change.kind == ItemKind::Subtask
                    && change.field.is_some()
                    && item.is_some_and(|id| {
                        removed_by_remover.contains(id)
                            && phase_of(kept_plan, id) == Some(phase.as_str())
                    });
                let refers = match change.field.as_deref() {
                    Some("depends_on") | Some("after") => {
                        names_phase(change.after.as_ref(), &phase)
                            && !names_phase(change.before.as_ref(), &phase)
                    }
                    None if is_added(change) => {
                        let value = change.after.as_ref();
                        names_phase(value.and_then(|v| v.get("depends_on")), &phase)
                            || names_phase(value.and_then(|v| v.get("after")), &phase)
                    }
                    _ => false,
                };
                if changes_kept_subtask {
                    subtasks_kept.extend(item.map(str::to_string));
                }
                if changes_phase || changes_kept_subtask || refers {
                    needs.push(index);
                }
            }
            if needs.is_empty() {
                continue;
            }
            needs.sort_unstable();
            // Keeping the phase keeps the subtasks removed with it (unless
            // both sides removed them).
            let keeper_removed: HashSet<String> = self
                .entries
                .iter()
                .filter(|e| e.side == keeper && e.change.kind == ItemKind::Subtask)
                .filter(|e| is_removed(&e.change))
                .filter_map(|e| e.change.item.clone())
                .collect();
            let mut removals = vec![removal];
            removals.extend(
                self.entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.side == remover && !e.duplicate)
                    .filter(|(_, e)| e.change.kind == ItemKind::Subtask && is_removed(&e.change))
                    .filter(|(_, e)| e.change.phase.as_deref() == Some(phase.as_str()))
                    .filter(|(_, e)| {
                        e.change
                            .item
                            .as_ref()
                            .is_some_and(|id| !keeper_removed.contains(id))
                    })
                    .map(|(index, _)| index),
            );
            // And the subtasks it keeps in the phase, wherever they were.
            for id in &subtasks_kept {
                removals.extend(self.find(remover, &(ItemKind::Subtask, Some(id.clone()), None)));
                absorbed.insert((remover, id.clone()));
            }
            removals.sort_unstable();
            removals.dedup();
            let base_value = self.entries[removal].change.before.clone();
            let kept_value = kept_plan.phase(&phase).map(|p| {
                let mut value = serde_json::to_value(p).unwrap_or(Value::Null);
                if let Some(object) = value.as_object_mut() {
                    object.remove("subtasks");
                }
                value
            });
            let (our_value, their_value) = match remover {
                Side::Ours => (None, kept_value),
                Side::Theirs => (kept_value, None),
            };
            let conflict = Conflict {
                target: Target {
                    item: Some(phase),
                    field: None,
                },
                kind: ConflictKind::Removed { by: remover },
                item_kind: ItemKind::Phase,
                base: base_value,
                ours: our_value,
                theirs: their_value,
                our_changes: Vec::new(),
                their_changes: Vec::new(),
            };
            let (our_group, their_group) = match remover {
                Side::Ours => (removals, needs),
                Side::Theirs => (needs, removals),
            };
            self.add_conflict(conflict, &our_group, &their_group);
        }
        absorbed
    }

    /// An item (other than a phase) removed on one side and changed on the
    /// other, unless a phase conflict settles it already.
    fn removed_items(&mut self, absorbed: &HashSet<(Side, String)>) {
        let removed: Vec<(usize, Side, ItemKind, String)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.duplicate && e.change.kind != ItemKind::Phase)
            .filter(|(_, e)| is_removed(&e.change))
            .filter_map(|(index, e)| {
                e.change
                    .item
                    .clone()
                    .map(|id| (index, e.side, e.change.kind, id))
            })
            .collect();
        for (removal, remover, kind, id) in removed {
            if absorbed.contains(&(remover, id.clone())) {
                continue;
            }
            let keeper = remover.other();
            let changed: Vec<usize> = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.side == keeper && !e.duplicate && e.change.kind == kind)
                .filter(|(_, e)| e.change.item.as_deref() == Some(id.as_str()))
                .filter(|(_, e)| e.change.field.is_some())
                .map(|(index, _)| index)
                .collect();
            if changed.is_empty() {
                continue;
            }
            let base_value = self.entries[removal].change.before.clone();
            let kept_value = self
                .side(keeper)
                .and_then(|plan| item_value(plan, kind, &id));
            let (our_value, their_value) = match remover {
                Side::Ours => (None, kept_value),
                Side::Theirs => (kept_value, None),
            };
            let conflict = Conflict {
                target: Target {
                    item: Some(id),
                    field: None,
                },
                kind: ConflictKind::Removed { by: remover },
                item_kind: kind,
                base: base_value,
                ours: our_value,
                theirs: their_value,
                our_changes: Vec::new(),
                their_changes: Vec::new(),
            };
            let (our_group, their_group) = match remover {
                Side::Ours => (vec![removal], changed),
                Side::Theirs => (changed, vec![removal]),
            };
            self.add_conflict(conflict, &our_group, &their_group);
        }
    }

    /// A phase removed on one side needs the subtasks that side moved out of
    /// it to leave. When a conflict about something else (the phase they
    /// move to) may drop such a move, the removal goes with it: settled
    /// against that side, the phase stays, with the subtask in it.
    fn phase_removals_follow_moves_out(&mut self) {
        for removal in 0..self.entries.len() {
            let entry = &self.entries[removal];
            if entry.duplicate || entry.change.kind != ItemKind::Phase || !is_removed(&entry.change)
            {
                continue;
            }
            let (side, phase) = (entry.side, entry.change.item.clone());
            let mut joins: Vec<usize> = Vec::new();
            for other in &self.entries {
                let change = &other.change;
                let moves_out = other.side == side
                    && change.kind == ItemKind::Subtask
                    && change.field.as_deref() == Some(PHASE_FIELD)
                    && change.before.as_ref().and_then(Value::as_str) == phase.as_deref();
                if !moves_out {
                    continue;
                }
                joins.extend(other.conflicts.iter().copied().filter(|&c| {
                    self.conflicts[c].target.item != change.item
                        && !self.entries[removal].conflicts.contains(&c)
                }));
            }
            joins.sort_unstable();
            joins.dedup();
            for conflict in joins {
                let change = self.entries[removal].change.clone();
                match side {
                    Side::Ours => self.conflicts[conflict].our_changes.push(change),
                    Side::Theirs => self.conflicts[conflict].their_changes.push(change),
                }
                self.entries[removal].conflicts.push(conflict);
            }
        }
    }

    /// The merged plan, each conflict settled by `choose` (given its index
    /// and the conflict); None when the plan is removed.
    pub fn resolve(
        &self,
        choose: &dyn Fn(usize, &Conflict) -> Side,
    ) -> Result<Option<Value>, MergeError> {
        let choices: Vec<Side> = self
            .conflicts
            .iter()
            .enumerate()
            .map(|(index, conflict)| choose(index, conflict))
            .collect();
        let (Some(base), Some(ours), Some(theirs)) = (&self.base, &self.ours, &self.theirs) else {
            return Ok(self.whole_plan(&choices).map(to_json));
        };
        if ours == base || theirs == base || ours == theirs {
            return Ok(self.whole_plan(&choices).map(to_json));
        }
        let mut changes: Vec<Change> = self
            .entries
            .iter()
            .filter(|e| !e.duplicate && e.conflicts.iter().all(|&c| choices[c] == e.side))
            .map(|e| e.change.clone())
            .collect();
        // Phases first, so that subtasks added into a phase the other side
        // added find it.
        changes.sort_by_key(|change| !(change.kind == ItemKind::Phase && is_added(change)));
        let mut value = apply(&to_json(base), &changes).map_err(MergeError)?;
        let order_choice = |list: &ListId| -> Option<Side> {
            let target = list.target();
            self.conflicts
                .iter()
                .zip(&choices)
                .find(|(conflict, _)| {
                    conflict.kind == ConflictKind::Order && conflict.target == target
                })
                .map(|(_, side)| *side)
        };
        order::reorder(&mut value, [base, ours, theirs], &order_choice);
        Ok(Some(value))
    }

    /// The plan when it merges as a whole: one side unchanged, both the
    /// same, or a whole-plan conflict settled.
    fn whole_plan(&self, choices: &[Side]) -> Option<&Plan> {
        if let Some(side) = choices.first() {
            return self.side(*side);
        }
        if self.ours == self.base {
            self.theirs.as_ref()
        } else {
            self.ours.as_ref()
        }
    }

    /// The same merge seen from the other side: conflicts with their sides
    /// swapped (for tests and for checking symmetry).
    pub fn conflict_keys(&self, swap: bool) -> Vec<(Target, ConflictKind)> {
        let mut keys: Vec<(Target, ConflictKind)> = self
            .conflicts
            .iter()
            .map(|c| {
                let kind = if swap { c.kind.swapped() } else { c.kind };
                (c.target.clone(), kind)
            })
            .collect();
        keys.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| format!("{:?}", a.1).cmp(&format!("{:?}", b.1)))
        });
        keys
    }
}

/// An item of `plan` as JSON (a phase without its subtasks).
fn item_value(plan: &Plan, kind: ItemKind, id: &str) -> Option<Value> {
    let json = |value: Result<Value, serde_json::Error>| value.ok();
    match kind {
        ItemKind::Plan => None,
        ItemKind::Phase => plan.phase(id).and_then(|phase| {
            let mut value = json(serde_json::to_value(phase))?;
            if let Some(object) = value.as_object_mut() {
                object.remove("subtasks");
            }
            Some(value)
        }),
        ItemKind::Subtask => plan
            .subtasks()
            .find(|(_, s)| s.id == id)
            .and_then(|(_, s)| json(serde_json::to_value(s))),
        ItemKind::Milestone => plan
            .milestones
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| json(serde_json::to_value(m))),
        ItemKind::Reporting => plan
            .reporting
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| json(serde_json::to_value(r))),
    }
}
