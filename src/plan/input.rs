//! What a person types for a status, a period or a day, in either language.
//!
//! Wherever a status, a period or a date is typed (the command line's
//! `--set`, `--on`, `--at`, `--since`, `--until`, `--as-of`, and the
//! browser's forms), the words the tool itself prints are accepted back:
//!
//! - statuses: `udført`, `i gang`, `planlagt`, `blokeret`, `aflyst`, the
//!   English words (`in progress`) and the codes in the file (`in_progress`),
//!   in any case, with spaces around ignored;
//! - periods: the canonical text (`2024-autumn`, `2025-Q2`, `2027-W12`) and
//!   the words shown for it (`efterår 2024`, `2. kvartal 2025`, `Q2 2025`,
//!   `1. halvår 2025`, `oktober 2024`, `vinter 2024/25`, `uge 12 2027`,
//!   `15. oktober 2024`), and the ways a workplace writes them: `første
//!   kvartal 2027`, `andet halvår 2027`, `uge 12, 2027`, `Uge 12 i 2027`,
//!   `2027-w12`, `week 12 2027`, `first quarter 2027`;
//! - `primo`/`medio`/`ultimo marts 2027` and `primo 2027` (`early`, `mid`,
//!   `late`), and a week without its year (`uge 12`), as
//!   [`crate::plan::phrase`] reads them;
//! - a phase's period also as a span: `2025-02/2025-07` (as `export --format
//!   json` prints it) or `februar 2025 – juli 2025` (as `status` shows it);
//! - days: `2024-09-12`, `12.9.2024`, `12-09-2024`, `12/9/2024`,
//!   `15/3-2027`, `15.3.27` (a two-digit year is 20xx), `12. september 2024`,
//!   `12 September 2024`.
//!
//! Each parser returns the canonical value, which is what a plan file stores.

use std::fmt;

use chrono::NaiveDate;

use crate::i18n::{InputMsg, Lang, Message};
use crate::plan::model::Status;
use crate::plan::period::{Period, PeriodError, PeriodKind};
pub use crate::plan::phrase::Context;
use crate::plan::phrase::{Phrase, phrase, week_in};

/// A typed text that is not what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Not a status.
    Status(String),
    /// Not a period.
    Period(PeriodError),
    /// Not a day (a period, perhaps, but not one day).
    Day(String),
}

impl InputError {
    /// A plain sentence naming the text and what it should have been.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InputError::Status(text) => InputMsg::NotAStatus.fill(lang, &[("text", &shown(text))]),
            InputError::Period(error) => error.message(lang),
            InputError::Day(text) => InputMsg::NotADay.fill(lang, &[("text", &shown(text))]),
        }
    }

    /// What to write instead.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        match self {
            InputError::Status(_) => Some(InputMsg::StatusForms.get(lang)),
            // Where the file's forms would be listed, the words to type are.
            InputError::Period(error) => match error.hint(lang) {
                Some(hint) if hint == crate::i18n::PeriodMsg::Forms.get(lang) => {
                    Some(crate::i18n::PeriodMsg::TypedForms.get(lang))
                }
                hint => hint,
            },
            InputError::Day(_) => Some(InputMsg::DayForms.get(lang)),
        }
    }
}

/// In English, for places that have no language (clap stores it; the
/// command line renders it again in the chosen language).
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

/// A status from its code, or its word in either language.
pub fn status(text: &str) -> Result<Status, InputError> {
    let key = normalised(text).replace(['_', '-'], " ");
    Status::ALL
        .into_iter()
        .find(|status| {
            key == status.as_str().replace('_', " ")
                || [Lang::Da, Lang::En].into_iter().any(|lang| {
                    key == crate::plan::words::status_word(*status, lang).to_lowercase()
                })
        })
        .ok_or_else(|| InputError::Status(text.to_string()))
}

/// A period from its canonical text or the words the tool shows for it,
/// with nothing around it (a week needs its year).
pub fn period(text: &str) -> Result<Period, InputError> {
    period_in(text, &Context::default())
}

/// The one period a field stores (a due date, a milestone's date), read
/// against `context`: a span such as "ultimo marts 2027" gives its last
/// day, the deadline (see [`crate::plan::phrase`]).
pub fn period_in(text: &str, context: &Context) -> Result<Period, InputError> {
    match typed(text, context)? {
        PhasePeriodInput::Single(period) => Ok(period),
        PhasePeriodInput::Span { end, .. } => deadline(text, end),
    }
}

