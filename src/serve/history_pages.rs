//! The trail (as `log`, with its filters and pages), one decision (as
//! `show`) and who set what (as `blame`, one table per item).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::audit::TrailFilter;
use crate::history::repo::git_error;
use crate::history::trail::changes_of;
use crate::history::{Decision, PlansRepo, read_decision};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::dates::day_display;
use crate::serve::history_memory::FoundBlame;
use crate::serve::history_rows::{TrailRows, row, trail_rows, who_set_what};
use crate::serve::page::{Page, library, library_found, or_page};
use crate::serve::plan_index::PlanChoice;
use crate::serve::state::App;

/// A decision read for its page.
struct FoundDecision {
    decision: Decision,
    /// Its changes in words.
    described: Vec<String>,
    /// Whether its commit is signed.
    signed: bool,
    /// Its plan's language and title.
    plan_lang: Lang,
    plan_title: String,
    /// The decision it reverts (commit, summary), when it is one.
    reverted: Option<(String, String)>,
    /// Right after recording: what the door said (see
    /// [`crate::history::door::said_when_recorded`]).
    said: Vec<String>,
}

/// The trail's filters, as typed in its form.
#[derive(Debug, Default, Clone, serde::Deserialize, Serialize)]
pub struct TrailQuery {
    #[serde(default)]
    plan: String,
    #[serde(default)]
    by: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    grep: String,
    #[serde(default)]
    page: usize,
}

/// The plans whose items the item filter offers: all of them when there
/// are few; else only the plan chosen (or the chosen item's), so that the
/// page does not list every item of every plan (tens of thousands of
/// options on a municipality's repository).
fn item_plans<'p>(plans: &'p [Arc<PlanChoice>], query: &TrailQuery) -> Vec<&'p PlanChoice> {
    const ALL_ITEMS_UP_TO: usize = 20;
    let item_plan = query.item.split_once(':').map(|(plan, _)| plan);
    plans
        .iter()
        .filter(|plan| {
            plans.len() <= ALL_ITEMS_UP_TO
                || plan.id == query.plan
                || item_plan == Some(plan.id.as_str())
        })
        .map(|plan| &**plan)
        .collect()
}

/// What the trail page found: its rows, whether there are more, and the
/// plans for the filter.
type TrailFound = (TrailRows, Vec<Arc<PlanChoice>>);

/// GET /decisions — the audit trail.
pub async fn trail(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<TrailQuery>,
) -> Response {
    let lang = app.lang(&headers, None);
    let some = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let mut errors: std::collections::BTreeMap<&str, String> = Default::default();
    // A day, or a month, a quarter, a year… written as the plan's page
    // shows it: from its first day, until its last.
    let mut day = |name: &'static str, text: &str, last: bool| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match crate::plan::input::period(text) {
            Ok(period) if last => Some(period.last_day()),
            Ok(period) => Some(period.first_day()),
            Err(_) => {
                errors.insert(name, ServeMsg::BadTrailDay.fill(lang, &[("text", &text)]));
                None
            }
        }
    };
    let since = day("since", &query.since, false);
    let until = day("until", &query.until, true);
    // An item chosen from the list names its plan too: "PLAN:ITEM".
    let (item_plan, item) = match query.item.split_once(':') {
        Some((plan, item)) => (some(plan), some(item)),
        None => (None, some(&query.item)),
    };
    let filter = TrailFilter {
        plan: item_plan.or_else(|| some(&query.plan)),
        by: some(&query.by),
        since,
        until,
        item,
        grep: some(&query.grep),
    };
    let (root, page_number, index) = (app.root.clone(), query.page, app.clone());
    let search = errors.is_empty();
    let (rows, plans) = or_page!(
        library(&app, lang, move || -> Result<TrailFound, CommandError> {
            let repo = PlansRepo::open(&root, lang)?;
            let head = repo.head_commit(lang)?;
            let workspace = crate::workspace::Workspace { root: root.clone() };
            let ids = workspace.plan_ids(lang).unwrap_or_default();
            let plans = index.plans.at(&repo, head, &ids);
            if !search {
                return Ok((Arc::new((Vec::new(), false)), plans));
            }
            let found = trail_rows(&index, &repo, head, &filter, page_number, lang, &plans)
                .map_err(|e| git_error(&e, lang))?;
            Ok((found, plans))
        },)
        .await
    );
    let (rows, more) = (&rows.0, rows.1);
    let link = |page: usize| {
        let mut pairs = url_pairs(&query);
        pairs.push(("page".to_string(), page.to_string()));
        format!(
            "/decisions?{}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", encode(v)))
                .collect::<Vec<_>>()
                .join("&")
        )
    };
    let page = Page::new(&app, lang, ServeMsg::TrailTitle.get(lang), "/decisions");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = page.render(
        &app,
        "trail.html",
        minijinja::context! {
            rows => minijinja::Value::from(minijinja::value::Serde(&rows)),
            query => minijinja::Value::from(minijinja::value::Serde(&query)),
            plans => minijinja::Value::from(minijinja::value::Serde(
                plans.iter().map(|plan| &**plan).collect::<Vec<&PlanChoice>>()
            )),
            item_plans => minijinja::Value::from(minijinja::value::Serde(item_plans(&plans, &query))),
            errors => minijinja::Value::from(minijinja::value::Serde(&errors)),
            next => more.then(|| link(query.page + 1)),
            first => (query.page > 0).then(|| link(0)),
        },
    );
    body.with_status(status)
}

