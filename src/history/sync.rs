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

pub mod commit_merge;
pub mod driver;
pub mod explain;
pub mod transport;
pub mod worktree;

use std::collections::BTreeSet;
use std::path::Path;

use git2::Oid;

pub use commit_merge::check_merge_commit;
pub use worktree::recover;

use crate::error::CommandError;
use crate::history::decision::{Decision, identities, read_decision};
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::history::sign::SigningSetup;
use crate::history::write::WriteSession;
use crate::i18n::{HistoryMsg, Lang, Message, SyncMsg};
use crate::plan::dates::day_display;
use crate::plan::merge::{Conflict, ConflictKind, Side};
use crate::plan::setter::{SetOp, Setter};
use crate::plan::{Severity, check_text, source};
use commit_merge::{COMBINES, CommitMerge, RESOLVED, RESOLVED_BY, Resolutions, ResolveError, SYNC};
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
    /// `--ours` / `--theirs`: the side for every conflict not resolved otherwise.
    pub side: Option<Side>,
    /// Who settled the conflicts.
    pub by: Option<&'a str>,
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
        /// The remote, as the user knows it.
        remote: String,
    },
}

/// The settling the user asked for, used for the first merge only.
struct Settle {
    setters: Vec<(Option<String>, Setter)>,
    side: Option<Side>,
    by: String,
}

/// Where the local step left things.
enum Local {
    /// `head` is the local branch; push when the remote lacks it.
    Ready {
        head: Oid,
        push: bool,
        lines: Vec<String>,
    },
    /// Conflicts to settle.
    Conflicts { explanation: String, count: usize },
}

/// Runs a sync.
pub fn sync(request: &SyncRequest<'_>) -> Result<SyncOutcome, CommandError> {
    let lang = request.lang.unwrap_or_default();
    let repo = PlansRepo::open(request.cwd, lang)?;
    let branch = repo.branch(lang)?;
    repo.head_commit(lang)?;
    let remote = transport::resolve(&repo, request.remote, &branch, request.cwd, lang)?;
    let mut settle = Some(Settle {
        setters: parse_resolves(request.resolve, lang)?,
        side: request.side,
        by: request.by.unwrap_or_default().to_string(),
    });
    let mut lines = Vec::new();
    for _ in 0..PUSH_ATTEMPTS {
        let fetched = transport::fetch(&repo, &remote, lang)?;
        let session = WriteSession::begin_in(PlansRepo::open(request.cwd, lang)?, lang)?;
        let local = locally(&session, &remote, fetched, &mut settle, request.lang, lang)?;
        drop(session);
        let (head, push, more) = match local {
            Local::Conflicts { explanation, count } => {
                return Ok(SyncOutcome::Conflicts {
                    done: lines,
                    explanation,
                    count,
                    remote: remote.spec.clone(),
                });
            }
            Local::Ready { head, push, lines } => (head, push, lines),
        };
        lines.extend(more);
        if push {
            let count = decisions_between(&repo, fetched, head).len();
            match transport::push(&repo, &remote, &branch, lang)? {
                Pushed::Done => {}
                Pushed::Behind => {
                    lines.push(SyncMsg::PushRaced.fill(lang, &[("remote", &remote.spec)]));
                    continue;
                }
                Pushed::Refused(reason) => {
                    // A push that came in between can look like a refusal.
                    if transport::fetch(&repo, &remote, lang)? != fetched {
                        lines.push(SyncMsg::PushRaced.fill(lang, &[("remote", &remote.spec)]));
                        continue;
                    }
                    return Err(transport::refused(&remote, &reason, lang));
                }
            }
            lines.push(SyncMsg::Pushed.fill(
                lang,
                &[
                    ("count", &count),
                    ("remote", &remote.spec),
                    ("branch", &remote.branch),
                ],
            ));
        } else if fetched == Some(head) && lines.is_empty() {
            lines.push(SyncMsg::UpToDate.fill(
                lang,
                &[("remote", &remote.spec), ("branch", &remote.branch)],
            ));
        }
        transport::remember(&repo, &remote, &branch, head, lang)?;
        driver::ensure_registered(&repo).map_err(|e| git_error(&e, lang))?;
        return Ok(SyncOutcome::Done(lines));
    }
    Err(CommandError::environment(SyncMsg::RemoteKeepsMoving.fill(
        lang,
        &[("remote", &remote.spec), ("attempts", &PUSH_ATTEMPTS)],
    ))
    .hinted(SyncMsg::RemoteKeepsMovingHint.get(lang)))
}