/// Where a span starts, as the `start` of a phase's period stores it:
/// "ultimo marts 2027" starts on 21 March.
pub fn period_start_in(text: &str, context: &Context) -> Result<Period, InputError> {
    match typed(text, context)? {
        PhasePeriodInput::Single(period) | PhasePeriodInput::Span { start: period, .. } => {
            Ok(period)
        }
    }
}

/// Where a span ends, as the `end` of a phase's period stores it.
pub fn period_end_in(text: &str, context: &Context) -> Result<Period, InputError> {
    match typed(text, context)? {
        PhasePeriodInput::Single(period) | PhasePeriodInput::Span { end: period, .. } => Ok(period),
    }
}

/// The last day of `end`, as a period.
fn deadline(text: &str, end: Period) -> Result<Period, InputError> {
    Period::day(end.last_day()).ok_or_else(|| InputError::Day(text.to_string()))
}

/// A period, or a span a phrase names.
fn typed(text: &str, context: &Context) -> Result<PhasePeriodInput, InputError> {
    let text = text.trim();
    let error = match Period::parse(text) {
        Ok(period) => return Ok(PhasePeriodInput::Single(period)),
        Err(error) => error,
    };
    if let Some(Ok(period)) = error.suggestion().map(Period::parse) {
        return Ok(PhasePeriodInput::Single(period));
    }
    match phrase(text) {
        Some(Phrase::Span { start, end }) => Ok(PhasePeriodInput::Span { start, end }),
        Some(Phrase::Week(number)) => week_in(number, context)
            .map(PhasePeriodInput::Single)
            .ok_or(InputError::Period(error)),
        None => Err(InputError::Period(error)),
    }
}

/// One day, written as a date in either language.
pub fn day(text: &str) -> Result<NaiveDate, InputError> {
    match period(text) {
        Ok(period) if period.kind() == PeriodKind::Day => Ok(period.first_day()),
        _ => Err(InputError::Day(text.to_string())),
    }
}

/// A phase's period: one period, or a span from the start of one to the end
/// of another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhasePeriodInput {
    /// One period.
    Single(Period),
    /// From the first day of `start` to the last day of `end`.
    Span {
        /// Where it starts.
        start: Period,
        /// Where it ends.
        end: Period,
    },
}

impl PhasePeriodInput {
    /// The value a plan file stores: a string, or `{"start", "end"}`.
    pub fn to_json(self) -> serde_json::Value {
        match self {
            PhasePeriodInput::Single(period) => period.to_string().into(),
            PhasePeriodInput::Span { start, end } => {
                serde_json::json!({"start": start.to_string(), "end": end.to_string()})
            }
        }
    }
}

/// A phase's period: as [`period`], or two of them joined by `/`, `–` or
/// ` - ` (`2025-02/2025-07`, `efterår 2024 – forår 2025`).
pub fn phase_period(text: &str) -> Result<PhasePeriodInput, InputError> {
    phase_period_in(text, &Context::default())
}

/// A phase's period read against `context`: as [`period_in`], but a phrase
/// such as "primo 2027" keeps its span (`{"start": "2027-01", "end":
/// "2027-04"}`), and two periods joined by `/`, `–` or ` - ` make one.
pub fn phase_period_in(text: &str, context: &Context) -> Result<PhasePeriodInput, InputError> {
    let single = match typed(text, context) {
        Ok(input) => return Ok(input),
        Err(error) => error,
    };
    for separator in ["–", "—", " - ", " til ", " to ", "/", ".."] {
        let mut parts = text.split(separator);
        if let (Some(start), Some(end), None) = (parts.next(), parts.next(), parts.next())
            && let (Ok(start), Ok(end)) =
                (period_start_in(start, context), period_end_in(end, context))
        {
            return Ok(PhasePeriodInput::Span { start, end });
        }
    }
    Err(single)
}

