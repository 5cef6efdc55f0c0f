//! `sync`: sharing the plans repository through a git remote without losing
//! anyone's decision.
//!
//! Fetch (with the installed git, see [`transport`]); when only one side
//! moved, fast-forward or push; when both moved, merge every plan both
//! changed semantically ([`commit_merge`]) and record a merge commit whose
//! trailers say it is a sync, list the decisions it combines, and how any
//! conflict was settled and by whom. Never a rebase: published decisions
//! and their signatures stay as they are. A push rejected because someone
//! pushed meanwhile is fetched, merged and pushed again, a bounded number
//! of times.
//!
//! A conflict, an invalid plan from the remote, undecided hand edits, a
//! remote whose history was rewritten, unrelated histories: the sync stops
//! and nothing local is changed.

pub mod check;
pub mod commit_merge;
pub mod driver;
pub mod explain;
mod record;
mod settle;
pub mod transport;
pub mod worktree;

use std::path::Path;

use git2::Oid;

pub use check::{MergeCheck, check_merge_commit};

use crate::error::CommandError;
use crate::history::decision::Decision;
use crate::history::lock::{RepoLock, lock_wait};
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::history::trail::decisions_between;
use crate::history::write::WriteSession;
use crate::i18n::{Lang, Message, SyncMsg, VerifyMsg};
use crate::plan::dates::day_display;
use crate::plan::merge::Side;
use crate::plan::{Severity, check_text, source};
use commit_merge::{CommitMerge, Resolutions};
use record::merge_message;
use settle::{Settle, nothing_to_settle, parse_resolves, resolve_error, settle_conflicts};
use transport::{Pushed, Remote};

/// How many times a push is tried when someone else pushed meanwhile.
pub const PUSH_ATTEMPTS: usize = 5;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct SyncRequest<'a> {
    /// The folder the command runs in.
    pub cwd: &'a Path,
    /// The remote (name, URL or path), if given.
    pub remote: Option<&'a str>,
    /// `--resolve [PLAN:]ID.FIELD=VALUE`, as given.
    pub resolve: &'a [String],
    /// One side taken for one conflict: (plan, target as `--resolve` names
    /// it, side), as the browser's settle form asks.
    pub choices: &'a [(String, String, Side)],
    /// `--ours` / `--theirs`: the side for every conflict not resolved otherwise.
    pub side: Option<Side>,
    /// Who settled the conflicts.
    pub by: Option<&'a str>,
    /// Who settles them, when not git's identity (the committee's server:
    /// the signed-in secretary): the author of the merge that settles.
    pub recorder: Option<crate::history::decision::Recorder>,
    /// The language the user chose, if any.
    pub lang: Option<Lang>,
}

/// How a sync ended.
#[derive(Debug, Clone)]
pub enum SyncOutcome {
    /// Everything is shared: what happened, one sentence per line.
    Done(Vec<String>),
    /// Conflicts to settle; nothing was changed by this step.
    Conflicts {
        /// What happened before (an earlier round of a retried push).
        done: Vec<String>,
        /// The conflicts explained.
        explanation: String,
        /// How many.
        count: usize,
        /// Each conflict, for a page to show with the forms to settle it.
        conflicts: Vec<explain::ExplainedConflict>,
        /// The remote, as the user knows it.
        remote: String,
    },
}

/// What one round found to do.
enum Step {
    /// The branch is where it should be (up to date, or fast-forwarded).
    Done { head: Oid, lines: Vec<String> },
    /// Push `commit`; once the remote has it, move the branch there (unless
    /// it is there already).
    Push {
        commit: Oid,
        moves: bool,
        lines: Vec<String>,
    },
    /// Conflicts to settle.
    Conflicts(explain::Explained),
}

