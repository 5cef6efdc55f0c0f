//! The semantic merge: base, ours and theirs are a start plan (the example
//! or a template) after fuzz-driven edit sequences (base = start + edits;
//! ours and theirs = base + steps, each an edit of one side, the same edit
//! on both, or an edit of each side aimed at the same item). Input starting with `{`
//! instead gives the three plans as JSON documents, one after the other.
//!
//! Nothing may panic; and for plans that pass validation:
//! - one side unchanged, or both the same, merges to the other side;
//! - the conflicts of merge(base, a, b) are those of merge(base, b, a) with
//!   the sides swapped, and settled the same way they give the same plan;
//! - settled any way (all ours, all theirs, or per conflict as the input
//!   chooses), the merge applies, gives a plan, and that plan shows every
//!   change of a side that is in no conflict settled against that side.

use super::{Edit, MAX_EDITS, Step, edited, is_valid, plans_in, shows, sides, start_plan};
use arbitrary::{Arbitrary, Unstructured};
use backbrief::plan::Plan;
use backbrief::plan::diff::{Change, POSITION_FIELD, diff};
use backbrief::plan::merge::{Conflict, PlanMerge, Side, merge};

#[derive(Debug)]
struct Edits {
    start: u8,
    base: Vec<Edit>,
    steps: Vec<Step>,
    /// Settles the conflicts for a mixed settlement (see [`side_of`]).
    choices: u64,
}

impl<'a> Arbitrary<'a> for Edits {
    /// The counts come first and are bounded, so that even random bytes
    /// make a scenario of several steps.
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let start = u.arbitrary()?;
        let choices = u.arbitrary()?;
        let base = (0..u.int_in_range(0..=4)?)
            .map(|_| u.arbitrary())
            .collect::<arbitrary::Result<_>>()?;
        let steps = (0..u.int_in_range(1..=MAX_EDITS)?)
            .map(|_| u.arbitrary())
            .collect::<arbitrary::Result<_>>()?;
        Ok(Edits {
            start,
            base,
            steps,
            choices,
        })
    }
}

fn plan_of(merge: &PlanMerge, choose: &dyn Fn(usize, &Conflict) -> Side, what: &str) -> Plan {
    let value = merge
        .resolve(choose)
        .unwrap_or_else(|e| {
            panic!(
                "{what}: the merge does not apply: {e:?}\n{:#?}",
                merge.conflicts
            )
        })
        .unwrap_or_else(|| panic!("{what}: the plan is gone"));
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("{what}: the merge is no plan: {e}\n{:#?}", merge.conflicts))
}

/// How the input settles a conflict: by a bit of `choices` picked by what
/// the conflict is about, so that the same conflict seen from the other side
/// (in `merge(base, b, a)`, perhaps at another index) is settled alike.
fn side_of(choices: u64, conflict: &Conflict) -> Side {
    // FNV-1a: stable from run to run, unlike the std hasher.
    let hash = conflict
        .target
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    if choices >> (hash % 64) & 1 == 1 {
        Side::Theirs
    } else {
        Side::Ours
    }
}

pub fn check(base: &Plan, ours: &Plan, theirs: &Plan, choices: u64, laws: bool) -> usize {
    let forward = merge(Some(base), Some(ours), Some(theirs));
    let backward = merge(Some(base), Some(theirs), Some(ours));
    if !laws {
        for merge in [&forward, &backward] {
            for side in [Side::Ours, Side::Theirs] {
                let _ = merge.resolve(&|_, _| side);
            }
            let _ = merge.resolve(&|_, conflict| side_of(choices, conflict));
        }
        return forward.conflicts.len();
    }

    let all = |side: Side| move |_: usize, _: &Conflict| side;
    for (a, b, expected) in [
        (base, theirs, theirs),
        (ours, base, ours),
        (ours, ours, ours),
    ] {
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
        (
            format!("all {side:?}"),
            Box::new(choice) as Box<dyn Fn(usize, &Conflict) -> Side>,
        )
    });
    let mixed = (
        format!("mixed {choices:#x}"),
        Box::new(move |_: usize, conflict: &Conflict| side_of(choices, conflict))
            as Box<dyn Fn(usize, &Conflict) -> Side>,
    );
    for (what, choose) in settle_all.iter().chain([&mixed]) {
        let result = plan_of(&forward, choose.as_ref(), what);
        let mirrored = plan_of(
            &backward,
            &|index, conflict| choose(index, conflict).other(),
            what,
        );
        assert_eq!(
            result, mirrored,
            "{what}: merge(base, a, b) != merge(base, b, a)"
        );

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
    forward.conflicts.len()
}

/// The plans an input stands for: (base, ours, theirs, choices), and
/// whether the laws hold for them (they pass validation; plans made by edits
/// are taken as they are).
pub fn scenario(data: &[u8]) -> Option<(Plan, Plan, Plan, u64, bool)> {
    if data.first() == Some(&b'{') {
        let text = std::str::from_utf8(data).ok()?;
        let [base, ours, theirs]: [Plan; 3] = plans_in(text, 3).try_into().ok()?;
        let laws = is_valid(&base) && is_valid(&ours) && is_valid(&theirs);
        return Some((base, ours, theirs, 0, laws));
    }
    let edits = Edits::arbitrary(&mut Unstructured::new(data)).ok()?;
    let base = edited(&start_plan(edits.start), &edits.base);
    let (ours, theirs) = sides(&base, &edits.steps);
    // The edits keep a plan valid as far as they can (see `apply_edit`).
    let laws = is_valid(&base) && is_valid(&ours) && is_valid(&theirs);
    Some((base, ours, theirs, edits.choices, laws))
}

/// Runs the merge checks on one fuzz input; returns how many conflicts
/// the merge of ours and theirs had (None when the input was not used).
pub fn run(data: &[u8]) -> Option<usize> {
    let (base, ours, theirs, choices, laws) = scenario(data)?;
    Some(check(&base, &ours, &theirs, choices, laws))
}
