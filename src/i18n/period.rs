//! Sentences and names about periods (see [`crate::plan::period`]).

use crate::i18n::Lang;

crate::catalogue! {
    /// Messages about period strings: errors, hints, and how a period is shown.
    pub enum PeriodMsg {
        Empty => {
            da: "Perioden er tom.",
            en: "The period is empty.",
        },
        NotAPeriod => {
            da: "\"{text}\" er ikke en periode.",
            en: "\"{text}\" is not a period.",
        },
        NotWritten => {
            da: "\"{text}\" er ikke skrevet, som en periode skrives i planen.",
            en: "\"{text}\" is not written the way a plan writes a period.",
        },
        QuarterOutOfRange => {
            da: "\"{text}\" er ikke en periode: et år har kvartalerne Q1 til Q4.",
            en: "\"{text}\" is not a period: a year has quarters Q1 to Q4.",
        },
        HalfOutOfRange => {
            da: "\"{text}\" er ikke en periode: et år har halvårene H1 og H2.",
            en: "\"{text}\" is not a period: a year has halves H1 and H2.",
        },
        MonthOutOfRange => {
            da: "\"{text}\" er ikke en periode: månederne har numrene 01 til 12.",
            en: "\"{text}\" is not a period: the months are numbered 01 to 12.",
        },
        NoSuchDay => {
            da: "\"{text}\" er ikke en dag: {month} {year} har {days} dage.",
            en: "\"{text}\" is not a day: {month} {year} has {days} days.",
        },
        NoSuchWeek => {
            da: "\"{text}\" er ikke en uge: {year} har {weeks} uger.",
            en: "\"{text}\" is not a week: {year} has {weeks} weeks.",
        },
        NoSuchWeekHint => {
            da: "Den sidste uge i {year} er {last}; ugen efter er {next}.",
            en: "The last week of {year} is {last}; the week after it is {next}.",
        },
        WeekWithoutYear => {
            da: "\"{text}\" siger ikke, hvilket år ugen ligger i.",
            en: "\"{text}\" does not say which year the week is in.",
        },
        WeekWithoutYearHint => {
            da: "Skriv året med, fx \"{text} 2027\" (i planens fil: {file}).",
            en: "Add the year, such as \"{text} 2027\" (in the plan's file: {file}).",
        },
        YearOutOfRange => {
            da: "\"{text}\" er ikke en periode: året skal ligge mellem 1000 og 9999.",
            en: "\"{text}\" is not a period: the year must be between 1000 and 9999.",
        },
        Forms => {
            da: "Skriv en periode som en dag (2024-10-15), en uge (2024-W42), en måned (2024-10), \
                 et kvartal (2024-Q4), et halvår (2025-H1), et år (2024) eller en årstid \
                 (2024-spring, 2024-summer, 2024-autumn, 2024-winter).",
            en: "Write a period as a day (2024-10-15), a week (2024-W42), a month (2024-10), \
                 a quarter (2024-Q4), a half year (2025-H1), a year (2024) or a season \
                 (2024-spring, 2024-summer, 2024-autumn, 2024-winter).",
        },
        TypedForms => {
            da: "Fx 15.10.2026, uge 42 2026, oktober 2026, ultimo oktober 2026, 4. kvartal 2026, \
                 efterår 2026 eller 2026.",
            en: "For example 15 October 2026, week 42 2026, October 2026, late October 2026, \
                 Q4 2026, autumn 2026 or 2026.",
        },
        ShowDay => {
            da: "{day}. {month} {year}",
            en: "{day} {month} {year}",
        },
        ShowWeek => {
            da: "uge {number} {year}",
            en: "week {number} {year}",
        },
        ShowMonth => {
            da: "{month} {year}",
            en: "{month} {year}",
        },
        ShowQuarter => {
            da: "{number}. kvartal {year}",
            en: "Q{number} {year}",
        },
        ShowHalf => {
            da: "{number}. halvår {year}",
            en: "H{number} {year}",
        },
        ShowSeason => {
            da: "{season} {year}",
            en: "{season} {year}",
        },
        ShowWinter => {
            da: "{season} {year}/{next}",
            en: "{season} {year}/{next}",
        },
    }
}

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of month 1..=12 ("oktober" / "October"); `"?"` for any other number.
pub fn month_name(month: u32, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Da => &MONTHS_DA,
        Lang::En => &MONTHS_EN,
    };
    month
        .checked_sub(1)
        .and_then(|index| names.get(index as usize))
        .copied()
        .unwrap_or("?")
}

/// The name of a season, in lower case ("efterår" / "autumn"), by its word
/// in a period string (`spring`, `summer`, `autumn`, `winter`; see
/// `Season::code`); `"?"` for any other word.
pub fn season_name(code: &str, lang: Lang) -> &'static str {
    match (code, lang) {
        ("spring", Lang::Da) => "forår",
        ("summer", Lang::Da) => "sommer",
        ("autumn", Lang::Da) => "efterår",
        ("winter", Lang::Da) => "vinter",
        ("spring", Lang::En) => "spring",
        ("summer", Lang::En) => "summer",
        ("autumn", Lang::En) => "autumn",
        ("winter", Lang::En) => "winter",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_in_both_languages() {
        assert_eq!(month_name(1, Lang::Da), "januar");
        assert_eq!(month_name(10, Lang::Da), "oktober");
        assert_eq!(month_name(12, Lang::En), "December");
        assert_eq!(month_name(0, Lang::En), "?");
        assert_eq!(month_name(13, Lang::Da), "?");
    }

    #[test]
    fn season_names_in_both_languages() {
        assert_eq!(season_name("autumn", Lang::Da), "efterår");
        assert_eq!(season_name("spring", Lang::Da), "forår");
        assert_eq!(season_name("winter", Lang::En), "winter");
        assert_eq!(season_name("vår", Lang::Da), "?");
    }
}
