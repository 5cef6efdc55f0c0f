//! The plan's edits, for every front end: set a field where it still holds
//! what the editor saw (a three-way check), add, move and remove an item,
//! and build a new item with an id of its own. The browser's forms and
//! `decide --set` change a plan through these and the setters of
//! [`crate::plan::setter`]; none of them holds an edit of its own.
//!
//! The plan is its JSON value; nothing here validates the result (the
//! caller checks it as `validate` does before anything is written).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::setter::{SetOp, Setter, apply_setter, item_ids};

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

/// An edit that cannot be carried out (an unknown item, a setter's error),
/// in the words of the language it was asked in.
pub type EditProblem = String;

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

/// An item found in the plan: its kind, JSON pointer and title.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundItem {
    /// What it is.
    pub kind: Kind,
    /// Where it is.
    pub pointer: String,
    /// Its title (`what` for a reporting obligation; "" when it has none).
    pub title: String,
}

/// Item `id` of the plan, with its title.
pub fn find_item(plan: &Value, id: &str) -> Option<FoundItem> {
    let (kind, pointer) = locate(plan, id)?;
    let object = plan.pointer(&pointer)?;
    let title = object
        .get("title")
        .or(object.get("what"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Some(FoundItem {
        kind,
        pointer,
        title,
    })
}

fn unknown(id: &str, lang: Lang) -> EditProblem {
    ServeMsg::UnknownItem.fill(lang, &[("id", &id)])
}

/// One field to set: of `item` (None: the plan's own), to `new` (None:
/// emptied), where the editor saw `was` (None: absent).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldEdit<'a> {
    /// The item's id; None for the plan's own fields.
    pub item: Option<&'a str>,
    /// The field's name in the file.
    pub field: &'a str,
    /// The value the editor saw.
    pub was: Option<Value>,
    /// The value wanted; None: emptied.
    pub new: Option<Value>,
    /// A required field emptied is set to "" (validation then says so); an
    /// optional one is removed.
    pub required: bool,
}

/// A field someone else changed since the editor saw it: nothing was set.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The item (None: the plan's own field).
    pub item: Option<String>,
    /// The field.
    pub field: String,
    /// Its value now.
    pub now: Option<Value>,
}

/// What setting a field came to.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSet {
    /// The field holds the new value now.
    Set,
    /// Nothing to do: the value is what the editor saw, or already the new one.
    Unchanged,
    /// The field changed since the editor saw it; left as it is.
    Conflict(Conflict),
}

/// Sets one field with the three-way check: only where the plan still
/// holds what the editor saw. A value typed as the tool shows it ("uge 12",
/// "efterår 2024", "udført") is read as the setters read it, against the
/// item's phase.
pub fn set_field(plan: &mut Value, edit: &FieldEdit, lang: Lang) -> Result<FieldSet, EditProblem> {
    let pointer = match edit.item {
        Some(id) => locate(plan, id)
            .map(|(_, pointer)| pointer)
            .ok_or_else(|| unknown(id, lang))?,
        None => String::new(),
    };
    let current = plan
        .pointer(&pointer)
        .and_then(|item| item.get(edit.field))
        .cloned();
    let absent = |value: &Option<Value>| value.clone().filter(|v| !v.is_null());
    let (was, new, current) = (absent(&edit.was), absent(&edit.new), absent(&current));
    if new == was || new == current {
        return Ok(FieldSet::Unchanged);
    }
    // A plan without a language speaks Danish: choosing Danish is no change.
    if edit.item.is_none()
        && edit.field == "language"
        && was.is_none()
        && new == Some(Value::String("da".into()))
    {
        return Ok(FieldSet::Unchanged);
    }
    if current != was {
        return Ok(FieldSet::Conflict(Conflict {
            item: edit.item.map(str::to_string),
            field: edit.field.to_string(),
            now: current,
        }));
    }
    let mut target: Vec<String> = edit.item.map(str::to_string).into_iter().collect();
    target.push(edit.field.to_string());
    let op = match new {
        Some(value) => SetOp::Set(value.to_string()),
        None if edit.required => SetOp::Set("\"\"".to_string()),
        None => SetOp::Remove,
    };
    let setter = Setter {
        target,
        op,
        raw: String::new(),
    };
    apply_setter(plan, &setter, lang).map_err(|error| error.message)?;
    Ok(FieldSet::Set)
}

