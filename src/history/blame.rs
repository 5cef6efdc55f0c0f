//! Blame: for each field of a plan (or of one item), the decision that set
//! its value, followed through merges.

use std::collections::HashMap;

use git2::Oid;
use serde::Serialize;
use serde_json::Value;

use crate::history::commit_graph::CommitGraph;
use crate::history::decision::Decision;
use crate::history::repo::PlansRepo;
use crate::history::settlement::{read_decision_or_settlement, settled_targets};
use crate::history::trail::{commits, plan_from_bytes};
use crate::plan::Plan;
use crate::plan::diff::ItemKind;

/// One field of the plan, its value, and the decision that last set it.
#[derive(Debug, Serialize)]
pub struct BlameLine {
    /// The item's id; None for a plan-level field.
    pub item: Option<String>,
    /// The field.
    pub field: String,
    /// Its value now.
    pub value: Value,
    /// The decision that last set it (None when no recorded decision did).
    pub decision: Option<Decision>,
}

/// The fields of `plan` to account for: plan-level fields and every field of
/// every item, or only the fields of the item `only`.
pub fn fields(plan: &Plan, only: Option<&str>) -> Vec<(Option<String>, ItemKind, String, Value)> {
    let mut out = Vec::new();
    let mut push = |item: Option<&str>, kind: ItemKind, value: Value| {
        if let Value::Object(object) = value {
            for (field, value) in object {
                if field == "subtasks"
                    || (item.is_none()
                        && matches!(field.as_str(), "phases" | "milestones" | "reporting"))
                {
                    continue;
                }
                out.push((item.map(str::to_string), kind, field, value));
            }
        }
    };
    let wanted = |id: Option<&str>| only.is_none() || only == id;
    if wanted(None) && only.is_none() {
        push(
            None,
            ItemKind::Plan,
            serde_json::to_value(plan).unwrap_or_default(),
        );
    }
    for phase in &plan.phases {
        if wanted(Some(&phase.id)) {
            push(
                Some(&phase.id),
                ItemKind::Phase,
                serde_json::to_value(phase).unwrap_or_default(),
            );
        }
        for subtask in &phase.subtasks {
            if wanted(Some(&subtask.id)) {
                push(
                    Some(&subtask.id),
                    ItemKind::Subtask,
                    serde_json::to_value(subtask).unwrap_or_default(),
                );
            }
        }
    }
    for milestone in &plan.milestones {
        if wanted(Some(&milestone.id)) {
            push(
                Some(&milestone.id),
                ItemKind::Milestone,
                serde_json::to_value(milestone).unwrap_or_default(),
            );
        }
    }
    for reporting in &plan.reporting {
        if wanted(Some(&reporting.id)) {
            push(
                Some(&reporting.id),
                ItemKind::Reporting,
                serde_json::to_value(reporting).unwrap_or_default(),
            );
        }
    }
    out
}

/// A field of a plan: (item, field).
type FieldKey = (Option<String>, String);

/// Each plan version's field values, read once by blob.
#[derive(Default)]
struct FieldValues(HashMap<Oid, HashMap<FieldKey, Value>>);

impl FieldValues {
    /// The value of the field `key` in the plan file `blob` (None: no such
    /// field, or no file).
    fn get(&mut self, repo: &PlansRepo, blob: Option<Oid>, key: &FieldKey) -> Option<Value> {
        let blob = blob?;
        let parsed = self.0.entry(blob).or_insert_with(|| {
            repo.git
                .find_blob(blob)
                .ok()
                .and_then(|found| plan_from_bytes(found.content()))
                .map(|plan| {
                    fields(&plan, None)
                        .into_iter()
                        .map(|(item, _, field, value)| ((item, field), value))
                        .collect()
                })
                .unwrap_or_default()
        });
        parsed.get(key).cloned()
    }
}

/// Whether a settled target (`ITEM.FIELD`, `ITEM`, `FIELD`, or empty for
/// the whole plan) covers a field.
fn settles_field(target: &str, item: Option<&str>, field: &str) -> bool {
    match item {
        _ if target.is_empty() => true,
        Some(item) => target == item || target == format!("{item}.{field}"),
        None => target == field,
    }
}

