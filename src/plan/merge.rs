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
//! A change that relies on another change of its side (a subtask put into
//! a phase the side added, an id the side freed and gave to a new item, a
//! phase the side emptied and removed) joins the conflicts of that change
//! (see [`needs`]), so that the merge applies however the conflicts are
//! settled.
//!
//! The same change made on both sides is taken once. Order is merged list
//! by list (see [`order`]): a side that reordered a list wins over one that
//! did not, and items that enter a list follow the item they followed on
//! their side; items entering at the same place from both sides are ordered
//! by id, so that `merge(base, a, b)` and `merge(base, b, a)` give the same
//! plan once the conflicts are settled the same way.

mod collisions;
mod conflict;
mod needs;
mod order;
#[cfg(test)]
mod tests;

use std::fmt;

use serde_json::Value;

use crate::plan::Plan;
use crate::plan::diff::{ApplyError, Change, ItemKind, POSITION_FIELD, apply, diff};

pub use conflict::{Conflict, ConflictKind, Side, Target};
pub use order::ListId;

use collisions::is_added;

/// A change of one side, and the conflicts it belongs to.
#[derive(Debug, Clone)]
struct Entry {
    side: Side,
    change: Change,
    /// The same change made by the other side too: taken once, from ours.
    duplicate: bool,
    /// The other side's entry of the same change, when both made it.
    twin: Option<usize>,
    /// Indices of the conflicts it belongs to: it is taken only when each of
    /// them is settled for its side (or, when it has a twin, each of the
    /// twin's for the other side).
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
                        twin: None,
                        conflicts: Vec::new(),
                    }),
            );
        }
        self.same_key_conflicts();
        self.ids_added_twice();
        let absorbed = self.removed_phases(ours, theirs);
        self.removed_items(&absorbed);
        self.follow_needs();
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
        let settled_for = |entry: &Entry| entry.conflicts.iter().all(|&c| choices[c] == entry.side);
        // A change both sides made is taken when either side's conflicts
        // allow it.
        let mut changes: Vec<Change> = self
            .entries
            .iter()
            .filter(|e| {
                !e.duplicate
                    && (settled_for(e)
                        || e.twin
                            .and_then(|twin| self.entries.get(twin))
                            .is_some_and(settled_for))
            })
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