/// Runs a sync. The local branch moves only once the remote has what it
/// moves to, so a sync that stops (a conflict, a refused or failed push)
/// changes nothing here.
pub fn sync(request: &SyncRequest<'_>) -> Result<SyncOutcome, CommandError> {
    let lang = request.lang.unwrap_or_default();
    let repo = PlansRepo::open(request.cwd, lang)?;
    let branch = repo.branch(lang)?;
    repo.head_commit(lang)?;
    let remote = transport::resolve(&repo, request.remote, &branch, request.cwd, lang)?;
    let _sync_lock = RepoLock::acquire_sync(repo.git_dir(), lock_wait(), lang)?;
    transport::clear_stale_ref_locks(&repo);
    let mut settle = Settle {
        setters: parse_resolves(request.resolve, lang)?,
        side: request.side,
        choices: request.choices.to_vec(),
        by: request.by.unwrap_or_default().to_string(),
        recorder: request.recorder.clone(),
        seen: None,
    };
    let mut notes = Vec::new();
    for _ in 0..PUSH_ATTEMPTS {
        let fetched = transport::fetch(&repo, &remote, lang)?;
        check_remote_verified(&repo, &remote, fetched, lang)?;
        // The lock is held until the branch has moved: no decision can come
        // in between the push and the move.
        let session = WriteSession::begin_in(PlansRepo::open(request.cwd, lang)?, lang)?;
        notes.extend(session.notes.iter().cloned());
        let (head, mut lines) =
            match plan_round(&session, &remote, fetched, &mut settle, request.lang, lang)? {
                Step::Conflicts(explained) => {
                    return Ok(SyncOutcome::Conflicts {
                        done: notes,
                        count: explained.conflicts.len(),
                        explanation: explained.text,
                        conflicts: explained.conflicts,
                        remote: remote.spec.clone(),
                    });
                }
                Step::Done { head, lines } => (head, lines),
                Step::Push {
                    commit,
                    moves,
                    mut lines,
                } => {
                    let count = decisions_between(&session.repo, fetched, commit).len();
                    match transport::push(&repo, &remote, commit, lang)? {
                        Pushed::Done => {}
                        Pushed::Behind => {
                            notes.push(SyncMsg::PushRaced.fill(lang, &[("remote", &remote.spec)]));
                            continue;
                        }
                        Pushed::Refused(reason) => {
                            drop(session);
                            // A push that came in between can look like a refusal.
                            if transport::fetch(&repo, &remote, lang)? != fetched {
                                notes.push(
                                    SyncMsg::PushRaced.fill(lang, &[("remote", &remote.spec)]),
                                );
                                continue;
                            }
                            return Err(transport::refused(&repo, &remote, &reason, lang));
                        }
                    }
                    if moves {
                        let reflog = format!("backbrief sync: merge {}", remote.spec);
                        lines.extend(move_to(&session, commit, &reflog, lang)?);
                    }
                    lines.push(SyncMsg::Pushed.fill(
                        lang,
                        &[
                            ("count", &count),
                            ("remote", &remote.spec),
                            ("branch", &remote.branch),
                        ],
                    ));
                    (commit, lines)
                }
            };
        drop(session);
        if lines.is_empty() {
            lines.push(SyncMsg::UpToDate.fill(
                lang,
                &[("remote", &remote.spec), ("branch", &remote.branch)],
            ));
        }
        transport::remember(&repo, &remote, &branch, head, lang)?;
        driver::ensure_registered(&repo).map_err(|e| git_error(&e, lang))?;
        lines.extend(share_verified(&repo, &remote, head, lang)?);
        notes.append(&mut lines);
        return Ok(SyncOutcome::Done(notes));
    }
    Err(CommandError::environment(SyncMsg::RemoteKeepsMoving.fill(
        lang,
        &[("remote", &remote.spec), ("attempts", &PUSH_ATTEMPTS)],
    ))
    .hinted(SyncMsg::RemoteKeepsMovingHint.get(lang)))
}

