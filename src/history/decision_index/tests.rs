//! The index against the walks it stands in for: who set what along the
//! index is who set what along every commit, and an index brought forward
//! is the index read afresh.

use proptest::prelude::*;

use super::*;
use crate::history::blame::{BlameLine, DecisionBlobs, blame, blame_linear};
use crate::i18n::Lang;
use crate::plan::fixtures::EXAMPLE;

/// What a commit in a generated history does.
#[derive(Debug, Clone)]
enum Kind {
    /// A decision about the plan it changes.
    Decision,
    /// A commit that is no decision (made with plain git).
    Plain,
    /// A decision about the other plan that changes this one.
    OtherPlan,
}

/// (plan 0 or 1, field 0..4, kind)
type Step = (usize, usize, Kind);

const PLANS: [&str; 2] = ["alfa", "beta"];

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        6 => Just(Kind::Decision),
        1 => Just(Kind::Plain),
        1 => Just(Kind::OtherPlan),
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec((0..2usize, 0..4usize, kind()), 0..14)
}

struct History {
    _dir: tempfile::TempDir,
    repo: PlansRepo,
    /// The head after each commit, oldest first.
    heads: Vec<Oid>,
}

fn message(plan: &str, n: usize) -> String {
    format!(
        "Beslutning {n}\n\nPlan: {plan}\nDecided-by: Lokal-MED\nDecided-on: 2026-01-{:02}\n",
        n % 28 + 1
    )
}

/// A repository where both plans are decided first, then each step sets
/// one field of one plan to a value never seen before.
fn history(steps: &[Step], created_by_decision: bool) -> History {
    let dir = tempfile::tempdir().expect("a folder");
    let git = git2::Repository::init(dir.path()).expect("a repository");
    let mut plans: Vec<serde_json::Value> = PLANS
        .iter()
        .map(|id| {
            let mut plan: serde_json::Value = serde_json::from_str(EXAMPLE).expect("the example");
            plan["id"] = serde_json::Value::from(*id);
            plan
        })
        .collect();
    let mut heads: Vec<Oid> = Vec::new();
    let root = dir.path().to_path_buf();
    let commit =
        |heads: &mut Vec<Oid>, git: &git2::Repository, plan: usize, text: &[u8], message: &str| {
            std::fs::create_dir_all(root.join("plans")).expect("the folder");
            let path = format!("plans/{}.json", PLANS[plan]);
            std::fs::write(root.join(&path), text).expect("the file");
            let mut index = git.index().expect("the index");
            index.add_path(std::path::Path::new(&path)).expect("added");
            index.write().expect("index written");
            let tree = git
                .find_tree(index.write_tree().expect("a tree"))
                .expect("the tree");
            let when = git2::Time::new(1_767_225_600 + heads.len() as i64, 60);
            let who = git2::Signature::new("Sara", "sara@example.dk", &when).expect("a signature");
            let parent = git.head().ok().and_then(|head| head.peel_to_commit().ok());
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let oid = git
                .commit(Some("HEAD"), &who, &who, message, &tree, &parents)
                .expect("a commit");
            heads.push(oid);
        };
    for (at, plan) in plans.iter().enumerate() {
        let text = crate::history::plan_file::plan_text(plan);
        let said = if created_by_decision {
            message(PLANS[at], heads.len())
        } else {
            "Opret planen\n".to_string()
        };
        commit(&mut heads, &git, at, &text, &said);
    }
    for (n, (plan, field, kind)) in steps.iter().enumerate() {
        let value = serde_json::Value::from(format!("Værdi {n}"));
        match field {
            0 => plans[*plan]["title"] = value,
            1 => plans[*plan]["unit"] = value,
            2 => plans[*plan]["owner"] = value,
            _ => plans[*plan]["phases"][0]["title"] = value,
        }
        let said = match kind {
            Kind::Decision => message(PLANS[*plan], n),
            Kind::Plain => "Rettet i hånden\n".to_string(),
            Kind::OtherPlan => message(PLANS[1 - plan], n),
        };
        let text = crate::history::plan_file::plan_text(&plans[*plan]);
        commit(&mut heads, &git, *plan, &text, &said);
    }
    let repo = PlansRepo::open(dir.path(), Lang::Da).expect("the plans repository");
    History {
        _dir: dir,
        repo,
        heads,
    }
}

