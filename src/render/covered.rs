//! The decisions a report covers, in the report's words: each as the report
//! lists it, and which decisions these are with their date range. The
//! decisions are handed in ([`crate::history::covered`] reads them).

use crate::history::covered::{CoveredDecisions, Since};
use crate::history::trail::DecisionChanges;
use crate::history::{Decision, short_id};
use crate::i18n::{Lang, Message, ReportMsg};
use crate::plan::dates::day_display;
use crate::render::describe::describe_all;
use crate::render::report::DecisionEntry;

/// What the report says about the decisions.
#[derive(Debug, Clone, Default)]
pub struct Covered {
    /// The decisions listed, in the order they were decided (the plan's
    /// creation is not one of them).
    pub entries: Vec<DecisionEntry>,
    /// The decision that created the plan, when it lies in the period.
    pub creation: Option<DecisionEntry>,
    /// Which decisions these are, in words, with their date range.
    pub words: String,
}

/// The covered decisions as the report lists them, and in words which they
/// are (`since` is how they were chosen).
pub fn covered(found: &CoveredDecisions, since: &Since, lang: Lang) -> Covered {
    let entries: Vec<DecisionEntry> = found
        .decisions
        .iter()
        .map(|(decision, changes)| entry(decision, changes, lang))
        .collect();
    let creation = found
        .creation
        .as_ref()
        .map(|(decision, changes)| entry(decision, changes, lang));
    let hide = found.after_commit;
    let last_report = &found.last_report;
    let count = entries.len();
    let mut words = match since {
        Since::All => ReportMsg::CoveredAll.fill(lang, &[("count", &count)]),
        Since::Day(day) => ReportMsg::CoveredSinceDate.fill(
            lang,
            &[("date", &day_display(*day, lang)), ("count", &count)],
        ),
        Since::Commit(_) => ReportMsg::CoveredSinceCommit.fill(
            lang,
            &[
                ("commit", &hide.map(short_id).unwrap_or_default()),
                ("count", &count),
            ],
        ),
        Since::LastReport => match last_report {
            Some(report) => ReportMsg::CoveredSinceReport.fill(
                lang,
                &[
                    ("to", &report.reported_to.clone().unwrap_or_default()),
                    ("date", &day_display(report.decided_on, lang)),
                    ("count", &count),
                ],
            ),
            None => ReportMsg::CoveredNoReportYet.fill(lang, &[("count", &count)]),
        },
    };
    // Sorted by the day decided, the first is the earliest and the last the
    // latest.
    if let (Some(first), Some(last)) = (entries.first(), entries.last()) {
        words.push_str(" · ");
        if first.decided_on == last.decided_on {
            words.push_str(&first.date);
        } else {
            words.push_str(
                &ReportMsg::CoveredRange
                    .fill(lang, &[("first", &first.date), ("last", &last.date)]),
            );
        }
    }
    Covered {
        entries,
        creation,
        words,
    }
}

/// A decision with its changes in words.
pub fn entry(decision: &Decision, changes: &DecisionChanges, lang: Lang) -> DecisionEntry {
    let changes = describe_all(
        &changes.changes,
        changes.before.as_ref(),
        changes.after.as_ref(),
        lang,
    );
    DecisionEntry {
        date: day_display(decision.decided_on, lang),
        decided_on: decision.decided_on,
        decided_by: decision.decided_by.clone(),
        summary: decision.summary.clone(),
        body: decision.body.clone(),
        meeting: decision.meeting.clone(),
        commit: short_id(decision.commit),
        reported_to: decision
            .reported_to
            .as_ref()
            .map(|to| ReportMsg::ReportedTo.fill(lang, &[("to", to)])),
        decided: match &decision.meeting {
            Some(meeting) => ReportMsg::AppendixDecidedAt.fill(
                lang,
                &[
                    ("date", &day_display(decision.decided_on, lang)),
                    ("by", &decision.decided_by),
                    ("meeting", meeting),
                ],
            ),
            None => ReportMsg::AppendixDecided.fill(
                lang,
                &[
                    ("date", &day_display(decision.decided_on, lang)),
                    ("by", &decision.decided_by),
                ],
            ),
        },
        changes_summary: match changes.len() {
            0 => ReportMsg::NoChanges.get(lang),
            1 => ReportMsg::OneChange.get(lang),
            count => ReportMsg::ManyChanges.fill(lang, &[("count", &count)]),
        },
        changes,
    }
}