/// Removes item `id` (and, for a phase, its activities).
pub fn remove_item(plan: &mut Value, id: &str, lang: Lang) -> Result<(), EditProblem> {
    let setter = Setter {
        target: vec![id.to_string()],
        op: SetOp::Remove,
        raw: String::new(),
    };
    apply_setter(plan, &setter, lang).map_err(|error| error.message)
}

/// Moves item `id` one place up (`-1`) or down (`1`) in its list; at
/// either end it stays where it is.
pub fn move_item(plan: &mut Value, id: &str, by: isize, lang: Lang) -> Result<(), EditProblem> {
    let (_, pointer) = locate(plan, id).ok_or_else(|| unknown(id, lang))?;
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

/// A new item as typed: what it is, and its fields as text (empty: not
/// given).
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    /// An activity, a phase, a milestone or a reporting obligation.
    pub kind: Kind,
    /// For an activity: the phase it goes in.
    pub phase: String,
    /// Its fields by name (`title`, `what`, `status`, `owner`, `due`,
    /// `period`, `date`, `to`), as typed.
    pub fields: Vec<(String, String)>,
}

impl NewItem {
    /// Field `name` as typed, trimmed ("" when not given).
    pub fn text(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_string())
            .unwrap_or_default()
    }

    /// The field that holds its title: `what` for a reporting obligation.
    pub fn title_field(&self) -> &'static str {
        if self.kind == Kind::Reporting {
            "what"
        } else {
            "title"
        }
    }

    /// Its title, trimmed.
    pub fn title(&self) -> String {
        self.text(self.title_field())
    }
}

