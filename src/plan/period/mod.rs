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
mod tests;
