//! The report upward, in Markdown and HTML, rendered through minijinja from
//! the templates in `templates/report/` (built into the binary).
//!
//! The report is made from views derived elsewhere: the plan's detail view
//! ([`crate::render::status::plan_detail`]), its [`Timeline`], and the
//! decisions read from the audit trail by the command. Here they only become
//! words in the plan's language. Plan text is escaped by the template engine
//! for HTML and SVG, and by the `md` filter for Markdown.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

use crate::i18n::{HistoryMsg, Lang, Message, ReportMsg, StatusMsg};
use crate::plan::dates::day_display;
use crate::plan::model::{Plan, Status};
use crate::plan::progress::{DueKind, PhaseState};
use crate::render::status::{DUE_SOON_DAYS, DueView, PlanDetail};
pub use crate::render::templates::{markdown_escape, markdown_inline, render_template};
use crate::render::timeline::{self, Timeline};
use crate::render::{community_name, count_bar, progress_bar, status_word};

/// A decision as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionEntry {
    /// The day it was decided, in words.
    pub date: String,
    /// The day it was decided.
    pub decided_on: NaiveDate,
    /// Who decided.
    pub decided_by: String,
    /// The summary line.
    pub summary: String,
    /// The rationale, when given.
    pub body: Option<String>,
    /// The meeting, when given.
    pub meeting: Option<String>,
    /// The short commit id.
    pub commit: String,
    /// "Report delivered to …" when it records a report.
    pub reported_to: Option<String>,
    /// What changed, in words (listed in the appendix).
    pub changes: Vec<String>,
    /// How many changes, in words ("3 ændringer i planen (se bilaget)").
    pub changes_summary: String,
    /// When, by whom and at which meeting, in words, for the appendix.
    pub decided: String,
}

/// What a report is made from.
pub struct ReportInput<'a> {
    /// The plan (valid).
    pub plan: &'a Plan,
    /// Its detail view on the report date.
    pub detail: &'a PlanDetail,
    /// Its timeline on the report date.
    pub timeline: &'a Timeline,
    /// The decisions the report covers, in the order they were decided.
    pub decisions: &'a [DecisionEntry],
    /// The decision that created the plan, when it lies in the period.
    pub creation: Option<&'a DecisionEntry>,
    /// Which decisions these are, in words.
    pub covered: String,
    /// The language to speak.
    pub lang: Lang,
    /// The sentence that marks changes to the plan not recorded (and not
    /// in the report), or a plan never recorded.
    pub unrecorded: Option<String>,
}

