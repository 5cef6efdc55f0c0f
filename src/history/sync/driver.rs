//! The semantic merge as git's merge driver, so that a plain `git pull`
//! (or `git merge`) merges plan files the way `backbrief sync` does.
//!
//! `.gitattributes` says `plans/*.json merge=backbrief`; each clone's git
//! config says how to run it: `merge.backbrief.driver` is
//! `backbrief merge-driver %O %A %B %P`. Git runs it only for a plan both
//! sides changed.
//!
//! When the sides conflict, the driver writes our side's values and adds a
//! `"merge_conflicts"` list to the plan, one entry per conflict with its
//! base, our and their value, and exits with 1: git marks the file as
//! conflicted, the file stays readable JSON, and the plan does not validate
//! until a person has chosen and removed the list. (Better: `git merge
//! --abort` and `backbrief sync`, which records who chose what.)

use std::path::Path;

use git2::{MergeFileInput, MergeFileOptions, Repository};
use serde_json::{Map, Value};

use crate::history::repo::PlansRepo;
use crate::history::write::write_atomically;
use crate::i18n::{Lang, Message, SyncMsg};
use crate::plan::describe::describe_all;
use crate::plan::merge::{Side, merge};
use crate::plan::{Plan, source};

/// The driver's name in `.gitattributes` and git config.
pub const DRIVER: &str = "backbrief";
/// The line of `.gitattributes` that sends plan files to the driver.
pub const ATTRIBUTES_LINE: &str = "plans/*.json merge=backbrief";
/// The field the driver adds to a plan with conflicts.
pub const CONFLICTS_FIELD: &str = "merge_conflicts";

/// The command git runs: this program's `merge-driver`, by name when the
/// `backbrief` found on PATH is this program, else by its full path.
pub fn driver_command() -> String {
    let exe = std::env::current_exe().ok();
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(format!("backbrief{}", std::env::consts::EXE_SUFFIX)))
            .find(|candidate| candidate.is_file())
    });
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let program = match (&exe, &on_path) {
        (Some(exe), Some(found)) if same(exe, found) => "backbrief".to_string(),
        (Some(exe), _) => shell_quote(&exe.to_string_lossy()),
        (None, _) => "backbrief".to_string(),
    };
    format!("{program} merge-driver %O %A %B %P")
}

