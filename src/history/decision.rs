//! A decision: one commit that changes one plan, with trailers saying which
//! plan, who decided, when, and at which meeting.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use git2::{Commit, Oid, Repository, Signature, Time};
use serde::Serialize;

use crate::error::CommandError;
use crate::i18n::{HistoryMsg, Lang, Message};

/// Trailer naming the plan a decision changes.
pub const PLAN: &str = "Plan";
/// Trailer naming who decided (a person or a body such as "Lokal-MED").
pub const DECIDED_BY: &str = "Decided-by";
/// Trailer with the day the decision was made.
pub const DECIDED_ON: &str = "Decided-on";
/// Trailer naming the meeting.
pub const MEETING: &str = "Meeting";
/// Trailer of a revert: the decision it undoes.
pub const REVERTS: &str = "Reverts";
/// Trailer of a recorded report: to whom it was delivered.
pub const REPORTED_TO: &str = "Reported-to";

/// What the user says about a decision, before it is recorded.
#[derive(Debug, Clone)]
pub struct DecisionText {
    /// The plan it changes.
    pub plan: String,
    /// One line.
    pub summary: String,
    /// The rationale, if any.
    pub body: Option<String>,
    /// Who decided.
    pub decided_by: String,
    /// When (default: the day it is recorded).
    pub decided_on: NaiveDate,
    /// At which meeting.
    pub meeting: Option<String>,
    /// Further trailers (Reverts, Reported-to).
    pub extra: Vec<(&'static str, String)>,
    /// Who records it, when it is not git's own identity (the committee's
    /// server: the signed-in person): the commit's author.
    pub recorder: Option<Recorder>,
}

/// The person who records a decision: the commit's author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorder {
    /// Their name.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl DecisionText {
    /// The commit message: summary, body, trailers.
    pub fn message(&self) -> String {
        let mut lines = self.summary.trim().lines();
        let summary = one_line(lines.next().unwrap_or_default());
        let rest: Vec<&str> = lines.collect();
        let mut body = rest.join("\n").trim().to_string();
        if let Some(extra) = self
            .body
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(extra);
        }
        let mut message = summary;
        message.push_str("\n\n");
        if !body.is_empty() {
            message.push_str(&body);
            message.push_str("\n\n");
        }
        message.push_str(&format!("{PLAN}: {}\n", one_line(&self.plan)));
        message.push_str(&format!("{DECIDED_BY}: {}\n", one_line(&self.decided_by)));
        message.push_str(&format!(
            "{DECIDED_ON}: {}\n",
            self.decided_on.format("%Y-%m-%d")
        ));
        if let Some(meeting) = &self.meeting {
            message.push_str(&format!("{MEETING}: {}\n", one_line(meeting)));
        }
        for (key, value) in &self.extra {
            message.push_str(&format!("{key}: {}\n", one_line(value)));
        }
        message
    }
}

/// A recorded decision, as read from history.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// The commit id.
    #[serde(serialize_with = "serialize_oid")]
    pub commit: Oid,
    /// The plan it changes.
    pub plan: String,
    /// The summary line.
    pub summary: String,
    /// The rationale, when given.
    pub body: Option<String>,
    /// Who decided.
    pub decided_by: String,
    /// When it was decided.
    pub decided_on: NaiveDate,
    /// Who recorded it (git author): "Name <email>".
    pub recorded_by: String,
    /// When it was recorded (git author date).
    pub recorded_at: DateTime<FixedOffset>,
    /// The meeting, when given.
    pub meeting: Option<String>,
    /// The decision it reverts, when it is a revert.
    pub reverts: Option<String>,
    /// To whom a report was delivered, when it records a report.
    pub reported_to: Option<String>,
}

fn serialize_oid<S: serde::Serializer>(oid: &Oid, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&oid.to_string())
}

