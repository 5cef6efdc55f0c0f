//! Examples of the merge, and the property test: for random pairs of edit
//! sequences from the example plan, the merge takes every change that is
//! not in a conflict, and it is symmetric up to the order of conflicts.

use std::collections::HashSet;

use super::collisions::phase_of;
use super::*;
use crate::plan::diff::PHASE_FIELD;
use crate::plan::fixtures::{EXAMPLE, new_subtask, nth_subtask};
use crate::plan::model::{Id, Milestone, PeriodText, Status, Subtask};
use proptest::prelude::*;

fn example() -> Plan {
    serde_json::from_str(EXAMPLE).expect("the example plan parses")
}

fn subtask_mut<'a>(plan: &'a mut Plan, id: &str) -> &'a mut Subtask {
    plan.phases
        .iter_mut()
        .flat_map(|phase| phase.subtasks.iter_mut())
        .find(|subtask| subtask.id == id)
        .expect("the subtask exists")
}

fn plan_of(value: Option<Value>) -> Plan {
    serde_json::from_value(value.expect("the plan is kept")).expect("the merge is a plan")
}

fn merged(merge: &PlanMerge, side: Side) -> Plan {
    plan_of(merge.resolve(&|_, _| side).expect("the merge applies"))
}

fn targets(merge: &PlanMerge) -> Vec<String> {
    merge
        .conflicts
        .iter()
        .map(|c| c.target.to_string())
        .collect()
}

#[test]
fn different_fields_of_one_item_combine() {
    let base = example();
    let mut ours = base.clone();
    subtask_mut(&mut ours, "workshop-i-teams").status = Status::Done;
    let mut theirs = base.clone();
    subtask_mut(&mut theirs, "workshop-i-teams").owner = Some("Anna".into());
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert!(merge.is_clean(), "{:?}", merge.conflicts);
    let result = merged(&merge, Side::Ours);
    let mut expected = ours.clone();
    subtask_mut(&mut expected, "workshop-i-teams").owner = Some("Anna".into());
    assert_eq!(result, expected);
}

#[test]
fn the_same_field_set_differently_is_a_conflict() {
    let base = example();
    let mut ours = base.clone();
    subtask_mut(&mut ours, "workshop-i-teams").status = Status::Done;
    let mut theirs = base.clone();
    subtask_mut(&mut theirs, "workshop-i-teams").status = Status::Blocked;
    theirs.title = "Ny titel".into();
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["workshop-i-teams.status"]);
    let conflict = &merge.conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Field);
    assert_eq!(conflict.ours, Some(Value::from("done")));
    assert_eq!(conflict.theirs, Some(Value::from("blocked")));
    for side in [Side::Ours, Side::Theirs] {
        let result = merged(&merge, side);
        assert_eq!(result.title, "Ny titel", "the other change is kept");
        let status = result
            .subtasks()
            .find(|(_, s)| s.id == "workshop-i-teams")
            .map(|(_, s)| s.status);
        let expected = match side {
            Side::Ours => Status::Done,
            Side::Theirs => Status::Blocked,
        };
        assert_eq!(status, Some(expected));
    }
}

#[test]
fn the_same_change_on_both_sides_is_taken_once() {
    let base = example();
    let mut ours = base.clone();
    subtask_mut(&mut ours, "workshop-i-teams").status = Status::Done;
    let merge = merge(Some(&base), Some(&ours), Some(&ours.clone()));
    assert!(merge.is_clean());
    assert_eq!(merged(&merge, Side::Ours), ours);
}

#[test]
fn subtasks_added_to_one_phase_by_both_sides_are_both_kept_in_id_order() {
    let base = example();
    let new = |id: &str| crate::plan::fixtures::new_subtask(id.into(), format!("Opgave {id}"));
    let mut ours = base.clone();
    ours.phases[0].subtasks.push(new("zz-ours"));
    let mut theirs = base.clone();
    theirs.phases[0].subtasks.push(new("aa-theirs"));
    let one = merge(Some(&base), Some(&ours), Some(&theirs));
    let other = merge(Some(&base), Some(&theirs), Some(&ours));
    assert!(one.is_clean() && other.is_clean());
    let result = merged(&one, Side::Ours);
    assert_eq!(result, merged(&other, Side::Ours));
    let ids: Vec<&str> = result.phases[0]
        .subtasks
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids[ids.len() - 2..], ["aa-theirs", "zz-ours"]);
}