fn url_pairs(query: &TrailQuery) -> Vec<(String, String)> {
    [
        ("plan", &query.plan),
        ("by", &query.by),
        ("since", &query.since),
        ("until", &query.until),
        ("item", &query.item),
        ("grep", &query.grep),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect()
}

/// Percent-encodes a query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Whether the decision page is shown right after recording.
#[derive(Debug, Default, serde::Deserialize)]
pub struct DecisionQuery {
    #[serde(default)]
    recorded: Option<String>,
}

/// GET /decision/{commit} — one decision in full, as `show` prints it:
/// headed by what was decided and when; the commit and its signature in a
/// "Teknisk" detail for the auditor.
pub async fn decision(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(commit): Path<String>,
    Query(query): Query<DecisionQuery>,
) -> Response {
    let asked = app.lang(&headers, None);
    let root = app.root.clone();
    let recorded = query.recorded.is_some();
    let found = library_found(
        &app,
        asked,
        move || -> Result<Option<FoundDecision>, CommandError> {
            let repo = PlansRepo::open(&root, asked)?;
            let Ok(oid) = git2::Oid::from_str(&commit) else {
                return Ok(None);
            };
            let Ok(found) = repo.git.find_commit(oid) else {
                return Ok(None);
            };
            let Some(decision) = read_decision(&found) else {
                return Ok(None);
            };
            let changes = changes_of(&repo, &decision);
            let shown = changes.after.as_ref().or(changes.before.as_ref());
            let plan_lang = changes.plan_language().unwrap_or(asked);
            let plan_title = shown.map(|p| p.title.clone()).unwrap_or_default();
            let described = changes.described(plan_lang);
            let signed = repo.git.extract_signature(&oid, None).is_ok();
            // Right after recording: what the door said (a late entry, the
            // plan's warnings), recomputed from the commit.
            let said = if recorded {
                crate::history::door::said_when_recorded(&repo, oid, plan_lang)
            } else {
                Vec::new()
            };
            // The decision it reverts, by its summary, when it is one.
            let reverted = decision.reverts.as_deref().and_then(|reverts| {
                let oid = repo
                    .git
                    .revparse_single(reverts)
                    .ok()?
                    .peel_to_commit()
                    .ok()?;
                let reverted = read_decision(&oid)?;
                Some((reverted.commit.to_string(), reverted.summary))
            });
            Ok(Some(FoundDecision {
                decision,
                described,
                signed,
                plan_lang,
                plan_title,
                reverted,
                said,
            }))
        },
    )
    .await;
    let found = or_page!(found);
    let lang = app.lang(&headers, Some(found.plan_lang));
    let row = row(&found.decision, found.described, lang);
    let decision = found.decision;
    let heading = decision.summary.clone();
    let page = Page::new(
        &app,
        lang,
        ServeMsg::DecisionTitle.fill(lang, &[("summary", &heading), ("date", &row.decided_on)]),
        &format!("/decision/{}", row.commit),
    );
    page.render(
        &app,
        "decision.html",
        minijinja::context! {
            heading => heading,
            d => minijinja::Value::from(minijinja::value::Serde(&row)),
            plan_title => found.plan_title.clone(),
            body => decision.body,
            signed => if found.signed { ServeMsg::Signed.get(lang) } else { ServeMsg::Unsigned.get(lang) },
            reverts => decision.reverts,
            reverted => found.reverted,
            reported_to => decision.reported_to,
            recorded => recorded,
            said => found.said,
            back_to_plan => ServeMsg::BackToPlan.fill(lang, &[("title", &found.plan_title)]),
        },
    )
    .into_response()
}

#[derive(Serialize)]
struct BlameRow {
    field: String,
    value: String,
    decided: String,
    summary: String,
    commit: String,
}

#[derive(Serialize)]
struct BlameItem {
    heading: String,
    rows: Vec<BlameRow>,
}

/// A field of an item as its form names it ("Ansvarlig", "Frist"), and
/// its value as the plan's page shows it ("udført", "efterår 2024",
/// "Organisatorisk fællesskab"), whole; `None` for the fields nobody
/// edits (the schema, the format, ids).
fn field_for_people(
    plan: &crate::plan::Plan,
    kind: crate::plan::diff::ItemKind,
    line: &crate::history::blame::BlameLine,
    lang: Lang,
) -> Option<(String, String)> {
    use crate::plan::diff::ItemKind;
    use crate::serve::forms::{Kind, specs};
    let field = line.field.as_str();
    if ["$schema", "format", "id"].contains(&field) {
        return None;
    }
    let form = match kind {
        ItemKind::Plan => Kind::Plan,
        ItemKind::Phase => Kind::Phase,
        ItemKind::Subtask => Kind::Subtask,
        ItemKind::Milestone => Kind::Milestone,
        ItemKind::Reporting => Kind::Reporting,
    };
    let (label, value) =
        crate::render::describe::field_in_words(plan, kind, field, &line.value, lang, usize::MAX);
    let label = specs(form)
        .iter()
        .find(|spec| spec.name == field)
        .map_or(label, |spec| spec.label.get(lang));
    Some((label, value))
}

/// GET /plan/{id}/blame — for every item, who last set each field.
pub async fn blame(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let asked = app.lang(&headers, None);
    let (root, plan_id, index) = (app.root.clone(), id.clone(), app.clone());
    let found = library_found(
        &app,
        asked,
        move || -> Result<Option<Arc<FoundBlame>>, CommandError> {
            let repo = PlansRepo::open(&root, asked)?;
            let head = repo.head_commit(asked)?;
            who_set_what(&index, &repo, head, &plan_id).map_err(|e| git_error(&e, asked))
        },
    )
    .await;
    let found = or_page!(found);
    let (plan, lines) = (&found.0, &found.1);
    let lang = app.lang(&headers, Some(plan.language()));
    let mut items: Vec<(Option<String>, BlameItem)> = Vec::new();
    for line in lines {
        if items.last().is_none_or(|(item, _)| *item != line.item) {
            let heading = match &line.item {
                None => ServeMsg::PlanLevel.get(lang),
                Some(item) => item_heading(plan, item, lang),
            };
            items.push((
                line.item.clone(),
                BlameItem {
                    heading,
                    rows: Vec::new(),
                },
            ));
        }
        let kind = item_kind(plan, line.item.as_deref());
        let Some((field, value)) = field_for_people(plan, kind, line, lang) else {
            continue;
        };
        let (decided, summary, commit) = match &line.decision {
            Some(d) => (
                format!("{}, {}", day_display(d.decided_on, lang), d.decided_by),
                d.summary.clone(),
                d.commit.to_string(),
            ),
            None => (ServeMsg::NeverSet.get(lang), String::new(), String::new()),
        };
        if let Some((_, item)) = items.last_mut() {
            item.rows.push(BlameRow {
                field,
                value,
                decided,
                summary,
                commit,
            });
        }
    }
    let items: Vec<BlameItem> = items
        .into_iter()
        .map(|(_, item)| item)
        .filter(|item| !item.rows.is_empty())
        .collect();
    let heading = ServeMsg::BlameTitle.fill(lang, &[("title", &plan.title)]);
    let page = Page::new(&app, lang, heading.clone(), &format!("/plan/{id}/blame"));
    page.render(
        &app,
        "blame.html",
        minijinja::context! {
            id => id,
            heading => heading,
            back_to_plan => ServeMsg::BackToPlan.fill(lang, &[("title", &plan.title)]),
            items => minijinja::Value::from(minijinja::value::Serde(&items)),
        },
    )
    .into_response()
}

/// The kind of item `id` of `plan` (the plan itself for `None`).
fn item_kind(plan: &crate::plan::Plan, id: Option<&str>) -> crate::plan::diff::ItemKind {
    use crate::plan::diff::ItemKind;
    let Some(id) = id else {
        return ItemKind::Plan;
    };
    if plan.phase(id).is_some() {
        ItemKind::Phase
    } else if plan.subtasks().any(|(_, subtask)| subtask.id == id) {
        ItemKind::Subtask
    } else if plan.milestones.iter().any(|milestone| milestone.id == id) {
        ItemKind::Milestone
    } else {
        ItemKind::Reporting
    }
}

/// An item's heading: its kind and its title, as the plan's page names
/// them ("Aktivitet: Gå-hjem-møde"; a phase by its title, which says
/// "Fase 1: …"), never its id.
fn item_heading(plan: &crate::plan::Plan, id: &str, lang: Lang) -> String {
    use crate::plan::diff::ItemKind;
    let (kind, title) = match item_kind(plan, Some(id)) {
        ItemKind::Phase => {
            return plan
                .phase(id)
                .map(|phase| phase.title.clone())
                .unwrap_or_default();
        }
        ItemKind::Subtask => (
            ServeMsg::Activity,
            plan.subtasks()
                .find(|(_, subtask)| subtask.id == id)
                .map(|(_, subtask)| subtask.title.clone()),
        ),
        ItemKind::Milestone => (
            ServeMsg::Milestone,
            plan.milestones
                .iter()
                .find(|milestone| milestone.id == id)
                .map(|milestone| milestone.title.clone()),
        ),
        _ => (
            ServeMsg::Reporting,
            plan.reporting
                .iter()
                .find(|reporting| reporting.id == id)
                .map(|reporting| reporting.what.clone()),
        ),
    };
    ServeMsg::ItemHeading.fill(
        lang,
        &[
            ("kind", &kind.get(lang)),
            ("title", &title.unwrap_or_default()),
        ],
    )
}
