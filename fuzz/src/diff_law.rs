//! The semantic diff: for two versions of a plan, applying `diff(a, b)` to a
//! gives b, applying its inverse to b gives a, and describing it never fails.
//!
//! Input starting with `{`: two JSON documents, one after the other, read as
//! plans when they parse (any such pair must not panic; the laws are checked
//! when both pass validation). Any other input drives edits of a start plan
//! (the example or a template): a = start + first edits, b = a + more edits.

use super::{Edit, MAX_EDITS, edited, is_valid, plans_in, start_plan};
use arbitrary::{Arbitrary, Unstructured};
use backbrief::i18n::Lang;
use backbrief::plan::Plan;
use backbrief::plan::describe::describe_all;
use backbrief::plan::diff::{apply, diff, invert};

#[derive(Debug)]
struct Edits {
    start: u8,
    first: Vec<Edit>,
    then: Vec<Edit>,
}

impl<'a> Arbitrary<'a> for Edits {
    /// The counts come first and are bounded, so that even random bytes
    /// make several edits.
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let start = u.arbitrary()?;
        let first = (0..u.int_in_range(0..=6)?)
            .map(|_| u.arbitrary())
            .collect::<arbitrary::Result<_>>()?;
        let then = (0..u.int_in_range(1..=MAX_EDITS)?)
            .map(|_| u.arbitrary())
            .collect::<arbitrary::Result<_>>()?;
        Ok(Edits { start, first, then })
    }
}

fn to_json(plan: &Plan) -> serde_json::Value {
    serde_json::to_value(plan).expect("a plan serializes")
}

fn check(a: &Plan, b: &Plan, laws: bool) -> usize {
    let changes = diff(Some(a), Some(b));
    for lang in [Lang::Da, Lang::En] {
        for text in describe_all(&changes, Some(a), Some(b), lang) {
            assert!(!text.trim().is_empty());
        }
    }
    let forward = apply(&to_json(a), &changes);
    let back = apply(&to_json(b), &invert(&changes));
    if !laws {
        return changes.len();
    }
    assert!(diff(Some(a), Some(a)).is_empty());
    assert_eq!(changes.is_empty(), a == b, "changes: {changes:#?}");
    let forward = forward.unwrap_or_else(|e| panic!("apply: {e:?}\nchanges: {changes:#?}"));
    let forward: Plan = serde_json::from_value(forward).expect("apply gives a plan");
    assert_eq!(
        &forward, b,
        "apply(a, diff(a, b)) != b\nchanges: {changes:#?}"
    );
    let back = back.unwrap_or_else(|e| panic!("apply inverse: {e:?}\nchanges: {changes:#?}"));
    let back: Plan = serde_json::from_value(back).expect("apply gives a plan");
    assert_eq!(
        &back, a,
        "apply(b, invert(diff(a, b))) != a\nchanges: {changes:#?}"
    );

    // Creating and removing the whole plan.
    assert_eq!(
        apply(&to_json(a), &diff(None, Some(b))).ok(),
        Some(to_json(b))
    );
    assert_eq!(
        apply(&to_json(a), &diff(Some(a), None)).ok(),
        Some(serde_json::Value::Null)
    );
    changes.len()
}

/// Runs the diff checks on one fuzz input; returns how many changes the
/// diff had (None when the input was not used).
pub fn run(data: &[u8]) -> Option<usize> {
    if data.first() == Some(&b'{') {
        let Ok(text) = std::str::from_utf8(data) else {
            return None;
        };
        if let [a, b] = plans_in(text, 2).as_slice() {
            return Some(check(a, b, is_valid(a) && is_valid(b)));
        }
        return None;
    }
    let Ok(edits) = Edits::arbitrary(&mut Unstructured::new(data)) else {
        return None;
    };
    let a = edited(&start_plan(edits.start), &edits.first);
    let b = edited(&a, &edits.then);
    Some(check(&a, &b, true))
}
