//! `backbrief merge-driver`: the semantic merge of one plan file, as git's
//! merge driver (hidden; `init` and `sync` register it, git runs it).

use std::path::PathBuf;

use crate::cli::Context;
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::sync::driver::merge_files;
use crate::history::write::write_atomically;
use crate::i18n::{Message, SyncMsg};

/// Merge one plan file for git: `backbrief merge-driver %O %A %B %P`.
///
/// Writes the merge into OURS. Exits with 1 when there are conflicts: the
/// file then holds our values plus a "merge_conflicts" list with both sides'
/// values, and git marks it as conflicted.
#[derive(Debug, clap::Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version, where the result is written (git's %A).
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P).
    pub path: String,
}

pub fn cmd_merge_driver(context: &Context, args: MergeDriverArgs) -> CommandResult {
    let lang = context.lang();
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|error| {
            CommandError::environment(SyncMsg::DriverCannotRead.fill(
                lang,
                &[
                    ("path", &path.display()),
                    ("reason", &crate::io_reason(&error, lang)),
                ],
            ))
        })
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let merged = merge_files(&base, &ours, &theirs, &args.path, context.lang);
    if merged.bytes != ours {
        write_atomically(&args.ours, &merged.bytes).map_err(|error| {
            CommandError::environment(crate::i18n::Common::CannotWrite.fill(
                lang,
                &[
                    ("path", &args.ours.display()),
                    ("reason", &crate::io_reason(&error, lang)),
                ],
            ))
        })?;
    }
    if merged.conflicts.is_empty() {
        return Ok(Outcome::Success);
    }
    let mut text = SyncMsg::DriverKeptOurs.fill(
        lang,
        &[("path", &args.path), ("count", &merged.conflicts.len())],
    );
    for conflict in &merged.conflicts {
        text.push_str(&format!("\n  - {conflict}"));
    }
    Err(CommandError::data(text).hinted(SyncMsg::DriverHint.get(lang)))
}
