//! The forms that change a plan: every field of every item, statuses, adding,
//! removing and moving items, and the decision form that records the draft.
//!
//! Each form carries, for every field, the value its page showed (`was.F`)
//! next to the new one (`field.F`); see [`crate::serve::draft`] for how the
//! two make a field-level merge. Changes are made with the setters of
//! `backbrief decide --set` ([`crate::plan::setter`]); moving is done on the
//! list itself. Values become JSON here, never typed as JSON by anyone.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::Finding;
use crate::plan::setter::{SetOp, Setter, apply_setter, item_ids};
use crate::serve::app::App;
use crate::serve::draft::{self, DecisionForm, Draft, EditRefused, RecordOutcome};
use crate::serve::page::{Page, blocking, error_page, see_other};
use crate::serve::plan_pages::{Shown, community_options, plan_page, status_options};

/// A posted form: its fields in order (a field may repeat).
pub type Fields = Vec<(String, String)>;

fn get<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn all<'a>(fields: &'a Fields, name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .collect()
}

/// The kinds of items, and the plan itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The plan's own fields.
    Plan,
    /// A phase.
    Phase,
    /// An activity (subtask).
    Subtask,
    /// A milestone.
    Milestone,
    /// A reporting obligation.
    Reporting,
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Input {
    /// One line of text.
    Line,
    /// Several lines.
    Text,
    /// A status select.
    Status,
    /// A period (text, with the periods' hint).
    Period,
    /// A phase's period: from and to.
    Span,
    /// The four communities as check boxes.
    Communities,
    /// The plan's language.
    Language,
    /// A phase of the plan (reporting's `after`).
    PhaseRef,
}

/// One editable field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Its name in the file.
    pub name: &'static str,
    /// How it is edited.
    pub input: Input,
    /// Required fields are set to "" when emptied (validation then says so);
    /// optional ones are removed.
    pub required: bool,
    /// Its label.
    pub label: ServeMsg,
}

const fn spec(name: &'static str, input: Input, required: bool, label: ServeMsg) -> FieldSpec {
    FieldSpec {
        name,
        input,
        required,
        label,
    }
}

const PLAN_FIELDS: &[FieldSpec] = &[
    spec("title", Input::Line, true, ServeMsg::Title),
    spec("unit", Input::Line, false, ServeMsg::Unit),
    spec("owner", Input::Line, false, ServeMsg::Owner),
    spec("language", Input::Language, false, ServeMsg::Language),
    spec("situation", Input::Text, false, ServeMsg::Situation),
    spec("main_task", Input::Text, true, ServeMsg::MainTask),
    spec("intent", Input::Text, false, ServeMsg::Intent),
];
const PHASE_FIELDS: &[FieldSpec] = &[
    spec("title", Input::Line, true, ServeMsg::Title),
    spec("period", Input::Span, true, ServeMsg::Period),
    spec("goal", Input::Text, false, ServeMsg::Goal),
    spec("planned_by", Input::Line, false, ServeMsg::PlannedBy),
];
const SUBTASK_FIELDS: &[FieldSpec] = &[
    spec("title", Input::Line, true, ServeMsg::Title),
    spec("status", Input::Status, true, ServeMsg::Status),
    spec("owner", Input::Line, false, ServeMsg::Responsible),
    spec("due", Input::Period, false, ServeMsg::Due),
    spec(
        "communities",
        Input::Communities,
        false,
        ServeMsg::Communities,
    ),
    spec("notes", Input::Text, false, ServeMsg::Notes),
];
const MILESTONE_FIELDS: &[FieldSpec] = &[
    spec("title", Input::Line, true, ServeMsg::Title),
    spec("date", Input::Period, true, ServeMsg::Date),
];
const REPORTING_FIELDS: &[FieldSpec] = &[
    spec("what", Input::Line, true, ServeMsg::What),
    spec("to", Input::Line, true, ServeMsg::To),
    spec("by", Input::Line, false, ServeMsg::By),
    spec("due", Input::Period, true, ServeMsg::Due),
    spec("status", Input::Status, true, ServeMsg::Status),
    spec("after", Input::PhaseRef, false, ServeMsg::After),
];

/// The fields of each kind, in the order the form shows them.
pub fn specs(kind: Kind) -> &'static [FieldSpec] {
    match kind {
        Kind::Plan => PLAN_FIELDS,
        Kind::Phase => PHASE_FIELDS,
        Kind::Subtask => SUBTASK_FIELDS,
        Kind::Milestone => MILESTONE_FIELDS,
        Kind::Reporting => REPORTING_FIELDS,
    }
}

