//! On the server: the `pre-receive` hook that refuses a push `verify` would
//! flag, and installing it into a bare repository.
//!
//! Git runs the hook with the pushed objects in quarantine (reachable
//! through `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES`)
//! and one line `<old> <new> <ref>` per ref on standard input. Only the
//! commits a branch update brings onto the server's branches are checked,
//! so the hook is fast on a long history; what the branches already hold
//! was checked when it came (what only a tag held was not).

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use super::{HistoryFinding, Place, VERIFIED_REF, verify_new_commits};
use crate::error::CommandError;
use crate::history::repo::{PLANS_DIR, PlansRepo, git_error, short_id};
use crate::i18n::{HookMsg, Lang, Message};
use crate::plan::Severity;

/// One line of the hook's input: a ref moved from `old` to `new` (None for
/// a ref created or deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// Where the ref was (None: created).
    pub old: Option<Oid>,
    /// Where the push moves it (None: deleted).
    pub new: Option<Oid>,
    /// The ref, e.g. `refs/heads/main`.
    pub name: String,
}

/// Reads git's `<old> <new> <ref>` lines; errs naming a line that does not read.
pub fn parse_updates(input: &str, lang: Lang) -> Result<Vec<RefUpdate>, CommandError> {
    let id = |hex: &str| -> Option<Option<Oid>> {
        let oid = Oid::from_str(hex).ok()?;
        Some((!oid.is_zero()).then_some(oid))
    };
    input
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.as_slice() {
                [old, new, name] => match (id(old), id(new)) {
                    (Some(old), Some(new)) => Ok(RefUpdate {
                        old,
                        new,
                        name: (*name).to_string(),
                    }),
                    _ => Err(bad_line(index, line, lang)),
                },
                _ => Err(bad_line(index, line, lang)),
            }
        })
        .collect()
}

fn bad_line(index: usize, line: &str, lang: Lang) -> CommandError {
    CommandError::usage(HookMsg::BadInput.fill(
        lang,
        &[("line", &(index + 1)), ("text", &line.escape_debug())],
    ))
    .hinted(HookMsg::BadInputHint.get(lang))
}

/// Opens the repository the hook runs in, as git set it up (the quarantined
/// objects included).
pub fn open_for_hook(cwd: &Path, lang: Lang) -> Result<PlansRepo, CommandError> {
    let git = if std::env::var_os("GIT_DIR").is_some() {
        Repository::open_from_env()
    } else {
        Repository::open(cwd)
    }
    .map_err(|error| git_error(&error, lang))?;
    let root = git.path().to_path_buf();
    Ok(PlansRepo {
        git,
        root,
        from_env: std::env::var_os("GIT_DIR").is_some(),
    })
}

/// The language to speak to the pusher: that of the first plan at the
/// pushed commit, else Danish.
pub fn pushed_language(repo: &PlansRepo, updates: &[RefUpdate]) -> Lang {
    updates
        .iter()
        .filter_map(|update| update.new)
        .filter_map(|new| repo.git.find_commit(new).ok()?.tree().ok())
        .filter_map(|tree| {
            let folder = tree.get_path(Path::new(PLANS_DIR)).ok()?;
            let folder = repo.git.find_tree(folder.id()).ok()?;
            folder.iter().find_map(|entry| {
                let blob = repo.git.find_blob(entry.id()).ok()?;
                crate::history::trail::plan_from_bytes(blob.content()).map(|p| p.language())
            })
        })
        .next()
        .unwrap_or_default()
}

/// The object a ref names, tags peeled (nested ones too): its id and kind,
/// None when it cannot be read.
fn peeled(repo: &PlansRepo, oid: Oid) -> Option<(Oid, Option<ObjectType>)> {
    let mut object = repo.git.find_object(oid, None).ok()?;
    // A tag of a tag of a tag...: each is walked, up to a bound.
    for _ in 0..64 {
        match object.as_tag() {
            Some(tag) => object = tag.target().ok()?,
            None => break,
        }
    }
    Some((object.id(), object.kind()))
}

