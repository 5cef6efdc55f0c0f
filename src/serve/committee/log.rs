//! The server's structured log: sign-ins, refusals and recorded decisions
//! as `tracing` events, written to standard error as text lines or JSON
//! lines. The level comes from `RUST_LOG` (default `info`).

use tracing_subscriber::EnvFilter;

use super::config::LogFormat;

/// Sets up the log once for the process; a second call changes nothing
/// (and is no error), so tests and the server may both call it.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // `try_init` fails only when a subscriber is already set: the first
    // one stays.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_twice_keeps_the_first_and_does_not_panic() {
        init(LogFormat::Json);
        init(LogFormat::Text);
        tracing::info!(test = "log", "the log is set up");
    }
}
