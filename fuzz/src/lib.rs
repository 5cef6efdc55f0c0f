//! What the fuzz targets share: the plans they start from, fuzz-driven edits
//! of a plan, and the checks of the diff and merge laws.
//!
//! The edits keep a plan well formed the way the tool does (ids unique
//! across phases, subtasks, milestones and reporting; at least one phase) but
//! otherwise change anything: every field of every kind of item, items added,
//! removed, moved and reordered. New ids come from a small pool (`ny-0` …
//! `ny-11`), so two sides of a merge often add the same id, as the same or a
//! different kind of item.

pub mod diff_law;
pub mod merge_law;

use std::collections::HashSet;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use backbrief::plan::diff::{Change, ItemKind, PHASE_FIELD, POSITION_FIELD};
use backbrief::plan::fixtures::{self, new_subtask};
use backbrief::plan::model::{
    Community, CoreTask, Id, Imbalance, Milestone, PeriodSpan, PeriodText, Phase, PhasePeriod,
    Plan, Reporting, Status,
};
use serde_json::Value;

/// The plans edits start from: the example plan and the templates.
pub const START_TEXTS: [&str; 6] = [
    fixtures::EXAMPLE,
    include_str!("../../templates/backbrief.json"),
    include_str!("../../templates/backbrief-en.json"),
    include_str!("../../templates/fire-steder.json"),
    include_str!("../../templates/kerneopgave-forloeb.json"),
    include_str!("../../templates/rette-balancer.json"),
];

/// The example plan (`plans/arbejdsplads-1.json`) as JSON.
pub fn example_value() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| serde_json::from_str(START_TEXTS[0]).expect("the example plan is JSON"))
}

/// Start plan number `n` (counting round): 0 is the example plan.
pub fn start_plan(n: u8) -> Plan {
    static PLANS: OnceLock<Vec<Plan>> = OnceLock::new();
    let plans = PLANS.get_or_init(|| {
        START_TEXTS
            .iter()
            .map(|text| serde_json::from_str(text).expect("the start plans parse"))
            .collect()
    });
    plans[usize::from(n) % plans.len()].clone()
}

const TEXTS: [&str; 8] = [
    "Anna",
    "Lokal-MED",
    "Ny titel",
    "Workshop i teams",
    "æøå ÆØÅ – “citat” \\ \"",
    "x",
    "Title with {braces} and <tags>",
    "   ",
];

const PERIODS: [&str; 10] = [
    "2024-10",
    "2024-11-28",
    "2025-Q1",
    "2025-spring",
    "2024-autumn",
    "2024-winter",
    "2025-H2",
    "2026",
    "2024-02-29",
    "2025-12-31",
];

/// A text: one of a few (so that both sides of a merge often write the
/// same), or any.
#[derive(Debug, Clone, Arbitrary)]
pub enum Text {
    Pool(u8),
    Free(String),
}

impl Text {
    pub fn get(&self) -> String {
        match self {
            Text::Pool(n) => TEXTS[usize::from(*n) % TEXTS.len()].to_string(),
            Text::Free(text) => {
                let text: String = text.chars().take(40).collect();
                if text.is_empty() { "-".into() } else { text }
            }
        }
    }
}

fn period(n: u8) -> PeriodText {
    PeriodText(PERIODS[usize::from(n) % PERIODS.len()].to_string())
}

/// Whether period `a` starts after period `b`.
fn starts_after(a: &PeriodText, b: &PeriodText) -> bool {
    use backbrief::plan::Period;
    match (Period::parse(&a.0), Period::parse(&b.0)) {
        (Ok(a), Ok(b)) => a.first_day() > b.first_day(),
        _ => false,
    }
}

/// Whether phase `from` depends on phase `to`, directly or not (or is it).
fn depends(plan: &Plan, from: &str, to: &str) -> bool {
    let mut seen = HashSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(id) = todo.pop() {
        if id == to {
            return true;
        }
        if seen.insert(id.clone())
            && let Some(phase) = plan.phases.iter().find(|p| p.id == id)
        {
            todo.extend(phase.depends_on.iter().map(|d| d.0.clone()));
        }
    }
    false
}

fn status(n: u8) -> Status {
    Status::ALL[usize::from(n) % Status::ALL.len()]
}

