//! `backbrief hook install`: make a git server refuse what verify would flag.

use std::path::PathBuf;

use crate::cli::{Context, print};
use crate::error::{CommandError, CommandResult, Outcome};
use crate::history::verify::server::install_hook;
use crate::i18n::{HookMsg, Message};

/// Hooks for a git server (a bare repository the committee pushes to).
#[derive(Debug, clap::Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

/// What to do with the hook.
#[derive(Debug, clap::Subcommand)]
pub enum HookAction {
    Install(InstallArgs),
}

/// Install the pre-receive hook into a bare repository (a git server's copy).
///
/// The hook runs `backbrief verify --pre-receive` with this very program (by
/// its full path): every push is checked before the server takes it, only
/// the commits it brings, and refused with the findings shown to the pusher
/// when verify would find errors, or when it rewrites the branch (a force
/// push). A hook that is not backbrief's is never overwritten. Says where a
/// Gitea, Forgejo or GitLab administrator puts the same script.
#[derive(Debug, clap::Args)]
pub struct InstallArgs {
    /// The bare repository (default: the current folder).
    pub dir: Option<PathBuf>,
}

pub fn cmd_hook(context: &Context, args: HookArgs) -> CommandResult {
    let lang = context.lang();
    let HookAction::Install(args) = args.action;
    let dir = args
        .dir
        .map_or_else(|| context.cwd.clone(), |dir| context.cwd.join(dir));
    let program = std::env::current_exe()
        .and_then(|exe| exe.canonicalize())
        .map_err(|error| {
            CommandError::environment(
                HookMsg::NoProgram.fill(lang, &[("reason", &crate::io_reason(&error, lang))]),
            )
        })?;
    let installed = install_hook(&dir, &program, lang)?;
    // The server's history stays quick to read, whatever maintains it.
    crate::history::maintenance::keep_quick(&dir);
    let said = if installed.replaced {
        HookMsg::Reinstalled
    } else {
        HookMsg::Installed
    };
    let args: [(&str, &dyn std::fmt::Display); 2] = [
        ("file", &installed.path.display()),
        ("program", &installed.program.display()),
    ];
    print(&format!(
        "{}\n{}\n",
        said.fill(lang, &args),
        HookMsg::WhereOnForges.get(lang)
    ));
    Ok(Outcome::Success)
}
