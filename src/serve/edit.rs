//! The forms that change a plan: every field of every item, statuses, adding,
//! removing and moving items, and the decision form that records the draft.
//!
//! The fields and their values are modelled in [`crate::serve::forms`]; the
//! draft they change in [`crate::serve::draft`].

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::edit::{find_item, remove_item};
use crate::serve::confirm::{confirm_discard, confirm_remove};
use crate::serve::draft::{self, DecisionForm, Draft, EditRefused, RecordOutcome};
use crate::serve::forms::{
    Fields, Input, Kind, apply_fields, findings_by_field, form_text, get, json_text, locate,
    move_item, period_shown, specs,
};
use crate::serve::page::{Page, blocking, error_page, or_page, read_draft};
use crate::serve::page_form::{
    AddPanel, add_item, decision_text, has_pending_edits, keep_decision, page_change, then_page,
};
use crate::serve::plan_pages::{Shown, community_options, plan_page, status_options};
use crate::serve::state::App;
use crate::serve::visitor::Visitor;

/// The person whose draft this request edits.
fn visitor_person() -> crate::history::drafts::Person {
    Visitor::current().person
}

/// Where an edit returns to, and what it showed.
struct EditReply {
    /// The page to go back to after a saved edit.
    back: String,
    /// The prefix of the form's field keys (the item, or `new-…`).
    key_prefix: Option<String>,
    /// The form as posted.
    fields: Fields,
    /// The page's language.
    lang: Lang,
    /// Show the problem on this item's edit page (else the plan's page).
    on_edit_page: Option<String>,
    /// Items added by the edit: (their add panel's key prefix, their new
    /// id): their findings are shown in their panel, which is opened.
    added: Vec<(String, String)>,
    /// Values typed in the add panels, by `PREFIX.FIELD`.
    typed: Vec<(String, String)>,
}

impl EditReply {
    /// Back to `back` after a saved edit; a problem shown on the plan's
    /// page, with the form's `fields` as posted.
    fn new(back: String, fields: Fields, lang: Lang) -> EditReply {
        EditReply {
            back,
            key_prefix: None,
            fields,
            lang,
            on_edit_page: None,
            added: Vec::new(),
            typed: Vec::new(),
        }
    }

    /// The form's field keys start with `prefix`.
    fn keyed(self, prefix: String) -> EditReply {
        EditReply {
            key_prefix: Some(prefix),
            ..self
        }
    }
}

