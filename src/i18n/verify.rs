//! Sentences of `verify`: what is wrong with the history, in plain words.

crate::catalogue! {
    /// Findings and the summary of `backbrief verify`.
    pub enum VerifyMsg {
        NotADecision => {
            da: "Commit'en ændrer {files}, men er ikke en beslutning: den mangler trailerne Plan og Decided-by, så det står ikke nogen steder, hvem der har besluttet ændringen.",
            en: "The commit changes {files} but is not a decision: it lacks the Plan and Decided-by trailers, so nothing says who decided the change.",
        },
        UnrelatedSigners => {
            da: "Fletningen samler to historikker uden fælles begyndelse, og de har hver sin signaturliste ({signers}); listen fra {parent} ville ikke længere gælde. En signaturliste skifter kun med en signeret ændring af den.",
            en: "The merge joins two histories with no common start, and they hold different signer lists ({signers}); the list from {parent} would no longer be in force. A signer list changes only by a signed change to it.",
        },
        UnrelatedSignersHint => {
            da: "Fjern fletningen; ændr signaturlisten med en commit, der er signeret med en nøgle, som listen allerede tillader.",
            en: "Remove the merge; change the signer list with a commit signed by a key the list already allows.",
        },
        MergeBringsUnsigned => {
            da: "Fletningen bringer {count} beslutning(er) ind, som ikke er signeret med en nøgle, som signaturlisten her tillader ({signers}): {commits}. De blev truffet under ingen eller en anden signaturliste.",
            en: "The merge brings in {count} decision(s) not signed by a key the signer list here allows ({signers}): {commits}. They were made under no signer list or under another one.",
        },
        MergeBringsUnsignedHint => {
            da: "Fjern fletningen, og registrér beslutningerne igen med en nøgle, listen tillader (signeret), før de flettes ind.",
            en: "Remove the merge, and record the decisions again with a key the list allows (signed) before merging them.",
        },
        TrailerRepeated => {
            da: "Commit'en har traileren {trailer} mere end én gang ({values}), så den siger ikke én ting om, hvad der blev besluttet; den læses ikke som en beslutning.",
            en: "The commit carries the {trailer} trailer more than once ({values}), so it does not say one thing about what was decided; it is not read as a decision.",
        },
        TrailerBlank => {
            da: "Commit'en har ingen udfyldt trailer {trailer}: en beslutning skal sige, hvilken plan den gælder, og hvem der har besluttet den; den læses ikke som en beslutning.",
            en: "The commit has no filled-in {trailer} trailer: a decision must say which plan it is about and who decided it; it is not read as a decision.",
        },
        BadTrailersHint => {
            da: "Registrér ændringen med `backbrief decide`, der skriver hver af trailerne Plan, Decided-by, Decided-on og Meeting én gang.",
            en: "Record the change with `backbrief decide`, which writes each of the Plan, Decided-by, Decided-on and Meeting trailers once.",
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
        WorkTreeNoPlansFolder => {
            da: "plans/ i arbejdsmappen er ikke en almindelig mappe (men et symbolsk link, en fil, eller den mangler)",
            en: "plans/ in the work tree is not a plain folder (but a symbolic link, a file, or missing)",
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
        Octopus => {
            da: "Commit'en fletter {count} grene på én gang (en \"octopus merge\"). En fletning af planer har præcis to sider; hvad den tager fra hver, kan ikke kontrolleres.",
            en: "The commit merges {count} branches at once (an octopus merge). A merge of plans has exactly two sides; what it takes from each cannot be checked.",
        },
        OctopusHint => {
            da: "Fjern fletningen, og saml grenene én ad gangen med `backbrief sync`.",
            en: "Remove the merge and combine the branches one at a time with `backbrief sync`.",
        },
        SettledByHand => {
            da: "Fletningen afgør konflikter uden at sige det: {conflicts}. En konflikt skal afgøres med en Resolved-trailer, der nævner den, og en Resolved-by-trailer, der nævner hvem, uanset hvilken side der blev valgt.",
            en: "The merge settles conflicts without saying so: {conflicts}. A conflict must be settled with a Resolved trailer naming it and a Resolved-by trailer naming who settled it, whichever side was kept.",
        },
        SettleHint => {
            da: "Afgør konflikter med `backbrief sync --ours`, `--theirs` eller `--resolve … --by \"…\"`, som registrerer, hvem der valgte hvad.",
            en: "Settle conflicts with `backbrief sync --ours`, `--theirs` or `--resolve … --by \"…\"`, which records who chose what.",
        },
        ResolvedNotAConflict => {
            da: "Fletningens Resolved-trailere nævner noget, der ikke var i konflikt: {resolved}. En værdi sat på den måde er ikke registreret som en beslutning.",
            en: "The merge's Resolved trailers name what was not in conflict: {resolved}. A value set that way is not recorded as a decision.",
        },
        ResolvedNotAConflictHint => {
            da: "Ændr feltet med `backbrief decide`, så det står, hvem der besluttede det.",
            en: "Change the field with `backbrief decide`, so that it says who decided it.",
        },
        ResolvedByMissing => {
            da: "Fletningen afgør konflikter, men ingen Resolved-by-trailer siger, hvem der afgjorde dem.",
            en: "The merge settles conflicts, but no Resolved-by trailer says who settled them.",
        },
        Backdated => {
            da: "Beslutningen er registreret {date}, før den commit, den følger efter ({parent}, {parent_date}): datoen er sat tilbage, eller registratorens ur gik forkert.",
            en: "The decision is recorded on {date}, before the commit it follows ({parent}, {parent_date}): its date was set back, or the recorder's clock was wrong.",
        },
        BackdatedHint => {
            da: "Spørg den, der registrerede beslutningen, om datoen. Det er historikkens rækkefølge, ikke datoen, der viser, hvad der kom først.",
            en: "Ask the person who recorded the decision about the date. The order of the history, not the date, shows what came first.",
        },
        SignersChangedUnsigned => {
            da: "Commit'en ændrer {signers} uden at være signeret. En ændring af, hvem der må signere, skal signeres med en nøgle, som listen tillod før ændringen.",
            en: "The commit changes {signers} without a signature. A change to who may sign must be signed with a key the list allowed before the change.",
        },
        SignersChangedNotAllowed => {
            da: "Commit'en ændrer {signers}, men er signeret med en nøgle, som listen før ændringen ikke tillod for {email}.",
            en: "The commit changes {signers}, but is signed with a key the list before the change did not allow for {email}.",
        },
        SignersChangedBadSignature => {
            da: "Commit'en ændrer {signers}, men dens signatur holder ikke mod listen før ændringen.",
            en: "The commit changes {signers}, but its signature does not hold against the list before the change.",
        },
        SignersChangedHint => {
            da: "Listen før denne commit gælder stadig. Bed en, som den tillader, om at lave ændringen signeret.",
            en: "The list before this commit still applies. Ask someone it allows to make the change, signed.",
        },
        NotAPlanFile => {
            da: "Commit'en lægger noget i plans/, som ikke er en almindelig planfil: {files}. Kun plans/<id>.json, almindelige filer, der ikke er eksekverbare, hører til der.",
            en: "The commit puts something under plans/ that is not a plain plan file: {files}. Only plans/<id>.json, regular files that are not executable, belong there.",
        },
        NotAPlanFileHint => {
            da: "Flyt det ud af plans/ med en ny commit; en plan ændres kun med `backbrief decide`.",
            en: "Move it out of plans/ with a new commit; a plan is changed only with `backbrief decide`.",
        },
        KindFolder => { da: "en undermappe", en: "a sub-folder" },
        KindSubmodule => { da: "et submodule", en: "a submodule" },
        KindLink => { da: "et symbolsk link", en: "a symbolic link" },
        KindExecutable => { da: "eksekverbar", en: "executable" },
        KindOther => { da: "en ukendt slags fil", en: "an unknown kind of file" },
        KindNotAPlan => { da: "ikke et plannavn", en: "not a plan's name" },
        Replaced => {
            da: "Commit {commit} er erstattet med {replacement} (git replace): git log og git show viser erstatningen i stedet for det, der blev registreret. Kontrollen læser den oprindelige commit.",
            en: "Commit {commit} is replaced by {replacement} (git replace): git log and git show show the replacement instead of what was recorded. Verify reads the original commit.",
        },
        ReplacedHint => {
            da: "Find ud af, hvem der lavede erstatningen, og fjern den med `git replace -d {commit}`.",
            en: "Find out who made the replacement, and remove it with `git replace -d {commit}`.",
        },
        Grafted => {
            da: "Filen .git/info/grafts ændrer, hvilke forældre git viser for commit {commits}. Kontrollen læser historikken uden den.",
            en: "The file .git/info/grafts changes the parents git shows for commit {commits}. Verify reads the history without it.",
        },
        GraftedHint => {
            da: "Find ud af, hvem der lavede filen, og slet .git/info/grafts.",
            en: "Find out who made the file, and delete .git/info/grafts.",
        },
        HistoryMissing => {
            da: "Historikken før {commit} mangler (en \"shallow clone\"), så det, der blev besluttet før, kan ikke kontrolleres.",
            en: "The history before {commit} is missing (a shallow clone), so what was decided before it cannot be checked.",
        },
        HistoryMissingHint => {
            da: "Hent hele historikken med `git fetch --unshallow`, og kør `backbrief verify` igen.",
            en: "Fetch the whole history with `git fetch --unshallow` and run `backbrief verify` again.",
        },
        LogNotWritten => {
            da: "Det kontrollerede punkt kunne ikke gemmes i {file}: {reason}.",
            en: "The verified point could not be saved in {file}: {reason}.",
        },
        VerifiedRefGone => {
            da: "{reference} er slettet, men loggen {log} husker det sidst kontrollerede punkt, {commit}; det kontrolleres stadig.",
            en: "{reference} has been deleted, but the log {log} remembers the last verified point, {commit}; it is still checked.",
        },
        VerifiedRefGoneHint => {
            da: "Find ud af, hvem der slettede referencen; `backbrief verify --record` sætter den igen, når historikken er uden fejl.",
            en: "Find out who deleted the reference; `backbrief verify --record` sets it again when the history has no errors.",
        },
        RemoteVerifiedLost => {
            da: "Historikken på {remote} ({branch}) fører ikke længere gennem {commit}, det punkt der sidst blev kontrolleret dér: den er skrevet om siden. Intet er ændret her.",
            en: "The history on {remote} ({branch}) no longer leads through {commit}, the point last verified there: it has been rewritten since. Nothing was changed here.",
        },
        RemoteVerifiedLostHint => {
            da: "Tal med den, der passer det fælles repository; synkronisér ikke, før historikken er sat tilbage.",
            en: "Talk to whoever looks after the shared repository; do not sync until the history is put back.",
        },
        VerifiedShared => {
            da: "Det kontrollerede punkt {commit} er delt med {remote}.",
            en: "The verified point {commit} is shared with {remote}.",
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
        NoFindings => { da: "ingen fund", en: "no findings" },
        SummarySinceClean => {
            da: "Historikken siden det kontrollerede punkt {commit} er kontrolleret: {commits}, {decisions}, {findings}. (`backbrief verify --full` kontrollerer det hele.)",
            en: "History since the verified point {commit} checked: {commits}, {decisions}, {findings}. (`backbrief verify --full` checks it all.)",
        },
        SummarySince => {
            da: "Historikken siden det kontrollerede punkt {commit} er kontrolleret: {commits}, {decisions}; {findings}. (`backbrief verify --full` kontrollerer det hele.)",
            en: "History since the verified point {commit} checked: {commits}, {decisions}; {findings}. (`backbrief verify --full` checks it all.)",
        },
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
