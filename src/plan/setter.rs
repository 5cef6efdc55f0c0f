//! Setters: the `--set ID.FIELD=VALUE` changes of `backbrief decide`.
//!
//! A setter names what to change and how:
//!
//! | written as | does |
//! |---|---|
//! | `ID.FIELD=VALUE` | sets a field of the item with that id |
//! | `ID.FIELD.SUB=VALUE` | sets a field inside an object field (`fase-2.period.start=2025-03`) |
//! | `FIELD=VALUE` | sets a plan-level field (`title=…`) |
//! | `ID.FIELD+=VALUE` | appends to a list field (`fase-1.subtasks+={…}`); a JSON list appends each element |
//! | `ID=` | removes the item with that id (phase, subtask, milestone or reporting) |
//! | `ID.FIELD=` | removes an optional field |
//!
//! Values are JSON when they parse as JSON, else plain text. When the field
//! expects text and the value parses as a JSON number, `true`/`false` or
//! `null` (`fase-2.period=2025`), the text is kept as text. Write `"\"2025\""`
//! to force a JSON string anywhere.
//!
//! [`apply_setters`] only changes the JSON value; the caller validates the
//! result, so a wrongly typed value is reported by validation with its
//! position. The errors here are about setters that cannot be carried out at
//! all: no `=`, an unknown id or field, `+=` on something that is not a list,
//! removing a required field, or nesting into a field without fields.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::i18n::{Lang, Message, SetterMsg};
use crate::plan::dates::Span;
use crate::plan::diagnostic::did_you_mean;
use crate::plan::input;
use crate::plan::model::PhasePeriod;
use crate::plan::schema::{choices, fields_at, plan_schema, resolve_ref, schema_at};

/// One `--set` change, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    /// What to change: `["workshop-i-teams", "status"]`, `["title"]`,
    /// `["fase-2", "period", "start"]`, or `["fase-1"]` (the item itself).
    pub target: Vec<String>,
    /// How to change it.
    pub op: SetOp,
    /// The argument as the user gave it, for messages.
    pub raw: String,
}

/// How a setter changes its target.
#[derive(Debug, Clone, PartialEq)]
pub enum SetOp {
    /// `=VALUE`: the raw value text (JSON when it parses, else text).
    Set(String),
    /// `+=VALUE`: append to a list field.
    Append(String),
    /// `=` with nothing after it: remove the item or the optional field.
    Remove,
}

/// A setter that cannot be parsed or carried out, explained in plain language.
#[derive(Debug, Clone, PartialEq)]
pub struct SetterError {
    /// The setter as the user wrote it.
    pub setter: String,
    /// A stable name of the kind of problem, for scripts (e.g. `unknown_item`).
    pub code: &'static str,
    /// A plain sentence naming the setter.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    problem: Box<Problem>,
}

impl SetterError {
    fn new(setter: &str, problem: Problem, lang: Lang) -> SetterError {
        let (message, hint) = problem.render(setter, lang);
        SetterError {
            setter: setter.to_string(),
            code: problem.code(),
            message,
            hint,
            problem: Box::new(problem),
        }
    }

    /// The same error with its message and hint in `lang` (for errors from
    /// [`FromStr`], which speaks Danish, the default language).
    pub fn in_lang(&self, lang: Lang) -> SetterError {
        SetterError::new(&self.setter, (*self.problem).clone(), lang)
    }
}

impl fmt::Display for SetterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetterError {}

impl Setter {
    /// Parses `ID.FIELD=VALUE`, `ID.FIELD+=VALUE`, `FIELD=VALUE`, `ID=` or
    /// `ID.FIELD=`; errors are worded in `lang`.
    pub fn parse(text: &str, lang: Lang) -> Result<Setter, SetterError> {
        parse(text).map_err(|problem| SetterError::new(text, problem, lang))
    }