fn new_id(n: u8) -> String {
    format!("ny-{}", n % 12)
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum PlanField {
    Title,
    MainTask,
    Situation,
    Intent,
    Unit,
    Owner,
    Notes,
    Schema,
}

#[derive(Debug, Clone, Arbitrary)]
pub enum PeriodChoice {
    Single(u8),
    Span(u8, u8),
}

#[derive(Debug, Clone, Arbitrary)]
pub enum PhaseEdit {
    Title(Text),
    Goal(Option<Text>),
    PlannedBy(Option<Text>),
    Period(PeriodChoice),
    /// Adds or removes the `n`th phase (counting round) in `depends_on`.
    ToggleDependsOn(u8),
    ClearDependsOn,
}

#[derive(Debug, Clone, Arbitrary)]
pub enum SubtaskEdit {
    Title(Text),
    Status(u8),
    Owner(Option<Text>),
    Due(Option<u8>),
    Notes(Option<Text>),
    AddQuestion(Text),
    RemoveQuestion(u8),
    ToggleCommunity(u8),
    ToggleImbalance(u8),
}

#[derive(Debug, Clone, Arbitrary)]
pub enum MilestoneEdit {
    Title(Text),
    Date(u8),
}

#[derive(Debug, Clone, Arbitrary)]
pub enum ReportingEdit {
    What(Text),
    To(Text),
    Due(u8),
    Status(u8),
    By(Option<Text>),
    /// After the `n`th phase (counting round), or none.
    After(Option<u8>),
}

/// One change to a plan; indices count round, so every edit applies.
#[derive(Debug, Clone, Arbitrary)]
pub enum Edit {
    Plan(PlanField, Option<Text>),
    Language(Option<bool>),
    CoreTask(u8, Option<Text>),
    Phase(u8, PhaseEdit),
    AddPhase {
        id: u8,
        at: u8,
        with_subtask: bool,
    },
    RemovePhase(u8),
    SwapPhases(u8, u8),
    Subtask(u8, SubtaskEdit),
    AddSubtask {
        id: u8,
        phase: u8,
        at: u8,
        title: Text,
    },
    RemoveSubtask(u8),
    MoveSubtask {
        subtask: u8,
        phase: u8,
        at: u8,
    },
    SwapSubtasks {
        phase: u8,
        a: u8,
        b: u8,
    },
    Milestone(u8, MilestoneEdit),
    AddMilestone {
        id: u8,
        at: u8,
        date: u8,
    },
    RemoveMilestone(u8),
    SwapMilestones(u8, u8),
    Reporting(u8, ReportingEdit),
    AddReporting {
        id: u8,
        at: u8,
    },
    RemoveReporting(u8),
    SwapReporting(u8, u8),
}

/// Every id in the plan, of every kind.
pub fn ids(plan: &Plan) -> HashSet<String> {
    let mut ids = HashSet::new();
    for phase in &plan.phases {
        ids.insert(phase.id.clone());
        for subtask in &phase.subtasks {
            ids.insert(subtask.id.clone());
        }
    }
    ids.extend(plan.milestones.iter().map(|m| m.id.clone()));
    ids.extend(plan.reporting.iter().map(|r| r.id.clone()));
    ids
}

/// (phase index, subtask index) of the `n`th subtask, counting round.
fn nth_subtask(plan: &Plan, n: u8) -> Option<(usize, usize)> {
    fixtures::nth_subtask(plan, usize::from(n))
}

fn index(n: u8, len: usize) -> Option<usize> {
    (len > 0).then(|| usize::from(n) % len)
}

fn toggle<T: PartialEq>(list: &mut Vec<T>, value: T) {
    match list.iter().position(|v| *v == value) {
        Some(at) => {
            list.remove(at);
        }
        None => list.push(value),
    }
}

/// Applies one edit; one that cannot apply (an id already taken, the last
/// phase removed) does nothing.
pub fn apply_edit(plan: &mut Plan, edit: &Edit) {
    let phases = plan.phases.len();
    let taken = ids(plan);
    match edit {
        Edit::Plan(field, text) => {
            let text = text.as_ref().map(Text::get);
            match field {
                PlanField::Title => plan.title = text.unwrap_or_else(|| "Plan".into()),
                PlanField::MainTask => plan.main_task = text.unwrap_or_else(|| "Opgave".into()),
                PlanField::Situation => plan.situation = text,
                PlanField::Intent => plan.intent = text,
                PlanField::Unit => plan.unit = text,
                PlanField::Owner => plan.owner = text,
                PlanField::Notes => plan.notes = text,
                PlanField::Schema => plan.schema = text,
            }
        }
        Edit::Language(language) => {
            plan.language = language.map(|en| {
                if en {
                    backbrief::i18n::Lang::En
                } else {
                    backbrief::i18n::Lang::Da
                }
            })
        }
        Edit::CoreTask(which, text) => {
            let core = plan.core_task.get_or_insert_with(CoreTask::default);
            let text = text.as_ref().map(Text::get);
            match which % 4 {
                0 => core.formal = text,
                1 => core.performed = text,
                2 => core.experienced = text,
                _ => plan.core_task = None,
            }
        }
        Edit::Phase(n, edit) => {
            let others: Vec<String> = plan.phases.iter().map(|p| p.id.clone()).collect();
            let Some(p) = index(*n, phases) else { return };
            if let PhaseEdit::ToggleDependsOn(other) = edit {
                let other = others[usize::from(*other) % others.len()].clone();
                let present = plan.phases[p].depends_on.iter().any(|id| id.0 == other);
                // Only dependencies that make no cycle.
                if present || !depends(plan, &other, &plan.phases[p].id) {
                    toggle(&mut plan.phases[p].depends_on, Id(other));
                }
                return;
            }
            let phase = &mut plan.phases[p];
            match edit {
                PhaseEdit::Title(text) => phase.title = text.get(),
                PhaseEdit::Goal(text) => phase.goal = text.as_ref().map(Text::get),
                PhaseEdit::PlannedBy(text) => phase.planned_by = text.as_ref().map(Text::get),
                PhaseEdit::Period(PeriodChoice::Single(a)) => {
                    phase.period = PhasePeriod::Single(period(*a));
                }
                PhaseEdit::Period(PeriodChoice::Span(a, b)) => {
                    let (mut start, mut end) = (period(*a), period(*b));
                    if starts_after(&start, &end) {
                        std::mem::swap(&mut start, &mut end);
                    }
                    phase.period = PhasePeriod::Span(PeriodSpan { start, end });
                }
                PhaseEdit::ToggleDependsOn(_) => {}
                PhaseEdit::ClearDependsOn => phase.depends_on.clear(),
            }
        }
        Edit::AddPhase {
            id,
            at,
            with_subtask,
        } => {
            // The same pool as other items: a phase may collide with a
            // subtask, milestone or reporting added by the other side.
            let id = new_id(*id);
            let start = format!("start-{id}");
            if taken.contains(&id) || taken.contains(&start) {
                return;
            }
            let subtasks = if *with_subtask {
                vec![new_subtask(start, "Opstart".into())]
            } else {
                vec![]
            };
            let phase = Phase {
                title: format!("Fase {id}"),
                id,
                goal: None,
                planned_by: None,
                period: PhasePeriod::Single(period(0)),
                depends_on: vec![],
                subtasks,
            };
            plan.phases.insert(usize::from(*at) % (phases + 1), phase);
        }
        Edit::RemovePhase(n) => {
            if phases > 1 {
                // As a user would: the references to it go with it.
                let removed = plan.phases.remove(usize::from(*n) % phases).id;
                for phase in &mut plan.phases {
                    phase.depends_on.retain(|id| id.0 != removed);
                }
                for reporting in &mut plan.reporting {
                    if reporting.after.as_ref().is_some_and(|id| id.0 == removed) {
                        reporting.after = None;
                    }
                }
            }
        }
        Edit::SwapPhases(a, b) => {
            plan.phases
                .swap(usize::from(*a) % phases, usize::from(*b) % phases);
        }
        Edit::Subtask(n, edit) => {
            let Some((p, s)) = nth_subtask(plan, *n) else {
                return;
            };
            let subtask = &mut plan.phases[p].subtasks[s];
            match edit {
                SubtaskEdit::Title(text) => subtask.title = text.get(),
                SubtaskEdit::Status(n) => subtask.status = status(*n),
                SubtaskEdit::Owner(text) => subtask.owner = text.as_ref().map(Text::get),
                SubtaskEdit::Due(n) => subtask.due = n.map(period),
                SubtaskEdit::Notes(text) => subtask.notes = text.as_ref().map(Text::get),
                SubtaskEdit::AddQuestion(text) => subtask.questions.push(text.get()),
                SubtaskEdit::RemoveQuestion(n) => {
                    if let Some(at) = index(*n, subtask.questions.len()) {
                        subtask.questions.remove(at);
                    }
                }
                SubtaskEdit::ToggleCommunity(n) => toggle(
                    &mut subtask.communities,
                    Community::ALL[usize::from(*n) % Community::ALL.len()],
                ),
                SubtaskEdit::ToggleImbalance(n) => {
                    toggle(&mut subtask.imbalances, Imbalance(n % 12 + 1));
                }
            }
        }
        Edit::AddSubtask {
            id,
            phase,
            at,
            title,
        } => {
            let id = new_id(*id);
            if taken.contains(&id) {
                return;
            }
            let subtasks = &mut plan.phases[usize::from(*phase) % phases].subtasks;
            let at = usize::from(*at) % (subtasks.len() + 1);
            subtasks.insert(at, new_subtask(id, title.get()));
        }
        Edit::RemoveSubtask(n) => fixtures::remove_nth_subtask(plan, usize::from(*n)),
        Edit::MoveSubtask { subtask, phase, at } => fixtures::move_nth_subtask(
            plan,
            usize::from(*subtask),
            usize::from(*phase),
            usize::from(*at),
        ),
        Edit::SwapSubtasks { phase, a, b } => {
            let subtasks = &mut plan.phases[usize::from(*phase) % phases].subtasks;
            if let (Some(a), Some(b)) = (index(*a, subtasks.len()), index(*b, subtasks.len())) {
                subtasks.swap(a, b);
            }
        }
        Edit::Milestone(n, edit) => {
            let Some(m) = index(*n, plan.milestones.len()) else {
                return;
            };
            let milestone = &mut plan.milestones[m];
            match edit {
                MilestoneEdit::Title(text) => milestone.title = text.get(),
                MilestoneEdit::Date(n) => milestone.date = period(*n),
            }
        }
        Edit::AddMilestone { id, at, date } => {
            let id = new_id(*id);
            if taken.contains(&id) {
                return;
            }
            let at = usize::from(*at) % (plan.milestones.len() + 1);
            plan.milestones.insert(
                at,
                Milestone {
                    title: format!("Milepæl {id}"),
                    id,
                    date: period(*date),
                },
            );
        }
        Edit::RemoveMilestone(n) => {
            if let Some(m) = index(*n, plan.milestones.len()) {
                plan.milestones.remove(m);
            }
        }
        Edit::SwapMilestones(a, b) => {
            let len = plan.milestones.len();
            if let (Some(a), Some(b)) = (index(*a, len), index(*b, len)) {
                plan.milestones.swap(a, b);
            }
        }
        Edit::Reporting(n, edit) => {
            let phase_ids: Vec<String> = plan.phases.iter().map(|p| p.id.clone()).collect();
            let Some(r) = index(*n, plan.reporting.len()) else {
                return;
            };
            let reporting = &mut plan.reporting[r];
            match edit {
                ReportingEdit::What(text) => reporting.what = text.get(),
                ReportingEdit::To(text) => reporting.to = text.get(),
                ReportingEdit::Due(n) => reporting.due = period(*n),
                ReportingEdit::Status(n) => reporting.status = status(*n),
                ReportingEdit::By(text) => reporting.by = text.as_ref().map(Text::get),
                ReportingEdit::After(n) => {
                    reporting.after =
                        n.map(|n| Id(phase_ids[usize::from(n) % phase_ids.len()].clone()));
                }
            }
        }
        Edit::AddReporting { id, at } => {
            let id = new_id(*id);
            if taken.contains(&id) {
                return;
            }
            let at = usize::from(*at) % (plan.reporting.len() + 1);
            plan.reporting.insert(
                at,
                Reporting {
                    what: format!("Rapport {id}"),
                    id,
                    to: "Chefen".into(),
                    due: period(1),
                    status: Status::Planned,
                    by: None,
                    after: None,
                },
            );
        }
        Edit::RemoveReporting(n) => {
            if let Some(r) = index(*n, plan.reporting.len()) {
                plan.reporting.remove(r);
            }
        }
        Edit::SwapReporting(a, b) => {
            let len = plan.reporting.len();
            if let (Some(a), Some(b)) = (index(*a, len), index(*b, len)) {
                plan.reporting.swap(a, b);
            }
        }
    }
}

impl Edit {
    /// The same edit aimed at the `n`th item of its kind (or, for an added
    /// item, at the id `ny-n`): two sides' edits retargeted alike touch the
    /// same thing.
    pub fn retarget(&mut self, n: u8) {
        match self {
            Edit::Plan(..) | Edit::Language(_) => {}
            Edit::CoreTask(which, _) => *which = n,
            Edit::Phase(i, _)
            | Edit::RemovePhase(i)
            | Edit::SwapPhases(i, _)
            | Edit::Subtask(i, _)
            | Edit::RemoveSubtask(i)
            | Edit::MoveSubtask { subtask: i, .. }
            | Edit::SwapSubtasks { phase: i, .. }
            | Edit::Milestone(i, _)
            | Edit::RemoveMilestone(i)
            | Edit::SwapMilestones(i, _)
            | Edit::Reporting(i, _)
            | Edit::RemoveReporting(i)
            | Edit::SwapReporting(i, _) => *i = n,
            Edit::AddPhase { id, .. }
            | Edit::AddSubtask { id, .. }
            | Edit::AddMilestone { id, .. }
            | Edit::AddReporting { id, .. } => *id = n,
        }
    }
}

/// One step of a merge scenario: an edit of one side, of both, or an edit
/// of each side aimed at the same thing (the likeliest way to a conflict).
#[derive(Debug, Clone, Arbitrary)]
pub enum Step {
    Ours(Edit),
    Theirs(Edit),
    Both(Edit),
    Clash {
        target: u8,
        ours: Edit,
        theirs: Edit,
    },
}

/// Ours and theirs: `base` after the steps, in order.
pub fn sides(base: &Plan, steps: &[Step]) -> (Plan, Plan) {
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for step in steps.iter().take(MAX_EDITS) {
        match step {
            Step::Ours(edit) => apply_edit(&mut ours, edit),
            Step::Theirs(edit) => apply_edit(&mut theirs, edit),
            Step::Both(edit) => {
                apply_edit(&mut ours, edit);
                apply_edit(&mut theirs, edit);
            }
            Step::Clash {
                target,
                ours: our_edit,
                theirs: their_edit,
            } => {
                let (mut our_edit, mut their_edit) = (our_edit.clone(), their_edit.clone());
                our_edit.retarget(*target);
                their_edit.retarget(*target);
                apply_edit(&mut ours, &our_edit);
                apply_edit(&mut theirs, &their_edit);
            }
        }
    }
    (ours, theirs)
}

/// At most this many edits of one sequence are applied.
pub const MAX_EDITS: usize = 12;

/// `plan` after the edits, in order.
pub fn edited(plan: &Plan, edits: &[Edit]) -> Plan {
    let mut plan = plan.clone();
    for edit in edits.iter().take(MAX_EDITS) {
        apply_edit(&mut plan, edit);
    }
    plan
}

/// The plans in a text of consecutive JSON documents, as many as parse as
/// plans from the start (the mode of the targets that take plan text).
pub fn plans_in(text: &str, count: usize) -> Vec<Plan> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Plan>()
        .take(count)
        .map_while(Result::ok)
        .collect()
}

