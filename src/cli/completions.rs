//! `backbrief completions` and `backbrief man`: shell completions and the man page.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Context};
use crate::error::{CommandError, CommandResult};

/// Print shell completions for backbrief.
///
/// For example, for bash: `backbrief completions bash > ~/.local/share/bash-completion/completions/backbrief`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// Print the man page of backbrief (roff), e.g. `backbrief man > backbrief.1`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn cmd_completions(_context: &Context, args: CompletionsArgs) -> CommandResult {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backbrief", &mut out);
    crate::cli::print_document(&String::from_utf8_lossy(&out));
    Ok(ExitCode::SUCCESS)
}

pub fn cmd_man(_context: &Context, _args: ManArgs) -> CommandResult {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|error| CommandError::environment(error.to_string()))?;
    crate::cli::print_document(&String::from_utf8_lossy(&out));
    Ok(ExitCode::SUCCESS)
}
