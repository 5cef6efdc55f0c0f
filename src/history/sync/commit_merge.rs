//! Merging two commits: every plan changed on both sides merged
//! semantically ([`crate::plan::merge`]), everything else by git's own
//! three-way merge; and the resolutions a sync records in its trailers.
//!
//! The same computation checks a merge commit afterwards
//! ([`super::check::check_merge_commit`]).

use std::collections::BTreeSet;
use std::path::Path;

use git2::{FileMode, IndexEntry, IndexTime, MergeOptions, Oid};
use serde_json::Value;

use crate::history::decision::trailers;
use crate::history::repo::PlansRepo;
use crate::i18n::{Lang, Message, ValidateMsg};
use crate::plan::merge::{Conflict, PlanMerge, Side, Target, merge};
use crate::plan::setter::{SetOp, Setter, SetterError, apply_setter, item_ids};
use crate::plan::{Plan, Severity, check_text, source};

/// Trailer of a sync's merge commit: the remote and branch it merged.
pub const SYNC: &str = "Sync";
/// Trailer listing one decision the merge combines.
pub const COMBINES: &str = "Combines";
/// Trailer naming who settled the conflicts.
pub const RESOLVED_BY: &str = "Resolved-by";
/// Trailer recording how one conflict was settled.
pub const RESOLVED: &str = "Resolved";

/// One plan file in the base and on both sides.
#[derive(Debug, Clone)]
pub struct PlanFiles {
    /// The plan's id (the file stem).
    pub id: String,
    /// The file in the base, when there.
    pub base: Option<Vec<u8>>,
    /// The file on our side, when there.
    pub ours: Option<Vec<u8>>,
    /// The file on their side, when there.
    pub theirs: Option<Vec<u8>>,
}

impl PlanFiles {
    /// The file on `side`.
    pub fn side(&self, side: Side) -> Option<&[u8]> {
        match side {
            Side::Ours => self.ours.as_deref(),
            Side::Theirs => self.theirs.as_deref(),
        }
    }
}

/// A plan both sides changed, and how it merges.
#[derive(Debug, Clone)]
pub struct MergedPlan {
    /// The three files.
    pub files: PlanFiles,
    /// The semantic merge.
    pub merge: PlanMerge,
    /// The language the plan speaks.
    pub lang: Lang,
}

impl MergedPlan {
    /// The plan's title, on our side else theirs else the base.
    pub fn title(&self) -> String {
        [Side::Ours, Side::Theirs]
            .into_iter()
            .find_map(|side| self.merge.side(side))
            .or(self.merge.base())
            .map_or_else(|| self.files.id.clone(), |plan| plan.title.clone())
    }
}

/// A merged plan file: the plan's id, and its bytes (None when removed).
pub type MergedFile = (String, Option<Vec<u8>>);

/// A plan one side brings that is not valid: reported, never merged.
#[derive(Debug, Clone)]
pub struct InvalidPlan {
    /// The plan's id.
    pub id: String,
    /// The side it is invalid on.
    pub side: Side,
    /// How many errors it has.
    pub count: usize,
    /// The first, as `file:line:column: sentence`.
    pub first: String,
}

/// Two commits, their merge base, and how their plans merge.
#[derive(Debug, Clone)]
pub struct CommitMerge {
    /// The merge base.
    pub base: Oid,
    /// Our commit (the first parent).
    pub ours: Oid,
    /// Their commit (the second parent).
    pub theirs: Oid,
    /// The plans both sides changed, merged semantically, by id.
    pub plans: Vec<MergedPlan>,
    /// Plans changed on one side that are not valid there.
    pub invalid: Vec<InvalidPlan>,
}

/// How the conflicts of a merge were settled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolutions {
    /// Conflicts settled by taking one side: (plan, target, side).
    pub choices: Vec<(String, Target, Side)>,
    /// Values set after the choices (`--resolve`): (plan, setter).
    pub values: Vec<(String, Setter)>,
}