/// What the server says to a push: the findings (refusals included), in
/// order; the push is refused when one is an error.
///
/// For each branch update, every commit the new tip reaches that no branch
/// reached before the push is checked (a commit a tag or another ref
/// brought in earlier is not checked by that); deleting a branch that
/// holds decisions no other branch holds is refused, and so is any ref
/// outside `refs/heads/` and `refs/tags/` (but the verified point, which
/// `sync` shares), and a tag of anything but a commit a branch holds.
pub fn check_push(
    repo: &PlansRepo,
    updates: &[RefUpdate],
    lang: Lang,
) -> Result<Vec<HistoryFinding>, CommandError> {
    let branches: Vec<(String, Oid)> = repo
        .git
        .references_glob("refs/heads/*")
        .map_err(|e| git_error(&e, lang))?
        .flatten()
        .filter_map(|reference| {
            let name = reference.name().ok()?.to_string();
            let tip = reference.resolve().ok()?.target()?;
            Some((name, tip))
        })
        .collect();
    let known: Vec<Oid> = branches.iter().map(|(_, tip)| *tip).collect();
    let deleted: Vec<&str> = updates
        .iter()
        .filter(|update| update.new.is_none())
        .map(|update| update.name.as_str())
        .collect();
    // The branches after the push: those kept, and the new tips.
    let branch_tips_after: Vec<Oid> = branches
        .iter()
        .filter(|(name, _)| !deleted.contains(&name.as_str()))
        .map(|(_, tip)| *tip)
        .chain(
            updates
                .iter()
                .filter(|update| update.name.starts_with(BRANCHES))
                .filter_map(|update| update.new),
        )
        .collect();
    let default_branch = repo
        .git
        .find_reference("HEAD")
        .ok()
        .and_then(|head| head.symbolic_target().ok().flatten().map(str::to_owned));
    let mut findings = Vec::new();
    let refuse = |message: String, hint: String| {
        let mut finding = Place::default().finding(Severity::Error, "push-refused", message);
        finding.hint = Some(hint);
        finding
    };
    let holds = |tip: Oid, commit: Oid| {
        tip == commit || repo.git.graph_descendant_of(tip, commit).unwrap_or(false)
    };
    for update in updates {
        let name = update.name.escape_debug().to_string();
        let Some(new) = update.new else {
            if default_branch.as_deref() == Some(update.name.as_str())
                || update.name == VERIFIED_REF
            {
                findings.push(refuse(
                    HookMsg::Deleted.fill(lang, &[("reference", &name)]),
                    HookMsg::DeletedHint.get(lang),
                ));
            } else if update.name.starts_with(BRANCHES) {
                let old = update
                    .old
                    .or_else(|| repo.git.refname_to_id(&update.name).ok());
                let lost = old
                    .map(|old| decisions_only_on(repo, old, &branch_tips_after))
                    .unwrap_or_default();
                if let Some(first) = lost.first() {
                    findings.push(refuse(
                        HookMsg::BranchDeleted.fill(
                            lang,
                            &[
                                ("reference", &name),
                                ("count", &lost.len()),
                                ("commit", &short_id(*first)),
                            ],
                        ),
                        HookMsg::BranchDeletedHint.get(lang),
                    ));
                }
            }
            continue;
        };
        if update.name == VERIFIED_REF {
            let rewrites = update.old.is_some_and(|old| !holds(new, old));
            let on_a_branch = branch_tips_after.iter().any(|tip| holds(*tip, new));
            if rewrites || !on_a_branch {
                findings.push(refuse(
                    HookMsg::VerifiedMoved.fill(lang, &[("commit", &short_id(new))]),
                    HookMsg::VerifiedMovedHint.get(lang),
                ));
            }
            continue;
        }
        if update.name.starts_with("refs/replace/") {
            findings.push(refuse(
                HookMsg::Replacement.fill(lang, &[("reference", &name)]),
                HookMsg::ReplacementHint.get(lang),
            ));
            continue;
        }
        if update.name.starts_with(TAGS) {
            match peeled(repo, new) {
                Some((commit, Some(ObjectType::Commit))) => {
                    if !branch_tips_after.iter().any(|tip| holds(*tip, commit)) {
                        findings.push(refuse(
                            HookMsg::TagOffBranch
                                .fill(lang, &[("reference", &name), ("commit", &short_id(commit))]),
                            HookMsg::TagOffBranchHint.get(lang),
                        ));
                    }
                }
                found => {
                    let object = found.map_or_else(|| short_id(new), |(id, _)| short_id(id));
                    findings.push(refuse(
                        HookMsg::NotACommit
                            .fill(lang, &[("reference", &name), ("object", &object)]),
                        HookMsg::TagOffBranchHint.get(lang),
                    ));
                }
            }
            continue;
        }
        if !update.name.starts_with(BRANCHES) {
            findings.push(refuse(
                HookMsg::OutsideBranchesAndTags.fill(lang, &[("reference", &name)]),
                HookMsg::OutsideBranchesAndTagsHint.get(lang),
            ));
            continue;
        }
        let rewrites = update.old.is_some_and(|old| !holds(new, old));
        if rewrites && let Some(old) = update.old {
            findings.push(refuse(
                HookMsg::Rewritten.fill(
                    lang,
                    &[
                        ("reference", &name),
                        ("old", &short_id(old)),
                        ("new", &short_id(new)),
                    ],
                ),
                HookMsg::RewrittenHint.get(lang),
            ));
            continue;
        }
        if repo.git.find_commit(new).is_err() {
            findings.push(refuse(
                HookMsg::NotACommit.fill(lang, &[("reference", &name), ("object", &short_id(new))]),
                HookMsg::RefusedHint.get(lang),
            ));
            continue;
        }
        let report = verify_new_commits(repo, new, &known, lang)?;
        findings.extend(report.findings);
    }
    Ok(findings)
}

