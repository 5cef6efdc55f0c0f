//! The order of each list in a merged plan.
//!
//! For each list (the phases, the subtasks of one phase, the milestones,
//! the reporting):
//!
//! - the items that stayed in the list on both sides keep the order of the
//!   side that reordered them; when both did, differently, that is a
//!   conflict and the chosen side's order wins; when neither did, the base
//!   order stands;
//! - an item kept in the list only because a conflict was settled that way
//!   goes right after the item before it in the base;
//! - items entering the list (added, or moved in) follow the item they
//!   followed on their side (the nearest one that stays); items entering at
//!   the same place from both sides come as two runs, the run with the
//!   smaller ids first, each in its side's order.
//!
//! None of this depends on which side is "ours", so the merge is symmetric.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::{Side, Target};
use crate::plan::Plan;
use crate::plan::diff::ItemKind;

/// A list of items in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListId {
    /// The phases.
    Phases,
    /// The subtasks of the phase with this id.
    Subtasks(String),
    /// The milestones.
    Milestones,
    /// The reporting obligations.
    Reporting,
}

impl ListId {
    /// The conflict target naming this list: `phases`, `fase-1.subtasks`, …
    pub fn target(&self) -> Target {
        let (item, field) = match self {
            ListId::Phases => (None, "phases"),
            ListId::Subtasks(phase) => (Some(phase.clone()), "subtasks"),
            ListId::Milestones => (None, "milestones"),
            ListId::Reporting => (None, "reporting"),
        };
        Target {
            item,
            field: Some(field.to_string()),
        }
    }

    /// The kind of item that owns the list.
    pub fn item_kind(&self) -> ItemKind {
        match self {
            ListId::Subtasks(_) => ItemKind::Phase,
            _ => ItemKind::Plan,
        }
    }
}

/// Every list of a plan, as ids in order.
fn lists(plan: &Plan) -> BTreeMap<ListId, Vec<String>> {
    let mut lists = BTreeMap::new();
    lists.insert(
        ListId::Phases,
        plan.phases.iter().map(|p| p.id.clone()).collect(),
    );
    for phase in &plan.phases {
        lists.insert(
            ListId::Subtasks(phase.id.clone()),
            phase.subtasks.iter().map(|s| s.id.clone()).collect(),
        );
    }
    lists.insert(
        ListId::Milestones,
        plan.milestones.iter().map(|m| m.id.clone()).collect(),
    );
    lists.insert(
        ListId::Reporting,
        plan.reporting.iter().map(|r| r.id.clone()).collect(),
    );
    lists
}

/// The ids of `list` that are also in `keep`, in order.
fn only(list: &[String], keep: &HashSet<&str>) -> Vec<String> {
    list.iter()
        .filter(|id| keep.contains(id.as_str()))
        .cloned()
        .collect()
}

/// The items that stay in a list on both sides, in the order of base,
/// ours and theirs.
fn staying(base: &[String], ours: &[String], theirs: &[String]) -> [Vec<String>; 3] {
    let ours_set: HashSet<&str> = ours.iter().map(String::as_str).collect();
    let theirs_set: HashSet<&str> = theirs.iter().map(String::as_str).collect();
    let common: HashSet<&str> = base
        .iter()
        .map(String::as_str)
        .filter(|id| ours_set.contains(id) && theirs_set.contains(id))
        .collect();
    [
        only(base, &common),
        only(ours, &common),
        only(theirs, &common),
    ]
}

/// The lists both sides reordered, differently: the list and the order of
/// its staying items in base, ours and theirs.
pub(super) fn conflicting_orders(
    base: &Plan,
    ours: &Plan,
    theirs: &Plan,
) -> Vec<(ListId, [Vec<String>; 3])> {
    let (base, ours, theirs) = (lists(base), lists(ours), lists(theirs));
    base.iter()
        .filter_map(|(list, base_ids)| {
            let [b, o, t] = staying(base_ids, ours.get(list)?, theirs.get(list)?);
            (o != b && t != b && o != t).then(|| (list.clone(), [b, o, t]))
        })
        .collect()
}