/// The outcome of an edit as a response: back to the page on success; the
/// page again with the problem otherwise.
async fn after_edit(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    result: Result<Result<(), EditRefused>, StatusCode>,
    reply: EditReply,
) -> Response {
    let EditReply {
        back,
        key_prefix,
        fields,
        lang,
        on_edit_page,
        added,
        typed,
    } = reply;
    let refused = match result {
        Err(status) => return status.into_response(),
        Ok(Ok(())) => return app.see_other(&back),
        Ok(Err(refused)) => refused,
    };
    let mut shown = Shown::default();
    for (key, value) in &fields {
        if let Some(field) = key.strip_prefix("field.") {
            let prefix = key_prefix.clone().unwrap_or_default();
            shown
                .values
                .insert(format!("{prefix}.{field}"), value.clone());
        }
        if let Some(item) = key.strip_prefix("status.") {
            shown.values.insert(format!("{item}.status"), value.clone());
        }
    }
    shown.values.extend(typed);
    keep_decision(&fields, &mut shown);
    let status = match refused {
        EditRefused::Failed(error) => return error_page(&app, lang, &error),
        EditRefused::Moved => {
            shown.problem = Some(ServeMsg::DraftMoved.get(lang));
            StatusCode::CONFLICT
        }
        EditRefused::Problem(text) => {
            shown.problem = Some(text);
            shown.open = added
                .first()
                .map(|(prefix, _)| prefix.clone())
                .or(key_prefix.clone())
                .unwrap_or_default();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        EditRefused::Conflict(lines) => {
            shown.problem = Some(ServeMsg::ConflictTitle.get(lang));
            shown.lines = lines
                .iter()
                .map(|(field, value)| {
                    ServeMsg::FieldNowIs.fill(lang, &[("field", field), ("value", value)])
                })
                .collect();
            shown.lines.push(ServeMsg::ConflictHint.get(lang));
            shown.values.clear();
            StatusCode::CONFLICT
        }
        EditRefused::Invalid(findings, attempted) => {
            shown.problem = Some(ServeMsg::InvalidTitle.get(lang));
            shown.errors = findings_by_field(&attempted, &findings, lang);
            // A new item's findings belong to its add form.
            if let (Some(prefix), Some(new_id)) = (&key_prefix, get(&fields, "new_id")) {
                let own = format!("{new_id}.");
                let moved: Vec<(String, Vec<String>)> = shown
                    .errors
                    .iter()
                    .filter(|(key, _)| key.starts_with(&own))
                    .map(|(key, value)| (format!("{prefix}.{}", &key[own.len()..]), value.clone()))
                    .collect();
                shown.errors.retain(|key, _| !key.starts_with(&own));
                shown.errors.extend(moved);
            }
            for (prefix, new_id) in &added {
                let own = format!("{new_id}.");
                let moved: Vec<(String, Vec<String>)> = shown
                    .errors
                    .iter()
                    .filter(|(key, _)| key.starts_with(&own))
                    .map(|(key, value)| (format!("{prefix}.{}", &key[own.len()..]), value.clone()))
                    .collect();
                if !moved.is_empty() && shown.open.is_empty() {
                    shown.open = prefix.clone();
                }
                shown.errors.retain(|key, _| !key.starts_with(&own));
                shown.errors.extend(moved);
            }
            if shown.open.is_empty() {
                shown.open = key_prefix.clone().unwrap_or_default();
            }
            shown.lines = shown.errors.values().flatten().cloned().collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    match on_edit_page {
        Some(item) => edit_page(app, headers, id, item, shown, status).await,
        None => plan_page(app, headers, id, shown, status).await,
    }
}

/// Changes plan `id`'s draft with `change` under the server's lock (see
/// [`draft::edit_draft`]: `change` gets the draft's JSON and returns the
/// fields someone else changed meanwhile), then answers as [`after_edit`]
/// does, with the reply `reply` makes once the change is done.
async fn edit_then_answer(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    lang: Lang,
    change: impl FnOnce(&mut Value) -> Result<Vec<(String, String)>, String> + Send + 'static,
    decision: Option<std::collections::BTreeMap<String, String>>,
    reply: impl FnOnce() -> EditReply,
) -> Response {
    let (root, plan_id, person) = (app.root.clone(), id.clone(), visitor_person());
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        draft::edit_draft(&root, &plan_id, &person, lang, None, change)?;
        if let Some(decision) = decision {
            // The decision form's text goes with the draft, for the pages
            // after this one.
            let repo = crate::history::PlansRepo::open(&root, lang).map_err(EditRefused::Failed)?;
            let _ = crate::history::drafts::keep_decision_text(
                repo.git_dir(),
                &plan_id,
                &person,
                decision,
            );
        }
        Ok(())
    })
    .await;
    after_edit(app, headers, id, result, reply()).await
}

/// Which item an edit page is for.
#[derive(serde::Deserialize)]
pub struct ItemQuery {
    item: Option<String>,
}

/// GET /plan/{id}/edit?item=ID — the form for one item (no item: the plan's
/// own fields).
pub async fn edit_form(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ItemQuery>,
) -> Response {
    if !Visitor::current().can_edit() {
        let lang = plan_lang(&app, &headers, &id).await;
        return crate::serve::page::message_page(
            &app,
            lang,
            StatusCode::FORBIDDEN,
            &ServeMsg::ForbiddenReadOnly.get(lang),
        );
    }
    let item = query.item.unwrap_or_default();
    edit_page(app, headers, id, item, Shown::default(), StatusCode::OK).await
}

#[derive(Serialize)]
struct FieldView {
    name: &'static str,
    input: Input,
    label: String,
    value: String,
    start: String,
    end: String,
    was: String,
    chosen: Vec<String>,
    errors: Vec<String>,
    hint: String,
}

async fn edit_page(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    item: String,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let asked = app.lang(&headers, None);
    let draft = or_page!(read_draft(&app, &id, asked).await);
    let checked = draft.checked(None);
    let Some(plan) = checked.plan else {
        return app.see_other(&format!("/plan/{id}"));
    };
    let lang = app.lang(&headers, Some(plan.language()));
    let value = serde_json::to_value(&plan).unwrap_or(Value::Null);
    let (kind, pointer, title) = if item.is_empty() {
        (Kind::Plan, String::new(), String::new())
    } else {
        match find_item(&value, &item) {
            Some(found) => (found.kind, found.pointer, found.title),
            None => return crate::serve::page::unknown_item_page(&app, lang, &item),
        }
    };
    let object = value.pointer(&pointer).cloned().unwrap_or(Value::Null);
    let fields: Vec<FieldView> = specs(kind)
        .iter()
        .map(|spec| {
            let current = object.get(spec.name);
            let key = format!("{item}.{}", spec.name);
            let typed = shown.values.get(&key).cloned();
            let shown_as = |value: Option<&Value>| match spec.input {
                Input::Period | Input::Span => period_shown(value, lang),
                _ => form_text(value),
            };
            let (start, end) = match current {
                Some(Value::Object(span)) => {
                    (shown_as(span.get("start")), shown_as(span.get("end")))
                }
                other => (shown_as(other), String::new()),
            };
            FieldView {
                name: spec.name,
                input: spec.input,
                label: spec.label.get(lang),
                value: typed.clone().unwrap_or_else(|| shown_as(current)),
                start: shown
                    .values
                    .get(&format!("{key}.start"))
                    .cloned()
                    .unwrap_or(start),
                end: shown
                    .values
                    .get(&format!("{key}.end"))
                    .cloned()
                    .unwrap_or(end),
                was: json_text(current),
                chosen: match current {
                    Some(Value::Array(list)) => list.iter().map(|v| form_text(Some(v))).collect(),
                    _ => Vec::new(),
                },
                errors: shown.errors.get(&key).cloned().unwrap_or_default(),
                hint: match spec.input {
                    Input::Period | Input::Span => ServeMsg::PeriodHint.get(lang),
                    _ => String::new(),
                },
            }
        })
        .collect();
    let phase_ids: Vec<(String, String)> = plan
        .phases
        .iter()
        .map(|p| (p.id.clone(), p.title.clone()))
        .collect();
    let heading = if item.is_empty() {
        ServeMsg::EditBasis.get(lang)
    } else {
        ServeMsg::EditItem.fill(lang, &[("title", &title)])
    };
    let path = format!("/plan/{id}/edit?item={item}");
    let page = Page::new(&app, lang, heading.clone(), &path);
    let body = page.render(
        &app,
        "edit.html",
        minijinja::context! {
            id => id,
            item => item,
            kind => minijinja::Value::from(minijinja::value::Serde(&kind)),
            heading => heading,
            plan_title => plan.title,
            fields => minijinja::Value::from(minijinja::value::Serde(&fields)),
            statuses => minijinja::Value::from(minijinja::value::Serde(&status_options(lang))),
            communities => minijinja::Value::from(minijinja::value::Serde(&community_options(lang))),
            phase_ids => minijinja::Value::from(minijinja::value::Serde(&phase_ids)),
            languages => minijinja::Value::from(minijinja::value::Serde(&vec![("da", ServeMsg::LanguageDa.get(lang)), ("en", ServeMsg::LanguageEn.get(lang))])),
            base => draft.head.to_string(),
            draft_hash => draft.hash(),
            shown => minijinja::Value::from(minijinja::value::Serde(&shown)),
        },
    );
    body.with_status(status)
}

/// POST /plan/{id}/edit — save one item's form, or move or remove the item.
pub async fn edit_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let item = get(&fields, "item").unwrap_or_default().to_string();
    let action = get(&fields, "action").unwrap_or("save").to_string();
    if action == "remove" && !item.is_empty() && get(&fields, "confirmed") != Some("yes") {
        return confirm_remove(app, headers, id, item, &fields, lang).await;
    }
    let (posted, edited_item) = (fields.clone(), item.clone());
    let change = move |plan: &mut Value| {
        let item = (!edited_item.is_empty()).then_some(edited_item.as_str());
        match (action.as_str(), item) {
            ("remove", Some(item)) => remove_item(plan, item, lang).map(|()| Vec::new()),
            // What was typed in the form is saved before the item moves.
            ("up" | "down", Some(item)) => {
                let kind = locate(plan, item)
                    .map(|(kind, _)| kind)
                    .ok_or_else(|| ServeMsg::UnknownItem.fill(lang, &[("id", &item)]))?;
                let conflicts = apply_fields(plan, Some(item), kind, &posted, lang)?;
                let by = if action == "up" { -1 } else { 1 };
                move_item(plan, item, by, lang).map(|()| conflicts)
            }
            (_, None) => apply_fields(plan, None, Kind::Plan, &posted, lang),
            (_, Some(item)) => {
                let kind = locate(plan, item)
                    .map(|(kind, _)| kind)
                    .ok_or_else(|| ServeMsg::UnknownItem.fill(lang, &[("id", &item)]))?;
                apply_fields(plan, Some(item), kind, &posted, lang)
            }
        }
    };
    let removed = get(&fields, "action") == Some("remove");
    let back = if removed {
        format!("/plan/{id}?done=removed")
    } else if item.is_empty() {
        format!("/plan/{id}")
    } else {
        format!("/plan/{id}#{item}")
    };
    let reply = || EditReply {
        on_edit_page: Some(item.clone()),
        ..EditReply::new(back, fields, lang).keyed(item)
    };
    edit_then_answer(app, headers, id, lang, change, None, reply).await
}

