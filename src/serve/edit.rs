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
use serde_json::{Map, Value};

use crate::i18n::{DraftMsg, Lang, Message, ServeMsg};
use crate::plan::setter::{SetOp, Setter, apply_setter};
use crate::serve::app::App;
use crate::serve::draft::{self, DecisionForm, Draft, EditRefused, RecordOutcome};
use crate::serve::forms::{
    Fields, Input, Kind, apply_fields, findings_by_field, form_text, get, json_text, locate,
    move_item, new_id, period_input, set, specs,
};
use crate::serve::page::{Page, blocking, error_page, or_page, read_draft, see_other};
use crate::serve::plan_pages::{Shown, community_options, plan_page, status_options};

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
        Ok(Ok(())) => return see_other(&back),
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
    let (root, plan_id, person) = (app.root.clone(), id.clone(), app.person.clone());
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        draft::edit_draft(&root, &plan_id, &person, lang, change)?;
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
        return see_other(&format!("/plan/{id}"));
    };
    let lang = app.lang(&headers, Some(plan.language()));
    let value = serde_json::to_value(&plan).unwrap_or(Value::Null);
    let (kind, pointer) = if item.is_empty() {
        (Kind::Plan, String::new())
    } else {
        match locate(&value, &item) {
            Some(found) => found,
            None => {
                return crate::serve::page::message_page(
                    &app,
                    lang,
                    StatusCode::NOT_FOUND,
                    &ServeMsg::UnknownItem.fill(lang, &[("id", &item)]),
                );
            }
        }
    };
    let object = value.pointer(&pointer).cloned().unwrap_or(Value::Null);
    let title = object
        .get("title")
        .or(object.get("what"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let fields: Vec<FieldView> = specs(kind)
        .iter()
        .map(|spec| {
            let current = object.get(spec.name);
            let key = format!("{item}.{}", spec.name);
            let typed = shown.values.get(&key).cloned();
            let (start, end) = match current {
                Some(Value::Object(span)) => {
                    (form_text(span.get("start")), form_text(span.get("end")))
                }
                other => (form_text(other), String::new()),
            };
            FieldView {
                name: spec.name,
                input: spec.input,
                label: spec.label.get(lang),
                value: typed.clone().unwrap_or_else(|| form_text(current)),
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
            ("remove", Some(item)) => {
                let setter = Setter {
                    target: vec![item.to_string()],
                    op: SetOp::Remove,
                    raw: String::new(),
                };
                apply_setter(plan, &setter, lang).map_err(|e| e.message)?;
                Ok(Vec::new())
            }
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

/// Sets the status of every activity whose select the form changed, where
/// the draft still holds what the page showed; returns the conflicts.
fn apply_statuses(
    plan: &mut Value,
    posted: &Fields,
    lang: Lang,
) -> Result<Vec<(String, String)>, String> {
    let mut conflicts = Vec::new();
    for (key, new) in posted {
        let Some(item) = key.strip_prefix("status.") else {
            continue;
        };
        let was = get(posted, &format!("was.{item}")).unwrap_or_default();
        let Some((_, pointer)) = locate(plan, item) else {
            return Err(ServeMsg::UnknownItem.fill(lang, &[("id", &item)]));
        };
        let current = plan
            .pointer(&pointer)
            .and_then(|i| i.get("status"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if new == was || *new == current {
            continue;
        }
        if current != was {
            conflicts.push((format!("{item}.status"), current));
            continue;
        }
        set(
            plan,
            Some(item),
            "status",
            Some(Value::String(new.clone())),
            true,
            lang,
        )?;
    }
    Ok(conflicts)
}

/// One add panel of the plan page as posted: what it adds (`subtask:PHASE`,
/// `phase`, `milestone`, `reporting`) and its fields (`field.NAME`).
struct AddPanel {
    kind: String,
    phase: String,
    fields: Fields,
}

impl AddPanel {
    /// The panel's key prefix for typed values and problems: `new-PHASE`
    /// for an activity, else `new-KIND`.
    fn prefix(&self) -> String {
        if self.kind == "subtask" {
            format!("new-{}", self.phase)
        } else {
            format!("new-{}", self.kind)
        }
    }

    /// Its title (`what` for a reporting obligation), trimmed.
    fn title(&self) -> String {
        let field = if self.kind == "reporting" {
            "field.what"
        } else {
            "field.title"
        };
        get(&self.fields, field)
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The field holding its title.
    fn title_field(&self) -> &'static str {
        if self.kind == "reporting" {
            "what"
        } else {
            "title"
        }
    }

    /// The panels of the page's form (`add.KIND.FIELD`) with something
    /// typed in them, and the one whose button was pressed (`add`).
    fn posted(fields: &Fields) -> Vec<AddPanel> {
        let pressed = get(fields, "add").unwrap_or_default();
        let mut panels: Vec<AddPanel> = Vec::new();
        for (key, value) in fields {
            let Some((what, field)) = key
                .strip_prefix("add.")
                .and_then(|rest| rest.rsplit_once('.'))
            else {
                continue;
            };
            let (kind, phase) = what.split_once(':').unwrap_or((what, ""));
            if !matches!(kind, "subtask" | "phase" | "milestone" | "reporting") {
                continue;
            }
            let panel = match panels
                .iter_mut()
                .position(|p| p.kind == kind && p.phase == phase)
            {
                Some(i) => &mut panels[i],
                None => {
                    panels.push(AddPanel {
                        kind: kind.to_string(),
                        phase: phase.to_string(),
                        fields: Vec::new(),
                    });
                    let last = panels.len() - 1;
                    &mut panels[last]
                }
            };
            panel.fields.push((format!("field.{field}"), value.clone()));
        }
        panels.retain(|panel| {
            let named = if panel.phase.is_empty() {
                panel.kind.clone()
            } else {
                format!("{}:{}", panel.kind, panel.phase)
            };
            named == pressed || panel.fields.iter().any(|(_, v)| !v.trim().is_empty())
        });
        panels
    }
}

/// Adds the item `panel` describes to `plan`; returns its new id.
fn add_item(plan: &mut Value, panel: &AddPanel, lang: Lang) -> Result<String, String> {
    let title = panel.title();
    let item_id = new_id(plan, &title);
    let text = |name: &str| {
        let text = get(&panel.fields, &format!("field.{name}"))
            .unwrap_or_default()
            .trim()
            .to_string();
        if matches!(name, "due" | "period" | "date") {
            period_input(&text)
        } else {
            text
        }
    };
    let mut item = Map::new();
    item.insert("id".into(), Value::String(item_id.clone()));
    let optional = |item: &mut Map<String, Value>, name: &str| {
        let value = text(name);
        if !value.is_empty() {
            item.insert(name.to_string(), Value::String(value));
        }
    };
    let target = match panel.kind.as_str() {
        "subtask" => {
            item.insert("title".into(), Value::String(title.clone()));
            let status = text("status");
            item.insert(
                "status".into(),
                Value::String(if status.is_empty() {
                    "planned".into()
                } else {
                    status
                }),
            );
            optional(&mut item, "owner");
            optional(&mut item, "due");
            vec![panel.phase.clone(), "subtasks".to_string()]
        }
        "phase" => {
            item.insert("title".into(), Value::String(title.clone()));
            item.insert("period".into(), Value::String(text("period")));
            item.insert("subtasks".into(), Value::Array(Vec::new()));
            vec!["phases".to_string()]
        }
        "milestone" => {
            item.insert("title".into(), Value::String(title.clone()));
            item.insert("date".into(), Value::String(text("date")));
            vec!["milestones".to_string()]
        }
        _ => {
            item.insert("what".into(), Value::String(title.clone()));
            item.insert("to".into(), Value::String(text("to")));
            item.insert("due".into(), Value::String(text("due")));
            item.insert("status".into(), Value::String("planned".into()));
            vec!["reporting".to_string()]
        }
    };
    let setter = Setter {
        target,
        op: SetOp::Append(Value::Object(item).to_string()),
        raw: String::new(),
    };
    apply_setter(plan, &setter, lang).map_err(|e| e.message)?;
    Ok(item_id)
}

/// Where `then` (an item's id, or `.` for the plan's own fields) leads
/// after the page's form is saved: that item's edit form.
fn then_page(id: &str, then: Option<&str>) -> Option<String> {
    match then? {
        "." => Some(format!("/plan/{id}/edit")),
        item if crate::workspace::is_valid_id(item) => Some(format!("/plan/{id}/edit?item={item}")),
        _ => None,
    }
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

/// The decision form's fields, as the plan page's form sends them.
const DECISION_FIELDS: [&str; 5] = [
    "summary",
    "decided_by",
    "decided_on",
    "meeting",
    "rationale",
];

/// What was typed in the decision form, kept for the page shown again.
fn keep_decision(fields: &Fields, shown: &mut Shown) {
    for name in DECISION_FIELDS {
        if let Some(value) = get(fields, name) {
            shown
                .values
                .insert(format!("decision.{name}"), value.to_string());
        }
    }
}

/// The decision form's text as posted with the plan page's form (None: the
/// form had no decision form), the empty fields left out.
fn decision_text(fields: &Fields) -> Option<std::collections::BTreeMap<String, String>> {
    get(fields, "summary")?;
    Some(
        DECISION_FIELDS
            .iter()
            .filter_map(|name| {
                let value = get(fields, name)?;
                (!value.trim().is_empty()).then(|| (name.to_string(), value.to_string()))
            })
            .collect(),
    )
}

/// Whether the plan page's form holds edits not yet in the draft: a status
/// changed in its select, or something typed in an add panel.
fn has_pending_edits(fields: &Fields) -> bool {
    !AddPanel::posted(fields).is_empty()
        || fields.iter().any(|(key, value)| {
            key.strip_prefix("status.")
                .is_some_and(|item| get(fields, &format!("was.{item}")) != Some(value.as_str()))
        })
}

/// The change the plan page's form makes to the draft: its statuses, then
/// each add panel with something typed; the items added are noted in
/// `added` as (panel prefix, new id).
fn page_change(
    fields: &Fields,
    lang: Lang,
    added: Arc<std::sync::Mutex<Vec<(String, String)>>>,
) -> impl FnOnce(&mut Value) -> Result<Vec<(String, String)>, String> + Send + 'static {
    let panels = AddPanel::posted(fields);
    let posted = fields.clone();
    move |plan: &mut Value| {
        let conflicts = apply_statuses(plan, &posted, lang)?;
        for panel in &panels {
            let new = add_item(plan, panel, lang)?;
            if let Ok(mut added) = added.lock() {
                added.push((panel.prefix(), new));
            }
        }
        Ok(conflicts)
    }
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
    let person = app.person.clone();
    let outcome = blocking(move || {
        let _drafts = app_lock(&root);
        if pending {
            let now = Draft::read(&root, &plan_id, Some(&person), lang).map_err(Err)?;
            if now.hash() != posted.draft {
                return Ok(RecordOutcome::DraftMoved);
            }
            draft::edit_draft(&root, &plan_id, &person, lang, change).map_err(Ok)?;
            posted.draft = Draft::read(&root, &plan_id, Some(&person), lang)
                .map_err(Err)?
                .hash();
        }
        draft::record(&root, &plan_id, &person, &posted, lang).map_err(Err)
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
            return see_other(&format!("/decision/{commit}"));
        }
        Ok(Ok(RecordOutcome::FieldProblems(problems))) => {
            shown.problem = Some(ServeMsg::IncompleteRecordTitle.get(lang));
            for (field, text) in problems {
                shown.lines.push(text.clone());
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
    let (root, plan_id, person) = (app.root.clone(), id.clone(), app.person.clone());
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
        Ok(Ok(true)) => see_other(&format!("/plan/{id}?done=discarded")),
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
    let reader = app.reader().cloned();
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

/// What a confirmation page shows.
struct Confirmation {
    heading: String,
    text: String,
    changes: Vec<String>,
    note: String,
    action: String,
    hidden: Vec<(String, String)>,
    button: String,
    back: String,
}

/// A page that asks before `confirmation`'s action is taken.
async fn confirm_page(
    app: Arc<App>,
    id: String,
    plan_title: String,
    confirmation: Confirmation,
    lang: Lang,
) -> Response {
    let page = Page::new(&app, lang, confirmation.heading.clone(), &confirmation.back);
    page.render(
        &app,
        "confirm.html",
        minijinja::context! {
            id => id,
            plan_title => plan_title,
            heading => confirmation.heading,
            text => confirmation.text,
            changes => confirmation.changes,
            note => confirmation.note,
            action => confirmation.action,
            hidden => confirmation.hidden,
            button => confirmation.button,
            back => confirmation.back,
        },
    )
    .with_status(StatusCode::OK)
}

/// "Kassér kladden" asks first, listing what would be lost.
async fn confirm_discard(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    expected: String,
    lang: Lang,
) -> Response {
    let draft = or_page!(read_draft(&app, &id, app.lang(&headers, None)).await);
    let plan = draft.checked(Some(lang)).plan;
    let title = plan
        .as_ref()
        .map(|p| p.title.clone())
        .or_else(|| draft.recorded_plan().map(|p| p.title))
        .unwrap_or_else(|| id.clone());
    let plan_file = draft.kind == Some(crate::history::recorded::DraftKind::PlanFile);
    let confirmation = Confirmation {
        heading: DraftMsg::ConfirmDiscardTitle.get(lang),
        text: DraftMsg::ConfirmDiscardText.get(lang),
        changes: draft.changes(plan.as_ref(), lang),
        note: if plan_file {
            DraftMsg::ConfirmDiscardPlanFile.get(lang)
        } else {
            String::new()
        },
        action: format!("/plan/{id}/discard"),
        hidden: vec![("draft".to_string(), expected)],
        button: DraftMsg::ConfirmDiscardButton.get(lang),
        back: format!("/plan/{id}"),
    };
    confirm_page(app, id, title, confirmation, lang).await
}

/// "Fjern" asks first, naming the item.
async fn confirm_remove(
    app: Arc<App>,
    headers: HeaderMap,
    id: String,
    item: String,
    fields: &Fields,
    lang: Lang,
) -> Response {
    let draft = or_page!(read_draft(&app, &id, app.lang(&headers, None)).await);
    let Some(plan) = draft.checked(Some(lang)).plan else {
        return see_other(&format!("/plan/{id}"));
    };
    let value = serde_json::to_value(&plan).unwrap_or(Value::Null);
    let Some((_, pointer)) = locate(&value, &item) else {
        return crate::serve::page::message_page(
            &app,
            lang,
            StatusCode::NOT_FOUND,
            &ServeMsg::UnknownItem.fill(lang, &[("id", &item)]),
        );
    };
    let object = value.pointer(&pointer).cloned().unwrap_or(Value::Null);
    let item_title = object
        .get("title")
        .or(object.get("what"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let keep = |name: &str| get(fields, name).unwrap_or_default().to_string();
    let confirmation = Confirmation {
        heading: DraftMsg::ConfirmRemoveTitle.fill(lang, &[("title", &item_title)]),
        text: DraftMsg::ConfirmRemoveText.fill(lang, &[("title", &item_title)]),
        changes: Vec::new(),
        note: String::new(),
        action: format!("/plan/{id}/edit"),
        hidden: vec![
            ("item".to_string(), item.clone()),
            ("action".to_string(), "remove".to_string()),
            ("base".to_string(), keep("base")),
            ("draft".to_string(), keep("draft")),
        ],
        button: DraftMsg::ConfirmRemoveButton.get(lang),
        back: format!("/plan/{id}/edit?item={item}"),
    };
    confirm_page(app, id, plan.title.clone(), confirmation, lang).await
}
