//! Near misses: what a user probably meant by a text that is not a period
//! ("efterår 2024", "Q4 2024", "første kvartal 2025", "uge 12 2027",
//! "2027-w12", "15. oktober 2024", "15-10-2024", "15.3.27").
//!
//! A year written with two digits ("15.3.27", "15/3-27") is read as 20xx:
//! plans are made for the years to come, not for the 1900s.

use super::{Season, all_digits};

/// A guess at the canonical text meant by a near miss; not yet checked.
pub(super) fn guess(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|token| token.trim_end_matches('.'))
        // "uge 12 i 2027", "week 12 of 2027".
        .filter(|token| !token.is_empty() && !["-", "i", "in", "of"].contains(token))
        .collect();
    if let [token] = tokens.as_slice() {
        let parts: Vec<&str> = token.split(['-', '/', '.']).collect();
        return match parts.as_slice() {
            [year] if is_year(year) => Some(year.to_string()),
            [year, rest @ ..] if is_year(year) => describe(year, rest, true),
            [rest @ .., year] if is_year(year) => describe(year, rest, false),
            [day, month, year] if is_short_year(year) && all_digits(day) && all_digits(month) => {
                describe(&format!("20{year}"), &[day, month], false)
            }
            _ => None,
        };
    }
    let (year, rest, year_first) = match tokens.as_slice() {
        [first, rest @ ..] if is_year(first) || winter_year(first).is_some() => {
            (*first, rest, true)
        }
        [rest @ .., last] if is_year(last) || winter_year(last).is_some() => (*last, rest, false),
        _ => return None,
    };
    match (winter_year(year), rest) {
        (Some(year), [word]) if season_word(word) == Some(Season::Winter) => {
            Some(format!("{year}-winter"))
        }
        (Some(_), _) => None,
        (None, _) => describe(year, rest, year_first),
    }
}

/// The canonical text for `year` and the other words of a near miss.
fn describe(year: &str, rest: &[&str], year_first: bool) -> Option<String> {
    match rest {
        [word] => {
            if let Some(season) = season_word(word) {
                Some(format!("{year}-{}", season.code()))
            } else if let Some(month) = month_word(word) {
                Some(format!("{year}-{month:02}"))
            } else if let Some(quarter) = word.strip_prefix('q').and_then(ordinal) {
                Some(format!("{year}-Q{quarter}"))
            } else if let Some(half) = word.strip_prefix('h').and_then(ordinal) {
                Some(format!("{year}-H{half}"))
            } else if let Some(week) = word.strip_prefix('w').and_then(ordinal) {
                Some(format!("{year}-W{week:02}"))
            } else {
                let month = ordinal(word).filter(|month| (1..=12).contains(month))?;
                Some(format!("{year}-{month:02}"))
            }
        }
        [number, unit] if ["kvartal", "kvartalet", "kvt", "quarter", "qtr"].contains(unit) => {
            Some(format!("{year}-Q{}", counted(number)?))
        }
        [number, unit] if ["halvår", "halvåret", "half", "half-year"].contains(unit) => {
            Some(format!("{year}-H{}", counted(number)?))
        }
        [unit, number] if WEEK_WORDS.contains(unit) => {
            Some(format!("{year}-W{:02}", ordinal(number)?))
        }
        [first, second] => {
            let numeric = |word: &str| ordinal(word).filter(|month| (1..=12).contains(month));
            let (month, day) = match (month_word(first), month_word(second)) {
                (Some(month), None) => (month, ordinal(second)?),
                (None, Some(month)) => (month, ordinal(first)?),
                (None, None) if year_first => (numeric(first)?, ordinal(second)?),
                (None, None) => (numeric(second)?, ordinal(first)?),
                (Some(_), Some(_)) => return None,
            };
            Some(format!("{year}-{month:02}-{day:02}"))
        }
        _ => None,
    }
}

/// The number of the week `text` names by its number only ("uge 12",
/// "W12"), without a year.
pub(crate) fn week_without_year(text: &str) -> Option<u32> {
    let lower = text.trim().to_lowercase();
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let digits = match tokens.as_slice() {
        [unit, digits] if WEEK_WORDS.contains(unit) => *digits,
        [word] => word.strip_prefix('w')?,
        _ => return None,
    };
    if !(1..=2).contains(&digits.len()) || !all_digits(digits) {
        return None;
    }
    digits.parse().ok().filter(|week| (1..=53).contains(week))
}

/// The words for a week: "uge 12", "week 12", "wk 12".
pub(crate) const WEEK_WORDS: [&str; 4] = ["uge", "ugen", "week", "wk"];

fn is_year(word: &str) -> bool {
    word.len() == 4 && all_digits(word)
}

fn is_short_year(word: &str) -> bool {
    word.len() == 2 && all_digits(word)
}

/// "4", "4th", or a number written as a word: "første", "andet", "first".
fn counted(word: &str) -> Option<u32> {
    ordinal(word).or(match word {
        "første" | "first" => Some(1),
        "anden" | "andet" | "second" => Some(2),
        "tredje" | "third" => Some(3),
        "fjerde" | "fourth" => Some(4),
        _ => None,
    })
}

/// The year a winter starts in, from "2024/25", "2024/2025" or "2024-25".
fn winter_year(word: &str) -> Option<&str> {
    let (year, next) = word.split_once(['/', '-'])?;
    let following = year.parse::<i32>().ok()? + 1;
    let matches = next == format!("{:02}", following % 100) || next == following.to_string();
    (is_year(year) && matches).then_some(year)
}

/// A number such as "4", "15" or "1st" (the dot of "15." is already gone).
fn ordinal(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    if !all_digits(digits) || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

fn season_word(word: &str) -> Option<Season> {
    match word {
        "forår" | "foråret" | "spring" => Some(Season::Spring),
        "sommer" | "sommeren" | "summer" => Some(Season::Summer),
        "efterår" | "efteråret" | "autumn" | "fall" => Some(Season::Autumn),
        "vinter" | "vinteren" | "winter" => Some(Season::Winter),
        _ => None,
    }
}

/// A month's number from its Danish or English name or abbreviation.
pub(crate) fn month_word(word: &str) -> Option<u32> {
    let month = match word {
        "januar" | "january" | "jan" => 1,
        "februar" | "february" | "feb" => 2,
        "marts" | "march" | "mar" => 3,
        "april" | "apr" => 4,
        "maj" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}