/// Why a settled merge cannot be carried out.
#[derive(Debug, Clone)]
pub enum ResolveError {
    /// The choices do not fit together (a change needs one the other side's
    /// choice dropped).
    Apply {
        /// The plan.
        plan: String,
        /// What went wrong, in words.
        detail: String,
    },
    /// A `--resolve` cannot be carried out.
    Setter {
        /// The plan.
        plan: String,
        /// The setter's own explanation.
        error: SetterError,
    },
}

use crate::history::plan_file::plan_blobs_at;

pub(super) fn blob_of(list: &[(String, Oid)], id: &str) -> Option<Oid> {
    list.iter()
        .find(|(name, _)| name == id)
        .map(|(_, oid)| *oid)
}

/// The errors of a plan file: None when valid, else (count, first).
fn problems(bytes: &[u8], id: &str, lang: Option<Lang>) -> Option<(usize, String)> {
    let shown = PlansRepo::plan_path(id);
    let text = match source::text_from_bytes(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => {
            let sentence = ValidateMsg::NotUtf8.get(lang.unwrap_or_default());
            return Some((1, format!("{shown}: {sentence}")));
        }
    };
    let checked = check_text(&text, &shown, Some(id), lang);
    let mut errors = checked
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error);
    let first = errors.next()?;
    Some((
        1 + errors.count(),
        format!("{}:{}: {}", first.file, first.at, first.message),
    ))
}

/// A plan from its file's bytes, when it parses.
pub(super) fn parse(bytes: Option<&[u8]>) -> Option<Plan> {
    crate::history::plan_file::plan_from_bytes(bytes?)
}

impl CommitMerge {
    /// Merges the plans of `ours` and `theirs` from their merge base `base`.
    /// Plans a side changed are checked; an invalid one is listed in
    /// [`CommitMerge::invalid`] and not merged.
    pub fn compute(
        repo: &PlansRepo,
        base: Oid,
        ours: Oid,
        theirs: Oid,
        lang: Option<Lang>,
    ) -> Result<CommitMerge, git2::Error> {
        let lists = [
            plan_blobs_at(repo, base)?,
            plan_blobs_at(repo, ours)?,
            plan_blobs_at(repo, theirs)?,
        ];
        let ids: BTreeSet<&String> = lists.iter().flatten().map(|(id, _)| id).collect();
        let mut merge_result = CommitMerge {
            base,
            ours,
            theirs,
            plans: Vec::new(),
            invalid: Vec::new(),
        };
        let read = |oid: Option<Oid>| -> Result<Option<Vec<u8>>, git2::Error> {
            oid.map(|oid| repo.git.find_blob(oid).map(|blob| blob.content().to_vec()))
                .transpose()
        };
        for id in ids {
            let [base_blob, our_blob, their_blob] = [0, 1, 2].map(|i| blob_of(&lists[i], id));
            let mut invalid_here = false;
            for (side, blob) in [(Side::Ours, our_blob), (Side::Theirs, their_blob)] {
                if blob == base_blob {
                    continue;
                }
                let Some(bytes) = read(blob)? else { continue };
                if let Some((count, first)) = problems(&bytes, id, lang) {
                    invalid_here = true;
                    merge_result.invalid.push(InvalidPlan {
                        id: id.clone(),
                        side,
                        count,
                        first,
                    });
                }
            }
            let changed_on_both =
                our_blob != their_blob && our_blob != base_blob && their_blob != base_blob;
            if invalid_here || !changed_on_both {
                continue;
            }
            let files = PlanFiles {
                id: id.clone(),
                base: read(base_blob)?,
                ours: read(our_blob)?,
                theirs: read(their_blob)?,
            };
            let plans = [&files.base, &files.ours, &files.theirs].map(|b| parse(b.as_deref()));
            let plan_lang = lang
                .or_else(|| plans.iter().flatten().next().map(Plan::language))
                .unwrap_or_default();
            let merge = merge(plans[0].as_ref(), plans[1].as_ref(), plans[2].as_ref());
            merge_result.plans.push(MergedPlan {
                files,
                merge,
                lang: plan_lang,
            });
        }
        Ok(merge_result)
    }