/// The trailers of a commit message, in order, read as git reads them
/// (`git interpret-trailers --parse`, `%(trailers)`): the last paragraph
/// after the summary's, when its lines are `Key: value` lines (a key of
/// letters, digits and `-`), continuation lines starting with a blank, and
/// comment lines; or at least a quarter of them such lines and one of git's
/// own (`Signed-off-by: `, `(cherry picked from commit `). A value is
/// trimmed; a continuation line is joined to it with a space. An empty
/// value stays empty (libgit2 would take the next line for it).
pub fn trailers(message: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = message.lines().collect();
    let blank = |line: &str| line.trim().is_empty();
    let mut end = lines.len();
    while end > 0 && blank(lines[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && !blank(lines[start - 1]) {
        start -= 1;
    }
    // The summary's paragraph holds no trailers.
    if !lines[..start].iter().any(|line| !blank(line)) {
        return Vec::new();
    }
    let mut found: Vec<(String, String)> = Vec::new();
    let (mut trailer_lines, mut other_lines, mut git_own) = (0usize, 0usize, false);
    let mut last_was_trailer = false;
    for line in &lines[start..end] {
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with([' ', '\t']) && last_was_trailer {
            if let Some((_, value)) = found.last_mut() {
                let more = line.trim();
                if !more.is_empty() {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(more);
                }
            }
            continue;
        }
        if line.starts_with("Signed-off-by: ") || line.starts_with("(cherry picked from commit ") {
            git_own = true;
        }
        match trailer_line(line) {
            Some((key, value)) => {
                trailer_lines += 1;
                last_was_trailer = true;
                found.push((key.to_string(), value.to_string()));
            }
            None => {
                other_lines += 1;
                last_was_trailer = false;
            }
        }
    }
    let is_block =
        trailer_lines > 0 && (other_lines == 0 || (git_own && trailer_lines * 3 >= other_lines));
    if is_block { found } else { Vec::new() }
}

/// `Key: value` as git reads a trailer line: the key of ASCII letters,
/// digits and `-`, then optional blanks, then `:`.
fn trailer_line(line: &str) -> Option<(&str, &str)> {
    let mut blank_seen = false;
    for (index, c) in line.char_indices() {
        if c == ':' {
            if index == 0 {
                return None;
            }
            return Some((line[..index].trim(), line[index + 1..].trim()));
        }
        if !blank_seen && (c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if index > 0 && (c == ' ' || c == '\t') {
            blank_seen = true;
            continue;
        }
        return None;
    }
    None
}

/// The trailers a decision carries at most once.
pub const DECISION_TRAILERS: [&str; 4] = [PLAN, DECIDED_BY, DECIDED_ON, MEETING];

/// Why a commit that claims to be a decision (it has a `Plan` or a
/// `Decided-by` trailer) cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrailerProblem {
    /// One of [`DECISION_TRAILERS`] given more than once (keys compared
    /// without regard to case, as git reads them), with every value given.
    Repeated {
        /// The trailer, as this program writes its key.
        key: &'static str,
        /// Each value given, in order.
        values: Vec<String>,
    },
    /// `Plan` or `Decided-by` missing, empty or only blanks.
    Blank(&'static str),
}

/// What keeps these trailers from being one decision's, when the message
/// claims to be a decision; None when it is one, or claims nothing.
pub fn trailer_problem(trailers: &[(String, String)]) -> Option<TrailerProblem> {
    let values = |key: &str| -> Vec<String> {
        trailers
            .iter()
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let claims = [PLAN, DECIDED_BY].iter().any(|key| !values(key).is_empty());
    if !claims {
        return None;
    }
    for key in DECISION_TRAILERS {
        let given = values(key);
        if given.len() > 1 {
            return Some(TrailerProblem::Repeated { key, values: given });
        }
    }
    [PLAN, DECIDED_BY]
        .into_iter()
        .find(|key| values(key).iter().all(|value| value.trim().is_empty()))
        .map(TrailerProblem::Blank)
}

/// [`trailer_problem`] of a commit's message.
pub fn commit_trailer_problem(commit: &Commit<'_>) -> Option<TrailerProblem> {
    trailer_problem(&trailers(commit.message().ok()?))
}

/// Reads the decision a commit records, or None when it is not a decision
/// (also when its trailers do not say one thing: see [`trailer_problem`]).
pub fn read_decision(commit: &Commit<'_>) -> Option<Decision> {
    let message = commit.message().ok()?;
    let trailers = trailers(message);
    if trailer_problem(&trailers).is_some() {
        return None;
    }
    let get = |key: &str| {
        trailers
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
    };
    let plan = get(PLAN)?.trim().to_string();
    let decided_by = get(DECIDED_BY)?.trim().to_string();
    let author = commit.author();
    let recorded_at = git_time(author.when());
    let decided_on = get(DECIDED_ON)
        .and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
        .unwrap_or_else(|| recorded_at.date_naive());
    let summary = commit
        .summary()
        .ok()
        .flatten()
        .unwrap_or_default()
        .to_string();
    Some(Decision {
        commit: commit.id(),
        plan,
        summary,
        body: body_of(message),
        decided_by,
        decided_on,
        recorded_by: format!(
            "{} <{}>",
            author.name().unwrap_or("?"),
            author.email().unwrap_or("?")
        ),
        recorded_at,
        meeting: get(MEETING),
        reverts: get(REVERTS),
        reported_to: get(REPORTED_TO),
    })
}

/// The body of a message: between the summary and the trailers.
fn body_of(message: &str) -> Option<String> {
    let mut paragraphs: Vec<&str> = message.trim().split("\n\n").collect();
    if paragraphs.len() <= 1 {
        return None;
    }
    paragraphs.remove(0);
    // The last paragraph holds the trailers.
    paragraphs.pop();
    let body = paragraphs.join("\n\n").trim().to_string();
    (!body.is_empty()).then_some(body)
}

/// A git time as a date-time with its offset.
pub fn git_time(time: Time) -> DateTime<FixedOffset> {
    use chrono::Offset;
    let offset =
        FixedOffset::east_opt(time.offset_minutes() * 60).unwrap_or_else(|| chrono::Utc.fix());
    offset
        .timestamp_opt(time.seconds(), 0)
        .single()
        .unwrap_or_else(|| DateTime::<FixedOffset>::from(DateTime::UNIX_EPOCH))
}

/// Who records, and when: git's author and committer, honouring
/// `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE` and the
/// `GIT_COMMITTER_*` variables as git does, else `user.name`/`user.email`.
pub fn identities(
    repo: &Repository,
    lang: Lang,
) -> Result<(Signature<'static>, Signature<'static>), CommandError> {
    identities_from(repo.config().ok(), lang)
}

/// [`identities`] from a git configuration (the user's own before a
/// repository exists).
pub fn identities_from(
    config: Option<git2::Config>,
    lang: Lang,
) -> Result<(Signature<'static>, Signature<'static>), CommandError> {
    let from_config = |key: &str| {
        config
            .as_ref()
            .and_then(|c| c.get_string(key).ok())
            .filter(|v| !v.trim().is_empty())
    };
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
    let missing = || {
        CommandError::environment(HistoryMsg::MissingIdentity.get(lang))
            .hinted(HistoryMsg::MissingIdentityHint.get(lang))
    };
    let now = chrono::Local::now().fixed_offset();
    let signature = |role: &str| -> Result<Signature<'static>, CommandError> {
        let name = env(&format!("GIT_{role}_NAME"))
            .or_else(|| from_config("user.name"))
            .ok_or_else(missing)?;
        let email = env(&format!("GIT_{role}_EMAIL"))
            .or_else(|| from_config("user.email"))
            .ok_or_else(missing)?;
        let variable = format!("GIT_{role}_DATE");
        let when = match env(&variable) {
            Some(text) => parse_git_date(&text).ok_or_else(|| {
                CommandError::environment(
                    HistoryMsg::BadGitDate.fill(lang, &[("variable", &variable), ("value", &text)]),
                )
            })?,
            None => now,
        };
        let time = Time::new(when.timestamp(), when.offset().local_minus_utc() / 60);
        Signature::new(&name, &email, &time).map_err(|_| missing())
    };
    Ok((signature("AUTHOR")?, signature("COMMITTER")?))
}

/// [`identities`], with `recorder` as the author when given (the time is
/// the author's time as git would take it; the committer stays git's own
/// identity, the server's).
pub fn identities_for(
    repo: &git2::Repository,
    recorder: Option<&Recorder>,
    lang: Lang,
) -> Result<(Signature<'static>, Signature<'static>), CommandError> {
    let (author, committer) = identities(repo, lang)?;
    let Some(recorder) = recorder else {
        return Ok((author, committer));
    };
    let author = Signature::new(&recorder.name, &recorder.email, &author.when()).map_err(|_| {
        CommandError::environment(HistoryMsg::MissingIdentity.get(lang))
            .hinted(HistoryMsg::MissingIdentityHint.get(lang))
    })?;
    Ok((author, committer))
}

/// Parses the date formats git accepts in `GIT_AUTHOR_DATE`: ISO 8601,
/// RFC 2822, and `@<seconds> <offset>`.
pub fn parse_git_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Some(raw) = text
        .strip_prefix('@')
        .or(Some(text))
        .filter(|t| t.split_whitespace().count() <= 2)
        && let Some(seconds) = raw
            .split_whitespace()
            .next()
            .and_then(|s| s.parse::<i64>().ok())
    {
        // An offset that is not one (`aéb`) makes the whole date unreadable,
        // as it does for git, rather than a silent UTC.
        let offset = match raw.split_whitespace().nth(1) {
            Some(offset) => parse_offset(offset)?,
            None => 0,
        };
        return FixedOffset::east_opt(offset)?
            .timestamp_opt(seconds, 0)
            .single();
    }
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z"))
        .ok()
}

fn parse_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.strip_prefix('+') {
        Some(rest) => (1, rest),
        None => match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text),
        },
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    // Only ASCII digits: slicing by bytes below is then slicing by characters.
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_has_summary_body_and_trailers() {
        let text = DecisionText {
            plan: "arbejdsplads-1".into(),
            summary: "Workshop gennemført".into(),
            body: Some("Alle teams deltog.".into()),
            decided_by: "Lokal-MED".into(),
            decided_on: NaiveDate::from_ymd_opt(2024, 9, 12).unwrap_or_default(),
            meeting: Some("MED-møde 12.\nseptember 2024".into()),
            extra: vec![],
            recorder: None,
        };
        let message = text.message();
        assert_eq!(
            message,
            "Workshop gennemført\n\nAlle teams deltog.\n\nPlan: arbejdsplads-1\nDecided-by: Lokal-MED\n\
             Decided-on: 2024-09-12\nMeeting: MED-møde 12. september 2024\n"
        );
        let found = trailers(&message);
        assert_eq!(found[0], ("Plan".to_string(), "arbejdsplads-1".to_string()));
        assert_eq!(found.len(), 4);
        assert_eq!(body_of(&message).as_deref(), Some("Alle teams deltog."));
    }

    #[test]
    fn git_dates_in_the_forms_git_accepts() {
        let expected = parse_git_date("2024-09-12T10:00:00+02:00");
        assert!(expected.is_some());
        assert_eq!(parse_git_date("@1726128000 +0200"), expected);
        assert_eq!(parse_git_date("1726128000 +0200"), expected);
        assert_eq!(parse_git_date("Thu, 12 Sep 2024 10:00:00 +0200"), expected);
        assert_eq!(parse_git_date("2024-09-12 10:00:00 +0200"), expected);
        assert_eq!(parse_git_date("next tuesday"), None);
    }

    #[test]
    fn a_git_date_with_a_non_ascii_offset_is_refused_not_a_panic() {
        assert_eq!(parse_git_date("1726128000 aéb"), None);
        assert_eq!(parse_git_date("1726128000 +ééé"), None);
        assert_eq!(
            parse_git_date("1726128000 +02:00").map(|d| d.offset().local_minus_utc()),
            Some(7200)
        );
    }
}

