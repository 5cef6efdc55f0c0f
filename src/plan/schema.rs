//! The JSON Schema of the plan file, generated from the types in
//! [`crate::plan::model`], and the compiled validator.
//!
//! `schemas/plan.schema.json` is this schema written out; a test fails when
//! the checked-in file differs (regenerate with
//! `cargo run -- schema > schemas/plan.schema.json`).

use std::sync::OnceLock;

use serde_json::Value;

use crate::plan::model::Plan;

/// The schema as a JSON value, generated from [`Plan`].
pub fn plan_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
        let mut schema = generator.into_root_schema_for::<Plan>().to_value();
        forbid_null(&mut schema);
        schema
    })
}

/// An optional field may be left out, but not written as `null`: removes the
/// `null` alternative schemars gives every `Option`.
fn forbid_null(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    object.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(choices)) = object.get_mut("anyOf") {
                choices.retain(|choice| choice.get("type").is_none_or(|t| t != "null"));
                if choices.len() == 1 {
                    let only = choices.remove(0);
                    object.remove("anyOf");
                    if let Value::Object(only) = only {
                        object.extend(only);
                    }
                }
            }
            object.values_mut().for_each(forbid_null);
        }
        Value::Array(items) => items.iter_mut().for_each(forbid_null),
        _ => {}
    }
}

/// The schema as the text of `schemas/plan.schema.json`.
pub fn plan_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(plan_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The compiled validator for [`plan_schema`].
pub fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::draft202012::new(plan_schema())
            .unwrap_or_else(|error| panic!("the generated plan schema does not compile: {error}"))
    })
}

/// The schema that applies at `pointer` in a plan (following `$ref`s and,
/// for a choice of shapes, the shape that is an object).
pub fn schema_at(pointer: &str) -> Option<&'static Value> {
    let root = plan_schema();
    let mut here = resolve(root, root)?;
    for segment in pointer.split('/').skip(1) {
        here = object_shape(root, here)?;
        here = if let Some(items) = here.get("items") {
            items
        } else {
            here.get("properties")?.get(segment)?
        };
        here = resolve(root, here)?;
    }
    Some(here)
}

/// The field names an object at `pointer` may have.
pub fn fields_at(pointer: &str) -> Vec<&'static str> {
    let root = plan_schema();
    schema_at(pointer)
        .and_then(|schema| object_shape(root, schema))
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The allowed values of an enumeration at `pointer`.
pub fn enum_values_at(pointer: &str) -> Vec<&'static str> {
    let root = plan_schema();
    let Some(schema) = schema_at(pointer) else {
        return Vec::new();
    };
    let mut values = Vec::new();
    if let Some(list) = schema.get("enum").and_then(Value::as_array) {
        values.extend(list.iter().filter_map(Value::as_str));
    }
    for choice in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(choice) = resolve(root, choice) {
            values.extend(choice.get("const").and_then(Value::as_str));
            for value in choice
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                values.extend(value.as_str());
            }
        }
    }
    values
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => root.pointer(reference.strip_prefix('#')?),
        None => Some(schema),
    }
}

/// A part of the plan schema with its `$ref` followed (itself when it has
/// none, or when the reference leads nowhere).
pub(crate) fn resolve_ref(schema: &'static Value) -> &'static Value {
    resolve(plan_schema(), schema).unwrap_or(schema)
}

/// The alternatives of an `anyOf`/`oneOf` schema, as written (their `$ref`s
/// not followed).
pub(crate) fn choices(schema: &Value) -> impl Iterator<Item = &Value> {
    ["anyOf", "oneOf"].into_iter().flat_map(move |keyword| {
        schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    })
}

/// For `anyOf`/`oneOf` schemas, the alternative that describes an object or array.
fn object_shape<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    if schema.get("properties").is_some() || schema.get("items").is_some() {
        return Some(schema);
    }
    for choice in choices(schema) {
        let choice = resolve(root, choice)?;
        if choice.get("properties").is_some() || choice.get("items").is_some() {
            return Some(choice);
        }
    }
    Some(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_in_schema_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/plan.schema.json");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == plan_schema_text(),
            "schemas/plan.schema.json is stale; regenerate it with \
             `cargo run -- schema > schemas/plan.schema.json`"
        );
    }

    #[test]
    fn schema_is_draft_2020_12_and_strict() {
        let schema = plan_schema();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        validator();
    }

    #[test]
    fn fields_and_enums_are_found_by_pointer() {
        assert!(fields_at("").contains(&"main_task"));
        assert!(fields_at("/phases/0/subtasks/3").contains(&"communities"));
        assert_eq!(fields_at("/phases/0/period"), vec!["start", "end"]);
        assert!(enum_values_at("/phases/0/subtasks/1/status").contains(&"in_progress"));
        assert!(enum_values_at("/phases/0/subtasks/1/communities/0").contains(&"collegial"));
    }
}
