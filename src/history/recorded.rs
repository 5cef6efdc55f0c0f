//! The plan as recorded — what every reading view shows — and a person's
//! draft, which only that person sees.
//!
//! Every reader (`status`, `report`, `export`, the pages of `serve`) takes
//! its plans from [`recorded_plans`] or [`recorded_plan`]: the plan file as
//! recorded at the branch head, with the changes nobody recorded yet named
//! beside it ([`Unrecorded`]: a hand edit of the plan file, a person's
//! draft) and never mixed into it. Two cases have no recorded plan to show:
//! outside a git repository the files are all there is ([`Recording::NoHistory`]);
//! a plan file never recorded is read from the work tree and marked
//! [`Recording::NeverRecorded`], and the overview does not count it.
//!
//! [`draft_of`] is the other door: one person's draft — their draft in the
//! drafts folder ([`crate::history::drafts`]), brought up to the head; else,
//! for the person at this computer, the plan file's own unrecorded edits.

use std::path::{Path, PathBuf};

use git2::Oid;
use serde::Serialize;

use crate::error::CommandError;
use crate::history::drafts::{self, Person};
pub use crate::history::eol::plan_file_differs;
use crate::history::repo::PlansRepo;
use crate::i18n::Lang;
use crate::plan::{CheckedPlan, check, source};
use crate::workspace::Workspace;

/// Where a reader's plan comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recording {
    /// As recorded at the branch head.
    Recorded,
    /// In a repository, but never recorded: the file in the work tree.
    NeverRecorded,
    /// Not in a git repository: the file is all there is.
    NoHistory,
}

/// A change to a plan that is not recorded, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Unrecorded {
    /// The plan file in the work tree differs from what was recorded (a
    /// hand edit not yet recorded with `decide`, or a draft an older
    /// `serve` left there).
    PlanFile,
    /// A person's draft in the browser.
    Draft {
        /// The person, as shown ("Name (e-mail)").
        by: String,
    },
}

/// One plan for a reader.
#[derive(Debug, Clone)]
pub struct RecordedPlan {
    /// The plan's id.
    pub id: String,
    /// Its file, as shown: `plans/<id>.json`.
    pub file: String,
    /// How it was found.
    pub recording: Recording,
    /// The changes not recorded (not in [`RecordedPlan::check`]'s plan).
    pub unrecorded: Vec<Unrecorded>,
    source: Source,
}

#[derive(Debug, Clone)]
enum Source {
    /// The bytes recorded at the head.
    Recorded(Vec<u8>),
    /// The file in the work tree.
    File(PathBuf),
}

impl RecordedPlan {
    /// Reads and checks the plan as a reader is to see it.
    pub fn check(&self, lang: Option<Lang>) -> CheckedPlan {
        match &self.source {
            Source::Recorded(bytes) => {
                check::check_bytes(bytes.clone(), &self.file, Some(&self.id), lang)
            }
            Source::File(path) => check::check_file(path, &self.file, lang),
        }
    }

    /// The plan file's bytes as the reader sees them (None: unreadable).
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match &self.source {
            Source::Recorded(bytes) => Some(bytes.clone()),
            Source::File(path) => source::read_bytes(path).ok(),
        }
    }

    /// Whether some change to the plan is not recorded, or the plan never was.
    pub fn has_unrecorded(&self) -> bool {
        !self.unrecorded.is_empty() || self.recording == Recording::NeverRecorded
    }
}

/// The repository around a workspace, at its head; None outside git (or
/// in a repository not usable: the files are then all there is).
struct AtHead {
    repo: PlansRepo,
    head: Option<Oid>,
}

fn at_head(workspace: &Workspace) -> Option<AtHead> {
    git2::Repository::discover(&workspace.root).ok()?;
    let repo = PlansRepo::open(&workspace.root, Lang::default()).ok()?;
    let head = repo.head_commit(Lang::default()).ok();
    Some(AtHead { repo, head })
}

/// Every plan as recorded at the branch head, and the plans in the work
/// tree never recorded, sorted by id; outside git, the plan files.
pub fn recorded_plans(
    workspace: &Workspace,
    lang: Lang,
) -> Result<Vec<RecordedPlan>, CommandError> {
    let files = workspace.plan_files(lang)?;
    let Some(at) = at_head(workspace) else {
        return Ok(files
            .into_iter()
            .map(|path| from_file(workspace, path, Recording::NoHistory))
            .collect());
    };
    let mut recorded: Vec<(String, Vec<u8>)> = match at.head {
        Some(head) => crate::history::trail::plan_files_at(&at.repo, head)
            .map_err(|e| crate::history::repo::git_error(&e, lang))?,
        None => Vec::new(),
    };
    recorded.retain(|(id, _)| crate::workspace::is_valid_id(id));
    let mut plans: Vec<RecordedPlan> = Vec::new();
    for path in files {
        let id = stem(&path);
        if !recorded.iter().any(|(known, _)| *known == id) {
            plans.push(from_file(workspace, path, Recording::NeverRecorded));
        }
    }
    for (id, bytes) in recorded {
        plans.push(with_marks(&at.repo, workspace, id, bytes));
    }
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(plans)
}

