//! What a change needs of the other changes of its side.
//!
//! Each side's changes apply together, since together they make that side's
//! plan. A merge takes only some of them (those whose conflicts are settled
//! for the side), so a change that relies on another change of its side
//! must not be taken without it:
//!
//! | a change | needs, of its side |
//! |---|---|
//! | adding an item with id X | the removal of the item that had X (of another kind) |
//! | putting a subtask into phase P (added, or moved in) | the addition of P, when the side added it |
//! | naming phase P in `depends_on` or `after` | the addition of P, when the side added it |
//! | removing phase P | each subtask of P leaving it (removed or moved out), and each reference to P going (changed, or its item removed) |
//!
//! A need is met as well when the other side makes the same change (the
//! same item removed, the same phase added, …) and that change is taken.
//!
//! Where a needed change is in conflicts, the change that needs it joins
//! them ([`PlanMerge::follow_needs`]): it is taken only when they are all
//! settled for its side, that is, when what it needs is taken too. Since
//! every collision between the sides is a conflict, a merge settled in any
//! way then applies and gives a plan whose ids and references hold.

use serde_json::Value;

use super::collisions::{is_added, is_removed, names_phase};
use super::{PlanMerge, Side};
use crate::plan::diff::{Change, ItemKind, PHASE_FIELD};

/// The fields whose values name phases.
const REFERENCE_FIELDS: [&str; 2] = ["depends_on", "after"];

/// A change an entry needs taken with it: `own`, of the entry's side; the
/// other side's change `other`, when there is one, does the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Need {
    own: usize,
    other: Option<usize>,
}

/// The phases the item of an added item or a changed reference field names.
fn named_phases(change: &Change) -> Vec<String> {
    let after = change.after.as_ref();
    let values: Vec<Option<&Value>> = match change.field.as_deref() {
        Some(field) if REFERENCE_FIELDS.contains(&field) => vec![after],
        None if is_added(change) => REFERENCE_FIELDS
            .iter()
            .map(|field| after.and_then(|value| value.get(*field)))
            .collect(),
        _ => Vec::new(),
    };
    let mut names = Vec::new();
    for value in values.into_iter().flatten() {
        match value {
            Value::String(id) => names.push(id.clone()),
            Value::Array(ids) => {
                names.extend(ids.iter().filter_map(Value::as_str).map(str::to_string))
            }
            _ => {}
        }
    }
    names
}

/// Whether the change stops its item naming `phase`: a reference field
/// that named it and no longer does, or an item that named it removed.
fn stops_naming(change: &Change, phase: &str) -> bool {
    match change.field.as_deref() {
        Some(field) if REFERENCE_FIELDS.contains(&field) => {
            names_phase(change.before.as_ref(), phase) && !names_phase(change.after.as_ref(), phase)
        }
        None if is_removed(change) => {
            let before = change.before.as_ref();
            REFERENCE_FIELDS
                .iter()
                .any(|field| names_phase(before.and_then(|value| value.get(*field)), phase))
        }
        _ => false,
    }
}

/// Whether the change takes the subtask `subtask` out of `phase`: removes
/// it from there, or moves it away.
fn takes_out_of(change: &Change, subtask: &str, phase: &str) -> bool {
    change.kind == ItemKind::Subtask
        && change.item.as_deref() == Some(subtask)
        && ((is_removed(change) && change.phase.as_deref() == Some(phase))
            || (change.field.as_deref() == Some(PHASE_FIELD)
                && change.before.as_ref().and_then(Value::as_str) == Some(phase)
                && change.after.as_ref().and_then(Value::as_str) != Some(phase)))
}

/// Whether the change adds the phase `phase`.
fn adds_phase(change: &Change, phase: &str) -> bool {
    change.kind == ItemKind::Phase && is_added(change) && change.item.as_deref() == Some(phase)
}