/// What one round does, under the repository lock: fast-forward the local
/// branch, or find what to push (the branch, or a merge commit written for
/// it), or the conflicts.
fn plan_round(
    session: &WriteSession,
    remote: &Remote,
    fetched: Option<Oid>,
    settle: &mut Settle,
    user_lang: Option<Lang>,
    lang: Lang,
) -> Result<Step, CommandError> {
    let repo = &session.repo;
    let head = session.head;
    let git_err = |e: git2::Error| git_error(&e, lang);

    let edits = worktree::undecided_plan_edits(repo).map_err(git_err)?;
    if !edits.is_empty() {
        let files = edits.join(", ");
        return Err(
            CommandError::data(SyncMsg::HandEdits.fill(lang, &[("files", &files)]))
                .hinted(SyncMsg::HandEditsHint.get(lang)),
        );
    }
    check_rewritten(repo, remote, fetched, lang)?;

    let Some(theirs) = fetched else {
        nothing_to_settle(settle, lang)?;
        return Ok(Step::Push {
            commit: head,
            moves: false,
            lines: Vec::new(),
        });
    };
    let descends = |a: Oid, b: Oid| repo.git.graph_descendant_of(a, b).unwrap_or(false);
    if theirs == head {
        nothing_to_settle(settle, lang)?;
        return Ok(Step::Done {
            head,
            lines: Vec::new(),
        });
    }
    if descends(head, theirs) {
        nothing_to_settle(settle, lang)?;
        return Ok(Step::Push {
            commit: head,
            moves: false,
            lines: Vec::new(),
        });
    }
    if descends(theirs, head) {
        nothing_to_settle(settle, lang)?;
        let merge = CommitMerge::compute(repo, head, head, theirs, user_lang).map_err(git_err)?;
        refuse_invalid(&merge, remote, lang)?;
        // What was fetched is checked as the server's hook would, before
        // the branch moves onto it.
        refuse_untrusted(repo, head, theirs, remote, lang)?;
        let kept = move_to(
            session,
            theirs,
            &format!("backbrief sync: fast-forward to {}", short_id(theirs)),
            lang,
        )?;
        let incoming = decisions_between(repo, Some(head), theirs);
        let mut lines = vec![SyncMsg::FastForwarded.fill(
            lang,
            &[("count", &incoming.len()), ("remote", &remote.spec)],
        )];
        lines.extend(kept);
        lines.extend(incoming.iter().map(|d| decision_line(d, lang)));
        return Ok(Step::Done {
            head: theirs,
            lines,
        });
    }
    let Ok(base) = repo.git.merge_base(head, theirs) else {
        return Err(
            CommandError::data(SyncMsg::Unrelated.fill(lang, &[("remote", &remote.spec)]))
                .hinted(SyncMsg::UnrelatedHint.get(lang)),
        );
    };
    let merge = CommitMerge::compute(repo, base, head, theirs, user_lang).map_err(git_err)?;
    refuse_invalid(&merge, remote, lang)?;
    refuse_untrusted(repo, head, theirs, remote, lang)?;
    let resolutions = settle_conflicts(&merge, settle, lang)?;
    if !resolutions.settle_all(&merge) {
        let explained = explain::explain(repo, &merge, &resolutions, &remote.spec, user_lang);
        return Ok(Step::Conflicts(explained));
    }
    let files = merge
        .resolve(&resolutions)
        .map_err(|error| resolve_error(&error, lang))?;
    refuse_invalid_result(&files, user_lang, lang)?;
    let tree = match commit_merge::merged_tree(repo, head, theirs, &files).map_err(git_err)? {
        Ok(tree) => tree,
        Err(paths) => {
            return Err(CommandError::data(
                SyncMsg::OtherFilesConflict.fill(lang, &[("files", &paths.join(", "))]),
            )
            .hinted(SyncMsg::OtherFilesConflictHint.get(lang)));
        }
    };
    let ours_decisions = decisions_between(repo, Some(base), head);
    let theirs_decisions = decisions_between(repo, Some(base), theirs);
    let by = (resolutions != Resolutions::default()).then(|| settle.by.clone());
    let message = merge_message(
        remote,
        &theirs_decisions,
        &ours_decisions,
        by.as_deref(),
        &resolutions,
        lang,
    );
    // A merge that settles conflicts is the settling person's; one that
    // only joins decisions is the server's (git's identity).
    let recorder = by.as_ref().and(settle.recorder.as_ref());
    let commit = crate::history::write::create_commit(
        repo,
        &[head, theirs],
        tree,
        &message,
        recorder,
        lang,
    )?;
    // What moving there would overwrite is refused before anything is pushed.
    refuse_overwriting(session, commit, lang)?;
    let mut lines = vec![SyncMsg::Merged.fill(
        lang,
        &[
            ("theirs", &theirs_decisions.len()),
            ("remote", &remote.spec),
            ("ours", &ours_decisions.len()),
            ("commit", &short_id(commit)),
        ],
    )];
    lines.extend(theirs_decisions.iter().map(|d| decision_line(d, lang)));
    if let Some(by) = &by {
        lines.push(
            SyncMsg::SettledBy.fill(lang, &[("count", &merge.conflicts().count()), ("by", by)]),
        );
    }
    Ok(Step::Push {
        commit,
        moves: true,
        lines,
    })
}

