//! Applying a list of changes to a plan's JSON, keeping every list's order
//! (see the order rules in [`super`]).

use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use super::{
    Change, ITEM_LISTS, ItemKind, PHASE_FIELD, POSITION_FIELD, VALUE_CHARS, compact, cut,
    field_names, present,
};
use crate::i18n::{DiffMsg, Lang, Message};

/// Why changes cannot be applied to a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyError {
    /// The plan is not a JSON object with the lists of a plan.
    NotAPlan,
    /// Part of the plan does not have the expected shape.
    Malformed {
        /// JSON pointer to the part.
        pointer: String,
    },
    /// No item of that kind has this id.
    NoSuchItem {
        /// The id.
        id: String,
        /// The kind of item looked for.
        kind: ItemKind,
    },
    /// An item to add already exists.
    AlreadyExists {
        /// The id.
        id: String,
    },
    /// A subtask is to go into a phase that does not exist.
    NoSuchPhase {
        /// The phase's id.
        id: String,
    },
    /// A phase to remove still has subtasks.
    PhaseNotEmpty {
        /// The phase's id.
        id: String,
        /// The ids of its subtasks.
        subtasks: Vec<String>,
    },
    /// The plan does not hold the value the change expects before it.
    Conflict {
        /// The item; `None` for a plan field.
        item: Option<String>,
        /// The field; `None` for a whole item.
        field: Option<String>,
        /// What the change expected.
        expected: Option<Box<Value>>,
        /// What the plan holds.
        found: Option<Box<Value>>,
    },
    /// A change lacks an id or a value it needs.
    Incomplete {
        /// The item, when known.
        item: Option<String>,
        /// The field, when known.
        field: Option<String>,
    },
}

impl ApplyError {
    /// The error as a plain sentence in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let shown = |value: &Option<Box<Value>>| match present(value.as_deref()) {
            Some(value) => cut(&compact(value), VALUE_CHARS, lang),
            None => DiffMsg::NoValue.get(lang),
        };
        match self {
            ApplyError::NotAPlan => DiffMsg::ErrNotAPlan.get(lang),
            ApplyError::Malformed { pointer } => {
                DiffMsg::ErrMalformed.fill(lang, &[("pointer", pointer)])
            }
            ApplyError::NoSuchItem { id, .. } => DiffMsg::ErrNoSuchItem.fill(lang, &[("id", id)]),
            ApplyError::AlreadyExists { id } => DiffMsg::ErrAlreadyExists.fill(lang, &[("id", id)]),
            ApplyError::NoSuchPhase { id } => DiffMsg::ErrNoSuchPhase.fill(lang, &[("id", id)]),
            ApplyError::PhaseNotEmpty { id, subtasks } => DiffMsg::ErrPhaseNotEmpty.fill(
                lang,
                &[
                    ("id", id),
                    (
                        "subtasks",
                        &subtasks.join(&DiffMsg::ListSeparator.get(lang)),
                    ),
                ],
            ),
            ApplyError::Conflict {
                item,
                field,
                expected,
                found,
            } => {
                let (expected, found) = (shown(expected), shown(found));
                match (item, field) {
                    (None, Some(field)) => DiffMsg::ErrConflictPlanField.fill(
                        lang,
                        &[("field", field), ("expected", &expected), ("found", &found)],
                    ),
                    (Some(id), Some(field)) => DiffMsg::ErrConflictField.fill(
                        lang,
                        &[
                            ("field", field),
                            ("id", id),
                            ("expected", &expected),
                            ("found", &found),
                        ],
                    ),
                    (item, None) => DiffMsg::ErrConflictItem
                        .fill(lang, &[("id", &item.as_deref().unwrap_or_default())]),
                }
            }
            ApplyError::Incomplete { item, field } => {
                let what = [item.as_deref(), field.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(".");
                DiffMsg::ErrIncomplete.fill(lang, &[("what", &what)])
            }
        }
    }
}

impl fmt::Display for ApplyError {
    /// The message in Danish, the default language; use
    /// [`ApplyError::message`] to choose.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::default()))
    }
}

impl std::error::Error for ApplyError {}

/// Where an item stands in a plan value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Loc {
    Phase(usize),
    Subtask(usize, usize),
    Milestone(usize),
    Reporting(usize),
}

/// A plan as JSON, being changed.
struct Doc {
    root: Map<String, Value>,
}

