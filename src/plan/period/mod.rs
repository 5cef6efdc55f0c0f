//! Period strings: a span of days, written the way a plan file writes it.
//!
//! `2024-10-15` (a day), `2024-10` (a month), `2024-Q4` (a quarter),
//! `2025-H1` (a half year), `2024` (a year), the ISO 8601 weeks `2027-W12`
//! (Monday–Sunday; `W53` only in a year that has 53 weeks) and the seasons
//! `2024-spring` (March–May), `2024-summer` (June–August), `2024-autumn`
//! (September–November) and `2024-winter` (December 2024–February 2025). Only
//! these canonical forms parse; a near miss ("efterår 2024", "2024-q4",
//! "uge 12 2027", "15.10.2024") is refused with a hint that names the
//! canonical text.

pub(crate) mod near_miss;

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::i18n::{Lang, Message, PeriodMsg, month_name, season_name};

/// The first year a period may have.
pub const MIN_YEAR: i32 = 1000;
/// The last year a period may have.
pub const MAX_YEAR: i32 = 9999;

/// A season: three months, winter reaching into the next year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Season {
    /// March to May.
    Spring,
    /// June to August.
    Summer,
    /// September to November.
    Autumn,
    /// December to February of the next year.
    Winter,
}

impl Season {
    /// All seasons, in the order of the year.
    pub const ALL: [Season; 4] = [
        Season::Spring,
        Season::Summer,
        Season::Autumn,
        Season::Winter,
    ];

    /// The word in a period string: `spring`, `summer`, `autumn`, `winter`.
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "spring",
            Season::Summer => "summer",
            Season::Autumn => "autumn",
            Season::Winter => "winter",
        }
    }
}

/// What kind of span a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// One day: `2024-10-15`.
    Day,
    /// A calendar month: `2024-10`.
    Month,
    /// A quarter: `2024-Q4`.
    Quarter,
    /// A half year: `2025-H1`.
    Half,
    /// A calendar year: `2024`.
    Year,
    /// An ISO 8601 week, Monday to Sunday: `2027-W12`.
    Week,
    /// A season: `2024-autumn`.
    Season(Season),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Unit {
    Day,
    Week(u32),
    Month(u32),
    Quarter(u32),
    Half(u32),
    Year,
    Season(Season),
}

/// A span of whole days named by a period string. Always in years 1000..=9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: i32,
    unit: Unit,
    first: NaiveDate,
    last: NaiveDate,
}

