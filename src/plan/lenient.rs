//! Reading a plan that breaks the schema well enough to check its rules too.
//!
//! When a file has schema problems, the rules (unique ids, dependencies,
//! periods…) should still be checked, so that one run reports every problem.
//! [`repair`] replaces each value the schema rejects by a harmless stand-in
//! and records where; findings of the rules at those places are dropped, as
//! are warnings, which are worth reading only once the errors are fixed.

use jsonschema::error::ValidationErrorKind;
use serde_json::{Value, json};

use crate::plan::model::Plan;
use crate::plan::schema;
use crate::plan::source::pointer_segment;

/// The repaired plan and the pointers that were changed to get it.
pub struct Repaired {
    /// The plan with stand-ins for what the schema rejected.
    pub plan: Plan,
    /// Where stand-ins were put (findings at or below these are not real).
    pub touched: Vec<String>,
}

impl Repaired {
    /// Whether a finding at `pointer` concerns a stand-in.
    pub fn is_touched(&self, pointer: &str) -> bool {
        self.touched.iter().any(|t| {
            pointer == t
                || pointer
                    .strip_prefix(t.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// Repairs `value` until the schema accepts it (a few rounds at most).
pub fn repair(value: &Value) -> Option<Repaired> {
    let mut value = value.clone();
    let mut touched = Vec::new();
    let validator = schema::validator();
    for _ in 0..4 {
        let errors: Vec<(String, Fix)> = validator
            .iter_errors(&value)
            .map(|error| {
                (
                    error.instance_path().as_str().to_string(),
                    Fix::for_kind(error.kind()),
                )
            })
            .collect();
        if errors.is_empty() {
            break;
        }
        // Deepest first, so that removing an array element does not move a later fix.
        let mut errors = errors;
        errors.sort_by(|a, b| b.0.cmp(&a.0));
        for (pointer, fix) in errors {
            apply(&mut value, &pointer, fix, &mut touched)?;
        }
    }
    let plan = serde_json::from_value::<Plan>(value).ok()?;
    Some(Repaired { plan, touched })
}

enum Fix {
    RemoveFields(Vec<String>),
    AddField(String),
    Replace,
}

impl Fix {
    fn for_kind(kind: &ValidationErrorKind) -> Fix {
        match kind {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                Fix::RemoveFields(unexpected.clone())
            }
            ValidationErrorKind::Required { property } => {
                Fix::AddField(property.as_str().unwrap_or_default().to_string())
            }
            _ => Fix::Replace,
        }
    }
}

fn apply(value: &mut Value, pointer: &str, fix: Fix, touched: &mut Vec<String>) -> Option<()> {
    match fix {
        Fix::RemoveFields(names) => {
            let object = value.pointer_mut(pointer)?.as_object_mut()?;
            for name in names {
                object.remove(&name);
                touched.push(format!("{pointer}/{}", pointer_segment(&name)));
            }
        }
        Fix::AddField(name) => {
            let stand_in = stand_in(&name, touched.len());
            value
                .pointer_mut(pointer)?
                .as_object_mut()?
                .insert(name.clone(), stand_in);
            touched.push(pointer.to_string());
        }
        Fix::Replace => {
            if pointer.is_empty() {
                return None;
            }
            let (parent, last) = pointer.rsplit_once('/')?;
            let field = if last.chars().all(|c| c.is_ascii_digit()) {
                // An element of a list: named after the list.
                format!("{}[]", parent.rsplit('/').next().unwrap_or_default())
            } else {
                last.replace("~1", "/").replace("~0", "~")
            };
            let target = value.pointer_mut(pointer)?;
            *target = stand_in(&field, touched.len());
            touched.push(pointer.to_string());
        }
    }
    Some(())
}

/// A harmless value of the right shape for a field.
fn stand_in(field: &str, n: usize) -> Value {
    match field {
        "id" | "depends_on[]" | "after" => json!(format!("stand-in-{n}")),
        "format" => json!(1),
        "status" => json!("planned"),
        "language" => json!("da"),
        "period" | "due" | "date" | "start" | "end" => json!("2000"),
        "phases" => {
            json!([{"id": format!("stand-in-{n}"), "title": "?", "period": "2000", "subtasks": []}])
        }
        "subtasks" | "reporting" | "milestones" | "questions" | "depends_on" | "communities"
        | "imbalances" => {
            json!([])
        }
        "imbalances[]" => json!(1),
        "communities[]" => json!("task"),
        "core_task" => json!({}),
        _ => json!("?"),
    }
}
