//! `backbrief init`: make a plans repository.

use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryInitOptions};

use crate::cli::{Context, print};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::decision::identities_from;
use crate::history::repo::{PLANS_DIR, git_error};
use crate::history::write::write_atomically;
use crate::i18n::{Common, HistoryMsg, Message};
use crate::plan::schema::plan_schema_text;

/// Make a plans repository.
///
/// Creates a git repository with plans/, the plan schema
/// (schemas/plan.schema.json, so editors check plans while typing), a short
/// README for the committee, and a first commit. Plan files are merged
/// semantically by git too (.gitattributes and the repository's git config
/// name `backbrief merge-driver`), so a plain `git pull` merges them as
/// `backbrief sync` does.
///
/// In an existing plans repository it says so and changes nothing.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to make the repository in (default: the current folder).
    pub dir: Option<PathBuf>,
}

const COMMITTEE_README: &str = include_str!("../history/assets/README.da.md");

pub fn cmd_init(context: &Context, args: InitArgs) -> CommandResult {
    let lang = context.lang();
    let dir = args
        .dir
        .map_or_else(|| context.cwd.clone(), |dir| context.cwd.join(dir));
    let shown = dir.display().to_string();
    // Never create plans/.gitkeep through a link, wherever it leads.
    crate::workspace::ensure_real_plans_dir(&dir, lang)?;
    let existing = Repository::open(&dir).ok();
    if let Some(repo) = &existing
        && !repo.is_empty().unwrap_or(true)
    {
        if dir.join(PLANS_DIR).is_dir() {
            print(&format!(
                "{}\n",
                HistoryMsg::InitExists.fill(lang, &[("dir", &shown)])
            ));
            return Ok(Outcome::Success);
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
    let (author, committer) = identities_from(config, lang)?;

    let created_dir = !dir.exists();
    let result = (|| -> Result<(), CommandError> {
        let repo = match existing {
            Some(repo) => repo,
            None => {
                let mut options = RepositoryInitOptions::new();
                options.initial_head("main");
                Repository::init_opts(&dir, &options).map_err(|e| git_error(&e, lang))?
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
        let mut index = repo.index().map_err(|e| git_error(&e, lang))?;
        for (path, content) in files {
            let full = dir.join(path);
            if !full.exists() {
                write_atomically(&full, content)
                    .map_err(|error| write_error(&full, &error, context))?;
            }
            index
                .add_path(Path::new(path))
                .map_err(|e| git_error(&e, lang))?;
        }
        index.write().map_err(|e| git_error(&e, lang))?;
        crate::history::sync::driver::register(&repo).map_err(|e| git_error(&e, lang))?;
        let tree = index.write_tree().map_err(|e| git_error(&e, lang))?;
        let tree = repo.find_tree(tree).map_err(|e| git_error(&e, lang))?;
        let commit = repo
            .commit(
                Some("HEAD"),
                &author,
                &committer,
                &HistoryMsg::InitMessage.get(lang),
                &tree,
                &[],
            )
            .map_err(|e| git_error(&e, lang))?;
        // On a nearly full disk the branch file can fail to be written
        // while the commit reports success: say so, never "created".
        let born = Repository::open(&dir)
            .ok()
            .and_then(|again| again.refname_to_id("HEAD").ok());
        if born != Some(commit) {
            return Err(CommandError::environment(
                HistoryMsg::InitNotCommitted.fill(lang, &[("dir", &shown)]),
            )
            .hinted(HistoryMsg::InitNotCommittedHint.get(lang)));
        }
        Ok(())
    })();
    if let Err(error) = result {
        // Nothing half-made is left behind in a folder we created.
        if created_dir {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Err(error);
    }
    print(&format!(
        "{}\n",
        HistoryMsg::InitCreated.fill(lang, &[("dir", &shown)])
    ));
    Ok(Outcome::Success)
}

fn write_error(path: &Path, error: &std::io::Error, context: &Context) -> CommandError {
    let lang = context.lang();
    CommandError::environment(Common::CannotWrite.fill(
        lang,
        &[
            ("path", &path.display()),
            ("reason", &crate::io_reason(error, lang)),
        ],
    ))
}
