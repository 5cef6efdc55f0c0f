//! Finding what collides: the same field set differently, the same id
//! added twice, an item removed on one side and changed (or, for a phase,
//! still needed) on the other. Each collision is a [`Conflict`] made of the
//! changes of each side it concerns; a change is taken only when every
//! conflict it belongs to is settled for its side.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{Conflict, ConflictKind, PlanMerge, Side, Target, item_value};
use crate::plan::Plan;
use crate::plan::diff::{Change, ItemKind, PHASE_FIELD};

/// The key changes of one item and field are grouped by.
pub(super) type Key = (ItemKind, Option<String>, Option<String>);

pub(super) fn key(change: &Change) -> Key {
    (change.kind, change.item.clone(), change.field.clone())
}

pub(super) fn is_added(change: &Change) -> bool {
    change.field.is_none() && change.before.is_none()
}

pub(super) fn is_removed(change: &Change) -> bool {
    change.field.is_none() && change.after.is_none()
}

/// The phase a subtask is in, in `plan`.
pub(super) fn phase_of<'p>(plan: &'p Plan, subtask: &str) -> Option<&'p str> {
    plan.subtasks()
        .find(|(_, s)| s.id == subtask)
        .map(|(phase, _)| phase.id.as_str())
}

/// Whether a value (a `depends_on` list, or an `after` id) names `phase`.
pub(super) fn names_phase(value: Option<&Value>, phase: &str) -> bool {
    match value {
        Some(Value::String(id)) => id == phase,
        Some(Value::Array(ids)) => ids.iter().any(|id| id.as_str() == Some(phase)),
        _ => false,
    }
}

impl PlanMerge {
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
    pub(super) fn same_key_conflicts(&mut self) {
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
                self.entries[other].twin = Some(index);
                self.entries[index].twin = Some(other);
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
    pub(super) fn ids_added_twice(&mut self) {
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
    /// there, or moved there (and not by the other side too).
    fn entering(&self, side: Side, phase: &str) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.side == side && e.twin.is_none() && e.change.kind == ItemKind::Subtask
            })
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
    pub(super) fn removed_phases(&mut self, ours: &Plan, theirs: &Plan) -> HashSet<(Side, String)> {
        let mut absorbed = HashSet::new();
        let removed: Vec<(usize, Side, String)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.twin.is_none() && e.change.kind == ItemKind::Phase)
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
                // A change the remover made too is no need of the keeper's
                // (and whichever side is ours, the same is counted).
                if entry.side != keeper || entry.twin.is_some() || needs.contains(&index) {
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
    pub(super) fn removed_items(&mut self, absorbed: &HashSet<(Side, String)>) {
        let removed: Vec<(usize, Side, ItemKind, String)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.twin.is_none() && e.change.kind != ItemKind::Phase)
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
}
