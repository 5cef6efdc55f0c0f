//! backbrief: backbrief plans as JSON files in a git repository — validated,
//! shown as status tables, and changed only by recorded decisions.
//!
//! The library holds all behaviour; `src/main.rs` only parses the command line,
//! runs the command and prints its error.

pub mod atomic_file;
pub mod cli;
pub mod error;
pub mod finding;
pub mod history;
pub mod i18n;
pub mod plan;
pub mod render;
pub mod serve;
pub mod template;
pub mod workspace;

pub use error::io_reason;
