//! The semantic diff: for two versions of a plan, applying `diff(a, b)` to a
//! gives b, applying its inverse to b gives a, and describing it never fails.
//!
//! Input starting with `{`: two JSON documents, one after the other, read as
//! plans when they parse (any such pair must not panic; the laws are checked
//! when both pass validation). Any other input drives edits of a start plan
//! (the example or a template): a = start + first edits, b = a + more edits.
//!
//! The checks are in `src/diff_law.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = backbrief_fuzz::diff_law::run(data);
});
