//! The trail (as `log`, with its filters and pages), one decision (as
//! `show`) and who set what (as `blame`, one table per item).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::CommandError;
use crate::history::audit::{TrailFilter, matching};
use crate::history::repo::git_error;
use crate::history::trail::{changes_of, plan_at};
use crate::history::{Decision, PlansRepo, read_decision, short_id};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::dates::day_display;
use crate::render::describe::describe_all;
use crate::serve::app::App;
use crate::serve::draft::parse_day;
use crate::serve::page::{Page, blocking, error_page, message_page};

/// A decision read for its page: the decision, its changes in words,
/// whether it is signed, and its plan's language.
type FoundDecision = (Decision, Vec<String>, bool, Lang);

/// A plan's blame: its title and language, the lines, and each item's title.
type FoundBlame = (
    String,
    Lang,
    Vec<crate::history::blame::BlameLine>,
    Vec<(String, String)>,
);

/// Decisions per page of the trail.
pub const PAGE_SIZE: usize = 50;

/// A decision as a row of the trail.
#[derive(Serialize)]
struct DecisionRow {
    commit: String,
    short: String,
    plan: String,
    summary: String,
    decided_on: String,
    decided_by: String,
    meeting: String,
    recorded_at: String,
    recorded_by: String,
    changes: Vec<String>,
}

fn row(decision: &Decision, changes: Vec<String>, lang: Lang) -> DecisionRow {
    DecisionRow {
        commit: decision.commit.to_string(),
        short: short_id(decision.commit),
        plan: decision.plan.clone(),
        summary: decision.summary.clone(),
        decided_on: day_display(decision.decided_on, lang),
        decided_by: decision.decided_by.clone(),
        meeting: decision.meeting.clone().unwrap_or_default(),
        recorded_at: decision.recorded_at.format("%Y-%m-%d %H:%M").to_string(),
        recorded_by: decision
            .recorded_by
            .split(" <")
            .next()
            .unwrap_or_default()
            .to_string(),
        changes,
    }
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
    let mut day = |name: &'static str, text: &str| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let day = parse_day(text);
        if day.is_none() {
            errors.insert(name, ServeMsg::BadDay.fill(lang, &[("text", &text)]));
        }
        day
    };
    let filter = TrailFilter {
        plan: some(&query.plan),
        by: some(&query.by),
        since: day("since", &query.since),
        until: day("until", &query.until),
        item: some(&query.item),
        grep: some(&query.grep),
    };
    let (root, page_number) = (app.root.clone(), query.page);
    let rows = if errors.is_empty() {
        blocking(
            move || -> Result<(Vec<DecisionRow>, bool, Vec<String>), CommandError> {
                let repo = PlansRepo::open(&root, lang)?;
                let head = repo.head_commit(lang)?;
                let workspace = crate::workspace::Workspace { root: root.clone() };
                let plans = workspace.plan_ids(lang).unwrap_or_default();
                let mut entries = matching(&repo, head, &filter, Some(lang), lang)
                    .map_err(|e| git_error(&e, lang))?
                    .skip(page_number.saturating_mul(PAGE_SIZE))
                    .take(PAGE_SIZE + 1)
                    .map(|entry| row(&entry.decision, entry.described, lang))
                    .collect::<Vec<_>>();
                let more = entries.len() > PAGE_SIZE;
                entries.truncate(PAGE_SIZE);
                Ok((entries, more, plans))
            },
        )
        .await
    } else {
        Ok(Ok((Vec::new(), false, Vec::new())))
    };
    let (rows, more, plans) = match rows {
        Ok(Ok(found)) => found,
        Ok(Err(error)) => return error_page(&app, lang, &error),
        Err(status) => return status.into_response(),
    };
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
            plans => plans,
            errors => minijinja::Value::from(minijinja::value::Serde(&errors)),
            next => more.then(|| link(query.page + 1)),
            first => (query.page > 0).then(|| link(0)),
        },
    );
    (status, body).into_response()
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

