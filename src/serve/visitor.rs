//! Who a request is for: the person whose drafts the pages show, what they
//! may do, and the token their forms carry.
//!
//! The guard in front of the routes (the local one, or the committee
//! server's) decides the visitor once per request and runs the handler
//! inside [`Visitor::scope`]; the pages and the forms read it with
//! [`Visitor::current`]. Work moved off the request's task
//! ([`crate::serve::page::blocking`]) carries it along.

use std::future::Future;

use crate::history::drafts::Person;

/// What a visitor may do in one repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Pages and downloads.
    Reader,
    /// A reader who also sees the check of the history (Kontrol).
    Auditor,
    /// Edits, records, synchronises, settles — and sees everything.
    Secretary,
}

/// The visitor of one request.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Whose drafts the pages show and whose edits they are.
    pub person: Person,
    /// What they may do.
    pub role: Role,
    /// The token every form of theirs carries (empty in local mode, where
    /// the session cookie is SameSite=Strict and the Origin rule holds).
    pub csrf: String,
    /// The name to show beside "Log ud" when signed in through the
    /// identity provider.
    pub signed_in_as: Option<String>,
    /// The e-mail the commit's author gets when they record (signed in).
    pub email: Option<String>,
}

tokio::task_local! {
    static VISITOR: Visitor;
}

impl Visitor {
    /// Runs `work` (a request's handler) for this visitor.
    pub async fn scope<F: Future>(self, work: F) -> F::Output {
        VISITOR.scope(self, work).await
    }

    /// The visitor of the request being answered, when the guard let one
    /// in (a refusal is answered before there is one).
    pub fn known() -> Option<Visitor> {
        VISITOR.try_with(Visitor::clone).ok()
    }

    /// The visitor of the request being answered; outside of one (a
    /// refusal), nobody: a reader named "local".
    pub fn current() -> Visitor {
        Visitor::known().unwrap_or_else(|| Visitor {
            person: Person::new("local", ""),
            role: Role::Reader,
            csrf: String::new(),
            signed_in_as: None,
            email: None,
        })
    }

    /// `work`, made to run with the current visitor on another thread.
    pub fn carried<T>(work: impl FnOnce() -> T) -> impl FnOnce() -> T {
        let visitor = VISITOR.try_with(Visitor::clone).ok();
        move || match visitor {
            Some(visitor) => VISITOR.sync_scope(visitor, work),
            None => work(),
        }
    }

    /// Whether they may change plans (edit, record, sync, settle).
    pub fn can_edit(&self) -> bool {
        self.role == Role::Secretary
    }

    /// Whether they may see the check of the history.
    pub fn can_verify(&self) -> bool {
        self.role >= Role::Auditor
    }

    /// The person a page is for, who sees (and edits) their own draft; None
    /// when they only read: then every page shows the plans as recorded.
    pub fn editor(&self) -> Option<Person> {
        self.can_edit().then(|| self.person.clone())
    }

    /// Who records their decisions, when signed in: the commit's author.
    pub fn recorder(&self) -> Option<crate::history::decision::Recorder> {
        let email = self.email.clone()?;
        Some(crate::history::decision::Recorder {
            name: self.person.name.clone(),
            email,
        })
    }
}