/// A blame line as compared: the field and the decision's commit.
fn credited(lines: &[BlameLine]) -> Vec<(Option<String>, String, Option<Oid>)> {
    lines
        .iter()
        .map(|line| {
            (
                line.item.clone(),
                line.field.clone(),
                line.decision.as_ref().map(|d| d.commit),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn who_set_what_along_the_index_is_who_set_what_along_every_commit(
        steps in steps(),
        created_by_decision in any::<bool>(),
    ) {
        let history = history(&steps, created_by_decision);
        let repo = &history.repo;
        let head = *history.heads.last().expect("a head");
        let index = DecisionIndex::read(repo, head).expect("the index");
        prop_assert!(index.linear());
        for id in PLANS {
            let plan = crate::history::plan_file::plan_at(repo, head, id).expect("the plan");
            let decisions = with_blobs(repo, &index, id);
            let along = blame_linear(repo, head, &plan, None, &decisions, None)
                .expect("blame along the index");
            let walked = blame(repo, head, &plan, None).expect("blame");
            prop_assert_eq!(credited(&along), credited(&walked));
        }
    }

    #[test]
    fn an_index_brought_forward_is_the_index_read_afresh(
        steps in steps(),
        cut in any::<prop::sample::Index>(),
    ) {
        let history = history(&steps, true);
        let repo = &history.repo;
        let head = *history.heads.last().expect("a head");
        let then = history.heads[cut.index(history.heads.len())];
        let mut index = DecisionIndex::read(repo, then).expect("the index then");
        let before: Vec<Stamp> = PLANS.iter().map(|id| index.stamp(Some(id))).collect();
        index.update(repo, head).expect("brought forward");
        let fresh = DecisionIndex::read(repo, head).expect("the index now");
        prop_assert_eq!(index.decisions(), fresh.decisions());
        for (at, id) in PLANS.iter().enumerate() {
            prop_assert_eq!(index.plan_decisions(id), fresh.plan_decisions(id));
            // A plan changed since (its file, or a decision about it) is
            // stamped anew; one untouched keeps its stamp.
            let touched = history.heads.iter().skip_while(|c| **c != then).skip(1).any(|c| {
                let commit = repo.git.find_commit(*c).expect("a commit");
                let path = std::path::PathBuf::from(PlansRepo::plan_path(id));
                let parent = commit.parent(0).expect("a parent");
                repo.blob_id_at(&commit, &path) != repo.blob_id_at(&parent, &path)
                    || read_decision_or_settlement(&commit).is_some_and(|d| d.plan == *id)
            });
            prop_assert_eq!(index.stamp(Some(id)) != before[at], touched, "plan {}", id);
        }
    }
}

/// The decisions about `id` in `index`, newest first, with their blobs.
fn with_blobs(repo: &PlansRepo, index: &DecisionIndex, id: &str) -> Vec<DecisionBlobs> {
    let mut reader = crate::history::trail::ChangeReader::new(repo);
    index
        .plan_decisions(id)
        .into_iter()
        .map(|commit| {
            let decision = repo
                .git
                .find_commit(commit)
                .ok()
                .as_ref()
                .and_then(read_decision_or_settlement)
                .expect("a decision");
            (commit, reader.blobs(&decision))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Who set what worked out from the page of a few decisions ago is who
    /// set what worked out afresh.
    #[test]
    fn who_set_what_from_an_earlier_page_is_who_set_what_afresh(
        steps in steps(),
        cut in any::<prop::sample::Index>(),
    ) {
        let history = history(&steps, true);
        let repo = &history.repo;
        let head = *history.heads.last().expect("a head");
        let then = history.heads[1 + cut.index(history.heads.len() - 1)];
        let mut index = DecisionIndex::read(repo, then).expect("the index then");
        let mut earlier = Vec::new();
        for id in PLANS {
            let plan = crate::history::plan_file::plan_at(repo, then, id).expect("the plan");
            let decisions = with_blobs(repo, &index, id);
            let lines = blame_linear(repo, then, &plan, None, &decisions, None).expect("blame then");
            let commit = repo.git.find_commit(then).expect("a commit");
            let blob = repo.blob_id_at(&commit, std::path::Path::new(&PlansRepo::plan_path(id)));
            earlier.push((lines, blob, decisions.len()));
        }
        index.update(repo, head).expect("brought forward");
        for (at, id) in PLANS.iter().enumerate() {
            let plan = crate::history::plan_file::plan_at(repo, head, id).expect("the plan");
            let decisions = with_blobs(repo, &index, id);
            let (lines, blob, count) = &earlier[at];
            let before = crate::history::blame::Before {
                lines,
                blob: *blob,
                newer: decisions.len() - count,
            };
            let from_then = blame_linear(repo, head, &plan, None, &decisions, Some(before))
                .expect("blame from then");
            let walked = blame(repo, head, &plan, None).expect("blame");
            prop_assert_eq!(credited(&from_then), credited(&walked));
        }
    }
}

#[test]
fn a_history_that_does_not_follow_on_is_read_again() {
    let history = history(&[(0, 0, Kind::Decision), (1, 1, Kind::Decision)], true);
    let repo = &history.repo;
    let (older, newer) = (history.heads[1], history.heads[3]);
    let mut index = DecisionIndex::read(repo, newer).expect("the index");
    let stamp = index.stamp(Some("alfa"));
    // Back to an older head (as after a history rewritten): read afresh.
    index.update(repo, older).expect("updated");
    assert_eq!(
        index.decisions(),
        DecisionIndex::read(repo, older).expect("read").decisions()
    );
    assert_ne!(index.stamp(Some("alfa")), stamp);
}

#[test]
fn a_page_that_read_the_head_before_a_decision_is_answered_at_the_newer_head() {
    let history = history(&[(0, 0, Kind::Decision), (1, 1, Kind::Decision)], true);
    let repo = &history.repo;
    let (before, after) = (history.heads[2], history.heads[3]);
    let mut index = DecisionIndex::read(repo, before).expect("the index");
    index.update(repo, after).expect("updated");
    let stamp = index.stamp(None);
    // The branch is at `after`: a page that read `before` changes nothing.
    index.update(repo, before).expect("not moved back");
    assert_eq!((index.head(), index.stamp(None)), (after, stamp));
    // The branch set back to `before` (a history rewound): read afresh there.
    repo.git
        .reference("refs/heads/rewound", before, true, "rewound")
        .expect("a branch");
    repo.git.set_head("refs/heads/rewound").expect("moved");
    index.update(repo, before).expect("read again");
    assert_eq!(index.head(), before);
    assert_eq!(
        index.decisions(),
        DecisionIndex::read(repo, before).expect("read").decisions()
    );
}

/// Two hosts recorded at once: a merge brings one plan's decision in. The
/// index reads the history again; the other plan's pages stay in use.
#[test]
fn a_merge_makes_only_the_plan_it_brings_decisions_of_new() {
    let history = history(&[(0, 0, Kind::Decision)], true);
    let repo = &history.repo;
    let git = &repo.git;
    let ours = *history.heads.last().expect("a head");
    let fork = history.heads[1];
    let who = git2::Signature::new(
        "Sara",
        "sara@example.dk",
        &git2::Time::new(1_767_300_000, 60),
    )
    .expect("a signature");
    // The other host's decision on beta, made from the fork.
    let forked = git.find_commit(fork).expect("the fork");
    let mut plan: serde_json::Value = serde_json::from_slice(
        git.find_blob(
            repo.blob_id_at(&forked, std::path::Path::new("plans/beta.json"))
                .expect("beta"),
        )
        .expect("the blob")
        .content(),
    )
    .expect("a plan");
    plan["unit"] = serde_json::Value::from("Den anden vært");
    let text = crate::history::plan_file::plan_text(&plan);
    let blob = git.blob(&text).expect("a blob");
    let tree_with = |base: &git2::Commit<'_>| {
        let root = base.tree().expect("a tree");
        let plans = git
            .find_tree(root.get_name("plans").expect("plans").id())
            .expect("plans");
        let mut folder = git.treebuilder(Some(&plans)).expect("a builder");
        folder
            .insert("beta.json", blob, 0o100644)
            .expect("inserted");
        let folder = folder.write().expect("written");
        let mut top = git.treebuilder(Some(&root)).expect("a builder");
        top.insert("plans", folder, 0o040000).expect("inserted");
        git.find_tree(top.write().expect("written"))
            .expect("the tree")
    };
    let theirs = git
        .commit(
            None,
            &who,
            &who,
            &message("beta", 20),
            &tree_with(&forked),
            &[&forked],
        )
        .expect("their decision");
    let ours_commit = git.find_commit(ours).expect("ours");
    let theirs_commit = git.find_commit(theirs).expect("theirs");
    let merge = git
        .commit(
            Some("HEAD"),
            &who,
            &who,
            "Flettet\n",
            &tree_with(&ours_commit),
            &[&ours_commit, &theirs_commit],
        )
        .expect("the merge");
    let mut index = DecisionIndex::read(repo, ours).expect("the index");
    let (alfa, beta) = (index.stamp(Some("alfa")), index.stamp(Some("beta")));
    index.update(repo, merge).expect("read again");
    assert!(!index.linear());
    assert_eq!(index.plan_decisions("beta")[0], theirs);
    assert_eq!(
        index.stamp(Some("alfa")),
        alfa,
        "alfa untouched: its pages stay"
    );
    assert_ne!(index.stamp(Some("beta")), beta, "beta has a decision more");
    assert_eq!(
        index.decisions(),
        DecisionIndex::read(repo, merge).expect("read").decisions()
    );
}
