//! Making a plans repository: a git repository with plans/, the plan schema,
//! a README for the committee, the semantic merge of plan files, and a
//! first commit (made, and signed when git is set up to sign, where every
//! commit is made: [`crate::history::write::create_commit`]).

use std::path::Path;

use git2::{Repository, RepositoryInitOptions};

use crate::error::CommandError;
use crate::history::decision::identities_from;
use crate::history::repo::{PLANS_DIR, PlansRepo, git_error};
use crate::history::write::{create_commit, write_atomically};
use crate::i18n::{Common, HistoryMsg, Lang, Message};
use crate::plan::schema::plan_schema_text;

const COMMITTEE_README: &str = include_str!("assets/README.da.md");

/// What `init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initialised {
    /// The folder was a plans repository already; nothing was changed.
    AlreadyThere,
    /// The repository was made, with its first commit.
    Created,
}

/// Makes a plans repository in `dir` (made if missing), or leaves an
/// existing plans repository as it is. Either completes or leaves nothing
/// behind in a folder it created.
pub fn init_repository(dir: &Path, lang: Lang) -> Result<Initialised, CommandError> {
    let shown = dir.display().to_string();
    // Never create plans/.gitkeep through a link, wherever it leads.
    crate::workspace::ensure_real_plans_dir(dir, lang)?;
    let existing = Repository::open(dir).ok();
    if let Some(repo) = &existing
        && !repo.is_empty().unwrap_or(true)
    {
        if dir.join(PLANS_DIR).is_dir() {
            return Ok(Initialised::AlreadyThere);
        }
        return Err(CommandError::environment(
            HistoryMsg::InitNotEmpty.fill(lang, &[("dir", &shown)]),
        )
        .hinted(HistoryMsg::InitNotEmptyHint.get(lang)));
    }
    // Know who records before creating anything.
    let config = match &existing {
        Some(repo) => repo.config().ok(),
        None => git2::Config::open_default().ok(),
    };
    identities_from(config, lang)?;

    let created_dir = !dir.exists();
    let result = make(dir, existing, lang);
    if let Err(error) = result {
        // Nothing half-made is left behind in a folder we created.
        if created_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        return Err(error);
    }
    Ok(Initialised::Created)
}

fn make(dir: &Path, existing: Option<Repository>, lang: Lang) -> Result<(), CommandError> {
    let git_err = |e: git2::Error| git_error(&e, lang);
    let git = match existing {
        Some(repo) => repo,
        None => {
            let mut options = RepositoryInitOptions::new();
            options.initial_head("main");
            Repository::init_opts(dir, &options).map_err(git_err)?
        }
    };
    let schema = plan_schema_text();
    // Plan files merge semantically, also with a plain `git pull`.
    let attributes = format!("{}\n", crate::history::sync::driver::ATTRIBUTES_LINE);
    let files: [(&str, &[u8]); 4] = [
        ("plans/.gitkeep", b""),
        ("schemas/plan.schema.json", schema.as_bytes()),
        ("README.md", COMMITTEE_README.as_bytes()),
        (".gitattributes", attributes.as_bytes()),
    ];
    let mut index = git.index().map_err(git_err)?;
    for (path, content) in files {
        let full = dir.join(path);
        if !full.exists() {
            write_atomically(&full, content).map_err(|error| {
                CommandError::environment(Common::CannotWrite.fill(
                    lang,
                    &[
                        ("path", &full.display()),
                        ("reason", &crate::io_reason(&error, lang)),
                    ],
                ))
            })?;
        }
        index.add_path(Path::new(path)).map_err(git_err)?;
    }
    index.write().map_err(git_err)?;
    crate::history::sync::driver::register(&git).map_err(git_err)?;
    crate::history::maintenance::configure(&git).map_err(git_err)?;
    let tree = index.write_tree().map_err(git_err)?;
    // The branch HEAD names (unborn until now) gets the first commit.
    let branch = git
        .find_reference("HEAD")
        .ok()
        .and_then(|head| head.symbolic_target().ok().flatten().map(str::to_string))
        .unwrap_or_else(|| "refs/heads/main".to_string());
    let repo = PlansRepo {
        git,
        root: dir.to_path_buf(),
        from_env: false,
    };
    let message = HistoryMsg::InitMessage.get(lang);
    let commit = create_commit(&repo, &[], tree, &message, None, lang)?;
    repo.git
        .reference(
            &branch,
            commit,
            false,
            &format!("backbrief init: {message}"),
        )
        .map_err(git_err)?;
    // On a nearly full disk the branch file can fail to be written while
    // the reference reports success: say so, never "created".
    let born = Repository::open(dir)
        .ok()
        .and_then(|again| again.refname_to_id("HEAD").ok());
    if born != Some(commit) {
        return Err(CommandError::environment(
            HistoryMsg::InitNotCommitted.fill(lang, &[("dir", &dir.display())]),
        )
        .hinted(HistoryMsg::InitNotCommittedHint.get(lang)));
    }
    Ok(())
}
