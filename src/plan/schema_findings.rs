//! The JSON Schema check, with each violation turned into a plain sentence.

use jsonschema::JsonType;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::i18n::{Lang, Message, ValidateMsg};
use crate::plan::diagnostic::{Finding, closest, did_you_mean};
use crate::plan::model::{ID_PATTERN, PERIOD_PATTERN};
use crate::plan::period::Period;
use crate::plan::schema;
use crate::plan::source::pointer_segment;

/// Checks `value` against the plan schema; pushes one finding per violation.
pub fn check(value: &Value, lang: Lang, findings: &mut Vec<Finding>) {
    let validator = schema::validator();
    if validator.is_valid(value) {
        return;
    }
    for error in validator.iter_errors(value) {
        let pointer = error.instance_path().as_str().to_string();
        let instance = value.pointer(&pointer).unwrap_or(&Value::Null);
        translate(
            &pointer,
            instance,
            error.kind(),
            &error.to_string(),
            lang,
            findings,
        );
    }
}

/// The last segment of a pointer, as the field's name in messages.
fn field_name(pointer: &str) -> String {
    let mut segments = pointer.rsplit('/');
    let last = segments.next().unwrap_or_default();
    if last.chars().all(|c| c.is_ascii_digit()) && !last.is_empty() {
        // An array element: name it by its list, "phases[2]".
        let list = segments.next().unwrap_or_default();
        format!("{list}[{last}]")
    } else {
        last.replace("~1", "/").replace("~0", "~")
    }
}

fn is_period_field(pointer: &str) -> bool {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    matches!(last, "period" | "due" | "date")
        || (matches!(last, "start" | "end") && pointer.contains("/period/"))
}

