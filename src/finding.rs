//! Findings: one problem in one plan file, located and explained. An
//! error carries them, so they sit at the ground with the error; the plan's
//! rules make them.

use std::fmt;

use serde::Serialize;

use crate::i18n::{Lang, Message, ValidateMsg};

/// A place in a text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Whether a finding fails validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is invalid.
    Error,
    /// Worth a look; fails validation only with `--strict`.
    Warning,
}

impl Severity {
    /// The word shown to the user.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Severity::Error => ValidateMsg::SeverityError.get(lang),
            Severity::Warning => ValidateMsg::SeverityWarning.get(lang),
        }
    }
}

/// One problem in a plan file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The file, as the user named it (or relative to the repository).
    pub file: String,
    /// Where in the file; filled in by [`crate::plan::check`] before returning.
    #[serde(flatten)]
    pub at: Position,
    /// The JSON pointer of the value concerned ("" for the whole file).
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// A stable name of the kind of problem, for scripts.
    pub code: &'static str,
    /// A plain sentence in the plan's language.
    pub message: String,
    /// What to do about it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// True when `at` points at the value rather than its key.
    #[serde(skip)]
    pub at_value: bool,
}

impl Finding {
    /// An error at `pointer`, located later.
    pub fn error(code: &'static str, pointer: impl Into<String>, message: String) -> Finding {
        Finding {
            file: String::new(),
            at: Position::default(),
            pointer: pointer.into(),
            severity: Severity::Error,
            code,
            message,
            hint: None,
            at_value: false,
        }
    }

    /// A warning at `pointer`, located later.
    pub fn warning(code: &'static str, pointer: impl Into<String>, message: String) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, pointer, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: Option<String>) -> Finding {
        self.hint = hint;
        self
    }

    /// Points at a known position.
    pub fn at(mut self, at: Position) -> Finding {
        self.at = at;
        self
    }

    /// Locate at the value itself, not at its key.
    pub fn on_value(mut self) -> Finding {
        self.at_value = true;
        self
    }

    /// `file:line:column: severity: message [pointer]`, then the hint.
    pub fn render(&self, lang: Lang) -> String {
        let pointer = if self.pointer.is_empty() {
            String::new()
        } else {
            format!(" [{}]", self.pointer)
        };
        let mut out = format!(
            "{}:{}: {}: {}{}\n",
            self.file,
            self.at,
            self.severity.label(lang),
            self.message,
            pointer
        );
        if let Some(hint) = &self.hint {
            out.push_str(&format!(
                "  {}: {}\n",
                crate::i18n::Common::HintLabel.get(lang),
                hint
            ));
        }
        out
    }
}