/// Attributes each field of `plan` (as recorded at `head`) to the decision
/// that set its value: following the history from `head` back, through
/// merges along the side whose value it has, to the commit where the value
/// came in. A merge whose `Resolved` trailers settled the field is credited
/// itself (the decision of whoever settled it); a value that came in with a
/// commit that is no decision about this plan is credited to none. Stops as
/// soon as every field is accounted for.
pub fn blame(
    repo: &PlansRepo,
    head: Oid,
    plan: &Plan,
    only: Option<&str>,
) -> Result<Vec<BlameLine>, git2::Error> {
    let mut lines: Vec<BlameLine> = fields(plan, only)
        .into_iter()
        .map(|(item, _, field, value)| BlameLine {
            item,
            field,
            value,
            decision: None,
        })
        .collect();
    let plan_path = PlansRepo::plan_path(&plan.id);
    let path = std::path::PathBuf::from(&plan_path);
    let graph = CommitGraph::open(&repo.git);
    let mut open: HashMap<Oid, Vec<usize>> = HashMap::from([(head, (0..lines.len()).collect())]);
    let mut remaining = lines.len();
    let mut values = FieldValues::default();
    let mut value_in = |blob: Option<Oid>, key: &FieldKey| values.get(repo, blob, key);
    // The plan file's blob in each commit, read once: a commit's parents
    // are asked for it again when the walk comes to them.
    let mut blobs: HashMap<Oid, Option<Oid>> = HashMap::new();
    let mut blob_of = |oid: Oid| -> Option<Oid> {
        *blobs.entry(oid).or_insert_with(|| {
            repo.git
                .find_commit(oid)
                .ok()
                .and_then(|commit| repo.blob_id_at(&commit, &path))
        })
    };
    // Children before parents: without a graph, every commit in libgit2's
    // topological order; with one, only the commits fields reach, highest
    // generation first (a commit's generation is above its parents').
    let mut walk = match &graph {
        None => Some(commits(repo, head)?),
        Some(_) => None,
    };
    let mut generations: HashMap<Oid, u32> = HashMap::new();
    // With a graph, a commit waits exactly while fields are open at it:
    // it is queued when its first field comes, and queued again should one
    // come after it was visited (which generations that keep children above
    // parents never bring about, but a graph written otherwise might).
    let mut waiting: std::collections::BinaryHeap<(u32, Oid)> = std::collections::BinaryHeap::new();
    if let Some(graph) = &graph {
        waiting.push((generation(repo, graph, head, &mut generations), head));
    }
    loop {
        let next = match walk.as_mut() {
            Some(walk) => walk.next(),
            None => waiting.pop().map(|(_, oid)| oid),
        };
        let Some(oid) = next else {
            break;
        };
        if remaining == 0 {
            break;
        }
        let Some(here) = open.remove(&oid) else {
            continue;
        };
        let mut reached: Vec<Oid> = Vec::new();
        // A commit whose changed-path filter says it left the plan's file as
        // its one parent had it passes every field on to that parent, as
        // reading both files would find.
        if let Some(parent) = graph
            .as_ref()
            .and_then(|graph| graph.unchanged_from(oid, &plan_path))
        {
            if !open.contains_key(&parent) {
                reached.push(parent);
            }
            open.entry(parent).or_default().extend(here);
        } else {
            let parent_ids: Vec<Oid> = match graph.as_ref().and_then(|g| g.walk_entry(oid)) {
                Some((_, _, parents)) => parents,
                None => match repo.git.find_commit(oid) {
                    Ok(commit) => commit.parent_ids().collect(),
                    Err(_) => continue,
                },
            };
            let blob = blob_of(oid);
            let parents: Vec<(Oid, Option<Oid>)> = parent_ids
                .iter()
                .map(|&parent| (parent, blob_of(parent)))
                .collect();
            // Most commits leave the plan's file as their one parent had
            // it: every field passes on to that parent, as reading the
            // commit would find, without reading its message.
            if let [(parent, parent_blob)] = parents[..]
                && parent_blob == blob
            {
                if !open.contains_key(&parent) {
                    reached.push(parent);
                }
                open.entry(parent).or_default().extend(here);
            } else if let Ok(commit) = repo.git.find_commit(oid) {
                let decision = read_decision_or_settlement(&commit).filter(|d| d.plan == plan.id);
                let settled = match (&decision, parents.len()) {
                    (Some(_), 2..) => {
                        settled_targets(commit.message().unwrap_or_default(), &plan.id)
                    }
                    _ => Vec::new(),
                };
                for index in here {
                    let line = &lines[index];
                    let key = (line.item.clone(), line.field.clone());
                    let settled_here = settled
                        .iter()
                        .any(|target| settles_field(target, line.item.as_deref(), &line.field));
                    let from = if settled_here {
                        None
                    } else {
                        let mine = value_in(blob, &key);
                        parents
                            .iter()
                            .find(|(_, parent_blob)| {
                                *parent_blob == blob || value_in(*parent_blob, &key) == mine
                            })
                            .map(|(parent, _)| *parent)
                    };
                    match from {
                        Some(parent) => {
                            if !open.contains_key(&parent) {
                                reached.push(parent);
                            }
                            open.entry(parent).or_default().push(index);
                        }
                        None => {
                            lines[index].decision = decision.clone();
                            remaining -= 1;
                        }
                    }
                }
            }
        }
        if let Some(graph) = &graph {
            for parent in reached {
                waiting.push((generation(repo, graph, parent, &mut generations), parent));
            }
        }
    }
    Ok(lines)
}

