//! Changes in words: `Workshop: status planlagt → udført`. The model
//! ([`crate::plan::diff`]) says what changed; this view says it to people,
//! in the plan's language.

use std::collections::HashSet;

use serde_json::Value;

use crate::i18n::{DiffMsg, Lang, Message};
use crate::plan::diff::*;
use crate::plan::model::*;
use crate::plan::words::{community_name, status_word};

/// The change as a sentence in `lang`, the item named by its title (for
/// reporting: what is reported): `Workshop: status planlagt → udført`.
/// `before` and `after` are the two versions the change was computed from,
/// used to name items and phases; either may be `None`.
pub fn describe(
    change: &Change,
    before: Option<&Plan>,
    after: Option<&Plan>,
    lang: Lang,
) -> String {
    Describer {
        before,
        after,
        lang,
    }
    .change(change)
}

/// A field of an item of `plan` (or of the plan itself, for
/// [`ItemKind::Plan`]) as a table shows it: its name with a capital letter
/// (`Status`, `Frist`, `Ansvarlig`) and its value in words (`udført`,
/// `efterår 2024`, `organisatorisk, fagligt`); text is shown as it is,
/// cut at `max_chars`.
pub fn field_in_words(
    plan: &Plan,
    kind: ItemKind,
    field: &str,
    value: &Value,
    lang: Lang,
    max_chars: usize,
) -> (String, String) {
    let describer = Describer {
        before: Some(plan),
        after: Some(plan),
        lang,
    };
    let label = match kind {
        ItemKind::Plan => describer.plan_field_label(field),
        _ => {
            let label = describer.field_label(field);
            let mut chars = label.chars();
            chars.next().map_or(label.clone(), |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    };
    let shown = match (field, value) {
        (_, Value::String(text)) if TEXT_FIELDS.contains(&field) => cut(text, max_chars, lang),
        ("core_task", Value::Object(parts)) => [
            ("formal", DiffMsg::CoreFormal),
            ("performed", DiffMsg::CorePerformed),
            ("experienced", DiffMsg::CoreExperienced),
        ]
        .into_iter()
        .filter_map(|(key, name)| {
            let text = parts.get(key)?.as_str()?;
            Some(format!(
                "{}: {}",
                name.get(lang),
                cut(text, max_chars / 3, lang)
            ))
        })
        .collect::<Vec<_>>()
        .join("; "),
        _ => describer.value(field, Some(value)),
    };
    (label, shown)
}

/// Every change as a sentence, leaving out the `position` changes that only
/// record where an added, removed or moved item stands.
pub fn describe_all(
    changes: &[Change],
    before: Option<&Plan>,
    after: Option<&Plan>,
    lang: Lang,
) -> Vec<String> {
    let moved: HashSet<(ItemKind, &str)> = changes
        .iter()
        .filter(|change| {
            change.field.is_none()
                || change.kind == ItemKind::Subtask && change.field.as_deref() == Some(PHASE_FIELD)
        })
        .filter_map(|change| change.item.as_deref().map(|id| (change.kind, id)))
        .collect();
    changes
        .iter()
        .filter(|change| {
            change.field.as_deref() != Some(POSITION_FIELD)
                || change
                    .item
                    .as_deref()
                    .is_none_or(|id| !moved.contains(&(change.kind, id)))
        })
        .map(|change| describe(change, before, after, lang))
        .collect()
}

/// A phase title shortened to its label when it has one: "Fase 1: Bredt
/// kendskab…" → "Fase 1".
fn short_phase_title(title: &str) -> &str {
    match title.split_once(": ") {
        Some((label, _)) if !label.trim().is_empty() && label.chars().count() <= 20 => label,
        _ => title,
    }
}

struct Describer<'a> {
    before: Option<&'a Plan>,
    after: Option<&'a Plan>,
    lang: Lang,
}

impl Describer<'_> {
    fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.after.into_iter().chain(self.before)
    }

    fn nothing(&self) -> String {
        DiffMsg::NoValue.get(self.lang)
    }

    /// A phase named by its (short) title, else its id.
    fn phase_name(&self, id: &str) -> String {
        let title = self
            .plans()
            .find_map(|plan| plan.phase(id))
            .map(|phase| short_phase_title(&phase.title).to_string());
        title.unwrap_or_else(|| id.to_string())
    }

    /// The item a change concerns, named by its title (or `what`).
    fn item_name(&self, change: &Change) -> String {
        let id = change.item.as_deref().unwrap_or_default();
        if change.kind == ItemKind::Phase {
            if self.plans().any(|plan| plan.phase(id).is_some()) {
                return self.phase_name(id);
            }
        } else {
            let from_plan = self.plans().find_map(|plan| match change.kind {
                ItemKind::Subtask => plan
                    .subtasks()
                    .find(|(_, subtask)| subtask.id == id)
                    .map(|(_, subtask)| subtask.title.clone()),
                ItemKind::Milestone => plan
                    .milestones
                    .iter()
                    .find(|milestone| milestone.id == id)
                    .map(|milestone| milestone.title.clone()),
                ItemKind::Reporting => plan
                    .reporting
                    .iter()
                    .find(|reporting| reporting.id == id)
                    .map(|reporting| reporting.what.clone()),
                ItemKind::Plan | ItemKind::Phase => None,
            });
            if let Some(name) = from_plan {
                return name;
            }
        }
        let from_value = [&change.after, &change.before]
            .into_iter()
            .flatten()
            .find_map(|value| {
                value
                    .get("title")
                    .or_else(|| value.get("what"))
                    .and_then(Value::as_str)
            });
        let name = match (change.kind, from_value) {
            (ItemKind::Phase, Some(title)) => short_phase_title(title),
            (_, Some(title)) => title,
            (_, None) => id,
        };
        name.to_string()
    }

    fn change(&self, change: &Change) -> String {
        match (change.kind, change.field.as_deref()) {
            (ItemKind::Plan, None) => self.whole_plan(change),
            (ItemKind::Plan, Some("core_task")) => self.core_task(change),
            (ItemKind::Plan, Some(field)) => DiffMsg::PlanFieldChanged.fill(
                self.lang,
                &[
                    ("field", &self.plan_field_label(field)),
                    ("before", &self.value(field, change.before.as_ref())),
                    ("after", &self.value(field, change.after.as_ref())),
                ],
            ),
            (_, None) => self.whole_item(change),
            (ItemKind::Subtask, Some(PHASE_FIELD)) => {
                let phase = |value: &Option<Value>| {
                    value
                        .as_ref()
                        .and_then(Value::as_str)
                        .map_or_else(|| self.nothing(), |id| self.phase_name(id))
                };
                DiffMsg::Moved.fill(
                    self.lang,
                    &[
                        ("item", &self.item_name(change)),
                        ("from", &phase(&change.before)),
                        ("to", &phase(&change.after)),
                    ],
                )
            }
            (_, Some(POSITION_FIELD)) => self.position(change),
            (_, Some(field)) if LIST_FIELDS.contains(&field) => DiffMsg::ListChanged.fill(
                self.lang,
                &[
                    ("item", &self.item_name(change)),
                    ("field", &self.field_label(field)),
                    ("changes", &self.list_changes(field, change)),
                ],
            ),
            (_, Some(field)) => DiffMsg::FieldChanged.fill(
                self.lang,
                &[
                    ("item", &self.item_name(change)),
                    ("field", &self.field_label(field)),
                    ("before", &self.value(field, change.before.as_ref())),
                    ("after", &self.value(field, change.after.as_ref())),
                ],
            ),
        }
    }

    fn whole_plan(&self, change: &Change) -> String {
        let (message, value) = match (&change.before, &change.after) {
            (_, Some(value)) => (DiffMsg::PlanCreated, value),
            (Some(value), None) => (DiffMsg::PlanRemoved, value),
            (None, None) => return self.nothing(),
        };
        let title = value
            .get("title")
            .and_then(Value::as_str)
            .or_else(|| value.get("id").and_then(Value::as_str))
            .unwrap_or_default();
        message.fill(self.lang, &[("title", &title)])
    }

    fn whole_item(&self, change: &Change) -> String {
        let added = change.before.is_none();
        let value = if added { &change.after } else { &change.before };
        let text = |name: &str| {
            value
                .as_ref()
                .and_then(|value| value.get(name))
                .and_then(Value::as_str)
                .map_or_else(|| change.item.clone().unwrap_or_default(), str::to_string)
        };
        let lang = self.lang;
        match change.kind {
            ItemKind::Phase => {
                let message = if added {
                    DiffMsg::NewPhase
                } else {
                    DiffMsg::PhaseRemoved
                };
                message.fill(lang, &[("title", &text("title"))])
            }
            ItemKind::Subtask => {
                let message = if added {
                    DiffMsg::NewSubtask
                } else {
                    DiffMsg::SubtaskRemoved
                };
                let phase = change
                    .phase
                    .as_deref()
                    .map_or_else(|| self.nothing(), |id| self.phase_name(id));
                let said = message.fill(lang, &[("phase", &phase), ("title", &text("title"))]);
                if added {
                    self.with_details(said, value.as_ref(), &["owner", "due"])
                } else {
                    said
                }
            }
            ItemKind::Milestone if added => {
                let date = value.as_ref().and_then(|value| value.get("date"));
                DiffMsg::NewMilestone.fill(
                    lang,
                    &[
                        ("title", &text("title")),
                        ("date", &self.value("date", date)),
                    ],
                )
            }
            ItemKind::Milestone => {
                DiffMsg::MilestoneRemoved.fill(lang, &[("title", &text("title"))])
            }
            ItemKind::Reporting if added => {
                let to = value.as_ref().and_then(|value| value.get("to"));
                DiffMsg::NewReporting.fill(
                    lang,
                    &[("what", &text("what")), ("to", &self.value("to", to))],
                )
            }
            ItemKind::Reporting => DiffMsg::ReportingRemoved.fill(lang, &[("what", &text("what"))]),
            ItemKind::Plan => self.whole_plan(change),
        }
    }

    /// `said` followed by the `fields` a new item was given, by label:
    /// "Ny aktivitet i Fase 1: Gå-hjem-møde (ansvarlig Teamleder Anna,
    /// frist december 2024)".
    fn with_details(&self, said: String, value: Option<&Value>, fields: &[&str]) -> String {
        let details: Vec<String> = fields
            .iter()
            .filter_map(|field| {
                let given = present(value.and_then(|value| value.get(*field)))?;
                Some(DiffMsg::Detail.fill(
                    self.lang,
                    &[
                        ("field", &self.field_label(field)),
                        ("value", &self.value(field, Some(given))),
                    ],
                ))
            })
            .collect();
        if details.is_empty() {
            return said;
        }
        DiffMsg::WithDetails.fill(
            self.lang,
            &[
                ("said", &said),
                (
                    "details",
                    &details.join(&DiffMsg::ListSeparator.get(self.lang)),
                ),
            ],
        )
    }

    fn position(&self, change: &Change) -> String {
        let place = |value: &Option<Value>| {
            value
                .as_ref()
                .and_then(Value::as_u64)
                .map(|index| index.saturating_add(1))
        };
        let item = self.item_name(change);
        let lang = self.lang;
        match (place(&change.before), place(&change.after)) {
            (Some(before), Some(after)) => DiffMsg::FieldChanged.fill(
                lang,
                &[
                    ("item", &item),
                    ("field", &DiffMsg::FieldPosition.get(lang)),
                    ("before", &before),
                    ("after", &after),
                ],
            ),
            (None, Some(after)) => {
                DiffMsg::PlacedAt.fill(lang, &[("item", &item), ("after", &after)])
            }
            (Some(before), None) => {
                DiffMsg::WasAt.fill(lang, &[("item", &item), ("before", &before)])
            }
            (None, None) => DiffMsg::FieldChanged.fill(
                lang,
                &[
                    ("item", &item),
                    ("field", &DiffMsg::FieldPosition.get(lang)),
                    ("before", &self.nothing()),
                    ("after", &self.nothing()),
                ],
            ),
        }
    }

    fn core_task(&self, change: &Change) -> String {
        let part_of = |value: &Option<Value>, name: &str| {
            value
                .as_ref()
                .and_then(|value| value.get(name))
                .cloned()
                .filter(|value| !value.is_null())
        };
        let (before, after) = (
            change.before.as_ref().and_then(Value::as_object),
            change.after.as_ref().and_then(Value::as_object),
        );
        let lang = self.lang;
        let field = DiffMsg::PlanCoreTask.get(lang);
        let parts: Vec<String> =
            field_names(&["formal", "performed", "experienced"], &[], before, after)
                .into_iter()
                .filter_map(|name| {
                    let (was, is) = (part_of(&change.before, name), part_of(&change.after, name));
                    (was != is).then(|| {
                        let part = match name {
                            "formal" => DiffMsg::CoreFormal.get(lang),
                            "performed" => DiffMsg::CorePerformed.get(lang),
                            "experienced" => DiffMsg::CoreExperienced.get(lang),
                            other => other.to_string(),
                        };
                        DiffMsg::CoreTaskChanged.fill(
                            lang,
                            &[
                                ("field", &field),
                                ("part", &part),
                                ("before", &self.value(name, was.as_ref())),
                                ("after", &self.value(name, is.as_ref())),
                            ],
                        )
                    })
                })
                .collect();
        if parts.is_empty() {
            DiffMsg::PlanFieldChanged.fill(
                lang,
                &[
                    ("field", &field),
                    ("before", &self.value("core_task", change.before.as_ref())),
                    ("after", &self.value("core_task", change.after.as_ref())),
                ],
            )
        } else {
            parts.join("; ")
        }
    }

    /// "+ fagligt, − kollegialt", or "3 tilføjet, 1 fjernet".
    fn list_changes(&self, field: &str, change: &Change) -> String {
        let entries = |value: &Option<Value>| match value {
            Some(Value::Array(entries)) => entries.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => vec![other.clone()],
        };
        let (before, after) = (entries(&change.before), entries(&change.after));
        let added: Vec<&Value> = after
            .iter()
            .filter(|entry| !before.contains(entry))
            .collect();
        let removed: Vec<&Value> = before
            .iter()
            .filter(|entry| !after.contains(entry))
            .collect();
        let lang = self.lang;
        if added.is_empty() && removed.is_empty() {
            return DiffMsg::ListReordered.get(lang);
        }
        if added.len() + removed.len() > LIST_ENTRIES {
            return DiffMsg::ListCounts.fill(
                lang,
                &[("added", &added.len()), ("removed", &removed.len())],
            );
        }
        let entry = |value: &Value| self.entry(field, value);
        added
            .into_iter()
            .map(|value| DiffMsg::ListAdded.fill(lang, &[("entry", &entry(value))]))
            .chain(
                removed
                    .into_iter()
                    .map(|value| DiffMsg::ListRemoved.fill(lang, &[("entry", &entry(value))])),
            )
            .collect::<Vec<_>>()
            .join(&DiffMsg::ListSeparator.get(lang))
    }

    /// One entry of a list field.
    fn entry(&self, field: &str, value: &Value) -> String {
        match (field, value) {
            ("communities", value) => serde_json::from_value::<Community>(value.clone())
                .map_or_else(
                    |_| compact(value),
                    |community| community_name(community, self.lang),
                ),
            ("depends_on", Value::String(id)) => self.phase_name(id),
            (field, Value::String(text)) if TEXT_FIELDS.contains(&field) => {
                DiffMsg::Quoted.fill(self.lang, &[("text", &cut(text, ENTRY_CHARS, self.lang))])
            }
            (_, value) => cut(&compact(value), ENTRY_CHARS, self.lang),
        }
    }

    /// A field's value in words.
    fn value(&self, field: &str, value: Option<&Value>) -> String {
        let Some(value) = present(value) else {
            return self.nothing();
        };
        let lang = self.lang;
        let typed = match field {
            "status" => serde_json::from_value::<Status>(value.clone())
                .ok()
                .map(|status| status_word(status, lang)),
            "period" => serde_json::from_value::<PhasePeriod>(value.clone())
                .ok()
                .map(|period| period.display(lang)),
            "due" | "date" => serde_json::from_value::<PeriodText>(value.clone())
                .ok()
                .map(|period| period.display(lang)),
            "language" => serde_json::from_value::<Lang>(value.clone())
                .ok()
                .map(|language| match language {
                    Lang::Da => DiffMsg::LanguageDa.get(lang),
                    Lang::En => DiffMsg::LanguageEn.get(lang),
                }),
            "after" => value.as_str().map(|id| self.phase_name(id)),
            _ => None,
        };
        if let Some(text) = typed {
            return text;
        }
        match value {
            Value::Array(entries) => entries
                .iter()
                .map(|entry| self.entry(field, entry))
                .collect::<Vec<_>>()
                .join(&DiffMsg::ListSeparator.get(lang)),
            // A title is shown whole: cut, it reads as another title.
            Value::String(text) if ["title", "what"].contains(&field) => {
                DiffMsg::Quoted.fill(lang, &[("text", text)])
            }
            Value::String(text) if TEXT_FIELDS.contains(&field) => {
                DiffMsg::Quoted.fill(lang, &[("text", &cut(text, VALUE_CHARS, lang))])
            }
            value => cut(&compact(value), VALUE_CHARS, lang),
        }
    }

    /// The name of an item's field, as it stands inside a sentence.
    fn field_label(&self, field: &str) -> String {
        let message = match field {
            "status" => DiffMsg::FieldStatus,
            "period" => DiffMsg::FieldPeriod,
            "due" => DiffMsg::FieldDue,
            "owner" => DiffMsg::FieldOwner,
            "title" => DiffMsg::FieldTitle,
            "notes" => DiffMsg::FieldNotes,
            "questions" => DiffMsg::FieldQuestions,
            "communities" => DiffMsg::FieldCommunities,
            "imbalances" => DiffMsg::FieldImbalances,
            "goal" => DiffMsg::FieldGoal,
            "planned_by" => DiffMsg::FieldPlannedBy,
            "depends_on" => DiffMsg::FieldDependsOn,
            "what" => DiffMsg::FieldWhat,
            "to" => DiffMsg::FieldTo,
            "by" => DiffMsg::FieldBy,
            "after" => DiffMsg::FieldAfter,
            "date" => DiffMsg::FieldDate,
            "position" => DiffMsg::FieldPosition,
            "phase" => DiffMsg::FieldPhase,
            other => return other.to_string(),
        };
        message.get(self.lang)
    }

    /// The name of a plan field, as it begins a sentence.
    fn plan_field_label(&self, field: &str) -> String {
        let message = match field {
            "title" => DiffMsg::PlanTitle,
            "main_task" => DiffMsg::PlanMainTask,
            "situation" => DiffMsg::PlanSituation,
            "intent" => DiffMsg::PlanIntent,
            "unit" => DiffMsg::PlanUnit,
            "owner" => DiffMsg::PlanOwner,
            "language" => DiffMsg::PlanLanguage,
            "notes" => DiffMsg::PlanNotes,
            "core_task" => DiffMsg::PlanCoreTask,
            "$schema" => DiffMsg::PlanSchema,
            "format" => DiffMsg::PlanFormat,
            "id" => DiffMsg::PlanId,
            other => return other.to_string(),
        };
        message.get(self.lang)
    }
}
