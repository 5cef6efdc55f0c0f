//! Checking ssh signatures of decisions against the repository's allowed
//! signers (`.backbrief/allowed_signers`, in the format of git's
//! `gpg.ssh.allowedSignersFile`), with `ssh-keygen -Y verify` as git does.
//!
//! Only `ssh-keygen` from the search path is run, never a program named in
//! the repository's own configuration: an auditor's check must not be
//! steered by the repository it checks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::{Commit, ErrorCode, Oid, Tree};

use super::{ALLOWED_SIGNERS, Place, Verifier};
use crate::error::CommandError;
use crate::i18n::{Message, VerifyMsg};
use crate::plan::Severity;

const PROGRAM: &str = "ssh-keygen";

/// How many decisions a merge brings in unsigned are named (and checked)
/// at most.
const BROUGHT_IN_NAMED: usize = 20;

/// What a signature check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A valid signature by a signer allowed for the e-mail address.
    Good,
    /// A valid signature, but by a key not allowed for the e-mail address.
    NotAllowed,
    /// The signature does not match the signed data, or is damaged.
    Bad,
}

/// The allowed signers, written to a temporary file for `ssh-keygen`.
pub struct AllowedSigners {
    file: TemporaryFile,
}

impl AllowedSigners {
    /// Writes the allowed signers (one version of the list) to a temporary file.
    pub fn new(contents: &[u8]) -> Result<AllowedSigners, String> {
        Ok(AllowedSigners {
            file: TemporaryFile::with(contents)?,
        })
    }

    /// Checks an ssh `signature` of `data` by `email`, made at `when` (seconds
    /// since the epoch, for signers with `valid-after`/`valid-before`).
    /// Errs when ssh-keygen cannot be run.
    pub fn verify(
        &self,
        signature: &[u8],
        data: &[u8],
        email: &str,
        when: i64,
    ) -> Result<Verdict, String> {
        let signature_file = TemporaryFile::with(signature)?;
        let allowed = self.file.0.to_string_lossy().into_owned();
        let signature_path = signature_file.0.to_string_lossy().into_owned();
        let verify_time = format!("-Overify-time={}", local_time(when));
        let allowed_and_valid = run(
            &[
                "-Y",
                "verify",
                "-n",
                "git",
                "-f",
                &allowed,
                "-I",
                email,
                "-s",
                &signature_path,
                &verify_time,
            ],
            data,
        )?;
        if allowed_and_valid {
            return Ok(Verdict::Good);
        }
        // Tell a good signature by a key not allowed from a bad signature.
        let intact = run(
            &["-Y", "check-novalidate", "-n", "git", "-s", &signature_path],
            data,
        )?;
        Ok(if intact {
            Verdict::NotAllowed
        } else {
            Verdict::Bad
        })
    }
}

/// What a commit's signature says, checked against one signer list.
enum Signed {
    /// Signed by a key the list allows for the author's e-mail address.
    Good,
    /// Not signed at all.
    Unsigned,
    /// Signed with OpenPGP, which the list cannot allow.
    NotSsh,
    /// Signed with a key the list does not allow for this address.
    NotAllowed(String),
    /// The signature does not match the commit, or is damaged.
    Bad,
    /// The commit could not be read (reported as an unreadable object).
    Unreadable,
}

