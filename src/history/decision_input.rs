//! The decision's own words and every rule they keep, in one place for the
//! command line, the browser and any door to come: a summary and a decider
//! that are not blank, each trimmed; the optional texts trimmed (blank:
//! none); a day that is a day, not after the day it is recorded, and not
//! before the plan existed (see [`crate::history::dated`]).
//!
//! A problem is keyed by its field ([`DecisionField`]) and says what is
//! wrong ([`DecisionProblem`]); each front end puts it in its own words
//! (`-m`, `--by` on the command line; "Resumé", "Besluttet af" in the
//! browser, at the field).

use chrono::NaiveDate;

use crate::error::CommandError;
use crate::i18n::{DecideMsg, Lang, Message};
use crate::plan::dates::day_display;

/// The decision's own words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionInput {
    /// What was decided, in one line.
    pub summary: String,
    /// The rationale.
    pub body: Option<String>,
    /// Who decided.
    pub decided_by: String,
    /// The day it was decided (default: the day it is recorded; never later).
    pub decided_on: Option<NaiveDate>,
    /// The day as a person typed it (the browser's "Besluttet den"), read
    /// by [`DecisionInput::check`] when `decided_on` is not given; blank:
    /// the day it is recorded.
    pub decided_on_typed: Option<String>,
    /// The meeting.
    pub meeting: Option<String>,
    /// Further trailers (`Reverts`, `Reported-to`).
    pub extra: Vec<(&'static str, String)>,
}

/// A field of the decision a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DecisionField {
    /// What was decided (`-m`, "Resumé").
    Summary,
    /// Who decided (`--by`, "Besluttet af").
    DecidedBy,
    /// The day (`--on`, "Besluttet den").
    DecidedOn,
}

impl DecisionField {
    /// Its name in the forms: `summary`, `decided_by`, `decided_on`.
    pub fn name(self) -> &'static str {
        match self {
            DecisionField::Summary => "summary",
            DecisionField::DecidedBy => "decided_by",
            DecisionField::DecidedOn => "decided_on",
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionProblem {
    /// Empty, or only white space.
    Blank,
    /// The text typed is no day.
    NotADay(String),
    /// After the day it is recorded.
    InFuture {
        /// The day given.
        on: NaiveDate,
        /// The day it is recorded.
        today: NaiveDate,
    },
    /// Before the plan was created.
    BeforePlan {
        /// The day given.
        on: NaiveDate,
        /// The plan.
        plan: String,
        /// The day the plan was created.
        created: NaiveDate,
    },
}

/// One problem with the decision's words, keyed by its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field.
    pub field: DecisionField,
    /// What is wrong with it.
    pub problem: DecisionProblem,
}

impl FieldProblem {
    fn new(field: DecisionField, problem: DecisionProblem) -> FieldProblem {
        FieldProblem { field, problem }
    }

    /// The problem with a day in the words every door shares (a day is
    /// named the same on the command line and in the browser), with its
    /// hint; None for a problem each door words itself (a blank field, a
    /// text that is no day).
    pub fn day_words(&self, lang: Lang) -> Option<(String, String)> {
        match &self.problem {
            DecisionProblem::InFuture { on, today } => Some((
                DecideMsg::OnInFuture.fill(
                    lang,
                    &[
                        ("on", &day_display(*on, lang)),
                        ("today", &day_display(*today, lang)),
                    ],
                ),
                DecideMsg::OnInFutureHint.get(lang),
            )),
            DecisionProblem::BeforePlan { on, plan, created } => Some((
                DecideMsg::OnBeforePlan.fill(
                    lang,
                    &[
                        ("on", &day_display(*on, lang)),
                        ("plan", plan),
                        ("created", &day_display(*created, lang)),
                    ],
                ),
                DecideMsg::OnBeforePlanHint
                    .fill(lang, &[("created", &day_display(*created, lang))]),
            )),
            DecisionProblem::Blank | DecisionProblem::NotADay(_) => None,
        }
    }

