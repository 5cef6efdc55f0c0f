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
