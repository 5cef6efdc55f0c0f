//! The rules of a plan that a schema cannot express (SPEC "Validation rules").

use std::collections::HashMap;

use crate::i18n::{Lang, Message, ValidateMsg};
use crate::plan::dates::day_display;
use crate::plan::diagnostic::{Finding, did_you_mean};
use crate::plan::model::{PeriodText, PhasePeriod, Plan};

/// Checks the rules on a plan that has the right shape.
pub fn check(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    unique_ids(plan, lang, findings);
    phase_references(plan, lang, findings);
    let before = findings.len();
    dependency_cycles(plan, lang, findings);
    let has_cycle = findings.len() > before;
    periods(plan, lang, findings);
    // In a cycle, "starts before the phase it depends on" says nothing new.
    if !has_cycle {
        dependency_order(plan, lang, findings);
    }
    due_within_phase(plan, lang, findings);
}

/// Where an item (and so its `id` field) is in a plan.
#[derive(Debug, Clone, Copy)]
enum Place {
    Phase(usize),
    Subtask(usize, usize),
    Milestone(usize),
    Reporting(usize),
}

impl Place {
    /// The pointer of the item's `id` field.
    fn id_pointer(self) -> String {
        match self {
            Place::Phase(p) => format!("/phases/{p}/id"),
            Place::Subtask(p, s) => format!("/phases/{p}/subtasks/{s}/id"),
            Place::Milestone(m) => format!("/milestones/{m}/id"),
            Place::Reporting(r) => format!("/reporting/{r}/id"),
        }
    }
}

/// Every id of the plan with its place and the item's title, in file order.
fn places(plan: &Plan) -> Vec<(&str, Place, &str)> {
    let mut ids = Vec::new();
    for (p, phase) in plan.phases.iter().enumerate() {
        ids.push((phase.id.as_str(), Place::Phase(p), phase.title.as_str()));
        for (s, subtask) in phase.subtasks.iter().enumerate() {
            ids.push((
                subtask.id.as_str(),
                Place::Subtask(p, s),
                subtask.title.as_str(),
            ));
        }
    }
    for (m, milestone) in plan.milestones.iter().enumerate() {
        ids.push((
            milestone.id.as_str(),
            Place::Milestone(m),
            milestone.title.as_str(),
        ));
    }
    for (r, reporting) in plan.reporting.iter().enumerate() {
        ids.push((
            reporting.id.as_str(),
            Place::Reporting(r),
            reporting.what.as_str(),
        ));
    }
    ids
}

/// Every id of the plan with the pointer of its `id` field and the item's
/// title, in file order.
pub fn ids(plan: &Plan) -> Vec<(&str, String, &str)> {
    places(plan)
        .into_iter()
        .map(|(id, place, title)| (id, place.id_pointer(), title))
        .collect()
}

fn unique_ids(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    // The pointer is made only for a duplicate: a valid plan needs none.
    for (id, place, title) in places(plan) {
        match seen.get(id) {
            Some(first) => findings.push(
                Finding::error(
                    "duplicate-id",
                    place.id_pointer(),
                    ValidateMsg::DuplicateId.fill(lang, &[("id", &id), ("other", first)]),
                )
                .with_hint(Some(ValidateMsg::DuplicateIdHint.get(lang)))
                .on_value(),
            ),
            None => {
                seen.insert(id, title);
            }
        }
    }
}

/// A field that refers to a phase, by the label its form gives it.
fn field_label(field: &str, lang: Lang) -> String {
    match field {
        "after" => ValidateMsg::LabelAfter.get(lang),
        "depends_on" => ValidateMsg::LabelDependsOn.get(lang),
        other => other.to_string(),
    }
}

fn phase_references(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    let phase_ids: Vec<&str> = plan.phases.iter().map(|phase| phase.id.as_str()).collect();
    let mut check = |id: &str, pointer: String, field: &str, own: Option<&str>| {
        if !phase_ids.contains(&id) {
            let hint = did_you_mean(
                lang,
                id,
                phase_ids.iter().copied().filter(|p| Some(*p) != own),
            )
            .unwrap_or_else(|| {
                ValidateMsg::KnownPhases.fill(lang, &[("ids", &phase_ids.join(", "))])
            });
            findings.push(
                Finding::error(
                    "unknown-phase",
                    pointer,
                    ValidateMsg::UnknownPhase
                        .fill(lang, &[("field", &field_label(field, lang)), ("id", &id)]),
                )
                .with_hint(Some(hint))
                .on_value(),
            );
        }
    };
    for (p, phase) in plan.phases.iter().enumerate() {
        for (d, dependency) in phase.depends_on.iter().enumerate() {
            check(
                &dependency.0,
                format!("/phases/{p}/depends_on/{d}"),
                "depends_on",
                Some(&phase.id),
            );
        }
    }
    for (r, reporting) in plan.reporting.iter().enumerate() {
        if let Some(after) = &reporting.after {
            check(&after.0, format!("/reporting/{r}/after"), "after", None);
        }
    }
}