    /// A problem with a day as an error (exit 1), as the command line
    /// shows it; None for a problem each door words itself.
    pub fn day_error(&self, lang: Lang) -> Option<CommandError> {
        self.day_words(lang)
            .map(|(message, hint)| CommandError::data(message).hinted(hint))
    }
}

impl DecisionInput {
    /// The rules of the decision's words that need no history: the summary
    /// and the decider are not blank, and are recorded trimmed; the
    /// meeting and the rationale are trimmed (blank: none); a day typed is
    /// read; a day given is not after `today`, the day it is recorded
    /// (when known). Returns the input as it is to be recorded, or every
    /// problem, keyed by its field, in the form's order.
    pub fn check(&self, today: Option<NaiveDate>) -> Result<DecisionInput, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let summary = self.summary.trim().to_string();
        if summary.is_empty() {
            problems.push(FieldProblem::new(
                DecisionField::Summary,
                DecisionProblem::Blank,
            ));
        }
        let decided_by = match DecisionInput::decider(&self.decided_by) {
            Ok(by) => by,
            Err(problem) => {
                problems.push(problem);
                String::new()
            }
        };
        let optional = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_string)
        };
        let mut decided_on = self.decided_on;
        if decided_on.is_none()
            && let Some(typed) = optional(&self.decided_on_typed)
        {
            match crate::plan::input::day(&typed) {
                Ok(day) => decided_on = Some(day),
                Err(_) => problems.push(FieldProblem::new(
                    DecisionField::DecidedOn,
                    DecisionProblem::NotADay(typed),
                )),
            }
        }
        if let (Some(on), Some(today)) = (decided_on, today)
            && on > today
        {
            problems.push(FieldProblem::new(
                DecisionField::DecidedOn,
                DecisionProblem::InFuture { on, today },
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(DecisionInput {
            summary,
            body: optional(&self.body),
            decided_by,
            decided_on,
            decided_on_typed: None,
            meeting: optional(&self.meeting),
            extra: self.extra.clone(),
        })
    }

    /// Who decided, as recorded: trimmed, and not blank. The rule for
    /// anyone named as deciding, also who settles `sync`'s conflicts.
    pub fn decider(by: &str) -> Result<String, FieldProblem> {
        let by = by.trim();
        if by.is_empty() {
            return Err(FieldProblem::new(
                DecisionField::DecidedBy,
                DecisionProblem::Blank,
            ));
        }
        Ok(by.to_string())
    }

    /// A day before the plan was created, as a problem at the day's field.
    pub fn before_plan(on: NaiveDate, plan: &str, created: NaiveDate) -> FieldProblem {
        FieldProblem::new(
            DecisionField::DecidedOn,
            DecisionProblem::BeforePlan {
                on,
                plan: plan.to_string(),
                created,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_words_are_recorded_trimmed_and_blank_options_are_none() {
        let input = DecisionInput {
            summary: "  Plan vedtaget \n".into(),
            decided_by: "\tLokal-MED ".into(),
            meeting: Some("  ".into()),
            body: Some(" Fordi \n".into()),
            decided_on_typed: Some(" 12.9.2024 ".into()),
            ..DecisionInput::default()
        };
        let checked = input.check(Some(day(2024, 9, 20))).unwrap();
        assert_eq!(checked.summary, "Plan vedtaget");
        assert_eq!(checked.decided_by, "Lokal-MED");
        assert_eq!(checked.meeting, None);
        assert_eq!(checked.body.as_deref(), Some("Fordi"));
        assert_eq!(checked.decided_on, Some(day(2024, 9, 12)));
    }

    #[test]
    fn every_problem_is_keyed_by_its_field_in_the_form_s_order() {
        let input = DecisionInput {
            summary: " ".into(),
            decided_by: String::new(),
            decided_on_typed: Some("i går".into()),
            ..DecisionInput::default()
        };
        let problems = input.check(None).unwrap_err();
        assert_eq!(
            problems,
            vec![
                FieldProblem::new(DecisionField::Summary, DecisionProblem::Blank),
                FieldProblem::new(DecisionField::DecidedBy, DecisionProblem::Blank),
                FieldProblem::new(
                    DecisionField::DecidedOn,
                    DecisionProblem::NotADay("i går".into())
                ),
            ]
        );
        assert_eq!(
            problems.iter().map(|p| p.field.name()).collect::<Vec<_>>(),
            ["summary", "decided_by", "decided_on"]
        );
    }

    #[test]
    fn a_day_after_the_day_it_is_recorded_is_a_problem_at_the_day() {
        let input = DecisionInput {
            summary: "x".into(),
            decided_by: "y".into(),
            decided_on: Some(day(2024, 9, 21)),
            ..DecisionInput::default()
        };
        let problems = input.check(Some(day(2024, 9, 20))).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, DecisionField::DecidedOn);
        let (words, _) = problems[0].day_words(Lang::Da).unwrap();
        assert!(words.contains("21. september 2024"), "{words}");
        assert!(input.check(Some(day(2024, 9, 21))).is_ok());
        assert!(input.check(None).is_ok());
    }
}
