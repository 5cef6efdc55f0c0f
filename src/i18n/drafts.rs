//! Sentences about drafts: changes to a plan not recorded yet, who holds
//! them, and the pages' draft, confirmation and notice texts.

crate::catalogue! {
    /// Unrecorded changes, drafts and their pages.
    pub enum DraftMsg {
        SourcePlanFile => { da: "ændringer i planens fil", en: "changes in the plan's file" },
        SourceDraftBy => { da: "kladde af {by}", en: "draft by {by}" },
        UnrecordedNote => {
            da: "Ændringer, der ikke er registreret: {sources}. De er ikke vist og ikke talt med her.",
            en: "Changes that are not recorded: {sources}. They are not shown or counted here.",
        },
        UnrecordedRow => {
            da: "{plan}: ændringer, der ikke er registreret ({sources}) – ikke talt med.",
            en: "{plan}: changes that are not recorded ({sources}) – not counted.",
        },
        NeverRecordedNote => {
            da: "Planen er ikke registreret endnu: den vises, som dens fil er, og er ikke besluttet.",
            en: "The plan has not been recorded yet: it is shown as its file is, and nothing in it is decided.",
        },
        UnrecordedShort => {
            da: "Ændringer, der ikke er registreret (ikke talt med)",
            en: "Changes not recorded (not counted)",
        },
        UnrecordedShown => {
            da: "Ændringer, der ikke er registreret (ikke vist her)",
            en: "Changes not recorded (not shown here)",
        },
        NeverRecordedRow => { da: "ikke registreret endnu", en: "not recorded yet" },
        ExportNote => {
            da: "Bemærk: {plan} har ændringer, der ikke er registreret ({sources}); de er ikke med.",
            en: "Note: {plan} has changes that are not recorded ({sources}); they are not included.",
        },
        DraftBanner => { da: "Kladde – ikke registreret", en: "Draft – not recorded" },
        DraftBannerPlanFile => {
            da: "Kladden er ændringer i planens fil, som endnu ikke er registreret som en beslutning. Kun du ser dem; andre ser planen, som den er registreret.",
            en: "The draft is changes in the plan's file, not yet recorded as a decision. Only you see them; others see the plan as recorded.",
        },
        DraftBannerStored => {
            da: "Kun du ser kladden; andre ser planen, som den er registreret.",
            en: "Only you see the draft; others see the plan as recorded.",
        },
        DraftIntroStored => {
            da: "Ændringerne er gemt i din kladde, ikke i planen; de er først en beslutning, når de registreres nedenfor.",
            en: "The changes are kept in your draft, not in the plan; they are a decision only once recorded below.",
        },
        DraftCollisions => {
            da: "Planen er ændret, siden kladden blev begyndt, og de samme felter blev besluttet anderledes. Kladden registreres ikke, før det er rettet:",
            en: "The plan changed since the draft began, and the same fields were decided otherwise. The draft is not recorded until that is settled:",
        },
        DraftCollision => {
            da: "{field}: kladden siger \"{draft}\", planen siger nu \"{now}\"",
            en: "{field}: the draft says \"{draft}\", the plan now says \"{now}\"",
        },
        CannotSaveDraft => {
            da: "Kladden kunne ikke gemmes ({file}): {reason}",
            en: "The draft could not be saved ({file}): {reason}",
        },
        ConfirmDiscardTitle => { da: "Kassér kladden?", en: "Discard the draft?" },
        ConfirmDiscardText => {
            da: "Disse ændringer går tabt og kan ikke hentes igen:",
            en: "These changes will be lost and cannot be brought back:",
        },
        ConfirmDiscardPlanFile => {
            da: "Planens fil sættes tilbage til det, der er registreret.",
            en: "The plan's file is put back to what is recorded.",
        },
        ConfirmDiscardButton => { da: "Ja, kassér kladden", en: "Yes, discard the draft" },
        ConfirmRemoveTitle => { da: "Fjern “{title}”?", en: "Remove “{title}”?" },
        ConfirmRemoveText => {
            da: "“{title}” fjernes fra kladden. Det er ikke besluttet, før kladden registreres.",
            en: "“{title}” is removed from the draft. Nothing is decided until the draft is recorded.",
        },
        RemovedItem => {
            da: "Punktet er fjernet fra kladden. Det er ikke besluttet, før kladden registreres.",
            en: "The item was removed from the draft. Nothing is decided until the draft is recorded.",
        },
        ConfirmRemoveButton => { da: "Ja, fjern den", en: "Yes, remove it" },
        Cancel => { da: "Nej, gå tilbage", en: "No, go back" },
    }
}