/// Builds the item `new` describes and adds it to `plan`; returns its new
/// id. Its dates are read as the edit form reads them: "uge 12" in a
/// phase's activity takes the phase's year.
pub fn add_item(plan: &mut Value, new: &NewItem, lang: Lang) -> Result<String, EditProblem> {
    let title = new.title();
    let item_id = new_id(plan, &title);
    let mut item = Map::new();
    item.insert("id".into(), Value::String(item_id.clone()));
    let text = |name: &str| Value::String(new.text(name));
    // Dates are set after the item is in its place, so that they are read
    // against it (its phase) as a field set in the edit form is.
    let mut dates: Vec<&str> = Vec::new();
    let target = match new.kind {
        Kind::Subtask => {
            item.insert("title".into(), Value::String(title));
            let status = new.text("status");
            item.insert(
                "status".into(),
                Value::String(if status.is_empty() {
                    "planned".into()
                } else {
                    status
                }),
            );
            if !new.text("owner").is_empty() {
                item.insert("owner".into(), text("owner"));
            }
            if !new.text("due").is_empty() {
                dates.push("due");
            }
            vec![new.phase.clone(), "subtasks".to_string()]
        }
        Kind::Phase => {
            item.insert("title".into(), Value::String(title));
            item.insert("period".into(), text("period"));
            dates.push("period");
            item.insert("subtasks".into(), Value::Array(Vec::new()));
            vec!["phases".to_string()]
        }
        Kind::Milestone => {
            item.insert("title".into(), Value::String(title));
            item.insert("date".into(), text("date"));
            dates.push("date");
            vec!["milestones".to_string()]
        }
        Kind::Reporting | Kind::Plan => {
            item.insert("what".into(), Value::String(title));
            item.insert("to".into(), text("to"));
            item.insert("due".into(), text("due"));
            dates.push("due");
            item.insert("status".into(), Value::String("planned".into()));
            vec!["reporting".to_string()]
        }
    };
    let mut changed = plan.clone();
    let append = Setter {
        target,
        op: SetOp::Append(Value::Object(item).to_string()),
        raw: String::new(),
    };
    apply_setter(&mut changed, &append, lang).map_err(|e| e.message)?;
    for name in dates {
        let typed = new.text(name);
        if typed.is_empty() {
            continue;
        }
        let set = Setter {
            target: vec![item_id.clone(), name.to_string()],
            op: SetOp::Set(Value::String(typed).to_string()),
            raw: String::new(),
        };
        apply_setter(&mut changed, &set, lang).map_err(|e| e.message)?;
    }
    *plan = changed;
    Ok(item_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan() -> Value {
        json!({
            "id": "p",
            "title": "Plan",
            "phases": [
                {"id": "fase-1", "title": "Fase 1", "period": "2027-H1", "subtasks": [
                    {"id": "a", "title": "A", "status": "planned"},
                    {"id": "b", "title": "B", "status": "planned", "owner": "Anna"},
                ]},
                {"id": "fase-2", "title": "Fase 2", "period": "2028", "subtasks": []},
            ],
        })
    }

    fn edit<'a>(item: &'a str, field: &'a str, was: Value, new: Value) -> FieldEdit<'a> {
        FieldEdit {
            item: Some(item),
            field,
            was: Some(was),
            new: Some(new),
            required: true,
        }
    }

    #[test]
    fn a_field_is_set_only_where_it_still_holds_what_the_editor_saw() {
        let mut plan = plan();
        let set = set_field(
            &mut plan,
            &edit("a", "status", json!("planned"), json!("done")),
            Lang::Da,
        );
        assert_eq!(set, Ok(FieldSet::Set));
        assert_eq!(
            plan.pointer("/phases/0/subtasks/0/status"),
            Some(&json!("done"))
        );

        // Someone else set it to done; this editor saw planned and wants blocked.
        let conflict = set_field(
            &mut plan,
            &edit("a", "status", json!("planned"), json!("blocked")),
            Lang::Da,
        );
        assert_eq!(
            conflict,
            Ok(FieldSet::Conflict(Conflict {
                item: Some("a".into()),
                field: "status".into(),
                now: Some(json!("done")),
            }))
        );
        assert_eq!(
            plan.pointer("/phases/0/subtasks/0/status"),
            Some(&json!("done"))
        );

        // Both want the same: nothing to do, no conflict.
        let same = set_field(
            &mut plan,
            &edit("a", "status", json!("planned"), json!("done")),
            Lang::Da,
        );
        assert_eq!(same, Ok(FieldSet::Unchanged));
    }

    #[test]
    fn an_emptied_field_is_removed_unless_it_is_required() {
        let mut plan = plan();
        let mut owner = edit("b", "owner", json!("Anna"), json!(null));
        owner.new = None;
        owner.required = false;
        assert_eq!(set_field(&mut plan, &owner, Lang::Da), Ok(FieldSet::Set));
        assert_eq!(plan.pointer("/phases/0/subtasks/1/owner"), None);
        let mut title = edit("b", "title", json!("B"), json!(null));
        title.new = None;
        assert_eq!(set_field(&mut plan, &title, Lang::Da), Ok(FieldSet::Set));
        assert_eq!(plan.pointer("/phases/0/subtasks/1/title"), Some(&json!("")));
    }

    #[test]
    fn a_week_without_its_year_is_read_against_the_phase() {
        let mut plan = plan();
        let due = FieldEdit {
            was: None,
            ..edit("a", "due", json!(null), json!("uge 12"))
        };
        assert_eq!(set_field(&mut plan, &due, Lang::Da), Ok(FieldSet::Set));
        assert_eq!(
            plan.pointer("/phases/0/subtasks/0/due"),
            Some(&json!("2027-W12"))
        );
    }

    #[test]
    fn an_unknown_item_is_a_problem_in_words() {
        let mut plan = plan();
        let problem = set_field(
            &mut plan,
            &edit("x", "status", json!("planned"), json!("done")),
            Lang::En,
        );
        assert!(problem.is_err_and(|text| text.contains("x")));
        assert!(remove_item(&mut plan, "x", Lang::En).is_err());
        assert!(move_item(&mut plan, "x", 1, Lang::En).is_err());
    }

    #[test]
    fn items_move_within_their_list_and_stay_at_its_ends() {
        let mut plan = plan();
        move_item(&mut plan, "a", 1, Lang::Da).unwrap();
        assert_eq!(plan.pointer("/phases/0/subtasks/1/id"), Some(&json!("a")));
        move_item(&mut plan, "a", 1, Lang::Da).unwrap();
        assert_eq!(plan.pointer("/phases/0/subtasks/1/id"), Some(&json!("a")));
        move_item(&mut plan, "fase-2", -1, Lang::Da).unwrap();
        assert_eq!(plan.pointer("/phases/0/id"), Some(&json!("fase-2")));
    }

    #[test]
    fn a_removed_phase_takes_its_activities_with_it() {
        let mut plan = plan();
        remove_item(&mut plan, "b", Lang::Da).unwrap();
        assert_eq!(locate(&plan, "b"), None);
        remove_item(&mut plan, "fase-1", Lang::Da).unwrap();
        assert_eq!(locate(&plan, "a"), None);
        assert_eq!(
            locate(&plan, "fase-2"),
            Some((Kind::Phase, "/phases/0".into()))
        );
    }

    #[test]
    fn a_new_item_gets_an_id_of_its_own_and_its_dates_read_in_its_phase() {
        let mut plan = plan();
        let new = NewItem {
            kind: Kind::Subtask,
            phase: "fase-1".into(),
            fields: vec![
                ("title".into(), " A ".into()),
                ("owner".into(), "".into()),
                ("due".into(), "uge 12".into()),
            ],
        };
        let id = add_item(&mut plan, &new, Lang::Da).unwrap();
        assert_eq!(id, "a-2");
        assert_eq!(
            plan.pointer("/phases/0/subtasks/2"),
            Some(&json!({"id": "a-2", "title": "A", "status": "planned", "due": "2027-W12"}))
        );
        let milestone = NewItem {
            kind: Kind::Milestone,
            phase: String::new(),
            fields: vec![
                ("title".into(), "Møde".into()),
                ("date".into(), "snart".into()),
            ],
        };
        assert_eq!(add_item(&mut plan, &milestone, Lang::Da).unwrap(), "moede");
        assert_eq!(plan.pointer("/milestones/0/date"), Some(&json!("snart")));
        let lost = NewItem {
            phase: "ingen".into(),
            ..new
        };
        let before = plan.clone();
        assert!(add_item(&mut plan, &lost, Lang::Da).is_err());
        assert_eq!(plan, before);
    }

    #[test]
    fn an_item_is_found_with_its_kind_place_and_title() {
        let plan = plan();
        let found = find_item(&plan, "b").unwrap();
        assert_eq!(
            found,
            FoundItem {
                kind: Kind::Subtask,
                pointer: "/phases/0/subtasks/1".into(),
                title: "B".into(),
            }
        );
        assert_eq!(find_item(&plan, "fase-2").unwrap().title, "Fase 2");
        assert_eq!(find_item(&plan, "x"), None);
    }

    #[test]
    fn new_ids_are_made_from_titles_and_never_taken() {
        let plan = json!({"id": "p", "phases": [{"id": "moede-med-ledelsen", "subtasks": []}]});
        assert_eq!(new_id(&plan, "Møde med ledelsen"), "moede-med-ledelsen-2");
        assert_eq!(new_id(&plan, "Årshjul 2025!"), "aarshjul-2025");
        assert_eq!(new_id(&plan, "!!!"), "punkt");
    }
}