    /// The setter as the user wrote it (or, for a setter built in code, its
    /// canonical text).
    fn name(&self) -> String {
        if self.raw.is_empty() {
            self.to_string()
        } else {
            self.raw.clone()
        }
    }
}

impl FromStr for Setter {
    type Err = SetterError;

    /// Like [`Setter::parse`] in Danish; use [`SetterError::in_lang`] to
    /// reword an error.
    fn from_str(text: &str) -> Result<Setter, SetterError> {
        Setter::parse(text, Lang::default())
    }
}

impl fmt::Display for Setter {
    /// The canonical text: `target.joined.by.dots` then `=VALUE`, `+=VALUE`
    /// or `=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.target.join("."))?;
        match &self.op {
            SetOp::Set(value) => write!(f, "={value}"),
            SetOp::Append(value) => write!(f, "+={value}"),
            SetOp::Remove => f.write_str("="),
        }
    }
}

fn parse(text: &str) -> Result<Setter, Problem> {
    let Some(equals) = text.find('=') else {
        return Err(Problem::NoEquals);
    };
    let (before, value) = (&text[..equals], &text[equals + 1..]);
    let (target_text, append) = match before.strip_suffix('+') {
        Some(target) => (target, true),
        None => (before, false),
    };
    // `x.owner = Anna` (quoted as one argument): spaces around the operator.
    let value = if target_text.ends_with(char::is_whitespace) {
        value.trim_start()
    } else {
        value
    };
    let target_text = target_text.trim();
    // No id or field name ends in `+`: a target that does is `+=` split by
    // white space (`a+ =b`), or a doubled `+`. Read either way, its
    // canonical text (`a+=b`) would read differently, so it is refused.
    if target_text.ends_with('+') {
        let meant = target_text.trim_end_matches(|c: char| c == '+' || c.is_whitespace());
        if meant.is_empty() {
            return Err(Problem::EmptyTarget);
        }
        return Err(Problem::PlusBeforeEquals {
            target: meant.to_string(),
            value: value.to_string(),
        });
    }
    if target_text.is_empty() {
        return Err(Problem::EmptyTarget);
    }
    let target: Vec<String> = target_text
        .split('.')
        .map(|segment| segment.trim().to_string())
        .collect();
    if target.iter().any(String::is_empty) {
        return Err(Problem::EmptySegment {
            target: target_text.to_string(),
        });
    }
    let op = match (append, value.is_empty()) {
        (true, true) => return Err(Problem::EmptyAppend),
        (true, false) => SetOp::Append(value.to_string()),
        (false, true) => SetOp::Remove,
        (false, false) => SetOp::Set(value.to_string()),
    };
    Ok(Setter {
        target,
        op,
        raw: text.to_string(),
    })
}

/// Applies the setters in order, each to the result of the one before, and
/// returns the changed plan. The result is not validated; the first setter
/// that cannot be carried out stops the lot and is returned as an error in
/// `lang`.
pub fn apply_setters(plan: &Value, setters: &[Setter], lang: Lang) -> Result<Value, SetterError> {
    apply_setters_on(plan, setters, None, lang)
}

/// [`apply_setters`] on the day `today`, which gives a week typed without
/// its year ("uge 12") its year when the plan does not (see
/// [`crate::plan::phrase`]).
pub fn apply_setters_on(
    plan: &Value,
    setters: &[Setter],
    today: Option<NaiveDate>,
    lang: Lang,
) -> Result<Value, SetterError> {
    let mut plan = plan.clone();
    for setter in setters {
        apply(&mut plan, setter, today)
            .map_err(|problem| SetterError::new(&setter.name(), problem, lang))?;
    }
    Ok(plan)
}

/// Applies one setter in place. On error, `plan` is unchanged.
pub fn apply_setter(plan: &mut Value, setter: &Setter, lang: Lang) -> Result<(), SetterError> {
    let mut changed = plan.clone();
    apply(&mut changed, setter, None)
        .map_err(|problem| SetterError::new(&setter.name(), problem, lang))?;
    *plan = changed;
    Ok(())
}