/// Quotes a path for the shell git runs the driver with.
fn shell_quote(text: &str) -> String {
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Registers the driver in the repository's own git config, unless it is
/// registered already. Returns whether it changed anything.
pub fn register(git: &Repository) -> Result<bool, git2::Error> {
    let mut config = git.config()?.open_level(git2::ConfigLevel::Local)?;
    let key = format!("merge.{DRIVER}.driver");
    if config.get_string(&key).is_ok() {
        return Ok(false);
    }
    config.set_str(
        &format!("merge.{DRIVER}.name"),
        "backbrief: semantic merge of plans",
    )?;
    config.set_str(&key, &driver_command())?;
    Ok(true)
}

/// Makes sure plan files go to the driver: registers it, and when the
/// committed `.gitattributes` does not send them there, says so in this
/// clone's `.git/info/attributes` (nothing to commit).
pub fn ensure_registered(repo: &PlansRepo) -> Result<(), git2::Error> {
    register(&repo.git)?;
    let committed = std::fs::read_to_string(repo.root.join(".gitattributes")).unwrap_or_default();
    if committed.lines().any(|line| line.trim() == ATTRIBUTES_LINE) {
        return Ok(());
    }
    let info = repo.git_dir().join("info").join("attributes");
    let mut local = std::fs::read_to_string(&info).unwrap_or_default();
    if local.lines().any(|line| line.trim() == ATTRIBUTES_LINE) {
        return Ok(());
    }
    if !local.is_empty() && !local.ends_with('\n') {
        local.push('\n');
    }
    local.push_str(ATTRIBUTES_LINE);
    local.push('\n');
    write_atomically(&info, local.as_bytes()).map_err(|e| git2::Error::from_str(&e.to_string()))
}

/// What the driver made of one file.
#[derive(Debug, Clone)]
pub struct DriverMerge {
    /// The file to leave in the work tree.
    pub bytes: Vec<u8>,
    /// One sentence per conflict (empty when the merge is clean).
    pub conflicts: Vec<String>,
}

fn parse_plan(bytes: &[u8]) -> Option<(Plan, Value)> {
    let text = source::text_from_bytes(bytes.to_vec()).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    let plan = serde_json::from_value(value.clone()).ok()?;
    Some((plan, value))
}

/// Merges the three versions of the plan file `path`. Files that are not
/// plans (any side) are merged as text, with git's conflict markers.
pub fn merge_files(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    path: &str,
    lang: Option<Lang>,
) -> DriverMerge {
    let plans = [base, ours, theirs].map(|bytes| (!bytes.is_empty()).then(|| parse_plan(bytes)));
    let parsed = plans.iter().all(|plan| !matches!(plan, Some(None)));
    if !parsed {
        return text_merge(base, ours, theirs, path, lang);
    }
    let [base_plan, our_plan, their_plan] = plans.map(|p| p.flatten().map(|(plan, _)| plan));
    let lang = lang
        .or_else(|| our_plan.as_ref().map(Plan::language))
        .unwrap_or_default();
    let merged = merge(base_plan.as_ref(), our_plan.as_ref(), their_plan.as_ref());
    let Ok(value) = merged.resolve(&|_, _| Side::Ours) else {
        return text_merge(base, ours, theirs, path, Some(lang));
    };
    let Some(mut value) = value else {
        // Removed on both sides' terms: an empty file, as git leaves it.
        return DriverMerge {
            bytes: Vec::new(),
            conflicts: Vec::new(),
        };
    };
    let mut conflicts = Vec::new();
    let mut markers = Vec::new();
    for conflict in &merged.conflicts {
        let ours_said = describe_all(
            &conflict.our_changes,
            base_plan.as_ref(),
            our_plan.as_ref(),
            lang,
        );
        let theirs_said = describe_all(
            &conflict.their_changes,
            base_plan.as_ref(),
            their_plan.as_ref(),
            lang,
        );
        let target = conflict.target.to_string();
        conflicts.push(SyncMsg::DriverConflict.fill(
            lang,
            &[
                ("target", &target),
                ("ours", &ours_said.join("; ")),
                ("theirs", &theirs_said.join("; ")),
            ],
        ));
        let mut marker = Map::new();
        marker.insert("conflict".into(), Value::String(target));
        for (name, side) in [
            ("base", conflict.base.clone()),
            ("ours", conflict.ours.clone()),
            ("theirs", conflict.theirs.clone()),
        ] {
            marker.insert(name.into(), side.unwrap_or(Value::Null));
        }
        markers.push(Value::Object(marker));
    }
    if !markers.is_empty()
        && let Some(object) = value.as_object_mut()
    {
        object.insert(CONFLICTS_FIELD.into(), Value::Array(markers));
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    let bytes = match &merged.conflicts[..] {
        // A clean merge equal to one side keeps that side's file as it is.
        [] if our_plan.is_some()
            && serde_json::from_value::<Plan>(value.clone()).ok() == our_plan =>
        {
            ours.to_vec()
        }
        [] if their_plan.is_some()
            && serde_json::from_value::<Plan>(value.clone()).ok() == their_plan =>
        {
            theirs.to_vec()
        }
        _ => text.into_bytes(),
    };
    DriverMerge { bytes, conflicts }
}

/// Git's own line merge, with conflict markers, for files that are not plans.
fn text_merge(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    path: &str,
    lang: Option<Lang>,
) -> DriverMerge {
    let lang = lang.unwrap_or_default();
    let mut inputs = [
        MergeFileInput::new(),
        MergeFileInput::new(),
        MergeFileInput::new(),
    ];
    for (input, bytes) in inputs.iter_mut().zip([base, ours, theirs]) {
        input.content(bytes).path(path);
    }
    let mut options = MergeFileOptions::new();
    options
        .ancestor_label("base")
        .our_label(SyncMsg::SideHere.text(lang))
        .their_label(SyncMsg::SideThereShort.text(lang));
    match git2::merge_file(&inputs[0], &inputs[1], &inputs[2], Some(&mut options)) {
        Ok(result) => DriverMerge {
            bytes: result.content().to_vec(),
            conflicts: if result.is_automergeable() {
                Vec::new()
            } else {
                vec![SyncMsg::DriverNotAPlan.fill(lang, &[("path", &path)])]
            },
        },
        Err(_) => DriverMerge {
            bytes: ours.to_vec(),
            conflicts: vec![SyncMsg::DriverNotAPlan.fill(lang, &[("path", &path)])],
        },
    }
}
