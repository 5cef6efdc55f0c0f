//! Reading `server.toml`: the keys as written, each with its place in the
//! file, and toml's own errors (bad syntax, an unknown or missing key, a
//! value of the wrong kind) turned into sentences that name the file, the
//! line, the column and the key.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::CommandError;
use crate::i18n::{CommitteeMsg, Lang, Message};

/// The file's keys, as written (checked by [`super::load`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub listen: Spanned<String>,
    pub public_url: Option<Spanned<String>>,
    #[serde(default)]
    pub trusted_proxies: Vec<Spanned<String>>,
    pub oidc: Option<Spanned<RawOidc>>,
    pub sessions: Option<RawSessions>,
    pub fetch_every_seconds: Option<Spanned<u64>>,
    pub stale_after_seconds: Option<Spanned<u64>>,
    pub identity: Option<RawIdentity>,
    pub log: Option<Spanned<String>>,
    #[serde(default)]
    pub repository: Vec<Spanned<RawRepository>>,
}

/// `[oidc]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOidc {
    pub issuer: Spanned<String>,
    pub client_id: Spanned<String>,
    pub client_secret_file: Option<Spanned<String>>,
    pub client_secret_env: Option<Spanned<String>>,
    pub scopes: Option<Vec<Spanned<String>>>,
    pub groups_claim: Option<Spanned<String>>,
}

/// `[sessions]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSessions {
    pub idle_minutes: Option<Spanned<u64>>,
    pub max_hours: Option<Spanned<u64>>,
}

/// `[identity]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIdentity {
    pub name: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
}

/// One `[[repository]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRepository {
    pub name: Spanned<String>,
    pub path: Spanned<String>,
    pub remote: Option<Spanned<String>>,
    #[serde(default)]
    pub secretaries: Vec<Spanned<String>>,
    #[serde(default)]
    pub readers: Vec<Spanned<String>>,
    #[serde(default)]
    pub auditors: Vec<Spanned<String>>,
}

/// The file's text and name, to place errors in it.
pub(super) struct Source<'a> {
    pub text: &'a str,
    pub file: &'a str,
    pub lang: Lang,
}

impl Source<'_> {
    /// An error at byte `offset`: "FILE, line L, column C: PROBLEM", and
    /// the hint.
    pub fn error_at(&self, offset: usize, problem: String, hint: String) -> CommandError {
        let (line, column) = line_and_column(self.text, offset);
        CommandError::usage(CommitteeMsg::ConfigAt.fill(
            self.lang,
            &[
                ("file", &self.file),
                ("line", &line),
                ("column", &column),
                ("problem", &problem),
            ],
        ))
        .hinted(hint)
    }

    /// The line (1-based) of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        line_and_column(self.text, offset).0
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Reads the file's keys, or says in plain words where and why not.
pub(super) fn parse(source: &Source<'_>) -> Result<RawConfig, CommandError> {
    toml::from_str(source.text).map_err(|error| translate(source, &error))
}

