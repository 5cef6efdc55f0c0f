use super::*;
use crate::i18n::Lang;
use crate::plan::describe::{describe, describe_all};
use crate::plan::fixtures::{EXAMPLE, nth_subtask};
use crate::plan::model::{Community, Milestone, PeriodText, PhasePeriod, Status, Subtask};
use proptest::prelude::*;
use serde_json::json;
use std::collections::HashSet;

fn example() -> Plan {
    serde_json::from_str(EXAMPLE).expect("the example plan parses")
}

/// The example with short titles, as in the sentences people read.
fn short_example() -> Plan {
    let mut plan = example();
    for (id, title) in [
        ("workshop-i-teams", "Workshop"),
        ("gaa-hjem-moede", "Gå-hjem-møde"),
    ] {
        subtask_mut(&mut plan, id).title = title.to_string();
    }
    plan
}

fn english(mut plan: Plan) -> Plan {
    plan.language = Some(Lang::En);
    plan.phases[0].title = "Phase 1: Knowing the core task".to_string();
    plan.phases[1].title = "Phase 2: Implementation".to_string();
    plan
}

fn subtask_mut<'a>(plan: &'a mut Plan, id: &str) -> &'a mut Subtask {
    plan.phases
        .iter_mut()
        .flat_map(|phase| phase.subtasks.iter_mut())
        .find(|subtask| subtask.id == id)
        .expect("the subtask exists")
}

fn take_subtask(plan: &mut Plan, id: &str) -> Subtask {
    for phase in &mut plan.phases {
        if let Some(index) = phase.subtasks.iter().position(|s| s.id == id) {
            return phase.subtasks.remove(index);
        }
    }
    panic!("no subtask {id}");
}

fn sentences(before: &Plan, after: &Plan, lang: Lang) -> Vec<String> {
    describe_all(
        &diff(Some(before), Some(after)),
        Some(before),
        Some(after),
        lang,
    )
}

/// `apply` gives `after`, and `apply` of `invert` gives `before` back.
fn assert_round_trip(before: &Plan, after: &Plan) {
    let changes = diff(Some(before), Some(after));
    let forward = apply(&to_json(before), &changes).expect("the diff applies");
    let forward: Plan = serde_json::from_value(forward).expect("a plan");
    assert_eq!(
        &forward, after,
        "apply(before, diff) != after: {changes:#?}"
    );
    let back = apply(&to_json(after), &invert(&changes)).expect("the inverse applies");
    let back: Plan = serde_json::from_value(back).expect("a plan");
    assert_eq!(
        &back, before,
        "apply(after, invert(diff)) != before: {changes:#?}"
    );
}

#[test]
fn no_change_no_diff() {
    let plan = example();
    assert!(diff(Some(&plan), Some(&plan)).is_empty());
    assert!(diff(None, None).is_empty());
}