#[test]
fn an_item_removed_on_one_side_and_untouched_on_the_other_is_removed() {
    let base = example();
    let mut ours = base.clone();
    ours.milestones.clear();
    let mut theirs = base.clone();
    subtask_mut(&mut theirs, "workshop-i-teams").status = Status::Done;
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert!(merge.is_clean());
    let result = merged(&merge, Side::Theirs);
    assert!(result.milestones.is_empty());
}

#[test]
fn an_item_removed_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let base = example();
    let mut ours = base.clone();
    ours.phases[0]
        .subtasks
        .retain(|s| s.id != "workshop-i-teams");
    let mut theirs = base.clone();
    subtask_mut(&mut theirs, "workshop-i-teams").status = Status::Done;
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["workshop-i-teams"]);
    assert_eq!(
        merge.conflicts[0].kind,
        ConflictKind::Removed { by: Side::Ours }
    );
    assert_eq!(merged(&merge, Side::Ours), ours);
    assert_eq!(merged(&merge, Side::Theirs), theirs);
}

#[test]
fn a_phase_removed_while_the_other_side_adds_to_it_is_one_conflict() {
    let base = example();
    let mut ours = base.clone();
    ours.phases.remove(1);
    ours.reporting
        .retain(|r| r.after.as_ref().is_none_or(|a| a.0 != "fase-2"));
    ours.milestones.clear();
    let mut theirs = base.clone();
    theirs.phases[1].subtasks[0].status = Status::Done;
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["fase-2"]);
    assert_eq!(merged(&merge, Side::Ours), ours);
    // Keeping the phase keeps its subtasks; the milestone removed on our
    // side is another, independent change.
    let mut expected = theirs.clone();
    expected.milestones.clear();
    assert_eq!(merged(&merge, Side::Theirs), expected);
}

#[test]
fn the_same_id_added_differently_on_both_sides_is_a_conflict() {
    let base = example();
    let milestone = |title: &str| Milestone {
        id: "byraadet".into(),
        title: title.into(),
        date: PeriodText("2025-01-15".into()),
    };
    let mut ours = base.clone();
    ours.milestones.push(milestone("Byrådet"));
    let mut theirs = base.clone();
    theirs.milestones.push(milestone("Byrådsmødet"));
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["byraadet"]);
    assert_eq!(merge.conflicts[0].kind, ConflictKind::AddedTwice);
    assert_eq!(merged(&merge, Side::Theirs), theirs);
}

#[test]
fn a_plan_created_on_both_sides_is_a_conflict_of_its_own() {
    let base = example();
    let mut other = base.clone();
    other.title = "En anden plan".into();
    let merge = merge(None, Some(&base), Some(&other));
    assert_eq!(merge.conflicts.len(), 1);
    assert_eq!(merge.conflicts[0].kind, ConflictKind::PlanCreatedTwice);
    assert_eq!(merged(&merge, Side::Theirs), other);
    // Created identically: nothing to settle.
    assert!(merge_is_clean(None, Some(&base), Some(&base)));
}

fn merge_is_clean(base: Option<&Plan>, ours: Option<&Plan>, theirs: Option<&Plan>) -> bool {
    merge(base, ours, theirs).is_clean()
}

#[test]
fn both_sides_reordering_one_list_differently_is_a_conflict() {
    let base = example();
    let mut ours = base.clone();
    ours.phases[0].subtasks.swap(0, 1);
    let mut theirs = base.clone();
    theirs.phases[0].subtasks.swap(2, 3);
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["fase-1.subtasks"]);
    assert_eq!(merged(&merge, Side::Ours), ours);
    assert_eq!(merged(&merge, Side::Theirs), theirs);
}