    /// Every conflict, with its plan and its index in that plan's merge.
    pub fn conflicts(&self) -> impl Iterator<Item = (&MergedPlan, usize, &Conflict)> {
        self.plans.iter().flat_map(|plan| {
            plan.merge
                .conflicts
                .iter()
                .enumerate()
                .map(move |(index, conflict)| (plan, index, conflict))
        })
    }

    /// The merged plan files (id, bytes; None when removed), each conflict
    /// settled as `resolutions` say (ours when they say nothing).
    pub fn resolve(&self, resolutions: &Resolutions) -> Result<Vec<MergedFile>, ResolveError> {
        let mut out = Vec::with_capacity(self.plans.len());
        for plan in &self.plans {
            let id = &plan.files.id;
            let choose = |_: usize, conflict: &Conflict| {
                resolutions
                    .side_for(id, &conflict.target)
                    .unwrap_or(Side::Ours)
            };
            let mut value = plan
                .merge
                .resolve(&choose)
                .map_err(|error| ResolveError::Apply {
                    plan: id.clone(),
                    detail: error.0.message(plan.lang),
                })?;
            for (_, setter) in resolutions.values.iter().filter(|(p, _)| p == id) {
                let Some(value) = value.as_mut() else {
                    continue;
                };
                let removes_absent = setter.op == SetOp::Remove
                    && setter.target.len() == 1
                    && !item_ids(value).contains(&setter.target[0]);
                if removes_absent {
                    continue;
                }
                apply_setter(value, setter, plan.lang).map_err(|error| ResolveError::Setter {
                    plan: id.clone(),
                    error,
                })?;
            }
            out.push((id.clone(), value.map(|value| plan_bytes(plan, &value))));
        }
        Ok(out)
    }
}

