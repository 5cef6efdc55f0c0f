//! Findings: one problem in one plan file, located and explained.

use serde::Serialize;

use crate::i18n::{Lang, Message, ValidateMsg};
use crate::plan::source::Position;

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

/// The closest candidate to `word`, when one is close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A "did you mean" hint, when a candidate is close to `word`.
pub fn did_you_mean<'a>(
    lang: Lang,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|suggestion| {
        crate::i18n::Common::DidYouMean.fill(lang, &[("suggestion", &suggestion)])
    })
}