const BRANCHES: &str = "refs/heads/";
const TAGS: &str = "refs/tags/";

/// The decisions reachable from `tip` and from none of `others`, newest
/// first.
fn decisions_only_on(repo: &PlansRepo, tip: Oid, others: &[Oid]) -> Vec<Oid> {
    let Ok(mut walk) = repo.git.revwalk() else {
        return Vec::new();
    };
    if walk.push(tip).is_err() {
        return Vec::new();
    }
    for other in others {
        let _ = walk.hide(*other);
    }
    walk.filter_map(Result::ok)
        .filter(|oid| {
            repo.git.find_commit(*oid).ok().is_some_and(|commit| {
                crate::history::settlement::read_decision_or_settlement(&commit).is_some()
            })
        })
        .collect()
}

/// The marker line that tells our hook from someone else's.
const MARKER: &str = "# backbrief pre-receive hook";

/// The hook script: runs this program's `verify --pre-receive`.
fn hook_script(program: &Path) -> String {
    let quoted = program.to_string_lossy().replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n{MARKER}: refuses a push that `backbrief verify` would flag.\n\
         exec '{quoted}' verify --pre-receive\n"
    )
}

/// Where the hook was written.
#[derive(Debug, Clone)]
pub struct InstalledHook {
    /// The hook file.
    pub path: PathBuf,
    /// The program it runs.
    pub program: PathBuf,
    /// Whether it replaced an earlier backbrief hook.
    pub replaced: bool,
}

/// Writes the `pre-receive` hook into the bare repository at `dir`, running
/// `program`. Never overwrites a hook that is not ours.
pub fn install_hook(dir: &Path, program: &Path, lang: Lang) -> Result<InstalledHook, CommandError> {
    let shown = dir.display().to_string();
    let git = Repository::open_bare(dir).map_err(|_| {
        let not_bare = Repository::open(dir).is_ok();
        let message = if not_bare {
            HookMsg::NotBare.fill(lang, &[("dir", &shown)])
        } else {
            HookMsg::NotARepository.fill(lang, &[("dir", &shown)])
        };
        CommandError::environment(message).hinted(HookMsg::NotBareHint.get(lang))
    })?;
    let hooks = git.path().join("hooks");
    let path = hooks.join("pre-receive");
    let existing = std::fs::read_to_string(&path).ok();
    if existing.as_ref().is_some_and(|text| !text.contains(MARKER)) {
        return Err(CommandError::environment(
            HookMsg::OtherHook.fill(lang, &[("file", &path.display())]),
        )
        .hinted(HookMsg::OtherHookHint.get(lang)));
    }
    let write_error = |error: std::io::Error| {
        CommandError::environment(HookMsg::NotWritten.fill(
            lang,
            &[
                ("file", &path.display()),
                ("reason", &crate::io_reason(&error, lang)),
            ],
        ))
    };
    std::fs::create_dir_all(&hooks).map_err(write_error)?;
    crate::history::write::write_atomically(&path, hook_script(program).as_bytes())
        .map_err(write_error)?;
    make_executable(&path).map_err(write_error)?;
    Ok(InstalledHook {
        path,
        program: program.to_path_buf(),
        replaced: existing.is_some(),
    })
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    // Git for Windows runs a hook by its #! line; no mode to set.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_input_reads_and_a_bad_line_is_named() {
        let zero = "0".repeat(40);
        let one = "1".repeat(40);
        let input = format!("{zero} {one} refs/heads/main\n");
        let updates = parse_updates(&input, Lang::En).expect("reads");
        assert_eq!(updates[0].old, None);
        assert_eq!(updates[0].new, Oid::from_str(&one).ok());
        assert_eq!(updates[0].name, "refs/heads/main");
        let error = parse_updates("main\n", Lang::En).expect_err("not a line of git's");
        assert!(
            error.render(Lang::En).contains("Line 1"),
            "{}",
            error.render(Lang::En)
        );
    }

    #[test]
    fn the_hook_script_quotes_the_program() {
        let script = hook_script(Path::new("/opt/it's here/backbrief"));
        assert!(script.contains(r"exec '/opt/it'\''s here/backbrief' verify --pre-receive"));
        assert!(script.starts_with("#!/bin/sh\n"));
    }
}
