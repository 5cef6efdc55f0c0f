//! Periods as the plan writes them, resolved to days.

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::plan::model::{PeriodText, PhasePeriod};
use crate::plan::period::Period;

/// A span of days, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The first day.
    pub first: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

impl Span {
    /// Whether `day` lies within the span.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// Whether all of `other` lies within this span.
    pub fn covers(&self, other: &Span) -> bool {
        self.first <= other.first && other.last <= self.last
    }
}

impl From<Period> for Span {
    fn from(period: Period) -> Span {
        Span {
            first: period.first_day(),
            last: period.last_day(),
        }
    }
}

impl PeriodText {
    /// The period, when the text is one.
    pub fn period(&self) -> Option<Period> {
        Period::parse(&self.0).ok()
    }

    /// The days the period covers, when the text is a period.
    pub fn span(&self) -> Option<Span> {
        self.period().map(Span::from)
    }

    /// The period in words ("efterår 2024"), or the text as written when it is not one.
    pub fn display(&self, lang: Lang) -> String {
        self.period()
            .map_or_else(|| self.0.clone(), |period| period.display(lang))
    }
}

impl PhasePeriod {
    /// The days the phase runs, when its periods parse and are in order.
    pub fn span(&self) -> Option<Span> {
        match self {
            PhasePeriod::Single(text) => text.span(),
            PhasePeriod::Span(span) => {
                let first = span.start.span()?.first;
                let last = span.end.span()?.last;
                (first <= last).then_some(Span { first, last })
            }
        }
    }

    /// In words: "efterår 2024", or "efterår 2024 – forår 2025".
    pub fn display(&self, lang: Lang) -> String {
        match self {
            PhasePeriod::Single(text) => text.display(lang),
            PhasePeriod::Span(span) => {
                format!("{} – {}", span.start.display(lang), span.end.display(lang))
            }
        }
    }
}

/// A day as the plan's language writes it: "15. oktober 2024" / "15 October 2024".
pub fn day_display(day: NaiveDate, lang: Lang) -> String {
    match Period::parse(&day.format("%Y-%m-%d").to_string()) {
        Ok(period) => period.display(lang),
        Err(_) => day.to_string(),
    }
}