/// The commits fetched from the remote (reachable from `theirs`, not from
/// `head`) must pass what `verify --pre-receive` checks: else the sync
/// stops before the branch moves, naming each finding and its commit.
fn refuse_untrusted(
    repo: &PlansRepo,
    head: Oid,
    theirs: Oid,
    remote: &Remote,
    lang: Lang,
) -> Result<(), CommandError> {
    let report = crate::history::verify::verify_new_commits(repo, theirs, &[head], lang)?;
    let errors: Vec<_> = report
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut message = SyncMsg::RemoteUntrusted.fill(
        lang,
        &[
            ("remote", &remote.spec),
            ("branch", &remote.branch),
            ("count", &errors.len()),
        ],
    );
    for finding in errors {
        let commit = finding.commit.map(short_id).unwrap_or_default();
        message.push_str(&format!("\n  {commit}: {}", finding.message));
    }
    Err(CommandError::data(message)
        .hinted(SyncMsg::RemoteUntrustedHint.fill(lang, &[("remote", &remote.spec)])))
}

/// Moves the branch to `commit`, work tree and index along, after checking
/// that no local change would be overwritten. Returns a sentence for each
/// plan file saved in an editor meanwhile, which is kept as it is.
fn move_to(
    session: &WriteSession,
    commit: Oid,
    reflog: &str,
    lang: Lang,
) -> Result<Vec<String>, CommandError> {
    refuse_overwriting(session, commit, lang)?;
    let kept = worktree::move_branch(
        &session.repo,
        &session.branch,
        session.head,
        commit,
        reflog,
        lang,
    )?;
    Ok(kept
        .iter()
        .map(|file| SyncMsg::LaterEdits.fill(lang, &[("file", file)]))
        .collect())
}

/// Local changes (outside the plans) that moving to `commit` would overwrite.
fn refuse_overwriting(session: &WriteSession, commit: Oid, lang: Lang) -> Result<(), CommandError> {
    let repo = &session.repo;
    let git_err = |e: git2::Error| git_error(&e, lang);
    let paths = worktree::changed_paths(repo, session.head, commit).map_err(git_err)?;
    let changed = worktree::locally_changed(repo, &paths).map_err(git_err)?;
    if changed.is_empty() {
        return Ok(());
    }
    Err(
        CommandError::data(SyncMsg::LocalChanges.fill(lang, &[("files", &changed.join(", "))]))
            .hinted(SyncMsg::LocalChangesHint.get(lang)),
    )
}

/// The remote's verified point (see [`crate::history::verify`]) must still be
/// in the history of its branch: else the branch was rewritten since.
fn check_remote_verified(
    repo: &PlansRepo,
    remote: &Remote,
    fetched: Option<Oid>,
    lang: Lang,
) -> Result<(), CommandError> {
    let Ok(verified) = repo.git.refname_to_id(&remote.fetched_verified()) else {
        return Ok(());
    };
    if let Some(now) = fetched
        && (now == verified || repo.git.graph_descendant_of(now, verified).unwrap_or(false))
    {
        return Ok(());
    }
    Err(CommandError::data(VerifyMsg::RemoteVerifiedLost.fill(
        lang,
        &[
            ("remote", &remote.spec),
            ("branch", &remote.branch),
            ("commit", &short_id(verified)),
        ],
    ))
    .hinted(VerifyMsg::RemoteVerifiedLostHint.get(lang)))
}

/// Shares the local verified point with the remote when the remote's
/// branch now leads through it and it is newer than the remote's own: one
/// line saying so, or none.
fn share_verified(
    repo: &PlansRepo,
    remote: &Remote,
    head: Oid,
    lang: Lang,
) -> Result<Option<String>, CommandError> {
    let Ok(local) = repo.git.refname_to_id(crate::history::verify::VERIFIED_REF) else {
        return Ok(None);
    };
    let leads_through = |tip: Oid, point: Oid| {
        tip == point || repo.git.graph_descendant_of(tip, point).unwrap_or(false)
    };
    let theirs = repo.git.refname_to_id(&remote.fetched_verified()).ok();
    if !leads_through(head, local)
        || theirs.is_some_and(|theirs| !leads_through(local, theirs) || theirs == local)
    {
        return Ok(None);
    }
    if !transport::push_verified(repo, remote, local, lang)? {
        return Ok(None);
    }
    let _ = repo
        .git
        .reference(&remote.fetched_verified(), local, true, "backbrief sync");
    Ok(Some(VerifyMsg::VerifiedShared.fill(
        lang,
        &[("commit", &short_id(local)), ("remote", &remote.spec)],
    )))
}

