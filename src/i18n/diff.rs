//! Sentences of the semantic diff (see [`crate::plan::diff`]): what a
//! decision changed, item by item, and why a change cannot be applied.

crate::catalogue! {
    /// Field names, change sentences and apply errors of the semantic diff.
    pub enum DiffMsg {
        // Field names of items, as they stand inside a sentence.
        FieldStatus => { da: "status", en: "status" },
        FieldPeriod => { da: "periode", en: "period" },
        FieldDue => { da: "frist", en: "due" },
        FieldOwner => { da: "ansvarlig", en: "owner" },
        FieldTitle => { da: "titel", en: "title" },
        FieldNotes => { da: "noter", en: "notes" },
        FieldQuestions => { da: "spørgsmål", en: "questions" },
        FieldCommunities => { da: "arbejdsfællesskaber", en: "working communities" },
        FieldImbalances => { da: "ubalancer", en: "imbalances" },
        FieldGoal => { da: "mål", en: "goal" },
        FieldPlannedBy => { da: "planlagt af", en: "planned by" },
        FieldDependsOn => { da: "afhænger af", en: "depends on" },
        FieldWhat => { da: "hvad", en: "what" },
        FieldTo => { da: "til", en: "to" },
        FieldBy => { da: "af", en: "by" },
        FieldAfter => { da: "efter fase", en: "after phase" },
        FieldDate => { da: "dato", en: "date" },
        FieldPosition => { da: "plads", en: "position" },
        FieldPhase => { da: "fase", en: "phase" },

        // Field names of the plan itself, as they begin a sentence.
        PlanTitle => { da: "Titel", en: "Title" },
        PlanMainTask => { da: "Hovedopgave", en: "Main task" },
        PlanSituation => { da: "Udgangspunkt", en: "Starting point" },
        PlanIntent => { da: "Hvordan vil vi opnå det?", en: "How will we achieve it?" },
        PlanUnit => { da: "Enhed", en: "Unit" },
        PlanOwner => { da: "Ejer", en: "Owner" },
        PlanLanguage => { da: "Sprog", en: "Language" },
        PlanNotes => { da: "Noter", en: "Notes" },
        PlanCoreTask => { da: "Kerneopgave", en: "Core task" },
        PlanSchema => { da: "Skema", en: "Schema" },
        PlanFormat => { da: "Format", en: "Format" },
        PlanId => { da: "Id", en: "Id" },

        // The three perspectives on the core task.
        CoreFormal => { da: "formel", en: "formal" },
        CorePerformed => { da: "udført", en: "performed" },
        CoreExperienced => { da: "oplevet", en: "experienced" },

        // Languages a plan can be in.
        LanguageDa => { da: "dansk", en: "Danish" },
        LanguageEn => { da: "engelsk", en: "English" },

        // Values.
        NoValue => { da: "(ingen)", en: "(none)" },
        Quoted => { da: "\"{text}\"", en: "\"{text}\"" },
        Cut => { da: "{text}…", en: "{text}…" },
        ListSeparator => { da: ", ", en: ", " },
        ListAdded => { da: "+ {entry}", en: "+ {entry}" },
        ListRemoved => { da: "− {entry}", en: "− {entry}" },
        ListCounts => {
            da: "{added} tilføjet, {removed} fjernet",
            en: "{added} added, {removed} removed",
        },
        ListReordered => { da: "i ny rækkefølge", en: "reordered" },

        // Change sentences.
        FieldChanged => {
            da: "{item}: {field} {before} → {after}",
            en: "{item}: {field} {before} → {after}",
        },
        ListChanged => {
            da: "{item}: {field} {changes}",
            en: "{item}: {field} {changes}",
        },
        PlanFieldChanged => {
            da: "{field}: {before} → {after}",
            en: "{field}: {before} → {after}",
        },
        CoreTaskChanged => {
            da: "{field} ({part}): {before} → {after}",
            en: "{field} ({part}): {before} → {after}",
        },
        Moved => {
            da: "{item}: flyttet fra {from} til {to}",
            en: "{item}: moved from {from} to {to}",
        },
        PlacedAt => {
            da: "{item}: placeret som nr. {after}",
            en: "{item}: placed at position {after}",
        },
        WasAt => {
            da: "{item}: var nr. {before}",
            en: "{item}: was at position {before}",
        },
        NewPhase => { da: "Ny fase: {title}", en: "New phase: {title}" },
        PhaseRemoved => { da: "Fase fjernet: {title}", en: "Phase removed: {title}" },
        NewSubtask => {
            da: "Ny aktivitet i {phase}: {title}",
            en: "New activity in {phase}: {title}",
        },
        SubtaskRemoved => {
            da: "Aktivitet fjernet fra {phase}: {title}",
            en: "Activity removed from {phase}: {title}",
        },
        NewMilestone => {
            da: "Ny milepæl: {title} ({date})",
            en: "New milestone: {title} ({date})",
        },
        WithDetails => { da: "{said} ({details})", en: "{said} ({details})" },
        Detail => { da: "{field} {value}", en: "{field} {value}" },
        MilestoneRemoved => { da: "Milepæl fjernet: {title}", en: "Milestone removed: {title}" },
        NewReporting => {
            da: "Ny afrapportering til {to}: {what}",
            en: "New reporting to {to}: {what}",
        },
        ReportingRemoved => {
            da: "Afrapportering fjernet: {what}",
            en: "Reporting removed: {what}",
        },
        PlanCreated => { da: "Planen oprettet: {title}", en: "Plan created: {title}" },
        PlanRemoved => { da: "Planen slettet: {title}", en: "Plan deleted: {title}" },

        // Why a change cannot be applied.
        ErrNotAPlan => {
            da: "Planen er ikke et JSON-objekt med faser, milepæle og afrapportering.",
            en: "The plan is not a JSON object with phases, milestones and reporting.",
        },
        ErrMalformed => {
            da: "Planen har ikke den forventede form ved {pointer}.",
            en: "The plan does not have the expected shape at {pointer}.",
        },
        ErrNoSuchItem => {
            da: "Der er intet punkt med id'et \"{id}\" i planen.",
            en: "There is no item with the id \"{id}\" in the plan.",
        },
        ErrAlreadyExists => {
            da: "Der er allerede et punkt med id'et \"{id}\" i planen.",
            en: "There is already an item with the id \"{id}\" in the plan.",
        },
        ErrNoSuchPhase => {
            da: "Der er ingen fase med id'et \"{id}\" i planen.",
            en: "There is no phase with the id \"{id}\" in the plan.",
        },
        ErrPhaseNotEmpty => {
            da: "Fasen \"{id}\" kan ikke fjernes: den har stadig aktiviteterne {subtasks}.",
            en: "The phase \"{id}\" cannot be removed: it still has the activities {subtasks}.",
        },
        ErrConflictPlanField => {
            da: "Planens felt \"{field}\" er ændret siden: forventede {expected}, men planen har {found}.",
            en: "The plan's field \"{field}\" has changed since: expected {expected}, but the plan has {found}.",
        },
        ErrConflictField => {
            da: "Feltet \"{field}\" i \"{id}\" er ændret siden: forventede {expected}, men planen har {found}.",
            en: "The field \"{field}\" of \"{id}\" has changed since: expected {expected}, but the plan has {found}.",
        },
        ErrConflictItem => {
            da: "Punktet \"{id}\" er ændret siden.",
            en: "The item \"{id}\" has changed since.",
        },
        ErrIncomplete => {
            da: "En ændring ({what}) mangler id eller værdi og kan ikke anvendes.",
            en: "A change ({what}) lacks an id or a value and cannot be applied.",
        },
    }
}