/// Where item `id` is in the plan's JSON: its kind and JSON pointer.
pub fn locate(plan: &Value, id: &str) -> Option<(Kind, String)> {
    let has = |item: &Value| item.get("id").and_then(Value::as_str) == Some(id);
    let list = |name: &str| {
        plan.get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for (i, phase) in list("phases").iter().enumerate() {
        if has(phase) {
            return Some((Kind::Phase, format!("/phases/{i}")));
        }
        let subtasks = phase.get("subtasks").and_then(Value::as_array);
        for (j, subtask) in subtasks.into_iter().flatten().enumerate() {
            if has(subtask) {
                return Some((Kind::Subtask, format!("/phases/{i}/subtasks/{j}")));
            }
        }
    }
    for (name, kind) in [
        ("milestones", Kind::Milestone),
        ("reporting", Kind::Reporting),
    ] {
        if let Some(i) = list(name).iter().position(has) {
            return Some((kind, format!("/{name}/{i}")));
        }
    }
    None
}

/// The key of a finding's field: `ID.FIELD` (`.FIELD` for the plan's own),
/// from its JSON pointer in `plan`.
pub fn finding_key(plan: &Value, pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut current = plan;
    let mut item: Option<String> = None;
    let mut field: Option<String> = segments.first().cloned();
    for (n, segment) in segments.iter().enumerate() {
        let next = match current {
            Value::Object(map) => map.get(segment),
            Value::Array(list) => segment.parse::<usize>().ok().and_then(|i| list.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        if matches!(current, Value::Array(_))
            && let Some(id) = next.get("id").and_then(Value::as_str)
        {
            item = Some(id.to_string());
            field = segments.get(n + 1).cloned();
        }
        current = next;
    }
    format!("{}.{}", item.unwrap_or_default(), field.unwrap_or_default())
}

/// The findings (errors first) keyed by their field.
fn findings_by_field(
    plan: &Value,
    findings: &[Finding],
    lang: Lang,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for finding in findings {
        let mut text = finding.message.clone();
        if let Some(hint) = &finding.hint {
            text.push(' ');
            text.push_str(hint);
        }
        if finding.severity == crate::plan::Severity::Warning {
            text = format!("{}: {text}", ServeMsg::Warning.get(lang));
        }
        out.entry(finding_key(plan, &finding.pointer))
            .or_default()
            .push(text);
    }
    out
}

/// A field's value as JSON text (compact), "" when absent.
fn json_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(value) => value.to_string(),
    }
}

/// A field's value as shown in a form input.
fn form_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A period as typed in a form: the canonical text, or the words the tool
/// itself prints ("efterår 2024", "2. kvartal 2025", "12.9.2024") read as
/// the canonical text they name. Anything else is kept as typed, for
/// validation to explain at the field.
pub fn period_input(text: &str) -> String {
    let text = text.trim();
    match crate::plan::Period::parse(text) {
        Ok(_) => text.to_string(),
        Err(error) => error
            .suggestion()
            .filter(|meant| crate::plan::Period::parse(meant).is_ok())
            .map_or_else(|| text.to_string(), str::to_string),
    }
}

/// The new value of field `spec` from the form (None: empty, or not in this
/// form), and whether the form has the field at all.
fn new_value(fields: &Fields, spec: &FieldSpec) -> Option<Option<Value>> {
    let name = spec.name;
    let line = |key: &str| get(fields, key).map(|v| v.trim().to_string());
    match spec.input {
        Input::Communities => {
            get(fields, "present.communities")?;
            let chosen: Vec<Value> = all(fields, "field.communities")
                .into_iter()
                .map(|c| Value::String(c.to_string()))
                .collect();
            Some((!chosen.is_empty()).then_some(Value::Array(chosen)))
        }
        Input::Span => {
            let start = period_input(&line("field.period.start")?);
            let end = period_input(&line("field.period.end").unwrap_or_default());
            Some(Some(if end.is_empty() || end == start {
                Value::String(start)
            } else {
                json!({ "start": start, "end": end })
            }))
        }
        Input::Text => {
            let text = get(fields, &format!("field.{name}"))?;
            // Browsers send line breaks as CRLF; files keep LF.
            let text = text.replace("\r\n", "\n");
            let text = text.trim();
            Some((!text.is_empty()).then(|| Value::String(text.to_string())))
        }
        Input::Period => {
            let text = period_input(&line(&format!("field.{name}"))?);
            Some((!text.is_empty()).then_some(Value::String(text)))
        }
        _ => {
            let text = line(&format!("field.{name}"))?;
            Some((!text.is_empty()).then_some(Value::String(text)))
        }
    }
}

/// Sets or removes `field` of item `item` (None: the plan) with a setter.
fn set(
    plan: &mut Value,
    item: Option<&str>,
    field: &str,
    value: Option<Value>,
    required: bool,
    lang: Lang,
) -> Result<(), String> {
    let mut target: Vec<String> = item.map(str::to_string).into_iter().collect();
    target.push(field.to_string());
    let op = match value {
        Some(value) => SetOp::Set(value.to_string()),
        None if required => SetOp::Set("\"\"".to_string()),
        None => SetOp::Remove,
    };
    let setter = Setter {
        target,
        op,
        raw: String::new(),
    };
    apply_setter(plan, &setter, lang).map_err(|error| error.message)
}

/// Applies the fields of an item's form to `plan`: for each field the form
/// changed, the value is set when the plan still holds what the page
/// showed; otherwise it is a conflict (field, value now).
fn apply_fields(
    plan: &mut Value,
    item: Option<&str>,
    kind: Kind,
    fields: &Fields,
    lang: Lang,
) -> Result<Vec<(String, String)>, String> {
    let pointer = match item {
        Some(id) => locate(plan, id)
            .map(|(_, pointer)| pointer)
            .ok_or_else(|| ServeMsg::UnknownItem.fill(lang, &[("id", &id)]))?,
        None => String::new(),
    };
    let mut conflicts = Vec::new();
    for spec in specs(kind) {
        let Some(new) = new_value(fields, spec) else {
            continue;
        };
        let was = get(fields, &format!("was.{}", spec.name)).unwrap_or_default();
        let current = plan
            .pointer(&pointer)
            .and_then(|item| item.get(spec.name))
            .cloned();
        let (new_text, current_text) = (json_text(new.as_ref()), json_text(current.as_ref()));
        if new_text == was || new_text == current_text {
            continue;
        }
        // A plan without a language speaks Danish: choosing Danish is no change.
        if spec.input == Input::Language && was.is_empty() && new_text == "\"da\"" {
            continue;
        }
        if current_text != was {
            conflicts.push((
                format!(
                    "{}{}",
                    item.map(|i| format!("{i}.")).unwrap_or_default(),
                    spec.name
                ),
                form_text(current.as_ref()),
            ));
            continue;
        }
        set(plan, item, spec.name, new, spec.required, lang)?;
    }
    Ok(conflicts)
}

/// Moves item `id` one place up (`-1`) or down (`1`) in its list.
fn move_item(plan: &mut Value, id: &str, by: isize, lang: Lang) -> Result<(), String> {
    let (_, pointer) =
        locate(plan, id).ok_or_else(|| ServeMsg::UnknownItem.fill(lang, &[("id", &id)]))?;
    let (list, index) = pointer.rsplit_once('/').unwrap_or_default();
    let index: usize = index.parse().unwrap_or(0);
    if let Some(Value::Array(items)) = plan.pointer_mut(list) {
        let to = index as isize + by;
        if to >= 0 && (to as usize) < items.len() {
            items.swap(index, to as usize);
        }
    }
    Ok(())
}

/// A new id from a title: lower case letters, digits and dashes (æ, ø, å
/// spelt out), unique in the plan.
pub fn new_id(plan: &Value, title: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            'æ' => slug.push_str("ae"),
            'ø' => slug.push_str("oe"),
            'å' => slug.push_str("aa"),
            'é' | 'è' | 'ê' => slug.push('e'),
            'ü' => slug.push('u'),
            'ö' => slug.push('o'),
            'ä' => slug.push('a'),
            _ if !slug.ends_with('-') && !slug.is_empty() => slug.push('-'),
            _ => {}
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(48).collect();
    let slug = slug.trim_end_matches('-');
    let base = if slug.is_empty() { "punkt" } else { slug };
    let taken = item_ids(plan);
    let mut id = base.to_string();
    let mut n = 2;
    while taken.contains(&id) || id == plan.get("id").and_then(Value::as_str).unwrap_or_default() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The outcome of an edit as a response: back to the page on success; the
/// page again with the problem otherwise.
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
}

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
    let status = match refused {
        EditRefused::Failed(error) => return error_page(&app, lang, &error),
        EditRefused::Problem(text) => {
            shown.problem = Some(text);
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
            shown.lines = shown.errors.values().flatten().cloned().collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    match on_edit_page {
        Some(item) => edit_page(app, headers, id, item, shown, status).await,
        None => plan_page(app, headers, id, shown, status).await,
    }
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
    let root = app.root.clone();
    let asked = app.lang(&headers, None);
    let read_id = id.clone();
    let draft = match blocking(move || Draft::read(&root, &read_id, asked)).await {
        Ok(Ok(draft)) => draft,
        Ok(Err(error)) => return error_page(&app, asked, &error),
        Err(status) => return status.into_response(),
    };
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
    (status, body).into_response()
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
    let (root, plan_id, posted) = (app.root.clone(), id.clone(), fields.clone());
    let edited_item = item.clone();
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        draft::edit_draft(&root, &plan_id, lang, |plan| {
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
                ("up", Some(item)) => move_item(plan, item, -1, lang).map(|()| Vec::new()),
                ("down", Some(item)) => move_item(plan, item, 1, lang).map(|()| Vec::new()),
                (_, None) => apply_fields(plan, None, Kind::Plan, &posted, lang),
                (_, Some(item)) => {
                    let kind = locate(plan, item)
                        .map(|(kind, _)| kind)
                        .ok_or_else(|| ServeMsg::UnknownItem.fill(lang, &[("id", &item)]))?;
                    apply_fields(plan, Some(item), kind, &posted, lang)
                }
            }
        })
    })
    .await;
    let removed = get(&fields, "action") == Some("remove");
    let back = if removed || item.is_empty() {
        format!("/plan/{id}")
    } else {
        format!("/plan/{id}#{item}")
    };
    let prefix = Some(item.clone());
    after_edit(
        app,
        headers,
        id,
        result,
        EditReply {
            back,
            key_prefix: prefix,
            fields,
            lang,
            on_edit_page: Some(item),
        },
    )
    .await
}