/// `[PLAN:]ID.FIELD=VALUE` → the plan (when named) and the setter.
fn parse_resolves(
    raw: &[String],
    lang: Lang,
) -> Result<Vec<(Option<String>, Setter)>, CommandError> {
    raw.iter()
        .map(|text| {
            if text.contains(['\n', '\r']) {
                return Err(CommandError::usage(
                    SyncMsg::ResolveMultiline.fill(lang, &[("resolve", &text.replace('\n', " "))]),
                ));
            }
            let equals = text.find('=').unwrap_or(text.len());
            let (plan, rest) = match text[..equals].split_once(':') {
                Some((plan, _)) if crate::workspace::is_valid_id(plan) => {
                    (Some(plan.to_string()), &text[plan.len() + 1..])
                }
                _ => (None, text.as_str()),
            };
            let setter = Setter::parse(rest, lang).map_err(|error| {
                let mut command_error = CommandError::usage(error.message.clone());
                if let Some(hint) = &error.hint {
                    command_error = command_error.hinted(hint.clone());
                }
                command_error
            })?;
            Ok((plan, setter))
        })
        .collect()
}

/// The local part of one round, under the repository lock: fast-forward or
/// merge into the local branch (or find the conflicts).
fn locally(
    session: &WriteSession,
    remote: &Remote,
    fetched: Option<Oid>,
    settle: &mut Option<Settle>,
    user_lang: Option<Lang>,
    lang: Lang,
) -> Result<Local, CommandError> {
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
        return Ok(Local::Ready {
            head,
            push: true,
            lines: Vec::new(),
        });
    };
    let descends = |a: Oid, b: Oid| repo.git.graph_descendant_of(a, b).unwrap_or(false);
    if theirs == head || descends(head, theirs) {
        nothing_to_settle(settle, lang)?;
        return Ok(Local::Ready {
            head,
            push: theirs != head,
            lines: Vec::new(),
        });
    }
    if descends(theirs, head) {
        nothing_to_settle(settle, lang)?;
        let merge = CommitMerge::compute(repo, head, head, theirs, user_lang).map_err(git_err)?;
        refuse_invalid(&merge, remote, lang)?;
        move_to(
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
        lines.extend(incoming.iter().map(|d| decision_line(d, lang)));
        return Ok(Local::Ready {
            head: theirs,
            push: false,
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
    let (resolutions, by) = match settle.take() {
        Some(settle) => {
            let resolutions = settle_conflicts(&merge, &settle, lang)?;
            (resolutions, Some(settle.by))
        }
        None => (Resolutions::default(), None),
    };
    if !resolutions.settle_all(&merge) {
        let (count, explanation) =
            explain::explain(repo, &merge, &resolutions, &remote.spec, user_lang);
        return Ok(Local::Conflicts { explanation, count });
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
    let by = by.filter(|_| resolutions != Resolutions::default());
    let message = merge_message(
        remote,
        &theirs_decisions,
        &ours_decisions,
        by.as_deref(),
        &resolutions,
        lang,
    );
    let commit = write_commit(repo, &[head, theirs], tree, &message, lang)?;
    move_to(
        session,
        commit,
        &format!("backbrief sync: merge {}", remote.spec),
        lang,
    )?;
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
    Ok(Local::Ready {
        head: commit,
        push: true,
        lines,
    })
}

/// `--resolve` given, but there is nothing to resolve.
fn nothing_to_settle(settle: &mut Option<Settle>, lang: Lang) -> Result<(), CommandError> {
    if let Some(settle) = settle.take()
        && let Some((_, setter)) = settle.setters.first()
    {
        return Err(CommandError::data(
            SyncMsg::NothingToResolve.fill(lang, &[("resolve", &setter.raw)]),
        )
        .hinted(SyncMsg::NothingToResolveHint.get(lang)));
    }
    Ok(())
}

/// Moves the branch to `commit`, work tree and index along, after checking
/// that no local change would be overwritten.
fn move_to(
    session: &WriteSession,
    commit: Oid,
    reflog: &str,
    lang: Lang,
) -> Result<(), CommandError> {
    let repo = &session.repo;
    let git_err = |e: git2::Error| git_error(&e, lang);
    let paths = worktree::changed_paths(repo, session.head, commit).map_err(git_err)?;
    let changed = worktree::locally_changed(repo, &paths).map_err(git_err)?;
    if !changed.is_empty() {
        return Err(CommandError::data(
            SyncMsg::LocalChanges.fill(lang, &[("files", &changed.join(", "))]),
        )
        .hinted(SyncMsg::LocalChangesHint.get(lang)));
    }
    worktree::move_branch(repo, &session.branch, session.head, commit, reflog, lang)
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

/// Decisions reachable from `tip` but not from `from` (all when None),
/// newest first.
fn decisions_between(repo: &PlansRepo, from: Option<Oid>, tip: Oid) -> Vec<Decision> {
    let Ok(mut walk) = repo.git.revwalk() else {
        return Vec::new();
    };
    let _ = walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME);
    if walk.push(tip).is_err() {
        return Vec::new();
    }
    if let Some(from) = from
        && walk.hide(from).is_err()
    {
        return Vec::new();
    }
    walk.filter_map(Result::ok)
        .filter_map(|oid| {
            repo.git
                .find_commit(oid)
                .ok()
                .as_ref()
                .and_then(read_decision)
        })
        .collect()
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

fn resolve_error(error: &ResolveError, lang: Lang) -> CommandError {
    match error {
        ResolveError::Apply { plan, detail } => CommandError::data(
            SyncMsg::ResolutionsDoNotFit.fill(lang, &[("plan", plan), ("detail", detail)]),
        )
        .hinted(SyncMsg::ResolutionsDoNotFitHint.get(lang)),
        ResolveError::Setter { error, .. } => {
            let mut command_error = CommandError::data(error.message.clone());
            if let Some(hint) = &error.hint {
                command_error = command_error.hinted(hint.clone());
            }
            command_error
        }
    }
}

/// Whether a `--resolve` settles this conflict.
fn settles(conflict: &Conflict, setter: &Setter) -> bool {
    match conflict.kind {
        ConflictKind::Field => {
            conflict.target.field.as_deref() != Some(crate::plan::diff::PHASE_FIELD)
                && conflict.target.matches(&setter.target)
        }
        ConflictKind::Removed { .. } | ConflictKind::AddedTwice => {
            setter.op == SetOp::Remove
                && setter.target.len() == 1
                && conflict.target.item.as_deref() == setter.target.first().map(String::as_str)
        }
        _ => false,
    }
}

/// Turns `--resolve`, `--ours` and `--theirs` into the resolutions of this
/// merge.
fn settle_conflicts(
    merge: &CommitMerge,
    settle: &Settle,
    lang: Lang,
) -> Result<Resolutions, CommandError> {
    let mut resolutions = Resolutions::default();
    let mut fixes: Vec<(String, Setter)> = Vec::new();
    for (plan, setter) in &settle.setters {
        let found: Vec<(&str, &Conflict)> = merge
            .conflicts()
            .filter(|(p, _, _)| plan.as_deref().is_none_or(|plan| plan == p.files.id))
            .filter(|(_, _, conflict)| settles(conflict, setter))
            .map(|(p, _, conflict)| (p.files.id.as_str(), conflict))
            .collect();
        let plans: BTreeSet<&str> = found.iter().map(|(p, _)| *p).collect();
        if plans.len() > 1 {
            let plans: Vec<&str> = plans.into_iter().collect();
            return Err(CommandError::usage(SyncMsg::ResolveAmbiguous.fill(
                lang,
                &[("resolve", &setter.raw), ("plans", &plans.join(", "))],
            ))
            .hinted(
                SyncMsg::ResolveAmbiguousHint
                    .fill(lang, &[("plan", &plans[0]), ("resolve", &setter.raw)]),
            ));
        }
        match found.first() {
            Some((plan, conflict)) => {
                let plan = (*plan).to_string();
                match conflict.kind {
                    ConflictKind::Removed { by } => {
                        resolutions
                            .choices
                            .push((plan, conflict.target.clone(), by));
                    }
                    ConflictKind::AddedTwice => {
                        resolutions.choices.push((
                            plan.clone(),
                            conflict.target.clone(),
                            Side::Ours,
                        ));
                        resolutions.values.push((plan, setter.clone()));
                    }
                    _ => resolutions.values.push((plan, setter.clone())),
                }
            }
            None => {
                // Not a conflict: a fix for a merge that would be invalid.
                let candidates: Vec<&str> = merge
                    .plans
                    .iter()
                    .map(|p| p.files.id.as_str())
                    .filter(|id| plan.as_deref().is_none_or(|plan| plan == *id))
                    .collect();
                match candidates.as_slice() {
                    [only] => fixes.push(((*only).to_string(), setter.clone())),
                    _ => return Err(not_a_conflict(merge, setter, lang)),
                }
            }
        }
    }
    if let Some(side) = settle.side {
        for (plan, _, conflict) in merge.conflicts() {
            let id = &plan.files.id;
            if resolutions.side_for(id, &conflict.target).is_none()
                && !resolutions.sets(id, conflict)
            {
                resolutions
                    .choices
                    .push((id.clone(), conflict.target.clone(), side));
            }
        }
    }
    if !fixes.is_empty() {
        // A fix is only for a plan whose merge would otherwise be invalid.
        if let Ok(files) = merge.resolve(&resolutions) {
            for (plan, setter) in &fixes {
                let valid = files
                    .iter()
                    .filter(|(id, _)| id == plan)
                    .all(|(id, bytes)| {
                        let Some(bytes) = bytes else { return true };
                        let text = source::text_from_bytes(bytes.clone()).unwrap_or_default();
                        check_text(&text, &PlansRepo::plan_path(id), Some(id), None)
                            .count(Severity::Error)
                            == 0
                    });
                if valid {
                    return Err(not_a_conflict(merge, setter, lang));
                }
            }
        }
        resolutions.values.extend(fixes);
    }
    Ok(resolutions)
}

fn not_a_conflict(merge: &CommitMerge, setter: &Setter, lang: Lang) -> CommandError {
    let targets: Vec<String> = merge
        .conflicts()
        .map(|(plan, _, conflict)| format!("{}:{}", plan.files.id, conflict.target))
        .collect();
    let error = CommandError::data(SyncMsg::NotAConflict.fill(lang, &[("resolve", &setter.raw)]));
    if targets.is_empty() {
        error.hinted(SyncMsg::NoConflictsHint.get(lang))
    } else {
        error.hinted(SyncMsg::NotAConflictHint.fill(lang, &[("targets", &targets.join(", "))]))
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The merge commit's message: a summary, then the trailers.
fn merge_message(
    remote: &Remote,
    theirs: &[Decision],
    ours: &[Decision],
    by: Option<&str>,
    resolutions: &Resolutions,
    lang: Lang,
) -> String {
    let mut message = SyncMsg::CommitSummary.fill(
        lang,
        &[
            ("remote", &remote.spec),
            ("theirs", &theirs.len()),
            ("ours", &ours.len()),
        ],
    );
    message.push_str("\n\n");
    message.push_str(&format!(
        "{SYNC}: {} {}\n",
        one_line(&remote.spec),
        remote.branch
    ));
    for decision in theirs.iter().chain(ours) {
        message.push_str(&format!(
            "{COMBINES}: {} {}: {}\n",
            short_id(decision.commit),
            decision.plan,
            one_line(&decision.summary)
        ));
    }
    if let Some(by) = by {
        message.push_str(&format!("{RESOLVED_BY}: {}\n", one_line(by)));
    }
    for value in resolutions.trailer_values() {
        message.push_str(&format!("{RESOLVED}: {value}\n"));
    }
    message
}

/// Writes a commit (signed when git is set up to sign) without moving any
/// branch.
fn write_commit(
    repo: &PlansRepo,
    parents: &[Oid],
    tree: Oid,
    message: &str,
    lang: Lang,
) -> Result<Oid, CommandError> {
    let git = &repo.git;
    let git_err = |e: git2::Error| git_error(&e, lang);
    let tree = git.find_tree(tree).map_err(git_err)?;
    let parents: Vec<git2::Commit<'_>> = parents
        .iter()
        .map(|oid| git.find_commit(*oid))
        .collect::<Result<_, _>>()
        .map_err(git_err)?;
    let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
    let (author, committer) = identities(git, lang)?;
    let config = git.config().map_err(git_err)?;
    let signing_error = |detail: &str| {
        CommandError::environment(HistoryMsg::SigningFailed.fill(lang, &[("detail", &detail)]))
            .hinted(HistoryMsg::SigningFailedHint.get(lang))
    };
    match SigningSetup::from_config(&config).map_err(|detail| signing_error(&detail))? {
        None => git
            .commit(None, &author, &committer, message, &tree, &parents)
            .map_err(git_err),
        Some(setup) => {
            let buffer = git
                .commit_create_buffer(&author, &committer, message, &tree, &parents)
                .map_err(git_err)?;
            let committer_id = format!(
                "{} <{}>",
                committer.name().unwrap_or(""),
                committer.email().unwrap_or("")
            );
            let signature = setup
                .sign(&buffer, &committer_id)
                .map_err(|detail| signing_error(&detail))?;
            let buffer = std::str::from_utf8(&buffer).map_err(|e| signing_error(&e.to_string()))?;
            git.commit_signed(buffer, &signature, None).map_err(git_err)
        }
    }
}
