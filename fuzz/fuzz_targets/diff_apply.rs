//! The semantic diff: for two versions of a plan, applying `diff(a, b)` to a
//! gives b, applying its inverse to b gives a, and describing it never fails.
//!
//! Input starting with `{`: two JSON documents, one after the other, read as
//! plans when they parse (any such pair must not panic; the laws are checked
//! when both pass validation). Any other input drives edits of a start plan
//! (the example or a template): a = start + first edits, b = a + more edits.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use backbrief::i18n::Lang;
use backbrief::plan::Plan;
use backbrief::plan::diff::{apply, describe_all, diff, invert};
use backbrief_fuzz::{Edit, edited, is_valid, plans_in, start_plan};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Edits {
    start: u8,
    first: Vec<Edit>,
    then: Vec<Edit>,
}

fn to_json(plan: &Plan) -> serde_json::Value {
    serde_json::to_value(plan).expect("a plan serializes")
}

fn check(a: &Plan, b: &Plan, laws: bool) {
    let changes = diff(Some(a), Some(b));
    for lang in [Lang::Da, Lang::En] {
        for text in describe_all(&changes, Some(a), Some(b), lang) {
            assert!(!text.trim().is_empty());
        }
    }
    let forward = apply(&to_json(a), &changes);
    let back = apply(&to_json(b), &invert(&changes));
    if !laws {
        return;
    }
    assert!(diff(Some(a), Some(a)).is_empty());
    assert_eq!(changes.is_empty(), a == b, "changes: {changes:#?}");
    let forward = forward.unwrap_or_else(|e| panic!("apply: {e:?}\nchanges: {changes:#?}"));
    let forward: Plan = serde_json::from_value(forward).expect("apply gives a plan");
    assert_eq!(&forward, b, "apply(a, diff(a, b)) != b\nchanges: {changes:#?}");
    let back = back.unwrap_or_else(|e| panic!("apply inverse: {e:?}\nchanges: {changes:#?}"));
    let back: Plan = serde_json::from_value(back).expect("apply gives a plan");
    assert_eq!(&back, a, "apply(b, invert(diff(a, b))) != a\nchanges: {changes:#?}");

    // Creating and removing the whole plan.
    assert_eq!(apply(&to_json(a), &diff(None, Some(b))).ok(), Some(to_json(b)));
    assert_eq!(
        apply(&to_json(a), &diff(Some(a), None)).ok(),
        Some(serde_json::Value::Null)
    );
}

fuzz_target!(|data: &[u8]| {
    if data.first() == Some(&b'{') {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let [a, b] = plans_in(text, 2).as_slice() {
            check(a, b, is_valid(a) && is_valid(b));
        }
        return;
    }
    let Ok(edits) = Edits::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let a = edited(&start_plan(edits.start), &edits.first);
    let b = edited(&a, &edits.then);
    check(&a, &b, true);
});
