//! The conflicts of a merge: which side, what they are about (the address
//! `--resolve` uses), and what kind of collision.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::plan::diff::{Change, ItemKind};

/// One of the two sides of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Our side: the local branch (the first parent of the merge commit).
    Ours,
    /// Their side: the remote branch (the second parent).
    Theirs,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }

    /// `ours` or `theirs`, as recorded in trailers.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    /// Parses `ours` or `theirs`.
    pub fn parse(text: &str) -> Option<Side> {
        match text {
            "ours" => Some(Side::Ours),
            "theirs" => Some(Side::Theirs),
            _ => None,
        }
    }
}

/// What a conflict is about, as `--resolve` addresses it: `ID.FIELD`, `ID`,
/// a plan field (`title`), a list (`phases`, `fase-1.subtasks`), or the whole
/// plan (empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Target {
    /// The item's id; None for the plan itself.
    pub item: Option<String>,
    /// The field; None for a whole item (or the whole plan).
    pub field: Option<String>,
}

impl Target {
    /// Parses `ID.FIELD`, `ID` or `FIELD` as written in a trailer; an empty
    /// text is the whole plan. Whether a single word is an item or a plan
    /// field is up to the caller, who knows the plan: see [`Target::matches`].
    pub fn parse(text: &str) -> Target {
        match text.split_once('.') {
            Some((item, field)) => Target {
                item: Some(item.to_string()),
                field: Some(field.to_string()),
            },
            None if text.is_empty() => Target {
                item: None,
                field: None,
            },
            None => Target {
                item: Some(text.to_string()),
                field: None,
            },
        }
    }

    /// Whether `path` (a setter's target, split at dots) addresses this
    /// target or something inside it.
    pub fn matches(&self, path: &[String]) -> bool {
        let mine: Vec<&str> = self
            .item
            .iter()
            .chain(self.field.iter())
            .map(String::as_str)
            .collect();
        !mine.is_empty()
            && path.len() >= mine.len()
            && mine.iter().zip(path).all(|(a, b)| *a == b.as_str())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.item, &self.field) {
            (Some(item), Some(field)) => write!(f, "{item}.{field}"),
            (Some(item), None) => f.write_str(item),
            (None, Some(field)) => f.write_str(field),
            (None, None) => Ok(()),
        }
    }
}

/// What kind of collision a conflict is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both sides set the field to different values.
    Field,
    /// One side (`by`) removed the item; the other changed or used it.
    Removed {
        /// The side that removed it.
        by: Side,
    },
    /// Both sides added an item with this id, differently.
    AddedTwice,
    /// Both sides reordered the list, differently.
    Order,
    /// Both sides created the plan, differently.
    PlanCreatedTwice,
    /// One side (`by`) removed the plan; the other changed it.
    PlanRemoved {
        /// The side that removed it.
        by: Side,
    },
}

impl ConflictKind {
    /// The same conflict seen from the other side.
    pub(super) fn swapped(self) -> ConflictKind {
        match self {
            ConflictKind::Removed { by } => ConflictKind::Removed { by: by.other() },
            ConflictKind::PlanRemoved { by } => ConflictKind::PlanRemoved { by: by.other() },
            other => other,
        }
    }

    /// Whether a value (`--resolve ID.FIELD=VALUE`) can settle it.
    pub fn takes_value(self) -> bool {
        matches!(self, ConflictKind::Field)
    }
}

/// Two sides that changed the same thing differently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// What it is about.
    pub target: Target,
    /// What kind of collision.
    pub kind: ConflictKind,
    /// The kind of item concerned ([`ItemKind::Plan`] for plan fields,
    /// lists of the plan, and the whole plan).
    pub item_kind: ItemKind,
    /// The value in the base (the field, the item, the ids of a list, the
    /// plan); None when absent.
    pub base: Option<Value>,
    /// The value on our side.
    pub ours: Option<Value>,
    /// The value on their side.
    pub theirs: Option<Value>,
    /// The changes our side made that the conflict is about.
    pub our_changes: Vec<Change>,
    /// The changes their side made that the conflict is about.
    pub their_changes: Vec<Change>,
}

impl Conflict {
    /// The value on `side`.
    pub fn value(&self, side: Side) -> Option<&Value> {
        match side {
            Side::Ours => self.ours.as_ref(),
            Side::Theirs => self.theirs.as_ref(),
        }
    }

    /// The changes `side` made that the conflict is about.
    pub fn changes(&self, side: Side) -> &[Change] {
        match side {
            Side::Ours => &self.our_changes,
            Side::Theirs => &self.their_changes,
        }
    }

    /// For a conflict about a whole item: the side that keeps the item (the
    /// one that did not remove it), when there is exactly one.
    pub fn keeping_side(&self) -> Option<Side> {
        match self.kind {
            ConflictKind::Removed { by } | ConflictKind::PlanRemoved { by } => Some(by.other()),
            _ => None,
        }
    }
}