fn object_id(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

impl Doc {
    fn list(&self, key: &str) -> &[Value] {
        self.root
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn list_mut(&mut self, key: &str) -> Result<&mut Vec<Value>, ApplyError> {
        if !self.root.contains_key(key) {
            insert_ordered(
                &mut self.root,
                key,
                Value::Array(Vec::new()),
                order_of(ItemKind::Plan),
            );
        }
        let value = self.root.get_mut(key).ok_or(ApplyError::NotAPlan)?;
        value.as_array_mut().ok_or_else(|| ApplyError::Malformed {
            pointer: format!("/{key}"),
        })
    }

    fn subtasks(&self, phase: usize) -> &[Value] {
        self.list("phases")
            .get(phase)
            .and_then(|phase| phase.get("subtasks"))
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    fn subtasks_mut(&mut self, phase: usize) -> Result<&mut Vec<Value>, ApplyError> {
        let malformed = || ApplyError::Malformed {
            pointer: format!("/phases/{phase}/subtasks"),
        };
        let object = self
            .list_mut("phases")?
            .get_mut(phase)
            .and_then(Value::as_object_mut)
            .ok_or_else(malformed)?;
        object
            .entry("subtasks")
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .ok_or_else(malformed)
    }

    fn phase_index(&self, id: &str) -> Option<usize> {
        self.list("phases")
            .iter()
            .position(|phase| object_id(phase) == Some(id))
    }

    fn locate(&self, kind: ItemKind, id: &str) -> Option<Loc> {
        let find = |list: &[Value]| list.iter().position(|item| object_id(item) == Some(id));
        match kind {
            ItemKind::Plan => None,
            ItemKind::Phase => self.phase_index(id).map(Loc::Phase),
            ItemKind::Subtask => (0..self.list("phases").len()).find_map(|phase| {
                find(self.subtasks(phase)).map(|index| Loc::Subtask(phase, index))
            }),
            ItemKind::Milestone => find(self.list("milestones")).map(Loc::Milestone),
            ItemKind::Reporting => find(self.list("reporting")).map(Loc::Reporting),
        }
    }

    fn exists(&self, id: &str) -> bool {
        [
            ItemKind::Phase,
            ItemKind::Subtask,
            ItemKind::Milestone,
            ItemKind::Reporting,
        ]
        .into_iter()
        .any(|kind| self.locate(kind, id).is_some())
    }

    fn get(&self, loc: Loc) -> Option<&Value> {
        match loc {
            Loc::Phase(index) => self.list("phases").get(index),
            Loc::Subtask(phase, index) => self.subtasks(phase).get(index),
            Loc::Milestone(index) => self.list("milestones").get(index),
            Loc::Reporting(index) => self.list("reporting").get(index),
        }
    }

    /// The list holding `loc`, and its index there.
    fn holder_mut(&mut self, loc: Loc) -> Result<(&mut Vec<Value>, usize), ApplyError> {
        Ok(match loc {
            Loc::Phase(index) => (self.list_mut("phases")?, index),
            Loc::Subtask(phase, index) => (self.subtasks_mut(phase)?, index),
            Loc::Milestone(index) => (self.list_mut("milestones")?, index),
            Loc::Reporting(index) => (self.list_mut("reporting")?, index),
        })
    }

    fn take(&mut self, loc: Loc) -> Result<Value, ApplyError> {
        let (list, index) = self.holder_mut(loc)?;
        if index < list.len() {
            Ok(list.remove(index))
        } else {
            Err(ApplyError::Malformed {
                pointer: pointer(loc),
            })
        }
    }

    fn object_mut(&mut self, loc: Loc) -> Result<&mut Map<String, Value>, ApplyError> {
        let (list, index) = self.holder_mut(loc)?;
        list.get_mut(index)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| ApplyError::Malformed {
                pointer: pointer(loc),
            })
    }

    fn find(&self, change: &Change) -> Result<(String, Loc), ApplyError> {
        let id = item_id(change)?;
        let loc = self
            .locate(change.kind, &id)
            .ok_or_else(|| ApplyError::NoSuchItem {
                id: id.clone(),
                kind: change.kind,
            })?;
        Ok((id, loc))
    }
}

fn pointer(loc: Loc) -> String {
    match loc {
        Loc::Phase(index) => format!("/phases/{index}"),
        Loc::Subtask(phase, index) => format!("/phases/{phase}/subtasks/{index}"),
        Loc::Milestone(index) => format!("/milestones/{index}"),
        Loc::Reporting(index) => format!("/reporting/{index}"),
    }
}

fn item_id(change: &Change) -> Result<String, ApplyError> {
    change.item.clone().ok_or_else(|| ApplyError::Incomplete {
        item: None,
        field: change.field.clone(),
    })
}

/// Whether an item as it stands (`found`) is the item a change expects
/// (`expected`): field by field, absent, `null` and `[]` alike; a phase's
/// subtasks are not compared.
fn same_item(found: &Value, expected: &Value) -> bool {
    match (found.as_object(), expected.as_object()) {
        (Some(found), Some(expected)) => {
            field_names(&[], &["subtasks"], Some(found), Some(expected))
                .into_iter()
                .all(|name| present(found.get(name)) == present(expected.get(name)))
        }
        _ => found == expected,
    }
}

/// The order of the fields of each kind of object, as the plan types
/// serialize them: a new field goes in its place, not at the end.
fn order_of(kind: ItemKind) -> &'static [&'static str] {
    match kind {
        ItemKind::Plan => &[
            "$schema",
            "format",
            "id",
            "title",
            "language",
            "unit",
            "owner",
            "situation",
            "main_task",
            "intent",
            "core_task",
            "notes",
            "phases",
            "milestones",
            "reporting",
        ],
        ItemKind::Phase => &[
            "id",
            "title",
            "goal",
            "planned_by",
            "period",
            "depends_on",
            "subtasks",
        ],
        ItemKind::Subtask => &[
            "id",
            "title",
            "status",
            "owner",
            "due",
            "notes",
            "questions",
            "communities",
            "imbalances",
        ],
        ItemKind::Milestone => &["id", "title", "date"],
        ItemKind::Reporting => &["id", "what", "to", "due", "status", "by", "after"],
    }
}

/// Sets `name` to `value`: in place when the field exists, else before the
/// first field that comes after it in `order` (at the end when none does or
/// the name is unknown).
fn insert_ordered(object: &mut Map<String, Value>, name: &str, value: Value, order: &[&str]) {
    if let Some(slot) = object.get_mut(name) {
        *slot = value;
        return;
    }
    let rank = |key: &str| order.iter().position(|known| *known == key);
    let Some(own) = rank(name) else {
        object.insert(name.to_string(), value);
        return;
    };
    let comes_later = |key: &str| rank(key).is_some_and(|other| other > own);
    if !object.keys().any(|key| comes_later(key)) {
        object.insert(name.to_string(), value);
        return;
    }
    let mut value = Some(value);
    for (key, existing) in std::mem::take(object) {
        if comes_later(&key)
            && let Some(value) = value.take()
        {
            object.insert(name.to_string(), value);
        }
        object.insert(key, existing);
    }
}

/// Sets a field in its place, or removes it (keeping the order of the
/// others) when the new value is absent.
fn set_field(object: &mut Map<String, Value>, name: &str, value: Option<&Value>, order: &[&str]) {
    match present(value) {
        Some(value) => insert_ordered(object, name, value.clone(), order),
        None => {
            object.shift_remove(name);
        }
    }
}

/// Checks that a field holds what the change expects, then sets it.
fn change_field(
    object: &mut Map<String, Value>,
    item: Option<&str>,
    change: &Change,
    name: &str,
) -> Result<(), ApplyError> {
    let found = present(object.get(name));
    if found != present(change.before.as_ref()) {
        return Err(ApplyError::Conflict {
            item: item.map(str::to_string),
            field: Some(name.to_string()),
            expected: change.before.clone().map(Box::new),
            found: found.cloned().map(Box::new),
        });
    }
    set_field(object, name, change.after.as_ref(), order_of(change.kind));
    Ok(())
}

/// Applies `changes` (as [`diff`] or [`invert`] gives them, in that order) to
/// a plan given as JSON, and returns the new plan.
///
/// Each change must find what it expects: a changed field must hold its
/// `before` value, a removed item must be as it was, an added item must not
/// exist yet; otherwise the plan has changed since and the result is
/// [`ApplyError::Conflict`] (or another error), and nothing is returned.
/// Positions are not checked: they place items, clamped to the list's length.
/// A change that removes the whole plan gives `Value::Null`.
pub fn apply(plan: &Value, changes: &[Change]) -> Result<Value, ApplyError> {
    if let Some(whole) = changes
        .iter()
        .find(|change| change.kind == ItemKind::Plan && change.field.is_none())
    {
        return Ok(whole.after.clone().unwrap_or(Value::Null));
    }
    let root = plan.as_object().cloned().ok_or(ApplyError::NotAPlan)?;
    for list in ITEM_LISTS {
        if root.get(*list).is_some_and(|value| !value.is_array()) {
            return Err(ApplyError::NotAPlan);
        }
    }
    let mut doc = Doc { root };
    let field_of = |change: &Change| change.field.as_deref().map(str::to_string);

    // 1. Fields of the plan and of items.
    for change in changes {
        let Some(name) = change.field.as_deref() else {
            continue;
        };
        if (name == PHASE_FIELD && change.kind == ItemKind::Subtask) || name == POSITION_FIELD {
            continue;
        }
        if change.kind == ItemKind::Plan {
            change_field(&mut doc.root, None, change, name)?;
        } else {
            let (id, loc) = doc.find(change)?;
            change_field(doc.object_mut(loc)?, Some(&id), change, name)?;
        }
    }

    // 2. Removed items other than phases; 3. subtasks leaving their phase.
    let mut moving: HashMap<String, Value> = HashMap::new();
    for change in changes {
        let removed = change.field.is_none() && change.after.is_none();
        let leaving = change.kind == ItemKind::Subtask
            && change.field.as_deref() == Some(PHASE_FIELD)
            && change.after != change.before;
        if !((removed && change.kind != ItemKind::Phase) || leaving) {
            continue;
        }
        let (id, loc) = doc.find(change)?;
        if leaving {
            let from = change.before.as_ref().and_then(Value::as_str);
            let in_phase = match loc {
                Loc::Subtask(phase, _) => doc.list("phases").get(phase).and_then(object_id),
                _ => None,
            };
            if in_phase != from {
                return Err(ApplyError::Conflict {
                    item: Some(id),
                    field: field_of(change),
                    expected: change.before.clone().map(Box::new),
                    found: in_phase.map(|phase| Box::new(Value::String(phase.to_string()))),
                });
            }
            let value = doc.take(loc)?;
            moving.insert(id, value);
        } else {
            check_item(&doc, loc, &id, change)?;
            doc.take(loc)?;
        }
    }

    // 4. Removed phases, which must be empty by now.
    for change in changes {
        if change.kind != ItemKind::Phase || change.field.is_some() || change.after.is_some() {
            continue;
        }
        let (id, loc) = doc.find(change)?;
        check_item(&doc, loc, &id, change)?;
        if let Loc::Phase(index) = loc {
            let left: Vec<String> = doc
                .subtasks(index)
                .iter()
                .filter_map(|subtask| object_id(subtask).map(str::to_string))
                .collect();
            if !left.is_empty() {
                return Err(ApplyError::PhaseNotEmpty { id, subtasks: left });
            }
        }
        doc.take(loc)?;
    }

    // 5. Added items and subtasks entering a phase, appended in order; phases
    // first, since subtasks may go into them.
    let (phases, others): (Vec<&Change>, Vec<&Change>) = changes
        .iter()
        .partition(|change| change.kind == ItemKind::Phase);
    for change in phases.into_iter().chain(others) {
        let added = change.field.is_none() && change.before.is_none();
        let entering = change.kind == ItemKind::Subtask
            && change.field.as_deref() == Some(PHASE_FIELD)
            && change.after != change.before;
        if added {
            let id = item_id(change)?;
            let Some(mut value) = change.after.clone() else {
                continue;
            };
            if doc.exists(&id) {
                return Err(ApplyError::AlreadyExists { id });
            }
            match change.kind {
                ItemKind::Plan => {}
                ItemKind::Phase => {
                    if let Some(object) = value.as_object_mut() {
                        object
                            .entry("subtasks")
                            .or_insert_with(|| Value::Array(Vec::new()));
                    }
                    doc.list_mut("phases")?.push(value);
                }
                ItemKind::Subtask => {
                    let phase = change.phase.clone().ok_or(ApplyError::Incomplete {
                        item: Some(id),
                        field: None,
                    })?;
                    let index = doc
                        .phase_index(&phase)
                        .ok_or(ApplyError::NoSuchPhase { id: phase })?;
                    doc.subtasks_mut(index)?.push(value);
                }
                ItemKind::Milestone => doc.list_mut("milestones")?.push(value),
                ItemKind::Reporting => doc.list_mut("reporting")?.push(value),
            }
        } else if entering {
            let id = item_id(change)?;
            let to = change
                .after
                .as_ref()
                .and_then(Value::as_str)
                .ok_or_else(|| ApplyError::Incomplete {
                    item: Some(id.clone()),
                    field: field_of(change),
                })?;
            let index = doc
                .phase_index(to)
                .ok_or_else(|| ApplyError::NoSuchPhase { id: to.to_string() })?;
            let value = moving.remove(&id).ok_or_else(|| ApplyError::NoSuchItem {
                id: id.clone(),
                kind: change.kind,
            })?;
            doc.subtasks_mut(index)?.push(value);
        }
    }

    // 6. Positions: take the placed items out, put them back in order.
    let mut placed: Vec<(usize, Loc, String)> = Vec::new();
    for change in changes {
        if change.field.as_deref() != Some(POSITION_FIELD) {
            continue;
        }
        let Some(target) = change.after.as_ref() else {
            continue;
        };
        let target = target
            .as_u64()
            .and_then(|target| usize::try_from(target).ok())
            .ok_or_else(|| ApplyError::Incomplete {
                item: change.item.clone(),
                field: field_of(change),
            })?;
        let (id, loc) = doc.find(change)?;
        placed.push((target, loc, id));
    }
    // Take out from the back (subtasks before phases), so that the other
    // locations stay valid; remember each item's list by name, since phases
    // move too.
    placed.sort_by_key(|(_, loc, _)| std::cmp::Reverse(loc_order(*loc)));
    let mut taken: Vec<(usize, Home, Value)> = Vec::new();
    for (target, loc, _) in placed {
        let home = match loc {
            Loc::Phase(_) => Home::Phases,
            Loc::Subtask(phase, _) => Home::Subtasks(
                doc.list("phases")
                    .get(phase)
                    .and_then(object_id)
                    .unwrap_or_default()
                    .to_string(),
            ),
            Loc::Milestone(_) => Home::Milestones,
            Loc::Reporting(_) => Home::Reporting,
        };
        let value = doc.take(loc)?;
        taken.push((target, home, value));
    }
    // Put back phases first (subtasks go into them), each list in ascending
    // order of place: each item lands where it belongs.
    taken.sort_by_key(|(target, home, _)| (!matches!(home, Home::Phases), *target));
    for (target, home, value) in taken {
        let list = match &home {
            Home::Phases => doc.list_mut("phases")?,
            Home::Subtasks(phase) => {
                let index = doc
                    .phase_index(phase)
                    .ok_or_else(|| ApplyError::NoSuchPhase { id: phase.clone() })?;
                doc.subtasks_mut(index)?
            }
            Home::Milestones => doc.list_mut("milestones")?,
            Home::Reporting => doc.list_mut("reporting")?,
        };
        let at = target.min(list.len());
        list.insert(at, value);
    }

    if doc.list("milestones").is_empty() {
        doc.root.shift_remove("milestones");
    }
    Ok(Value::Object(doc.root))
}

/// Checks that a removed item is as the change expects.
fn check_item(doc: &Doc, loc: Loc, id: &str, change: &Change) -> Result<(), ApplyError> {
    let found = doc.get(loc);
    match (found, change.before.as_ref()) {
        (Some(found), Some(expected)) if same_item(found, expected) => Ok(()),
        (found, _) => Err(ApplyError::Conflict {
            item: Some(id.to_string()),
            field: None,
            expected: change.before.clone().map(Box::new),
            found: found.cloned().map(Box::new),
        }),
    }
}

/// Orders locations so that taking items out in reverse keeps the others valid.
fn loc_order(loc: Loc) -> (u8, usize, usize) {
    match loc {
        Loc::Phase(index) => (0, index, 0),
        Loc::Subtask(phase, index) => (1, phase, index),
        Loc::Milestone(index) => (2, index, 0),
        Loc::Reporting(index) => (3, index, 0),
    }
}

/// The list an item is put back into, by name.
enum Home {
    Phases,
    Subtasks(String),
    Milestones,
    Reporting,
}
