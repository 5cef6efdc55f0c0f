//! Regressions found by the fuzz targets in `fuzz/` (see `fuzz/README.md`):
//! each test holds the minimized input of one crash, checked through the
//! library function that failed, so that it stays fixed without the fuzzer.

use backbrief::i18n::Lang;
use backbrief::plan::setter::Setter;

/// `setter_parse_apply`, minimized input `+\x0b=` (3 bytes). A target ending
/// in `+` and then white space before `=` is taken as a set of a field named
/// `…+`; the setter's canonical text (its `Display`, used for setters built
/// in code) drops the white space and so reads as an append, or, for `+`
/// alone, not at all. Either reading is fine, or refusing the text; but a
/// setter must read back as itself from its canonical text. (No id or
/// field name ends in `+`, so such a target is refused: `plus_before_equals`.)
#[test]
fn a_setter_reads_back_as_itself_from_its_canonical_text() {
    for text in ["+\u{b}=", "a+ =b", "fase-1.subtasks+ ={}", "title+\t=x"] {
        for lang in [Lang::Da, Lang::En] {
            let Ok(setter) = Setter::parse(text, lang) else {
                continue;
            };
            let canonical = setter.to_string();
            let again = Setter::parse(&canonical, lang).map(|again| (again.target, again.op));
            assert_eq!(
                again,
                Ok((setter.target.clone(), setter.op.clone())),
                "{text:?} is written {canonical:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// The merge (`merge` target). Each scenario is of valid plans made from the
// example plan; the minimized fuzz inputs are in the comments (edit-mode
// bytes for `cargo fuzz run merge`).

mod merge {
    use backbrief::plan::merge::{Conflict, Side, merge};
    use backbrief::plan::model::{Id, PeriodText, Phase, PhasePeriod, Plan, Status, Subtask};
    use serde_json::Value;

    const EXAMPLE: &str = include_str!("../../plans/arbejdsplads-1.json");

    fn example() -> Plan {
        serde_json::from_str(EXAMPLE).expect("the example plan parses")
    }

    fn valid(plan: &Plan) -> bool {
        let text = serde_json::to_string_pretty(plan).expect("a plan serializes");
        backbrief::plan::check_text(&text, "plan.json", None, None).passes(false)
    }

    fn subtask(id: &str) -> Subtask {
        Subtask {
            id: id.into(),
            title: format!("Opgave {id}"),
            status: Status::Planned,
            owner: None,
            due: None,
            notes: None,
            questions: vec![],
            communities: vec![],
            imbalances: vec![],
        }
    }

    fn phase(id: &str, depends_on: &[&str], subtasks: Vec<Subtask>) -> Phase {
        Phase {
            id: id.into(),
            title: format!("Fase {id}"),
            goal: None,
            planned_by: None,
            period: PhasePeriod::Single(PeriodText("2025-autumn".into())),
            depends_on: depends_on.iter().map(|id| Id((*id).into())).collect(),
            subtasks,
        }
    }

    /// Removes a phase the way a user must for the plan to stay valid: with
    /// the references to it.
    fn remove_phase(plan: &mut Plan, id: &str) {
        plan.phases.retain(|phase| phase.id != id);
        for phase in &mut plan.phases {
            phase.depends_on.retain(|d| d.0 != id);
        }
        for reporting in &mut plan.reporting {
            if reporting.after.as_ref().is_some_and(|after| after.0 == id) {
                reporting.after = None;
            }
        }
    }

    /// Merges, checks the three plans are valid, and settles each conflict
    /// by `choose`: the merge must apply and give a plan.
    fn settle(base: &Plan, ours: &Plan, theirs: &Plan, choose: &dyn Fn(&Conflict) -> Side) -> Plan {
        for plan in [base, ours, theirs] {
            assert!(valid(plan), "the scenario is of valid plans");
        }
        let merge = merge(Some(base), Some(ours), Some(theirs));
        let targets: Vec<String> = merge
            .conflicts
            .iter()
            .map(|c| c.target.to_string())
            .collect();
        let value = merge
            .resolve(&|_, conflict| choose(conflict))
            .unwrap_or_else(|e| {
                panic!("the settled merge does not apply: {e:?}; conflicts: {targets:?}")
            })
            .expect("the plan is kept");
        serde_json::from_value::<Value>(value.clone()).expect("JSON");
        serde_json::from_value(value).expect("the merge is a plan")
    }

    /// Ours changes the milestone `opstart-fase-2`; theirs removes it and
    /// gives its id to a new subtask. Kept for ours, the milestone and the
    /// new subtask share an id: `AlreadyExists { id: "opstart-fase-2" }`.
    #[test]
    fn an_id_removed_and_reused_on_one_side_and_kept_on_the_other() {
        let base = example();
        let mut ours = base.clone();
        ours.milestones[0].date = PeriodText("2025-Q1".into());
        let mut theirs = base.clone();
        theirs.milestones.clear();
        theirs.phases[1].subtasks.push(subtask("opstart-fase-2"));
        for side in [Side::Ours, Side::Theirs] {
            settle(&base, &ours, &theirs, &|_| side);
        }
    }

    /// Ours removes `fase-1`; theirs adds a phase `fase-3` that depends on
    /// `fase-1`, with a subtask in it. Settled for ours, the new phase is
    /// left out but its subtask is not: `NoSuchPhase { id: "fase-3" }`.
    #[test]
    fn subtasks_of_a_new_phase_follow_it_into_its_conflict() {
        let base = example();
        let mut ours = base.clone();
        remove_phase(&mut ours, "fase-1");
        let mut theirs = base.clone();
        theirs
            .phases
            .push(phase("fase-3", &["fase-1"], vec![subtask("start-fase-3")]));
        for side in [Side::Ours, Side::Theirs] {
            settle(&base, &ours, &theirs, &|_| side);
        }
    }

    /// Ours moves `internt-samarbejde` from `fase-2` into `fase-1`; theirs
    /// removes both phases (and adds `fase-3`, so that one is left). Two
    /// conflicts: `fase-1` (removed by theirs, entered by ours) and
    /// `internt-samarbejde` (removed by theirs, moved by ours). Settled for
    /// theirs and for ours respectively, the subtask stays in `fase-2`, whose
    /// removal is taken anyway: `PhaseNotEmpty { id: "fase-2" }`.
    #[test]
    fn a_phase_removal_follows_the_conflicts_of_its_subtasks() {
        let base = example();
        let mut ours = base.clone();
        let moving = ours.phases[1]
            .subtasks
            .iter()
            .position(|s| s.id == "internt-samarbejde")
            .expect("the subtask");
        let moving = ours.phases[1].subtasks.remove(moving);
        ours.phases[0].subtasks.push(moving);
        let mut theirs = base.clone();
        theirs
            .phases
            .push(phase("fase-3", &[], vec![subtask("start-fase-3")]));
        remove_phase(&mut theirs, "fase-1");
        remove_phase(&mut theirs, "fase-2");
        for side in [Side::Ours, Side::Theirs] {
            settle(&base, &ours, &theirs, &|_| side);
            settle(&base, &ours, &theirs, &|conflict| {
                if conflict.target.to_string() == "fase-1" {
                    side
                } else {
                    side.other()
                }
            });
        }
    }
}