impl Verifier<'_> {
    fn signatures_unchecked(&self, detail: &str) -> CommandError {
        CommandError::environment(
            VerifyMsg::SignaturesUnchecked.fill(self.lang, &[("detail", &detail)]),
        )
        .hinted(VerifyMsg::SignaturesUncheckedHint.get(self.lang))
    }

    /// The signer list (blob) in `tree`, when there is one.
    fn signer_list_in(tree: &Tree<'_>) -> Option<Oid> {
        tree.get_path(Path::new(ALLOWED_SIGNERS))
            .ok()
            .filter(|entry| entry.kind() == Some(git2::ObjectType::Blob))
            .map(|entry| entry.id())
    }

    /// The signer list in force at a commit: traced for the commits checked,
    /// taken as recorded for one before them (history already checked, or
    /// the edge of what a push brings).
    pub(super) fn signers_at(&self, commit: Oid) -> Option<Oid> {
        match self.trusted_signers.get(&commit) {
            Some(list) => *list,
            None => self.recorded_signers(commit),
        }
    }

    /// The signer list a commit's tree holds.
    pub(super) fn recorded_signers(&self, commit: Oid) -> Option<Oid> {
        let tree = self.repo.git.find_commit(commit).ok()?.tree().ok()?;
        Self::signer_list_in(&tree)
    }

    /// Follows the signer list through the history, parents before children:
    /// the first list is trusted as recorded; every later change to it (a
    /// new key, a removed key, the list removed) must be signed by a key the
    /// list in force before allowed. A change that is not stays a finding,
    /// and the list before it stays in force.
    ///
    /// Each list in force also has a lineage: the commit where its first
    /// list was trusted (the history a check starts from shares one). A
    /// merge of an unrelated history whose list differs is a finding, and
    /// the first parent's list stays in force; the decisions of the other
    /// lineage are not checked again against it. A merge that brings in
    /// decisions not signed as the list in force after it requires is a
    /// finding naming them.
    pub(super) fn trace_signers(&mut self, order: &[Oid]) -> Result<(), CommandError> {
        for oid in order.iter().rev() {
            let Ok(commit) = self.repo.git.find_commit(*oid) else {
                continue;
            };
            let parents = self.parents_of(&commit);
            let before: Vec<Option<Oid>> = parents.iter().map(|p| self.signers_at(*p)).collect();
            let lineages: Vec<Oid> = parents.iter().map(|p| self.lineage_at(*p)).collect();
            let Ok(tree) = commit.tree() else {
                // Unreadable (reported on its own): the list before stays.
                let kept = before.iter().flatten().next().copied();
                self.trusted_signers.insert(*oid, kept);
                self.lineage
                    .insert(*oid, lineages.first().copied().unwrap_or(*oid));
                continue;
            };
            let own = Self::signer_list_in(&tree);
            let recorded: Vec<Option<Oid>> =
                parents.iter().map(|p| self.recorded_signers(*p)).collect();
            // A merge of an unrelated history that holds another list.
            let foreign_list = parents.len() == 2
                && self.repo.git.merge_base(parents[0], parents[1]).is_err()
                && self.unrelated_lists_differ(&before, own);
            let (trusted, lineage) = if parents.is_empty() || before.iter().all(Option::is_none) {
                // The first list, trusted as recorded.
                (own, *oid)
            } else if foreign_list {
                let text = VerifyMsg::UnrelatedSigners.fill(
                    self.lang,
                    &[
                        ("signers", &ALLOWED_SIGNERS),
                        ("parent", &crate::history::repo::short_id(parents[1])),
                    ],
                );
                let mut finding =
                    Place::of(&commit).finding(Severity::Error, "unrelated-signers", text);
                finding.hint = Some(VerifyMsg::UnrelatedSignersHint.get(self.lang));
                self.pending.entry(*oid).or_default().push(finding);
                (before[0], lineages[0])
            } else if recorded.iter().all(|list| *list == own) {
                (before[0], lineages[0])
            } else if let Some(side) = self.merge_keeps_a_side(&parents, &recorded, own) {
                (before[side], lineages[side])
            } else {
                let previous = before[0].or_else(|| before.iter().flatten().next().copied());
                match previous {
                    Some(previous) => (
                        self.check_signer_change(&commit, previous, own)?,
                        lineages[0],
                    ),
                    None => (own, *oid),
                }
            };
            self.trusted_signers.insert(*oid, trusted);
            self.lineage.insert(*oid, lineage);
            // (Another root's list is a finding already, and its history
            // was made under that list.)
            if let Some(list) = trusted
                && parents.len() > 1
                && !foreign_list
            {
                self.check_brought_in(&commit, &parents, list)?;
            }
        }
        Ok(())
    }

    /// The lineage of the list in force at a commit (see
    /// [`Verifier::trace_signers`]); the history before the commits
    /// checked is one lineage.
    pub(super) fn lineage_at(&self, commit: Oid) -> Oid {
        self.lineage.get(&commit).copied().unwrap_or(Oid::ZERO_SHA1)
    }

    /// Whether the parents of a merge of unrelated histories hold different
    /// signer lists, or the merge keeps another list than a parent's.
    fn unrelated_lists_differ(&self, before: &[Option<Oid>], own: Option<Oid>) -> bool {
        let lists: Vec<Oid> = before.iter().flatten().copied().collect();
        lists.iter().any(|list| Some(*list) != own)
    }

    /// The decisions a merge brings in from its other parents (reachable
    /// from them, not from its first parent) must be signed by a key the
    /// list in force after the merge allows, unless they were made under
    /// that same list (and checked against it in their place).
    fn check_brought_in(
        &mut self,
        commit: &Commit<'_>,
        parents: &[Oid],
        list: Oid,
    ) -> Result<(), CommandError> {
        let Ok(mut walk) = self.repo.git.revwalk() else {
            return Ok(());
        };
        for other in &parents[1..] {
            let _ = walk.push(*other);
        }
        let _ = walk.hide(parents[0]);
        let candidates: Vec<Oid> = walk.filter_map(Result::ok).collect();
        let mut unsigned = Vec::new();
        let mut more = false;
        for oid in candidates {
            // Enough to name the merge for what it is; each check runs
            // ssh-keygen, and a merge of a long history must stay quick.
            if unsigned.len() == BROUGHT_IN_NAMED {
                more = true;
                break;
            }
            if self.signers_at(oid) == Some(list) {
                continue;
            }
            let Ok(brought) = self.repo.git.find_commit(oid) else {
                continue;
            };
            if crate::history::settlement::read_decision_or_settlement(&brought).is_none() {
                continue;
            }
            match self.signed(&brought, list)? {
                Signed::Good | Signed::Unreadable => {}
                _ => unsigned.push(crate::history::repo::short_id(oid)),
            }
        }
        if unsigned.is_empty() {
            return Ok(());
        }
        // Oldest first, as they were made.
        unsigned.reverse();
        if more {
            unsigned.push("…".to_string());
        }
        let text = VerifyMsg::MergeBringsUnsigned.fill(
            self.lang,
            &[
                ("count", &unsigned.len()),
                ("commits", &unsigned.join(", ")),
                ("signers", &ALLOWED_SIGNERS),
            ],
        );
        let mut finding = Place::of(commit).finding(Severity::Error, "merge-brings-unsigned", text);
        finding.hint = Some(VerifyMsg::MergeBringsUnsignedHint.get(self.lang));
        self.pending.entry(commit.id()).or_default().push(finding);
        Ok(())
    }

    /// A merge that keeps the signer list of the side that changed it, the
    /// other side having left it as it was at the merge base: that side.
    fn merge_keeps_a_side(
        &self,
        parents: &[Oid],
        recorded: &[Option<Oid>],
        own: Option<Oid>,
    ) -> Option<usize> {
        let ([ours, theirs], [our_list, their_list]) = (parents, recorded) else {
            return None;
        };
        let base = self.repo.git.merge_base(*ours, *theirs).ok()?;
        let base_list = self.recorded_signers(base);
        if own == *our_list && *their_list == base_list {
            Some(0)
        } else if own == *their_list && *our_list == base_list {
            Some(1)
        } else {
            None
        }
    }

    /// A change to the signer list must be signed by a key the list before
    /// allowed: the list in force after the commit.
    fn check_signer_change(
        &mut self,
        commit: &Commit<'_>,
        previous: Oid,
        own: Option<Oid>,
    ) -> Result<Option<Oid>, CommandError> {
        let place = Place::of(commit);
        let lang = self.lang;
        let signers = &ALLOWED_SIGNERS;
        let message = match self.signed(commit, previous)? {
            Signed::Good => {
                if own.is_none() {
                    let text = VerifyMsg::SignersRemoved.fill(lang, &[("signers", signers)]);
                    let finding =
                        place.finding(Severity::Warning, "signatures-no-longer-required", text);
                    self.pending.entry(commit.id()).or_default().push(finding);
                }
                return Ok(own);
            }
            Signed::Unreadable => return Ok(Some(previous)),
            Signed::Unsigned => {
                VerifyMsg::SignersChangedUnsigned.fill(lang, &[("signers", signers)])
            }
            Signed::NotAllowed(email) => VerifyMsg::SignersChangedNotAllowed
                .fill(lang, &[("signers", signers), ("email", &email)]),
            Signed::NotSsh | Signed::Bad => {
                VerifyMsg::SignersChangedBadSignature.fill(lang, &[("signers", signers)])
            }
        };
        let mut finding = place.finding(Severity::Error, "signers-changed-unsigned", message);
        finding.hint = Some(VerifyMsg::SignersChangedHint.fill(lang, &[("signers", signers)]));
        self.pending.entry(commit.id()).or_default().push(finding);
        Ok(Some(previous))
    }

    /// Checks the commit's signature against the signer list `list` (a blob).
    fn signed(&mut self, commit: &Commit<'_>, list: Oid) -> Result<Signed, CommandError> {
        if !self.signer_files.contains_key(&list) {
            // An unreadable list is reported as an unreadable object; checked
            // against nothing, no signature is allowed.
            let contents = self
                .repo
                .git
                .find_blob(list)
                .map(|blob| blob.content().to_vec())
                .unwrap_or_default();
            let file = AllowedSigners::new(&contents)
                .map_err(|detail| self.signatures_unchecked(&detail))?;
            self.signer_files.insert(list, file);
        }
        let (signature, data) = match self.repo.git.extract_signature(&commit.id(), None) {
            Ok(found) => found,
            Err(error) if error.code() == ErrorCode::NotFound => return Ok(Signed::Unsigned),
            Err(_) => return Ok(Signed::Unreadable),
        };
        let contains = |needle: &[u8]| signature.windows(needle.len()).any(|w| w == needle);
        if !contains(b"BEGIN SSH SIGNATURE") {
            return Ok(if contains(b"BEGIN PGP SIGNATURE") {
                Signed::NotSsh
            } else {
                Signed::Bad
            });
        }
        let email = commit.author().email().unwrap_or_default().to_string();
        let verdict = self.signer_files[&list]
            .verify(&signature, &data, &email, commit.time().seconds())
            .map_err(|detail| self.signatures_unchecked(&detail))?;
        Ok(match verdict {
            Verdict::Good => Signed::Good,
            Verdict::NotAllowed => Signed::NotAllowed(email),
            Verdict::Bad => Signed::Bad,
        })
    }

    /// When the repository requires signatures at a decision (a signer list
    /// is in force there), the decision must be signed by a key that list
    /// allows, and that the list at the head allows (a key taken off the
    /// list since is no longer trusted).
    pub(super) fn check_signature(
        &mut self,
        commit: &Commit<'_>,
        place: &Place,
    ) -> Result<(), CommandError> {
        let Some(list) = self.signers_at(commit.id()) else {
            return Ok(());
        };
        let mut signed = self.signed(commit, list)?;
        if matches!(signed, Signed::Good)
            && let Some(head_list) = self.head_signers
            && head_list != list
            && self.lineage_at(commit.id()) == self.head_lineage
        {
            signed = self.signed(commit, head_list)?;
        }
        let lang = self.lang;
        let signers_file = &ALLOWED_SIGNERS;
        match signed {
            Signed::Good | Signed::Unreadable => {}
            Signed::Unsigned => {
                let text = VerifyMsg::Unsigned.fill(lang, &[("signers", signers_file)]);
                self.error(place, "unsigned", text);
            }
            Signed::NotSsh => {
                let text = VerifyMsg::NotSshSignature.fill(lang, &[("signers", signers_file)]);
                self.error(place, "not-ssh-signature", text);
            }
            Signed::NotAllowed(email) => {
                let text = VerifyMsg::SignerNotAllowed
                    .fill(lang, &[("signers", signers_file), ("email", &email)]);
                self.error(place, "signer-not-allowed", text);
            }
            Signed::Bad => self.error(place, "bad-signature", VerifyMsg::BadSignature.get(lang)),
        }
        Ok(())
    }
}

/// The time as ssh-keygen's `-Overify-time` wants it (local time, as git passes it).
fn local_time(seconds: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_opt(seconds, 0)
        .single()
        .map(|time| time.format("%Y%m%d%H%M%S").to_string())
        .unwrap_or_else(|| "19700101000000".into())
}

/// Runs ssh-keygen with `input` on standard input; whether it succeeded.
fn run(args: &[&str], input: &[u8]) -> Result<bool, String> {
    let mut child = Command::new(PROGRAM)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| error.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        // ssh-keygen may stop reading early on a bad signature; that is its answer.
        let _ = stdin.write_all(input);
    }
    let status = child.wait().map_err(|error| error.to_string())?;
    Ok(status.success())
}

/// A file in the temporary folder, removed when dropped.
struct TemporaryFile(PathBuf);

impl TemporaryFile {
    fn with(contents: &[u8]) -> Result<TemporaryFile, String> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        loop {
            let path = std::env::temp_dir().join(format!(
                "backbrief-verify-{}-{}-{nanos}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let file_guard = TemporaryFile(path);
                    file.write_all(contents)
                        .map_err(|error| error.to_string())?;
                    return Ok(file_guard);
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error.to_string()),
            }
        }
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
