//! Keeping the history quick to read, whoever last maintained it.
//!
//! `log PLAN`, `blame` and the page "Hvem satte hvad" find the commits that
//! touched one plan through git's commit-graph and its changed-path Bloom
//! filters ([`crate::history::commit_graph`]). Without the filters every
//! commit's tree must be read: on 100,000 decisions, seconds instead of a
//! fraction of one. `git gc` writes a graph without filters unless the
//! repository's graph already has them: once written, git keeps writing
//! them (for gc and every later `commit-graph write`). So backbrief writes
//! them once where a repository is made, shared or served, and asks git to
//! keep its graph current when it collects garbage. The committee's server,
//! which fetches and records for months between two `git gc`, also writes
//! the graph again when many commits are newer than it ([`keep_current`]).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::history::commit_graph::CommitGraph;

/// The settings under which git keeps the commit-graph current: read it,
/// and write it on `gc`. Not `fetch.writeCommitGraph`: a fetch killed while
/// it writes the graph leaves git's lock file behind, and every later fetch
/// then fails until someone removes it (a sync must survive being killed).
const SETTINGS: [(&str, bool); 2] = [("core.commitGraph", true), ("gc.writeCommitGraph", true)];

/// Sets [`SETTINGS`] in the repository's own configuration, where the
/// repository does not say otherwise already.
pub fn configure(repo: &git2::Repository) -> Result<(), git2::Error> {
    let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
    for (name, value) in SETTINGS {
        if config.get_entry(name).is_err() {
            config.set_bool(name, value)?;
        }
    }
    Ok(())
}

/// Whether the repository's commit-graph holds changed-path filters that
/// backbrief can use.
pub fn has_changed_paths(repo: &git2::Repository) -> bool {
    CommitGraph::open(repo).is_some()
}

/// How many commits may be newer than the commit-graph before
/// [`keep_current`] writes it again: those are read the slower way.
pub const GRAPH_LAG: usize = 200;

/// Writes the commit-graph with changed-path filters, through the installed
/// git, when the repository has commits and its graph lacks them; true when
/// it wrote one. Best effort: without git, or when git fails, the history
/// is read the slower way and nothing else changes (git writes the graph
/// to a temporary file and renames it into place).
pub fn write_changed_paths(repo: &git2::Repository) -> bool {
    if has_changed_paths(repo) || repo.head().is_err() {
        return false;
    }
    write_graph(repo)
}

/// Whether at least [`GRAPH_LAG`] commits reachable from HEAD are newer
/// than the repository's commit-graph (which has filters): a server that
/// fetches and records for months without `git gc` would otherwise read
/// ever more of its history the slow way.
pub fn graph_lags(repo: &git2::Repository) -> bool {
    let Some(graph) = CommitGraph::open(repo) else {
        return false;
    };
    let Ok(mut walk) = repo.revwalk() else {
        return false;
    };
    if walk.push_head().is_err() {
        return false;
    }
    walk.take(GRAPH_LAG * 4)
        .flatten()
        .filter(|id| graph.commit(*id).is_none())
        .nth(GRAPH_LAG - 1)
        .is_some()
}

/// `git commit-graph write --reachable --changed-paths`, unless another
/// git is writing the graph; whether it succeeded. The filters already in
/// the graph are reused, so only new commits cost anything.
fn write_graph(repo: &git2::Repository) -> bool {
    let info = repo.path().join("objects").join("info");
    let locked = ["commit-graph.lock", "commit-graphs/commit-graph-chain.lock"]
        .iter()
        .any(|lock| info.join(lock).exists());
    if locked {
        return false;
    }
    let git_dir = repo.path();
    let status = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args([
            "commit-graph",
            "write",
            "--reachable",
            "--changed-paths",
            "--no-progress",
        ])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    status.is_ok_and(|status| status.success())
}

/// The server's own upkeep of the repository at `dir`, after each fetch:
/// [`keep_quick`], and the graph written again when it lags behind by
/// [`GRAPH_LAG`] commits or more ([`graph_lags`]). Best effort.
pub fn keep_current(dir: &Path) {
    if let Ok(repo) = git2::Repository::discover(dir) {
        let _ = configure(&repo);
        if !write_changed_paths(&repo) && graph_lags(&repo) {
            write_graph(&repo);
        }
    }
}

/// [`configure`] and [`write_changed_paths`] for the repository at `dir`,
/// ignoring what cannot be done: used after a command has done its work.
pub fn keep_quick(dir: &Path) {
    if let Ok(repo) = git2::Repository::discover(dir) {
        let _ = configure(&repo);
        write_changed_paths(&repo);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configure_keeps_what_the_repository_already_says() {
        let dir = tempfile::tempdir().expect("temp");
        let repo = git2::Repository::init(dir.path()).expect("init");
        repo.config()
            .and_then(|mut c| c.set_bool("gc.writeCommitGraph", false))
            .expect("set");
        configure(&repo).expect("configure");
        let config = repo.config().expect("config");
        assert_eq!(config.get_bool("core.commitGraph").ok(), Some(true));
        assert_eq!(config.get_bool("gc.writeCommitGraph").ok(), Some(false));
        assert_eq!(config.get_bool("fetch.writeCommitGraph").ok(), None);
    }

    #[test]
    fn an_empty_repository_gets_no_graph() {
        let dir = tempfile::tempdir().expect("temp");
        let repo = git2::Repository::init(dir.path()).expect("init");
        assert!(!write_changed_paths(&repo));
        assert!(!has_changed_paths(&repo));
    }
}
