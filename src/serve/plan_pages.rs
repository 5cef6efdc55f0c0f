//! The overview of all plans (as `status`) and one plan's page (as
//! `status PLAN`, with the timeline, the forms and the draft).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::history::recorded::{Recording, recorded_plans_stamped, unrecorded_words};
use crate::i18n::{DraftMsg, Lang, Message, ServeMsg};
use crate::plan::model::{Community, Status};
use crate::plan::{Severity, check};
use crate::render::status::{invalid_row, plan_detail, plan_row};
use crate::render::timeline::{Timeline, svg};
use crate::render::{Style, community_name, status_word};
use crate::serve::overview_rows::{CachedRow, MadeFrom, OverviewRow};
use crate::serve::page::{Page, library, or_page, read_draft};
use crate::serve::state::App;

/// The day status and overdue marks are computed for: `--at`, else today.
pub fn today(at: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    at.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// A plain style (no colours) for the library's views in `lang`.
pub fn style(lang: Lang) -> Style {
    Style {
        color: false,
        width: 100,
        lang,
    }
}

/// GET / — every plan, as `backbrief status` lists them.
pub async fn overview(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let lang = app.lang(&headers, None);
    let (root, at, cache) = (app.root.clone(), app.at, app.clone());
    let rows = library(
        &app,
        lang,
        move || -> Result<Vec<OverviewRow>, crate::error::CommandError> {
            let workspace = crate::workspace::Workspace { root };
            // A reading view: every plan as recorded (see
            // `history::recorded`), its unrecorded changes named.
            let plans = recorded_plans_stamped(&workspace, lang, Some(&cache.overview.stamps))?;
            let today = today(at);
            let style = style(lang);
            let cache = &cache.overview;
            Ok(check::parallel_map(&plans, |reader| {
                let path = reader.file.clone();
                let made_from = match reader.blob() {
                    Some(blob) => Some(MadeFrom::Blob(blob)),
                    None => reader.bytes().map(MadeFrom::Bytes),
                };
                let unrecorded = unrecorded_words(&reader.unrecorded, lang);
                let never_recorded = reader.recording == Recording::NeverRecorded;
                if let (Some(made_from), Ok(rows)) = (&made_from, cache.rows.lock())
                    && let Some(cached) = rows.get(&path)
                    && cached.made_from == *made_from
                    && cached.lang == lang
                    && cached.today == today
                    && cached.row.unrecorded == unrecorded
                    && cached.row.never_recorded == never_recorded
                {
                    return cached.row.clone();
                }
                let shown = reader.file.clone();
                let id = reader.id.clone();
                let checked = reader.check(Some(lang));
                let row = match (&checked.plan, checked.count(Severity::Error)) {
                    (Some(plan), 0) => plan_row(plan, shown, today, &style),
                    (_, errors) => invalid_row(id.clone(), shown, errors),
                };
                let progress = row.progress.unwrap_or_default();
                let made = OverviewRow {
                    title: row.title.clone().unwrap_or_else(|| id.clone()),
                    id,
                    valid: row.valid,
                    invalid: ServeMsg::InvalidPlan.fill(lang, &[("errors", &row.errors)]),
                    current_phase: row.current_phase.map(|p| p.title).unwrap_or_default(),
                    progress: ServeMsg::DoneOf.fill(
                        lang,
                        &[("done", &progress.done), ("total", &progress.total)],
                    ),
                    progress_done: progress.done,
                    progress_total: progress.total,
                    overdue: row.overdue.unwrap_or(0),
                    next_due: row
                        .next_due
                        .map(|due| format!("{} ({})", due.title, due.due.shown))
                        .unwrap_or_default(),
                    unrecorded,
                    never_recorded,
                };
                if let (Some(made_from), Ok(mut rows)) = (made_from, cache.rows.lock()) {
                    rows.insert(
                        path.clone(),
                        CachedRow {
                            made_from,
                            lang,
                            today,
                            row: made.clone(),
                        },
                    );
                }
                made
            }))
        },
    )
    .await;
    let rows = or_page!(rows);
    let page = Page::new(&app, lang, ServeMsg::OverviewTitle.get(lang), "/");
    page.render(
        &app,
        "overview.html",
        minijinja::context! { rows => minijinja::Value::from(minijinja::value::Serde(&rows)) },
    )
    .into_response()
}

/// What a failed post shows again on the plan page: the values typed, the
/// problems at their fields, a conflict or a notice.
#[derive(Debug, Default, Serialize)]
pub struct Shown {
    /// Problems by field key (`ID.FIELD`, `.FIELD` for plan fields,
    /// `new-PHASE.FIELD` for the add forms, `decision.FIELD`).
    pub errors: BTreeMap<String, Vec<String>>,
    /// Values typed, by the same keys.
    pub values: BTreeMap<String, String>,
    /// A heading for what went wrong.
    pub problem: Option<String>,
    /// Lines under it.
    pub lines: Vec<String>,
    /// A notice (saved, recorded).
    pub notice: Option<String>,
    /// The add panel to show open (`new-PHASE`, `new-phase`, …): the one
    /// holding what was typed when it was refused.
    pub open: String,
}

impl Shown {
    /// A notice only.
    pub fn notice(text: String) -> Shown {
        Shown {
            notice: Some(text),
            ..Shown::default()
        }
    }
}

/// What a plan page says about changes not recorded: the reader's own
/// draft ("Kladde – ikke registreret"), what others hold, a plan never
/// recorded.
#[derive(Debug, Default, Serialize)]
pub struct Marks {
    /// The reader sees their own draft.
    pub own: bool,
    /// Where it is kept: `stored` or `plan_file`.
    pub kind: String,
    /// Collisions with what was decided since the draft began, in words.
    pub collisions: Vec<String>,
    /// Changes not recorded the reader does not see, in words.
    pub others: String,
    /// The plan was never recorded.
    pub never_recorded: bool,
}

impl Marks {
    /// The marks of `draft` as its reader sees it.
    pub fn of(draft: &crate::serve::draft::Draft, lang: Lang) -> Marks {
        use crate::history::recorded::DraftKind;
        Marks {
            own: draft.is_draft(),
            kind: match draft.kind {
                Some(DraftKind::Stored) => "stored",
                Some(DraftKind::PlanFile) => "plan_file",
                None => "",
            }
            .to_string(),
            collisions: draft
                .collisions
                .iter()
                .map(|(field, ours, now)| {
                    DraftMsg::DraftCollision
                        .fill(lang, &[("field", field), ("draft", ours), ("now", now)])
                })
                .collect(),
            others: unrecorded_words(&draft.others, lang),
            never_recorded: draft.recorded.is_none(),
        }
    }
}

#[derive(Serialize)]
struct SubtaskView {
    id: String,
    title: String,
    owner: String,
    due: String,
    status: String,
    status_word: String,
    overdue: bool,
    communities: Vec<String>,
    status_label: String,
    edit_label: String,
}

#[derive(Serialize)]
struct PhaseView {
    id: String,
    title: String,
    period: String,
    state: String,
    done: usize,
    total: usize,
    progress: String,
    goal: String,
    subtasks: Vec<SubtaskView>,
    edit_label: String,
    add_label: String,
}

#[derive(Serialize)]
struct RowView {
    id: String,
    cells: Vec<String>,
    status: String,
    overdue: bool,
    edit_label: String,
}

/// The words for every status, for the selects.
pub fn status_options(lang: Lang) -> Vec<(String, String)> {
    Status::ALL
        .iter()
        .map(|status| (status.as_str().to_string(), status_word(*status, lang)))
        .collect()
}

/// The four communities, for the check boxes.
pub fn community_options(lang: Lang) -> Vec<(String, String)> {
    Community::ALL
        .iter()
        .map(|community| {
            (
                community.as_str().to_string(),
                community_name(*community, lang),
            )
        })
        .collect()
}

/// What was just done, for the page after it (`?done=…`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// GET /plan/{id}[?done=discarded|removed]
pub async fn plan(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let lang = app.lang(&headers, None);
    let notice = match done.done.as_deref() {
        Some("discarded") => Some(ServeMsg::Discarded.get(lang)),
        Some("removed") => Some(DraftMsg::RemovedItem.get(lang)),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    plan_page(app, headers, id, shown, StatusCode::OK).await
}

/// The plan's page, with `shown` from a failed or finished post.
pub async fn plan_page(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let asked = app.lang(&headers, None);
    let draft = or_page!(read_draft(&app, &id, asked).await);
    let plan_lang = draft
        .bytes
        .as_deref()
        .or(draft.recorded.as_deref())
        .and_then(crate::history::trail::plan_from_bytes)
        .map(|plan| plan.language());
    let lang = app.lang(&headers, plan_lang);
    let checked = draft.checked(Some(lang));
    let path = format!("/plan/{id}");
    let Some(plan) = checked
        .plan
        .as_ref()
        .filter(|_| checked.count(Severity::Error) == 0)
    else {
        // The file in the work tree is broken (an editor's save): say what
        // is wrong; it can be put back as recorded.
        let findings: Vec<String> = checked
            .findings
            .iter()
            .map(|f| f.render(lang).trim_end().to_string())
            .collect();
        let page = Page::new(&app, lang, id.clone(), &path);
        let body = page.render(
            &app,
            "plan.html",
            minijinja::context! {
                id => id, broken => findings, recorded => draft.recorded.is_some(),
                marks => minijinja::Value::from(minijinja::value::Serde(&Marks::of(&draft, lang))),
                base => draft.head.to_string(), draft_hash => draft.hash(), shown => minijinja::Value::from(minijinja::value::Serde(&shown)),
            },
        );
        return body.with_status(StatusCode::OK);
    };
    let today = today(app.at);
    let style = style(lang);
    let detail = plan_detail(plan, today, &style);
    let timeline = Timeline::build(plan, &detail, lang);
    let picture = svg(&timeline, false).unwrap_or_default();
    let value: Value = serde_json::to_value(plan).unwrap_or(Value::Null);
    let phases: Vec<PhaseView> = detail
        .phases
        .iter()
        .map(|phase| PhaseView {
            id: phase.id.clone(),
            title: phase.title.clone(),
            period: phase
                .period
                .as_ref()
                .map(|p| p.shown.clone())
                .unwrap_or_default(),
            state: match phase.state {
                crate::plan::progress::PhaseState::Done => crate::i18n::StatusMsg::PhaseStateDone,
                crate::plan::progress::PhaseState::InProgress => {
                    crate::i18n::StatusMsg::PhaseStateInProgress
                }
                crate::plan::progress::PhaseState::Planned => {
                    crate::i18n::StatusMsg::PhaseStatePlanned
                }
                crate::plan::progress::PhaseState::Blocked => {
                    crate::i18n::StatusMsg::PhaseStateBlocked
                }
            }
            .get(lang),
            done: phase.progress.done,
            total: phase.progress.total,
            progress: ServeMsg::DoneOf.fill(
                lang,
                &[
                    ("done", &phase.progress.done),
                    ("total", &phase.progress.total),
                ],
            ),
            goal: plan
                .phase(&phase.id)
                .and_then(|p| p.goal.clone())
                .unwrap_or_default(),
            edit_label: ServeMsg::EditItem.fill(lang, &[("title", &phase.title)]),
            add_label: ServeMsg::AddActivityTo.fill(lang, &[("phase", &phase.title)]),
            subtasks: phase
                .subtasks
                .iter()
                .map(|subtask| SubtaskView {
                    id: subtask.id.clone(),
                    title: subtask.title.clone(),
                    owner: subtask.owner.clone().unwrap_or_default(),
                    due: subtask
                        .due
                        .as_ref()
                        .map(|d| d.shown.clone())
                        .unwrap_or_default(),
                    status: subtask.status.as_str().to_string(),
                    status_word: status_word(subtask.status, lang),
                    overdue: subtask.overdue,
                    communities: subtask
                        .communities
                        .iter()
                        .map(|c| community_name(*c, lang))
                        .collect(),
                    status_label: ServeMsg::StatusOf.fill(lang, &[("title", &subtask.title)]),
                    edit_label: ServeMsg::EditItem.fill(lang, &[("title", &subtask.title)]),
                })
                .collect(),
        })
        .collect();
    let milestones: Vec<RowView> = plan
        .milestones
        .iter()
        .map(|m| RowView {
            id: m.id.clone(),
            cells: vec![m.title.clone(), m.date.display(lang)],
            status: String::new(),
            overdue: false,
            edit_label: ServeMsg::EditItem.fill(lang, &[("title", &m.title)]),
        })
        .collect();
    let reporting: Vec<RowView> = detail
        .reporting
        .iter()
        .map(|r| RowView {
            id: r.id.clone(),
            cells: vec![
                r.what.clone(),
                r.to.clone(),
                r.by.clone().unwrap_or_default(),
                r.due.as_ref().map(|d| d.shown.clone()).unwrap_or_default(),
            ],
            status: status_word(r.status, lang),
            overdue: r.overdue,
            edit_label: ServeMsg::EditItem.fill(lang, &[("title", &r.what)]),
        })
        .collect();
    let communities: Vec<(String, usize, usize)> = detail
        .communities
        .iter()
        .map(|c| (community_name(c.community, lang), c.open, c.done))
        .collect();
    let changes = if draft.is_draft() {
        draft.changes(Some(plan), lang)
    } else {
        Vec::new()
    };
    let marks = Marks::of(&draft, lang);
    // What was typed in the decision form before going elsewhere.
    let mut shown = shown;
    for (name, value) in &draft.decision {
        shown
            .values
            .entry(format!("decision.{name}"))
            .or_insert_with(|| value.clone());
    }
    let warnings: Vec<String> = checked
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.message.clone())
        .collect();
    let text = |field: &str| {
        value
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let page = Page::new(&app, lang, plan.title.clone(), &path);
    let body = page.render(
        &app,
        "plan.html",
        minijinja::context! {
            id => id,
            plan_title => plan.title.clone(),
            unit => text("unit"),
            owner => text("owner"),
            situation => text("situation"),
            main_task => text("main_task"),
            intent => text("intent"),
            timeline => minijinja::Value::from_safe_string(picture),
            phases => minijinja::Value::from(minijinja::value::Serde(&phases)),
            milestones => minijinja::Value::from(minijinja::value::Serde(&milestones)),
            reporting => minijinja::Value::from(minijinja::value::Serde(&reporting)),
            communities => minijinja::Value::from(minijinja::value::Serde(&communities)),
            statuses => minijinja::Value::from(minijinja::value::Serde(&status_options(lang))),
            is_draft => draft.is_draft(),
            marks => minijinja::Value::from(minijinja::value::Serde(&marks)),
            changes => changes,
            warnings => warnings,
            base => draft.head.to_string(),
            draft_hash => draft.hash(),
            shown => minijinja::Value::from(minijinja::value::Serde(&shown)),
        },
    );
    body.with_status(status)
}