fn translate(
    pointer: &str,
    instance: &Value,
    kind: &ValidationErrorKind,
    detail: &str,
    lang: Lang,
    findings: &mut Vec<Finding>,
) {
    let field = field_name(pointer);
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = schema::fields_at(pointer);
            for name in unexpected {
                let hint = did_you_mean(lang, name, allowed.iter().copied()).unwrap_or_else(|| {
                    ValidateMsg::AllowedFields.fill(lang, &[("fields", &allowed.join(", "))])
                });
                findings.push(
                    Finding::error(
                        "unknown-field",
                        format!("{pointer}/{}", pointer_segment(name)),
                        ValidateMsg::UnknownField.fill(lang, &[("field", name)]),
                    )
                    .with_hint(Some(hint)),
                );
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            // "subtaks" for "subtasks": the unknown field's did-you-mean says it all.
            let allowed = schema::fields_at(pointer);
            let misspelt = instance.as_object().is_some_and(|object| {
                object.keys().any(|key| {
                    !allowed.contains(&key.as_str()) && closest(key, [name]) == Some(name)
                })
            });
            if misspelt {
                return;
            }
            let example = example_for(name);
            findings.push(
                Finding::error(
                    "missing-field",
                    pointer,
                    ValidateMsg::MissingField.fill(lang, &[("field", &name)]),
                )
                .with_hint(Some(
                    ValidateMsg::MissingFieldHint
                        .fill(lang, &[("field", &name), ("example", &example)]),
                ))
                .on_value(),
            );
        }
        ValidationErrorKind::Type { kind } => {
            let expected = expected_name(kind, lang);
            let finding = if instance.is_null() {
                Finding::error(
                    "null",
                    pointer,
                    ValidateMsg::NullValue
                        .fill(lang, &[("field", &field), ("expected", &expected)]),
                )
            } else {
                Finding::error(
                    "wrong-type",
                    pointer,
                    ValidateMsg::WrongType.fill(
                        lang,
                        &[
                            ("field", &field),
                            ("expected", &expected),
                            ("actual", &type_name(instance, lang)),
                        ],
                    ),
                )
            };
            findings.push(finding.on_value());
        }
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. }
            if !is_period_field(pointer) && !schema::enum_values_at(pointer).is_empty() =>
        {
            let allowed = schema::enum_values_at(pointer);
            let shown = instance
                .as_str()
                .map_or_else(|| instance.to_string(), str::to_owned);
            let hint = synonym(&shown)
                .filter(|word| allowed.contains(word))
                .map(|word| crate::i18n::Common::DidYouMean.fill(lang, &[("suggestion", &word)]))
                .or_else(|| did_you_mean(lang, &shown, allowed.iter().copied()))
                .unwrap_or_else(|| {
                    ValidateMsg::AllowedValues.fill(lang, &[("values", &allowed.join(", "))])
                });
            findings.push(
                Finding::error(
                    "unknown-value",
                    pointer,
                    ValidateMsg::UnknownValue.fill(lang, &[("field", &field), ("value", &shown)]),
                )
                .with_hint(Some(hint))
                .on_value(),
            );
        }
        ValidationErrorKind::Pattern { pattern } if pattern == ID_PATTERN => {
            let text = instance.as_str().unwrap_or_default();
            let suggestion = slug(text);
            let hint = (!suggestion.is_empty() && suggestion != text).then(|| {
                crate::i18n::Common::DidYouMean.fill(lang, &[("suggestion", &suggestion)])
            });
            findings.push(
                Finding::error(
                    "bad-id",
                    pointer,
                    ValidateMsg::BadId.fill(lang, &[("value", &text)]),
                )
                .with_hint(hint)
                .on_value(),
            );
        }
        _ if is_period_field(pointer) && (instance.is_string() || !instance.is_object()) => {
            match instance.as_str().map(Period::parse) {
                Some(Err(error)) => findings.push(
                    Finding::error("bad-period", pointer, error.message(lang))
                        .with_hint(error.hint(lang))
                        .on_value(),
                ),
                Some(Ok(_)) => {}
                None => findings.push(
                    Finding::error(
                        "bad-period",
                        pointer,
                        ValidateMsg::BadPeriodShape.fill(lang, &[("field", &field)]),
                    )
                    .on_value(),
                ),
            }
        }
        ValidationErrorKind::Pattern { pattern } if pattern == PERIOD_PATTERN => {}
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // A period span {start, end}: report what is wrong inside it.
            if let Some(branch) = context.iter().find(|errors| {
                errors.iter().all(|e| {
                    !matches!(e.kind(), ValidationErrorKind::Type { .. })
                        || e.instance_path().as_str() != pointer
                })
            }) {
                for error in branch {
                    let inner = error.instance_path().as_str().to_string();
                    let inner_instance = instance_at(instance, pointer, &inner);
                    translate(
                        &inner,
                        inner_instance,
                        error.kind(),
                        &error.to_string(),
                        lang,
                        findings,
                    );
                }
            } else {
                findings.push(
                    Finding::error("invalid", pointer, schema_other(&field, detail, lang))
                        .on_value(),
                );
            }
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let message = if pointer.contains("/imbalances/") {
                ValidateMsg::ImbalanceRange.fill(lang, &[("value", instance)])
            } else if matches!(kind, ValidationErrorKind::Minimum { .. }) {
                ValidateMsg::TooSmall.fill(
                    lang,
                    &[("field", &field), ("value", instance), ("limit", limit)],
                )
            } else {
                ValidateMsg::TooLarge2.fill(
                    lang,
                    &[("field", &field), ("value", instance), ("limit", limit)],
                )
            };
            findings.push(Finding::error("out-of-range", pointer, message).on_value());
        }
        ValidationErrorKind::MinItems { .. } if pointer == "/phases" => {
            findings.push(
                Finding::error("no-phases", pointer, ValidateMsg::NoPhases.get(lang)).on_value(),
            );
        }
        ValidationErrorKind::MinLength { .. } => {
            findings.push(
                Finding::error(
                    "empty-text",
                    pointer,
                    ValidateMsg::EmptyText.fill(lang, &[("field", &field)]),
                )
                .on_value(),
            );
        }
        ValidationErrorKind::UniqueItems => {
            findings.push(
                Finding::error(
                    "repeated-value",
                    pointer,
                    ValidateMsg::RepeatedValue.fill(lang, &[("field", &field)]),
                )
                .on_value(),
            );
        }
        _ => findings.push(
            Finding::error("invalid", pointer, schema_other(&field, detail, lang)).on_value(),
        ),
    }
}

fn schema_other(field: &str, detail: &str, lang: Lang) -> String {
    ValidateMsg::SchemaOther.fill(lang, &[("field", &field), ("detail", &detail)])
}

