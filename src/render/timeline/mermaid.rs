//! The timeline as a Mermaid `gantt` chart for the Markdown report.

use crate::i18n::{Message, ReportMsg, StatusMsg};
use crate::plan::dates::{Span, day_display};
use crate::plan::model::Status;
use crate::plan::progress::PhaseState;

use super::{Marker, Timeline, shorten};
/// Plan text made safe for a Mermaid chart: the characters Mermaid reads as
/// syntax (`:` `;` `#` `<` `>` `&` `` ` ``, line breaks) written as its
/// entity codes, so titles show as written and cannot end the code block.
pub fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        match c {
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '&' => out.push_str("#38;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            _ => out.push(c),
        }
    }
    out
}

/// The timeline as a Mermaid `gantt` chart (without the code fence), which
/// GitLab, GitHub and Obsidian draw. Overdue items are `crit`, done ones
/// `done`, phases under way `active`; today is a milestone of its own.
pub fn mermaid(timeline: &Timeline) -> String {
    let lang = timeline.lang;
    let mut out = String::from("gantt\n");
    let title = ReportMsg::TimelineTitle.fill(lang, &[("title", &timeline.title)]);
    out.push_str(&format!("    title {}\n", mermaid_text(&title)));
    out.push_str("    dateFormat YYYY-MM-DD\n");
    out.push_str("    axisFormat %Y-%m-%d\n");
    out.push_str("    todayMarker off\n");
    if !timeline.has_dates() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&ReportMsg::TimelineNoDates.get(lang))
        ));
        return out;
    }
    let task = |name: &str, tags: &[&str], span: Span| -> String {
        let days = (span.last - span.first).num_days() + 1;
        let mut meta: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        meta.push(span.first.format("%Y-%m-%d").to_string());
        meta.push(format!("{days}d"));
        format!(
            "    {} :{}\n",
            mermaid_text(&shorten(name, 70)),
            meta.join(", ")
        )
    };
    let marker_tags = |marker: &Marker| -> Vec<&'static str> {
        if marker.overdue {
            vec!["crit"]
        } else if marker.status == Status::Done || marker.status == Status::Cancelled {
            vec!["done"]
        } else if marker.status == Status::InProgress {
            vec!["active"]
        } else {
            vec![]
        }
    };
    let marker_name = |marker: &Marker| {
        if marker.overdue {
            format!("⚠ {}", marker.title)
        } else {
            marker.title.clone()
        }
    };
    for phase in &timeline.phases {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&shorten(&phase.title, 60))
        ));
        if let Some(span) = phase.span {
            let tags: &[&str] = match phase.state {
                PhaseState::Done => &["done"],
                PhaseState::InProgress => &["active"],
                PhaseState::Blocked => &["crit"],
                PhaseState::Planned => &[],
            };
            let name = format!(
                "{} ({}/{})",
                phase.title, phase.progress.done, phase.progress.total
            );
            out.push_str(&task(&name, tags, span));
        }
        for marker in &phase.subtasks {
            out.push_str(&task(
                &marker_name(marker),
                &marker_tags(marker),
                marker.span,
            ));
        }
    }
    if !timeline.milestones.is_empty() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&ReportMsg::Milestones.get(lang))
        ));
        for marker in &timeline.milestones {
            out.push_str(&format!(
                "    {} :milestone, {}, 0d\n",
                mermaid_text(&shorten(&marker.title, 70)),
                marker.span.first.format("%Y-%m-%d")
            ));
        }
    }
    if !timeline.reporting.is_empty() {
        out.push_str(&format!(
            "    section {}\n",
            mermaid_text(&StatusMsg::Reporting.get(lang))
        ));
        for marker in &timeline.reporting {
            out.push_str(&task(
                &marker_name(marker),
                &marker_tags(marker),
                marker.span,
            ));
        }
    }
    if timeline.today_shown() {
        let today = ReportMsg::TodayLabel.get(lang);
        out.push_str(&format!("    section {}\n", mermaid_text(&today)));
        out.push_str(&format!(
            "    {} :milestone, {}, 0d\n",
            mermaid_text(&format!("{today}, {}", day_display(timeline.today, lang))),
            timeline.today.format("%Y-%m-%d")
        ));
    }
    out
}
