//! `backbrief init`: make a plans repository.

use std::path::PathBuf;

use crate::cli::{Context, print};
use crate::error::{CommandResult, Outcome};
use crate::history::init::{Initialised, init_repository};
use crate::i18n::{HistoryMsg, Message};

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

pub fn cmd_init(context: &Context, args: InitArgs) -> CommandResult {
    let lang = context.lang();
    let dir = args
        .dir
        .map_or_else(|| context.cwd.clone(), |dir| context.cwd.join(dir));
    let shown = dir.display();
    let said = match init_repository(&dir, lang)? {
        Initialised::AlreadyThere => HistoryMsg::InitExists.fill(lang, &[("dir", &shown)]),
        Initialised::Created => HistoryMsg::InitCreated.fill(lang, &[("dir", &shown)]),
    };
    print(&format!("{said}\n"));
    Ok(Outcome::Success)
}
