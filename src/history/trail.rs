//! Reading the audit trail: decisions from newest to oldest. The plan as it
//! stood at any commit is read in [`crate::history::plan_file`], what each
//! decision changed in [`crate::history::changes`].

use git2::{Oid, Sort};

use crate::history::commit_graph::CommitGraph;
use crate::history::decision::Decision;
use crate::history::repo::PlansRepo;
use crate::history::settlement::read_decision_or_settlement;

pub use crate::history::changes::{ChangeReader, DecisionChanges, changes_of};
pub use crate::history::plan_file::{PlanFile, plan_at, plan_files_at, plan_from_bytes};

/// Every commit reachable from `head`, newest first, children always
/// before their parents (libgit2 reads the whole graph first to order it).
pub fn commits(repo: &PlansRepo, head: Oid) -> Result<impl Iterator<Item = Oid> + '_, git2::Error> {
    walk(repo, head, Sort::TOPOLOGICAL | Sort::TIME)
}

/// The commits reachable from `head` in the order `sorting` asks.
fn walk(
    repo: &PlansRepo,
    head: Oid,
    sorting: Sort,
) -> Result<impl Iterator<Item = Oid> + '_, git2::Error> {
    let mut walk = repo.git.revwalk()?;
    walk.set_sorting(sorting)?;
    walk.push(head)?;
    Ok(walk.filter_map(Result::ok))
}

/// The decisions among `commits` (settled conflicts included), reading
/// only their messages.
fn decisions_in(
    repo: &PlansRepo,
    commits: impl Iterator<Item = Oid>,
) -> impl Iterator<Item = Decision> {
    commits.filter_map(|oid| {
        repo.git
            .find_commit(oid)
            .ok()
            .as_ref()
            .and_then(read_decision_or_settlement)
    })
}

/// Every decision reachable from `head`, newest commit date first, as `git
/// log` orders them: read as the walk goes, holding only the commits
/// waiting and the ids of those seen (20 bytes a commit), never the
/// commits themselves (a commit dated before its parent, by a wrong clock,
/// may come after it).
pub fn decisions_by_date(
    repo: &PlansRepo,
    head: Oid,
) -> Result<impl Iterator<Item = Decision> + '_, git2::Error> {
    let walk = DateWalk::new(repo, head)?;
    Ok(walk.filter_map(|commit| read_decision_or_settlement(&commit)))
}

/// Every commit reachable from `head`, in the order of [`decisions_by_date`].
pub fn commits_by_date(
    repo: &PlansRepo,
    head: Oid,
) -> Result<impl Iterator<Item = git2::Commit<'_>>, git2::Error> {
    DateWalk::new(repo, head)
}

/// The commits reachable from a head, newest commit date first (the one
/// queued first among equal dates), as `git log` orders them. Each commit is
/// read once, when it is queued, and only the commits waiting are held
/// (with the ids of all seen, so none is queued twice): libgit2's date-ordered walk reads the whole history before giving the
/// first commit, and then each commit is read again for its message.
struct DateWalk<'r> {
    repo: &'r PlansRepo,
    /// Commits waiting: (date, the reverse of when queued, the commit).
    queue: std::collections::BinaryHeap<Queued<'r>>,
    queued: std::collections::HashSet<Oid>,
    count: u64,
}

/// A commit waiting in a [`DateWalk`].
struct Queued<'r>(i64, std::cmp::Reverse<u64>, git2::Commit<'r>);

impl PartialEq for Queued<'_> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}

impl Eq for Queued<'_> {}

impl PartialOrd for Queued<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0, self.1).cmp(&(other.0, other.1))
    }
}

impl<'r> DateWalk<'r> {
    fn new(repo: &'r PlansRepo, head: Oid) -> Result<DateWalk<'r>, git2::Error> {
        let mut walk = DateWalk {
            repo,
            queue: std::collections::BinaryHeap::new(),
            queued: std::collections::HashSet::new(),
            count: 0,
        };
        let commit = repo.git.find_commit(head)?;
        walk.queue(commit);
        Ok(walk)
    }

    fn queue(&mut self, commit: git2::Commit<'r>) {
        if self.queued.insert(commit.id()) {
            self.count += 1;
            let time = commit.committer().when().seconds();
            self.queue
                .push(Queued(time, std::cmp::Reverse(self.count), commit));
        }
    }
}

impl<'r> Iterator for DateWalk<'r> {
    type Item = git2::Commit<'r>;