#[test]
fn status_change() {
    let before = short_example();
    let mut after = before.clone();
    subtask_mut(&mut after, "workshop-i-teams").status = Status::Done;
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(
        changes,
        vec![Change {
            item: Some("workshop-i-teams".into()),
            kind: ItemKind::Subtask,
            field: Some("status".into()),
            before: Some(json!("in_progress")),
            after: Some(json!("done")),
            phase: Some("fase-1".into()),
        }]
    );
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Workshop: status i gang → udført"]
    );
    let (before, mut after) = (english(before), english(after));
    after.language = Some(Lang::En);
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Workshop: status in progress → done"]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn period_change() {
    let before = example();
    let mut after = before.clone();
    after.phases[1].period = PhasePeriod::Single(PeriodText("2025-H1".into()));
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Fase 2: periode forår 2025 → 1. halvår 2025"]
    );
    let (before, after) = (english(before), english(after));
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Phase 2: period spring 2025 → H1 2025"]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn added_subtask() {
    let before = example();
    let mut after = before.clone();
    after.phases[0]
        .subtasks
        .push(crate::plan::fixtures::new_subtask(
            "gaa-hjem-moede-2".into(),
            "Gå-hjem-møde".into(),
        ));
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(changes.len(), 1, "appended at the end: no position needed");
    assert_eq!(changes[0].field, None);
    assert_eq!(changes[0].before, None);
    assert_eq!(changes[0].phase.as_deref(), Some("fase-1"));
    assert_eq!(
        changes[0].after,
        Some(json!({"id": "gaa-hjem-moede-2", "title": "Gå-hjem-møde", "status": "planned"}))
    );
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Ny aktivitet i Fase 1: Gå-hjem-møde"]
    );
    let (before, after) = (english(before), english(after));
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["New activity in Phase 1: Gå-hjem-møde"]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn removed_subtask_from_the_middle_keeps_its_place_for_revert() {
    let before = short_example();
    let mut after = before.clone();
    take_subtask(&mut after, "workshop-i-teams");
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(changes.len(), 2);
    assert_eq!(
        changes[0].before.as_ref().and_then(|v| v.get("title")),
        Some(&json!("Workshop"))
    );
    assert_eq!(changes[1].field.as_deref(), Some("position"));
    assert_eq!(
        (changes[1].before.clone(), changes[1].after.clone()),
        (Some(json!(2)), None)
    );
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Aktivitet fjernet fra Fase 1: Workshop"]
    );
    assert_eq!(
        describe(&changes[1], Some(&before), Some(&after), Lang::Da),
        "Workshop: var nr. 3"
    );
    let (before, after) = (english(before), english(after));
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Activity removed from Phase 1: Workshop"]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn title_change() {
    let mut before = example();
    before.title = "A".into();
    let mut after = before.clone();
    after.title = "B".into();
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(changes[0].item, None);
    assert_eq!(changes[0].kind, ItemKind::Plan);
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Titel: \"A\" → \"B\""]
    );
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Title: \"A\" → \"B\""]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn owner_set_where_there_was_none() {
    let mut before = short_example();
    subtask_mut(&mut before, "workshop-i-teams").owner = None;
    let mut after = before.clone();
    subtask_mut(&mut after, "workshop-i-teams").owner = Some("Teamleder Anna".into());
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(changes[0].before, None);
    assert_eq!(changes[0].after, Some(json!("Teamleder Anna")));
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Workshop: ansvarlig (ingen) → Teamleder Anna"]
    );
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Workshop: owner (none) → Teamleder Anna"]
    );
    assert_round_trip(&before, &after);
    assert_round_trip(&after, &before);
}

#[test]
fn subtask_moved_to_another_phase() {
    let before = short_example();
    let mut after = before.clone();
    let workshop = take_subtask(&mut after, "workshop-i-teams");
    after.phases[1].subtasks.push(workshop);
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(changes[0].field.as_deref(), Some("phase"));
    assert_eq!(changes[0].before, Some(json!("fase-1")));
    assert_eq!(changes[0].after, Some(json!("fase-2")));
    assert_eq!(changes[0].phase.as_deref(), Some("fase-2"));
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        ["Workshop: flyttet fra Fase 1 til Fase 2"]
    );
    let (before, after) = (english(before), english(after));
    assert_eq!(
        sentences(&before, &after, Lang::En),
        ["Workshop: moved from Phase 1 to Phase 2"]
    );
    assert_round_trip(&before, &after);
    let inverted = invert(&changes);
    assert!(
        inverted
            .iter()
            .all(|c| c.phase.as_deref() == Some("fase-1"))
    );
}

#[test]
fn reordering_is_a_position_change() {
    let before = short_example();
    let mut after = before.clone();
    let last = after.phases[0].subtasks.pop().expect("a subtask");
    after.phases[0].subtasks.insert(0, last);
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(
        changes.len(),
        1,
        "one item moved, one position change: {changes:#?}"
    );
    assert_eq!(
        changes[0].item.as_deref(),
        Some("opsamling-og-procesevaluering")
    );
    assert_eq!(changes[0].field.as_deref(), Some("position"));
    assert_eq!(
        (changes[0].before.clone(), changes[0].after.clone()),
        (Some(json!(3)), Some(json!(0)))
    );
    let text = &sentences(&before, &after, Lang::Da)[0];
    assert!(text.ends_with(": plads 4 → 1"), "{text}");
    assert!(sentences(&before, &after, Lang::En)[0].ends_with(": position 4 → 1"));
    assert_round_trip(&before, &after);

    let mut swapped = before.clone();
    swapped.phases.swap(0, 1);
    let changes = diff(Some(&before), Some(&swapped));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, ItemKind::Phase);
    assert_round_trip(&before, &swapped);
}

#[test]
fn list_fields_name_what_was_added_and_removed() {
    let before = short_example();
    let mut after = before.clone();
    let workshop = subtask_mut(&mut after, "workshop-i-teams");
    workshop.communities = vec![Community::Task, Community::Professional];
    workshop.questions = vec!["a".into(), "b".into(), "c".into(), "d".into()];
    assert_eq!(
        sentences(&before, &after, Lang::Da),
        [
            "Workshop: spørgsmål 4 tilføjet, 0 fjernet",
            "Workshop: arbejdsfællesskaber + fagligt, − organisatorisk",
        ]
    );
    assert_eq!(
        sentences(&before, &after, Lang::En)[1],
        "Workshop: working communities + professional, − organisational"
    );
    assert_round_trip(&before, &after);
}