/// The generation of a commit: the graph's, or one more than its parents'
/// for a commit newer than the graph (worked out without recursion: the
/// commits since the graph was written may be many).
fn generation(
    repo: &PlansRepo,
    graph: &CommitGraph,
    oid: Oid,
    known: &mut HashMap<Oid, u32>,
) -> u32 {
    let mut stack = vec![oid];
    while let Some(&top) = stack.last() {
        if known.contains_key(&top) {
            stack.pop();
            continue;
        }
        if let Some((_, generation, _)) = graph.walk_entry(top) {
            known.insert(top, generation);
            stack.pop();
            continue;
        }
        let parents: Vec<Oid> = repo
            .git
            .find_commit(top)
            .map(|commit| commit.parent_ids().collect())
            .unwrap_or_default();
        let missing: Vec<Oid> = parents
            .iter()
            .filter(|parent| !known.contains_key(*parent))
            .copied()
            .collect();
        if missing.is_empty() {
            let highest = parents.iter().filter_map(|p| known.get(p)).max();
            known.insert(top, highest.copied().unwrap_or(0).saturating_add(1));
            stack.pop();
        } else {
            stack.extend(missing);
        }
    }
    known.get(&oid).copied().unwrap_or(0)
}

/// A decision about a plan, with the plan file's blob before and after it
/// (None: not known, as for a merge).
pub type DecisionBlobs = (Oid, Option<(Option<Oid>, Option<Oid>)>);

/// Who set what as worked out before: its lines, the plan file they were
/// worked out for, and how many of the decisions given are newer.
pub struct Before<'l> {
    /// The lines then.
    pub lines: &'l [BlameLine],
    /// The plan file's blob then.
    pub blob: Option<Oid>,
    /// How many of the decisions given came since.
    pub newer: usize,
}

/// As [`blame`], for a history without merges, visiting only `decisions`:
/// the plan's decisions from `head` back, newest first (as a server's
/// index keeps them, with the plan file's blob before and after each,
/// which never change), instead of every commit. Each step is checked: the
/// plan file a decision left must be the file the newer one found; where
/// it is not (a commit that is no decision about the plan changed the
/// file), a blob is not known, or a field is still open after the oldest
/// decision, the whole history is walked as [`blame`] walks it. (A file
/// changed by hand and changed back to the very same bytes is taken as
/// the decision before it left it.)
///
/// With `earlier` (who set what a few decisions ago), the walk stops where
/// those decisions end when the file there is the file it was worked out
/// for: every field still open has the value it had then, set by the
/// decision that set it then.
pub fn blame_linear(
    repo: &PlansRepo,
    head: Oid,
    plan: &Plan,
    only: Option<&str>,
    decisions: &[DecisionBlobs],
    earlier: Option<Before<'_>>,
) -> Result<Vec<BlameLine>, git2::Error> {
    let mut lines: Vec<BlameLine> = fields(plan, only)
        .into_iter()
        .map(|(item, _, field, value)| BlameLine {
            item,
            field,
            value,
            decision: None,
        })
        .collect();
    let mut open: Vec<usize> = (0..lines.len()).collect();
    let mut values = FieldValues::default();
    let mut value_in = |blob: Option<Oid>, key: &FieldKey| values.get(repo, blob, key);
    // The file as the newer end of the stretch has it.
    let path = std::path::PathBuf::from(PlansRepo::plan_path(&plan.id));
    let mut above = repo.blob_id_at(&repo.git.find_commit(head)?, &path);
    for (at, &(oid, blobs)) in decisions.iter().enumerate() {
        if open.is_empty() {
            break;
        }
        if let Some(then) = earlier
            .as_ref()
            .filter(|then| then.newer == at && then.blob == above)
            && let Some(credits) = credits_then(&lines, &open, then.lines)
        {
            for (index, decision) in credits {
                lines[index].decision = decision;
            }
            return Ok(lines);
        }
        let Some((before, after)) = blobs else {
            return blame(repo, head, plan, only);
        };
        if after != above {
            return blame(repo, head, plan, only);
        }
        if before != after {
            let commit = repo.git.find_commit(oid)?;
            let decision = read_decision_or_settlement(&commit).filter(|d| d.plan == plan.id);
            let mut still = Vec::with_capacity(open.len());
            for index in open {
                let key = (lines[index].item.clone(), lines[index].field.clone());
                if value_in(after, &key) == value_in(before, &key) {
                    still.push(index);
                } else {
                    lines[index].decision = decision.clone();
                }
            }
            open = still;
        }
        above = before;
    }
    if let Some(then) = earlier
        .as_ref()
        .filter(|then| then.newer == decisions.len() && then.blob == above)
        && let Some(credits) = credits_then(&lines, &open, then.lines)
    {
        for (index, decision) in credits {
            lines[index].decision = decision;
        }
        return Ok(lines);
    }
    if !open.is_empty() && above.is_some() {
        return blame(repo, head, plan, only);
    }
    Ok(lines)
}

/// The decision that set each open line's field then, when every one is
/// among the lines then with the same value (None: not all are).
fn credits_then(
    lines: &[BlameLine],
    open: &[usize],
    then: &[BlameLine],
) -> Option<Vec<(usize, Option<Decision>)>> {
    let by_field: HashMap<(Option<&str>, &str), &BlameLine> = then
        .iter()
        .map(|line| ((line.item.as_deref(), line.field.as_str()), line))
        .collect();
    open.iter()
        .map(|&index| {
            let line = &lines[index];
            let was = by_field.get(&(line.item.as_deref(), line.field.as_str()))?;
            (was.value == line.value).then(|| (index, was.decision.clone()))
        })
        .collect()
}