/// Lower case, trimmed, inner runs of white space made one space.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The text as quoted in a message: escaped, and cut short if it is long.
fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    let escaped = text.escape_debug().to_string();
    match escaped.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::dates::day_display;
    use crate::plan::period::Season;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
    }

    #[test]
    fn statuses_in_both_languages_and_as_codes() {
        let cases = [
            ("udført", Status::Done),
            ("Udført ", Status::Done),
            ("UDFØRT", Status::Done),
            ("done", Status::Done),
            ("i gang", Status::InProgress),
            ("  I   Gang ", Status::InProgress),
            ("in progress", Status::InProgress),
            ("in_progress", Status::InProgress),
            ("In-Progress", Status::InProgress),
            ("planlagt", Status::Planned),
            ("planned", Status::Planned),
            ("blokeret", Status::Blocked),
            ("blocked", Status::Blocked),
            ("aflyst", Status::Cancelled),
            ("cancelled", Status::Cancelled),
        ];
        for (text, expected) in cases {
            assert_eq!(status(text), Ok(expected), "{text:?}");
        }
        for text in ["", "færdig", "udførtx", "i_gang_"] {
            assert_eq!(status(text), Err(InputError::Status(text.to_string())));
        }
    }

    #[test]
    fn periods_as_the_tool_shows_them() {
        let cases = [
            ("efterår 2024", "2024-autumn"),
            ("Efterår 2024", "2024-autumn"),
            ("autumn 2024", "2024-autumn"),
            ("2. kvartal 2025", "2025-Q2"),
            ("Q2 2025", "2025-Q2"),
            ("1. halvår 2025", "2025-H1"),
            ("H1 2025", "2025-H1"),
            ("oktober 2024", "2024-10"),
            ("October 2024", "2024-10"),
            ("vinter 2024/25", "2024-winter"),
            ("15. oktober 2024", "2024-10-15"),
            ("15 October 2024", "2024-10-15"),
            ("2024", "2024"),
            (" 2024-Q4 ", "2024-Q4"),
        ];
        for (text, canonical) in cases {
            let parsed = period(text).map(|period| period.to_string());
            assert_eq!(parsed.as_deref(), Ok(canonical), "{text:?}");
        }
        assert!(period("snart").is_err());
        assert!(period("2024-Q5").is_err());
    }

    #[test]
    fn the_ways_a_workplace_writes_weeks_quarters_and_days() {
        let cases = [
            ("uge 12 2027", "2027-W12"),
            ("uge 12, 2027", "2027-W12"),
            ("Uge 12 i 2027", "2027-W12"),
            ("week 12 2027", "2027-W12"),
            ("2027-W12", "2027-W12"),
            ("2027-w12", "2027-W12"),
            ("første kvartal 2027", "2027-Q1"),
            ("andet kvartal 2027", "2027-Q2"),
            ("1. kvartal 2027", "2027-Q1"),
            ("første halvår 2027", "2027-H1"),
            ("first quarter 2027", "2027-Q1"),
            ("15.3.27", "2027-03-15"),
            ("15.3.2027", "2027-03-15"),
            ("15/3-2027", "2027-03-15"),
        ];
        for (text, canonical) in cases {
            let parsed = period(text).map(|period| period.to_string());
            assert_eq!(parsed.as_deref(), Ok(canonical), "{text:?}");
        }
        assert_eq!(day("15.3.27"), Ok(date(2027, 3, 15)));
    }

    #[test]
    fn primo_medio_ultimo_keep_the_deadline_or_the_span() {
        // One period (a due date): the last day, the deadline.
        let cases = [
            ("primo marts 2027", "2027-03-10"),
            ("medio marts 2027", "2027-03-20"),
            ("ultimo marts 2027", "2027-03-31"),
            ("late March 2027", "2027-03-31"),
            ("primo 2027", "2027-04-30"),
            ("ultimo 2027", "2027-12-31"),
        ];
        for (text, canonical) in cases {
            let parsed = period(text).map(|period| period.to_string());
            assert_eq!(parsed.as_deref(), Ok(canonical), "{text:?}");
        }
        // A phase's period: the span itself.
        let json = |text| phase_period(text).map(PhasePeriodInput::to_json);
        assert_eq!(
            json("ultimo marts 2027"),
            Ok(serde_json::json!({"start": "2027-03-21", "end": "2027-03-31"}))
        );
        assert_eq!(
            json("primo 2027"),
            Ok(serde_json::json!({"start": "2027-01", "end": "2027-04"}))
        );
        assert_eq!(
            json("medio marts 2027 – ultimo april 2027"),
            Ok(serde_json::json!({"start": "2027-03-11", "end": "2027-04-30"}))
        );
        let nothing = Context::default();
        assert_eq!(
            period_start_in("ultimo marts 2027", &nothing).map(|p| p.to_string()),
            Ok("2027-03-21".to_string())
        );
    }

    #[test]
    fn a_week_without_a_year_needs_a_context() {
        let error = period("uge 12").expect_err("no year");
        assert_eq!(
            error.message(Lang::Da),
            "\"uge 12\" siger ikke, hvilket år ugen ligger i."
        );
        assert_eq!(
            error.hint(Lang::Da).as_deref(),
            Some("Skriv året med, fx \"uge 12 2027\" (i planens fil: 2027-W12).")
        );
        let on = |today| Context {
            within: None,
            today: Some(today),
        };
        assert_eq!(
            period_in("uge 12", &on(date(2026, 12, 5))).map(|p| p.to_string()),
            Ok("2027-W12".to_string())
        );
        assert_eq!(
            period_in("week 50", &on(date(2026, 12, 5))).map(|p| p.to_string()),
            Ok("2026-W50".to_string())
        );
    }

    #[test]
    fn a_period_typed_wrongly_is_answered_with_the_words_to_type() {
        let error = period("snart").expect_err("not a period");
        let hint = error.hint(Lang::Da).unwrap_or_default();
        assert!(hint.contains("uge 42 2026"), "{hint}");
        assert!(hint.contains("4. kvartal 2026"), "{hint}");
        assert!(!hint.contains("engelsk"), "{hint}");
        let hint = error.hint(Lang::En).unwrap_or_default();
        assert!(hint.contains("week 42 2026"), "{hint}");
        // A near miss still names what it meant.
        let error = period("2024-Q5").expect_err("no fifth quarter");
        assert_eq!(error.hint(Lang::En), None);
    }

    #[test]
    fn days_in_every_written_form() {
        for text in [
            "2024-09-12",
            "12.9.2024",
            "12.09.2024",
            "12-09-2024",
            "12/9/2024",
            "12. september 2024",
            "12 September 2024",
            "12. sep 2024",
        ] {
            assert_eq!(day(text), Ok(date(2024, 9, 12)), "{text:?}");
        }
        for text in ["2024-09", "efterår 2024", "31.2.2024", "i morgen", ""] {
            assert_eq!(
                day(text),
                Err(InputError::Day(text.to_string())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn phase_periods_as_spans() {
        let span = |start: &str, end: &str| PhasePeriodInput::Span {
            start: period(start).expect("a period"),
            end: period(end).expect("a period"),
        };
        assert_eq!(
            phase_period("2025-02/2025-07"),
            Ok(span("2025-02", "2025-07"))
        );
        assert_eq!(
            phase_period("februar 2025 – juli 2025"),
            Ok(span("2025-02", "2025-07"))
        );
        assert_eq!(
            phase_period("efterår 2024 - forår 2025"),
            Ok(span("2024-autumn", "2025-spring"))
        );
        assert_eq!(
            phase_period("vinter 2024/25"),
            Ok(PhasePeriodInput::Single(
                period("2024-winter").expect("a period")
            ))
        );
        assert_eq!(
            span("2025-02", "2025-07").to_json(),
            serde_json::json!({"start": "2025-02", "end": "2025-07"})
        );
        assert!(phase_period("2025-02/snart").is_err());
    }

    #[test]
    fn errors_speak_both_languages_with_a_hint() {
        let error = day("i morgen").expect_err("not a day");
        assert!(error.message(Lang::Da).contains("er ikke en dato"));
        assert!(error.message(Lang::En).contains("is not a date"));
        assert!(
            error
                .hint(Lang::Da)
                .is_some_and(|hint| hint.contains("12.9.2024"))
        );
        let error = status("færdig").expect_err("not a status");
        assert!(error.message(Lang::Da).contains("færdig"));
        assert!(
            error
                .hint(Lang::Da)
                .is_some_and(|hint| hint.contains("udført"))
        );
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let year = 1000..=9998i32;
        prop_oneof![
            (year.clone(), 1..=12u32, 1..=31u32).prop_filter_map("a real day", |(y, m, d)| {
                NaiveDate::from_ymd_opt(y, m, d).and_then(Period::day)
            }),
            (year.clone(), 1..=12u32).prop_filter_map("a month", |(y, m)| Period::month(y, m)),
            (year.clone(), 1..=4u32).prop_filter_map("a quarter", |(y, q)| Period::quarter(y, q)),
            (year.clone(), 1..=2u32).prop_filter_map("a half", |(y, h)| Period::half(y, h)),
            year.clone().prop_filter_map("a year", Period::whole_year),
            (year.clone(), 1..=53u32).prop_filter_map("a week", |(y, w)| Period::week(y, w)),
            (year, prop::sample::select(Season::ALL.to_vec()))
                .prop_filter_map("a season", |(y, s)| Period::season(y, s)),
        ]
    }

    proptest! {
        #[test]
        fn every_printed_period_reads_back_as_the_same_period(period_ in any_period()) {
            for lang in [Lang::Da, Lang::En] {
                let shown = period_.display(lang);
                prop_assert_eq!(period(&shown), Ok(period_), "{}", shown);
                prop_assert_eq!(period(&shown.to_uppercase()), Ok(period_), "{}", shown);
            }
            prop_assert_eq!(period(&period_.to_string()), Ok(period_));
        }

        #[test]
        fn a_week_typed_without_its_year_is_found_in_its_phase(week in (2000..=2090i32, 1..=53u32)
            .prop_filter_map("a week", |(y, w)| Period::week(y, w))) {
            let number = week.week_number().unwrap_or_default();
            let context = Context {
                within: Some(crate::plan::dates::Span::from(week)),
                today: None,
            };
            for text in [format!("uge {number}"), format!("week {number}"), format!("W{number}")] {
                prop_assert_eq!(period_in(&text, &context), Ok(week), "{}", text);
            }
        }

        #[test]
        fn every_printed_span_reads_back_as_the_same_span(a in any_period(), b in any_period()) {
            let (start, end) = if a <= b { (a, b) } else { (b, a) };
            let expected = PhasePeriodInput::Span { start, end };
            let text = crate::plan::model::PhasePeriod::Span(crate::plan::model::PeriodSpan {
                start: crate::plan::model::PeriodText(start.to_string()),
                end: crate::plan::model::PeriodText(end.to_string()),
            });
            for lang in [Lang::Da, Lang::En] {
                let shown = text.display(lang);
                prop_assert_eq!(phase_period(&shown), Ok(expected), "{}", shown);
            }
            let exported = format!("{start}/{end}");
            prop_assert_eq!(phase_period(&exported), Ok(expected), "{}", exported);
        }

        #[test]
        fn every_printed_day_reads_back_as_the_same_day(
            day_ in (1000..=9999i32, 1..=12u32, 1..=31u32)
                .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
        ) {
            for lang in [Lang::Da, Lang::En] {
                let shown = day_display(day_, lang);
                prop_assert_eq!(day(&shown), Ok(day_), "{}", shown);
            }
            for shown in [
                day_.format("%Y-%m-%d").to_string(),
                day_.format("%-d.%-m.%Y").to_string(),
                day_.format("%d-%m-%Y").to_string(),
                day_.format("%d.%m.%Y").to_string(),
            ] {
                prop_assert_eq!(day(&shown), Ok(day_), "{}", shown);
            }
        }

        #[test]
        fn every_printed_status_reads_back_as_the_same_status(
            status_ in prop::sample::select(Status::ALL.to_vec()),
            upper in any::<bool>(),
        ) {
            for lang in [Lang::Da, Lang::En] {
                let word = crate::plan::words::status_word(status_, lang);
                let word = if upper { word.to_uppercase() } else { word };
                prop_assert_eq!(status(&format!(" {word} ")), Ok(status_));
            }
            prop_assert_eq!(status(status_.as_str()), Ok(status_));
        }

        #[test]
        fn any_text_is_parsed_or_refused_without_panicking(text in ".{0,40}") {
            let _ = status(&text);
            let _ = period(&text);
            let _ = day(&text);
            let _ = phase_period(&text);
        }
    }
}