#[test]
fn long_texts_are_cut() {
    let before = example();
    let mut after = before.clone();
    after.main_task = "Kort.".into();
    let text = &sentences(&before, &after, Lang::Da)[0];
    assert!(
        text.starts_with("Hovedopgave: \"Vores hovedopgave er derfor nu at sikre"),
        "{text}"
    );
    assert!(text.ends_with("…\" → \"Kort.\""), "{text}");
    assert!(text.chars().count() < 100, "{text}");
}

#[test]
fn whole_items_of_every_kind() {
    let before = example();
    let mut after = before.clone();
    after.milestones.push(Milestone {
        id: "byraad".into(),
        title: "Byrådet behandler planen".into(),
        date: PeriodText("2025-06-12".into()),
    });
    after.reporting.remove(0);
    let mut phase = after.phases[1].clone();
    phase.id = "fase-3".into();
    phase.title = "Fase 3: Forankring".into();
    phase.depends_on = vec![];
    for subtask in &mut phase.subtasks {
        subtask.id = format!("{}-3", subtask.id);
    }
    after.phases.push(phase);
    let texts = sentences(&before, &after, Lang::Da);
    assert_eq!(texts[0], "Ny fase: Fase 3: Forankring");
    assert!(texts[1].starts_with("Ny aktivitet i Fase 3: "), "{texts:?}");
    assert!(texts.contains(&"Ny milepæl: Byrådet behandler planen (12. juni 2025)".to_string()));
    assert!(
        texts.contains(&"Afrapportering fjernet: Procesevaluering af fase 1 i MED".to_string())
    );
    let texts = sentences(&before, &after, Lang::En);
    assert!(texts.contains(&"New milestone: Byrådet behandler planen (12 June 2025)".to_string()));
    assert!(texts.contains(&"Reporting removed: Procesevaluering af fase 1 i MED".to_string()));
    assert_round_trip(&before, &after);
    assert_round_trip(&after, &before);
}

#[test]
fn whole_plan_created_and_removed() {
    let plan = example();
    let created = diff(None, Some(&plan));
    assert_eq!(created.len(), 1);
    assert_eq!(
        (created[0].kind, created[0].field.clone()),
        (ItemKind::Plan, None)
    );
    assert_eq!(
        describe(&created[0], None, Some(&plan), Lang::Da),
        "Planen oprettet: Backbrief fra arbejdsplads 1"
    );
    let removed = diff(Some(&plan), None);
    assert_eq!(
        describe(&removed[0], Some(&plan), None, Lang::En),
        "Plan deleted: Backbrief fra arbejdsplads 1"
    );
    assert_eq!(apply(&Value::Null, &created), Ok(to_json(&plan)));
    assert_eq!(apply(&to_json(&plan), &removed), Ok(Value::Null));
}

#[test]
fn plan_fields_first_then_items_in_plan_order() {
    let before = example();
    let mut after = before.clone();
    after.reporting[1].status = Status::Done;
    subtask_mut(&mut after, "planlaegningsmoeder").owner = None;
    after.owner = Some("Hoved-MED".into());
    after.language = Some(Lang::En);
    let changes = diff(Some(&before), Some(&after));
    let order: Vec<(Option<&str>, Option<&str>)> = changes
        .iter()
        .map(|c| (c.item.as_deref(), c.field.as_deref()))
        .collect();
    assert_eq!(
        order,
        [
            (None, Some("owner")),
            (None, Some("language")),
            (Some("planlaegningsmoeder"), Some("owner")),
            (Some("konklusioner-til-chef"), Some("status")),
        ]
    );
    assert_eq!(
        sentences(&before, &after, Lang::Da)[..2],
        ["Ejer: Lokal-MED → Hoved-MED", "Sprog: dansk → engelsk"]
    );
    assert_round_trip(&before, &after);
}

#[test]
fn touches_the_item_and_the_phase_it_enters_or_leaves() {
    let before = example();
    let mut after = before.clone();
    let workshop = take_subtask(&mut after, "workshop-i-teams");
    after.phases[1].subtasks.push(workshop);
    subtask_mut(&mut after, "planlaegningsmoeder").status = Status::Blocked;
    let changes = diff(Some(&before), Some(&after));
    let moved = changes
        .iter()
        .find(|c| c.field.as_deref() == Some("phase"))
        .expect("a move");
    assert!(touches(moved, "workshop-i-teams"));
    assert!(touches(moved, "fase-1"));
    assert!(touches(moved, "fase-2"));
    let status = changes
        .iter()
        .find(|c| c.field.as_deref() == Some("status"))
        .expect("a status change");
    assert!(touches(status, "planlaegningsmoeder"));
    assert!(!touches(status, "fase-1"));
}