/// The plan page with the add panels' missing titles shown, and all that
/// was typed kept: nothing is saved.
async fn titles_missing(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    fields: &Fields,
    panels: &[AddPanel],
    lang: Lang,
) -> Response {
    let mut shown = Shown {
        problem: Some(ServeMsg::TitleRequired.get(lang)),
        ..Shown::default()
    };
    for panel in panels {
        let prefix = panel.prefix();
        if panel.title().is_empty() {
            shown.errors.insert(
                format!("{prefix}.{}", panel.title_field()),
                vec![ServeMsg::TitleRequired.get(lang)],
            );
            if shown.open.is_empty() {
                shown.open = prefix.clone();
            }
        }
        for (key, value) in &panel.fields {
            if let Some(field) = key.strip_prefix("field.") {
                shown
                    .values
                    .insert(format!("{prefix}.{field}"), value.clone());
            }
        }
    }
    for (key, value) in fields {
        if let Some(item) = key.strip_prefix("status.") {
            shown.values.insert(format!("{item}.status"), value.clone());
        }
    }
    keep_decision(fields, &mut shown);
    plan_page(app, headers, id, shown, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// POST /plan/{id}/statuses — the plan page's form: the status of every
/// activity, what was typed in the add panels, and where to go next (an
/// item's "Redigér"), saved to the draft in one edit before going on, so
/// that no pending edit is lost.
pub async fn statuses_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let panels = AddPanel::posted(&fields);
    if panels.iter().any(|panel| panel.title().is_empty()) {
        return titles_missing(app, headers, id, &fields, &panels, lang).await;
    }
    let prefixes: Vec<String> = panels.iter().map(AddPanel::prefix).collect();
    let typed: Vec<(String, String)> = panels
        .iter()
        .flat_map(|panel| {
            let prefix = panel.prefix();
            panel.fields.iter().filter_map(move |(key, value)| {
                key.strip_prefix("field.")
                    .map(|field| (format!("{prefix}.{field}"), value.clone()))
            })
        })
        .collect();
    let added = Arc::new(std::sync::Mutex::new(Vec::new()));
    let change = page_change(&fields, lang, added.clone());
    let fields_for_decision = fields.clone();
    let then = then_page(&id, get(&fields, "then"));
    let reply = || {
        let added: Vec<(String, String)> = added.lock().map(|a| a.clone()).unwrap_or_default();
        let back = match (&then, added.last()) {
            (Some(then), _) => then.clone(),
            (None, Some((_, new))) => format!("/plan/{id}#{new}"),
            (None, None) => format!("/plan/{id}"),
        };
        let reply = EditReply {
            added,
            typed,
            ..EditReply::new(back, fields, lang)
        };
        match prefixes.first() {
            Some(prefix) => reply.keyed(prefix.clone()),
            None => reply,
        }
    };
    let decision = decision_text(&fields_for_decision);
    edit_then_answer(app, headers, id.clone(), lang, change, decision, reply).await
}

/// POST /plan/{id}/add — a new activity (in a phase), phase, milestone or
/// reporting obligation.
pub async fn add_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(mut fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let panel = AddPanel {
        kind: get(&fields, "kind").unwrap_or_default().to_string(),
        phase: get(&fields, "phase").unwrap_or_default().to_string(),
        fields: fields
            .iter()
            .filter(|(key, _)| key.starts_with("field."))
            .cloned()
            .collect(),
    };
    let prefix = panel.prefix();
    if panel.title().is_empty() {
        return titles_missing(app, headers, id, &fields, &[panel], lang).await;
    }
    let new_id_cell = Arc::new(std::sync::Mutex::new(String::new()));
    let new_id_out = new_id_cell.clone();
    let change = move |plan: &mut Value| {
        let item_id = add_item(plan, &panel, lang)?;
        if let Ok(mut cell) = new_id_out.lock() {
            *cell = item_id;
        }
        Ok(Vec::new())
    };
    let reply = || {
        let new_item = new_id_cell.lock().map(|s| s.clone()).unwrap_or_default();
        fields.push(("new_id".to_string(), new_item.clone()));
        EditReply::new(format!("/plan/{id}#{new_item}"), fields, lang).keyed(prefix)
    };
    edit_then_answer(app, headers, id.clone(), lang, change, None, reply).await
}

/// POST /plan/{id}/record — the decision form.
pub async fn record_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let text = |name: &str| get(&fields, name).unwrap_or_default().to_string();
    let form = DecisionForm {
        summary: text("summary"),
        decided_by: text("decided_by"),
        decided_on: text("decided_on"),
        meeting: text("meeting"),
        rationale: text("rationale"),
        base: text("base"),
        draft: text("draft"),
    };
    // A status chosen or an activity typed on the page and not saved yet is
    // part of what is decided: saved to the draft first.
    let panels = AddPanel::posted(&fields);
    if panels.iter().any(|panel| panel.title().is_empty()) {
        return titles_missing(app, headers, id, &fields, &panels, lang).await;
    }
    let pending = has_pending_edits(&fields);
    let added = Arc::new(std::sync::Mutex::new(Vec::new()));
    let change = page_change(&fields, lang, added.clone());
    let (root, plan_id, mut posted) = (app.root.clone(), id.clone(), form.clone());
    let person = visitor_person();
    let recorder = Visitor::current().recorder();
    let outcome = blocking(move || {
        let _drafts = app_lock(&root);
        if pending {
            // Saved only onto the draft the page showed; the decision is
            // then of the draft as saved.
            posted.draft = match draft::edit_draft(
                &root,
                &plan_id,
                &person,
                lang,
                Some(&posted.draft),
                change,
            ) {
                Ok(now) => now,
                Err(EditRefused::Moved) => return Ok(RecordOutcome::DraftMoved),
                Err(refused) => return Err(Ok(refused)),
            };
        }
        draft::record(&root, &plan_id, &person, recorder, &posted, lang).map_err(Err)
    })
    .await;
    let outcome = match outcome {
        Ok(Err(Ok(refused))) => {
            let reply = EditReply {
                added: added.lock().map(|a| a.clone()).unwrap_or_default(),
                ..EditReply::new(format!("/plan/{id}"), fields, lang)
            };
            return after_edit(app, headers, id, Ok(Err(refused)), reply).await;
        }
        Ok(Err(Err(error))) => Ok(Err(error)),
        Ok(Ok(outcome)) => Ok(Ok(outcome)),
        Err(status) => Err(status),
    };
    let mut shown = Shown::default();
    keep_decision(&fields, &mut shown);
    let status = match outcome {
        Err(status) => return status.into_response(),
        Ok(Err(error)) => return error_page(&app, lang, &error),
        Ok(Ok(RecordOutcome::Recorded(commit))) => {
            let visitor = Visitor::current();
            tracing::info!(plan = %id, %commit, recorder = %visitor.person.key, "decision recorded");
            if let Some(upstream) = app.upstream.clone() {
                // On the committee's server the git server is the truth:
                // the decision goes there at once, and a refusal is said.
                if let Ok(Err(error)) = blocking(move || upstream.after_record()).await {
                    tracing::warn!(plan = %id, %commit, reason = %error.message, "decision not pushed");
                    return error_page(&app, lang, &error);
                }
            }
            return app.see_other(&format!("/decision/{commit}?recorded=1"));
        }
        Ok(Ok(RecordOutcome::FieldProblems(problems))) => {
            shown.problem = Some(ServeMsg::IncompleteRecordTitle.get(lang));
            for (field, text) in problems {
                // In the summary above the form, each problem is named by
                // its field's label; at the field, the problem alone.
                let label = match field {
                    "summary" => ServeMsg::Summary.get(lang),
                    "decided_by" => ServeMsg::DecidedBy.get(lang),
                    _ => ServeMsg::DecidedOn.get(lang),
                };
                shown.lines.push(format!("{label}: {text}"));
                shown
                    .errors
                    .entry(format!("decision.{field}"))
                    .or_default()
                    .push(text);
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(Ok(RecordOutcome::DraftMoved)) => {
            shown.problem = Some(ServeMsg::DraftMoved.get(lang));
            StatusCode::CONFLICT
        }
        Ok(Ok(RecordOutcome::Invalid(findings))) => {
            shown.problem = Some(ServeMsg::InvalidRecordTitle.get(lang));
            shown.lines = findings.iter().map(|f| f.message.clone()).collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(Ok(RecordOutcome::Refused(lines))) => {
            let mut lines = lines.into_iter();
            shown.problem = lines.next();
            shown.lines = lines.collect();
            StatusCode::CONFLICT
        }
    };
    plan_page(app, headers, id, shown, status).await
}

/// POST /plan/{id}/discard — put the plan's file back as recorded.
pub async fn discard_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let expected = get(&fields, "draft").unwrap_or_default().to_string();
    if get(&fields, "confirmed") != Some("yes") {
        return confirm_discard(app, headers, id, expected, lang).await;
    }
    let (root, plan_id, person) = (app.root.clone(), id.clone(), visitor_person());
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        let now = Draft::read(&root, &plan_id, Some(&person), lang)?;
        if now.hash() != expected {
            return Ok(false);
        }
        draft::discard(&root, &plan_id, &person, lang).map(|()| true)
    })
    .await;
    match result {
        Ok(Ok(true)) => app.see_other(&format!("/plan/{id}?done=discarded")),
        Ok(Ok(false)) => {
            let shown = Shown {
                problem: Some(ServeMsg::DraftMoved.get(lang)),
                ..Shown::default()
            };
            plan_page(app, headers, id, shown, StatusCode::CONFLICT).await
        }
        Ok(Err(error)) => error_page(&app, lang, &error),
        Err(status) => status.into_response(),
    }
}

/// The language to speak about plan `id` on this request.
async fn plan_lang(app: &Arc<App>, headers: &HeaderMap, id: &str) -> Lang {
    let (root, id) = (app.root.clone(), id.to_string());
    let asked = app.lang(headers, None);
    let reader = Visitor::current().editor();
    let plan = blocking(move || {
        Draft::read(&root, &id, reader.as_ref(), asked)
            .ok()
            .and_then(|draft| draft.bytes.or(draft.recorded))
            .and_then(|bytes| crate::history::trail::plan_from_bytes(&bytes))
            .map(|plan| plan.language())
    })
    .await
    .ok()
    .flatten();
    app.lang(headers, plan)
}

/// One edit at a time in this server (a process-wide lock per work tree).
fn app_lock(_root: &std::path::Path) -> std::sync::MutexGuard<'static, ()> {
    static DRAFTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    DRAFTS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