    fn next(&mut self) -> Option<git2::Commit<'r>> {
        let Queued(_, _, commit) = self.queue.pop()?;
        for parent in commit.parent_ids() {
            if !self.queued.contains(&parent)
                && let Ok(parent) = self.repo.git.find_commit(parent)
            {
                self.queue(parent);
            }
        }
        Some(commit)
    }
}

/// The decisions on the plan `plan` reachable from `head`, in the order of
/// [`decisions_by_date`]. With a commit-graph's changed-path filters, the
/// commits they show to be no decision on the plan are passed over unread
/// (see [`CommitGraph::certainly_not_on`]); without, every message is read.
pub fn plan_decisions_by_date<'r>(
    repo: &'r PlansRepo,
    head: Oid,
    plan: &str,
) -> Result<Box<dyn Iterator<Item = Decision> + 'r>, git2::Error> {
    let (id, path) = (plan.to_string(), PlansRepo::plan_path(plan));
    let Some(graph) = CommitGraph::open(&repo.git) else {
        let all = decisions_by_date(repo, head)?;
        return Ok(Box::new(all.filter(move |decision| decision.plan == id)));
    };
    let graph = std::rc::Rc::new(graph);
    let mut walk = GraphDateWalk {
        repo,
        graph: std::rc::Rc::clone(&graph),
        queue: std::collections::BinaryHeap::new(),
        queued: std::collections::HashSet::new(),
        count: 0,
    };
    walk.queue(head)?;
    // The plans folder of a root tree (None when unreadable or missing:
    // then the commit is read).
    let folder = move |tree: Oid| {
        let tree = repo.git.find_tree(tree).ok()?;
        tree.get_name(crate::history::repo::PLANS_DIR)
            .map(|entry| entry.id())
    };
    let plans_differ = move |tree: Oid, parent: Oid| match (folder(tree), folder(parent)) {
        (Some(now), Some(before)) => now != before,
        _ => false,
    };
    let candidates = walk.filter_map(move |oid| {
        if graph.certainly_not_on(oid, &path, plans_differ) {
            return None;
        }
        repo.git
            .find_commit(oid)
            .ok()
            .as_ref()
            .and_then(read_decision_or_settlement)
    });
    Ok(Box::new(
        candidates.filter(move |decision| decision.plan == id),
    ))
}

/// A queued commit of a [`GraphDateWalk`]: (date, the reverse of when
/// queued, id, parents).
type GraphQueued = (i64, std::cmp::Reverse<u64>, Oid, Vec<Oid>);

/// [`DateWalk`]'s order, with dates and parents read from a commit-graph,
/// so that a commit is read only when it is wanted (or the graph does not
/// hold it).
struct GraphDateWalk<'r> {
    repo: &'r PlansRepo,
    graph: std::rc::Rc<CommitGraph>,
    queue: std::collections::BinaryHeap<GraphQueued>,
    queued: std::collections::HashSet<Oid>,
    count: u64,
}

impl GraphDateWalk<'_> {
    fn queue(&mut self, oid: Oid) -> Result<(), git2::Error> {
        if !self.queued.insert(oid) {
            return Ok(());
        }
        let (time, parents) = match self.graph.walk_entry(oid) {
            Some((time, _, parents)) => (time, parents),
            None => {
                let commit = self.repo.git.find_commit(oid)?;
                (
                    commit.committer().when().seconds(),
                    commit.parent_ids().collect(),
                )
            }
        };
        self.count += 1;
        self.queue
            .push((time, std::cmp::Reverse(self.count), oid, parents));
        Ok(())
    }
}

impl Iterator for GraphDateWalk<'_> {
    type Item = Oid;

    fn next(&mut self) -> Option<Oid> {
        let (_, _, oid, parents) = self.queue.pop()?;
        for parent in parents {
            // An unreadable parent ends its line, as in the walk without a graph.
            let _ = self.queue(parent);
        }
        Some(oid)
    }
}