/// Every item id in the plan (phases, subtasks, milestones, reporting), in
/// plan order.
pub fn item_ids(plan: &Value) -> Vec<String> {
    items(plan).into_iter().map(|item| item.id).collect()
}

/// Where an item is, and what kind of item it is.
#[derive(Debug, Clone)]
struct Item {
    id: String,
    /// The JSON pointer of the list holding it.
    list: String,
    index: usize,
    place: Place,
}

impl Item {
    fn pointer(&self) -> String {
        format!("{}/{}", self.list, self.index)
    }
}

fn items(plan: &Value) -> Vec<Item> {
    fn list(value: Option<&Value>) -> impl Iterator<Item = (usize, &Value, String)> {
        value
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(index, item)| {
                let id = item.as_object()?.get("id")?.as_str()?;
                Some((index, item, id.to_string()))
            })
    }
    let mut found = Vec::new();
    for (index, phase, id) in list(plan.get("phases")) {
        found.push(Item {
            id: id.clone(),
            list: "/phases".into(),
            index,
            place: Place::Phase(id),
        });
        for (sub, _, id) in list(phase.get("subtasks")) {
            found.push(Item {
                id: id.clone(),
                list: format!("/phases/{index}/subtasks"),
                index: sub,
                place: Place::Subtask(id),
            });
        }
    }
    for (index, _, id) in list(plan.get("milestones")) {
        found.push(Item {
            id: id.clone(),
            list: "/milestones".into(),
            index,
            place: Place::Milestone(id),
        });
    }
    for (index, _, id) in list(plan.get("reporting")) {
        found.push(Item {
            id: id.clone(),
            list: "/reporting".into(),
            index,
            place: Place::Reporting(id),
        });
    }
    found
}

fn apply(plan: &mut Value, setter: &Setter, today: Option<NaiveDate>) -> Result<(), Problem> {
    if !plan.is_object() {
        return Err(Problem::PlanNotObject);
    }
    let Some((first, rest)) = setter.target.split_first() else {
        return Err(Problem::EmptyTarget);
    };
    if setter.target.iter().any(String::is_empty) {
        return Err(Problem::EmptySegment {
            target: setter.target.join("."),
        });
    }
    if let SetOp::Append(value) = &setter.op
        && value.is_empty()
    {
        return Err(Problem::EmptyAppend);
    }
    let all = items(plan);
    let item = all.iter().find(|item| item.id == *first).cloned();
    let plan_fields = fields_at("");
    let is_plan_field = plan_fields.contains(&first.as_str());

    if rest.is_empty() {
        return match (&setter.op, item) {
            (SetOp::Remove, Some(item)) => {
                if let Some(list) = plan.pointer_mut(&item.list).and_then(Value::as_array_mut)
                    && item.index < list.len()
                {
                    list.remove(item.index);
                }
                Ok(())
            }
            (_, _) if is_plan_field => walk(
                plan,
                String::new(),
                Place::Plan,
                &setter.target,
                0,
                &setter.op,
                today,
            ),
            (SetOp::Remove, None) => Err(Problem::UnknownTarget {
                id: first.clone(),
                ids: all.iter().map(|item| item.id.clone()).collect(),
                fields: strings(&plan_fields),
            }),
            (_, Some(item)) => Err(Problem::ItemNeedsField {
                id: first.clone(),
                fields: strings(&fields_at(&item.pointer())),
            }),
            (_, None) => Err(Problem::UnknownField {
                place: Place::Plan,
                field: first.clone(),
                fields: strings(&plan_fields),
            }),
        };
    }

    match item {
        Some(item) => walk(
            plan,
            item.pointer(),
            item.place,
            &setter.target,
            1,
            &setter.op,
            today,
        ),
        None if is_plan_field => walk(
            plan,
            String::new(),
            Place::Plan,
            &setter.target,
            0,
            &setter.op,
            today,
        ),
        None => Err(Problem::UnknownItem {
            id: first.clone(),
            ids: all.iter().map(|item| item.id.clone()).collect(),
            fields: plan_fields
                .iter()
                .filter(|field| !fields_at(&format!("/{field}")).is_empty())
                .map(|field| field.to_string())
                .collect(),
        }),
    }
}