impl PlanMerge {
    /// The entries of `side` that meet `test`.
    fn entries_where(&self, side: Side, test: &dyn Fn(&Change) -> bool) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.side == side && test(&e.change))
            .map(|(index, _)| index)
            .collect()
    }

    /// The needs met by the changes of the entry's side that pass `test`,
    /// each also met by the other side's first change that passes it.
    fn needs_where(&self, entry: usize, test: &dyn Fn(&Change) -> bool) -> Vec<Need> {
        let side = self.entries[entry].side;
        let other = self.entries_where(side.other(), test).first().copied();
        self.entries_where(side, test)
            .into_iter()
            .filter(|&own| own != entry)
            .map(|own| Need { own, other })
            .collect()
    }

    /// What the change of `entry` needs of its side (see the module).
    fn needs(&self, entry: usize) -> Vec<Need> {
        let (side, change) = (self.entries[entry].side, &self.entries[entry].change);
        let mut needs = Vec::new();
        let Some(id) = change.item.as_deref() else {
            return needs;
        };
        // An id given to a new item: the old item with that id goes.
        if is_added(change) {
            needs.extend(self.needs_where(entry, &|c: &Change| {
                is_removed(c) && c.item.as_deref() == Some(id)
            }));
        }
        // A subtask put into a phase: the phase, when the side added it.
        if change.kind == ItemKind::Subtask {
            let into = if is_added(change) {
                change.phase.clone()
            } else if change.field.as_deref() == Some(PHASE_FIELD) {
                change
                    .after
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_string)
            } else {
                None
            };
            if let Some(phase) = into {
                needs.extend(self.needs_where(entry, &|c: &Change| adds_phase(c, &phase)));
            }
        }
        // A phase named: the phase, when the side added it.
        for phase in named_phases(change) {
            needs.extend(self.needs_where(entry, &|c: &Change| adds_phase(c, &phase)));
        }
        // A phase removed: its subtasks leave, the references to it go.
        if change.kind == ItemKind::Phase && is_removed(change) {
            let leaving: Vec<String> = self
                .entries_where(side, &|c: &Change| {
                    c.item
                        .as_deref()
                        .is_some_and(|subtask| takes_out_of(c, subtask, id))
                })
                .into_iter()
                .filter_map(|index| self.entries[index].change.item.clone())
                .collect();
            for subtask in leaving {
                needs.extend(self.needs_where(entry, &|c: &Change| takes_out_of(c, &subtask, id)));
            }
            let dropping: Vec<usize> = self.entries_where(side, &|c: &Change| stops_naming(c, id));
            for own in dropping {
                let own_change = &self.entries[own].change;
                let same = |c: &Change| {
                    c.kind == own_change.kind
                        && c.item == own_change.item
                        && c.field == own_change.field
                        && stops_naming(c, id)
                };
                let other = self.entries_where(side.other(), &same).first().copied();
                needs.push(Need { own, other });
            }
        }
        needs
    }

    /// The conflicts that must be settled for an entry's side for `need`
    /// to be met: those of its own change, except one the other side's
    /// change is in alone (settled either way, one of the two is taken);
    /// none when the other side's change is in no conflict (it is taken).
    fn required(&self, need: Need) -> Vec<usize> {
        let own = &self.entries[need.own].conflicts;
        match need
            .other
            .map(|other| self.entries[other].conflicts.as_slice())
        {
            Some([]) => Vec::new(),
            Some([shared]) if own.contains(shared) => {
                own.iter().copied().filter(|c| c != shared).collect()
            }
            _ => own.clone(),
        }
    }

    /// Makes each change join the conflicts of the changes it needs (see the
    /// module), until nothing more joins.
    pub(super) fn follow_needs(&mut self) {
        let needs: Vec<Vec<Need>> = (0..self.entries.len())
            .map(|entry| self.needs(entry))
            .collect();
        loop {
            let mut joins: Vec<(usize, usize)> = Vec::new();
            for (entry, needs) in needs.iter().enumerate() {
                for &need in needs {
                    joins.extend(
                        self.required(need)
                            .into_iter()
                            .filter(|c| !self.entries[entry].conflicts.contains(c))
                            .map(|c| (entry, c)),
                    );
                }
            }
            if joins.is_empty() {
                return;
            }
            joins.sort_unstable();
            joins.dedup();
            for (entry, conflict) in joins {
                let change = self.entries[entry].change.clone();
                match self.entries[entry].side {
                    Side::Ours => self.conflicts[conflict].our_changes.push(change),
                    Side::Theirs => self.conflicts[conflict].their_changes.push(change),
                }
                self.entries[entry].conflicts.push(conflict);
            }
        }
    }
}
