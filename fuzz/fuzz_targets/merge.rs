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
//!
//! The checks are in `src/merge_law.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = backbrief_fuzz::merge_law::run(data);
});