/// Found by the property test: ours removes phase 1 (and a subtask of phase
/// 2); theirs moves that subtask into phase 1 and changes it. Keeping phase
/// 1 must keep the subtask too.
#[test]
fn a_subtask_moved_into_a_phase_the_other_side_removed_goes_with_the_phase() {
    let base = example();
    let ours = edited(&base, &[Edit::RemoveSubtask(4), Edit::RemovePhase(0)]);
    let theirs = edited(
        &base,
        &[
            Edit::Move {
                subtask: 5,
                phase: 0,
                at: 0,
            },
            Edit::Move {
                subtask: 5,
                phase: 0,
                at: 0,
            },
            Edit::Due(0, None),
        ],
    );
    let merge = merge(Some(&base), Some(&ours), Some(&theirs));
    assert_eq!(targets(&merge), ["fase-1"]);
    assert_eq!(merged(&merge, Side::Ours), ours);
    let kept = merged(&merge, Side::Theirs);
    let moved = kept.phases[0]
        .subtasks
        .iter()
        .find(|s| s.id == "planlaegning-fase-2");
    assert_eq!(moved.map(|s| s.due.clone()), Some(None));
}

// -- the property test ---------------------------------------------------

/// Few values, so that both sides often touch the same thing, sometimes
/// the same way.
const NAMES: &[&str] = &["Anna", "Bo", "Carl"];
const PERIODS: &[&str] = &["2024-10", "2024-11-28", "2025-Q1"];