/// POST /plan/{id}/statuses — the status of every activity, in one form.
pub async fn statuses_post(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let lang = plan_lang(&app, &headers, &id).await;
    let (root, plan_id, posted) = (app.root.clone(), id.clone(), fields.clone());
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        draft::edit_draft(&root, &plan_id, lang, |plan| {
            let mut conflicts = Vec::new();
            for (key, new) in &posted {
                let Some(item) = key.strip_prefix("status.") else {
                    continue;
                };
                let was = get(&posted, &format!("was.{item}")).unwrap_or_default();
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
        })
    })
    .await;
    let back = format!("/plan/{id}");
    after_edit(
        app,
        headers,
        id,
        result,
        EditReply {
            back,
            key_prefix: None,
            fields,
            lang,
            on_edit_page: None,
        },
    )
    .await
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
    let kind = get(&fields, "kind").unwrap_or_default().to_string();
    let phase = get(&fields, "phase").unwrap_or_default().to_string();
    let prefix = if kind == "subtask" {
        format!("new-{phase}")
    } else {
        format!("new-{kind}")
    };
    let text = |name: &str| {
        get(&fields, &format!("field.{name}"))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let title = if kind == "reporting" {
        text("what")
    } else {
        text("title")
    };
    if title.is_empty() {
        let mut shown = Shown::default();
        let field = if kind == "reporting" { "what" } else { "title" };
        shown.problem = Some(ServeMsg::TitleRequired.get(lang));
        shown.errors.insert(
            format!("{prefix}.{field}"),
            vec![ServeMsg::TitleRequired.get(lang)],
        );
        for (key, value) in &fields {
            if let Some(field) = key.strip_prefix("field.") {
                shown
                    .values
                    .insert(format!("{prefix}.{field}"), value.clone());
            }
        }
        return plan_page(app, headers, id, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let root = app.root.clone();
    let plan_id = id.clone();
    let posted = fields.clone();
    let new_id_cell = Arc::new(std::sync::Mutex::new(String::new()));
    let new_id_out = new_id_cell.clone();
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        draft::edit_draft(&root, &plan_id, lang, |plan| {
            let item_id = new_id(plan, &title);
            if let Ok(mut cell) = new_id_out.lock() {
                *cell = item_id.clone();
            }
            let text = |name: &str| {
                let text = get(&posted, &format!("field.{name}"))
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
            item.insert("id".into(), Value::String(item_id));
            let optional = |item: &mut Map<String, Value>, name: &str| {
                let value = text(name);
                if !value.is_empty() {
                    item.insert(name.to_string(), Value::String(value));
                }
            };
            let (target, list) = match kind.as_str() {
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
                    (vec![phase.clone(), "subtasks".to_string()], "subtasks")
                }
                "phase" => {
                    item.insert("title".into(), Value::String(title.clone()));
                    item.insert("period".into(), Value::String(text("period")));
                    item.insert("subtasks".into(), Value::Array(Vec::new()));
                    (vec!["phases".to_string()], "phases")
                }
                "milestone" => {
                    item.insert("title".into(), Value::String(title.clone()));
                    item.insert("date".into(), Value::String(text("date")));
                    (vec!["milestones".to_string()], "milestones")
                }
                _ => {
                    item.insert("what".into(), Value::String(title.clone()));
                    item.insert("to".into(), Value::String(text("to")));
                    item.insert("due".into(), Value::String(text("due")));
                    item.insert("status".into(), Value::String("planned".into()));
                    (vec!["reporting".to_string()], "reporting")
                }
            };
            let _ = list;
            let setter = Setter {
                target,
                op: SetOp::Append(Value::Object(item).to_string()),
                raw: String::new(),
            };
            apply_setter(plan, &setter, lang).map_err(|e| e.message)?;
            Ok(Vec::new())
        })
    })
    .await;
    let new_item = new_id_cell.lock().map(|s| s.clone()).unwrap_or_default();
    fields.push(("new_id".to_string(), new_item.clone()));
    let back = format!("/plan/{id}#{new_item}");
    after_edit(
        app,
        headers,
        id,
        result,
        EditReply {
            back,
            key_prefix: Some(prefix),
            fields,
            lang,
            on_edit_page: None,
        },
    )
    .await
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
    let (root, plan_id, posted) = (app.root.clone(), id.clone(), form.clone());
    let outcome = blocking(move || {
        let _drafts = app_lock(&root);
        draft::record(&root, &plan_id, &posted, lang)
    })
    .await;
    let mut shown = Shown::default();
    for name in [
        "summary",
        "decided_by",
        "decided_on",
        "meeting",
        "rationale",
    ] {
        shown.values.insert(format!("decision.{name}"), text(name));
    }
    let status = match outcome {
        Err(status) => return status.into_response(),
        Ok(Err(error)) => return error_page(&app, lang, &error),
        Ok(Ok(RecordOutcome::Recorded(commit))) => {
            return see_other(&format!("/decision/{commit}"));
        }
        Ok(Ok(RecordOutcome::FieldProblems(problems))) => {
            shown.problem = Some(ServeMsg::InvalidRecordTitle.get(lang));
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
    let (root, plan_id) = (app.root.clone(), id.clone());
    let result = blocking(move || {
        let _drafts = app_lock(&root);
        let now = Draft::read(&root, &plan_id, lang)?;
        if now.hash() != expected {
            return Ok(false);
        }
        draft::discard(&root, &plan_id, lang).map(|()| true)
    })
    .await;
    match result {
        Ok(Ok(true)) => see_other(&format!("/plan/{id}")),
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
    let plan = blocking(move || {
        Draft::read(&root, &id, asked)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_are_keyed_by_the_item_and_field_they_concern() {
        let plan = json!({
            "title": "x",
            "phases": [{"id": "fase-1", "period": {"start": "2024"}, "subtasks": [{"id": "a", "due": "x"}]}],
        });
        assert_eq!(finding_key(&plan, "/phases/0/subtasks/0/due"), "a.due");
        assert_eq!(
            finding_key(&plan, "/phases/0/period/start"),
            "fase-1.period"
        );
        assert_eq!(finding_key(&plan, "/title"), ".title");
        assert_eq!(finding_key(&plan, "/phases/0/subtasks/0"), "a.");
        assert_eq!(finding_key(&plan, ""), ".");
    }

    #[test]
    fn periods_are_accepted_in_the_words_the_tool_prints() {
        assert_eq!(period_input("efterår 2024"), "2024-autumn");
        assert_eq!(period_input(" 2024-10 "), "2024-10");
        assert_eq!(period_input("12.9.2024"), "2024-09-12");
        assert_eq!(period_input("snart"), "snart");
    }

    #[test]
    fn new_ids_are_made_from_titles_and_never_taken() {
        let plan = json!({"id": "p", "phases": [{"id": "moede-med-ledelsen", "subtasks": []}]});
        assert_eq!(new_id(&plan, "Møde med ledelsen"), "moede-med-ledelsen-2");
        assert_eq!(new_id(&plan, "Årshjul 2025!"), "aarshjul-2025");
        assert_eq!(new_id(&plan, "!!!"), "punkt");
    }
}
