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
        (year, 0usize..4).prop_filter_map("a season", |(y, s)| Period::season(y, Season::ALL[s])),
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