/// Follows `target[start..]` as field names from the object at `pointer`
/// and applies `op` to the last one.
fn walk(
    plan: &mut Value,
    mut pointer: String,
    mut place: Place,
    target: &[String],
    start: usize,
    op: &SetOp,
    today: Option<NaiveDate>,
) -> Result<(), Problem> {
    for at in start..target.len() {
        let field = target[at].as_str();
        let allowed = fields_at(&pointer);
        if !allowed.contains(&field) {
            return Err(Problem::UnknownField {
                place,
                field: field.to_string(),
                fields: strings(&allowed),
            });
        }
        let path = target[..=at].join(".");
        let child = format!("{pointer}/{field}");
        let Some(next) = target.get(at + 1) else {
            return change(plan, &pointer, field, &child, op, path, today);
        };
        let inner = fields_at(&child);
        if inner.is_empty() {
            return Err(Problem::NotAnObject {
                field: path,
                next: next.clone(),
            });
        }
        let object = object_at(plan, &pointer)?;
        let current = object.get(field).cloned().unwrap_or(Value::Null);
        if !current.is_object() {
            let mut fresh = Map::new();
            // A period written as one string becomes a span from it to itself,
            // so setting `.start` keeps the old end (and vice versa).
            if let Value::String(text) = &current
                && inner.contains(&"start")
                && inner.contains(&"end")
            {
                fresh.insert("start".into(), Value::String(text.clone()));
                fresh.insert("end".into(), Value::String(text.clone()));
            }
            object.insert(field.to_string(), Value::Object(fresh));
        }
        pointer = child;
        place = Place::Field(path);
    }
    Ok(())
}

/// Applies `op` to `field` of the object at `pointer`; `child` is the
/// field's pointer and `path` its dotted name for messages.
fn change(
    plan: &mut Value,
    pointer: &str,
    field: &str,
    child: &str,
    op: &SetOp,
    path: String,
    today: Option<NaiveDate>,
) -> Result<(), Problem> {
    match op {
        SetOp::Remove => {
            if required_at(pointer).contains(&field) {
                return Err(Problem::Required {
                    list: accepted_types(schema_at(child)).contains(&"array"),
                    field: path,
                });
            }
            object_at(plan, pointer)?.remove(field);
            Ok(())
        }
        // `null` means "no value": the field is removed, as `ID.FIELD=`
        // does (and refused for a required one), never the text "null".
        SetOp::Set(raw) if raw.trim() == "null" => {
            change(plan, pointer, field, child, &SetOp::Remove, path, today)
        }
        SetOp::Set(raw) => {
            let context = context_at(plan, pointer, today);
            let value = value_for(raw, accepted_types(schema_at(child)))?;
            let value = typed_words(value, child, &context);
            object_at(plan, pointer)?.insert(field.to_string(), value);
            Ok(())
        }
        SetOp::Append(raw) => {
            if !accepted_types(schema_at(child)).contains(&"array") {
                return Err(Problem::NotAList { field: path });
            }
            let item_types = accepted_types(schema_at(&format!("{child}/0")));
            let mut types = item_types.clone();
            types.push("array");
            let value = value_for(raw, types)?;
            let object = object_at(plan, pointer)?;
            let list = object
                .entry(field.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if list.is_null() {
                *list = Value::Array(Vec::new());
            }
            let Value::Array(list) = list else {
                return Err(Problem::NotAList { field: path });
            };
            match value {
                Value::Array(values) if !item_types.contains(&"array") => list.extend(values),
                value => list.push(value),
            }
            Ok(())
        }
    }
}

/// The value a setter's text stands for, given the JSON types the field
/// accepts. Text with control characters (other than line breaks and tabs)
/// or a lone surrogate escape is refused: no plan text needs them, and
/// they can hide or rewrite what others read.
fn value_for(raw: &str, accepted: Vec<&str>) -> Result<Value, Problem> {
    let value = value_as_written(raw, accepted)?;
    if let Some(found) = first_control(&value) {
        return Err(Problem::ControlCharacter {
            code: format!("U+{:04X}", found as u32),
        });
    }
    if raw.contains("\\u") && has_lone_surrogate_escape(raw) {
        return Err(Problem::LoneSurrogate);
    }
    Ok(value)
}

/// The first control character in any text of `value`, line breaks and
/// tabs allowed.
fn first_control(value: &Value) -> Option<char> {
    match value {
        Value::String(text) => text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
        Value::Array(items) => items.iter().find_map(first_control),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            first_control(&Value::String(k.clone())).or_else(|| first_control(v))
        }),
        _ => None,
    }
}

