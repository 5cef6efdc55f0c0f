//! Plans and edits shared by the unit tests and the fuzz crate (feature
//! `fixtures`): the example plan and the helpers that pick and make
//! subtasks.

use crate::plan::model::{Plan, Status, Subtask};

/// The example plan (arbejdsplads-1), as its file reads.
pub const EXAMPLE: &str = include_str!("../../plans/arbejdsplads-1.json");

/// (phase index, subtask index) of the `n`th subtask, counting round.
pub fn nth_subtask(plan: &Plan, n: usize) -> Option<(usize, usize)> {
    let all: Vec<(usize, usize)> = plan
        .phases
        .iter()
        .enumerate()
        .flat_map(|(p, phase)| (0..phase.subtasks.len()).map(move |s| (p, s)))
        .collect();
    (!all.is_empty()).then(|| all[n % all.len()])
}

/// Removes the `n`th subtask of the plan (counted over all phases, round).
pub fn remove_nth_subtask(plan: &mut Plan, n: usize) {
    if let Some((p, s)) = nth_subtask(plan, n) {
        plan.phases[p].subtasks.remove(s);
    }
}

/// Moves the `subtask`th subtask to place `at` of phase `phase` (both
/// counted round, so any numbers make a move).
pub fn move_nth_subtask(plan: &mut Plan, subtask: usize, phase: usize, at: usize) {
    let phases = plan.phases.len();
    if let Some((p, s)) = nth_subtask(plan, subtask) {
        let moving = plan.phases[p].subtasks.remove(s);
        let target = &mut plan.phases[phase % phases].subtasks;
        let at = at % (target.len() + 1);
        target.insert(at, moving);
    }
}

/// A planned subtask with only an id and a title.
pub fn new_subtask(id: String, title: String) -> Subtask {
    Subtask {
        id,
        title,
        status: Status::Planned,
        owner: None,
        due: None,
        notes: None,
        questions: vec![],
        communities: vec![],
        imbalances: vec![],
    }
}
