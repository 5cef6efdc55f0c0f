use std::process::ExitCode;

use clap::Parser;

/// Reading thousands of plans is mostly allocating and freeing small JSON
/// values on every core; mimalloc does that markedly faster than the system
/// allocator (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = backbrief::cli::Cli::parse();
    let lang = cli.global.lang.map(Into::into).unwrap_or_default();
    match backbrief::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            backbrief::cli::eprint(&error.render(lang));
            ExitCode::from(error.kind.exit_code())
        }
    }
}
