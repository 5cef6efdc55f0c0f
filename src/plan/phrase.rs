//! The ways Danish workplaces name a time that are not period strings:
//! "primo marts 2027", "medio 2027", "ultimo marts 2027" (and "early",
//! "mid", "late March 2027"), and a week without its year ("uge 12").
//!
//! **Primo, medio, ultimo** name a part of a month or a year:
//!
//! | typed | the days |
//! |---|---|
//! | primo marts 2027 / early March 2027 | 1.–10. marts |
//! | medio marts 2027 / mid March 2027 | 11.–20. marts |
//! | ultimo marts 2027 / late March 2027 | 21.–31. marts |
//! | primo 2027 / early 2027 | januar–april |
//! | medio 2027 / mid 2027 | maj–august |
//! | ultimo 2027 / late 2027 | september–december |
//!
//! No period string names these spans, so the plan file keeps the nearest
//! canonical value that loses nothing of the meaning: where a span is
//! allowed (a phase's period) the span itself, `{"start": "2027-03-21",
//! "end": "2027-03-31"}` or `{"start": "2027-01", "end": "2027-04"}`; where
//! one period is stored (a due date, a milestone), the deadline, the span's
//! last day: "ultimo marts 2027" becomes `2027-03-31`, "primo 2027"
//! `2027-04-30`. An item is overdue after the same day either way.
//!
//! **A week without a year** ("uge 12", "week 12") takes its year from
//! the context, in this order:
//! 1. the period it belongs in (for an activity's due date, its phase's
//!    period; otherwise the plan's whole span): when exactly one week 12
//!    overlaps it, that one;
//! 2. else today, where the caller knows it (`decide --set` and `report
//!    --record --set`: the day the decision is recorded): the next week 12
//!    that has not yet ended (this year's, or else next year's);
//! 3. else it is refused, asking for the year ("uge 12 2027").

use chrono::{Datelike, NaiveDate};

use crate::plan::dates::Span;
use crate::plan::period::Period;
use crate::plan::period::near_miss::{WEEK_WORDS, month_word};

/// What a typed text names when it is not a period by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// From the first day of `start` to the last day of `end` (days or months).
    Span {
        /// Where it starts.
        start: Period,
        /// Where it ends.
        end: Period,
    },
    /// Week `number`, of a year the context must give.
    Week(u32),
}

/// What a typed text is read against: the period it belongs in, and today.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The period the value belongs in (a phase's period, the plan's span).
    pub within: Option<Span>,
    /// The day that counts as today.
    pub today: Option<NaiveDate>,
}

/// A third of a month or a year.
#[derive(Debug, Clone, Copy)]
enum Part {
    Early,
    Middle,
    Late,
}

fn part_word(word: &str) -> Option<Part> {
    match word {
        "primo" | "early" | "start" | "begyndelsen" => Some(Part::Early),
        "medio" | "mid" | "middle" | "midten" => Some(Part::Middle),
        "ultimo" | "late" | "end" | "slutningen" => Some(Part::Late),
        _ => None,
    }
}

/// The phrase `text` names, if it is one of those above.
pub fn phrase(text: &str) -> Option<Phrase> {
    let lower = text.trim().to_lowercase().replace("mid-", "mid ");
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|token| token.trim_end_matches('.'))
        .filter(|token| !token.is_empty() && !["af", "of", "i", "in"].contains(token))
        .collect();
    match tokens.as_slice() {
        [unit, number] if WEEK_WORDS.contains(unit) => week_number(number).map(Phrase::Week),
        [week] => week
            .strip_prefix('w')
            .and_then(week_number)
            .map(Phrase::Week),
        [part, rest @ ..] => {
            let part = part_word(part)?;
            part_of(part, rest)
        }
        _ => None,
    }
}

fn week_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|week| (1..=53).contains(week))
}

/// A third of the month or year named by `rest` ("marts 2027", "2027").
fn part_of(part: Part, rest: &[&str]) -> Option<Phrase> {
    let year = |word: &str| {
        (word.len() == 4)
            .then(|| word.parse::<i32>().ok())
            .flatten()
    };
    match rest {
        [month, y] | [y, month] if month_word(month).is_some() => {
            let (year, month) = (year(y)?, month_word(month)?);
            let last = Period::month(year, month)?.last_day().day();
            let (first, end) = match part {
                Part::Early => (1, 10),
                Part::Middle => (11, 20),
                Part::Late => (21, last),
            };
            let day = |d| NaiveDate::from_ymd_opt(year, month, d).and_then(Period::day);
            Some(Phrase::Span {
                start: day(first)?,
                end: day(end)?,
            })
        }
        [y] => {
            let year = year(y)?;
            let (first, end) = match part {
                Part::Early => (1, 4),
                Part::Middle => (5, 8),
                Part::Late => (9, 12),
            };
            Some(Phrase::Span {
                start: Period::month(year, first)?,
                end: Period::month(year, end)?,
            })
        }
        _ => None,
    }
}