#[derive(Debug, Clone)]
enum Edit {
    Status(usize, Status),
    Owner(usize, Option<&'static str>),
    Due(usize, Option<&'static str>),
    AddSubtask {
        id: usize,
        phase: usize,
        at: usize,
    },
    RemoveSubtask(usize),
    Move {
        subtask: usize,
        phase: usize,
        at: usize,
    },
    Rotate(usize),
    PlanTitle(&'static str),
    AddMilestone(usize, &'static str),
    RemoveMilestone,
    /// A new phase (id, place) with a subtask, depending on the phase at
    /// the index when there is one.
    AddPhase(usize, usize, Option<usize>),
    RemovePhase(usize),
    /// Removes a phase with the references to it, as a user must for the
    /// plan to stay valid.
    RemovePhaseCleanly(usize),
    /// Phase n comes to depend on phase m.
    DependsOn(usize, usize),
    /// Removes the first milestone and gives its id to a new subtask in
    /// the phase at the index.
    MilestoneIdToSubtask(usize),
    /// Removes the nth subtask and gives its id to a new milestone.
    SubtaskIdToMilestone(usize),
    PhaseGoal(usize, &'static str),
    ReportingStatus(usize, Status),
    ReverseReporting,
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = 0..8usize;
    let status = proptest::sample::select(Status::ALL.to_vec());
    let name = proptest::sample::select(NAMES.to_vec());
    let period = proptest::sample::select(PERIODS.to_vec());
    prop_oneof![
        3 => (index.clone(), status.clone()).prop_map(|(i, s)| Edit::Status(i, s)),
        2 => (index.clone(), proptest::option::of(name.clone())).prop_map(|(i, o)| Edit::Owner(i, o)),
        2 => (index.clone(), proptest::option::of(period.clone())).prop_map(|(i, d)| Edit::Due(i, d)),
        2 => (0..3usize, index.clone(), index.clone())
            .prop_map(|(id, phase, at)| Edit::AddSubtask { id, phase, at }),
        2 => index.clone().prop_map(Edit::RemoveSubtask),
        2 => (index.clone(), index.clone(), index.clone())
            .prop_map(|(subtask, phase, at)| Edit::Move { subtask, phase, at }),
        1 => index.clone().prop_map(Edit::Rotate),
        1 => name.clone().prop_map(Edit::PlanTitle),
        1 => (0..3usize, period).prop_map(|(id, date)| Edit::AddMilestone(id, date)),
        1 => Just(Edit::RemoveMilestone),
        1 => (0..2usize, index.clone(), proptest::option::of(index.clone()))
            .prop_map(|(id, at, on)| Edit::AddPhase(id, at, on)),
        1 => index.clone().prop_map(Edit::RemovePhase),
        1 => index.clone().prop_map(Edit::RemovePhaseCleanly),
        1 => (index.clone(), index.clone()).prop_map(|(n, m)| Edit::DependsOn(n, m)),
        1 => index.clone().prop_map(Edit::MilestoneIdToSubtask),
        1 => index.clone().prop_map(Edit::SubtaskIdToMilestone),
        1 => (index.clone(), name).prop_map(|(i, g)| Edit::PhaseGoal(i, g)),
        1 => (index, status).prop_map(|(i, s)| Edit::ReportingStatus(i, s)),
        1 => Just(Edit::ReverseReporting),
    ]
}

fn ids(plan: &Plan) -> HashSet<String> {
    let mut ids: HashSet<String> = plan.phases.iter().map(|p| p.id.clone()).collect();
    ids.extend(plan.subtasks().map(|(_, s)| s.id.clone()));
    ids.extend(plan.milestones.iter().map(|m| m.id.clone()));
    ids.extend(plan.reporting.iter().map(|r| r.id.clone()));
    ids
}

fn apply_edit(plan: &mut Plan, edit: &Edit) {
    let phases = plan.phases.len();
    let taken = ids(plan);
    match edit {
        Edit::Status(n, status) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].status = *status;
            }
        }
        Edit::Owner(n, owner) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].owner = owner.map(str::to_string);
            }
        }
        Edit::Due(n, due) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].due = due.map(|d| PeriodText(d.to_string()));
            }
        }
        Edit::AddSubtask { id, phase, at } => {
            let id = format!("ny-{id}");
            if taken.contains(&id) {
                return;
            }
            let subtasks = &mut plan.phases[phase % phases].subtasks;
            let at = at % (subtasks.len() + 1);
            // The title depends on where it goes: the same id added at the
            // same place is the same subtask.
            let title = format!("Ny opgave {id} i fase {}", phase % phases);
            subtasks.insert(at, new_subtask(id, title));
        }
        Edit::RemoveSubtask(n) => crate::plan::fixtures::remove_nth_subtask(plan, *n),
        Edit::Move { subtask, phase, at } => {
            crate::plan::fixtures::move_nth_subtask(plan, *subtask, *phase, *at)
        }
        Edit::Rotate(n) => {
            let subtasks = &mut plan.phases[n % phases].subtasks;
            if !subtasks.is_empty() {
                subtasks.rotate_left(1);
            }
        }
        Edit::PlanTitle(title) => plan.title = format!("Plan for {title}"),
        Edit::AddMilestone(id, date) => {
            let id = format!("ny-{id}");
            if taken.contains(&id) {
                return;
            }
            plan.milestones.push(Milestone {
                title: format!("Milepæl {id}"),
                id,
                date: PeriodText(date.to_string()),
            });
        }
        Edit::RemoveMilestone => {
            if !plan.milestones.is_empty() {
                plan.milestones.remove(0);
            }
        }
        Edit::AddPhase(id, at, on) => {
            let id = format!("fase-ny-{id}");
            let start = format!("start-{id}");
            if taken.contains(&id) || taken.contains(&start) {
                return;
            }
            let mut phase = plan.phases[0].clone();
            phase.title = format!("Fase {id}: Ny");
            phase.id = id;
            phase.depends_on = on
                .map(|on| plan.phases[on % phases].id.clone())
                .into_iter()
                .map(Id)
                .collect();
            phase.subtasks = vec![new_subtask(start, "Opstart".into())];
            plan.phases.insert(at % (phases + 1), phase);
        }
        Edit::RemovePhase(n) => {
            if phases > 1 {
                plan.phases.remove(n % phases);
            }
        }
        Edit::RemovePhaseCleanly(n) => {
            if phases > 1 {
                let id = plan.phases.remove(n % phases).id;
                for phase in &mut plan.phases {
                    phase.depends_on.retain(|d| d.0 != id);
                }
                for reporting in &mut plan.reporting {
                    if reporting.after.as_ref().is_some_and(|after| after.0 == id) {
                        reporting.after = None;
                    }
                }
            }
        }
        Edit::DependsOn(n, m) => {
            let on = Id(plan.phases[m % phases].id.clone());
            let depends_on = &mut plan.phases[n % phases].depends_on;
            if n % phases != m % phases && !depends_on.contains(&on) {
                depends_on.push(on);
            }
        }
        Edit::MilestoneIdToSubtask(phase) => {
            if !plan.milestones.is_empty() {
                let id = plan.milestones.remove(0).id;
                let title = format!("Opgave med milepælens id {id}");
                plan.phases[phase % phases]
                    .subtasks
                    .push(new_subtask(id, title));
            }
        }
        Edit::SubtaskIdToMilestone(n) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                let id = plan.phases[p].subtasks.remove(s).id;
                plan.milestones.push(Milestone {
                    title: format!("Milepæl med opgavens id {id}"),
                    id,
                    date: PeriodText("2025-Q1".into()),
                });
            }
        }
        Edit::PhaseGoal(n, goal) => plan.phases[n % phases].goal = Some(format!("Mål: {goal}")),
        Edit::ReportingStatus(n, status) => {
            let count = plan.reporting.len();
            if count > 0 {
                plan.reporting[n % count].status = *status;
            }
        }
        Edit::ReverseReporting => plan.reporting.reverse(),
    }
}

