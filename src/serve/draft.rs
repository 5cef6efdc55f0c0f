//! The draft: a person's changes to a plan made through the browser's
//! forms, kept apart from the plan (see [`crate::history::drafts`]) until
//! the decision form records them.
//!
//! A page shows its reader the plan as recorded, except to the draft's own
//! author: they see their draft, marked as such. The author's draft is
//! theirs in the drafts folder; else, for the person at this computer, the
//! plan file's own edits not yet recorded (by hand, or by an older
//! `serve`). Those stay in the file (where `decide` takes them) until the
//! browser edits them: then they move into the drafts folder with the edit,
//! and the file is put back as recorded — only after the draft is safely
//! written, and only if the file still holds what was read.
//!
//! A form carries the commit its page was made from (`base`) and the hash of
//! the draft it showed (`draft`, a git blob id). An edit is applied field
//! by field to the draft as it is now, and only where the field still holds
//! the value the page showed: a field someone else changed meanwhile is a
//! conflict, shown and not overwritten — a three-way merge at the level of
//! fields, as `sync` merges. The draft is written atomically and only when
//! the result validates; an edit that does not validate writes nothing and
//! its findings are shown at their fields.
//!
//! An edit holds the repository's lock (as a decision does) while it reads,
//! changes and writes the draft.
//!
//! Recording goes through the one door: a draft from the drafts folder as
//! [`door::Candidate::Draft`] from its base (merged over what was decided
//! since, or refused when the two collide), the plan file's edits as
//! `decide` takes them; a recorded draft is removed.

use std::path::{Path, PathBuf};

use git2::Oid;
use serde_json::Value;

use crate::error::CommandError;
use crate::history::door;
use crate::history::drafts::{self, Person, StoredDraft};
use crate::history::recorded::{DraftKind, Unrecorded, draft_of, plan_file_differs};
use crate::history::trail::plan_from_bytes;
use crate::history::{PlansRepo, short_id};
use crate::i18n::{DraftMsg, Lang, Message, ServeMsg};
use crate::plan::diff::diff;
use crate::plan::{CheckedPlan, Finding, Plan, Severity, check, source};
use crate::render::describe::describe_all;