#[cfg(test)]
mod trailer_tests {
    use super::*;

    fn read(message: &str) -> Vec<(String, String)> {
        trailers(message)
    }

    fn pair(key: &str, value: &str) -> (String, String) {
        (key.to_string(), value.to_string())
    }

    #[test]
    fn an_empty_value_stays_empty_as_git_reads_it() {
        assert_eq!(
            read("T\n\nPlan: p1\nDecided-by:\nDecided-on: 2024-10-01\n"),
            [
                pair("Plan", "p1"),
                pair("Decided-by", ""),
                pair("Decided-on", "2024-10-01")
            ]
        );
        assert_eq!(
            read("T\n\nPlan:  \nDecided-by: MED\n"),
            [pair("Plan", ""), pair("Decided-by", "MED")]
        );
    }

    #[test]
    fn continuation_lines_keys_with_blanks_and_mixed_blocks() {
        assert_eq!(
            read("T\n\nPlan: p1\nDecided-by: Lokal-\n  MED\nplan : p2\n"),
            [
                pair("Plan", "p1"),
                pair("Decided-by", "Lokal- MED"),
                pair("plan", "p2")
            ]
        );
        // The summary is never a trailer; a paragraph with prose is none.
        assert!(read("Plan: p1\n").is_empty());
        assert!(read("T\n\nPlan: p1\nnot a trailer\n").is_empty());
        // One of git's own lines lets a block hold some prose.
        assert_eq!(
            read("T\n\nPlan: p1\nnot a trailer\nSigned-off-by: A <a@x>\n").len(),
            2
        );
        assert!(read("T\n\nbody\n\n: no key\n").is_empty());
    }

    #[test]
    fn repeated_or_blank_decision_trailers_are_a_problem() {
        let problem = |message: &str| trailer_problem(&trailers(message));
        assert_eq!(problem("T\n\nPlan: p1\nDecided-by: MED\n"), None);
        assert_eq!(problem("T\n\nReported-to: MED\n"), None);
        assert_eq!(
            problem("T\n\nPlan: p1\nDecided-by: A\ndecided-by: B\n"),
            Some(TrailerProblem::Repeated {
                key: DECIDED_BY,
                values: vec!["A".into(), "B".into()]
            })
        );
        assert_eq!(
            problem("T\n\nPlan: p1\nDecided-by: \n"),
            Some(TrailerProblem::Blank(DECIDED_BY))
        );
        assert_eq!(
            problem("T\n\nDecided-by: MED\n"),
            Some(TrailerProblem::Blank(PLAN))
        );
    }
}
