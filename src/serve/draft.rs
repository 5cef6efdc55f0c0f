//! The draft: a plan's file in the work tree, changed by the browser's forms
//! until the decision form records it.
//!
//! A form carries the commit its page was made from (`base`) and the hash of
//! the draft it showed (`draft`, the file's git blob id). An edit is applied
//! field by field to the draft as it is now, and only where the field still
//! holds the value the page showed: a field someone else changed meanwhile
//! is a conflict, shown and not overwritten — a three-way merge at the level
//! of fields, as `sync` merges. The draft is written atomically and only
//! when the result validates; an edit that does not validate writes nothing
//! and its findings are shown at their fields.
//!
//! An edit holds the repository's lock (as a decision does) while it reads,
//! changes and writes the draft.
//!
//! Recording takes the draft as `decide` takes hand edits. When the branch
//! moved since the page was made, the draft is merged with what was
//! recorded meanwhile ([`crate::plan::merge`]); a conflict records nothing.

use std::path::{Path, PathBuf};

use git2::Oid;
use serde_json::Value;

use crate::error::CommandError;
use crate::history::door;
use crate::history::trail::plan_from_bytes;
use crate::history::{PlansRepo, short_id};
use crate::i18n::{Lang, Message, ServeMsg};
use crate::plan::diff::diff;
use crate::plan::{CheckedPlan, Finding, Plan, Severity, check, source};
use crate::render::describe::describe_all;

/// A plan as the pages see it: what was last recorded, and the draft.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The plan's id.
    pub id: String,
    /// The branch head when it was read.
    pub head: Oid,
    /// The plan file as recorded at `head` (None: never recorded).
    pub recorded: Option<Vec<u8>>,
    /// The plan file in the work tree (None: absent).
    pub bytes: Option<Vec<u8>>,
}

/// The git blob id of `bytes`: the draft's hash in the forms.
pub fn hash(bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(bytes) => Oid::hash_object(git2::ObjectType::Blob, bytes)
            .map(|oid| oid.to_string())
            .unwrap_or_default(),
        None => String::new(),
    }
}

impl Draft {
    /// Reads plan `id` of the repository at `root`. An id that is not a
    /// plan id, or a plan neither recorded nor in the work tree, is an error.
    pub fn read(root: &Path, id: &str, lang: Lang) -> Result<Draft, CommandError> {
        let workspace = crate::workspace::Workspace {
            root: root.to_path_buf(),
        };
        if !crate::workspace::is_valid_id(id) {
            workspace.existing_plan(id, lang)?;
        }
        let repo = PlansRepo::open(root, lang)?;
        let head = repo.head_commit(lang)?;
        let path = PlansRepo::plan_path(id);
        let recorded = repo.file_at(head, &path).ok().flatten();
        let bytes = match source::read_bytes(&root.join(&path)) {
            Ok(bytes) => Some(bytes),
            Err(source::ReadProblem::SymbolicLink) => {
                return Err(crate::workspace::linked_plan_error(&path, lang));
            }
            Err(_) => None,
        };
        if recorded.is_none() && bytes.is_none() {
            workspace.existing_plan(id, lang)?;
        }
        Ok(Draft {
            id: id.to_string(),
            head,
            recorded,
            bytes,
        })
    }

    /// Whether plan `id` is there to be read: a plan id, recorded or in the
    /// work tree.
    pub fn exists(root: &Path, id: &str) -> bool {
        if !crate::workspace::is_valid_id(id) {
            return false;
        }
        let path = PlansRepo::plan_path(id);
        root.join(&path).exists()
            || PlansRepo::open(root, Lang::default())
                .ok()
                .and_then(|repo| {
                    let head = repo.head_commit(Lang::default()).ok()?;
                    repo.file_at(head, &path).ok().flatten()
                })
                .is_some()
    }

    /// The plan file's path in the work tree.
    pub fn path(root: &Path, id: &str) -> PathBuf {
        root.join(PlansRepo::plan_path(id))
    }

    /// The draft's hash, as forms carry it.
    pub fn hash(&self) -> String {
        hash(self.bytes.as_deref())
    }

    /// Whether the work tree differs from what was recorded.
    pub fn is_draft(&self) -> bool {
        self.bytes != self.recorded
    }

