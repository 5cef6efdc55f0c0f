//! Sentences of `decide` and `revert`.

crate::catalogue! {
    /// Messages of decide and revert.
    pub enum DecideMsg {
        OnInFuture => {
            da: "Besluttet den: {on} ligger efter i dag ({today}); en beslutning kan ikke være truffet i fremtiden.",
            en: "Decided on: {on} is after today ({today}); a decision cannot have been made in the future.",
        },
        OnInFutureHint => {
            da: "Skriv den dag, beslutningen blev truffet, fx 12.9.2024 eller 2024-09-12.",
            en: "Give the day the decision was made, such as 12 September 2024 or 2024-09-12.",
        },
        NothingToDecide => {
            da: "Planen {plan} er ikke ændret, så der er intet at registrere.",
            en: "The plan {plan} has not changed, so there is nothing to record.",
        },
        NothingToDecideHint => {
            da: "Angiv ændringer med --set (fx --set workshop.status=done), eller ret filen plans/{plan}.json først.",
            en: "Give changes with --set (such as --set workshop.status=done), or edit plans/{plan}.json first.",
        },
        HandEditsPresent => {
            da: "plans/{plan}.json har ændringer, der ikke er registreret; --set ville blande dem ind i beslutningen.",
            en: "plans/{plan}.json has changes that are not recorded; --set would mix them into the decision.",
        },
        HandEditsPresentHint => {
            da: "Registrér ændringerne i filen først med `backbrief decide {plan} -m … --by …` (uden --set), eller fortryd dem med `git checkout plans/{plan}.json`.",
            en: "Record the changes in the file first with `backbrief decide {plan} -m … --by …` (without --set), or undo them with `git checkout plans/{plan}.json`.",
        },
        InvalidResult => {
            da: "Beslutningen ville gøre planen {plan} ugyldig; intet er registreret, og filen er uændret.",
            en: "The decision would make the plan {plan} invalid; nothing was recorded and the file is unchanged.",
        },
        EmptySummary => {
            da: "Resuméet (-m) er tomt; skriv i én linje, hvad der blev besluttet.",
            en: "The summary (-m) is empty; say in one line what was decided.",
        },
        EmptyBy => {
            da: "--by er tomt; skriv hvem der besluttede det (fx \"Lokal-MED\").",
            en: "--by is empty; say who decided it (for example \"Lokal-MED\").",
        },
        PlanNotInHistoryAsOf => {
            da: "Planen {plan} var ikke registreret pr. {date}.",
            en: "The plan {plan} had not been recorded as of {date}.",
        },
        Changes => {
            da: "Ændringer:",
            en: "Changes:",
        },
        PlanNotInHistory => {
            da: "Planen {plan} findes ikke i historikken endnu.",
            en: "The plan {plan} is not in the history yet.",
        },
        PlanNotInHistoryHint => {
            da: "Opret planer med `backbrief new {plan} --by …`, eller registrér en håndlavet fil med `backbrief decide {plan} -m … --by …`.",
            en: "Create plans with `backbrief new {plan} --by …`, or record a hand-made file with `backbrief decide {plan} -m … --by …`.",
        },
    }
}

crate::catalogue! {
    /// Messages of revert.
    pub enum RevertMsg {
        Conflict => {
            da: "Beslutningen {commit} kan ikke fortrydes automatisk: {problem}",
            en: "The decision {commit} cannot be undone automatically: {problem}",
        },
        ConflictHint => {
            da: "Se hvem der ændrede det med `backbrief blame {plan}`, og registrér det, planen skal sige, med `backbrief decide {plan} --set …`.",
            en: "See who changed it with `backbrief blame {plan}`, and record what the plan should say with `backbrief decide {plan} --set …`.",
        },
        CannotRevertCreation => {
            da: "Beslutningen oprettede planen {plan}; oprettelsen af en plan kan ikke fortrydes med revert.",
            en: "The decision created the plan {plan}; creating a plan cannot be undone with revert.",
        },
        CannotRevertCreationHint => {
            da: "Sæt planens aktiviteter til \"cancelled\" med `backbrief decide`, hvis planen ikke skal bruges.",
            en: "Set the plan's activities to \"cancelled\" with `backbrief decide` if the plan is not to be used.",
        },
        NothingToRevert => {
            da: "Beslutningen {commit} ændrede intet, der kan fortrydes.",
            en: "The decision {commit} changed nothing that can be undone.",
        },
        Body => {
            da: "Fortryder beslutningen {commit} (\"{summary}\").",
            en: "Reverts the decision {commit} (\"{summary}\").",
        },
    }
}