/// Week `number` in the year the context gives (see the module's rule).
pub fn week_in(number: u32, context: &Context) -> Option<Period> {
    if let Some(within) = context.within {
        let overlapping: Vec<Period> = (within.first.year() - 1..=within.last.year() + 1)
            .filter_map(|year| Period::week(year, number))
            .filter(|week| week.first_day() <= within.last && within.first <= week.last_day())
            .collect();
        if let [only] = overlapping.as_slice() {
            return Some(*only);
        }
    }
    let today = context.today?;
    let year = today.iso_week().year();
    (year..=year + 8)
        .filter_map(|year| Period::week(year, number))
        .find(|week| week.last_day() >= today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
    }

    fn span(text: &str) -> (String, String) {
        match phrase(text) {
            Some(Phrase::Span { start, end }) => (start.to_string(), end.to_string()),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn primo_medio_ultimo_of_a_month_are_thirds_of_it() {
        let days = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(span("primo marts 2027"), days("2027-03-01", "2027-03-10"));
        assert_eq!(span("Medio marts 2027"), days("2027-03-11", "2027-03-20"));
        assert_eq!(span("ultimo marts 2027"), days("2027-03-21", "2027-03-31"));
        assert_eq!(
            span("ultimo februar 2028"),
            days("2028-02-21", "2028-02-29")
        );
        assert_eq!(span("ultimo feb. 2027"), days("2027-02-21", "2027-02-28"));
        assert_eq!(span("early March 2027"), days("2027-03-01", "2027-03-10"));
        assert_eq!(span("mid-March 2027"), days("2027-03-11", "2027-03-20"));
        assert_eq!(span("late March, 2027"), days("2027-03-21", "2027-03-31"));
        assert_eq!(span("ultimo 2027 marts"), days("2027-03-21", "2027-03-31"));
    }

    #[test]
    fn primo_medio_ultimo_of_a_year_are_thirds_of_it() {
        let months = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(span("primo 2027"), months("2027-01", "2027-04"));
        assert_eq!(span("medio 2027"), months("2027-05", "2027-08"));
        assert_eq!(span("ultimo 2027"), months("2027-09", "2027-12"));
        assert_eq!(span("late 2027"), months("2027-09", "2027-12"));
    }

    #[test]
    fn weeks_without_a_year() {
        for text in ["uge 12", "Uge 12", "week 12", "W12", "uge 7"] {
            assert!(matches!(phrase(text), Some(Phrase::Week(_))), "{text}");
        }
        for text in [
            "uge 54",
            "uge 0",
            "uge",
            "primo",
            "ultimo marts",
            "primo Q1 2027",
        ] {
            assert_eq!(phrase(text), None, "{text}");
        }
    }

    #[test]
    fn a_week_takes_its_year_from_the_period_it_belongs_in() {
        let within = |first, last| Context {
            within: Some(Span { first, last }),
            today: Some(date(2026, 12, 5)),
        };
        // A phase in the spring of 2027 holds one week 12.
        let spring = within(date(2027, 3, 1), date(2027, 5, 31));
        assert_eq!(
            week_in(12, &spring).map(|w| w.to_string()).as_deref(),
            Some("2027-W12")
        );
        // One running over two years holds two: today decides (the next week 12).
        let long = within(date(2026, 1, 1), date(2027, 12, 31));
        assert_eq!(
            week_in(12, &long).map(|w| w.to_string()).as_deref(),
            Some("2027-W12")
        );
        // Week 50 of 2026 has not ended on 5 December 2026.
        assert_eq!(
            week_in(50, &long).map(|w| w.to_string()).as_deref(),
            Some("2026-W50")
        );
        // A week that the phase does not hold: today decides.
        assert_eq!(
            week_in(40, &spring).map(|w| w.to_string()).as_deref(),
            Some("2027-W40")
        );
        // Week 53 only in a year that has one (2026 has, 2027 to 2031 do not).
        let today = Context {
            within: None,
            today: Some(date(2027, 1, 10)),
        };
        assert_eq!(
            week_in(53, &today).map(|w| w.to_string()).as_deref(),
            Some("2032-W53")
        );
        assert_eq!(week_in(12, &Context::default()), None);
    }
}
