//! The forms' model: which fields each kind of item has and how each is
//! edited, where an item is in the plan, how a posted value becomes JSON,
//! and how a finding finds its field.
//!
//! Each form carries, for every field, the value its page showed (`was.F`)
//! next to the new one (`field.F`): a field is set only where the draft
//! still holds what the page showed, else it is a conflict (see
//! [`crate::serve::draft`]). Changes are made with the setters of
//! `backbrief decide --set` ([`crate::plan::setter`]); moving is done on the
//! list itself. Values become JSON here, never typed as JSON by anyone.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::Finding;
use crate::plan::edit::{FieldEdit, FieldSet, set_field};
pub use crate::plan::edit::{Kind, locate, move_item, new_id};

/// A posted form: its fields in order (a field may repeat).
pub type Fields = Vec<(String, String)>;

pub(crate) fn get<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

pub(crate) fn all<'a>(fields: &'a Fields, name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .collect()
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
pub(crate) fn findings_by_field(
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
pub(crate) fn json_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(value) => value.to_string(),
    }
}

/// A field's value as shown in a form input.
pub(crate) fn form_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A period as a form shows it, the Danish way in Danish: "forår 2025",
/// "2. kvartal 2025", a day as "15.10.2026" (English: "spring 2025",
/// "15 October 2026"); text that is no period is shown as it is. Every
/// one reads back as the period it shows (see [`period_input`]).
pub(crate) fn period_shown(value: Option<&Value>, lang: Lang) -> String {
    let text = form_text(value);
    match crate::plan::period::Period::parse(&text) {
        Ok(period) if lang == Lang::Da && period.kind() == crate::plan::period::PeriodKind::Day => {
            period.first_day().format("%-d.%-m.%Y").to_string()
        }
        Ok(period) => period.display(lang),
        Err(_) => text,
    }
}

/// A period as typed in a form: the canonical text, or the words the tool
/// itself prints ("efterår 2024", "2. kvartal 2025", "12.9.2024") read as
/// the canonical text they name. Anything else is kept as typed, for
/// validation to explain at the field.
pub fn period_input(text: &str) -> String {
    let text = text.trim();
    match crate::plan::input::period(text) {
        Ok(period) => period.to_string(),
        Err(_) => text.to_string(),
    }
}

/// A phase's period as typed in its two fields: a phrase that names a span
/// ("primo 2027", "ultimo marts 2027") starts where the span starts and
/// ends where it ends, and fills both ends when the other is empty.
fn span_input(start: &str, end: &str) -> (String, String) {
    use crate::plan::input::{Context, period_end_in, period_start_in};
    let none = Context::default();
    let end = if end.trim().is_empty() { start } else { end };
    let read = |text: &str, parse: fn(&str, &Context) -> Result<crate::plan::Period, _>| {
        parse(text.trim(), &none).map_or_else(|_| text.trim().to_string(), |p| p.to_string())
    };
    (read(start, period_start_in), read(end, period_end_in))
}

