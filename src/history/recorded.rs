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
use std::sync::{Arc, Mutex, OnceLock};

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
    /// The file recorded at the head: its blob, read when first asked for.
    Recorded(Arc<RecordedBlob>),
    /// The file in the work tree.
    File(PathBuf),
}

/// A recorded plan file: its blob, and its bytes once read. Listing a
/// thousand plans reads none of them; a reader that remembers what it
/// made of a blob never asks for its bytes.
struct RecordedBlob {
    blob: Oid,
    bytes: OnceLock<Option<Vec<u8>>>,
    /// The repository to read it from (None: read already).
    repo: Option<Arc<Mutex<PlansRepo>>>,
}

impl std::fmt::Debug for RecordedBlob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordedBlob")
            .field("blob", &self.blob)
            .finish_non_exhaustive()
    }
}

impl RecordedBlob {
    fn read(blob: Oid, bytes: Vec<u8>) -> Arc<RecordedBlob> {
        Arc::new(RecordedBlob {
            blob,
            bytes: OnceLock::from(Some(bytes)),
            repo: None,
        })
    }

    fn bytes(&self) -> Option<&[u8]> {
        self.bytes
            .get_or_init(|| {
                let repo = self.repo.as_ref()?;
                let repo = match repo.lock() {
                    Ok(repo) => repo,
                    Err(poisoned) => poisoned.into_inner(),
                };
                let blob = repo.git.find_blob(self.blob).ok()?;
                Some(blob.content().to_vec())
            })
            .as_deref()
    }
}

impl RecordedPlan {
    /// Reads and checks the plan as a reader is to see it.
    pub fn check(&self, lang: Option<Lang>) -> CheckedPlan {
        match &self.source {
            Source::Recorded(recorded) => check::check_bytes(
                recorded.bytes().map(<[u8]>::to_vec).unwrap_or_default(),
                &self.file,
                Some(&self.id),
                lang,
            ),
            Source::File(path) => check::check_file(path, &self.file, lang),
        }
    }

    /// The plan file's bytes as the reader sees them (None: unreadable).
    pub fn bytes(&self) -> Option<Vec<u8>> {
        match &self.source {
            Source::Recorded(recorded) => recorded.bytes().map(<[u8]>::to_vec),
            Source::File(path) => source::read_bytes(path).ok(),
        }
    }

