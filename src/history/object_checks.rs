//! Whether libgit2 checks each object's hash as it reads it. Checking is
//! libgit2's default and what `verify` relies on (every object it reads is
//! checked); a reader that only shows what is recorded (`log`, `blame`, a
//! server's pages) trusts the object store as `git log` does — on a long
//! history a third of its time. The switch is the whole process's: while a
//! check is under way ([`Checking`]), every read is checked.

use std::sync::Mutex;

struct State {
    /// The process reads without checking when no check is under way.
    trusting: bool,
    /// Checks under way.
    checks: usize,
}

static STATE: Mutex<State> = Mutex::new(State {
    trusting: false,
    checks: 0,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    match STATE.lock() {
        Ok(state) => state,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// From now on this process reads objects without checking their hashes,
/// except while a [`Checking`] is held.
pub fn trust_the_object_store() {
    let mut state = state();
    state.trusting = true;
    if state.checks == 0 {
        git2::opts::strict_hash_verification(false);
    }
}

/// Every object read is checked against its hash while this is held.
pub struct Checking(());

impl Checking {
    /// Checks from now until dropped.
    pub fn start() -> Checking {
        let mut state = state();
        state.checks += 1;
        git2::opts::strict_hash_verification(true);
        Checking(())
    }
}

impl Drop for Checking {
    fn drop(&mut self) {
        let mut state = state();
        state.checks = state.checks.saturating_sub(1);
        if state.checks == 0 && state.trusting {
            git2::opts::strict_hash_verification(false);
        }
    }
}