#[test]
fn apply_refuses_when_the_plan_changed_since() {
    let before = example();
    let mut after = before.clone();
    subtask_mut(&mut after, "workshop-i-teams").status = Status::Done;
    let changes = diff(Some(&before), Some(&after));
    let mut meanwhile = before.clone();
    subtask_mut(&mut meanwhile, "workshop-i-teams").status = Status::Blocked;
    let error = apply(&to_json(&meanwhile), &changes).expect_err("a conflict");
    assert!(matches!(error, ApplyError::Conflict { .. }));
    assert_eq!(
        error.message(Lang::Da),
        "Feltet \"status\" i \"workshop-i-teams\" er ændret siden: forventede in_progress, men planen har blocked."
    );
    assert_eq!(
        apply(&json!([1]), &changes).expect_err("not a plan"),
        ApplyError::NotAPlan
    );
    let mut added = before.clone();
    added.milestones.clear();
    let changes = diff(Some(&added), Some(&before));
    assert!(matches!(
        apply(&to_json(&before), &changes),
        Err(ApplyError::AlreadyExists { .. })
    ));
}

#[test]
fn apply_works_on_the_file_as_written() {
    let before = example();
    let mut after = before.clone();
    subtask_mut(&mut after, "workshop-i-teams").due = None;
    after.phases[1].depends_on.clear();
    let file: Value = serde_json::from_str(EXAMPLE).expect("json");
    let applied = apply(&file, &diff(Some(&before), Some(&after))).expect("applies");
    assert_eq!(
        serde_json::from_value::<Plan>(applied).expect("a plan"),
        after
    );
}

#[test]
fn apply_keeps_the_order_of_fields() {
    let mut before = example();
    subtask_mut(&mut before, "workshop-i-teams").owner = None;
    before.milestones.clear();
    let mut after = example();
    subtask_mut(&mut after, "workshop-i-teams").due = None;
    let text = serde_json::to_string(
        &apply(&to_json(&before), &diff(Some(&before), Some(&after))).expect("applies"),
    )
    .expect("json");
    assert_eq!(text, serde_json::to_string(&after).expect("json"));
    let back = apply(
        &to_json(&after),
        &invert(&diff(Some(&before), Some(&after))),
    )
    .expect("applies");
    assert_eq!(
        serde_json::to_string(&back).expect("json"),
        serde_json::to_string(&before).expect("json")
    );
}

#[test]
fn changes_serialize_for_scripts() {
    let before = example();
    let mut after = before.clone();
    after.phases[0].planned_by = None;
    let changes = diff(Some(&before), Some(&after));
    assert_eq!(
        serde_json::to_value(&changes).expect("json"),
        json!([{
            "item": "fase-1",
            "kind": "phase",
            "field": "planned_by",
            "before": "Lokal-MED",
            "after": null,
        }])
    );
    let back: Vec<Change> =
        serde_json::from_value(serde_json::to_value(&changes).expect("json")).expect("back");
    assert_eq!(back, changes);
}

// -- property tests ---------------------------------------------------

#[derive(Debug, Clone)]
enum Edit {
    Status(usize, Status),
    Owner(usize, Option<String>),
    Due(usize, Option<String>),
    Add {
        phase: usize,
        at: usize,
    },
    Remove(usize),
    Move {
        subtask: usize,
        phase: usize,
        at: usize,
    },
    Title(String),
    SwapPhases,
    AddMilestone,
    RemoveMilestone,
    AddPhase(usize),
    RemovePhase(usize),
    ReverseReporting,
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = 0..20usize;
    let status = proptest::sample::select(Status::ALL.to_vec());
    let period = proptest::sample::select(vec!["2024-10", "2024-11-28", "2025-Q1", "2025-spring"]);
    prop_oneof![
        (index.clone(), status).prop_map(|(i, s)| Edit::Status(i, s)),
        (index.clone(), proptest::option::of("[A-Za-zæøå ]{1,12}"))
            .prop_map(|(i, o)| Edit::Owner(i, o)),
        (
            index.clone(),
            proptest::option::of(period.prop_map(str::to_string))
        )
            .prop_map(|(i, d)| Edit::Due(i, d)),
        (index.clone(), index.clone()).prop_map(|(phase, at)| Edit::Add { phase, at }),
        index.clone().prop_map(Edit::Remove),
        (index.clone(), index.clone(), index.clone()).prop_map(|(subtask, phase, at)| Edit::Move {
            subtask,
            phase,
            at
        }),
        "[A-Za-z ]{1,20}".prop_map(Edit::Title),
        Just(Edit::SwapPhases),
        Just(Edit::AddMilestone),
        Just(Edit::RemoveMilestone),
        index.clone().prop_map(Edit::AddPhase),
        index.prop_map(Edit::RemovePhase),
        Just(Edit::ReverseReporting),
    ]
}