/// Whether `raw` holds a `\uD800`–`\uDFFF` escape not paired as JSON pairs
/// surrogates (serde_json refuses it, so the value would be taken as text).
fn has_lone_surrogate_escape(raw: &str) -> bool {
    let mut rest = raw;
    while let Some(at) = rest.find("\\u") {
        let hex = rest.get(at + 2..at + 6).unwrap_or_default();
        if let Ok(unit) = u16::from_str_radix(hex, 16)
            && (0xD800..=0xDFFF).contains(&unit)
        {
            let next = rest.get(at + 6..at + 8) == Some("\\u");
            let low = rest
                .get(at + 8..at + 12)
                .and_then(|h| u16::from_str_radix(h, 16).ok())
                .is_some_and(|u| (0xDC00..=0xDFFF).contains(&u));
            if !((0xD800..=0xDBFF).contains(&unit) && next && low) {
                return true;
            }
            rest = &rest[at + 12.min(rest.len() - at)..];
            continue;
        }
        rest = &rest[at + 2..];
    }
    false
}

fn value_as_written(raw: &str, accepted: Vec<&str>) -> Result<Value, Problem> {
    match serde_json::from_str::<Value>(raw) {
        Ok(value) => {
            let fits = match &value {
                Value::Number(number) => {
                    accepted.contains(&"number")
                        || (accepted.contains(&"integer") && (number.is_i64() || number.is_u64()))
                }
                Value::Bool(_) => accepted.contains(&"boolean"),
                Value::Null => accepted.contains(&"null"),
                _ => true,
            };
            if !fits && accepted.contains(&"string") {
                Ok(Value::String(raw.to_string()))
            } else {
                Ok(value)
            }
        }
        Err(error) => {
            let start = raw.trim_start();
            let looks_like = (start.starts_with('{') && accepted.contains(&"object"))
                || (start.starts_with('[') && accepted.contains(&"array"));
            if looks_like {
                Err(Problem::BadJson {
                    column: error.column(),
                })
            } else {
                Ok(Value::String(raw.to_string()))
            }
        }
    }
}