/// Whether the plan passes validation as the tool does it (ids unique and
/// safe, references resolve, periods real, …); the laws of the diff and the
/// merge are stated for such plans.
pub fn is_valid(plan: &Plan) -> bool {
    match serde_json::to_string(plan) {
        Ok(text) => backbrief::plan::check_text(&text, "fuzz.json", None, None).passes(false),
        Err(_) => false,
    }
}

/// A field's value, with `null` and `[]` counted as absent (the plan file
/// omits both).
pub fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
}

/// The item of this kind and id in `plan`, as JSON (a phase without its
/// subtasks), and for a subtask the phase it is in.
pub fn find_item(plan: &Plan, kind: ItemKind, id: &str) -> Option<(Value, Option<String>)> {
    let json = |value: Result<Value, serde_json::Error>| value.ok();
    match kind {
        ItemKind::Plan => None,
        ItemKind::Phase => plan.phases.iter().find(|p| p.id == id).and_then(|phase| {
            let mut value = json(serde_json::to_value(phase))?;
            value.as_object_mut()?.shift_remove("subtasks");
            Some((value, None))
        }),
        ItemKind::Subtask => plan.phases.iter().find_map(|phase| {
            let subtask = phase.subtasks.iter().find(|s| s.id == id)?;
            Some((json(serde_json::to_value(subtask))?, Some(phase.id.clone())))
        }),
        ItemKind::Milestone => plan
            .milestones
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| Some((json(serde_json::to_value(m))?, None))),
        ItemKind::Reporting => plan
            .reporting
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| Some((json(serde_json::to_value(r))?, None))),
    }
}

/// Whether `plan` shows what `change` did (its `after` side). Position
/// changes are not checked: where items end up is the merge's choice.
pub fn shows(plan: &Plan, change: &Change) -> bool {
    let item = change.item.as_deref().unwrap_or_default();
    let found = find_item(plan, change.kind, item);
    match (change.kind, change.field.as_deref()) {
        (_, Some(POSITION_FIELD)) => true,
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
    }
}
