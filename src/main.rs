use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = backbrief::cli::Cli::parse();
    let lang = cli.global.lang.map(Into::into).unwrap_or_default();
    match backbrief::cli::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprint!("{}", error.render(lang));
            ExitCode::from(error.kind.exit_code())
        }
    }
}