/// Every decision reachable from `head`, newest first (children before
/// parents); only commit messages are read.
pub fn decisions(
    repo: &PlansRepo,
    head: Oid,
) -> Result<impl Iterator<Item = Decision> + '_, git2::Error> {
    Ok(decisions_in(repo, commits(repo, head)?))
}

/// Decisions reachable from `tip` but not from `from` (all when None),
/// newest first (children before parents); settled conflicts are not
/// decisions here.
pub fn decisions_between(repo: &PlansRepo, from: Option<Oid>, tip: Oid) -> Vec<Decision> {
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
                .and_then(crate::history::decision::read_decision)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DecisionText;
    use crate::plan::Plan;
    use serde_json::Value;

    use crate::plan::fixtures::EXAMPLE;

    /// A plans repository with two plans and decisions that create them,
    /// change fields, add and remove an item, remove and re-create a plan.
    fn history() -> (tempfile::TempDir, PlansRepo, Oid) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let git = git2::Repository::init(dir.path()).expect("a repository");
        let mut first: Value = serde_json::from_str(EXAMPLE).expect("the example parses");
        let mut second = first.clone();
        second["id"] = Value::from("arbejdsplads-9");
        let signature = git2::Signature::new(
            "Sekretær",
            "s@example.org",
            &git2::Time::new(1e9 as i64, 60),
        )
        .expect("a signature");
        let mut files: Vec<(String, Option<Vec<u8>>)> = Vec::new();
        let mut steps: Vec<(String, Option<Value>)> = vec![
            ("arbejdsplads-1".into(), Some(first.clone())),
            ("arbejdsplads-9".into(), Some(second.clone())),
        ];
        first["title"] = Value::from("Ny titel");
        steps.push(("arbejdsplads-1".into(), Some(first.clone())));
        first["phases"][0]["subtasks"][0]["status"] = Value::from("done");
        steps.push(("arbejdsplads-1".into(), Some(first.clone())));
        second["phases"][0]["subtasks"][0]["owner"] = Value::from("Teamleder Bo");
        steps.push(("arbejdsplads-9".into(), Some(second.clone())));
        let removed = first["phases"][0]["subtasks"]
            .as_array_mut()
            .and_then(|list| (list.len() > 1).then(|| list.remove(1)));
        steps.push(("arbejdsplads-1".into(), Some(first.clone())));
        if let Some(item) = removed {
            if let Some(list) = first["phases"][1]["subtasks"].as_array_mut() {
                list.push(item);
            }
            steps.push(("arbejdsplads-1".into(), Some(first.clone())));
        }
        steps.push(("arbejdsplads-9".into(), None));
        steps.push(("arbejdsplads-9".into(), Some(second.clone())));
        // The same text again: a decision that changes nothing.
        steps.push(("arbejdsplads-1".into(), Some(first.clone())));

        let mut parent: Option<Oid> = None;
        for (n, (id, plan)) in steps.into_iter().enumerate() {
            let name = format!("{id}.json");
            files.retain(|(file, _)| *file != name);
            let bytes = plan.map(|plan| {
                let mut text = serde_json::to_string_pretty(&plan).expect("JSON");
                text.push('\n');
                text.into_bytes()
            });
            if bytes.is_some() {
                files.push((name, bytes));
            }
            let mut folder = git.treebuilder(None).expect("a tree builder");
            for (file, bytes) in &files {
                let blob = git
                    .blob(bytes.as_deref().unwrap_or_default())
                    .expect("a blob");
                folder.insert(file, blob, 0o100644).expect("an entry");
            }
            // A folder that sorts among the plans is not a plan.
            let empty = git
                .treebuilder(None)
                .and_then(|b| b.write())
                .expect("a tree");
            folder
                .insert("arbejdsplads-5.json", empty, 0o040000)
                .expect("an entry");
            let folder = folder.write().expect("the plans tree");
            let mut root = git.treebuilder(None).expect("a tree builder");
            root.insert(PLANS_DIR_NAME, folder, 0o040000)
                .expect("an entry");
            let tree = git
                .find_tree(root.write().expect("a tree"))
                .expect("the tree");
            let message = DecisionText {
                plan: id.clone(),
                summary: format!("Beslutning {n}"),
                body: None,
                decided_by: "Lokal-MED".into(),
                decided_on: chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap_or_default(),
                meeting: None,
                extra: Vec::new(),
                recorder: None,
            }
            .message();
            let parents: Vec<git2::Commit<'_>> = parent
                .iter()
                .filter_map(|oid| git.find_commit(*oid).ok())
                .collect();
            let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
            parent = Some(
                git.commit(None, &signature, &signature, &message, &tree, &refs)
                    .expect("a commit"),
            );
        }
        let head = parent.expect("commits");
        let root = dir.path().to_path_buf();
        let repo = PlansRepo {
            git,
            root,
            from_env: false,
        };
        (dir, repo, head)
    }

    const PLANS_DIR_NAME: &str = crate::history::repo::PLANS_DIR;

    #[test]
    fn the_reader_gives_what_changes_of_gives() {
        let (_dir, repo, head) = history();
        let mut reader = ChangeReader::new(&repo);
        let mut count = 0;
        for decision in decisions(&repo, head).expect("a walk") {
            let expected = changes_of(&repo, &decision);
            let got = reader.changes(&decision);
            assert_eq!(got.before, expected.before, "{}", decision.summary);
            assert_eq!(got.after, expected.after, "{}", decision.summary);
            assert_eq!(got.changes, expected.changes, "{}", decision.summary);
            count += 1;
        }
        assert_eq!(count, 10);
    }

    #[test]
    fn a_decision_passed_over_for_an_item_never_touched_it() {
        let (_dir, repo, head) = history();
        let plan: Plan = serde_json::from_str(EXAMPLE).expect("the example parses");
        let mut items: Vec<String> = crate::plan::rules::ids(&plan)
            .into_iter()
            .map(|(id, _, _)| id.to_string())
            .collect();
        items.push("no-such-item".into());
        let mut passed_over = 0;
        for item in &items {
            let mut reader = ChangeReader::new(&repo);
            for decision in decisions(&repo, head).expect("a walk") {
                let full = changes_of(&repo, &decision);
                let blobs = reader.blobs(&decision);
                match reader.changes_at(&decision, blobs, Some(item)) {
                    Some(got) => assert_eq!(got.changes, full.changes),
                    None => {
                        passed_over += 1;
                        let in_plan = |plan: &Option<Plan>| {
                            plan.as_ref().is_some_and(|plan| {
                                crate::plan::rules::ids(plan)
                                    .iter()
                                    .any(|(id, _, _)| id == item)
                            })
                        };
                        assert!(!in_plan(&full.before) && !in_plan(&full.after), "{item}");
                        assert!(full.changes.iter().all(|c| c.item.as_deref() != Some(item)));
                    }
                }
            }
        }
        assert!(
            passed_over >= 10,
            "the search passes over decisions: {passed_over}"
        );
    }

    #[test]
    fn the_stream_gives_what_the_reader_gives_in_order() {
        use crate::history::change_stream::ChangeStream;
        let (_dir, repo, head) = history();
        for item in [None, Some("no-such-item"), Some("fase-1")] {
            let mut reader = ChangeReader::new(&repo);
            let expected: Vec<(Oid, Vec<crate::plan::diff::Change>)> = decisions(&repo, head)
                .expect("a walk")
                .filter_map(|d| {
                    let blobs = reader.blobs(&d);
                    let changes = reader.changes_at(&d, blobs, item);
                    changes.map(|c| (d.commit, c.changes))
                })
                .collect();
            let walk = decisions(&repo, head).expect("a walk");
            let summarize: crate::history::change_stream::Summarize<_> =
                std::sync::Arc::new(|_, changes: DecisionChanges| Some(changes.changes));
            let got: Vec<(Oid, Vec<crate::plan::diff::Change>)> =
                ChangeStream::new(&repo, walk, item.map(str::to_string), summarize)
                    .map(|(d, changes)| (d.commit, changes))
                    .collect();
            assert_eq!(got, expected, "{item:?}");
        }
    }
}