fn edited(plan: &Plan, edits: &[Edit]) -> Plan {
    let mut plan = plan.clone();
    for edit in edits {
        apply_edit(&mut plan, edit);
    }
    plan
}

/// A field's value, with `null` and `[]` counted as absent.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
}

/// The item with this kind and id in `plan`, as JSON, and the phase it is in.
fn find_item(plan: &Plan, kind: ItemKind, id: &str) -> Option<(Value, Option<String>)> {
    let value = item_value(plan, kind, id)?;
    let phase = (kind == ItemKind::Subtask)
        .then(|| phase_of(plan, id).map(str::to_string))
        .flatten();
    Some((value, phase))
}

/// Whether `plan` shows the change `change` made.
fn shows(plan: &Plan, change: &Change) -> Result<(), String> {
    let item = change.item.as_deref().unwrap_or_default();
    let found = find_item(plan, change.kind, item);
    let ok = match (change.kind, change.field.as_deref()) {
        (ItemKind::Plan, Some(field)) => {
            let json = serde_json::to_value(plan).unwrap_or_default();
            present(json.get(field)) == present(change.after.as_ref())
        }
        (_, Some(PHASE_FIELD)) => {
            found.and_then(|(_, phase)| phase).as_deref()
                == change.after.as_ref().and_then(Value::as_str)
        }
        (_, Some(field)) => found
            .is_some_and(|(value, _)| present(value.get(field)) == present(change.after.as_ref())),
        (_, None) if change.after.is_none() => found.is_none(),
        (_, None) => found.is_some_and(|(value, phase)| {
            Some(&value) == change.after.as_ref()
                && (change.kind != ItemKind::Subtask || phase == change.phase)
        }),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("the merge lacks {change:?}"))
    }
}

/// A side for a conflict, by a bit of `choices` picked by its target, so
/// that the same conflict seen from the other side is settled alike.
fn side_by_bits(choices: u64, conflict: &Conflict) -> Side {
    let hash = conflict
        .target
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    if choices >> (hash % 64) & 1 == 1 {
        Side::Theirs
    } else {
        Side::Ours
    }
}