/// Plan `id` as recorded at the branch head (see [`recorded_plans`]); an
/// unknown plan is an error naming the plans there are.
pub fn recorded_plan(
    workspace: &Workspace,
    id: &str,
    lang: Lang,
) -> Result<RecordedPlan, CommandError> {
    let at = at_head(workspace);
    let bytes = at.as_ref().and_then(|at| {
        let head = at.head?;
        crate::workspace::is_valid_id(id)
            .then(|| {
                at.repo
                    .file_at(head, &PlansRepo::plan_path(id))
                    .ok()
                    .flatten()
            })
            .flatten()
    });
    match (at, bytes) {
        (Some(at), Some(bytes)) => {
            crate::workspace::ensure_real_plans_dir(&workspace.root, lang)?;
            Ok(with_marks(&at.repo, workspace, id.to_string(), bytes))
        }
        (at, _) => {
            let path = workspace.existing_plan(id, lang)?;
            let recording = match at {
                Some(_) => Recording::NeverRecorded,
                None => Recording::NoHistory,
            };
            Ok(from_file(workspace, path, recording))
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn from_file(workspace: &Workspace, path: PathBuf, recording: Recording) -> RecordedPlan {
    RecordedPlan {
        id: stem(&path),
        file: workspace.shown(&path),
        recording,
        unrecorded: Vec::new(),
        source: Source::File(path),
    }
}

fn with_marks(repo: &PlansRepo, workspace: &Workspace, id: String, bytes: Vec<u8>) -> RecordedPlan {
    let path = PlansRepo::plan_path(&id);
    let mut unrecorded = Vec::new();
    let on_disk = source::read_bytes(&workspace.root.join(&path)).ok();
    if plan_file_differs(repo, &path, on_disk.as_deref(), &bytes) {
        unrecorded.push(Unrecorded::PlanFile);
    }
    for draft in drafts::all_of(repo.git_dir(), &id) {
        if draft.text.as_bytes() != bytes.as_slice() {
            unrecorded.push(Unrecorded::Draft {
                by: draft.person.shown(),
            });
        }
    }
    RecordedPlan {
        file: path,
        id,
        recording: Recording::Recorded,
        unrecorded,
        source: Source::Recorded(bytes),
    }
}

/// Where a person's draft is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    /// In the drafts folder.
    Stored,
    /// In the plan file itself (hand edits, or an older `serve`'s draft).
    PlanFile,
}

/// A person's draft of a plan.
#[derive(Debug, Clone)]
pub struct PersonDraft {
    /// The plan file's text as the draft has it.
    pub bytes: Vec<u8>,
    /// The commit it is based on (the head, unless it collides with what
    /// was decided since it began).
    pub base: Oid,
    /// Where it is kept.
    pub kind: DraftKind,
    /// Fields decided differently since the draft began: (field, the
    /// draft's value, the value now).
    pub collisions: Vec<(String, String, String)>,
    /// What was typed in the decision form, kept with the draft.
    pub decision: std::collections::BTreeMap<String, String>,
}

/// `person`'s draft of plan `id`: theirs in the drafts folder, brought up
/// to the head; else, when `local` (the person at this computer, whose
/// hand edits the plan file holds), the plan file when it differs from what
/// was recorded. None: no draft (or no history to have one in).
pub fn draft_of(root: &Path, id: &str, person: &Person, local: bool) -> Option<PersonDraft> {
    if !crate::workspace::is_valid_id(id) {
        return None;
    }
    let repo = PlansRepo::open(root, Lang::default()).ok()?;
    let head = repo.head_commit(Lang::default()).ok()?;
    if let Some(stored) = drafts::read(repo.git_dir(), id, person) {
        let rebased = drafts::rebased(&repo, head, &stored);
        return Some(PersonDraft {
            bytes: rebased.text.into_bytes(),
            base: rebased.base,
            kind: DraftKind::Stored,
            collisions: rebased.collisions,
            decision: stored.decision,
        });
    }
    if !local {
        return None;
    }
    let path = PlansRepo::plan_path(id);
    let recorded = repo.file_at(head, &path).ok().flatten()?;
    let on_disk = source::read_bytes(&root.join(&path)).ok()?;
    plan_file_differs(&repo, &path, Some(&on_disk), &recorded).then_some(PersonDraft {
        bytes: on_disk,
        base: head,
        kind: DraftKind::PlanFile,
        collisions: Vec::new(),
        decision: Default::default(),
    })
}

/// The unrecorded changes in words: "ændringer i planens fil; kladde af …".
pub fn unrecorded_words(unrecorded: &[Unrecorded], lang: Lang) -> String {
    use crate::i18n::{DraftMsg, Message};
    unrecorded
        .iter()
        .map(|change| match change {
            Unrecorded::PlanFile => DraftMsg::SourcePlanFile.get(lang),
            Unrecorded::Draft { by } => DraftMsg::SourceDraftBy.fill(lang, &[("by", by)]),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The sentence that marks a plan a reader shows as recorded, when it has
/// unrecorded changes or was never recorded (None: nothing to say).
pub fn unrecorded_note(plan: &RecordedPlan, lang: Lang) -> Option<String> {
    use crate::i18n::{DraftMsg, Message};
    if plan.recording == Recording::NeverRecorded {
        return Some(DraftMsg::NeverRecordedNote.get(lang));
    }
    (!plan.unrecorded.is_empty()).then(|| {
        DraftMsg::UnrecordedNote.fill(
            lang,
            &[("sources", &unrecorded_words(&plan.unrecorded, lang))],
        )
    })
}
