//! Blame: for each field of a plan (or of one item), the decision that last set it.

use git2::Oid;
use serde::Serialize;
use serde_json::Value;

use crate::history::decision::Decision;
use crate::history::repo::PlansRepo;
use crate::history::trail::{ChangeReader, decisions};
use crate::plan::Plan;
use crate::plan::diff::ItemKind;

/// One field of the plan, its value, and the decision that last set it.
#[derive(Debug, Serialize)]
pub struct BlameLine {
    /// The item's id; None for a plan-level field.
    pub item: Option<String>,
    /// The field.
    pub field: String,
    /// Its value now.
    pub value: Value,
    /// The decision that last set it (None when no recorded decision did).
    pub decision: Option<Decision>,
}

/// The fields of `plan` to account for: plan-level fields and every field of
/// every item, or only the fields of the item `only`.
pub fn fields(plan: &Plan, only: Option<&str>) -> Vec<(Option<String>, ItemKind, String, Value)> {
    let mut out = Vec::new();
    let mut push = |item: Option<&str>, kind: ItemKind, value: Value| {
        if let Value::Object(object) = value {
            for (field, value) in object {
                if field == "subtasks"
                    || (item.is_none()
                        && matches!(field.as_str(), "phases" | "milestones" | "reporting"))
                {
                    continue;
                }
                out.push((item.map(str::to_string), kind, field, value));
            }
        }
    };
    let wanted = |id: Option<&str>| only.is_none() || only == id;
    if wanted(None) && only.is_none() {
        push(
            None,
            ItemKind::Plan,
            serde_json::to_value(plan).unwrap_or_default(),
        );
    }
    for phase in &plan.phases {
        if wanted(Some(&phase.id)) {
            push(
                Some(&phase.id),
                ItemKind::Phase,
                serde_json::to_value(phase).unwrap_or_default(),
            );
        }
        for subtask in &phase.subtasks {
            if wanted(Some(&subtask.id)) {
                push(
                    Some(&subtask.id),
                    ItemKind::Subtask,
                    serde_json::to_value(subtask).unwrap_or_default(),
                );
            }
        }
    }
    for milestone in &plan.milestones {
        if wanted(Some(&milestone.id)) {
            push(
                Some(&milestone.id),
                ItemKind::Milestone,
                serde_json::to_value(milestone).unwrap_or_default(),
            );
        }
    }
    for reporting in &plan.reporting {
        if wanted(Some(&reporting.id)) {
            push(
                Some(&reporting.id),
                ItemKind::Reporting,
                serde_json::to_value(reporting).unwrap_or_default(),
            );
        }
    }
    out
}

/// Attributes each field of `plan` (as recorded at `head`) to the newest
/// decision that set it, walking the plan's decisions from newest to oldest
/// and stopping as soon as every field is accounted for.
pub fn blame(
    repo: &PlansRepo,
    head: Oid,
    plan: &Plan,
    only: Option<&str>,
) -> Result<Vec<BlameLine>, git2::Error> {
    let mut lines: Vec<BlameLine> = fields(plan, only)
        .into_iter()
        .map(|(item, _, field, value)| BlameLine {
            item,
            field,
            value,
            decision: None,
        })
        .collect();
    let mut open = lines.len();
    let mut reader = ChangeReader::new(repo);
    for decision in decisions(repo, head)?.filter(|d| d.plan == plan.id) {
        if open == 0 {
            break;
        }
        let changes = reader.changes(&decision).changes;
        for change in &changes {
            for line in lines.iter_mut().filter(|line| line.decision.is_none()) {
                let same_item = line.item == change.item;
                let hit = match (&change.field, change.kind) {
                    // The whole plan was created: every field comes from here.
                    (None, ItemKind::Plan) => true,
                    // A whole item was added: all its fields come from here.
                    (None, _) => same_item,
                    (Some(field), _) => same_item && *field == line.field,
                };
                if hit {
                    line.decision = Some(decision.clone());
                    open -= 1;
                }
            }
        }
    }
    Ok(lines)
}