impl Period {
    /// Parses a canonical period string; anything else is an error, with a hint
    /// where the text looks like a period written another way.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let error = |problem, suggestion| PeriodError {
            text: text.to_string(),
            problem,
            suggestion,
        };
        if text.trim().is_empty() {
            return Err(error(Problem::Empty, None));
        }
        match strict(text) {
            Ok(period) => Ok(period),
            Err(Problem::NotAPeriod) => {
                match near_miss::guess(text).map(|candidate| strict(&candidate)) {
                    Some(Ok(period)) => Err(error(Problem::NotAPeriod, Some(period.to_string()))),
                    Some(Err(problem)) => Err(error(problem, None)),
                    None => match near_miss::week_without_year(text) {
                        Some(week) => Err(error(Problem::WeekWithoutYear { week }, None)),
                        None => Err(error(Problem::NotAPeriod, None)),
                    },
                }
            }
            Err(problem) => Err(error(problem, None)),
        }
    }

    /// The day `date`, if its year is in 1000..=9999.
    pub fn day(date: NaiveDate) -> Option<Period> {
        in_range(date.year()).then_some(Period {
            year: date.year(),
            unit: Unit::Day,
            first: date,
            last: date,
        })
    }

    /// Month 1..=12 of `year`.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        if !(1..=12).contains(&month) {
            return None;
        }
        Period::span(year, Unit::Month(month), month, month)
    }

    /// Quarter 1..=4 of `year`.
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        if !(1..=4).contains(&quarter) {
            return None;
        }
        Period::span(year, Unit::Quarter(quarter), 3 * quarter - 2, 3 * quarter)
    }

    /// Half 1..=2 of `year`.
    pub fn half(year: i32, half: u32) -> Option<Period> {
        if !(1..=2).contains(&half) {
            return None;
        }
        Period::span(year, Unit::Half(half), 6 * half - 5, 6 * half)
    }

    /// ISO 8601 week 1..=52 (or 53, in a year that has it) of `year`:
    /// Monday to Sunday, week 1 being the week that holds the year's first
    /// Thursday (so its Monday may lie in December of the year before).
    pub fn week(year: i32, week: u32) -> Option<Period> {
        if !in_range(year) || week == 0 || week > weeks_in_year(year) {
            return None;
        }
        let first = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        let last = NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)?;
        // `9999-W52` would end in 10000; `1000-W01` starts in 999.
        if !in_range(first.year()) || !in_range(last.year()) {
            return None;
        }
        Some(Period {
            year,
            unit: Unit::Week(week),
            first,
            last,
        })
    }

    /// The ISO week holding `day` ("uge 12 2027" for any day of it).
    pub fn week_of(day: NaiveDate) -> Option<Period> {
        let week = day.iso_week();
        Period::week(week.year(), week.week())
    }

    /// The number of the week, for a week.
    pub fn week_number(&self) -> Option<u32> {
        match self.unit {
            Unit::Week(week) => Some(week),
            _ => None,
        }
    }

    /// The whole of `year`.
    pub fn whole_year(year: i32) -> Option<Period> {
        Period::span(year, Unit::Year, 1, 12)
    }

    /// A season of `year`; winter runs into February of the next year.
    pub fn season(year: i32, season: Season) -> Option<Period> {
        let (first, last) = match season {
            Season::Spring => (3, 5),
            Season::Summer => (6, 8),
            Season::Autumn => (9, 11),
            Season::Winter => (12, 2),
        };
        Period::span(year, Unit::Season(season), first, last)
    }

    /// From the first day of `first_month` to the last day of `last_month`,
    /// which is in the next year when it comes before `first_month`.
    fn span(year: i32, unit: Unit, first_month: u32, last_month: u32) -> Option<Period> {
        if !in_range(year) {
            return None;
        }
        let last_year = if last_month < first_month {
            year + 1
        } else {
            year
        };
        // `9999-winter` would end in 10000.
        if !in_range(last_year) {
            return None;
        }
        let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let last =
            NaiveDate::from_ymd_opt(last_year, last_month, days_in_month(last_year, last_month))?;
        Some(Period {
            year,
            unit,
            first,
            last,
        })
    }

    /// The first day of the period.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The last day of the period (for a winter: in February of the next year).
    pub fn last_day(&self) -> NaiveDate {
        self.last
    }

    /// Whether `day` is one of the period's days.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// What kind of period this is.
    pub fn kind(&self) -> PeriodKind {
        match self.unit {
            Unit::Day => PeriodKind::Day,
            Unit::Week(_) => PeriodKind::Week,
            Unit::Month(_) => PeriodKind::Month,
            Unit::Quarter(_) => PeriodKind::Quarter,
            Unit::Half(_) => PeriodKind::Half,
            Unit::Year => PeriodKind::Year,
            Unit::Season(season) => PeriodKind::Season(season),
        }
    }

    /// The year the period is named by (for a winter: the year it starts in;
    /// for a week: its ISO year, which holds its Thursday).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Shown in the plan's language: "efterår 2024", "2. kvartal 2025",
    /// "15. oktober 2024", "uge 12 2027", "vinter 2024/25"; "autumn 2024",
    /// "Q2 2025", "week 12 2027", …
    pub fn display(&self, lang: Lang) -> String {
        let year = &self.year;
        match self.unit {
            Unit::Day => PeriodMsg::ShowDay.fill(
                lang,
                &[
                    ("day", &self.first.day()),
                    ("month", &month_name(self.first.month(), lang)),
                    ("year", year),
                ],
            ),
            Unit::Week(number) => {
                PeriodMsg::ShowWeek.fill(lang, &[("number", &number), ("year", year)])
            }
            Unit::Month(month) => PeriodMsg::ShowMonth
                .fill(lang, &[("month", &month_name(month, lang)), ("year", year)]),
            Unit::Quarter(number) => {
                PeriodMsg::ShowQuarter.fill(lang, &[("number", &number), ("year", year)])
            }
            Unit::Half(number) => {
                PeriodMsg::ShowHalf.fill(lang, &[("number", &number), ("year", year)])
            }
            Unit::Year => self.year.to_string(),
            Unit::Season(Season::Winter) => PeriodMsg::ShowWinter.fill(
                lang,
                &[
                    ("season", &season_name(Season::Winter.code(), lang)),
                    ("year", year),
                    ("next", &format!("{:02}", (self.year + 1) % 100)),
                ],
            ),
            Unit::Season(season) => PeriodMsg::ShowSeason.fill(
                lang,
                &[
                    ("season", &season_name(season.code(), lang)),
                    ("year", year),
                ],
            ),
        }
    }

    /// The same period `years` later (earlier when negative). A day 29 February
    /// becomes the 28th in a year that has none. The year is kept within
    /// 1000..=9999, the years a period can have.
    pub fn shifted_years(&self, years: i32) -> Period {
        let year = self.year.saturating_add(years).clamp(MIN_YEAR, MAX_YEAR);
        let shifted = match self.unit {
            Unit::Day => {
                let month = self.first.month();
                let day = self.first.day().min(days_in_month(year, month));
                NaiveDate::from_ymd_opt(year, month, day).and_then(Period::day)
            }
            // Week 53 becomes week 52 in a year that has no week 53.
            Unit::Week(week) => Period::week(year, week.min(weeks_in_year(year))),
            Unit::Month(month) => Period::month(year, month),
            Unit::Quarter(quarter) => Period::quarter(year, quarter),
            Unit::Half(half) => Period::half(year, half),
            Unit::Year => Period::whole_year(year),
            Unit::Season(season) => Period::season(year, season),
        };
        shifted.unwrap_or(*self)
    }
}

/// The canonical text, as written in a plan file.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = self.year;
        match self.unit {
            Unit::Day => write!(
                f,
                "{year:04}-{:02}-{:02}",
                self.first.month(),
                self.first.day()
            ),
            Unit::Week(week) => write!(f, "{year:04}-W{week:02}"),
            Unit::Month(month) => write!(f, "{year:04}-{month:02}"),
            Unit::Quarter(quarter) => write!(f, "{year:04}-Q{quarter}"),
            Unit::Half(half) => write!(f, "{year:04}-H{half}"),
            Unit::Year => write!(f, "{year:04}"),
            Unit::Season(season) => write!(f, "{year:04}-{}", season.code()),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Period, PeriodError> {
        Period::parse(text)
    }
}

