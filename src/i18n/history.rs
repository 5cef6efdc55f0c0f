//! Sentences about the plans repository and its history of decisions.

crate::catalogue! {
    /// Messages of init, decide, log, show, blame, revert and verify about the repository.
    pub enum HistoryMsg {
        NotARepository => {
            da: "{dir} er ikke et plan-repositorium (ingen git-repositorium her).",
            en: "{dir} is not a plans repository (no git repository here).",
        },
        NotOwned => {
            da: "git nægter at åbne {dir}, fordi mappen ejes af en anden bruger end dig (\"dubious ownership\").",
            en: "git refuses to open {dir} because the folder is owned by another user than you (\"dubious ownership\").",
        },
        NotOwnedHint => {
            da: "Stoler du på mappen, så sig det til git én gang: git config --global --add safe.directory {dir}",
            en: "If you trust the folder, tell git once: git config --global --add safe.directory {dir}",
        },
        BareRepository => {
            da: "{dir} er et \"bart\" git-repositorium (en servers kopi) uden arbejdsmappe, så der er ingen planer at læse eller ændre her.",
            en: "{dir} is a bare git repository (a server's copy) without a work tree, so there are no plans to read or change here.",
        },
        BareRepositoryHint => {
            da: "Hent en kopi at arbejde i med `git clone {dir}`, og kør backbrief dér. På serveren bruges kun `backbrief hook install`.",
            en: "Get a copy to work in with `git clone {dir}`, and run backbrief there. On the server, only `backbrief hook install` is used.",
        },
        NotARepositoryHint => {
            da: "Opret et med `backbrief init`, eller gå til mappen med planerne (eller brug -C <mappe>).",
            en: "Create one with `backbrief init`, or go to the folder with the plans (or use -C <folder>).",
        },
        NoPlansFolder => {
            da: "Git-repositoriet {dir} har ingen mappe plans/, så det er ikke et plan-repositorium.",
            en: "The git repository {dir} has no plans/ folder, so it is not a plans repository.",
        },
        UnbornBranch => {
            da: "Repositoriet har endnu ingen historik (grenen {branch} har ingen commits).",
            en: "The repository has no history yet (the branch {branch} has no commits).",
        },
        UnbornBranchHint => {
            da: "Kør `backbrief init` for at lave den første commit.",
            en: "Run `backbrief init` to make the first commit.",
        },
        DetachedHead => {
            da: "Repositoriet står ikke på en gren (detached HEAD), så en beslutning ville ikke høre til nogen gren.",
            en: "The repository is not on a branch (detached HEAD), so a decision would belong to no branch.",
        },
        DetachedHeadHint => {
            da: "Skift til grenen med planerne, fx `git switch main`.",
            en: "Switch to the branch with the plans, for example `git switch main`.",
        },
        OperationInProgress => {
            da: "Git er midt i en anden handling ({operation}); backbrief venter med at skrive, til den er afsluttet.",
            en: "Git is in the middle of another operation ({operation}); backbrief will not write until it is finished.",
        },
        OperationInProgressHint => {
            da: "Afslut eller afbryd den først, fx `git merge --abort` eller `git rebase --abort`.",
            en: "Finish or abort it first, for example `git merge --abort` or `git rebase --abort`.",
        },
        GitError => {
            da: "Git-fejl: {detail}.",
            en: "Git error: {detail}.",
        },
        LockHeld => {
            da: "Et andet backbrief-program (proces {pid}) skriver i repositoriet og blev ikke færdigt inden for {seconds} sekunder.",
            en: "Another backbrief program (process {pid}) is writing to the repository and did not finish within {seconds} seconds.",
        },
        LockHeldHint => {
            da: "Vent lidt og prøv igen. Hænger processen, så stop den.",
            en: "Wait a moment and try again. If the process hangs, stop it.",
        },
        MissingIdentity => {
            da: "Git ved ikke, hvem du er, så beslutningen kan ikke registreres med dit navn.",
            en: "Git does not know who you are, so the decision cannot be recorded under your name.",
        },
        MissingIdentityHint => {
            da: "Kør `git config --global user.name \"Dit Navn\"` og `git config --global user.email \"dig@kommune.dk\"`.",
            en: "Run `git config --global user.name \"Your Name\"` and `git config --global user.email \"you@example.org\"`.",
        },
        BadGitDate => {
            da: "{variable} (\"{value}\") er ikke en dato, git forstår.",
            en: "{variable} (\"{value}\") is not a date git understands.",
        },
        SigningFailed => {
            da: "Git er sat op til at signere commits, men signeringen mislykkedes: {detail}.",
            en: "Git is set up to sign commits, but signing failed: {detail}.",
        },
        SigningFailedHint => {
            da: "Tjek user.signingkey og gpg.format i git config (eller slå signering fra med `git config commit.gpgsign false`). Intet er registreret.",
            en: "Check user.signingkey and gpg.format in git config (or turn signing off with `git config commit.gpgsign false`). Nothing was recorded.",
        },
        InitNotCommitted => {
            da: "Den første commit i {dir} kunne ikke gemmes (er disken fuld?); repositoriet er ikke oprettet.",
            en: "The first commit in {dir} could not be saved (is the disk full?); the repository was not created.",
        },
        InitNotCommittedHint => {
            da: "Frigør plads på disken, og kør `backbrief init` igen.",
            en: "Free some space on the disk and run `backbrief init` again.",
        },
        HookDidNotStart => {
            da: "Git-hooken {hook} kunne ikke startes; intet er registreret.",
            en: "The git hook {hook} could not be started; nothing was recorded.",
        },
        HookRefused => {
            da: "Git-hooken {hook} afviste beslutningen; intet er registreret, og filen er uændret.",
            en: "The git hook {hook} refused the decision; nothing was recorded and the file is unchanged.",
        },
        HookHint => {
            da: "Hooken er {hook}. Ret det, den klager over, eller spring pre-commit og commit-msg over med --no-verify, som med git commit.",
            en: "The hook is {hook}. Fix what it complains about, or skip pre-commit and commit-msg with --no-verify, as with git commit.",
        },
        HookPrinted => {
            da: "{hook} skrev:",
            en: "{hook} said:",
        },
        HookBrokeMessage => {
            da: "Git-hooken commit-msg ændrede beskeden, så den ikke længere siger, hvilken plan og hvem der besluttede (Plan: {plan}, Decided-by:); intet er registreret.",
            en: "The git hook commit-msg changed the message so that it no longer says which plan and who decided (Plan: {plan}, Decided-by:); nothing was recorded.",
        },
        LaterEdits => {
            da: "{file} blev gemt igen, mens beslutningen blev registreret. Beslutningen er registreret; den nyere udgave af filen er ladt urørt og er endnu ikke registreret.",
            en: "{file} was saved again while the decision was being recorded. The decision is recorded; the newer version of the file is left as it is and is not recorded yet.",
        },
        LaterEditsHint => {
            da: "Se de nye ændringer med `git diff {file}`, og registrér dem med `backbrief decide {plan} -m … --by …`.",
            en: "See the new changes with `git diff {file}`, and record them with `backbrief decide {plan} -m … --by …`.",
        },
        WarningsAfter => {
            da: "Planen har advarsler efter beslutningen (de forhindrer den ikke; --strict gør):",
            en: "The plan has warnings after this decision (they do not stop it; --strict does):",
        },
        StrictRefused => {
            da: "Beslutningen ville give planen {plan} advarsler, og --strict er valgt; intet er registreret, og filen er uændret.",
            en: "The decision would give the plan {plan} warnings, and --strict is on; nothing was recorded and the file is unchanged.",
        },
        DraftConflict => {
            da: "Planen {plan} er ændret af en anden beslutning, siden udkastet blev lavet, og de to støder sammen; intet er registreret.",
            en: "The plan {plan} was changed by another decision since the draft was made, and the two collide; nothing was recorded.",
        },
        DraftConflictHint => {
            da: "Åbn planen igen, så du ser den, som den er nu, og lav ændringen på ny.",
            en: "Open the plan again to see it as it is now, and make the change anew.",
        },
        DraftMerged => {
            da: "Planen var ændret siden udkastet; udkastets ændringer er lagt oven på de nyere beslutninger.",
            en: "The plan had changed since the draft; the draft's changes were applied on top of the newer decisions.",
        },
        DraftCollision => {
            da: "{target}: udkastet siger {draft}, planen siger nu {now}",
            en: "{target}: the draft says {draft}, the plan now says {now}",
        },
        DraftBaseUnknown => {
            da: "Udkastet bygger på en version af planen ({commit}), som ikke findes i historikken; intet er registreret.",
            en: "The draft is based on a version of the plan ({commit}) that is not in the history; nothing was recorded.",
        },
        BranchMoved => {
            da: "Grenen {branch} blev ændret af en anden, mens beslutningen blev skrevet; intet er registreret.",
            en: "The branch {branch} was changed by someone else while the decision was being written; nothing was recorded.",
        },
        BranchMovedHint => {
            da: "Kør kommandoen igen.",
            en: "Run the command again.",
        },
        UnknownCommit => {
            da: "\"{commit}\" er ikke en commit i repositoriet.",
            en: "\"{commit}\" is not a commit in the repository.",
        },
        UnknownCommitHint => {
            da: "Se commit-id'erne med `backbrief log`.",
            en: "See the commit ids with `backbrief log`.",
        },
        NotADecision => {
            da: "Commit {commit} er ikke en beslutning (den mangler trailerne Plan og Decided-by).",
            en: "Commit {commit} is not a decision (it lacks the Plan and Decided-by trailers).",
        },
        RecoveredCompleted => {
            da: "En afbrudt registrering af beslutningen {commit} blev gjort færdig.",
            en: "An interrupted recording of the decision {commit} was completed.",
        },
        RecoveredRolledBack => {
            da: "En afbrudt registrering, der ikke nåede at blive gemt, blev ryddet op; intet var ændret.",
            en: "An interrupted recording that had not been saved was cleaned up; nothing had changed.",
        },
        InitCreated => {
            da: "Oprettede plan-repositoriet i {dir}: mappen plans/, en README til udvalget og den første commit.",
            en: "Created the plans repository in {dir}: the plans/ folder, a README for the committee and the first commit.",
        },
        InitExists => {
            da: "{dir} er allerede et plan-repositorium; intet er ændret.",
            en: "{dir} is already a plans repository; nothing was changed.",
        },
        InitNotEmpty => {
            da: "{dir} er et git-repositorium med historik, men uden mappen plans/.",
            en: "{dir} is a git repository with history but without a plans/ folder.",
        },
        InitNotEmptyHint => {
            da: "Vælg en tom mappe (`backbrief init <mappe>`), eller opret plans/ og læg planerne dér.",
            en: "Choose an empty folder (`backbrief init <folder>`), or create plans/ and put the plans there.",
        },
        InitMessage => {
            da: "Opret plan-repositorium",
            en: "Create plans repository",
        },
        ByRequired => {
            da: "Angiv hvem der besluttede det med --by (fx --by \"Lokal-MED\"); i et plan-repositorium registreres alt som en beslutning.",
            en: "Say who decided it with --by (for example --by \"Lokal-MED\"); in a plans repository everything is recorded as a decision.",
        },
        NewDecisionSummary => {
            da: "Opret planen {id}",
            en: "Create the plan {id}",
        },
        Recorded => {
            da: "Registrerede beslutningen {commit} om {plan}: {summary}",
            en: "Recorded the decision {commit} on {plan}: {summary}",
        },
    }
}