    /// The draft checked as `validate` checks it.
    pub fn checked(&self, lang: Option<Lang>) -> CheckedPlan {
        let text = self
            .bytes
            .clone()
            .and_then(|bytes| source::text_from_bytes(bytes).ok())
            .unwrap_or_default();
        check::check_text(&text, &PlansRepo::plan_path(&self.id), Some(&self.id), lang)
    }

    /// The plan as last recorded.
    pub fn recorded_plan(&self) -> Option<Plan> {
        self.recorded.as_deref().and_then(plan_from_bytes)
    }

    /// What the draft changes, as `show` describes a decision.
    pub fn changes(&self, draft: Option<&Plan>, lang: Lang) -> Vec<String> {
        let before = self.recorded_plan();
        let changes = diff(before.as_ref(), draft);
        describe_all(&changes, before.as_ref(), draft, lang)
    }
}

/// Why an edit was not written.
#[derive(Debug)]
pub enum EditRefused {
    /// The edit cannot be carried out (a setter's error, an unknown item),
    /// in plain words.
    Problem(String),
    /// Fields someone else changed since the page was loaded: (field, the
    /// value now) — nothing was written.
    Conflict(Vec<(String, String)>),
    /// The result does not validate: its findings; nothing was written.
    Invalid(Vec<Finding>, Value),
    /// The library could not run (I/O, git).
    Failed(CommandError),
}

/// Applies `edit` to the draft of plan `id` and writes the result if it
/// validates. `edit` gets the draft's JSON and returns the conflicts it
/// found (fields whose value is no longer what the page showed).
pub fn edit_draft(
    root: &Path,
    id: &str,
    lang: Lang,
    edit: impl FnOnce(&mut Value) -> Result<Vec<(String, String)>, String>,
) -> Result<(), EditRefused> {
    // The repository's lock: no decision is recorded while the draft is
    // read, changed and written.
    let repo = PlansRepo::open(root, lang).map_err(EditRefused::Failed)?;
    let _lock = crate::history::lock::RepoLock::acquire(
        repo.git_dir(),
        crate::history::lock::lock_wait(),
        lang,
    )
    .map_err(EditRefused::Failed)?;
    let draft = Draft::read(root, id, lang).map_err(EditRefused::Failed)?;
    let Some(bytes) = draft.bytes.clone().or(draft.recorded.clone()) else {
        return Err(EditRefused::Problem(ServeMsg::NoDraftFile.get(lang)));
    };
    let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
    let mut value = source::parse_json(&text)
        .map_err(|problem| EditRefused::Problem(problem.detail))?
        .value;
    let conflicts = edit(&mut value).map_err(EditRefused::Problem)?;
    if !conflicts.is_empty() {
        return Err(EditRefused::Conflict(conflicts));
    }
    let mut new_text = serde_json::to_string_pretty(&value).unwrap_or_default();
    new_text.push('\n');
    let checked = check::check_text(&new_text, &PlansRepo::plan_path(id), Some(id), Some(lang));
    if checked.count(Severity::Error) > 0 || checked.plan.is_none() {
        return Err(EditRefused::Invalid(checked.findings, value));
    }
    let path = Draft::path(root, id);
    // Never over a file that changed while the edit was made.
    let now = source::read_bytes(&path).ok();
    if now.as_deref() != draft.bytes.as_deref() {
        return Err(EditRefused::Conflict(vec![(
            id.to_string(),
            ServeMsg::DraftChangedMeanwhile.get(lang),
        )]));
    }
    if now.as_deref() == Some(new_text.as_bytes()) {
        return Ok(());
    }
    crate::history::write::write_atomically(&path, new_text.as_bytes()).map_err(|error| {
        EditRefused::Failed(CommandError::environment(ServeMsg::CannotWriteDraft.fill(
            lang,
            &[
                ("file", &PlansRepo::plan_path(id)),
                ("reason", &crate::io_reason(&error, lang)),
            ],
        )))
    })
}

/// Puts the plan's file back as last recorded (the draft is dropped).
pub fn discard(root: &Path, id: &str, lang: Lang) -> Result<(), CommandError> {
    let draft = Draft::read(root, id, lang)?;
    let Some(recorded) = &draft.recorded else {
        return Ok(());
    };
    crate::history::write::write_atomically(&Draft::path(root, id), recorded).map_err(|error| {
        CommandError::environment(ServeMsg::CannotWriteDraft.fill(
            lang,
            &[
                ("file", &PlansRepo::plan_path(id)),
                ("reason", &crate::io_reason(&error, lang)),
            ],
        ))
    })
}