    /// The recorded file's blob (None: read from the work tree). The same
    /// blob is the same recorded plan, to the byte.
    pub fn blob(&self) -> Option<Oid> {
        match &self.source {
            Source::Recorded(recorded) => Some(recorded.blob),
            Source::File(_) => None,
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
    recorded_plans_stamped(workspace, lang, None)
}

/// As [`recorded_plans`], knowing the work tree's plan files by `stamps`
/// (a server lists the plans on every visit: a file unchanged since it was
/// last looked at is not read again).
pub fn recorded_plans_stamped(
    workspace: &Workspace,
    lang: Lang,
    stamps: Option<&FileStamps>,
) -> Result<Vec<RecordedPlan>, CommandError> {
    let files = workspace.plan_files(lang)?;
    let Some(at) = at_head(workspace) else {
        return Ok(files
            .into_iter()
            .map(|path| from_file(workspace, path, Recording::NoHistory))
            .collect());
    };
    let mut recorded: Vec<(String, Oid)> = match at.head {
        Some(head) => crate::history::plan_file::plan_blobs_at(&at.repo, head)
            .map_err(|e| crate::history::repo::git_error(&e, lang))?,
        None => Vec::new(),
    };
    recorded.retain(|(id, _)| crate::workspace::is_valid_id(id));
    let known: std::collections::HashSet<&str> =
        recorded.iter().map(|(id, _)| id.as_str()).collect();
    let mut plans: Vec<RecordedPlan> = Vec::new();
    for path in files {
        let id = stem(&path);
        if !known.contains(id.as_str()) {
            plans.push(from_file(workspace, path, Recording::NeverRecorded));
        }
    }
    // The plans someone has a draft of: their folders, listed once.
    let drafted: Option<std::collections::HashSet<String>> =
        std::fs::read_dir(drafts::drafts_dir(at.repo.git_dir()))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .ok();
    let repo = Arc::new(Mutex::new(at.repo));
    for (id, blob) in recorded {
        let recorded = Arc::new(RecordedBlob {
            blob,
            bytes: OnceLock::new(),
            repo: Some(repo.clone()),
        });
        let drafts = drafted.as_ref().is_none_or(|drafted| drafted.contains(&id));
        plans.push(with_marks(&repo, workspace, id, recorded, stamps, drafts));
    }
    plans.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(plans)
}

/// What the work tree's plan files were when last read: by path, the
/// file's size, modification time and inode, and its blob id. A file whose
/// stamp is unchanged is taken to hold what it held, as git's index takes
/// it; a stamp taken within two seconds of the file's change is not
/// trusted (the file may change again within the clock's tick).
#[derive(Default)]
pub struct FileStamps {
    known: Mutex<std::collections::HashMap<std::ffi::OsString, (Stamp, Oid)>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    inode: u64,
}

impl FileStamps {
    /// The blob id of the file at `path` with these bytes (None: unreadable).
    fn blob_of(&self, path: &Path) -> Option<Oid> {
        let stamp = |meta: &std::fs::Metadata| {
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(meta);
            #[cfg(not(unix))]
            let inode = 0;
            Some(Stamp {
                len: meta.len(),
                modified: meta.modified().ok()?,
                inode,
            })
        };
        let before = std::fs::symlink_metadata(path).ok().and_then(|m| stamp(&m));
        let mut known = match self.known.lock() {
            Ok(known) => known,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let (Some(now), Some((was, blob))) = (before, known.get(path.as_os_str()))
            && now == *was
        {
            return Some(*blob);
        }
        drop(known);
        let bytes = source::read_bytes(path).ok()?;
        let blob = Oid::hash_object(git2::ObjectType::Blob, &bytes).ok()?;
        let settled = before.is_some_and(|stamp| {
            stamp
                .modified
                .elapsed()
                .is_ok_and(|age| age > std::time::Duration::from_secs(2))
        });
        known = match self.known.lock() {
            Ok(known) => known,
            Err(poisoned) => poisoned.into_inner(),
        };
        match before {
            Some(stamp) if settled => known.insert(path.as_os_str().to_owned(), (stamp, blob)),
            _ => known.remove(path.as_os_str()),
        };
        Some(blob)
    }
}

/// Plan `id` as recorded at the branch head (see [`recorded_plans`]); an
/// unknown plan is an error naming the plans there are.
pub fn recorded_plan(
    workspace: &Workspace,
    id: &str,
    lang: Lang,
) -> Result<RecordedPlan, CommandError> {
    let at = at_head(workspace);
    let recorded = at.as_ref().and_then(|at| {
        let head = at.head?;
        if !crate::workspace::is_valid_id(id) {
            return None;
        }
        let commit = at.repo.git.find_commit(head).ok()?;
        let blob = at
            .repo
            .blob_id_at(&commit, Path::new(&PlansRepo::plan_path(id)))?;
        let bytes = at.repo.git.find_blob(blob).ok()?.content().to_vec();
        Some(RecordedBlob::read(blob, bytes))
    });
    match (at, recorded) {
        (Some(at), Some(recorded)) => {
            crate::workspace::ensure_real_plans_dir(&workspace.root, lang)?;
            let repo = Mutex::new(at.repo);
            Ok(with_marks(
                &repo,
                workspace,
                id.to_string(),
                recorded,
                None,
                true,
            ))
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

fn with_marks(
    repo: &Mutex<PlansRepo>,
    workspace: &Workspace,
    id: String,
    recorded: Arc<RecordedBlob>,
    stamps: Option<&FileStamps>,
    may_have_drafts: bool,
) -> RecordedPlan {
    let path = PlansRepo::plan_path(&id);
    let full = workspace.root.join(&path);
    let mut unrecorded = Vec::new();
    // The same blob id is the same bytes: only a file that differs is read
    // and compared as git would store it.
    let same_blob = match stamps {
        Some(stamps) => stamps.blob_of(&full) == Some(recorded.blob),
        None => false,
    };
    let git_dir = {
        let repo = match repo.lock() {
            Ok(repo) => repo,
            Err(poisoned) => poisoned.into_inner(),
        };
        if !same_blob {
            let on_disk = source::read_bytes(&full).ok();
            if plan_file_differs(
                &repo,
                &path,
                on_disk.as_deref(),
                recorded_bytes(&repo, &recorded)
                    .as_deref()
                    .unwrap_or_default(),
            ) {
                unrecorded.push(Unrecorded::PlanFile);
            }
        }
        repo.git_dir().to_path_buf()
    };
    let drafts = match may_have_drafts {
        true => drafts::all_of(&git_dir, &id),
        false => Vec::new(),
    };
    for draft in drafts {
        let text = draft.text.as_bytes();
        let same = Oid::hash_object(git2::ObjectType::Blob, text).ok() == Some(recorded.blob)
            || recorded.bytes() == Some(text);
        if !same {
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
        source: Source::Recorded(recorded),
    }
}

/// The recorded file's bytes, read through the repository already held.
fn recorded_bytes(repo: &PlansRepo, recorded: &RecordedBlob) -> Option<Vec<u8>> {
    if let Some(read) = recorded.bytes.get() {
        return read.clone();
    }
    let bytes = repo
        .git
        .find_blob(recorded.blob)
        .ok()
        .map(|blob| blob.content().to_vec());
    let _ = recorded.bytes.set(bytes.clone());
    bytes
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

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(bytes: &[u8]) -> Option<Oid> {
        Oid::hash_object(git2::ObjectType::Blob, bytes).ok()
    }

    #[test]
    fn a_file_changed_since_its_stamp_is_read_again() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("plan.json");
        let stamps = FileStamps::default();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::write(&path, b"{\"a\": 1}").expect("written");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(old))
            .expect("dated");
        assert_eq!(stamps.blob_of(&path), blob(b"{\"a\": 1}"));
        // Same size, changed now: the stamp differs, the file is read.
        std::fs::write(&path, b"{\"a\": 2}").expect("written");
        assert_eq!(stamps.blob_of(&path), blob(b"{\"a\": 2}"));
        // Changed again within the clock's tick: that stamp was not kept.
        std::fs::write(&path, b"{\"a\": 3}").expect("written");
        assert_eq!(stamps.blob_of(&path), blob(b"{\"a\": 3}"));
        std::fs::remove_file(&path).expect("removed");
        assert_eq!(stamps.blob_of(&path), None);
    }
}
