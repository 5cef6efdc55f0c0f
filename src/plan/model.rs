//! The plan file, format 1, as Rust types.
//!
//! These types are the single source of truth for the file format: the JSON
//! Schema in `schemas/plan.schema.json` is generated from them (see
//! [`crate::plan::schema`]). Progress and phase status are never stored here;
//! they are derived (see [`crate::plan::progress`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The pattern every id must match: it is also a safe file name.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,63}$";

/// The pattern of a period string (`2024-10-15`, `2024-10`, `2027-W12`,
/// `2024-Q4`, `2025-H1`, `2024`, `2024-autumn`, …).
pub const PERIOD_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?|-W(0[1-9]|[1-4][0-9]|5[0-3])|-Q[1-4]|-H[12]|-(spring|summer|autumn|winter))?$";

/// The only file format this version understands.
pub const FORMAT_VERSION: u64 = 1;

/// A backbrief plan: how a unit will take on its main task, in phases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Backbrief plan", extend("$id" = "https://backbrief.dk/schemas/plan.schema.json"))]
pub struct Plan {
    /// Where editors find this schema, e.g. "../schemas/plan.schema.json".
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The file format version: always 1.
    #[schemars(range(min = 1, max = 1))]
    #[serde(deserialize_with = "whole_number")]
    pub format: u64,
    /// The plan's id; equals the file name without `.json`.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// The title, e.g. "Backbrief fra arbejdsplads 1".
    #[schemars(length(min = 1))]
    pub title: String,
    /// The language the tool speaks about this plan: "da" (default) or "en".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
    /// The workplace or unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The body that owns the plan, e.g. "Lokal-MED".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The starting point (udgangspunkt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub situation: Option<String>,
    /// The main task (hovedopgave).
    #[schemars(length(min = 1))]
    pub main_task: String,
    /// How we will achieve it (hvordan vil vi opnå det?).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// The three perspectives on the core task (kerneopgaven).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_task: Option<CoreTask>,
    /// Free notes about the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The phases (faser), in order.
    #[schemars(length(min = 1))]
    pub phases: Vec<Phase>,
    /// Extra points on the timeline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// How and when we report (afrapportering).
    pub reporting: Vec<Reporting>,
}

/// The three perspectives on the core task (Fremfærd).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoreTask {
    /// The formal core task, as laws and political decisions state it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal: Option<String>,
    /// The performed core task, as leaders and professionals carry it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performed: Option<String>,
    /// The experienced core task, as citizens experience it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experienced: Option<String>,
}

/// A phase (fase) of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Unique within the plan.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// E.g. "Fase 1: Kendskab til kerneopgaven".
    #[schemars(length(min = 1))]
    pub title: String,
    /// What the phase should achieve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Who plans the phase, e.g. "Lokal-MED".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_by: Option<String>,
    /// When the phase runs.
    pub period: PhasePeriod,
    /// Ids of phases that must come first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Id>,
    /// The subtasks (underopgaver) of the phase.
    pub subtasks: Vec<Subtask>,
}

/// When a phase runs: one period, or a span from the start of one period to
/// the end of another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PhasePeriod {
    /// One period, e.g. "2024-autumn".
    Single(PeriodText),
    /// From the first day of `start` to the last day of `end`.
    Span(PeriodSpan),
}

/// From the first day of `start` to the last day of `end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodSpan {
    /// The period whose first day starts the span.
    pub start: PeriodText,
    /// The period whose last day ends the span.
    pub end: PeriodText,
}

/// A period string as written in the file: a day (`2024-10-15`), an ISO
/// week, Monday to Sunday (`2027-W12`; `W53` only in a year that has it), a
/// month (`2024-10`), a quarter (`2024-Q4`), a half year (`2025-H1`), a year
/// (`2024`) or a season (`2024-spring`, `-summer`, `-autumn`, `-winter`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct PeriodText(#[schemars(regex(pattern = PERIOD_PATTERN))] pub String);

/// An id that refers to another item of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Id(#[schemars(regex(pattern = ID_PATTERN))] pub String);

/// A subtask (underopgave): one activity of a phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subtask {
    /// Unique within the plan.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// E.g. "Workshop i teams".
    #[schemars(length(min = 1))]
    pub title: String,
    /// Where the subtask stands.
    pub status: Status,
    /// Who holds the threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<PeriodText>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The discussion questions the activity works through.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    /// The working communities the activity strengthens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub communities: Vec<Community>,
    /// The imbalances (1–12 in "Stærkere sammen") the activity addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub imbalances: Vec<Imbalance>,
}

/// The number of one of the twelve imbalances in "Stærkere sammen".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Imbalance(#[schemars(range(min = 1, max = 12))] pub u8);

/// Where a subtask or reporting obligation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
    /// Stuck; needs a decision or help.
    Blocked,
    /// Will not be done.
    Cancelled,
}

impl Status {
    /// Every status, in the order of the schema.
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Blocked,
        Status::Cancelled,
    ];

    /// The word in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Cancelled => "cancelled",
        }
    }

    /// Done or cancelled: nothing more is owed.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Cancelled)
    }
}

/// The four working communities around the core task ("Stærkere sammen").
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Community {
    /// Det organisatoriske fællesskab.
    Organisational,
    /// Det opgaverettede fællesskab.
    Task,
    /// Det faglige fællesskab.
    Professional,
    /// Det kollegiale fællesskab.
    Collegial,
}

impl Community {
    /// The four, in the order "Stærkere sammen" presents them.
    pub const ALL: [Community; 4] = [
        Community::Organisational,
        Community::Task,
        Community::Professional,
        Community::Collegial,
    ];

    /// The word in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Community::Organisational => "organisational",
            Community::Task => "task",
            Community::Professional => "professional",
            Community::Collegial => "collegial",
        }
    }
}

/// An extra point on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Unique within the plan.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// E.g. "Byrådet behandler planen".
    #[schemars(length(min = 1))]
    pub title: String,
    /// When (a period string, usually a day).
    pub date: PeriodText,
}

/// A reporting obligation (afrapportering): what we report, to whom, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reporting {
    /// Unique within the plan.
    #[schemars(regex(pattern = ID_PATTERN))]
    pub id: String,
    /// What is reported, e.g. "Konklusioner fra procesevalueringen".
    #[schemars(length(min = 1))]
    pub what: String,
    /// To whom, e.g. "Nærmeste chef".
    #[schemars(length(min = 1))]
    pub to: String,
    /// When it is due.
    pub due: PeriodText,
    /// Where it stands.
    pub status: Status,
    /// Who reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The id of the phase whose end triggers the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Id>,
}

impl Plan {
    /// The language to speak about this plan, unless the user chose one.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_default()
    }

    /// Every subtask with the phase it belongs to, in plan order.
    pub fn subtasks(&self) -> impl Iterator<Item = (&Phase, &Subtask)> {
        self.phases
            .iter()
            .flat_map(|phase| phase.subtasks.iter().map(move |subtask| (phase, subtask)))
    }

    /// The phase with this id.
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|phase| phase.id == id)
    }
}

/// A whole number, written as JSON writes it: `1`, or `1.0` (which JSON
/// Schema counts as the integer 1, so the typed reading must too).
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<u64, E> {
            Ok(value)
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<u64, E> {
            u64::try_from(value).map_err(|_| E::custom("a negative number"))
        }
        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<u64, E> {
            if value.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&value) {
                Ok(value as u64)
            } else {
                Err(E::custom("not a whole number"))
            }
        }
    }
    deserializer.deserialize_any(Whole)
}