/// Ordered by first day, then last day (which together name one period).
impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        (self.first, self.last).cmp(&(other.first, other.last))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Empty,
    NotAPeriod,
    Quarter,
    Half,
    Month,
    Week { year: i32 },
    WeekWithoutYear { week: u32 },
    Day { year: i32, month: u32 },
    Year,
}

/// Why a text is not a period, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    text: String,
    problem: Problem,
    suggestion: Option<String>,
}

impl PeriodError {
    /// The text that was refused, as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A plain sentence naming the text and what is wrong with it.
    pub fn message(&self, lang: Lang) -> String {
        let text = &shown(&self.text);
        let key = match self.problem {
            Problem::Empty => return PeriodMsg::Empty.get(lang),
            Problem::NotAPeriod if self.suggestion.is_some() => PeriodMsg::NotWritten,
            Problem::NotAPeriod => PeriodMsg::NotAPeriod,
            Problem::Quarter => PeriodMsg::QuarterOutOfRange,
            Problem::Half => PeriodMsg::HalfOutOfRange,
            Problem::Month => PeriodMsg::MonthOutOfRange,
            Problem::Year => PeriodMsg::YearOutOfRange,
            Problem::WeekWithoutYear { .. } => PeriodMsg::WeekWithoutYear,
            Problem::Week { year } => {
                return PeriodMsg::NoSuchWeek.fill(
                    lang,
                    &[
                        ("text", text),
                        ("year", &year),
                        ("weeks", &weeks_in_year(year)),
                    ],
                );
            }
            Problem::Day { year, month } => {
                return PeriodMsg::NoSuchDay.fill(
                    lang,
                    &[
                        ("text", text),
                        ("month", &month_name(month, lang)),
                        ("year", &year),
                        ("days", &days_in_month(year, month)),
                    ],
                );
            }
        };
        key.fill(lang, &[("text", text)])
    }

    /// What to do: the canonical text meant, or else the accepted forms.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        match (&self.suggestion, self.problem) {
            (Some(suggestion), _) => {
                Some(crate::i18n::Common::DidYouMean.fill(lang, &[("suggestion", suggestion)]))
            }
            (None, Problem::Empty | Problem::NotAPeriod) => Some(PeriodMsg::Forms.get(lang)),
            (None, Problem::WeekWithoutYear { week }) => Some(PeriodMsg::WeekWithoutYearHint.fill(
                lang,
                &[
                    ("text", &shown(self.text.trim())),
                    ("file", &format!("2027-W{week:02}")),
                ],
            )),
            (None, Problem::Week { year }) if in_range(year) && in_range(year + 1) => {
                let last = weeks_in_year(year);
                Some(PeriodMsg::NoSuchWeekHint.fill(
                    lang,
                    &[
                        ("year", &year),
                        ("last", &format!("{year:04}-W{last:02}")),
                        ("next", &format!("{:04}-W01", year + 1)),
                    ],
                ))
            }
            (None, _) => None,
        }
    }

    /// The canonical text the user probably meant, if there is one.
    pub fn suggestion(&self) -> Option<&str> {
        self.suggestion.as_deref()
    }
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

fn in_range(year: i32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&year)
}

/// The number of ISO weeks in `year`: 53 when its 28 December (always in the
/// year's last week) is in week 53, else 52.
pub fn weeks_in_year(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |day| day.iso_week().week())
}

/// The number of days in `month` of `year`; 0 for a month that does not exist.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if NaiveDate::from_ymd_opt(year, 2, 29).is_some() => 29,
        2 => 28,
        _ => 0,
    }
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A number 1..=`max` written with exactly `width` digits. `Err(true)` when the
/// number is out of range, `Err(false)` when it is merely written wrongly.
fn number(digits: &str, width: usize, max: u32) -> Result<u32, bool> {
    match digits.parse::<u32>() {
        Ok(value) if (1..=max).contains(&value) && digits.len() == width => Ok(value),
        Ok(value) if (1..=max).contains(&value) => Err(false),
        _ => Err(true),
    }
}

