//! The semantic merge: base, ours and theirs are a start plan (the example
//! or a template) after fuzz-driven edit sequences (base = start + edits,
//! ours and theirs = base + edits of their own). Input starting with `{`
//! instead gives the three plans as JSON documents, one after the other.
//!
//! Nothing may panic; and for plans that pass validation:
//! - one side unchanged, or both the same, merges to the other side;
//! - the conflicts of merge(base, a, b) are those of merge(base, b, a) with
//!   the sides swapped, and settled the same way they give the same plan;
//! - settled any way (all ours, all theirs, or per conflict as the input
//!   chooses), the merge applies, gives a plan, and that plan shows every
//!   change of a side that is in no conflict settled against that side.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use backbrief::plan::Plan;
use backbrief::plan::diff::{Change, POSITION_FIELD, diff};
use backbrief::plan::merge::{Conflict, PlanMerge, Side, merge};
use backbrief_fuzz::{Edit, edited, is_valid, plans_in, shows, start_plan};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Edits {
    start: u8,
    base: Vec<Edit>,
    ours: Vec<Edit>,
    theirs: Vec<Edit>,
    /// Bit `i % 64` settles conflict `i`: set for theirs.
    choices: u64,
}

fn plan_of(merge: &PlanMerge, choose: &dyn Fn(usize, &Conflict) -> Side, what: &str) -> Plan {
    let value = merge
        .resolve(choose)
        .unwrap_or_else(|e| panic!("{what}: the merge does not apply: {e:?}\n{:#?}", merge.conflicts))
        .unwrap_or_else(|| panic!("{what}: the plan is gone"));
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("{what}: the merge is no plan: {e}\n{:#?}", merge.conflicts))
}

fn side_of(choices: u64, index: usize) -> Side {
    if choices >> (index % 64) & 1 == 1 {
        Side::Theirs
    } else {
        Side::Ours
    }
}

fn check(base: &Plan, ours: &Plan, theirs: &Plan, choices: u64, laws: bool) {
    let forward = merge(Some(base), Some(ours), Some(theirs));
    let backward = merge(Some(base), Some(theirs), Some(ours));
    if !laws {
        for merge in [&forward, &backward] {
            for side in [Side::Ours, Side::Theirs] {
                let _ = merge.resolve(&|_, _| side);
            }
            let _ = merge.resolve(&|index, _| side_of(choices, index));
        }
        return;
    }

    let all = |side: Side| move |_: usize, _: &Conflict| side;
    for (a, b, expected) in [(base, theirs, theirs), (ours, base, ours), (ours, ours, ours)] {
        let trivial = merge(Some(base), Some(a), Some(b));
        assert!(trivial.is_clean(), "{:#?}", trivial.conflicts);
        assert_eq!(&plan_of(&trivial, &all(Side::Ours), "trivial"), expected);
    }

    assert_eq!(
        forward.conflict_keys(false),
        backward.conflict_keys(true),
        "merge(base, a, b) and merge(base, b, a) conflict differently"
    );

    let changes = |plan: &Plan| -> Vec<Change> {
        diff(Some(base), Some(plan))
            .into_iter()
            .filter(|change| change.field.as_deref() != Some(POSITION_FIELD))
            .collect()
    };
    let side_changes = [(Side::Ours, changes(ours)), (Side::Theirs, changes(theirs))];

    let settle_all = [Side::Ours, Side::Theirs].map(|side| {
        let choice = move |index: usize, _: &Conflict| {
            let _ = index;
            side
        };
        (format!("all {side:?}"), Box::new(choice) as Box<dyn Fn(usize, &Conflict) -> Side>)
    });
    let mixed = (
        format!("mixed {choices:#x}"),
        Box::new(move |index: usize, _: &Conflict| side_of(choices, index))
            as Box<dyn Fn(usize, &Conflict) -> Side>,
    );
    for (what, choose) in settle_all.iter().chain([&mixed]) {
        let result = plan_of(&forward, choose.as_ref(), what);
        let mirrored = plan_of(
            &backward,
            &|index, conflict| choose(index, conflict).other(),
            what,
        );
        assert_eq!(result, mirrored, "{what}: merge(base, a, b) != merge(base, b, a)");

        let chosen: Vec<Side> = forward
            .conflicts
            .iter()
            .enumerate()
            .map(|(index, conflict)| choose(index, conflict))
            .collect();
        for (side, changes) in &side_changes {
            for change in changes {
                let against = forward
                    .conflicts
                    .iter()
                    .zip(&chosen)
                    .any(|(conflict, chosen)| {
                        *chosen != *side && conflict.changes(*side).contains(change)
                    });
                if against {
                    continue;
                }
                assert!(
                    shows(&result, change),
                    "{what}: the merge lacks a change of {side:?} in no conflict settled against it: {change:#?}\nconflicts: {:#?}",
                    forward.conflicts
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if data.first() == Some(&b'{') {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let [base, ours, theirs] = plans_in(text, 3).as_slice() {
            let laws = is_valid(base) && is_valid(ours) && is_valid(theirs);
            check(base, ours, theirs, 0, laws);
        }
        return;
    }
    let Ok(edits) = Edits::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let base = edited(&start_plan(edits.start), &edits.base);
    let ours = edited(&base, &edits.ours);
    let theirs = edited(&base, &edits.theirs);
    check(&base, &ours, &theirs, edits.choices, true);
});
