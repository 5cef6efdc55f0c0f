//! Recording a sync's merge commit: its message with the trailers that say
//! it is a sync, which decisions it combines and how conflicts were settled,
//! signed the way git is set up to sign.

use git2::Oid;

use crate::error::CommandError;
use crate::history::decision::{Decision, identities};
use crate::history::repo::{PlansRepo, git_error, short_id};
use crate::history::sign::SigningSetup;
use crate::history::sync::commit_merge::{COMBINES, RESOLVED, RESOLVED_BY, Resolutions, SYNC};
use crate::history::sync::transport::Remote;
use crate::i18n::{HistoryMsg, Lang, Message, SyncMsg};

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The merge commit's message: a summary, then the trailers.
pub(super) fn merge_message(
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
pub(super) fn write_commit(
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
