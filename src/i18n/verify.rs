//! Sentences of `verify`: what is wrong with the history, in plain words.

crate::catalogue! {
    /// Findings and the summary of `backbrief verify`.
    pub enum VerifyMsg {
        NotADecision => {
            da: "Commit'en ændrer {files}, men er ikke en beslutning: den mangler trailerne Plan og Decided-by, så det står ikke nogen steder, hvem der har besluttet ændringen.",
            en: "The commit changes {files} but is not a decision: it lacks the Plan and Decided-by trailers, so nothing says who decided the change.",
        },
        WrongPlan => {
            da: "Beslutningen siger, at den gælder planen {plan} (trailer Plan), men den ændrer {files}.",
            en: "The decision says it is about the plan {plan} (Plan trailer), but it changes {files}.",
        },
        SeveralPlans => {
            da: "Beslutningen ændrer flere planer på én gang ({files}); en beslutning må kun ændre den plan, den nævner (trailer Plan: {plan}).",
            en: "The decision changes several plans at once ({files}); a decision may change only the plan it names (Plan trailer: {plan}).",
        },
        InvalidPlan => {
            da: "Planen {plan} var ugyldig efter denne beslutning ({count} fejl). Den første: {problem}",
            en: "The plan {plan} was invalid after this decision ({count} error(s)). The first: {problem}",
        },
        PlanMissing => {
            da: "Beslutningen gælder planen {plan}, men der er ingen {file} i denne commit.",
            en: "The decision is about the plan {plan}, but there is no {file} in this commit.",
        },
        MergeChangesPlans => {
            da: "Sammenfletningen (merge) ændrer selv {files}: resultatet er ikke den semantiske fletning af grenene plus de afgørelser, dens trailere registrerer, så forskellen er ikke registreret som en beslutning.",
            en: "The merge changes {files} itself: the result is not the semantic merge of its branches plus the resolutions its trailers record, so the difference is not recorded as a decision.",
        },
        Unsigned => {
            da: "Beslutningen er ikke signeret, men repositoriet kræver signerede beslutninger ({signers}).",
            en: "The decision is not signed, but the repository requires signed decisions ({signers}).",
        },
        BadSignature => {
            da: "Beslutningens signatur passer ikke til beslutningen: commit'en er ændret, efter den blev signeret, eller signaturen er beskadiget.",
            en: "The decision's signature does not match the decision: the commit was changed after it was signed, or the signature is damaged.",
        },
        SignerNotAllowed => {
            da: "Beslutningen er signeret, men ikke med en nøgle, som {signers} tillader for {email}.",
            en: "The decision is signed, but not with a key that {signers} allows for {email}.",
        },
        NotSshSignature => {
            da: "Beslutningen er signeret med OpenPGP, men repositoriet godtager kun ssh-signaturer fra dem, der står i {signers}.",
            en: "The decision is signed with OpenPGP, but the repository accepts only ssh signatures by the signers in {signers}.",
        },
        SignersRemoved => {
            da: "Commit'en fjerner {signers}, så repositoriet ikke længere kræver signerede beslutninger.",
            en: "The commit removes {signers}, so the repository no longer requires signed decisions.",
        },
        SignaturesUnchecked => {
            da: "Signaturerne kan ikke kontrolleres, fordi ssh-keygen ikke kunne køres: {detail}.",
            en: "The signatures cannot be checked because ssh-keygen could not be run: {detail}.",
        },
        SignaturesUncheckedHint => {
            da: "Installér OpenSSH (ssh-keygen), og kør `backbrief verify` igen.",
            en: "Install OpenSSH (ssh-keygen) and run `backbrief verify` again.",
        },
        HistoryRewritten => {
            da: "Historikken er skrevet om, siden den sidst blev kontrolleret: den kontrollerede commit {commit} er ikke længere en del af historikken.",
            en: "The history has been rewritten since it was last verified: the verified commit {commit} is no longer part of the history.",
        },
        VerifiedGone => {
            da: "Historikken er skrevet om, siden den sidst blev kontrolleret: den kontrollerede commit {commit} findes ikke længere.",
            en: "The history has been rewritten since it was last verified: the verified commit {commit} no longer exists.",
        },
        VerifiedUnchecked => {
            da: "Det kunne ikke afgøres, om den kontrollerede commit {commit} stadig er en del af historikken: {detail}.",
            en: "Could not tell whether the verified commit {commit} is still part of the history: {detail}.",
        },
        UncommittedChange => {
            da: "{file} er ændret, men ændringen er ikke registreret som en beslutning.",
            en: "{file} has been changed, but the change is not recorded as a decision.",
        },
        UncommittedNew => {
            da: "{file} er ny og er ikke registreret som en beslutning.",
            en: "{file} is new and not recorded as a decision.",
        },
        UncommittedDeleted => {
            da: "{file} er slettet, men det er ikke registreret som en beslutning.",
            en: "{file} has been deleted, but that is not recorded as a decision.",
        },
        UncommittedHint => {
            da: "Registrér ændringen med `backbrief decide {plan} -m \"…\" --by \"…\"`, eller fortryd den med `git restore --staged --worktree {file}`.",
            en: "Record the change with `backbrief decide {plan} -m \"…\" --by \"…\"`, or undo it with `git restore --staged --worktree {file}`.",
        },
        UncommittedNewHint => {
            da: "Registrér planen med `backbrief decide {plan} -m \"…\" --by \"…\"`, eller slet filen {file}.",
            en: "Record the plan with `backbrief decide {plan} -m \"…\" --by \"…\"`, or delete the file {file}.",
        },
        WorkTreeUnchecked => {
            da: "Arbejdsmappen kunne ikke sammenlignes med historikken: {detail}.",
            en: "The work tree could not be compared with the history: {detail}.",
        },
        CorruptCommit => {
            da: "Commit'en {object} kan ikke læses (den er beskadiget eller mangler): {detail}. Historikken før den kunne ikke kontrolleres.",
            en: "The commit {object} cannot be read (it is damaged or missing): {detail}. The history before it could not be checked.",
        },
        CorruptTree => {
            da: "Mappen {path} (objekt {object}) kan ikke læses (den er beskadiget eller mangler): {detail}.",
            en: "The folder {path} (object {object}) cannot be read (it is damaged or missing): {detail}.",
        },
        CorruptBlob => {
            da: "Filen {path} (objekt {object}) kan ikke læses (den er beskadiget eller mangler): {detail}.",
            en: "The file {path} (object {object}) cannot be read (it is damaged or missing): {detail}.",
        },
        RootFolder => { da: "(roden)", en: "(root)" },
        AtCommit => {
            da: "{severity}: commit {commit} fra {date} af {author}",
            en: "{severity}: commit {commit} of {date} by {author}",
        },
        AtUnreadableCommit => {
            da: "{severity}: commit {commit}",
            en: "{severity}: commit {commit}",
        },
        InWorkTree => {
            da: "{severity}: arbejdsmappen (ikke registreret)",
            en: "{severity}: the work tree (not recorded)",
        },
        InRepository => {
            da: "{severity}: repositoriet",
            en: "{severity}: the repository",
        },
        HintLabel => { da: "tip", en: "hint" },
        CommitsOne => { da: "1 commit", en: "1 commit" },
        CommitsMany => { da: "{count} commits", en: "{count} commits" },
        DecisionsOne => { da: "1 beslutning", en: "1 decision" },
        DecisionsMany => { da: "{count} beslutninger", en: "{count} decisions" },
        ErrorsOne => { da: "1 fejl", en: "1 error" },
        ErrorsMany => { da: "{count} fejl", en: "{count} errors" },
        WarningsOne => { da: "1 advarsel", en: "1 warning" },
        WarningsMany => { da: "{count} advarsler", en: "{count} warnings" },
        SummaryClean => {
            da: "Historikken er kontrolleret: {commits}, {decisions}, ingen fund.",
            en: "History checked: {commits}, {decisions}, no findings.",
        },
        SummaryFindings => {
            da: "Historikken er kontrolleret: {commits}, {decisions}; {findings}.",
            en: "History checked: {commits}, {decisions}; {findings}.",
        },
        And => { da: "{first} og {second}", en: "{first} and {second}" },
        Recorded => {
            da: "Commit {commit} er gemt som det sidst kontrollerede punkt ({reference}); en senere `backbrief verify` opdager, hvis historikken indtil da bliver skrevet om.",
            en: "Commit {commit} is saved as the last verified point ({reference}); a later `backbrief verify` notices if the history up to it is rewritten.",
        },
        NotRecorded => {
            da: "Intet er gemt som kontrolleret punkt, fordi historikken har fejl.",
            en: "Nothing was saved as the verified point, because the history has errors.",
        },
    }
}