/// Puts every list of the merged plan `value` in merged order. `plans` are
/// base, ours and theirs; `choice` gives the side chosen for a list whose
/// order is in conflict.
pub(super) fn reorder(
    value: &mut Value,
    plans: [&Plan; 3],
    choice: &dyn Fn(&ListId) -> Option<Side>,
) {
    let [base, ours, theirs] = plans.map(lists);
    let empty = Vec::new();
    let mut order_of = |list: &ListId, current: &[String]| -> Vec<String> {
        merged_order(
            current,
            [
                base.get(list).unwrap_or(&empty),
                ours.get(list).unwrap_or(&empty),
                theirs.get(list).unwrap_or(&empty),
            ],
            choice(list),
        )
    };
    let Some(root) = value.as_object_mut() else {
        return;
    };
    for (key, list) in [
        ("phases", ListId::Phases),
        ("milestones", ListId::Milestones),
        ("reporting", ListId::Reporting),
    ] {
        if let Some(Value::Array(items)) = root.get_mut(key) {
            sort_items(items, &list, &mut order_of);
        }
    }
    if let Some(Value::Array(phases)) = root.get_mut("phases") {
        for phase in phases {
            let Some(id) = phase.get("id").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            if let Some(Value::Array(subtasks)) = phase.get_mut("subtasks") {
                sort_items(subtasks, &ListId::Subtasks(id), &mut order_of);
            }
        }
    }
}