/// The bytes of a merged plan: a side's own file when the merge equals it
/// (so nothing is reformatted), else pretty JSON.
fn plan_bytes(plan: &MergedPlan, value: &Value) -> Vec<u8> {
    let merged: Option<Plan> = serde_json::from_value(value.clone()).ok();
    for side in [Side::Ours, Side::Theirs] {
        if merged.is_some()
            && merged.as_ref() == plan.merge.side(side)
            && let Some(bytes) = plan.files.side(side)
        {
            return bytes.to_vec();
        }
    }
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

impl Resolutions {
    /// The side chosen for the conflict at `target` in `plan`. Targets are
    /// compared as written (`title` is the plan's field, whether read back
    /// from a trailer as an item or not).
    pub fn side_for(&self, plan: &str, target: &Target) -> Option<Side> {
        let written = target.to_string();
        self.choices
            .iter()
            .find(|(p, t, _)| p == plan && t.to_string() == written)
            .map(|(_, _, side)| *side)
    }

    /// Whether a `--resolve` value settles the conflict at `target` in `plan`.
    pub fn sets(&self, plan: &str, conflict: &Conflict) -> bool {
        conflict.kind.takes_value()
            && self
                .values
                .iter()
                .any(|(p, setter)| p == plan && conflict.target.matches(&setter.target))
    }

    /// Whether every conflict of the merge is settled.
    pub fn settle_all(&self, merge: &CommitMerge) -> bool {
        merge.conflicts().all(|(plan, _, conflict)| {
            self.side_for(&plan.files.id, &conflict.target).is_some()
                || self.sets(&plan.files.id, conflict)
        })
    }

    /// The `Resolved` trailers: `PLAN TARGET ours|theirs` for a choice
    /// (`PLAN ours|theirs` for a whole plan), `PLAN TARGET=VALUE` for a value.
    pub fn trailer_values(&self) -> Vec<String> {
        let choices = self.choices.iter().map(|(plan, target, side)| {
            let target = target.to_string();
            if target.is_empty() {
                format!("{plan} {}", side.as_str())
            } else {
                format!("{plan} {target} {}", side.as_str())
            }
        });
        let values = self
            .values
            .iter()
            .map(|(plan, setter)| format!("{plan} {setter}"));
        choices.chain(values).collect()
    }

    /// Reads the `Resolved` trailers of a commit message. Lines that do not
    /// read are left out (verify then finds the merge does not match).
    pub fn from_message(message: &str) -> Resolutions {
        let mut resolutions = Resolutions::default();
        for (key, value) in trailers(message) {
            if !key.eq_ignore_ascii_case(RESOLVED) {
                continue;
            }
            let Some((plan, rest)) = value.trim().split_once(' ') else {
                continue;
            };
            let rest = rest.trim();
            let first_word = rest.split(' ').next().unwrap_or_default();
            if first_word.contains('=') {
                if let Ok(setter) = Setter::parse(rest, Lang::default()) {
                    resolutions.values.push((plan.to_string(), setter));
                }
                continue;
            }
            let words: Vec<&str> = rest.split_whitespace().collect();
            let (target, side) = match words.as_slice() {
                [side] => (String::new(), *side),
                [target, side] => ((*target).to_string(), *side),
                _ => continue,
            };
            if let Some(side) = Side::parse(side) {
                resolutions
                    .choices
                    .push((plan.to_string(), Target::parse(&target), side));
            }
        }
        resolutions
    }
}

/// What git's own three-way merge of the two commits gives, with the plans
/// in `plans` (id, bytes or None when removed) put in: the tree, or the
/// paths outside the plans that git could not merge.
pub fn merged_tree(
    repo: &PlansRepo,
    ours: Oid,
    theirs: Oid,
    plans: &[MergedFile],
) -> Result<Result<Oid, Vec<String>>, git2::Error> {
    let git = &repo.git;
    let mut options = MergeOptions::new();
    options.find_renames(false);
    let mut index = git.merge_commits(
        &git.find_commit(ours)?,
        &git.find_commit(theirs)?,
        Some(&options),
    )?;
    for (id, bytes) in plans {
        let path = PlansRepo::plan_path(id);
        let _ = index.remove_path(Path::new(&path));
        if let Some(bytes) = bytes {
            let blob = git.blob(bytes)?;
            index.add(&index_entry(&path, blob, bytes.len()))?;
        }
    }
    if index.has_conflicts() {
        let mut paths: BTreeSet<String> = BTreeSet::new();
        for conflict in index.conflicts()? {
            let conflict = conflict?;
            for entry in [conflict.ancestor, conflict.our, conflict.their]
                .into_iter()
                .flatten()
            {
                paths.insert(String::from_utf8_lossy(&entry.path).into_owned());
            }
        }
        return Ok(Err(paths.into_iter().collect()));
    }
    Ok(Ok(index.write_tree_to(git)?))
}

fn index_entry(path: &str, blob: Oid, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: u32::from(FileMode::Blob),
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id: blob,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions_read_back_from_their_trailers() {
        let setter = |text: &str| Setter::parse(text, Lang::En).expect("a setter");
        let resolutions = Resolutions {
            choices: vec![
                ("p".into(), Target::parse("workshop.status"), Side::Theirs),
                (
                    "p".into(),
                    Target {
                        item: None,
                        field: Some("title".into()),
                    },
                    Side::Ours,
                ),
                ("ny".into(), Target::parse(""), Side::Theirs),
                ("p".into(), Target::parse("ours"), Side::Theirs),
            ],
            values: vec![
                ("p".into(), setter("workshop.owner=Anna og Bo")),
                ("p".into(), setter("moede=")),
            ],
        };
        let mut message = String::from("Sync\n\nSync: origin main\n");
        for value in resolutions.trailer_values() {
            message.push_str(&format!("{RESOLVED}: {value}\n"));
        }
        let back = Resolutions::from_message(&message);
        for (plan, target, side) in &resolutions.choices {
            assert_eq!(back.side_for(plan, target), Some(*side), "{plan} {target}");
        }
        assert_eq!(back.values, resolutions.values);
    }
}
