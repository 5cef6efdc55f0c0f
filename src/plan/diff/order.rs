//! The order of items across two versions: the merged order of both, and the
//! fewest `position` changes that keep every list's order through `apply`.

use std::collections::{HashMap, HashSet};

use super::{Container, Item, ItemKind, Slot};

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
pub(super) fn merge(before: &[Item], after: &[Item]) -> Vec<Slot> {
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
pub(super) fn positions_needed(before: &[Item], after: &[Item], slots: &[Slot]) -> HashSet<usize> {
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
