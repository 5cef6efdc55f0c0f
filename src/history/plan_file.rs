//! A plan file read from history: the plan as it stood at a commit, and
//! every plan file in a commit's tree.

use git2::Oid;

use crate::history::repo::PlansRepo;
use crate::plan::Plan;

/// The plan `id` as it stood at `commit`, when it existed and could be read.
pub fn plan_at(repo: &PlansRepo, commit: Oid, id: &str) -> Option<Plan> {
    let bytes = repo.file_at(commit, &PlansRepo::plan_path(id)).ok()??;
    plan_from_bytes(&bytes)
}

/// A plan from the bytes of its file (byte-order mark allowed), when it is one.
pub fn plan_from_bytes(bytes: &[u8]) -> Option<Plan> {
    let text = crate::plan::source::text_from_bytes(bytes.to_vec()).ok()?;
    serde_json::from_str(&text).ok()
}

/// A plan file read from history: its id and its bytes.
pub type PlanFile = (String, Vec<u8>);

/// Every plan file in the tree of `commit`, sorted by id.
pub fn plan_files_at(repo: &PlansRepo, commit: Oid) -> Result<Vec<PlanFile>, git2::Error> {
    plan_blobs_at(repo, commit)?
        .into_iter()
        .map(|(id, blob)| Ok((id, repo.git.find_blob(blob)?.content().to_vec())))
        .collect()
}

/// Every plan file in the tree of `commit` by its blob, sorted by id: the
/// plans folder's listing, no file read.
pub fn plan_blobs_at(repo: &PlansRepo, commit: Oid) -> Result<Vec<(String, Oid)>, git2::Error> {
    let tree = repo.git.find_commit(commit)?.tree()?;
    let Ok(entry) = tree.get_path(std::path::Path::new(crate::history::repo::PLANS_DIR)) else {
        return Ok(Vec::new());
    };
    let plans = repo.git.find_tree(entry.id())?;
    let mut files = Vec::new();
    for entry in plans.iter() {
        let Some(id) = entry
            .name()
            .ok()
            .and_then(|name| name.strip_suffix(".json"))
        else {
            continue;
        };
        if entry.kind() == Some(git2::ObjectType::Blob) {
            files.push((id.to_string(), entry.id()));
        }
    }
    files.sort();
    Ok(files)
}

/// A plan's JSON as the tool writes it: two-space indents, a final newline.
pub fn plan_text(value: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}
