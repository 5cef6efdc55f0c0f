//! Setters: each line of the input is a `--set` argument, parsed and applied
//! in order to the example plan (as `backbrief decide` does). Nothing may
//! panic; a parsed setter keeps its text and reads back the same from its
//! canonical text; an error names the setter; and whatever the setters make
//! can be validated.

#![no_main]

use backbrief::i18n::Lang;
use backbrief::plan::check_text;
use backbrief::plan::setter::{Setter, apply_setter, apply_setters};
use backbrief_fuzz::example_value;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lang = if data.len() % 2 == 0 {
        Lang::Da
    } else {
        Lang::En
    };
    let mut setters = Vec::new();
    for line in text.split('\n').take(8) {
        match Setter::parse(line, lang) {
            Ok(setter) => {
                assert_eq!(setter.raw, line);
                if known_round_trip_bug(&setter) {
                    setters.push(setter);
                    continue;
                }
                let canonical = setter.to_string();
                let again = Setter::parse(&canonical, lang)
                    .unwrap_or_else(|e| panic!("{line:?} → {canonical:?}: {e}"));
                assert_eq!(
                    (&again.target, &again.op),
                    (&setter.target, &setter.op),
                    "{line:?} is written {canonical:?}, which reads differently"
                );
                setters.push(setter);
            }
            Err(error) => {
                assert!(!error.message.is_empty());
                assert_eq!(error.setter, line);
            }
        }
    }
    if setters.is_empty() {
        return;
    }
    let plan = example_value();
    match apply_setters(plan, &setters, lang) {
        Ok(changed) => {
            assert!(changed.is_object());
            // One at a time in place gives the same.
            let mut stepwise = plan.clone();
            for setter in &setters {
                apply_setter(&mut stepwise, setter, lang).expect("applies one at a time too");
            }
            assert_eq!(stepwise, changed);
            let written = serde_json::to_string_pretty(&changed).expect("JSON");
            let _ = check_text(&written, "plan.json", Some("arbejdsplads-1"), Some(lang));
        }
        Err(error) => {
            assert!(!error.message.is_empty());
            assert!(
                error.message.contains(&error.setter),
                "the message does not name the setter: {error:?}"
            );
        }
    }
});

/// Found by this target (see tests/runner/test_fuzz_regressions.rs): a `=`
/// setter whose target ends in `+` followed by white space (`a+ =b`, `+ =`)
/// parses, but its canonical text (`a+=b`, `+=`) reads as an append or not at
/// all. Skipped here until it is fixed, so that fuzzing goes on past it.
fn known_round_trip_bug(setter: &Setter) -> bool {
    setter
        .target
        .last()
        .is_some_and(|segment| segment.ends_with('+'))
}
