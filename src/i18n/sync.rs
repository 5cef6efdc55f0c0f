//! Sentences of `sync`, the merge driver, and verify's check of merges.

crate::catalogue! {
    /// Messages of sync and merge-driver.
    pub enum SyncMsg {
        // -- the remote and the transport ---------------------------------
        NoRemote => {
            da: "Repositoriet har ingen fjern-kopi (remote) at synkronisere med: grenen har ingen upstream, og der er ingen \"origin\".",
            en: "The repository has no remote to sync with: the branch has no upstream and there is no \"origin\".",
        },
        NoRemoteHint => {
            da: "Tilføj udvalgets fælles repositorium med `git remote add origin <adresse>`, eller angiv det: `backbrief sync <adresse>`.",
            en: "Add the committee's shared repository with `git remote add origin <address>`, or name it: `backbrief sync <address>`.",
        },
        UnknownRemote => {
            da: "\"{remote}\" er hverken en kendt fjern-kopi (kendte: {known}), en adresse eller en mappe.",
            en: "\"{remote}\" is neither a known remote (known: {known}), an address nor a folder.",
        },
        UnknownRemoteHint => {
            da: "Se de kendte med `git remote -v`, eller angiv en adresse (https://…, ssh://…, file://…) eller stien til en delt mappe.",
            en: "See the known ones with `git remote -v`, or give an address (https://…, ssh://…, file://…) or the path of a shared folder.",
        },
        GitMissing => {
            da: "Programmet git kunne ikke startes ({reason}); sync bruger git til at hente og sende.",
            en: "The git program could not be started ({reason}); sync uses git to fetch and push.",
        },
        GitMissingHint => {
            da: "Installér git (fx `apt install git`), og prøv igen.",
            en: "Install git (for example `apt install git`) and try again.",
        },
        FetchFailed => {
            da: "Kunne ikke hente fra {remote}: {detail}. Intet er ændret.",
            en: "Could not fetch from {remote}: {detail}. Nothing was changed.",
        },
        FetchFailedNoDetail => {
            da: "Kunne ikke hente fra {remote} (git har forklaret hvorfor ovenfor). Intet er ændret.",
            en: "Could not fetch from {remote} (git explained why above). Nothing was changed.",
        },
        FetchFailedHint => {
            da: "Tjek adressen (`git remote -v`), netværket, og at du har adgang (log ind, ssh-nøgle); prøv så igen.",
            en: "Check the address (`git remote -v`), the network, and that you have access (login, ssh key); then try again.",
        },
        PushFailed => {
            da: "Kunne ikke sende til {remote}: {detail}. Det, der er flettet her, er gemt lokalt; kør sync igen.",
            en: "Could not push to {remote}: {detail}. What was merged here is kept locally; run sync again.",
        },
        PushFailedNoDetail => {
            da: "Kunne ikke sende til {remote} (git har forklaret hvorfor ovenfor). Det, der er flettet her, er gemt lokalt; kør sync igen.",
            en: "Could not push to {remote} (git explained why above). What was merged here is kept locally; run sync again.",
        },
        PushRefused => {
            da: "{remote} tog ikke imod beslutningerne: {reason}.",
            en: "{remote} did not accept the decisions: {reason}.",
        },
        PushRefusedHint => {
            da: "Fjern-kopien har regler for, hvad den modtager (fx en beskyttet gren); spørg den, der passer den.",
            en: "The remote has rules about what it accepts (such as a protected branch); ask whoever looks after it.",
        },
        RemoteLocked => {
            da: "{remote} er låst af en anden afsendelse, eller af en, der blev afbrudt: {files}.",
            en: "{remote} is locked by another push, or by one that was interrupted: {files}.",
        },
        RemoteLockedHint => {
            da: "Når ingen andre sender beslutninger dertil, så slet de nævnte filer og kør sync igen; intet går tabt.",
            en: "When no one else is sending decisions there, delete the files named and run sync again; nothing is lost.",
        },
        PushRaced => {
            da: "En anden sendte til {remote} i mellemtiden; henter og fletter igen.",
            en: "Someone else pushed to {remote} meanwhile; fetching and merging again.",
        },
        RemoteKeepsMoving => {
            da: "{remote} blev ved med at ændre sig, mens vi sendte ({attempts} forsøg).",
            en: "{remote} kept changing while we pushed ({attempts} attempts).",
        },
        RemoteKeepsMovingHint => {
            da: "Det flettede er gemt lokalt. Vent lidt, og kør `backbrief sync` igen.",
            en: "What was merged is kept locally. Wait a moment and run `backbrief sync` again.",
        },
        // -- what happened -------------------------------------------------
        UpToDate => {
            da: "Alt er allerede fælles med {remote} ({branch}).",
            en: "Everything is already shared with {remote} ({branch}).",
        },
        RemoteUntrusted => {
            da: "Det, der blev hentet fra {remote} ({branch}), har {count} fejl, som `backbrief verify` ville finde; intet er ændret her:",
            en: "What was fetched from {remote} ({branch}) has {count} error(s) that `backbrief verify` would find; nothing was changed here:",
        },
        RemoteUntrustedHint => {
            da: "Bed den, der lagde commit'erne på {remote}, om at rette dem (en almindelig ændring af en plan registreres med `backbrief decide`). Installér `backbrief hook install` på serveren, så den afviser den slags push.",
            en: "Ask whoever put the commits on {remote} to fix them (a change of a plan is recorded with `backbrief decide`). Install `backbrief hook install` on the server so that it refuses such pushes.",
        },
        FastForwarded => {
            da: "Hentede {count} beslutning(er) fra {remote}:",
            en: "Fetched {count} decision(s) from {remote}:",
        },
        Merged => {
            da: "Flettede {theirs} beslutning(er) fra {remote} med {ours} herfra (commit {commit}). Nyt fra {remote}:",
            en: "Merged {theirs} decision(s) from {remote} with {ours} from here (commit {commit}). New from {remote}:",
        },
        SettledBy => {
            da: "{count} konflikt(er) afgjort af {by}; valgene står i flette-commit'ens trailere.",
            en: "{count} conflict(s) settled by {by}; the choices are in the merge commit's trailers.",
        },
        Pushed => {
            da: "Sendte {count} beslutning(er) til {remote} ({branch}).",
            en: "Pushed {count} decision(s) to {remote} ({branch}).",
        },
        DecisionLine => {
            da: "{commit} {plan}: {summary} ({by}, {on})",
            en: "{commit} {plan}: {summary} ({by}, {on})",
        },
        CommitSummary => {
            da: "Synkronisering med {remote}: {theirs} beslutning(er) derfra, {ours} herfra",
            en: "Sync with {remote}: {theirs} decision(s) from there, {ours} from here",
        },
        LaterEdits => {
            da: "{file} blev gemt i en editor, mens synkroniseringen kørte; din udgave er ladt urørt og er endnu ikke registreret (`git diff {file}` viser forskellen).",
            en: "{file} was saved in an editor while the sync ran; your version is left as it is and is not recorded yet (`git diff {file}` shows the difference).",
        },
        RecoveredCompleted => {
            da: "En afbrudt synkronisering ({commit}) blev gjort færdig i arbejdsmappen.",
            en: "An interrupted sync ({commit}) was completed in the work tree.",
        },
        RecoveredRolledBack => {
            da: "En afbrudt synkronisering, der ikke nåede at blive gemt, blev ryddet op; intet var ændret.",
            en: "An interrupted sync that had not been saved was cleaned up; nothing had changed.",
        },
        // -- refusals --------------------------------------------------------
        HandEdits => {
            da: "Der er ændringer i {files}, som ikke er registreret som beslutninger; sync ville blande dem ind i andres beslutninger. Intet er ændret.",
            en: "{files} has changes that are not recorded as decisions; sync would mix them into other people's decisions. Nothing was changed.",
        },
        HandEditsHint => {
            da: "Registrér ændringerne med `backbrief decide <plan> -m … --by …`, eller fortryd dem med `git checkout -- plans/`; kør så sync igen.",
            en: "Record the changes with `backbrief decide <plan> -m … --by …`, or undo them with `git checkout -- plans/`; then run sync again.",
        },
        LocalChanges => {
            da: "{files} har lokale ændringer, som synkroniseringen ville overskrive. Intet er ændret.",
            en: "{files} has local changes that the sync would overwrite. Nothing was changed.",
        },
        LocalChangesHint => {
            da: "Gem ændringerne med git (`git commit`), eller fortryd dem (`git checkout -- <fil>`), og kør sync igen.",
            en: "Save the changes with git (`git commit`) or undo them (`git checkout -- <file>`), and run sync again.",
        },
        RemoteRewritten => {
            da: "Historikken på {remote} ({branch}) er skrevet om siden sidste synkronisering (en \"force-push\"): {count} beslutning(er), der var der, er væk derfra. Intet er ændret. Følgende ville gå tabt:",
            en: "The history on {remote} ({branch}) was rewritten since the last sync (a \"force-push\"): {count} decision(s) that were there are gone from it. Nothing was changed. These would be lost:",
        },
        RemoteRewrittenHint => {
            da: "Tal med den, der ændrede det fælles repositorium. Beslutningerne findes stadig her. Er I enige om at fortsætte, så glem det gamle udgangspunkt med `git update-ref -d {marker}` og kør sync igen: så flettes historikkerne, og beslutningerne kommer tilbage.",
            en: "Talk to whoever changed the shared repository. The decisions still exist here. If you agree to go on, forget the old starting point with `git update-ref -d {marker}` and run sync again: the histories are then merged and the decisions come back.",
        },
        Unrelated => {
            da: "Repositoriet her og {remote} har ingen fælles historik, så deres beslutninger kan ikke flettes. Intet er ændret.",
            en: "This repository and {remote} have no history in common, so their decisions cannot be merged. Nothing was changed.",
        },
        UnrelatedHint => {
            da: "Hent det fælles repositorium med `git clone <adresse>`, og registrér jeres beslutninger dér.",
            en: "Get the shared repository with `git clone <address>` and record your decisions there.",
        },
        InvalidIncoming => {
            da: "Planen {plan} fra {remote} er ugyldig, så den flettes ikke ind. Intet er ændret.",
            en: "The plan {plan} from {remote} is invalid, so it is not merged. Nothing was changed.",
        },
        InvalidIncomingHint => {
            da: "Den, der ændrede planen på {remote}, skal rette den (`backbrief validate` viser fejlene); kør så sync igen.",
            en: "Whoever changed the plan on {remote} must fix it (`backbrief validate` shows the problems); then run sync again.",
        },
        InvalidLocal => {
            da: "Planen {plan} her er ugyldig, så den kan ikke deles. Intet er ændret.",
            en: "The plan {plan} here is invalid, so it cannot be shared. Nothing was changed.",
        },
        InvalidLocalHint => {
            da: "Se fejlene med `backbrief validate`, og registrér en rettelse med `backbrief decide {plan} …`.",
            en: "See the problems with `backbrief validate`, and record a fix with `backbrief decide {plan} …`.",
        },
        MoreProblems => {
            da: "og {count} fejl mere",
            en: "and {count} more problem(s)",
        },
        MergedInvalid => {
            da: "Flettet sammen ville {plans} blive ugyldig, selv om hver side er gyldig for sig. Intet er ændret.",
            en: "Merged, {plans} would be invalid, though each side is valid on its own. Nothing was changed.",
        },
        MergedInvalidHint => {
            da: "Ret det med --resolve ID.FELT=VÆRDI --by HVEM (fx fjern en afhængighed), eller vælg den anden side i en konflikt.",
            en: "Fix it with --resolve ID.FIELD=VALUE --by WHO (for example remove a dependency), or choose the other side of a conflict.",
        },
        OtherFilesConflict => {
            da: "Andre filer end planerne er ændret forskelligt på begge sider: {files}. Intet er ændret.",
            en: "Files other than the plans were changed differently on both sides: {files}. Nothing was changed.",
        },
        OtherFilesConflictHint => {
            da: "Flet dem med git (`git pull`), og kør så sync igen.",
            en: "Merge them with git (`git pull`), then run sync again.",
        },
        // -- settling conflicts ------------------------------------------------
        ConflictsFound => {
            da: "Synkroniseringen med {remote} er ikke gennemført: {count} konflikt(er) skal afgøres. Intet er ændret her.",
            en: "The sync with {remote} is not done: {count} conflict(s) must be settled. Nothing was changed here.",
        },
        ConflictsHint => {
            da: "Afgør dem med `backbrief sync --resolve ID.FELT=VÆRDI … --by HVEM`, eller tag den ene sides værdier for resten med --ours (her) eller --theirs (derfra).",
            en: "Settle them with `backbrief sync --resolve ID.FIELD=VALUE … --by WHO`, or take one side's values for the rest with --ours (here) or --theirs (there).",
        },
        PlanHeading => {
            da: "Planen {plan} (\"{title}\"):",
            en: "The plan {plan} (\"{title}\"):",
        },
        WhatField => {
            da: "{item}: feltet {field} er ændret forskelligt her og hos {remote} [{target}]",
            en: "{item}: the field {field} was changed differently here and on {remote} [{target}]",
        },
        WhatPlanField => {
            da: "planens felt {field} er ændret forskelligt her og hos {remote} [{target}]",
            en: "the plan's field {field} was changed differently here and on {remote} [{target}]",
        },
        WhatRemovedHere => {
            da: "{item} er fjernet her, men ændret hos {remote} [{target}]",
            en: "{item} was removed here but changed on {remote} [{target}]",
        },
        WhatRemovedThere => {
            da: "{item} er ændret her, men fjernet hos {remote} [{target}]",
            en: "{item} was changed here but removed on {remote} [{target}]",
        },
        WhatAddedTwice => {
            da: "{item} er tilføjet både her og hos {remote}, men forskelligt [{target}]",
            en: "{item} was added both here and on {remote}, but differently [{target}]",
        },
        WhatOrder => {
            da: "rækkefølgen {target} er ændret forskelligt her og hos {remote}",
            en: "the order of {target} was changed differently here and on {remote}",
        },
        WhatPlanCreatedTwice => {
            da: "planen er oprettet både her og hos {remote}, med forskelligt indhold",
            en: "the plan was created both here and on {remote}, with different contents",
        },
        WhatPlanRemovedHere => {
            da: "planen er fjernet her, men ændret hos {remote}",
            en: "the plan was removed here but changed on {remote}",
        },
        WhatPlanRemovedThere => {
            da: "planen er ændret her, men fjernet hos {remote}",
            en: "the plan was changed here but removed on {remote}",
        },
        SideHere => { da: "her", en: "here" },
        SideThere => { da: "hos {remote}", en: "on {remote}" },
        SideThereShort => { da: "derfra", en: "theirs" },
        DecidedBy => {
            da: "besluttet af {by} {on} ({commit} \"{summary}\", registreret af {recorded_by})",
            en: "decided by {by} on {on} ({commit} \"{summary}\", recorded by {recorded_by})",
        },
        DecidedByUnknown => {
            da: "(ingen registreret beslutning fundet for ændringen)",
            en: "(no recorded decision found for the change)",
        },
        OrderIs => {
            da: "rækkefølge: {ids}",
            en: "order: {ids}",
        },
        Unchanged => {
            da: "uændret",
            en: "unchanged",
        },
        AndMore => {
            da: "og {count} ændring(er) mere",
            en: "and {count} more change(s)",
        },
        SettleField => {
            da: "afgør med: --resolve {target}=VÆRDI (eller --resolve {prefixed}=VÆRDI), --ours eller --theirs",
            en: "settle with: --resolve {target}=VALUE (or --resolve {prefixed}=VALUE), --ours or --theirs",
        },
        SettleItem => {
            da: "afgør med: --resolve {target}= (fjern det), --ours eller --theirs (eller --resolve {prefixed}=)",
            en: "settle with: --resolve {target}= (remove it), --ours or --theirs (or --resolve {prefixed}=)",
        },
        SettleSide => {
            da: "afgør med: --ours eller --theirs",
            en: "settle with: --ours or --theirs",
        },
        ResolveMultiline => {
            da: "--resolve {resolve}: værdien må ikke fylde flere linjer.",
            en: "--resolve {resolve}: the value may not span several lines.",
        },
        NothingToResolve => {
            da: "--resolve {resolve}: der er ingen konflikter at afgøre i denne synkronisering. Intet er ændret.",
            en: "--resolve {resolve}: there are no conflicts to settle in this sync. Nothing was changed.",
        },
        NothingToResolveHint => {
            da: "Kør `backbrief sync` uden --resolve.",
            en: "Run `backbrief sync` without --resolve.",
        },
        NotAConflict => {
            da: "--resolve {resolve}: det er ikke en konflikt i denne synkronisering. Intet er ændret.",
            en: "--resolve {resolve}: that is not a conflict in this sync. Nothing was changed.",
        },
        NotAConflictHint => {
            da: "Konflikterne er: {targets}.",
            en: "The conflicts are: {targets}.",
        },
        NoConflictsHint => {
            da: "Der er ingen konflikter; kør `backbrief sync` uden --resolve.",
            en: "There are no conflicts; run `backbrief sync` without --resolve.",
        },
        ResolveAmbiguous => {
            da: "--resolve {resolve} passer på konflikter i flere planer: {plans}.",
            en: "--resolve {resolve} matches conflicts in several plans: {plans}.",
        },
        ResolveAmbiguousHint => {
            da: "Sæt planens id foran, fx --resolve {plan}:{resolve}.",
            en: "Put the plan's id in front, for example --resolve {plan}:{resolve}.",
        },
        ResolutionsDoNotFit => {
            da: "Valgene for planen {plan} passer ikke sammen: {detail} Intet er ændret.",
            en: "The choices for the plan {plan} do not fit together: {detail} Nothing was changed.",
        },
        ResolutionsDoNotFitHint => {
            da: "Vælg samme side for konflikter, der hænger sammen (fx en fase og de aktiviteter, der flyttes ind i den).",
            en: "Choose the same side for conflicts that belong together (such as a phase and the activities moved into it).",
        },
        ByRequired => {
            da: "Angiv hvem der afgør konflikterne med --by (fx --by \"Lokal-MED\"); valget registreres i flette-commit'en.",
            en: "Say who settles the conflicts with --by (for example --by \"Lokal-MED\"); the choice is recorded in the merge commit.",
        },
        // -- the merge driver --------------------------------------------------
        DriverConflict => {
            da: "konflikt i {target}: her: {ours}; derfra: {theirs}",
            en: "conflict in {target}: ours: {ours}; theirs: {theirs}",
        },
        DriverKeptOurs => {
            da: "{path}: {count} konflikt(er). Filen har vores værdier og en liste \"merge_conflicts\" med begge siders; planen er ugyldig, til listen er fjernet.",
            en: "{path}: {count} conflict(s). The file has our values and a \"merge_conflicts\" list with both sides'; the plan is invalid until the list is removed.",
        },
        DriverHint => {
            da: "Bedre: `git merge --abort` og så `backbrief sync --resolve … --by …`, så det registreres, hvem der valgte hvad.",
            en: "Better: `git merge --abort`, then `backbrief sync --resolve … --by …`, so that who chose what is recorded.",
        },
        DriverNotAPlan => {
            da: "{path} er ikke en gyldig plan på alle sider; flettet som tekst med git's konfliktmarkeringer.",
            en: "{path} is not a valid plan on every side; merged as text with git's conflict markers.",
        },
        DriverCannotRead => {
            da: "Flette-driveren kunne ikke læse {path}: {reason}.",
            en: "The merge driver could not read {path}: {reason}.",
        },
    }
}