/// The value at `inner` (an absolute pointer), given the value at `outer`.
fn instance_at<'a>(outer_value: &'a Value, outer: &str, inner: &str) -> &'a Value {
    inner
        .strip_prefix(outer)
        .and_then(|rest| {
            if rest.is_empty() {
                Some(outer_value)
            } else {
                outer_value.pointer(rest)
            }
        })
        .unwrap_or(&Value::Null)
}

/// What a value of this JSON type is called.
pub fn type_name(value: &Value, lang: Lang) -> String {
    match value {
        Value::Null => ValidateMsg::TypeNull.get(lang),
        Value::Bool(_) => ValidateMsg::TypeBoolean.get(lang),
        Value::Number(n) if n.is_f64() => ValidateMsg::TypeNumber.get(lang),
        Value::Number(_) => ValidateMsg::TypeInteger.get(lang),
        Value::String(_) => ValidateMsg::TypeText.get(lang),
        Value::Array(_) => ValidateMsg::TypeList.get(lang),
        Value::Object(_) => ValidateMsg::TypeObject.get(lang),
    }
}

fn json_type_name(kind: JsonType, lang: Lang) -> String {
    match kind {
        JsonType::Array => ValidateMsg::TypeList.get(lang),
        JsonType::Boolean => ValidateMsg::TypeBoolean.get(lang),
        JsonType::Integer => ValidateMsg::TypeInteger.get(lang),
        JsonType::Null => ValidateMsg::TypeNull.get(lang),
        JsonType::Number => ValidateMsg::TypeNumber.get(lang),
        JsonType::Object => ValidateMsg::TypeObject.get(lang),
        JsonType::String => ValidateMsg::TypeText.get(lang),
    }
}

fn expected_name(kind: &TypeKind, lang: Lang) -> String {
    match kind {
        TypeKind::Single(kind) => json_type_name(*kind, lang),
        TypeKind::Multiple(kinds) => kinds
            .iter()
            .map(|kind| json_type_name(kind, lang))
            .collect::<Vec<_>>()
            .join(" / "),
    }
}

/// Words users write for a status or community, in Danish or English.
fn synonym(word: &str) -> Option<&'static str> {
    Some(
        match word.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "finished" | "complete" | "completed" | "udført" | "færdig" | "afsluttet"
            | "gennemført" => "done",
            "planlagt" | "todo" | "not_started" | "ikke_startet" => "planned",
            "i_gang" | "igang" | "started" | "ongoing" | "in_progres" | "inprogress" | "doing" => {
                "in_progress"
            }
            "blokeret" | "stuck" | "venter" => "blocked",
            "aflyst" | "annulleret" | "canceled" | "dropped" => "cancelled",
            "organisatorisk" | "organizational" => "organisational",
            "opgaverettet" | "opgave" => "task",
            "fagligt" | "faglig" => "professional",
            "kollegialt" | "kollegial" => "collegial",
            _ => return None,
        },
    )
}

/// A safe id made from arbitrary text: lower case, hyphens for the rest.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let c = match c {
            'æ' => "ae".to_string(),
            'ø' => "oe".to_string(),
            'å' => "aa".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        out.push_str(&c);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    let mut joined = parts.join("-");
    joined.truncate(64);
    joined.trim_end_matches('-').to_string()
}

/// A sample value for a missing required field.
fn example_for(field: &str) -> &'static str {
    match field {
        "format" => "1",
        "phases" => "[ … ]",
        "subtasks" | "reporting" => "[]",
        "status" => "\"planned\"",
        "period" => "\"2025-spring\"",
        "due" | "date" => "\"2025-03\"",
        "id" => "\"fase-1\"",
        _ => "\"…\"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_makes_safe_ids() {
        assert_eq!(slug("../x"), "x");
        assert_eq!(slug("Gå-hjem-møde"), "gaa-hjem-moede");
        assert_eq!(slug("Fase 1"), "fase-1");
    }

    #[test]
    fn synonyms_in_both_languages() {
        assert_eq!(synonym("udført"), Some("done"));
        assert_eq!(synonym("I gang"), Some("in_progress"));
        assert_eq!(synonym("whatever"), None);
    }
}
