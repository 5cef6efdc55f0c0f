use std::process::ExitCode;

/// Reading thousands of plans is mostly allocating and freeing small JSON
/// values on every core; mimalloc does that markedly faster than the system
/// allocator (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().collect();
    let lang = backbrief::cli::chosen_lang(&args);
    let result = match backbrief::cli::parse(args, lang) {
        Ok(cli) => backbrief::cli::run(cli),
        Err(backbrief::cli::Stop::Print(text)) => {
            backbrief::cli::print(&text);
            return ExitCode::SUCCESS;
        }
        Err(backbrief::cli::Stop::Error(error)) => Err(error),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(error) => {
            backbrief::cli::eprint(&error.render(lang));
            ExitCode::from(error.kind.exit_code())
        }
    }
}
