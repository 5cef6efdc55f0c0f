//! The server's memory of who is signed in: sessions and sign-ins begun.
//!
//! - A session's id and its CSRF token are 32 random bytes from the
//!   operating system (hex). The id is looked up by its first 16 hex digits
//!   and then compared whole in constant time ([`same_secret`]), so the time
//!   a lookup takes tells nothing about the rest of an id.
//! - A session ends when it has not been used for `idle`, and in any case
//!   `max` after sign-in.
//! - A sign-in begun ([`Pending`]) is kept by its state for
//!   [`PENDING_FOR`] and taken once: a state used twice finds nothing. At
//!   most [`MAX_PENDING`] are kept (the oldest give way), so a flood of
//!   `/auth/login` cannot fill the memory.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::signin::{Identity, Pending, random_hex};
use crate::serve::guard::same_secret;

/// How long a sign-in begun waits for the provider's answer.
pub const PENDING_FOR: Duration = Duration::from_secs(10 * 60);

/// The most sign-ins begun kept at once.
pub const MAX_PENDING: usize = 10_000;

/// The hex digits of an id that find it; the rest is compared in constant time.
const LOOKUP_DIGITS: usize = 16;

/// A signed-in person's session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The cookie's value: 32 random bytes, hex.
    pub id: String,
    /// The session's CSRF token for forms: 32 random bytes, hex.
    pub csrf: String,
    /// Who signed in.
    pub identity: Identity,
    created: Instant,
    last_seen: Instant,
}

impl Session {
    /// When the person signed in.
    pub fn created(&self) -> Instant {
        self.created
    }
}

/// Sessions and sign-ins begun, shared by every request.
pub struct Sessions {
    idle: Duration,
    max: Duration,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, Session>,
    pending: HashMap<String, Pending>,
}

