//! `backbrief completions` and `backbrief man`: shell completions and the man page.

use crate::cli::Context;
use crate::error::{CommandError, CommandResult, Outcome};
use crate::i18n::Lang;

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

pub fn cmd_completions(context: &Context, args: CompletionsArgs) -> CommandResult {
    let mut command = crate::cli::localised_command(context.lang());
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "backbrief", &mut out);
    crate::cli::print_document(&String::from_utf8_lossy(&out));
    Ok(Outcome::Success)
}

pub fn cmd_man(context: &Context, _args: ManArgs) -> CommandResult {
    let lang = context.lang();
    let mut out = Vec::new();
    clap_mangen::Man::new(crate::cli::localised_command(lang))
        .render(&mut out)
        .map_err(|error| CommandError::environment(error.to_string()))?;
    let page = String::from_utf8_lossy(&out);
    let page = match lang {
        Lang::En => page.into_owned(),
        Lang::Da => page
            .lines()
            .map(|line| match line {
                ".SH NAME" => ".SH NAVN",
                ".SH DESCRIPTION" => ".SH BESKRIVELSE",
                ".SH OPTIONS" => ".SH TILVALG",
                ".SH SUBCOMMANDS" | ".SH Kommandoer" => ".SH KOMMANDOER",
                line => line,
            })
            .map(|line| format!("{line}\n"))
            .collect::<String>()
            .replace("[OPTIONS]", "[TILVALG]"),
    };
    crate::cli::print_document(&page);
    Ok(Outcome::Success)
}