/// A plan as one reader's page sees it: what was last recorded, and the
/// reader's own draft when they have one.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The plan's id.
    pub id: String,
    /// The branch head when it was read.
    pub head: Oid,
    /// The plan file as recorded at `head` (None: never recorded).
    pub recorded: Option<Vec<u8>>,
    /// The plan file as this reader sees it: their draft, else the plan as
    /// recorded (a plan never recorded: its file; None: absent).
    pub bytes: Option<Vec<u8>>,
    /// Where the reader's own draft is kept, when they see one.
    pub kind: Option<DraftKind>,
    /// The commit the reader's draft is based on (`head` when it has none).
    pub base: Oid,
    /// Fields decided differently since the reader's draft began: (field,
    /// the draft's value, the value now).
    pub collisions: Vec<(String, String, String)>,
    /// Changes not recorded that this reader does not see (others' drafts,
    /// the plan file's edits).
    pub others: Vec<Unrecorded>,
    /// What the reader typed in the decision form, kept with their draft.
    pub decision: std::collections::BTreeMap<String, String>,
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
    /// Reads plan `id` of the repository at `root` for `reader` (None:
    /// anyone who only reads, as with `--read-only`). An id that is not a
    /// plan id, or a plan neither recorded nor in the work tree, is an
    /// error.
    pub fn read(
        root: &Path,
        id: &str,
        reader: Option<&Person>,
        lang: Lang,
    ) -> Result<Draft, CommandError> {
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
        let on_disk = match source::read_bytes(&root.join(&path)) {
            Ok(bytes) => Some(bytes),
            Err(source::ReadProblem::SymbolicLink) => {
                return Err(crate::workspace::linked_plan_error(&path, lang));
            }
            Err(_) => None,
        };
        let Some(recorded_bytes) = recorded.clone() else {
            // Never recorded: the file is all there is, a draft as a whole
            // (edited in place, as nothing decided can be hidden by it).
            if on_disk.is_none() {
                workspace.existing_plan(id, lang)?;
            }
            return Ok(Draft {
                id: id.to_string(),
                head,
                recorded: None,
                bytes: on_disk,
                kind: reader.map(|_| DraftKind::PlanFile),
                base: head,
                collisions: Vec::new(),
                others: Vec::new(),
                decision: Default::default(),
            });
        };
        let own = reader.and_then(|person| draft_of(root, id, person, true));
        let mut others = Vec::new();
        let file_differs = plan_file_differs(&repo, &path, on_disk.as_deref(), &recorded_bytes);
        if file_differs
            && own
                .as_ref()
                .is_none_or(|own| own.kind != DraftKind::PlanFile)
        {
            others.push(Unrecorded::PlanFile);
        }
        for stored in drafts::all_of(repo.git_dir(), id) {
            let mine = reader.is_some_and(|person| person.key == stored.person.key);
            if !mine && stored.text.as_bytes() != recorded_bytes.as_slice() {
                others.push(Unrecorded::Draft {
                    by: stored.person.shown(),
                });
            }
        }
        Ok(match own {
            Some(own) => Draft {
                id: id.to_string(),
                head,
                recorded,
                bytes: Some(own.bytes),
                kind: Some(own.kind),
                base: own.base,
                collisions: own.collisions,
                others,
                decision: own.decision,
            },
            None => Draft {
                id: id.to_string(),
                head,
                bytes: recorded.clone(),
                recorded,
                kind: None,
                base: head,
                collisions: Vec::new(),
                others,
                decision: Default::default(),
            },
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

    /// Whether the reader sees a draft of their own (or a plan never
    /// recorded, which is all draft).
    pub fn is_draft(&self) -> bool {
        self.kind.is_some() && self.bytes != self.recorded
    }

    /// The plan as the reader sees it, checked as `validate` checks it.
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
    /// The draft is not the one the page showed; nothing was written.
    Moved,
    /// The library could not run (I/O, git).
    Failed(CommandError),
}

/// The plan file `file` could not be written.
fn cannot_write_file(file: &str, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(ServeMsg::CannotWriteDraft.fill(
        lang,
        &[("file", &file), ("reason", &crate::io_reason(error, lang))],
    ))
}

/// The draft of plan file `file` could not be saved in the drafts folder.
fn cannot_write(file: &str, error: &std::io::Error, lang: Lang) -> CommandError {
    CommandError::environment(DraftMsg::CannotSaveDraft.fill(
        lang,
        &[("file", &file), ("reason", &crate::io_reason(error, lang))],
    ))
}

/// Applies `edit` to `person`'s draft of plan `id` and writes the result
/// if it validates. `edit` gets the draft's JSON and returns the conflicts
/// it found (fields whose value is no longer what the page showed). With
/// `expected`, the draft must still be the one with that hash (the one the
/// page showed) or nothing is done ([`EditRefused::Moved`]). Returns the
/// hash of the draft as it is now.
pub fn edit_draft(
    root: &Path,
    id: &str,
    person: &Person,
    lang: Lang,
    expected: Option<&str>,
    edit: impl FnOnce(&mut Value) -> Result<Vec<(String, String)>, String>,
) -> Result<String, EditRefused> {
    // The repository's lock: no decision is recorded while the draft is
    // read, changed and written.
    let repo = PlansRepo::open(root, lang).map_err(EditRefused::Failed)?;
    let _lock = crate::history::lock::RepoLock::acquire(
        repo.git_dir(),
        crate::history::lock::lock_wait(),
        lang,
    )
    .map_err(EditRefused::Failed)?;
    let draft = Draft::read(root, id, Some(person), lang).map_err(EditRefused::Failed)?;
    if expected.is_some_and(|expected| expected != draft.hash()) {
        return Err(EditRefused::Moved);
    }
    let Some(bytes) = draft.bytes.clone() else {
        return Err(EditRefused::Problem(ServeMsg::NoDraftFile.get(lang)));
    };
    let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
    let mut value = source::parse_json(&text)
        .map_err(|problem| EditRefused::Problem(problem.detail))?
        .value;
    let before = value.clone();
    let conflicts = edit(&mut value).map_err(EditRefused::Problem)?;
    if !conflicts.is_empty() {
        return Err(EditRefused::Conflict(conflicts));
    }
    if value == before {
        // Nothing changed: no draft is begun or written.
        return Ok(draft.hash());
    }
    let new_text = crate::history::plan_file::plan_text(&value);
    let checked = check::check_bytes(
        new_text.clone(),
        &PlansRepo::plan_path(id),
        Some(id),
        Some(lang),
    );
    if checked.count(Severity::Error) > 0 || checked.plan.is_none() {
        return Err(EditRefused::Invalid(checked.findings, value));
    }
    let path = Draft::path(root, id);
    let shown = PlansRepo::plan_path(id);
    let Some(recorded) = &draft.recorded else {
        // Never recorded: the plan file is the draft.
        write_plan_file(&path, &shown, Some(&bytes), &new_text, lang)?;
        return Ok(hash(Some(&new_text)));
    };
    let stored = StoredDraft {
        plan: id.to_string(),
        person: person.clone(),
        base: draft.base.to_string(),
        text: String::from_utf8(new_text.clone()).unwrap_or_default(),
        decision: draft.decision.clone(),
    };
    let recorded_value = serde_json::from_slice::<Value>(recorded).ok();
    let mut now = hash(Some(&new_text));
    if recorded_value.as_ref() == Some(&value) && draft.base == draft.head {
        // Back to what is recorded: no draft left.
        drafts::remove(repo.git_dir(), id, person)
            .map_err(|e| EditRefused::Failed(cannot_write(&shown, &e, lang)))?;
        now = hash(Some(recorded));
    } else {
        drafts::write(repo.git_dir(), &stored)
            .map_err(|e| EditRefused::Failed(cannot_write(&shown, &e, lang)))?;
    }
    if draft.kind == Some(DraftKind::PlanFile) {
        // The plan file's edits are in the draft now (safely written): the
        // file goes back to what is recorded, unless it changed meanwhile.
        write_plan_file(&path, &shown, Some(&bytes), recorded, lang)?;
    }
    Ok(now)
}

/// Writes `bytes` to the plan file only if it still holds `expected`.
fn write_plan_file(
    path: &Path,
    shown: &str,
    expected: Option<&[u8]>,
    bytes: &[u8],
    lang: Lang,
) -> Result<(), EditRefused> {
    let now = source::read_bytes(path).ok();
    if now.as_deref() != expected {
        return Err(EditRefused::Conflict(vec![(
            shown.to_string(),
            ServeMsg::DraftChangedMeanwhile.get(lang),
        )]));
    }
    if now.as_deref() == Some(bytes) {
        return Ok(());
    }
    crate::history::write::write_atomically(path, bytes)
        .map_err(|error| EditRefused::Failed(cannot_write_file(shown, &error, lang)))
}

/// Drops `person`'s draft of plan `id`: theirs in the drafts folder, else
/// (their plan file's edits) the plan file put back as last recorded.
pub fn discard(root: &Path, id: &str, person: &Person, lang: Lang) -> Result<(), CommandError> {
    let repo = PlansRepo::open(root, lang)?;
    let draft = Draft::read(root, id, Some(person), lang)?;
    let shown = PlansRepo::plan_path(id);
    match draft.kind {
        Some(DraftKind::Stored) => drafts::remove(repo.git_dir(), id, person)
            .map_err(|error| cannot_write(&shown, &error, lang)),
        Some(DraftKind::PlanFile) => {
            let Some(recorded) = &draft.recorded else {
                return Ok(());
            };
            crate::history::write::write_atomically(&Draft::path(root, id), recorded)
                .map_err(|error| cannot_write_file(&shown, &error, lang))
        }
        None => Ok(()),
    }
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

/// The decision's words as the form posted them; the door checks them
/// (see [`door::DecisionInput::check`]).
fn decision_input(form: &DecisionForm) -> door::DecisionInput {
    door::DecisionInput {
        summary: form.summary.clone(),
        body: Some(form.rationale.clone()),
        decided_by: form.decided_by.clone(),
        decided_on_typed: Some(form.decided_on.clone()),
        meeting: Some(form.meeting.clone()),
        ..door::DecisionInput::default()
    }
}

/// The decision's problems in the browser's words, keyed by their fields.
fn field_problems(problems: &[door::FieldProblem], lang: Lang) -> RecordOutcome {
    use door::{DecisionField, DecisionProblem};
    let words = |problem: &door::FieldProblem| {
        if let Some((message, hint)) = problem.day_words(lang) {
            return format!("{message} {hint}");
        }
        match (&problem.field, &problem.problem) {
            (_, DecisionProblem::NotADay(text)) => ServeMsg::BadDay.fill(lang, &[("text", text)]),
            (DecisionField::Summary, _) => ServeMsg::SummaryRequired.get(lang),
            (DecisionField::DecidedBy, _) => ServeMsg::DecidedByRequired.get(lang),
            (DecisionField::DecidedOn, _) => ServeMsg::BadDay.fill(lang, &[("text", &"")]),
        }
    };
    RecordOutcome::FieldProblems(
        problems
            .iter()
            .map(|problem| (problem.field.name(), words(problem)))
            .collect(),
    )
}

/// Records the draft of plan `id` as one decision: the same commit, checks
/// and trailers as `backbrief decide` taking hand edits.
pub fn record(
    root: &Path,
    id: &str,
    person: &Person,
    recorder: Option<crate::history::decision::Recorder>,
    form: &DecisionForm,
    lang: Lang,
) -> Result<RecordOutcome, CommandError> {
    let decision = decision_input(form);
    // The words first, before the repository is locked.
    if let Err(problems) = decision.check(None) {
        return Ok(field_problems(&problems, lang));
    }
    let session = crate::history::write::WriteSession::begin(root, lang)?;
    let now = Draft::read(root, id, Some(person), lang)?;
    if now.hash() != form.draft {
        return Ok(RecordOutcome::DraftMoved);
    }
    // A draft kept apart is recorded from its base: when the branch moved
    // since, the door merges it over what was decided meanwhile, or
    // refuses when the two collide. The plan file's edits are recorded as
    // `decide` records hand edits.
    let stored = now.kind == Some(DraftKind::Stored);
    let draft = match (&now.kind, &now.bytes) {
        (Some(DraftKind::Stored), Some(bytes)) => {
            let mut draft = door::Draft::new(id, door::Candidate::Draft(bytes.clone()), decision);
            draft.from = Some(now.base);
            draft
        }
        _ => {
            let mut draft = door::Draft::new(id, door::Candidate::HandEdits, decision);
            draft.from = Oid::from_str(&form.base).ok();
            draft
        }
    };
    let mut draft = draft;
    draft.recorder = recorder;
    match door::record_in(&session, draft, Some(lang), lang) {
        Ok(recorded) => {
            if stored {
                // Recorded: the draft is no more (a failure to remove it
                // leaves a draft equal to the plan, shown as none).
                let _ = drafts::remove(session.repo.git_dir(), id, person);
            }
            Ok(RecordOutcome::Recorded(recorded.commit))
        }
        Err(door::Refusal::Decision(problems, lang)) => Ok(field_problems(&problems, lang)),
        Err(door::Refusal::Error(error)) if !error.findings.is_empty() => {
            Ok(RecordOutcome::Invalid(error.findings))
        }
        Err(door::Refusal::Error(error)) if error.kind == crate::error::ErrorKind::Data => {
            let mut lines = vec![error.message.clone()];
            lines.extend(error.causes.iter().cloned());
            lines.extend(error.hints.iter().cloned());
            Ok(RecordOutcome::Refused(lines))
        }
        Err(door::Refusal::Error(error)) => Err(error),
    }
}

/// The short form of a commit for messages.
pub fn short(commit: Oid) -> String {
    short_id(commit)
}
