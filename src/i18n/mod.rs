//! Every user-facing sentence, once, in Danish and English.
//!
//! Each topic has its own catalogue (an enum of message keys), declared with
//! [`catalogue!`]. A message text may hold named placeholders such as
//! `{file}`; [`Message::fill`] replaces them. The test at the bottom of this
//! module checks that every key has a text in both languages and that both
//! texts use the same placeholders.

mod auditor;
mod cli_help;
mod committee;
mod common;
mod decide;
mod diff;
mod drafts;
mod export;
mod history;
mod hook;
mod input;
mod log;
mod new;
mod period;
mod report;
mod serve;
mod setter;
mod signin;
mod status;
mod sync;
mod syntax;
mod upstream;
mod validate;
mod verify;

pub use auditor::AuditMsg;
pub use cli_help::{CliMsg, danish_help, danish_help_keys, danish_value_name};
pub use committee::CommitteeMsg;
pub use common::Common;
pub use decide::{DecideMsg, RevertMsg};
pub use diff::DiffMsg;
pub use drafts::DraftMsg;
pub use export::ExportMsg;
pub use history::HistoryMsg;
pub use hook::HookMsg;
pub use input::InputMsg;
pub use log::LogMsg;
pub use new::NewMsg;
pub use period::{PeriodMsg, month_name, season_name};
pub use report::ReportMsg;
pub use serve::ServeMsg;
pub use setter::SetterMsg;
pub use signin::SigninMsg;
pub use status::StatusMsg;
pub use sync::SyncMsg;
pub use syntax::SyntaxMsg;
pub use upstream::UpstreamMsg;
pub use validate::ValidateMsg;
pub use verify::VerifyMsg;

use std::fmt;

/// The language the tool speaks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Danish, the default.
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// Parses `da` or `en` (as written on the command line or in a plan).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The two-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A catalogue key: a sentence that exists in both languages.
pub trait Message: Copy {
    /// The raw text, with `{placeholders}`.
    fn text(self, lang: Lang) -> &'static str;

    /// The text with no placeholders to fill.
    fn get(self, lang: Lang) -> String {
        fill_placeholders(self.text(lang), &[])
    }

    /// The text with each `{name}` replaced by its value.
    fn fill(self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        fill_placeholders(self.text(lang), args)
    }
}

/// A piece of a message text: literal text, or a `{placeholder}`.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text shown as it is (`{{` and `}}` already reduced to `{` and `}`).
    Literal(&'a str),
    /// A named placeholder.
    Placeholder(&'a str),
}

/// Splits a message text into literal pieces and `{placeholders}`;
/// `{{` and `}}` stand for literal braces.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(brace) = rest.find(['{', '}']) {
        if brace > 0 {
            pieces.push(Piece::Literal(&rest[..brace]));
        }
        let tail = &rest[brace..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            pieces.push(Piece::Literal(&tail[..1]));
            rest = &tail[2..];
        } else if let (true, Some(close)) = (tail.starts_with('{'), tail.find('}')) {
            pieces.push(Piece::Placeholder(&tail[1..close]));
            rest = &tail[close + 1..];
        } else {
            pieces.push(Piece::Literal(&tail[..1]));
            rest = &tail[1..];
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// Replaces `{name}` in `template` by the value given for `name`.
/// Unknown placeholders are left as they are, so a mistake shows in review.
pub fn fill_placeholders(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    for piece in pieces(template) {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Placeholder(name) => match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&value.to_string()),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Declares a catalogue: an enum of keys, each with a Danish and an English text.
///
/// ```ignore
/// catalogue! {
///     /// Messages about periods.
///     pub enum PeriodMsg {
///         Empty => { da: "Perioden er tom.", en: "The period is empty." },
///     }
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $key:ident => { da: $da:literal, en: $en:literal $(,)? } ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( #[doc = $en] $key ),*
        }

        impl $name {
            /// Every key of this catalogue, for the completeness test.
            pub const ALL: &'static [$name] = &[ $( $name::$key ),* ];
        }

        impl $crate::i18n::Message for $name {
            fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($name::$key, $crate::i18n::Lang::Da) => $da,
                        ($name::$key, $crate::i18n::Lang::En) => $en,
                    )*
                }
            }
        }
    };
}

/// All texts of all catalogues, as (catalogue key, Danish, English), for tests.
pub fn all_texts() -> Vec<(String, &'static str, &'static str)> {
    fn collect<M: Message + fmt::Debug>(
        keys: &[M],
        out: &mut Vec<(String, &'static str, &'static str)>,
    ) {
        for key in keys {
            out.push((format!("{key:?}"), key.text(Lang::Da), key.text(Lang::En)));
        }
    }
    let mut out = Vec::new();
    collect(AuditMsg::ALL, &mut out);
    collect(CliMsg::ALL, &mut out);
    collect(CommitteeMsg::ALL, &mut out);
    collect(Common::ALL, &mut out);
    collect(DecideMsg::ALL, &mut out);
    collect(RevertMsg::ALL, &mut out);
    collect(DiffMsg::ALL, &mut out);
    collect(DraftMsg::ALL, &mut out);
    collect(ExportMsg::ALL, &mut out);
    collect(HistoryMsg::ALL, &mut out);
    collect(HookMsg::ALL, &mut out);
    collect(InputMsg::ALL, &mut out);
    collect(LogMsg::ALL, &mut out);
    collect(NewMsg::ALL, &mut out);
    collect(PeriodMsg::ALL, &mut out);
    collect(ReportMsg::ALL, &mut out);
    collect(ServeMsg::ALL, &mut out);
    collect(SetterMsg::ALL, &mut out);
    collect(SigninMsg::ALL, &mut out);
    collect(StatusMsg::ALL, &mut out);
    collect(SyncMsg::ALL, &mut out);
    collect(SyntaxMsg::ALL, &mut out);
    collect(UpstreamMsg::ALL, &mut out);
    collect(ValidateMsg::ALL, &mut out);
    collect(VerifyMsg::ALL, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        pieces(text)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Placeholder(name) => Some(name),
                Piece::Literal(_) => None,
            })
            .collect()
    }

    #[test]
    fn every_message_exists_in_both_languages_with_the_same_placeholders() {
        for (key, da, en) in all_texts() {
            assert!(!da.trim().is_empty(), "{key}: Danish text missing");
            assert!(!en.trim().is_empty(), "{key}: English text missing");
            assert_eq!(
                placeholders(da),
                placeholders(en),
                "{key}: placeholders differ"
            );
        }
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        let text = fill_placeholders("{a} og {b}, {c} {{x}}", &[("a", &1), ("b", &"to")]);
        assert_eq!(text, "1 og to, {c} {x}");
    }
}
