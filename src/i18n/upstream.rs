//! Sentences of the committee's server about its git server: a decision
//! sent at once, decisions of others fetched, and what went wrong.

crate::catalogue! {
    /// The git server as the source of truth (`serve::remote`).
    pub enum UpstreamMsg {
        NotSent => {
            da: "Beslutningen er registreret her, men er ikke sendt til git-serveren: {reason}",
            en: "The decision is recorded here but was not sent to the git server: {reason}",
        },
        NotSentHint => {
            da: "Intet er tabt: serveren sender den selv ved næste synkronisering. Har git-serveren afvist den, står grunden ovenfor; spørg den, der passer git-serveren.",
            en: "Nothing is lost: the server sends it by itself at the next sync. If the git server refused it, the reason is above; ask whoever looks after the git server.",
        },
        NoAnswer => {
            da: "Git-serveren har ikke svaret inden for {seconds} sekunder; beslutningen er registreret her og sendes, så snart den svarer.",
            en: "The git server has not answered within {seconds} seconds; the decision is recorded here and is sent as soon as it answers.",
        },
        Conflicts => {
            da: "Beslutningen er registreret her, men {count} konflikt(er) med beslutninger på git-serveren skal afgøres, før den kan sendes.",
            en: "The decision is recorded here, but {count} conflict(s) with decisions on the git server must be settled before it can be sent.",
        },
        ConflictsHint => {
            da: "Afgør dem på siden Synkronisér; intet er tabt imens.",
            en: "Settle them on the Sync page; nothing is lost meanwhile.",
        },
        Pushed => {
            da: "Beslutningen er sendt til git-serveren ({repository}).",
            en: "The decision was sent to the git server ({repository}).",
        },
        Fetched => {
            da: "Hentet fra git-serveren ({repository}): {what}",
            en: "Fetched from the git server ({repository}): {what}",
        },
        FetchFailed => {
            da: "Kunne ikke hente fra git-serveren ({repository}); siderne viser det, der er her: {reason}",
            en: "Could not fetch from the git server ({repository}); the pages show what is here: {reason}",
        },
        FetchConflicts => {
            da: "Git-serveren ({repository}) har {count} konflikt(er) med beslutningerne her; en sekretær afgør dem på siden Synkronisér.",
            en: "The git server ({repository}) has {count} conflict(s) with the decisions here; a secretary settles them on the Sync page.",
        },
        StillFetching => {
            da: "Hentningen fra git-serveren ({repository}) er ikke færdig efter {seconds} sekunder; siderne viser det, der er her.",
            en: "The fetch from the git server ({repository}) has not finished after {seconds} seconds; the pages show what is here.",
        },
        NoRemote => {
            da: "Depotet {repository} har ingen fjern-kopi: beslutningerne bliver kun her.",
            en: "The repository {repository} has no remote: its decisions stay here only.",
        },
        ScheduleFailed => {
            da: "Den faste hentning kunne ikke startes: {reason}",
            en: "The scheduled fetch could not be started: {reason}",
        },
    }
}