/// GET /decision/{commit} — one decision in full, as `show` prints it.
pub async fn decision(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(commit): Path<String>,
) -> Response {
    let asked = app.lang(&headers, None);
    let root = app.root.clone();
    let found = blocking(move || -> Result<Option<FoundDecision>, CommandError> {
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
        let plan_lang = changes
            .after
            .as_ref()
            .or(changes.before.as_ref())
            .map(|p| p.language())
            .unwrap_or(asked);
        let described = describe_all(
            &changes.changes,
            changes.before.as_ref(),
            changes.after.as_ref(),
            plan_lang,
        );
        let signed = repo.git.extract_signature(&oid, None).is_ok();
        Ok(Some((decision, described, signed, plan_lang)))
    })
    .await;
    let (decision, described, signed, plan_lang) = match found {
        Ok(Ok(Some(found))) => found,
        Ok(Ok(None)) => {
            return message_page(
                &app,
                asked,
                StatusCode::NOT_FOUND,
                &ServeMsg::NotFound.get(asked),
            );
        }
        Ok(Err(error)) => return error_page(&app, asked, &error),
        Err(status) => return status.into_response(),
    };
    let lang = app.lang(&headers, Some(plan_lang));
    let row = row(&decision, described, lang);
    let (body, reverts, reported) = (decision.body, decision.reverts, decision.reported_to);
    let title = ServeMsg::DecisionTitle.fill(lang, &[("commit", &row.short)]);
    let page = Page::new(
        &app,
        lang,
        title.clone(),
        &format!("/decision/{}", row.commit),
    );
    page.render(
        &app,
        "decision.html",
        minijinja::context! {
            heading => title, d => minijinja::Value::from(minijinja::value::Serde(&row)), body => body,
            signed => if signed { ServeMsg::Signed.get(lang) } else { ServeMsg::Unsigned.get(lang) },
            reverts => reverts, reported_to => reported,
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
    id: String,
    heading: String,
    rows: Vec<BlameRow>,
}

/// A field's value for people: text as it is, lists joined by commas, a
/// period span as "start – end".
fn readable(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(readable).collect::<Vec<_>>().join(", "),
        Value::Object(map) if map.contains_key("start") => format!(
            "{} – {}",
            map.get("start").map(readable).unwrap_or_default(),
            map.get("end").map(readable).unwrap_or_default()
        ),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// GET /plan/{id}/blame — for every item, who last set each field.
pub async fn blame(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let asked = app.lang(&headers, None);
    let (root, plan_id) = (app.root.clone(), id.clone());
    let found = blocking(move || -> Result<Option<FoundBlame>, CommandError> {
        let repo = PlansRepo::open(&root, asked)?;
        let head = repo.head_commit(asked)?;
        let Some(plan) = plan_at(&repo, head, &plan_id) else {
            return Ok(None);
        };
        let titles = crate::plan::rules::ids(&plan)
            .into_iter()
            .map(|(id, _, title)| (id.to_string(), title.to_string()))
            .collect();
        let lines = crate::history::blame::blame(&repo, head, &plan, None)
            .map_err(|e| git_error(&e, asked))?;
        Ok(Some((plan.title.clone(), plan.language(), lines, titles)))
    })
    .await;
    let (title, plan_lang, lines, titles) = match found {
        Ok(Ok(Some(found))) => found,
        Ok(Ok(None)) => {
            return message_page(
                &app,
                asked,
                StatusCode::NOT_FOUND,
                &ServeMsg::NotFound.get(asked),
            );
        }
        Ok(Err(error)) => return error_page(&app, asked, &error),
        Err(status) => return status.into_response(),
    };
    let lang = app.lang(&headers, Some(plan_lang));
    let mut items: Vec<BlameItem> = Vec::new();
    for line in lines {
        let key = line.item.clone().unwrap_or_default();
        if items.last().is_none_or(|item| item.id != key) {
            let heading = match &line.item {
                None => ServeMsg::PlanLevel.get(lang),
                Some(item) => titles
                    .iter()
                    .find(|(id, _)| id == item)
                    .map(|(_, title)| format!("{title} ({item})"))
                    .unwrap_or_else(|| item.clone()),
            };
            items.push(BlameItem {
                id: key.clone(),
                heading,
                rows: Vec::new(),
            });
        }
        let value = readable(&line.value);
        let (decided, summary, commit) = match &line.decision {
            Some(d) => (
                format!("{}, {}", day_display(d.decided_on, lang), d.decided_by),
                d.summary.clone(),
                d.commit.to_string(),
            ),
            None => (ServeMsg::NeverSet.get(lang), String::new(), String::new()),
        };
        if let Some(item) = items.last_mut() {
            item.rows.push(BlameRow {
                field: line.field,
                value,
                decided,
                summary,
                commit,
            });
        }
    }
    let heading = ServeMsg::BlameTitle.fill(lang, &[("title", &title)]);
    let page = Page::new(&app, lang, heading.clone(), &format!("/plan/{id}/blame"));
    page.render(
        &app,
        "blame.html",
        minijinja::context! { id => id, heading => heading, items => minijinja::Value::from(minijinja::value::Serde(&items)) },
    )
    .into_response()
}