/// The remote must still have what it had at the last sync.
fn check_rewritten(
    repo: &PlansRepo,
    remote: &Remote,
    fetched: Option<Oid>,
    lang: Lang,
) -> Result<(), CommandError> {
    let Ok(synced) = repo.git.refname_to_id(&remote.synced_ref()) else {
        return Ok(());
    };
    if let Some(now) = fetched
        && (now == synced || repo.git.graph_descendant_of(now, synced).unwrap_or(false))
    {
        return Ok(());
    }
    let lost = decisions_between(repo, fetched, synced);
    let mut message = SyncMsg::RemoteRewritten.fill(
        lang,
        &[
            ("remote", &remote.spec),
            ("branch", &remote.branch),
            ("count", &lost.len()),
        ],
    );
    for decision in &lost {
        message.push('\n');
        message.push_str(&decision_line(decision, lang));
    }
    Err(CommandError::data(message)
        .hinted(SyncMsg::RemoteRewrittenHint.fill(lang, &[("marker", &remote.synced_ref())])))
}

/// `  - a1b2c3d arbejdsplads-1: Workshop gennemført (Lokal-MED, 12. september 2024)`
fn decision_line(decision: &Decision, lang: Lang) -> String {
    format!(
        "  - {}",
        SyncMsg::DecisionLine.fill(
            lang,
            &[
                ("commit", &short_id(decision.commit)),
                ("plan", &decision.plan),
                ("summary", &decision.summary),
                ("by", &decision.decided_by),
                ("on", &day_display(decision.decided_on, lang)),
            ],
        )
    )
}

/// Plans one side brings that are invalid: reported, not merged.
fn refuse_invalid(merge: &CommitMerge, remote: &Remote, lang: Lang) -> Result<(), CommandError> {
    let Some(first) = merge.invalid.first() else {
        return Ok(());
    };
    let mut message = match first.side {
        Side::Theirs => {
            SyncMsg::InvalidIncoming.fill(lang, &[("remote", &remote.spec), ("plan", &first.id)])
        }
        Side::Ours => SyncMsg::InvalidLocal.fill(lang, &[("plan", &first.id)]),
    };
    for invalid in &merge.invalid {
        message.push_str(&format!("\n  {}", invalid.first));
        if invalid.count > 1 {
            message.push_str(&format!(
                " ({})",
                SyncMsg::MoreProblems.fill(lang, &[("count", &(invalid.count - 1))])
            ));
        }
    }
    let hint = match first.side {
        Side::Theirs => SyncMsg::InvalidIncomingHint.fill(lang, &[("remote", &remote.spec)]),
        Side::Ours => SyncMsg::InvalidLocalHint.fill(lang, &[("plan", &first.id)]),
    };
    Err(CommandError::data(message).hinted(hint))
}

/// The merged plans must be valid.
fn refuse_invalid_result(
    files: &[commit_merge::MergedFile],
    user_lang: Option<Lang>,
    lang: Lang,
) -> Result<(), CommandError> {
    let mut findings = String::new();
    let mut plans = Vec::new();
    for (id, bytes) in files {
        let Some(bytes) = bytes else { continue };
        let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
        let shown = PlansRepo::plan_path(id);
        let checked = check_text(&text, &shown, Some(id), user_lang);
        if checked.count(Severity::Error) > 0 {
            plans.push(id.clone());
            for finding in checked
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
            {
                findings.push_str("\n  ");
                findings.push_str(finding.render(checked.lang).trim_end());
            }
        }
    }
    if plans.is_empty() {
        return Ok(());
    }
    Err(CommandError::data(format!(
        "{}{findings}",
        SyncMsg::MergedInvalid.fill(lang, &[("plans", &plans.join(", "))])
    ))
    .hinted(SyncMsg::MergedInvalidHint.get(lang)))
}