/// A status, a period or a day typed the way the tool shows it
/// (`udført`, `efterår 2024`, `2025-02/2025-07`, `12.9.2024`) becomes the
/// canonical value the file stores; anything else is kept for validation to
/// report.
/// What a period typed at the object `pointer` is read against: an
/// activity's phase, else the plan's whole span; and `today`.
fn context_at(plan: &Value, pointer: &str, today: Option<NaiveDate>) -> input::Context {
    let span_of = |phase: &Value| {
        phase
            .get("period")
            .and_then(|period| serde_json::from_value::<PhasePeriod>(period.clone()).ok())
            .and_then(|period| period.span())
    };
    let segments: Vec<&str> = pointer.split('/').collect();
    let within = match segments.as_slice() {
        ["", "phases", phase, "subtasks", ..] => {
            plan.pointer(&format!("/phases/{phase}")).and_then(span_of)
        }
        _ => None,
    }
    .or_else(|| {
        let spans: Vec<Span> = plan
            .get("phases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(span_of)
            .collect();
        let first = spans.iter().map(|span| span.first).min()?;
        let last = spans.iter().map(|span| span.last).max()?;
        Some(Span { first, last })
    });
    input::Context { within, today }
}

fn typed_words(value: Value, child: &str, context: &input::Context) -> Value {
    let Value::String(text) = &value else {
        return value;
    };
    let (Some(schema), Some(defs)) = (schema_at(child), plan_schema().get("$defs")) else {
        return value;
    };
    let is = |name: &str| defs.get(name).is_some_and(|def| std::ptr::eq(def, schema));
    let typed = if is("Status") {
        input::status(text)
            .ok()
            .map(|status| status.as_str().into())
    } else if is("PeriodText") {
        // The start of a span starts where the typed span starts
        // ("ultimo marts 2027": 21 March); any other period keeps its end.
        let read = if child.ends_with("/period/start") {
            input::period_start_in
        } else if child.ends_with("/period/end") {
            input::period_end_in
        } else {
            input::period_in
        };
        read(text, context)
            .ok()
            .map(|period| period.to_string().into())
    } else if is("PhasePeriod") {
        input::phase_period_in(text, context)
            .ok()
            .map(input::PhasePeriodInput::to_json)
    } else {
        None
    };
    typed.unwrap_or(value)
}

fn object_at<'a>(
    plan: &'a mut Value,
    pointer: &str,
) -> Result<&'a mut Map<String, Value>, Problem> {
    plan.pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .ok_or(Problem::PlanNotObject)
}