/// Finds each cycle of `depends_on` once and names it: "a → b → a".
fn dependency_cycles(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    let index: HashMap<&str, usize> = plan
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = finished.
    let mut state = vec![0u8; plan.phases.len()];
    for start in 0..plan.phases.len() {
        if state[start] != 0 {
            continue;
        }
        // Iterative depth-first search: (phase, next dependency to look at).
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (phase, ref mut next)) = path.last_mut() {
            let dependencies = &plan.phases[phase].depends_on;
            if *next >= dependencies.len() {
                state[phase] = 2;
                path.pop();
                continue;
            }
            let d = *next;
            *next += 1;
            let Some(&target) = index.get(dependencies[d].0.as_str()) else {
                continue;
            };
            match state[target] {
                0 => {
                    state[target] = 1;
                    path.push((target, 0));
                }
                1 => {
                    let from = path.iter().position(|(p, _)| *p == target).unwrap_or(0);
                    let mut names: Vec<&str> = path[from..]
                        .iter()
                        .map(|(p, _)| plan.phases[*p].id.as_str())
                        .collect();
                    names.push(plan.phases[target].id.as_str());
                    findings.push(
                        Finding::error(
                            "dependency-cycle",
                            format!("/phases/{phase}/depends_on/{d}"),
                            ValidateMsg::DependencyCycle
                                .fill(lang, &[("cycle", &names.join(" → "))]),
                        )
                        .with_hint(Some(ValidateMsg::DependencyCycleHint.get(lang)))
                        .on_value(),
                    );
                }
                _ => {}
            }
        }
    }
}

/// Every period string parses (the schema only checks its shape), and spans run forwards.
fn periods(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    // The pointer is made only for a period that does not parse.
    let mut check = |text: &PeriodText, pointer: &dyn Fn() -> String| {
        if let Err(error) = crate::plan::period::Period::parse(&text.0) {
            findings.push(
                Finding::error("bad-period", pointer(), error.message(lang))
                    .with_hint(error.hint(lang))
                    .on_value(),
            );
        }
    };
    for (p, phase) in plan.phases.iter().enumerate() {
        match &phase.period {
            PhasePeriod::Single(text) => check(text, &|| format!("/phases/{p}/period")),
            PhasePeriod::Span(span) => {
                check(&span.start, &|| format!("/phases/{p}/period/start"));
                check(&span.end, &|| format!("/phases/{p}/period/end"));
            }
        }
        for (s, subtask) in phase.subtasks.iter().enumerate() {
            if let Some(due) = &subtask.due {
                check(due, &|| format!("/phases/{p}/subtasks/{s}/due"));
            }
        }
    }
    for (m, milestone) in plan.milestones.iter().enumerate() {
        check(&milestone.date, &|| format!("/milestones/{m}/date"));
    }
    for (r, reporting) in plan.reporting.iter().enumerate() {
        check(&reporting.due, &|| format!("/reporting/{r}/due"));
    }
    for (p, phase) in plan.phases.iter().enumerate() {
        if let PhasePeriod::Span(span) = &phase.period
            && let (Some(start), Some(end)) = (span.start.span(), span.end.span())
            && start.first > end.last
        {
            findings.push(
                Finding::error(
                    "end-before-start",
                    format!("/phases/{p}/period/end"),
                    ValidateMsg::SpanEndBeforeStart.fill(
                        lang,
                        &[
                            ("start", &span.start.display(lang)),
                            ("end", &span.end.display(lang)),
                        ],
                    ),
                )
                .with_hint(Some(ValidateMsg::SpanEndBeforeStartHint.get(lang)))
                .on_value(),
            );
        }
    }
}

fn dependency_order(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    for (p, phase) in plan.phases.iter().enumerate() {
        let Some(span) = phase.period.span() else {
            continue;
        };
        for (d, dependency) in phase.depends_on.iter().enumerate() {
            let Some(before) = plan.phase(&dependency.0) else {
                continue;
            };
            let Some(before_span) = before.period.span() else {
                continue;
            };
            if before.id != phase.id && span.first <= before_span.last {
                findings.push(
                    Finding::warning(
                        "starts-before-dependency",
                        format!("/phases/{p}/depends_on/{d}"),
                        ValidateMsg::StartsBeforeDependency.fill(
                            lang,
                            &[
                                ("phase", &phase.title),
                                ("start", &day_display(span.first, lang)),
                                ("dependency", &before.title),
                                ("end", &day_display(before_span.last, lang)),
                            ],
                        ),
                    )
                    .with_hint(Some(ValidateMsg::StartsBeforeDependencyHint.get(lang)))
                    .on_value(),
                );
            }
        }
    }
}

fn due_within_phase(plan: &Plan, lang: Lang, findings: &mut Vec<Finding>) {
    for (p, phase) in plan.phases.iter().enumerate() {
        let Some(span) = phase.period.span() else {
            continue;
        };
        for (s, subtask) in phase.subtasks.iter().enumerate() {
            let Some(due) = &subtask.due else { continue };
            let Some(due_span) = due.span() else { continue };
            if !span.covers(&due_span) {
                findings.push(
                    Finding::warning(
                        "due-outside-phase",
                        format!("/phases/{p}/subtasks/{s}/due"),
                        ValidateMsg::DueOutsidePhase.fill(
                            lang,
                            &[
                                ("subtask", &subtask.title),
                                ("due", &due.display(lang)),
                                ("phase", &phase.title),
                                ("period", &phase.period.display(lang)),
                            ],
                        ),
                    )
                    .with_hint(Some(ValidateMsg::DueOutsidePhaseHint.get(lang)))
                    .on_value(),
                );
            }
        }
    }
}
