//! Errors as values: a kind that decides the exit code, a sentence, and hints.
//!
//! Every command returns `Result<ExitCode, CommandError>`; `main` prints the
//! error in one place ([`CommandError::render`]) and exits with its code.

use std::fmt;

/// What went wrong, which decides the exit code (SPEC "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The data has problems: an invalid plan, verify findings, a conflict. Exit 1.
    Data,
    /// The command line is wrong. Exit 2.
    Usage,
    /// The command could not run: not a plans repository, I/O or git error. Exit 3.
    Environment,
}

impl ErrorKind {
    /// The process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Data => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Environment => 3,
        }
    }
}

/// An error a command reports to the user.
#[derive(Debug, Clone)]
pub struct CommandError {
    /// Decides the exit code.
    pub kind: ErrorKind,
    /// One plain sentence: what is wrong and where.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl CommandError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// The data has problems (exit 1).
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, message)
    }

    /// The command line is wrong (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// The command could not run (exit 3).
    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Environment, message)
    }

    /// Adds a hint: what the user can do.
    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The text printed on standard error.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{Common, Message};
        let mut out = format!("{}: {}\n", Common::ErrorLabel.get(lang), self.message);
        for hint in &self.hints {
            out.push_str(&format!("{}: {}\n", Common::HintLabel.get(lang), hint));
        }
        out
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}

/// The result of a command: the exit code on success paths (0, or 1 when the
/// command ran but found problems in the data), or an error.
pub type CommandResult = Result<std::process::ExitCode, CommandError>;