/// The decision form, as posted.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    /// Resumé / Summary.
    pub summary: String,
    /// Besluttet af / Decided by.
    pub decided_by: String,
    /// Besluttet den / Decided on, as typed (empty: the day it is recorded).
    pub decided_on: String,
    /// Møde / Meeting.
    pub meeting: String,
    /// Begrundelse / Rationale.
    pub rationale: String,
    /// The commit the page was made from.
    pub base: String,
    /// The hash of the draft the page showed.
    pub draft: String,
}

/// What recording the draft came to.
#[derive(Debug)]
pub enum RecordOutcome {
    /// Recorded as this commit.
    Recorded(Oid),
    /// Problems with the form's fields: (field name, sentence); nothing recorded.
    FieldProblems(Vec<(&'static str, String)>),
    /// The draft is not what the page showed; nothing recorded.
    DraftMoved,
    /// The draft does not validate; nothing recorded.
    Invalid(Vec<Finding>),
    /// The door refused it (nothing to record, a collision with what was
    /// recorded meanwhile): its message, causes and hints; nothing recorded.
    Refused(Vec<String>),
}

/// Parses a day as the forms accept it: the forms the tool prints
/// (`2024-09-12`, `12.9.2024`, `12. september 2024`, …; see
/// [`crate::plan::input`]).
pub fn parse_day(text: &str) -> Option<chrono::NaiveDate> {
    crate::plan::input::day(text.trim()).ok()
}

/// Records the draft of plan `id` as one decision: the same commit, checks
/// and trailers as `backbrief decide` taking hand edits.
pub fn record(
    root: &Path,
    id: &str,
    form: &DecisionForm,
    lang: Lang,
) -> Result<RecordOutcome, CommandError> {
    let mut problems = Vec::new();
    if form.summary.trim().is_empty() {
        problems.push(("summary", ServeMsg::SummaryRequired.get(lang)));
    }
    if form.decided_by.trim().is_empty() {
        problems.push(("decided_by", ServeMsg::DecidedByRequired.get(lang)));
    }
    let on = if form.decided_on.trim().is_empty() {
        None
    } else {
        match parse_day(&form.decided_on) {
            Some(day) => Some(day),
            None => {
                problems.push((
                    "decided_on",
                    ServeMsg::BadDay.fill(lang, &[("text", &form.decided_on.trim())]),
                ));
                None
            }
        }
    };
    if !problems.is_empty() {
        return Ok(RecordOutcome::FieldProblems(problems));
    }
    let session = crate::history::write::WriteSession::begin(root, lang)?;
    let path = PlansRepo::plan_path(id);
    let draft_bytes = source::read_bytes(&root.join(&path)).ok();
    if hash(draft_bytes.as_deref()) != form.draft {
        return Ok(RecordOutcome::DraftMoved);
    }
    let optional = |text: &str| {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let decision = door::DecisionInput {
        summary: form.summary.trim().to_string(),
        body: optional(&form.rationale),
        decided_by: form.decided_by.trim().to_string(),
        decided_on: on,
        meeting: optional(&form.meeting),
        extra: Vec::new(),
    };
    // The draft is recorded as `decide` records hand edits; when the branch
    // moved since the page was made, the door merges it over what was
    // decided meanwhile, or refuses when the two collide.
    let mut draft = door::Draft::new(id, door::Candidate::HandEdits, decision);
    draft.from = Oid::from_str(&form.base).ok();
    match door::record(&session, draft, Some(lang), lang) {
        Ok(recorded) => Ok(RecordOutcome::Recorded(recorded.commit)),
        Err(error) if !error.findings.is_empty() => Ok(RecordOutcome::Invalid(error.findings)),
        Err(error) if error.kind == crate::error::ErrorKind::Data => {
            let mut lines = vec![error.message.clone()];
            lines.extend(error.causes.iter().cloned());
            lines.extend(error.hints.iter().cloned());
            Ok(RecordOutcome::Refused(lines))
        }
        Err(error) => Err(error),
    }
}

/// The short form of a commit for messages.
pub fn short(commit: Oid) -> String {
    short_id(commit)
}