/// The JSON types (`"string"`, `"object"`, …) a schema accepts, looking into
/// `$ref`s and `anyOf`/`oneOf` choices.
fn accepted_types(schema: Option<&'static Value>) -> Vec<&'static str> {
    fn collect(schema: &'static Value, depth: usize, out: &mut Vec<&'static str>) {
        if depth > 8 {
            return;
        }
        let schema = resolve_ref(schema);
        match schema.get("type") {
            Some(Value::String(name)) => out.push(name),
            Some(Value::Array(names)) => out.extend(names.iter().filter_map(Value::as_str)),
            _ => {}
        }
        for choice in choices(schema) {
            collect(choice, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    if let Some(schema) = schema {
        collect(schema, 0, &mut out);
    }
    out
}

/// The required fields of the object at `pointer`.
fn required_at(pointer: &str) -> Vec<&'static str> {
    let Some(schema) = schema_at(pointer) else {
        return Vec::new();
    };
    std::iter::once(schema)
        .chain(choices(schema).map(resolve_ref))
        .find(|shape| shape.get("properties").is_some())
        .and_then(|shape| shape.get("required"))
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The names as owned strings, sorted so that messages do not depend on
/// the order of the schema's properties.
fn strings(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    names.sort();
    names
}

/// What a field belongs to, for messages.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Plan,
    Phase(String),
    Subtask(String),
    Milestone(String),
    Reporting(String),
    /// An object field, by its dotted path (`fase-2.period`).
    Field(String),
}

impl Place {
    fn describe(&self, lang: Lang) -> String {
        match self {
            Place::Plan => SetterMsg::PlacePlan.get(lang),
            Place::Phase(id) => SetterMsg::PlacePhase.fill(lang, &[("id", id)]),
            Place::Subtask(id) => SetterMsg::PlaceSubtask.fill(lang, &[("id", id)]),
            Place::Milestone(id) => SetterMsg::PlaceMilestone.fill(lang, &[("id", id)]),
            Place::Reporting(id) => SetterMsg::PlaceReporting.fill(lang, &[("id", id)]),
            Place::Field(path) => SetterMsg::PlaceField.fill(lang, &[("field", path)]),
        }
    }
}

/// What is wrong with a setter; rendered in a language by [`Problem::render`].
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    NoEquals,
    /// The value holds a control character (`code` as U+XXXX).
    ControlCharacter {
        code: String,
    },
    /// The value holds half of a UTF-16 surrogate pair.
    LoneSurrogate,
    EmptyTarget,
    EmptySegment {
        target: String,
    },
    EmptyAppend,
    /// The target ends in `+` (`a+ =b`, `a++=b`): `target` is it without.
    PlusBeforeEquals {
        target: String,
        value: String,
    },
    PlanNotObject,
    UnknownItem {
        id: String,
        ids: Vec<String>,
        /// Plan-level object fields, which may also come first.
        fields: Vec<String>,
    },
    UnknownTarget {
        id: String,
        ids: Vec<String>,
        fields: Vec<String>,
    },
    UnknownField {
        place: Place,
        field: String,
        fields: Vec<String>,
    },
    ItemNeedsField {
        id: String,
        fields: Vec<String>,
    },
    NotAList {
        field: String,
    },
    Required {
        field: String,
        list: bool,
    },
    NotAnObject {
        field: String,
        next: String,
    },
    BadJson {
        column: usize,
    },
}

/// How many ids to list when none is close to what the user wrote.
const IDS_LISTED: usize = 8;

impl Problem {
    fn code(&self) -> &'static str {
        match self {
            Problem::NoEquals => "no_equals",
            Problem::EmptyTarget => "empty_target",
            Problem::EmptySegment { .. } => "empty_segment",
            Problem::EmptyAppend => "empty_append",
            Problem::PlusBeforeEquals { .. } => "plus_before_equals",
            Problem::PlanNotObject => "plan_not_object",
            Problem::UnknownItem { .. } => "unknown_item",
            Problem::UnknownTarget { .. } => "unknown_target",
            Problem::UnknownField { .. } => "unknown_field",
            Problem::ItemNeedsField { .. } => "item_needs_field",
            Problem::NotAList { .. } => "not_a_list",
            Problem::Required { .. } => "required_field",
            Problem::NotAnObject { .. } => "not_an_object",
            Problem::BadJson { .. } => "bad_json",
            Problem::ControlCharacter { .. } => "control_character",
            Problem::LoneSurrogate => "lone_surrogate",
        }
    }

    fn render(&self, setter: &str, lang: Lang) -> (String, Option<String>) {
        let form_hint = || Some(SetterMsg::FormHint.get(lang));
        match self {
            Problem::NoEquals => (
                SetterMsg::NoEquals.fill(lang, &[("setter", &setter)]),
                form_hint(),
            ),
            Problem::EmptyTarget => (
                SetterMsg::EmptyTarget.fill(lang, &[("setter", &setter)]),
                form_hint(),
            ),
            Problem::EmptySegment { target } => (
                SetterMsg::EmptySegment.fill(lang, &[("setter", &setter), ("target", target)]),
                Some(SetterMsg::EmptySegmentHint.get(lang)),
            ),
            Problem::EmptyAppend => (
                SetterMsg::EmptyAppend.fill(lang, &[("setter", &setter)]),
                Some(SetterMsg::EmptyAppendHint.get(lang)),
            ),
            Problem::PlusBeforeEquals { target, value } => (
                SetterMsg::PlusBeforeEquals.fill(lang, &[("setter", &setter)]),
                Some(if value.is_empty() {
                    SetterMsg::PlusBeforeEqualsRemoveHint.fill(lang, &[("target", target)])
                } else {
                    SetterMsg::PlusBeforeEqualsHint.fill(
                        lang,
                        &[
                            ("append", &format!("{target}+={value}")),
                            ("set", &format!("{target}={value}")),
                        ],
                    )
                }),
            ),
            Problem::PlanNotObject => (
                SetterMsg::PlanNotObject.fill(lang, &[("setter", &setter)]),
                Some(SetterMsg::PlanNotObjectHint.get(lang)),
            ),
            Problem::UnknownItem { id, ids, fields } => (
                SetterMsg::UnknownItem.fill(lang, &[("setter", &setter), ("id", id)]),
                ids_hint(lang, id, ids, fields),
            ),
            Problem::UnknownTarget { id, ids, fields } => (
                SetterMsg::UnknownTarget.fill(lang, &[("setter", &setter), ("id", id)]),
                ids_hint(lang, id, ids, fields),
            ),
            Problem::UnknownField {
                place,
                field,
                fields,
            } => (
                SetterMsg::UnknownField.fill(
                    lang,
                    &[
                        ("setter", &setter),
                        ("place", &place.describe(lang)),
                        ("field", field),
                    ],
                ),
                did_you_mean(lang, field, fields.iter().map(String::as_str))
                    .or_else(|| {
                        Some(SetterMsg::FieldsAre.fill(lang, &[("fields", &fields.join(", "))]))
                    })
                    .filter(|_| !fields.is_empty()),
            ),
            Problem::ItemNeedsField { id, fields } => (
                SetterMsg::ItemNeedsField.fill(lang, &[("setter", &setter), ("id", id)]),
                Some(
                    SetterMsg::ItemNeedsFieldHint
                        .fill(lang, &[("id", id), ("fields", &fields.join(", "))]),
                ),
            ),
            Problem::NotAList { field } => (
                SetterMsg::NotAList.fill(lang, &[("setter", &setter), ("field", field)]),
                Some(SetterMsg::NotAListHint.fill(lang, &[("target", field)])),
            ),
            Problem::Required { field, list } => (
                SetterMsg::Required.fill(lang, &[("setter", &setter), ("field", field)]),
                Some(if *list {
                    SetterMsg::RequiredListHint.fill(lang, &[("target", field)])
                } else {
                    SetterMsg::RequiredHint.fill(lang, &[("target", field)])
                }),
            ),
            Problem::NotAnObject { field, next } => (
                SetterMsg::NotAnObject.fill(
                    lang,
                    &[("setter", &setter), ("field", field), ("next", next)],
                ),
                Some(SetterMsg::NotAnObjectHint.fill(lang, &[("target", field)])),
            ),
            Problem::BadJson { column } => (
                SetterMsg::BadJson.fill(lang, &[("setter", &setter), ("column", column)]),
                Some(SetterMsg::BadJsonHint.get(lang)),
            ),
            Problem::ControlCharacter { code } => (
                SetterMsg::ControlCharacter.fill(lang, &[("setter", &setter), ("code", code)]),
                Some(SetterMsg::ControlCharacterHint.get(lang)),
            ),
            Problem::LoneSurrogate => (
                SetterMsg::LoneSurrogate.fill(lang, &[("setter", &setter)]),
                Some(SetterMsg::ControlCharacterHint.get(lang)),
            ),
        }
    }
}

/// "Did you mean …?" over the ids (and plan fields), else a few of the ids.
fn ids_hint(lang: Lang, word: &str, ids: &[String], fields: &[String]) -> Option<String> {
    let candidates = ids.iter().chain(fields).map(String::as_str);
    if let Some(hint) = did_you_mean(lang, word, candidates) {
        return Some(hint);
    }
    if ids.is_empty() {
        return None;
    }
    let listed = ids
        .iter()
        .take(IDS_LISTED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    Some(if ids.len() > IDS_LISTED {
        SetterMsg::IdsInclude.fill(lang, &[("ids", &listed)])
    } else {
        SetterMsg::IdsAre.fill(lang, &[("ids", &listed)])
    })
}

#[cfg(test)]
mod tests;