/// Sorts a JSON list of items by the merged order of their ids.
fn sort_items(
    items: &mut Vec<Value>,
    list: &ListId,
    order_of: &mut dyn FnMut(&ListId, &[String]) -> Vec<String>,
) {
    let ids: Vec<String> = items
        .iter()
        .map(|item| {
            item.get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let order = order_of(list, &ids);
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(rank, id)| (id.as_str(), rank))
        .collect();
    let mut ranked: Vec<(usize, Value)> = std::mem::take(items)
        .into_iter()
        .zip(&ids)
        .map(|(item, id)| (rank.get(id.as_str()).copied().unwrap_or(usize::MAX), item))
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    items.extend(ranked.into_iter().map(|(_, item)| item));
}

/// The merged order of a list whose merged items are `current`, given the
/// list in base, ours and theirs.
fn merged_order(current: &[String], sides: [&[String]; 3], choice: Option<Side>) -> Vec<String> {
    let [base, ours, theirs] = sides;
    let in_merged: HashSet<&str> = current.iter().map(String::as_str).collect();
    let [b, o, t] = staying(base, ours, theirs);

    // 1. The items that stay on both sides, in the order of the side that
    //    reordered them.
    let reorderer = match (o != b, t != b) {
        (false, false) => None,
        (true, false) => Some(Side::Ours),
        (false, true) => Some(Side::Theirs),
        (true, true) if o == t => Some(Side::Ours),
        (true, true) => Some(choice.unwrap_or(Side::Ours)),
    };
    let mut common: Vec<String> = match reorderer {
        None => b,
        Some(Side::Ours) => o,
        Some(Side::Theirs) => t,
    };
    common.retain(|id| in_merged.contains(id.as_str()));

    // 2. Base items kept by a settled conflict: after their base predecessor.
    for (index, id) in base.iter().enumerate() {
        if !in_merged.contains(id.as_str()) || common.contains(id) {
            continue;
        }
        let at = base[..index]
            .iter()
            .rev()
            .find_map(|before| common.iter().position(|c| c == before))
            .map_or(0, |position| position + 1);
        common.insert(at, id.clone());
    }

    // 3. Entering items, as runs after the staying item they followed.
    let in_common: HashMap<&str, usize> = common
        .iter()
        .enumerate()
        .map(|(index, id)| (id.as_str(), index))
        .collect();
    let in_base: HashSet<&str> = base.iter().map(String::as_str).collect();
    let entering = |id: &str| in_merged.contains(id) && !in_base.contains(id);
    // (anchor rank: 0 for the start, index + 1 after a common item) → runs
    let mut runs: Vec<Vec<(usize, String)>> = Vec::new();
    for side in [ours, theirs] {
        let mut anchor = 0;
        let mut placed = Vec::new();
        for id in side {
            if let Some(index) = in_common.get(id.as_str()) {
                anchor = index + 1;
            } else if entering(id) {
                placed.push((anchor, id.clone()));
            }
        }
        runs.push(placed);
    }
    // An item entering on both sides at different places goes to the later.
    let anchor_in = |run: &[(usize, String)], id: &str| {
        run.iter().find(|(_, other)| other == id).map(|(a, _)| *a)
    };
    let (ours_run, theirs_run) = (runs[0].clone(), runs[1].clone());
    runs[0].retain(|(anchor, id)| anchor_in(&theirs_run, id).is_none_or(|other| *anchor >= other));
    runs[1].retain(|(anchor, id)| anchor_in(&ours_run, id).is_none_or(|other| *anchor >= other));

    let mut slots: BTreeMap<usize, Vec<Vec<String>>> = BTreeMap::new();
    for run in &runs {
        let mut by_anchor: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (anchor, id) in run {
            by_anchor.entry(*anchor).or_default().push(id.clone());
        }
        for (anchor, ids) in by_anchor {
            slots.entry(anchor).or_default().push(ids);
        }
    }
    let mut order: Vec<String> = Vec::with_capacity(current.len());
    let mut seen: HashSet<String> = HashSet::new();
    let mut emit_slot = |anchor: usize, order: &mut Vec<String>| {
        if let Some(mut group) = slots.remove(&anchor) {
            group.sort();
            for id in group.into_iter().flatten() {
                if seen.insert(id.clone()) {
                    order.push(id);
                }
            }
        }
    };
    emit_slot(0, &mut order);
    for (index, id) in common.iter().enumerate() {
        order.push(id.clone());
        emit_slot(index + 1, &mut order);
    }
    // Anything left (not expected): at the end, by id.
    let placed: HashSet<&str> = order.iter().map(String::as_str).collect();
    let mut rest: Vec<String> = current
        .iter()
        .filter(|id| !placed.contains(id.as_str()))
        .cloned()
        .collect();
    rest.sort();
    order.extend(rest);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn order(current: &str, base: &str, ours: &str, theirs: &str) -> String {
        let (b, o, t) = (ids(base), ids(ours), ids(theirs));
        merged_order(&ids(current), [&b, &o, &t], None).join(" ")
    }

    #[test]
    fn one_side_reordering_wins() {
        assert_eq!(order("a b c", "a b c", "c a b", "a b c"), "c a b");
        assert_eq!(order("a b c", "a b c", "a b c", "b c a"), "b c a");
    }

    #[test]
    fn additions_follow_their_predecessor() {
        assert_eq!(order("a b c x", "a b c", "a x b c", "a b c"), "a x b c");
        assert_eq!(
            order("a b c x y", "a b c", "a x b c", "a b c y"),
            "a x b c y"
        );
    }

    #[test]
    fn additions_at_the_same_place_are_ordered_by_id_either_way() {
        let one = order("a b y x z", "a b", "a y b", "a x z b");
        let other = order("a b y x z", "a b", "a x z b", "a y b");
        assert_eq!(one, "a x z y b");
        assert_eq!(one, other);
    }

    #[test]
    fn removed_items_leave_and_kept_items_stay_near_their_base_place() {
        assert_eq!(order("a c", "a b c", "a c", "a b c"), "a c");
        // b removed by ours but kept (conflict settled for theirs).
        assert_eq!(order("a b c", "a b c", "a c", "a b c"), "a b c");
    }
}
