//! Errors as values: a kind that decides the exit code, a sentence, the
//! findings that explain it, the causes, and hints.
//!
//! Every command returns `Result<Outcome, CommandError>`; `main` prints the
//! error in one place ([`CommandError::render`]) and exits with the code of
//! its kind ([`ErrorKind::exit_code`]). Commands never pick a raw exit code:
//! an [`Outcome`] says whether the data had problems.

use std::fmt;

use crate::finding::Finding;
use crate::i18n::{Common, Lang, Message};

/// What went wrong, which decides the exit code (SPEC "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The data has problems: an invalid plan, verify findings, a conflict. Exit 1.
    Data,
    /// The command line is wrong. Exit 2.
    Usage,
    /// The command could not run: not a plans repository, I/O or git error. Exit 3.
    Environment,
    /// Something that should never happen did: a bug in backbrief. Exit 3,
    /// and the message asks for a bug report.
    Internal,
}

impl ErrorKind {
    /// The process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Data => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Environment | ErrorKind::Internal => 3,
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
    /// The problems in the data that explain it (an invalid plan's findings),
    /// each with its file, line, column and pointer.
    pub findings: Vec<Finding>,
    /// What caused it, outermost first (a git or I/O error's own words).
    pub causes: Vec<String>,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl CommandError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
            findings: Vec::new(),
            causes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// The data has problems (exit 1).
    pub fn data(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Data, message)
    }

    /// The data has problems, explained by `findings` (exit 1).
    pub fn invalid(message: impl Into<String>, findings: Vec<Finding>) -> Self {
        CommandError {
            findings,
            ..Self::new(ErrorKind::Data, message)
        }
    }

    /// The command line is wrong (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    /// The command could not run (exit 3).
    pub fn environment(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Environment, message)
    }

    /// A bug in backbrief (exit 3): `what` says which assumption failed.
    pub fn internal(what: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, what)
    }

    /// Adds a hint: what the user can do.
    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a cause: what lies under the error.
    pub fn caused_by(mut self, cause: impl fmt::Display) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// The text printed on standard error: the findings, the error, its
    /// causes, and what to do.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        for finding in &self.findings {
            out.push_str(&finding.render(lang));
        }
        let message = match self.kind {
            ErrorKind::Internal => Common::InternalError.fill(lang, &[("what", &self.message)]),
            _ => self.message.clone(),
        };
        out.push_str(&format!("{}: {message}\n", Common::ErrorLabel.get(lang)));
        for cause in &self.causes {
            out.push_str(&format!("  {}: {cause}\n", Common::CauseLabel.get(lang)));
        }
        for hint in &self.hints {
            out.push_str(&format!("{}: {hint}\n", Common::HintLabel.get(lang)));
        }
        if self.kind == ErrorKind::Internal {
            out.push_str(&format!(
                "{}: {}\n",
                Common::HintLabel.get(lang),
                Common::InternalErrorHint.get(lang)
            ));
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

/// How a command that ran ends: all well, or it found problems in the data
/// (invalid plans, verify findings) and said so (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the command ran and reported problems in the data.
    Problems,
}

impl Outcome {
    /// `Problems` when `found`, else `Success`.
    pub fn problems_if(found: bool) -> Outcome {
        if found {
            Outcome::Problems
        } else {
            Outcome::Success
        }
    }

    /// The process exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Problems => ErrorKind::Data.exit_code(),
        }
    }
}

/// The result of a command: the exit code on success paths (0, or 1 when the
/// command ran but found problems in the data), or an error.
pub type CommandResult = Result<Outcome, CommandError>;

/// A plain-language reason for an I/O error.
pub fn io_reason(error: &std::io::Error, lang: Lang) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => Common::IoNotFound.get(lang),
        std::io::ErrorKind::PermissionDenied => Common::IoPermissionDenied.get(lang),
        std::io::ErrorKind::IsADirectory => Common::IoIsDirectory.get(lang),
        _ => Common::IoOther.fill(lang, &[("detail", error)]),
    }
}
