//! Period parsing: any text gives a period or a worded error, never a panic.
//! A period is written back as exactly the text it was parsed from, matches
//! the schema's pattern, and its first day comes before its last; a
//! suggestion in an error is itself a period.

#![no_main]

use std::sync::OnceLock;

use backbrief::i18n::Lang;
use backbrief::plan::Period;
use backbrief::plan::model::PERIOD_PATTERN;
use libfuzzer_sys::fuzz_target;
use regex::Regex;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| Regex::new(PERIOD_PATTERN).expect("the pattern"));
    match Period::parse(text) {
        Ok(period) => {
            assert_eq!(period.to_string(), text, "not written back as parsed");
            assert!(
                pattern.is_match(text),
                "{text:?} parses but the schema refuses it"
            );
            assert!(period.first_day() <= period.last_day());
            assert!(period.contains(period.first_day()) && period.contains(period.last_day()));
            assert!((1000..=9999).contains(&period.year()));
            for lang in [Lang::Da, Lang::En] {
                assert!(!period.display(lang).is_empty());
            }
            for years in [-10_000, -1, 1, 10_000, i32::MIN, i32::MAX] {
                let shifted = period.shifted_years(years);
                assert_eq!(shifted.kind(), period.kind());
                assert_eq!(Period::parse(&shifted.to_string()), Ok(shifted));
            }
        }
        Err(error) => {
            assert_eq!(error.text(), text);
            for lang in [Lang::Da, Lang::En] {
                assert!(!error.message(lang).is_empty());
                let _ = error.hint(lang);
            }
            if let Some(suggestion) = error.suggestion() {
                assert!(
                    Period::parse(suggestion).is_ok(),
                    "{text:?} suggests {suggestion:?}, which is no period"
                );
            }
        }
    }
});
