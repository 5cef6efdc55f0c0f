//! The plan page's one form: the status selects, the add panels, the
//! decision form and the "Redigér" buttons all send it, so that whatever
//! was chosen or typed is saved to the draft before the next page (or the
//! decision) — no navigation loses a pending edit. This is its model: what
//! the posted fields mean and the change they make to the draft.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::edit::{FieldEdit, FieldSet, Kind, NewItem, locate, set_field};
use crate::serve::forms::{Fields, get};
use crate::serve::plan_pages::Shown;

/// Sets the status of every activity whose select the form changed, where
/// the draft still holds what the page showed; returns the conflicts.
pub(crate) fn apply_statuses(
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
        if locate(plan, item).is_none() {
            return Err(ServeMsg::UnknownItem.fill(lang, &[("id", &item)]));
        }
        let string = |text: &str| Some(Value::String(text.to_string()));
        let edit = FieldEdit {
            item: Some(item),
            field: "status",
            was: string(was),
            new: string(new),
            required: true,
        };
        if let FieldSet::Conflict(conflict) = set_field(plan, &edit, lang)? {
            let now = conflict.now.unwrap_or(Value::String(String::new()));
            conflicts.push(crate::serve::forms::conflict_line(
                plan,
                Some(item),
                "status",
                Some(&now),
                lang,
            ));
        }
    }
    Ok(conflicts)
}

/// One add panel of the plan page as posted: what it adds (`subtask:PHASE`,
/// `phase`, `milestone`, `reporting`) and its fields (`field.NAME`).
pub(crate) struct AddPanel {
    pub(crate) kind: String,
    pub(crate) phase: String,
    pub(crate) fields: Fields,
}

impl AddPanel {
    /// The panel's key prefix for typed values and problems: `new-PHASE`
    /// for an activity, else `new-KIND`.
    pub(crate) fn prefix(&self) -> String {
        if self.kind == "subtask" {
            format!("new-{}", self.phase)
        } else {
            format!("new-{}", self.kind)
        }
    }

    /// Its title (`what` for a reporting obligation), trimmed.
    pub(crate) fn title(&self) -> String {
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
    pub(crate) fn title_field(&self) -> &'static str {
        if self.kind == "reporting" {
            "what"
        } else {
            "title"
        }
    }

    /// The item it describes.
    pub(crate) fn new_item(&self) -> NewItem {
        let kind = match self.kind.as_str() {
            "subtask" => Kind::Subtask,
            "phase" => Kind::Phase,
            "milestone" => Kind::Milestone,
            _ => Kind::Reporting,
        };
        let fields = self
            .fields
            .iter()
            .filter_map(|(key, value)| {
                key.strip_prefix("field.")
                    .map(|name| (name.to_string(), value.clone()))
            })
            .collect();
        NewItem {
            kind,
            phase: self.phase.clone(),
            fields,
        }
    }

    /// The panels of the page's form (`add.KIND.FIELD`) with something
    /// typed in them, and the one whose button was pressed (`add`).
    pub(crate) fn posted(fields: &Fields) -> Vec<AddPanel> {
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

/// Adds the item `panel` describes to `plan` (see
/// [`crate::plan::edit::add_item`]); returns its new id.
pub(crate) fn add_item(plan: &mut Value, panel: &AddPanel, lang: Lang) -> Result<String, String> {
    crate::plan::edit::add_item(plan, &panel.new_item(), lang)
}

/// Where `then` (an item's id, or `.` for the plan's own fields) leads
/// after the page's form is saved: that item's edit form.
pub(crate) fn then_page(id: &str, then: Option<&str>) -> Option<String> {
    match then? {
        "." => Some(format!("/plan/{id}/edit")),
        item if crate::workspace::is_valid_id(item) => Some(format!("/plan/{id}/edit?item={item}")),
        _ => None,
    }
}

/// The decision form's fields, as the plan page's form sends them.
pub(crate) const DECISION_FIELDS: [&str; 5] = [
    "summary",
    "decided_by",
    "decided_on",
    "meeting",
    "rationale",
];

/// What was typed in the decision form, kept for the page shown again.
pub(crate) fn keep_decision(fields: &Fields, shown: &mut Shown) {
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
pub(crate) fn decision_text(fields: &Fields) -> Option<BTreeMap<String, String>> {
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
pub(crate) fn has_pending_edits(fields: &Fields) -> bool {
    !AddPanel::posted(fields).is_empty()
        || fields.iter().any(|(key, value)| {
            key.strip_prefix("status.")
                .is_some_and(|item| get(fields, &format!("was.{item}")) != Some(value.as_str()))
        })
}

/// The change the plan page's form makes to the draft: its statuses, then
/// each add panel with something typed; the items added are noted in
/// `added` as (panel prefix, new id).
pub(crate) fn page_change(
    fields: &Fields,
    lang: Lang,
    added: Arc<Mutex<Vec<(String, String)>>>,
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