/// The report in words, as every format shows it.
#[derive(Debug, Serialize)]
pub(crate) struct ReportView {
    pub lang: &'static str,
    pub t: BTreeMap<String, String>,
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub date: String,
    pub date_iso: String,
    pub covered: String,
    pub unrecorded: Option<String>,
    pub situation: Option<String>,
    pub main_task: String,
    pub intent: Option<String>,
    pub phases: Vec<PhaseView>,
    pub overdue: Vec<DueRow>,
    pub due_soon: Vec<DueRow>,
    pub due_soon_heading: String,
    pub nothing_due_soon: String,
    pub decisions: Vec<DecisionEntry>,
    /// "The plan was created on … by …", when its creation is in the period.
    pub created: Option<String>,
    /// Every decision with its changes and commit, for the appendix: the
    /// creation first, when there is one.
    pub appendix: Vec<DecisionEntry>,
    pub reporting: Vec<ReportingRow>,
    pub balance: Vec<BalanceRow>,
    pub balance_none: bool,
    pub mermaid: String,
    pub timeline_notes: Vec<String>,
    pub made_by: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PhaseView {
    pub title: String,
    pub when: String,
    pub state: String,
    pub state_class: &'static str,
    pub done: usize,
    pub total: usize,
    pub percent: u32,
    pub progress_text: String,
    pub bar: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct DueRow {
    pub when: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub overdue: bool,
    pub status_class: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct ReportingRow {
    pub what: String,
    pub to: String,
    pub by: Option<String>,
    pub when: String,
    pub status: String,
    pub overdue: bool,
    pub status_class: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct BalanceRow {
    pub name: String,
    pub open: usize,
    pub done: usize,
    pub open_bar: String,
    pub done_bar: String,
    pub open_percent: usize,
    pub done_percent: usize,
}

fn status_text(status: Status, overdue: bool, lang: Lang) -> String {
    let word = status_word(status, lang);
    if overdue {
        format!("{word} {}", StatusMsg::OverdueMark.get(lang))
    } else {
        word
    }
}

fn status_class(status: Status, overdue: bool) -> &'static str {
    if overdue {
        return "overdue";
    }
    match status {
        Status::Planned => "planned",
        Status::InProgress => "in-progress",
        Status::Done => "done",
        Status::Blocked => "blocked",
        Status::Cancelled => "cancelled",
    }
}

fn due_row(item: &DueView, lang: Lang) -> DueRow {
    let kind = match item.kind {
        DueKind::Subtask => StatusMsg::KindSubtask,
        DueKind::Reporting => StatusMsg::KindReporting,
        DueKind::Milestone => StatusMsg::KindMilestone,
    };
    DueRow {
        when: item.due.shown.clone(),
        title: item.title.clone(),
        kind: kind.get(lang),
        status: status_text(item.status, item.overdue, lang),
        overdue: item.overdue,
        status_class: status_class(item.status, item.overdue),
    }
}

/// Every label a template may use, by catalogue key (`t.Timeline`).
fn labels(lang: Lang) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    for key in ReportMsg::ALL {
        labels.insert(format!("{key:?}"), key.get(lang));
    }
    for key in StatusMsg::ALL {
        labels.insert(format!("{key:?}"), key.get(lang));
    }
    labels
}

/// The report in words, from what it is made from.
pub(crate) fn view(input: &ReportInput<'_>) -> ReportView {
    let lang = input.lang;
    let plan = input.plan;
    let detail = input.detail;
    let nothing = StatusMsg::Nothing.get(lang);
    let phases = detail
        .phases
        .iter()
        .zip(&input.timeline.phases)
        .map(|(phase, bar)| PhaseView {
            title: phase.title.clone(),
            when: bar.when.clone(),
            state: bar.state_text(lang),
            state_class: match phase.state {
                PhaseState::Done => "done",
                PhaseState::InProgress => "in-progress",
                PhaseState::Planned => "planned",
                PhaseState::Blocked => "blocked",
            },
            done: phase.progress.done,
            total: phase.progress.total,
            percent: phase.progress.percent(),
            progress_text: ReportMsg::ProgressText.fill(
                lang,
                &[
                    ("done", &phase.progress.done),
                    ("total", &phase.progress.total),
                ],
            ),
            bar: progress_bar(phase.progress, 10),
        })
        .collect();
    let most = detail
        .communities
        .iter()
        .map(|c| c.open + c.done)
        .max()
        .unwrap_or(0)
        .max(1);
    ReportView {
        lang: lang.code(),
        t: labels(lang),
        id: plan.id.clone(),
        title: plan.title.clone(),
        unit: plan.unit.clone(),
        owner: plan.owner.clone(),
        date: day_display(detail.at, lang),
        date_iso: detail.at.format("%Y-%m-%d").to_string(),
        covered: input.covered.clone(),
        unrecorded: input.unrecorded.clone(),
        situation: plan.situation.clone().filter(|s| !s.trim().is_empty()),
        main_task: plan.main_task.clone(),
        intent: plan.intent.clone(),
        phases,
        overdue: detail.overdue.iter().map(|i| due_row(i, lang)).collect(),
        due_soon: detail.due_soon.iter().map(|i| due_row(i, lang)).collect(),
        due_soon_heading: StatusMsg::DueSoon.fill(lang, &[("days", &DUE_SOON_DAYS)]),
        nothing_due_soon: StatusMsg::NothingDueSoon.fill(lang, &[("days", &DUE_SOON_DAYS)]),
        decisions: input.decisions.to_vec(),
        created: input.creation.map(|c| {
            // The summary `new` gives says nothing more than the sentence.
            let automatic = [Lang::Da, Lang::En]
                .into_iter()
                .any(|l| c.summary == HistoryMsg::NewDecisionSummary.fill(l, &[("id", &plan.id)]));
            let fields: [(&str, &dyn std::fmt::Display); 3] = [
                ("date", &c.date),
                ("by", &c.decided_by),
                ("summary", &c.summary),
            ];
            if automatic {
                ReportMsg::CreatedPlain.fill(lang, &fields)
            } else {
                ReportMsg::Created.fill(lang, &fields)
            }
        }),
        appendix: input
            .creation
            .into_iter()
            .chain(input.decisions)
            .cloned()
            .collect(),
        reporting: detail
            .reporting
            .iter()
            .map(|item| ReportingRow {
                what: item.what.clone(),
                to: item.to.clone(),
                by: item.by.clone(),
                when: item
                    .due
                    .as_ref()
                    .map_or_else(|| nothing.clone(), |d| d.shown.clone()),
                status: status_text(item.status, item.overdue, lang),
                overdue: item.overdue,
                status_class: status_class(item.status, item.overdue),
            })
            .collect(),
        balance: detail
            .communities
            .iter()
            .map(|c| BalanceRow {
                name: community_name(c.community, lang),
                open: c.open,
                done: c.done,
                open_bar: count_bar(c.open, 20),
                done_bar: count_bar(c.done, 20),
                open_percent: c.open * 100 / most,
                done_percent: c.done * 100 / most,
            })
            .collect(),
        balance_none: detail.communities.iter().all(|c| c.open + c.done == 0),
        mermaid: timeline::mermaid(input.timeline),
        timeline_notes: input.timeline.notes(),
        made_by: ReportMsg::MadeBy.get(lang),
    }
}

/// The report as Markdown (GitHub and GitLab flavour), with the timeline as
/// a Mermaid `gantt` chart.
pub fn markdown(input: &ReportInput<'_>) -> Result<String, minijinja::Error> {
    let view = view(input);
    render_template(
        "report.md",
        minijinja::context! { r => Value::from(Serde(&view)) },
    )
}

/// The report as one self-contained HTML file: inline CSS and an inline SVG
/// timeline, no scripts, fonts or links; readable on a phone, printable on A4.
pub fn html(input: &ReportInput<'_>) -> Result<String, minijinja::Error> {
    let view = view(input);
    let svg = timeline::svg(input.timeline, false)?;
    render_template(
        "report.html",
        minijinja::context! {
            r => Value::from(Serde(&view)),
            svg => Value::from_safe_string(svg),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_do_not_collide() {
        let count = ReportMsg::ALL.len() + StatusMsg::ALL.len();
        assert_eq!(labels(Lang::Da).len(), count);
    }
}