/// Parses exactly the canonical forms.
fn strict(text: &str) -> Result<Period, Problem> {
    let (year_text, rest) = match text.split_once('-') {
        Some((year, rest)) => (year, Some(rest)),
        None => (text, None),
    };
    if !all_digits(year_text) {
        return Err(Problem::NotAPeriod);
    }
    enum Shape<'a> {
        Year,
        Week(&'a str),
        Quarter(&'a str),
        Half(&'a str),
        Month(&'a str),
        Day(&'a str, &'a str),
        Season(Season),
    }
    let shape = match rest {
        None => Shape::Year,
        Some(rest) => {
            if let Some(digits) = rest.strip_prefix('Q')
                && all_digits(digits)
            {
                Shape::Quarter(digits)
            } else if let Some(digits) = rest.strip_prefix('W')
                && all_digits(digits)
            {
                Shape::Week(digits)
            } else if let Some(digits) = rest.strip_prefix('H')
                && all_digits(digits)
            {
                Shape::Half(digits)
            } else if let Some(season) =
                Season::ALL.into_iter().find(|season| season.code() == rest)
            {
                Shape::Season(season)
            } else if let Some((month, day)) = rest.split_once('-')
                && all_digits(month)
                && all_digits(day)
            {
                Shape::Day(month, day)
            } else if all_digits(rest) {
                Shape::Month(rest)
            } else {
                return Err(Problem::NotAPeriod);
            }
        }
    };
    if year_text.len() < 4 {
        return Err(Problem::NotAPeriod);
    }
    let year = (year_text.parse::<i32>().ok())
        .filter(|year| year_text.len() == 4 && in_range(*year))
        .ok_or(Problem::Year)?;
    let checked = |result: Result<u32, bool>, out_of_range| match result {
        Ok(value) => Ok(value),
        Err(true) => Err(out_of_range),
        Err(false) => Err(Problem::NotAPeriod),
    };
    let period = match shape {
        Shape::Year => Period::whole_year(year),
        Shape::Quarter(digits) => {
            Period::quarter(year, checked(number(digits, 1, 4), Problem::Quarter)?)
        }
        Shape::Half(digits) => Period::half(year, checked(number(digits, 1, 2), Problem::Half)?),
        Shape::Week(digits) => {
            let week = checked(
                number(digits, 2, weeks_in_year(year)),
                Problem::Week { year },
            )?;
            Some(Period::week(year, week).ok_or(Problem::Year)?)
        }
        Shape::Month(digits) => {
            Period::month(year, checked(number(digits, 2, 12), Problem::Month)?)
        }
        Shape::Season(season) => Period::season(year, season),
        Shape::Day(month, day) => {
            let month = checked(number(month, 2, 12), Problem::Month)?;
            let day = checked(
                number(day, 2, days_in_month(year, month)),
                Problem::Day { year, month },
            )?;
            NaiveDate::from_ymd_opt(year, month, day).and_then(Period::day)
        }
    };
    period.ok_or(Problem::NotAPeriod)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
    }

    fn parsed(text: &str) -> Period {
        Period::parse(text).unwrap_or_else(|error| panic!("{text}: {}", error.message(Lang::En)))
    }

    fn refused(text: &str) -> PeriodError {
        match Period::parse(text) {
            Ok(period) => panic!("{text} parsed as {period:?}"),
            Err(error) => error,
        }
    }

    fn span(text: &str) -> (NaiveDate, NaiveDate) {
        let period = parsed(text);
        (period.first_day(), period.last_day())
    }

    #[test]
    fn every_form_parses_to_its_kind_and_year() {
        let cases = [
            ("2024-10-15", PeriodKind::Day),
            ("2024-10", PeriodKind::Month),
            ("2024-Q4", PeriodKind::Quarter),
            ("2024-H1", PeriodKind::Half),
            ("2024", PeriodKind::Year),
            ("2024-W12", PeriodKind::Week),
            ("2024-W01", PeriodKind::Week),
            ("2024-spring", PeriodKind::Season(Season::Spring)),
            ("2024-summer", PeriodKind::Season(Season::Summer)),
            ("2024-autumn", PeriodKind::Season(Season::Autumn)),
            ("2024-winter", PeriodKind::Season(Season::Winter)),
        ];
        for (text, kind) in cases {
            let period = parsed(text);
            assert_eq!(period.kind(), kind, "{text}");
            assert_eq!(period.year(), 2024, "{text}");
            assert_eq!(period.to_string(), text);
            assert_eq!(text.parse::<Period>(), Ok(period));
        }
    }

    #[test]
    fn first_and_last_days() {
        assert_eq!(span("2024-10-15"), (date(2024, 10, 15), date(2024, 10, 15)));
        assert_eq!(span("2024-02"), (date(2024, 2, 1), date(2024, 2, 29)));
        assert_eq!(span("2023-02"), (date(2023, 2, 1), date(2023, 2, 28)));
        assert_eq!(span("1900-02"), (date(1900, 2, 1), date(1900, 2, 28)));
        assert_eq!(span("2000-02"), (date(2000, 2, 1), date(2000, 2, 29)));
        assert_eq!(span("2024-04"), (date(2024, 4, 1), date(2024, 4, 30)));
        assert_eq!(span("2024-Q1"), (date(2024, 1, 1), date(2024, 3, 31)));
        assert_eq!(span("2024-Q2"), (date(2024, 4, 1), date(2024, 6, 30)));
        assert_eq!(span("2024-Q3"), (date(2024, 7, 1), date(2024, 9, 30)));
        assert_eq!(span("2024-Q4"), (date(2024, 10, 1), date(2024, 12, 31)));
        assert_eq!(span("2025-H1"), (date(2025, 1, 1), date(2025, 6, 30)));
        assert_eq!(span("2025-H2"), (date(2025, 7, 1), date(2025, 12, 31)));
        assert_eq!(span("2024"), (date(2024, 1, 1), date(2024, 12, 31)));
        assert_eq!(span("2024-spring"), (date(2024, 3, 1), date(2024, 5, 31)));
        assert_eq!(span("2024-summer"), (date(2024, 6, 1), date(2024, 8, 31)));
        assert_eq!(span("2024-autumn"), (date(2024, 9, 1), date(2024, 11, 30)));
        assert_eq!(span("2024-winter"), (date(2024, 12, 1), date(2025, 2, 28)));
        assert_eq!(span("2023-winter"), (date(2023, 12, 1), date(2024, 2, 29)));
        // It would end in 10000, after the last year a period may have.
        refused("9999-winter");
        assert_eq!(span("1000-01-01"), (date(1000, 1, 1), date(1000, 1, 1)));
    }

    #[test]
    fn weeks_run_monday_to_sunday_as_iso_8601_counts_them() {
        assert_eq!(span("2027-W12"), (date(2027, 3, 22), date(2027, 3, 28)));
        // Week 1 holds the year's first Thursday, so it may start in December.
        assert_eq!(span("2025-W01"), (date(2024, 12, 30), date(2025, 1, 5)));
        assert_eq!(span("2027-W01"), (date(2027, 1, 4), date(2027, 1, 10)));
        // And the last week may end in January.
        assert_eq!(span("2026-W53"), (date(2026, 12, 28), date(2027, 1, 3)));
        assert_eq!(span("2020-W53"), (date(2020, 12, 28), date(2021, 1, 3)));
        assert_eq!(weeks_in_year(2026), 53);
        assert_eq!(weeks_in_year(2027), 52);
        assert_eq!(weeks_in_year(2032), 53);
        assert_eq!(parsed("2027-W12").year(), 2027);
        assert_eq!(parsed("2027-W12").week_number(), Some(12));
        assert_eq!(parsed("2027-03").week_number(), None);
        assert_eq!(Period::week_of(date(2027, 1, 2)), Some(parsed("2026-W53")));
        assert_eq!(Period::week_of(date(2027, 3, 24)), Some(parsed("2027-W12")));
        assert_eq!(Period::week(2027, 53), None);
        assert_eq!(Period::week(2027, 0), None);
        // 9999's last week ends in 10000.
        assert_eq!(Period::week(9999, 52), None);
        assert_eq!(parsed("2026-W53").shifted_years(1), parsed("2027-W52"));
        assert_eq!(parsed("2027-W12").shifted_years(1), parsed("2028-W12"));
    }

    #[test]
    fn week_53_in_a_year_without_one_names_the_weeks_around_it() {
        let error = refused("2027-W53");
        assert_eq!(
            error.message(Lang::Da),
            "\"2027-W53\" er ikke en uge: 2027 har 52 uger."
        );
        assert_eq!(
            error.message(Lang::En),
            "\"2027-W53\" is not a week: 2027 has 52 weeks."
        );
        assert_eq!(
            error.hint(Lang::Da).as_deref(),
            Some("Den sidste uge i 2027 er 2027-W52; ugen efter er 2028-W01.")
        );
        assert_eq!(
            error.hint(Lang::En).as_deref(),
            Some("The last week of 2027 is 2027-W52; the week after it is 2028-W01.")
        );
        assert_eq!(error.suggestion(), None);
        assert_eq!(
            refused("2027-W00").message(Lang::En),
            "\"2027-W00\" is not a week: 2027 has 52 weeks."
        );
        assert_eq!(
            refused("uge 53 2027").message(Lang::Da),
            "\"uge 53 2027\" er ikke en uge: 2027 har 52 uger."
        );
        parsed("2026-W53");
    }

    #[test]
    fn a_week_without_its_year_asks_for_the_year() {
        for text in ["uge 12", "Uge 12", "week 12", "W12"] {
            let error = refused(text);
            assert_eq!(error.suggestion(), None, "{text}");
            assert!(
                error
                    .message(Lang::Da)
                    .ends_with("siger ikke, hvilket år ugen ligger i."),
                "{text}"
            );
        }
        let error = refused("uge 12");
        assert_eq!(
            error.hint(Lang::Da).as_deref(),
            Some("Skriv året med, fx \"uge 12 2027\" (i planens fil: 2027-W12).")
        );
        assert_eq!(
            refused("uge 7").hint(Lang::Da).as_deref(),
            Some("Skriv året med, fx \"uge 7 2027\" (i planens fil: 2027-W07).")
        );
        assert_eq!(
            error.hint(Lang::En).as_deref(),
            Some("Add the year, such as \"uge 12 2027\" (in the plan's file: 2027-W12).")
        );
    }

    #[test]
    fn contains_its_days_only() {
        let winter = parsed("2024-winter");
        assert!(winter.contains(date(2024, 12, 1)));
        assert!(winter.contains(date(2025, 1, 15)));
        assert!(winter.contains(date(2025, 2, 28)));
        assert!(!winter.contains(date(2024, 11, 30)));
        assert!(!winter.contains(date(2025, 3, 1)));
        let day = parsed("2024-02-29");
        assert!(day.contains(date(2024, 2, 29)));
        assert!(!day.contains(date(2024, 3, 1)));
    }

    #[test]
    fn ordered_by_first_then_last_day() {
        let mut periods: Vec<Period> = [
            "2025",
            "2024-Q4",
            "2024-10",
            "2024-autumn",
            "2024-10-01",
            "2024",
        ]
        .into_iter()
        .map(parsed)
        .collect();
        periods.sort();
        let texts: Vec<String> = periods.iter().map(Period::to_string).collect();
        assert_eq!(
            texts,
            [
                "2024",
                "2024-autumn",
                "2024-10-01",
                "2024-10",
                "2024-Q4",
                "2025"
            ]
        );
    }

    #[test]
    fn shifted_years_keeps_the_kind() {
        assert_eq!(
            parsed("2024-autumn").shifted_years(1),
            parsed("2025-autumn")
        );
        assert_eq!(parsed("2024-Q4").shifted_years(-1), parsed("2023-Q4"));
        assert_eq!(parsed("2024-10").shifted_years(2), parsed("2026-10"));
        assert_eq!(parsed("2024-H2").shifted_years(1), parsed("2025-H2"));
        assert_eq!(parsed("2024").shifted_years(1), parsed("2025"));
        assert_eq!(parsed("2024-10-15").shifted_years(1), parsed("2025-10-15"));
        assert_eq!(parsed("2024-02-29").shifted_years(1), parsed("2025-02-28"));
        assert_eq!(parsed("2024-02-29").shifted_years(4), parsed("2028-02-29"));
        assert_eq!(
            parsed("2023-winter").shifted_years(1).last_day(),
            date(2025, 2, 28)
        );
        assert_eq!(parsed("9999").shifted_years(5), parsed("9999"));
        assert_eq!(parsed("1000-Q1").shifted_years(i32::MIN), parsed("1000-Q1"));
    }

    #[test]
    fn constructors_check_their_numbers() {
        assert_eq!(Period::quarter(2024, 4), Some(parsed("2024-Q4")));
        assert_eq!(Period::quarter(2024, 5), None);
        assert_eq!(Period::half(2024, 0), None);
        assert_eq!(Period::month(2024, 13), None);
        assert_eq!(Period::whole_year(999), None);
        assert_eq!(Period::season(10000, Season::Spring), None);
        assert_eq!(Period::day(date(2024, 10, 15)), Some(parsed("2024-10-15")));
        assert_eq!(Period::day(date(999, 10, 15)), None);
    }

    #[test]
    fn display_in_danish() {
        let shown = |text| parsed(text).display(Lang::Da);
        assert_eq!(shown("2024-autumn"), "efterår 2024");
        assert_eq!(shown("2025-spring"), "forår 2025");
        assert_eq!(shown("2025-summer"), "sommer 2025");
        assert_eq!(shown("2024-winter"), "vinter 2024/25");
        assert_eq!(shown("1999-winter"), "vinter 1999/00");
        assert_eq!(shown("2025-Q2"), "2. kvartal 2025");
        assert_eq!(shown("2025-H1"), "1. halvår 2025");
        assert_eq!(shown("2024-10"), "oktober 2024");
        assert_eq!(shown("2024-10-15"), "15. oktober 2024");
        assert_eq!(shown("2024-10-05"), "5. oktober 2024");
        assert_eq!(shown("2027-W12"), "uge 12 2027");
        assert_eq!(shown("2027-W01"), "uge 1 2027");
        assert_eq!(shown("2024"), "2024");
    }

    #[test]
    fn display_in_english() {
        let shown = |text| parsed(text).display(Lang::En);
        assert_eq!(shown("2024-autumn"), "autumn 2024");
        assert_eq!(shown("2024-winter"), "winter 2024/25");
        assert_eq!(shown("2025-Q2"), "Q2 2025");
        assert_eq!(shown("2025-H1"), "H1 2025");
        assert_eq!(shown("2024-10"), "October 2024");
        assert_eq!(shown("2024-10-15"), "15 October 2024");
        assert_eq!(shown("2027-W12"), "week 12 2027");
        assert_eq!(shown("2024"), "2024");
    }

    #[test]
    fn empty_text() {
        for text in ["", "   "] {
            let error = refused(text);
            assert_eq!(error.message(Lang::En), "The period is empty.");
            assert_eq!(error.message(Lang::Da), "Perioden er tom.");
            assert!(
                error
                    .hint(Lang::En)
                    .is_some_and(|hint| hint.contains("2024-Q4"))
            );
            assert_eq!(error.suggestion(), None);
        }
    }

    #[test]
    fn not_a_period_lists_the_forms() {
        for text in [
            "soon",
            "24-10",
            "2024-",
            "-2024",
            "2024-Q",
            "2024-10-15-1",
            "2024-fortnight",
            "Q4",
            "uge 54",
        ] {
            let error = refused(text);
            assert_eq!(
                error.message(Lang::En),
                format!("\"{text}\" is not a period.")
            );
            assert_eq!(error.suggestion(), None, "{text}");
            let hint = error.hint(Lang::En).unwrap_or_default();
            assert!(
                hint.starts_with("Write a period as a day (2024-10-15)"),
                "{text}: {hint}"
            );
            let hint = error.hint(Lang::Da).unwrap_or_default();
            assert!(
                hint.starts_with("Skriv en periode som en dag (2024-10-15)"),
                "{text}: {hint}"
            );
        }
        assert_eq!(
            refused("soon").message(Lang::Da),
            "\"soon\" er ikke en periode."
        );
    }

    #[test]
    fn values_out_of_range() {
        let cases = [
            (
                "2025-Q5",
                "\"2025-Q5\" is not a period: a year has quarters Q1 to Q4.",
            ),
            (
                "2025-Q0",
                "\"2025-Q0\" is not a period: a year has quarters Q1 to Q4.",
            ),
            (
                "2025-H3",
                "\"2025-H3\" is not a period: a year has halves H1 and H2.",
            ),
            (
                "2024-13",
                "\"2024-13\" is not a period: the months are numbered 01 to 12.",
            ),
            (
                "2024-00",
                "\"2024-00\" is not a period: the months are numbered 01 to 12.",
            ),
            (
                "2024-13-01",
                "\"2024-13-01\" is not a period: the months are numbered 01 to 12.",
            ),
            (
                "2024-02-30",
                "\"2024-02-30\" is not a day: February 2024 has 29 days.",
            ),
            (
                "2023-02-29",
                "\"2023-02-29\" is not a day: February 2023 has 28 days.",
            ),
            (
                "2024-04-31",
                "\"2024-04-31\" is not a day: April 2024 has 30 days.",
            ),
            (
                "2024-04-00",
                "\"2024-04-00\" is not a day: April 2024 has 30 days.",
            ),
            (
                "0999",
                "\"0999\" is not a period: the year must be between 1000 and 9999.",
            ),
            (
                "0999-10",
                "\"0999-10\" is not a period: the year must be between 1000 and 9999.",
            ),
            (
                "10000-Q1",
                "\"10000-Q1\" is not a period: the year must be between 1000 and 9999.",
            ),
        ];
        for (text, message) in cases {
            let error = refused(text);
            assert_eq!(error.message(Lang::En), message);
            assert_eq!(error.hint(Lang::En), None, "{text}");
            assert_eq!(error.suggestion(), None, "{text}");
            assert_eq!(error.text(), text);
        }
        assert_eq!(
            refused("2024-02-30").message(Lang::Da),
            "\"2024-02-30\" er ikke en dag: februar 2024 har 29 dage."
        );
        assert_eq!(
            refused("2025-Q5").message(Lang::Da),
            "\"2025-Q5\" er ikke en periode: et år har kvartalerne Q1 til Q4."
        );
        assert_eq!(
            refused("0999").message(Lang::Da),
            "\"0999\" er ikke en periode: året skal ligge mellem 1000 og 9999."
        );
    }

    #[test]
    fn near_misses_suggest_the_canonical_text() {
        let cases = [
            ("2024-q4", "2024-Q4"),
            ("2024-h1", "2024-H1"),
            ("2024-Q04", "2024-Q4"),
            ("2024-1", "2024-01"),
            ("2024-1-5", "2024-01-05"),
            ("2024-10-5", "2024-10-05"),
            ("2024-Autumn", "2024-autumn"),
            ("2024-fall", "2024-autumn"),
            ("2024-efterår", "2024-autumn"),
            (" 2024-10 ", "2024-10"),
            ("2024/10/15", "2024-10-15"),
            ("efterår 2024", "2024-autumn"),
            ("efteråret 2024", "2024-autumn"),
            ("Efterår  2024", "2024-autumn"),
            ("autumn 2024", "2024-autumn"),
            ("fall 2024", "2024-autumn"),
            ("forår 2025", "2025-spring"),
            ("foråret 2025", "2025-spring"),
            ("spring 2025", "2025-spring"),
            ("sommer 2025", "2025-summer"),
            ("summer 2025", "2025-summer"),
            ("vinter 2024", "2024-winter"),
            ("winter 2024", "2024-winter"),
            ("vinter 2024/25", "2024-winter"),
            ("winter 2024/2025", "2024-winter"),
            ("oktober 2024", "2024-10"),
            ("okt 2024", "2024-10"),
            ("okt. 2024", "2024-10"),
            ("October 2024", "2024-10"),
            ("2024 oktober", "2024-10"),
            ("Q4 2024", "2024-Q4"),
            ("4. kvartal 2024", "2024-Q4"),
            ("2024 Q4", "2024-Q4"),
            ("1. halvår 2025", "2025-H1"),
            ("H1 2025", "2025-H1"),
            ("15. oktober 2024", "2024-10-15"),
            ("15 October 2024", "2024-10-15"),
            ("October 15, 2024", "2024-10-15"),
            ("15-10-2024", "2024-10-15"),
            ("15.10.2024", "2024-10-15"),
            ("15/10/2024", "2024-10-15"),
            ("5.1.2025", "2025-01-05"),
            ("15.3.27", "2027-03-15"),
            ("15/3-2027", "2027-03-15"),
            ("15/3-27", "2027-03-15"),
            ("2027-w12", "2027-W12"),
            ("2027-W3", "2027-W03"),
            ("uge 12 2027", "2027-W12"),
            ("Uge 12, 2027", "2027-W12"),
            ("Uge 12 i 2027", "2027-W12"),
            ("2027 uge 12", "2027-W12"),
            ("week 12 2027", "2027-W12"),
            ("week 12 of 2027", "2027-W12"),
            ("W12 2027", "2027-W12"),
            ("første kvartal 2027", "2027-Q1"),
            ("andet kvartal 2027", "2027-Q2"),
            ("tredje kvartal 2027", "2027-Q3"),
            ("fjerde kvartal 2027", "2027-Q4"),
            ("1. kvartal 2027", "2027-Q1"),
            ("første halvår 2027", "2027-H1"),
            ("andet halvår 2027", "2027-H2"),
            ("first quarter 2027", "2027-Q1"),
            ("second half 2027", "2027-H2"),
        ];
        for (text, suggestion) in cases {
            let error = refused(text);
            assert_eq!(error.suggestion(), Some(suggestion), "{text}");
            assert_eq!(
                error.hint(Lang::En),
                Some(format!("Did you mean \"{suggestion}\"?")),
                "{text}"
            );
            assert_eq!(
                error.hint(Lang::Da),
                Some(format!("Mente du \"{suggestion}\"?")),
                "{text}"
            );
        }
        let error = refused("efterår 2024");
        assert_eq!(
            error.message(Lang::En),
            "\"efterår 2024\" is not written the way a plan writes a period."
        );
        assert_eq!(
            error.message(Lang::Da),
            "\"efterår 2024\" er ikke skrevet, som en periode skrives i planen."
        );
    }

    #[test]
    fn near_misses_with_a_wrong_value_say_what_is_wrong() {
        let cases = [
            (
                "2024-q5",
                "\"2024-q5\" is not a period: a year has quarters Q1 to Q4.",
            ),
            (
                "Q5 2024",
                "\"Q5 2024\" is not a period: a year has quarters Q1 to Q4.",
            ),
            (
                "3. halvår 2025",
                "\"3. halvår 2025\" is not a period: a year has halves H1 and H2.",
            ),
            (
                "30. februar 2024",
                "\"30. februar 2024\" is not a day: February 2024 has 29 days.",
            ),
            (
                "31-04-2024",
                "\"31-04-2024\" is not a day: April 2024 has 30 days.",
            ),
            (
                "efterår 0999",
                "\"efterår 0999\" is not a period: the year must be between 1000 and 9999.",
            ),
        ];
        for (text, message) in cases {
            let error = refused(text);
            assert_eq!(error.message(Lang::En), message);
            assert_eq!(error.suggestion(), None, "{text}");
        }
        assert_eq!(refused("vinter 2024/26").suggestion(), None);
        assert_eq!(refused("2024/25").suggestion(), None);
    }

    #[test]
    fn odd_text_is_quoted_safely() {
        let error = refused("say \"when\"\n");
        assert_eq!(
            error.message(Lang::En),
            "\"say \\\"when\\\"\\n\" is not a period."
        );
        let long = "x".repeat(100);
        assert_eq!(
            refused(&long).message(Lang::En),
            format!("\"{}…\" is not a period.", "x".repeat(40))
        );
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let year = MIN_YEAR..=MAX_YEAR;
        prop_oneof![
            (year.clone(), 1u32..=366)
                .prop_filter_map("a day of the year", |(y, d)| NaiveDate::from_yo_opt(y, d)
                    .and_then(Period::day)),
            (year.clone(), 1u32..=12).prop_filter_map("a month", |(y, m)| Period::month(y, m)),
            (year.clone(), 1u32..=4).prop_filter_map("a quarter", |(y, q)| Period::quarter(y, q)),
            (year.clone(), 1u32..=2).prop_filter_map("a half", |(y, h)| Period::half(y, h)),
            year.clone().prop_filter_map("a year", Period::whole_year),
            (year.clone(), 1u32..=53).prop_filter_map("a week", |(y, w)| Period::week(y, w)),
            (year, 0usize..4)
                .prop_filter_map("a season", |(y, s)| Period::season(y, Season::ALL[s])),
        ]
    }

    proptest! {
        #[test]
        fn canonical_text_round_trips(period in any_period()) {
            prop_assert_eq!(Period::parse(&period.to_string()), Ok(period));
        }

        #[test]
        fn spans_hold_their_first_and_last_day(period in any_period()) {
            prop_assert!(period.first_day() <= period.last_day());
            prop_assert!(period.contains(period.first_day()));
            prop_assert!(period.contains(period.last_day()));
        }

        #[test]
        fn order_agrees_with_equality(a in any_period(), b in any_period()) {
            prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        }

        #[test]
        fn shown_text_suggests_the_canonical_text(period in any_period()) {
            let canonical = period.to_string();
            for lang in [Lang::Da, Lang::En] {
                let shown = period.display(lang);
                match Period::parse(&shown) {
                    Ok(same) => prop_assert_eq!(same, period),
                    Err(error) => prop_assert_eq!(error.suggestion(), Some(canonical.as_str())),
                }
            }
        }

        #[test]
        fn shifting_stays_valid(period in any_period(), years in -20i32..20) {
            let shifted = period.shifted_years(years);
            prop_assert_eq!(shifted.kind(), period.kind());
            prop_assert_eq!(Period::parse(&shifted.to_string()), Ok(shifted));
        }

        #[test]
        fn arbitrary_text_never_panics(text in any::<String>()) {
            let _ = Period::parse(&text).map_err(|error| (error.message(Lang::Da), error.hint(Lang::En)));
        }

        #[test]
        fn period_like_text_never_panics(text in "[0-9QqHh .,/-]{0,14}( ?(efterår|okt|kvartal|halvår|winter|[0-9]{1,5}))?") {
            if let Err(error) = Period::parse(&text) {
                prop_assert!(!error.message(Lang::En).is_empty());
                if let Some(suggestion) = error.suggestion() {
                    prop_assert!(Period::parse(suggestion).is_ok());
                }
            }
        }
    }
}