/// The new value of field `spec` from the form (None: empty, or not in this
/// form), and whether the form has the field at all.
pub(crate) fn new_value(fields: &Fields, spec: &FieldSpec) -> Option<Option<Value>> {
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
            let (start, end) = span_input(
                &line("field.period.start")?,
                &line("field.period.end").unwrap_or_default(),
            );
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

/// Applies the fields of an item's form to `plan` (see
/// [`crate::plan::edit::set_field`]): for each field the form changed, the
/// value is set when the plan still holds what the page showed; otherwise
/// it is a conflict (field, value now).
pub(crate) fn apply_fields(
    plan: &mut Value,
    item: Option<&str>,
    kind: Kind,
    fields: &Fields,
    lang: Lang,
) -> Result<Vec<(String, String)>, String> {
    if let Some(id) = item
        && locate(plan, id).is_none()
    {
        return Err(ServeMsg::UnknownItem.fill(lang, &[("id", &id)]));
    }
    let mut conflicts = Vec::new();
    for spec in specs(kind) {
        let Some(new) = new_value(fields, spec) else {
            continue;
        };
        let was = get(fields, &format!("was.{}", spec.name)).unwrap_or_default();
        let edit = FieldEdit {
            item,
            field: spec.name,
            was: serde_json::from_str(was).ok(),
            new,
            required: spec.required,
        };
        if let FieldSet::Conflict(conflict) = set_field(plan, &edit, lang)? {
            let now = conflict.now.as_ref();
            conflicts.push(conflict_line(plan, item, spec.name, now, lang));
        }
    }
    Ok(conflicts)
}

/// A field someone else changed meanwhile, for people: the item by its
/// title and the field by its form's label ("Workshop i teams – Ansvarlig"),
/// and its value now as the plan's page shows it ("udført", "efterår 2024").
pub(crate) fn conflict_line(
    plan: &Value,
    item: Option<&str>,
    field: &str,
    current: Option<&Value>,
    lang: Lang,
) -> (String, String) {
    use crate::plan::diff::ItemKind;
    let (kind, object) = match item.and_then(|id| locate(plan, id)) {
        Some((kind, pointer)) => (kind, plan.pointer(&pointer)),
        None => (Kind::Plan, Some(plan)),
    };
    let label = specs(kind)
        .iter()
        .find(|spec| spec.name == field)
        .map_or_else(|| field.to_string(), |spec| spec.label.get(lang));
    let title = object
        .filter(|_| kind != Kind::Plan)
        .and_then(|object| object.get("title").or_else(|| object.get("what")))
        .and_then(Value::as_str);
    let named = match title {
        Some(title) => format!("{title} – {label}"),
        None => label,
    };
    let item_kind = match kind {
        Kind::Plan => ItemKind::Plan,
        Kind::Phase => ItemKind::Phase,
        Kind::Subtask => ItemKind::Subtask,
        Kind::Milestone => ItemKind::Milestone,
        Kind::Reporting => ItemKind::Reporting,
    };
    let typed = serde_json::from_value::<crate::plan::Plan>(plan.clone()).ok();
    let value = match (typed, current) {
        (Some(typed), Some(current)) => {
            crate::render::describe::field_in_words(
                &typed,
                item_kind,
                field,
                current,
                lang,
                usize::MAX,
            )
            .1
        }
        (_, current) => form_text(current),
    };
    (named, value)
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
        assert_eq!(period_input("uge 12 2027"), "2027-W12");
        assert_eq!(period_input("ultimo marts 2027"), "2027-03-31");
        assert_eq!(
            span_input("primo 2027", ""),
            ("2027-01".to_string(), "2027-04".to_string())
        );
        assert_eq!(
            span_input("2027-02", "efterår 2027"),
            ("2027-02".to_string(), "2027-autumn".to_string())
        );
        assert_eq!(
            span_input("snart", ""),
            ("snart".to_string(), "snart".to_string())
        );
    }

    #[test]
    fn every_example_the_period_hint_gives_is_accepted() {
        for lang in [Lang::Da, Lang::En] {
            let hint = ServeMsg::PeriodHint.get(lang);
            let list = hint
                .trim_start_matches("Fx ")
                .trim_start_matches("E.g. ")
                .trim_end_matches('.')
                .replace(" eller ", ", ")
                .replace(" or ", ", ");
            for example in list.split(", ") {
                assert!(
                    crate::plan::input::period(example).is_ok(),
                    "{example:?} from the hint {hint:?}"
                );
            }
        }
    }

    #[test]
    fn date_fields_open_the_danish_way_and_read_back_unchanged() {
        let shown = |text: &str, lang| period_shown(Some(&json!(text)), lang);
        assert_eq!(shown("2025-spring", Lang::Da), "forår 2025");
        assert_eq!(shown("2026-10-15", Lang::Da), "15.10.2026");
        assert_eq!(shown("2026-10-15", Lang::En), "15 October 2026");
        assert_eq!(shown("snart", Lang::Da), "snart");
        for canonical in [
            "2026-10-15",
            "2026-01-05",
            "2024-10",
            "2024-Q4",
            "2025-H1",
            "2024-autumn",
            "2025-spring",
            "2024-summer",
            "2024-winter",
            "2027",
        ] {
            for lang in [Lang::Da, Lang::En] {
                let text = shown(canonical, lang);
                if canonical != "2027" {
                    assert_ne!(text, canonical, "{canonical} is shown in words ({lang:?})");
                }
                assert_eq!(period_input(&text), canonical, "{text:?} ({lang:?})");
            }
        }
    }
}