/// The references (`depends_on`, `after`) to phases the plan lacks.
fn dangling(plan: &Plan) -> Vec<String> {
    let phases: HashSet<&str> = plan.phases.iter().map(|p| p.id.as_str()).collect();
    let named = plan
        .phases
        .iter()
        .flat_map(|p| p.depends_on.iter())
        .chain(plan.reporting.iter().filter_map(|r| r.after.as_ref()));
    named
        .filter(|id| !phases.contains(id.0.as_str()))
        .map(|id| id.0.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("MERGE_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(384),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_merge_keeps_every_change_not_in_conflict_and_is_symmetric(
        ours_edits in proptest::collection::vec(edit(), 0..6),
        theirs_edits in proptest::collection::vec(edit(), 0..6),
        choices in any::<u64>(),
    ) {
        let base = example();
        let ours = edited(&base, &ours_edits);
        let theirs = edited(&base, &theirs_edits);

        // One side unchanged, or both the same: the other side.
        prop_assert_eq!(merged(&merge(Some(&base), Some(&base), Some(&theirs)), Side::Ours), theirs.clone());
        prop_assert_eq!(merged(&merge(Some(&base), Some(&ours), Some(&base)), Side::Ours), ours.clone());
        prop_assert_eq!(merged(&merge(Some(&base), Some(&ours), Some(&ours)), Side::Ours), ours.clone());

        let forward = merge(Some(&base), Some(&ours), Some(&theirs));
        let backward = merge(Some(&base), Some(&theirs), Some(&ours));
        prop_assert_eq!(forward.conflict_keys(false), backward.conflict_keys(true));

        for side in [Side::Ours, Side::Theirs] {
            let result = forward.resolve(&|_, _| side);
            prop_assert!(result.is_ok(), "settled for {:?}: {:?}\nconflicts: {:#?}", side, result, forward.conflicts);
            let result: Plan = serde_json::from_value(result.unwrap_or_default().unwrap_or_default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mirrored = backward.resolve(&|_, _| side.other());
            prop_assert!(mirrored.is_ok(), "{:?}", mirrored);
            let mirrored: Plan = serde_json::from_value(mirrored.unwrap_or_default().unwrap_or_default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&result, &mirrored, "merge(base, a, b) != merge(base, b, a)");

            for entry in &forward.entries {
                if entry.duplicate || !(entry.conflicts.is_empty() || entry.side == side) {
                    continue;
                }
                let shown = shows(&result, &entry.change);
                prop_assert!(shown.is_ok(), "{:?} (settled for {:?})\nconflicts: {:#?}", shown, side, forward.conflicts);
            }
        }

        // Settled conflict by conflict, any way: the merge applies, is the
        // same either way round, keeps its ids unique and its references
        // whole (when the sides had them whole), and shows every change in
        // no conflict settled against its side.
        let choose = |conflict: &Conflict| side_by_bits(choices, conflict);
        let result = forward.resolve(&|_, conflict| choose(conflict));
        prop_assert!(result.is_ok(), "settled {:#x}: {:?}\nconflicts: {:#?}", choices, result, forward.conflicts);
        let result: Plan = serde_json::from_value(result.unwrap_or_default().unwrap_or_default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mirrored = backward.resolve(&|_, conflict| choose(conflict).other());
        prop_assert!(mirrored.is_ok(), "{:?}", mirrored);
        let mirrored: Plan = serde_json::from_value(mirrored.unwrap_or_default().unwrap_or_default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&result, &mirrored, "merge(base, a, b) != merge(base, b, a)");
        let count = result.phases.len() + result.subtasks().count() + result.milestones.len() + result.reporting.len();
        prop_assert_eq!(ids(&result).len(), count, "ids repeat");
        if [&base, &ours, &theirs].iter().all(|plan| dangling(plan).is_empty()) {
            prop_assert_eq!(dangling(&result), Vec::<String>::new(), "conflicts: {:#?}", forward.conflicts);
        }
        let chosen: Vec<Side> = forward.conflicts.iter().map(choose).collect();
        for entry in &forward.entries {
            let against = forward.conflicts.iter().zip(&chosen).any(|(conflict, chosen)| {
                *chosen != entry.side && conflict.changes(entry.side).contains(&entry.change)
            });
            if against {
                continue;
            }
            let shown = shows(&result, &entry.change);
            prop_assert!(shown.is_ok(), "{:?} (settled {:#x})\nconflicts: {:#?}", shown, choices, forward.conflicts);
        }
    }
}