fn fresh_id(plan: &Plan, prefix: &str) -> String {
    let taken: HashSet<String> = items(plan).into_iter().map(|item| item.id).collect();
    (0..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

fn apply_edit(plan: &mut Plan, edit: &Edit) {
    let phases = plan.phases.len();
    match edit {
        Edit::Status(n, status) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].status = *status;
            }
        }
        Edit::Owner(n, owner) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].owner = owner.clone();
            }
        }
        Edit::Due(n, due) => {
            if let Some((p, s)) = nth_subtask(plan, *n) {
                plan.phases[p].subtasks[s].due = due.clone().map(PeriodText);
            }
        }
        Edit::Add { phase, at } => {
            let id = fresh_id(plan, "ny");
            let subtasks = &mut plan.phases[phase % phases].subtasks;
            let at = at % (subtasks.len() + 1);
            subtasks.insert(
                at,
                Subtask {
                    title: format!("Ny opgave {id}"),
                    id,
                    status: Status::Planned,
                    owner: None,
                    due: None,
                    notes: None,
                    questions: vec![],
                    communities: vec![Community::Collegial],
                    imbalances: vec![],
                },
            );
        }
        Edit::Remove(n) => crate::plan::fixtures::remove_nth_subtask(plan, *n),
        Edit::Move { subtask, phase, at } => {
            crate::plan::fixtures::move_nth_subtask(plan, *subtask, *phase, *at)
        }
        Edit::Title(title) => plan.title = title.clone(),
        Edit::SwapPhases => plan.phases.swap(0, phases - 1),
        Edit::AddMilestone => {
            let id = fresh_id(plan, "milepael");
            plan.milestones.insert(
                0,
                Milestone {
                    title: format!("Milepæl {id}"),
                    id,
                    date: PeriodText("2025-01-15".into()),
                },
            );
        }
        Edit::RemoveMilestone => {
            if !plan.milestones.is_empty() {
                plan.milestones.remove(0);
            }
        }
        Edit::AddPhase(at) => {
            let id = fresh_id(plan, "fase");
            let subtask = fresh_id(plan, "start");
            let mut phase = plan.phases[0].clone();
            phase.title = format!("Fase {id}: Ny");
            phase.id = id;
            phase.depends_on.clear();
            phase.subtasks.truncate(1);
            for s in &mut phase.subtasks {
                s.id.clone_from(&subtask);
            }
            plan.phases.insert(at % (phases + 1), phase);
        }
        Edit::RemovePhase(n) => {
            if phases > 1 {
                plan.phases.remove(n % phases);
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

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("DIFF_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_diff_is_complete_and_invertible(
        first in proptest::collection::vec(edit(), 0..6),
        then in proptest::collection::vec(edit(), 0..10),
    ) {
        let before = edited(&example(), &first);
        let after = edited(&before, &then);

        prop_assert!(diff(Some(&before), Some(&before)).is_empty());
        prop_assert!(diff(Some(&after), Some(&after)).is_empty());
        let changes = diff(Some(&before), Some(&after));
        prop_assert_eq!(changes.is_empty(), before == after);

        let forward = apply(&to_json(&before), &changes);
        prop_assert!(forward.is_ok(), "{:?}", forward);
        let forward: Plan = serde_json::from_value(forward.unwrap_or_default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&forward, &after, "changes: {:#?}", changes);

        let back = apply(&to_json(&after), &invert(&changes));
        prop_assert!(back.is_ok(), "{:?}", back);
        let back: Plan = serde_json::from_value(back.unwrap_or_default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &before, "changes: {:#?}", changes);

        for lang in [Lang::Da, Lang::En] {
            for text in describe_all(&changes, Some(&before), Some(&after), lang) {
                prop_assert!(!text.trim().is_empty());
                prop_assert!(!text.contains('{'), "unfilled placeholder: {}", text);
            }
        }
    }
}
