use super::svg::{SVG_WIDTH, label_chars};
use super::*;
use crate::plan::model::{PeriodText, Phase, PhasePeriod, Subtask};
use crate::render::Style;
use crate::render::status::plan_detail;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

fn plan(period: &str, due: Option<&str>) -> Plan {
    Plan {
        schema: None,
        format: 1,
        id: "p".into(),
        title: "Plan <b>&</b>".into(),
        language: None,
        unit: None,
        owner: None,
        situation: None,
        main_task: "x".into(),
        intent: None,
        core_task: None,
        notes: None,
        phases: vec![Phase {
            id: "fase-1".into(),
            title: "Fase 1: <script>".into(),
            goal: None,
            planned_by: None,
            period: PhasePeriod::Single(PeriodText(period.into())),
            depends_on: vec![],
            subtasks: vec![Subtask {
                id: "a".into(),
                title: "A; #1 `x`".into(),
                status: Status::Planned,
                owner: None,
                due: due.map(|d| PeriodText(d.into())),
                notes: None,
                questions: vec![],
                communities: vec![],
                imbalances: vec![],
            }],
        }],
        milestones: vec![],
        reporting: vec![],
    }
}

fn timeline(plan: &Plan, today: &str) -> Timeline {
    let style = Style {
        color: false,
        width: 80,
        lang: Lang::Da,
    };
    let detail = plan_detail(plan, day(today), &style);
    Timeline::build(plan, &detail, Lang::Da)
}

#[test]
fn months_run_from_the_first_to_the_last_day_of_every_period() {
    let plan = plan("2024-autumn", Some("2025-01-15"));
    let timeline = timeline(&plan, "2024-11-21");
    let months: Vec<(i32, u32)> = timeline.months.iter().map(|m| (m.year, m.month)).collect();
    assert_eq!(
        months,
        vec![(2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1)]
    );
    assert!(timeline.today_shown());
    assert_eq!(timeline.phases[0].subtasks.len(), 1);
}

#[test]
fn a_plan_without_dates_still_renders_and_says_so() {
    let plan = plan("efterår 2024", Some("snart"));
    let timeline = timeline(&plan, "2024-11-21");
    assert!(!timeline.has_dates());
    assert_eq!(timeline.undated, 1);
    let sentence = ReportMsg::TimelineNoDates.get(Lang::Da);
    assert_eq!(timeline.notes(), vec![sentence.clone()]);
    let style = Style {
        color: false,
        width: 80,
        lang: Lang::Da,
    };
    let text = text_gantt(&timeline, &style);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(&sentence), "{text}");
    assert!(mermaid(&timeline).contains("gantt"));
    let svg = svg(&timeline, true).expect("svg");
    assert!(svg.contains("</svg>"));
    assert!(svg.contains(&sentence));
}

#[test]
fn overdue_has_a_shape_of_its_own() {
    let plan = plan("2024-autumn", Some("2024-10"));
    let timeline = timeline(&plan, "2024-11-21");
    let marker = &timeline.phases[0].subtasks[0];
    assert!(marker.overdue);
    assert_eq!(marker.shape(), Shape::Overdue);
    let svg = svg(&timeline, false).expect("svg");
    assert!(svg.contains("data-shape=\"warning\""));
}

