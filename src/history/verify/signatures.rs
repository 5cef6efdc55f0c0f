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
    /// Writes the allowed signers (the file's contents at HEAD) to a temporary file.
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

impl Verifier<'_> {
    /// The allowed signers at `head`, when the repository requires signatures.
    pub(super) fn allowed_signers(
        &self,
        head: Oid,
    ) -> Result<Option<AllowedSigners>, CommandError> {
        // An unreadable head or file is reported as an unreadable object.
        let Some(contents) = self.repo.file_at(head, ALLOWED_SIGNERS).ok().flatten() else {
            return Ok(None);
        };
        AllowedSigners::new(&contents)
            .map(Some)
            .map_err(|detail| self.signatures_unchecked(&detail))
    }

    fn signatures_unchecked(&self, detail: &str) -> CommandError {
        CommandError::environment(
            VerifyMsg::SignaturesUnchecked.fill(self.lang, &[("detail", &detail)]),
        )
        .hinted(VerifyMsg::SignaturesUncheckedHint.get(self.lang))
    }

    /// A commit that removes the allowed signers ends the requirement for
    /// signed decisions: legitimate, but an auditor should see it.
    pub(super) fn check_signers_kept(
        &mut self,
        commit: &Commit<'_>,
        tree: &Tree<'_>,
        place: &Place,
    ) {
        let has_signers = |tree: &Tree<'_>| tree.get_path(Path::new(ALLOWED_SIGNERS)).is_ok();
        if has_signers(tree) {
            return;
        }
        let removed = commit.parent_ids().any(|parent| {
            self.repo
                .git
                .find_commit(parent)
                .and_then(|parent| parent.tree())
                .is_ok_and(|parent| has_signers(&parent))
        });
        if removed {
            let text = VerifyMsg::SignersRemoved.fill(self.lang, &[("signers", &ALLOWED_SIGNERS)]);
            self.push(place.finding(Severity::Warning, "signatures-no-longer-required", text));
        }
    }

    /// When the repository requires signatures, a decision committed with
    /// the allowed signers in its tree must be signed by an allowed signer.
    pub(super) fn check_signature(
        &mut self,
        commit: &Commit<'_>,
        tree: &Tree<'_>,
        place: &Place,
    ) -> Result<(), CommandError> {
        let Some(signers) = &self.signers else {
            return Ok(());
        };
        if tree.get_path(Path::new(ALLOWED_SIGNERS)).is_err() {
            return Ok(());
        }
        let lang = self.lang;
        let signers_file = &ALLOWED_SIGNERS;
        let (signature, data) = match self.repo.git.extract_signature(&commit.id(), None) {
            Ok(found) => found,
            Err(error) if error.code() == ErrorCode::NotFound => {
                let text = VerifyMsg::Unsigned.fill(lang, &[("signers", signers_file)]);
                self.error(place, "unsigned", text);
                return Ok(());
            }
            // The commit could not be read: reported as an unreadable object.
            Err(_) => return Ok(()),
        };
        let is_ssh = signature
            .windows(b"BEGIN SSH SIGNATURE".len())
            .any(|w| w == b"BEGIN SSH SIGNATURE");
        if !is_ssh {
            let is_pgp = signature
                .windows(b"BEGIN PGP SIGNATURE".len())
                .any(|w| w == b"BEGIN PGP SIGNATURE");
            let (code, text) = if is_pgp {
                (
                    "not-ssh-signature",
                    VerifyMsg::NotSshSignature.fill(lang, &[("signers", signers_file)]),
                )
            } else {
                ("bad-signature", VerifyMsg::BadSignature.get(lang))
            };
            self.error(place, code, text);
            return Ok(());
        }
        let email = commit.author().email().unwrap_or_default().to_string();
        let verdict = signers
            .verify(&signature, &data, &email, commit.time().seconds())
            .map_err(|detail| self.signatures_unchecked(&detail))?;
        match verdict {
            Verdict::Good => {}
            Verdict::NotAllowed => {
                let text = VerifyMsg::SignerNotAllowed
                    .fill(lang, &[("signers", signers_file), ("email", &email)]);
                self.error(place, "signer-not-allowed", text);
            }
            Verdict::Bad => self.error(place, "bad-signature", VerifyMsg::BadSignature.get(lang)),
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