impl Sessions {
    /// No sessions yet; each ends after `idle` unused and `max` after sign-in.
    pub fn new(idle: Duration, max: Duration) -> Sessions {
        Sessions {
            idle,
            max,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Keeps a sign-in begun, by its state, for [`PENDING_FOR`].
    pub fn put_pending(&self, pending: Pending) {
        self.put_pending_at(pending, Instant::now());
    }

    fn put_pending_at(&self, pending: Pending, now: Instant) {
        let mut inner = self.lock();
        if inner.pending.len() >= MAX_PENDING {
            inner.pending.retain(|_, kept| !pending_expired(kept, now));
        }
        while inner.pending.len() >= MAX_PENDING {
            let oldest = inner
                .pending
                .iter()
                .min_by_key(|(_, kept)| kept.created())
                .map(|(key, _)| key.clone());
            match oldest {
                Some(key) => inner.pending.remove(&key),
                None => break,
            };
        }
        inner.pending.insert(lookup_key(&pending.state), pending);
    }

    /// The sign-in begun with `state`, taken away: a second call with the
    /// same state, or one after [`PENDING_FOR`], finds nothing.
    pub fn take_pending(&self, state: &str) -> Option<Pending> {
        self.take_pending_at(state, Instant::now())
    }

    fn take_pending_at(&self, state: &str, now: Instant) -> Option<Pending> {
        let mut inner = self.lock();
        let key = lookup_key(state);
        let matches = inner
            .pending
            .get(&key)
            .is_some_and(|kept| same_secret(&kept.state, state));
        if !matches {
            return None;
        }
        let pending = inner.pending.remove(&key)?;
        (!pending_expired(&pending, now)).then_some(pending)
    }

    /// A new session for `identity`.
    pub fn create(&self, identity: Identity) -> Session {
        self.create_at(identity, Instant::now())
    }

    fn create_at(&self, identity: Identity, now: Instant) -> Session {
        let session = Session {
            id: random_hex(),
            csrf: random_hex(),
            identity,
            created: now,
            last_seen: now,
        };
        let mut inner = self.lock();
        let (idle, max) = (self.idle, self.max);
        inner
            .sessions
            .retain(|_, kept| !session_expired(kept, now, idle, max));
        inner
            .sessions
            .insert(lookup_key(&session.id), session.clone());
        session
    }

    /// The session with this id, if it has not ended; using it counts as
    /// activity (the idle time starts again).
    pub fn get(&self, id: &str) -> Option<Session> {
        self.get_at(id, Instant::now())
    }

    fn get_at(&self, id: &str, now: Instant) -> Option<Session> {
        let mut inner = self.lock();
        let key = lookup_key(id);
        let session = inner.sessions.get_mut(&key)?;
        if !same_secret(&session.id, id) {
            return None;
        }
        if session_expired(session, now, self.idle, self.max) {
            inner.sessions.remove(&key);
            return None;
        }
        session.last_seen = now;
        Some(session.clone())
    }

    /// Ends the session with this id (signing out).
    pub fn remove(&self, id: &str) {
        let mut inner = self.lock();
        let key = lookup_key(id);
        if inner
            .sessions
            .get(&key)
            .is_some_and(|session| same_secret(&session.id, id))
        {
            inner.sessions.remove(&key);
        }
    }

    /// How many sessions are kept (ended ones not yet swept included).
    pub fn count(&self) -> usize {
        self.lock().sessions.len()
    }

    /// How many sign-ins begun are kept.
    pub fn pending_count(&self) -> usize {
        self.lock().pending.len()
    }

    /// The maps; a request that panicked while holding them leaves them
    /// whole (each change is one insert or remove), so they are used on.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn pending_expired(pending: &Pending, now: Instant) -> bool {
    now.saturating_duration_since(pending.created()) >= PENDING_FOR
}

fn session_expired(session: &Session, now: Instant, idle: Duration, max: Duration) -> bool {
    now.saturating_duration_since(session.last_seen) >= idle
        || now.saturating_duration_since(session.created) >= max
}

/// The part of a secret a map finds it by.
fn lookup_key(secret: &str) -> String {
    secret.chars().take(LOOKUP_DIGITS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person() -> Identity {
        Identity {
            subject: "u1".into(),
            email: Some("anna@kommune.dk".into()),
            name: Some("Anna".into()),
            groups: vec!["med".into()],
            id_token: None,
        }
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn a_session_ends_when_idle_and_at_its_absolute_end() {
        let sessions = Sessions::new(10 * MINUTE, 60 * MINUTE);
        let start = Instant::now();
        let session = sessions.create_at(person(), start);
        assert_eq!(session.id.len(), 64);
        assert_eq!(session.csrf.len(), 64);
        assert_ne!(session.id, session.csrf);
        // Used every 9 minutes, it lives on past the idle time...
        for minutes in [9, 18, 27, 36, 45, 54] {
            let found = sessions.get_at(&session.id, start + minutes * MINUTE);
            assert_eq!(found.map(|s| s.identity), Some(person()), "{minutes} min");
        }
        // ...but not past the absolute end, however busy.
        assert!(sessions.get_at(&session.id, start + 60 * MINUTE).is_none());
        assert_eq!(sessions.count(), 0);

        // Left alone for the idle time, it ends.
        let session = sessions.create_at(person(), start);
        assert!(sessions.get_at(&session.id, start + 9 * MINUTE).is_some());
        assert!(sessions.get_at(&session.id, start + 19 * MINUTE).is_none());
        assert!(sessions.get_at(&session.id, start + 20 * MINUTE).is_none());
    }

    #[test]
    fn only_the_whole_id_finds_a_session_and_sign_out_ends_it() {
        let sessions = Sessions::new(MINUTE, 2 * MINUTE);
        let session = sessions.create(person());
        let mut wrong = session.id.clone();
        wrong.replace_range(60.., "0000");
        if wrong == session.id {
            wrong.replace_range(60.., "1111");
        }
        assert!(sessions.get(&wrong).is_none());
        assert!(sessions.get(&session.id[..16]).is_none());
        assert!(sessions.get("").is_none());
        sessions.remove(&wrong);
        assert!(sessions.get(&session.id).is_some());
        sessions.remove(&session.id);
        assert!(sessions.get(&session.id).is_none());
        assert_ne!(sessions.create(person()).id, session.id);
    }

    fn pending(provider_state: &str, created: Instant) -> Pending {
        Pending::for_test(provider_state, created)
    }

    #[test]
    fn a_sign_in_begun_is_taken_once_and_expires() {
        let sessions = Sessions::new(MINUTE, MINUTE);
        let start = Instant::now();
        let state = random_hex();
        sessions.put_pending_at(pending(&state, start), start);
        assert!(sessions.take_pending_at("never-issued", start).is_none());
        let taken = sessions.take_pending_at(&state, start + MINUTE);
        assert_eq!(taken.map(|p| p.return_to), Some("/".to_string()));
        assert!(sessions.take_pending_at(&state, start + MINUTE).is_none());

        let state = random_hex();
        sessions.put_pending_at(pending(&state, start), start);
        assert!(
            sessions
                .take_pending_at(&state, start + PENDING_FOR)
                .is_none()
        );
    }

    #[test]
    fn a_flood_of_sign_ins_keeps_at_most_the_cap() {
        let sessions = Sessions::new(MINUTE, MINUTE);
        let start = Instant::now();
        let first = random_hex();
        sessions.put_pending_at(pending(&first, start), start);
        for n in 1..=MAX_PENDING as u64 {
            let at = start + Duration::from_millis(n);
            sessions.put_pending_at(pending(&random_hex(), at), at);
        }
        assert_eq!(sessions.pending_count(), MAX_PENDING);
        // The oldest gave way.
        assert!(sessions.take_pending_at(&first, start).is_none());
    }
}