#[test]
fn plan_text_is_escaped_in_the_svg_and_the_mermaid_chart() {
    let plan = plan("2024-autumn", Some("2024-10"));
    let timeline = timeline(&plan, "2024-09-21");
    let svg = svg(&timeline, true).expect("svg");
    assert!(!svg.contains("<script>"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;script&gt;"));
    let chart = mermaid(&timeline);
    assert!(chart.contains("Fase 1#58; #60;script#62;"));
    assert!(chart.contains("A#59; #35;1 #96;x#96;"));
    assert!(!chart.contains('`'));
}

#[test]
fn the_text_chart_fits_the_width_for_long_plans() {
    for (period, width) in [
        ("2024", 80u16),
        ("2024-10-15", 80),
        ("2020", 40),
        ("2024-autumn", 120),
    ] {
        let plan = plan(period, Some("2031-06"));
        let timeline = timeline(&plan, "2024-11-21");
        let style = Style {
            color: false,
            width,
            lang: Lang::En,
        };
        let text = text_gantt(&timeline, &style);
        for line in text.lines() {
            assert!(
                line.chars().count() <= usize::from(width),
                "{period} at {width}: {line:?}\n{text}"
            );
        }
    }
}

#[test]
fn wrap_keeps_every_word() {
    assert_eq!(wrap("abc", 10), vec!["abc"]);
    assert_eq!(
        wrap("Konklusioner fra procesevalueringen og en skitseplan", 20),
        vec!["Konklusioner fra", "procesevalueringen", "og en skitseplan"]
    );
    assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    assert_eq!(wrap("", 3), vec![""]);
    let text = "Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven";
    let lines = wrap(text, label_chars(20, false));
    assert_eq!(lines.join(" "), text);
    assert!(
        lines
            .iter()
            .all(|l| l.chars().count() <= label_chars(20, false))
    );
}

#[test]
fn the_timeline_prints_at_eight_points_or_more_on_a4() {
    // A4 less report.css's margins (14 mm each side) in CSS pixels.
    let printable_px = (210.0 - 28.0) / 25.4 * 96.0;
    let printed_pt = SVG_FONT_SIZE as f64 * printable_px / SVG_WIDTH as f64 * 0.75;
    assert!(printed_pt >= 8.0, "{printed_pt:.2} pt");
}

#[test]
fn shorten_cuts_at_the_limit() {
    assert_eq!(shorten("abc", 3), "abc");
    assert_eq!(shorten("abcd", 3), "ab…");
    assert_eq!(shorten(" a \n b ", 10), "a b");
}

/// The texts of the header row below the years (`y` 45 in a 52 px header).
fn header_labels(svg: &str) -> Vec<String> {
    svg.lines()
        .filter(|line| line.contains("text-anchor=\"middle\" fill=\"#444444\""))
        .filter_map(|line| {
            let start = line.find('>')? + 1;
            let end = line[start..].find('<')? + start;
            Some(line[start..end].to_string())
        })
        .collect()
}

#[test]
fn a_three_year_plan_labels_quarters_not_single_letters() {
    // 2024–2027: 48 months would be 12 px each, "j", "f", "m".
    let long = plan("2024-01", Some("2027-12"));
    let svg = svg::svg(&timeline(&long, "2025-06-01"), true).expect("renders");
    let labels = header_labels(&svg);
    assert_eq!(labels.len(), 16, "{labels:?}");
    assert_eq!(&labels[..5], ["K1", "K2", "K3", "K4", "K1"]);
    assert!(
        labels.iter().all(|label| label.chars().count() > 1),
        "{labels:?}"
    );
    for year in ["2024", "2025", "2026", "2027"] {
        assert!(
            svg.contains(&format!(">{year}</text>")),
            "year {year} is named"
        );
    }
    assert!(
        svg.contains("<title>1. kvartal 2025</title>"),
        "a quarter's tooltip"
    );
    // A plan over a few months keeps its months' names.
    let short = plan("2024-autumn", Some("2024-10-15"));
    let labels = header_labels(&svg::svg(&timeline(&short, "2024-10-01"), true).expect("renders"));
    assert!(labels.iter().any(|label| label == "okt"), "{labels:?}");
}

#[test]
fn a_decade_names_only_the_years() {
    let decade = plan("2024-01", Some("2034-12"));
    let svg = svg::svg(&timeline(&decade, "2025-06-01"), true).expect("renders");
    assert!(header_labels(&svg).is_empty());
    assert!(svg.contains(">2030</text>"));
}