/// toml's error in the server's words: which key, where, what to do.
fn translate(source: &Source<'_>, error: &toml::de::Error) -> CommandError {
    let lang = source.lang;
    let span = error.span().unwrap_or(0..0);
    let message = error.message();
    let Ok(document) = DeTable::parse(source.text) else {
        return source
            .error_at(
                span.start,
                CommitteeMsg::ConfigSyntax.get(lang),
                CommitteeMsg::ConfigSyntaxHint.get(lang),
            )
            .caused_by(visible(message));
    };
    let place = locate(document.get_ref(), &span, None);
    let table = place.table.describe(lang);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let mut names = backticked(rest).into_iter();
        let key = names.next().unwrap_or_default();
        let known: Vec<String> = names.collect();
        let nearest = known
            .iter()
            .map(|name| (strsim::damerau_levenshtein(&key, name), name))
            .min()
            .filter(|(distance, name)| *distance <= 2.max(name.len() / 3));
        let hint = match nearest {
            Some((_, name)) => {
                CommitteeMsg::UnknownKeyDidYouMean.fill(lang, &[("suggestion", name)])
            }
            None => CommitteeMsg::UnknownKeyKnown.fill(lang, &[("keys", &known.join(", "))]),
        };
        let problem =
            CommitteeMsg::UnknownKey.fill(lang, &[("key", &visible(&key)), ("where", &table)]);
        return source.error_at(span.start, problem, hint);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = backticked(rest).into_iter().next().unwrap_or_default();
        let problem = CommitteeMsg::MissingKey.fill(lang, &[("key", &key), ("where", &table)]);
        let hint = CommitteeMsg::MissingKeyHint.fill(lang, &[("key", &key)]);
        return source.error_at(place.table_start.unwrap_or(span.start), problem, hint);
    }
    let key = place.key.unwrap_or_else(|| "?".to_owned());
    source
        .error_at(
            span.start,
            CommitteeMsg::WrongKind.fill(lang, &[("key", &key), ("where", &table)]),
            CommitteeMsg::WrongKindHint.get(lang),
        )
        .caused_by(visible(message))
}

/// The words between backticks in serde's message, in order.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Text from the file, shown with its control characters escaped.
pub(super) fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '"' | '\'' | '\\') {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out
}

/// Which table of the file a place is in.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Table {
    /// The keys before the first `[section]`.
    Top,
    /// `[NAME]`.
    Named(String),
    /// The `number`th `[[repository]]` (1-based).
    Repository(usize),
}

impl Table {
    /// The table in words.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Table::Top => CommitteeMsg::TopLevel.get(lang),
            Table::Named(name) => CommitteeMsg::TableNamed.fill(lang, &[("name", &visible(name))]),
            Table::Repository(number) => {
                CommitteeMsg::RepositoryNumber.fill(lang, &[("number", number)])
            }
        }
    }
}

/// Where a span lies: its table (and where that table starts) and the key
/// whose value holds it.
struct Place {
    table: Table,
    table_start: Option<usize>,
    key: Option<String>,
}

/// The innermost table and key of the document that hold `span`.
fn locate(table: &DeTable<'_>, span: &Range<usize>, within: Option<(Table, usize)>) -> Place {
    let contains =
        |range: Range<usize>| range.start <= span.start && span.end <= range.end.max(range.start);
    for (key, value) in table {
        let key_span = key.span();
        let value_span = value.span();
        let hit = contains(value_span.clone()) || contains(key_span.clone());
        match value.get_ref() {
            DeValue::Table(inner) if within.is_none() && (hit || span_in_table(inner, span)) => {
                let start = key_span.start;
                return locate(
                    inner,
                    span,
                    Some((Table::Named(key.get_ref().to_string()), start)),
                );
            }
            DeValue::Array(items) if within.is_none() => {
                for (index, item) in items.iter().enumerate() {
                    if let DeValue::Table(inner) = item.get_ref()
                        && (contains(item.span()) || span_in_table(inner, span))
                    {
                        let name = key.get_ref();
                        let table = if name == "repository" {
                            Table::Repository(index + 1)
                        } else {
                            Table::Named(name.to_string())
                        };
                        return locate(inner, span, Some((table, item.span().start)));
                    }
                }
                if hit {
                    return place(within, Some(key.get_ref().to_string()));
                }
            }
            _ if hit => return place(within, Some(key.get_ref().to_string())),
            _ => {}
        }
    }
    place(within, None)
}

/// Whether one of `table`'s keys or values holds `span`.
fn span_in_table(table: &DeTable<'_>, span: &Range<usize>) -> bool {
    table.iter().any(|(key, value)| {
        let covers = |range: Range<usize>| range.start <= span.start && span.end <= range.end;
        covers(key.span()) || covers(value.span())
    })
}

fn place(within: Option<(Table, usize)>, key: Option<String>) -> Place {
    match within {
        Some((table, start)) => Place {
            table,
            table_start: Some(start),
            key,
        },
        None => Place {
            table: Table::Top,
            table_start: None,
            key,
        },
    }
}
