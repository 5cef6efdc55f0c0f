//! Sentences of the auditor's answers: `blame` per item, `status --as-of`
//! by decision date.

crate::catalogue! {
    /// Headings of `blame` and the `status --as-of` note.
    pub enum AuditMsg {
        PlanHeading => { da: "Planen: {title}", en: "The plan: {title}" },
        PhaseHeading => { da: "Fase: {title} ({id})", en: "Phase: {title} ({id})" },
        SubtaskHeading => { da: "Aktivitet: {title} ({id})", en: "Activity: {title} ({id})" },
        MilestoneHeading => { da: "Milepæl: {title} ({id})", en: "Milestone: {title} ({id})" },
        ReportingHeading => { da: "Afrapportering: {title} ({id})", en: "Reporting: {title} ({id})" },
        ColLastSet => { da: "Sidst sat", en: "Last set" },
        LastSet => { da: "{date}, {by} [{number}]", en: "{date}, {by} [{number}]" },
        ShortDate => { da: "{day}.{month}.{year}", en: "{year}-{month}-{day}" },
        DecisionsHeading => { da: "Beslutningerne", en: "The decisions" },
        ColNumber => { da: "Nr.", en: "No." },
        ColCommit => { da: "Commit", en: "Commit" },
        ColDecided => { da: "Besluttet", en: "Decided" },
        ColBy => { da: "Af", en: "By" },
        ColSummary => { da: "Resumé", en: "Summary" },
        NeverSetNote => {
            da: "Felter uden beslutning er ikke registreret af nogen beslutning endnu.",
            en: "Fields without a decision have not been recorded by any decision yet.",
        },
        AsOfDay => {
            da: "Planen som den stod efter beslutningerne truffet til og med {date} (efter beslutningsdatoen, ikke registreringsdatoen).",
            en: "The plan as it stood after the decisions made up to and including {date} (by the day decided, not the day recorded).",
        },
        AsOfCommit => {
            da: "Planen som den stod ved commit {commit}.",
            en: "The plan as it stood at commit {commit}.",
        },
    }
}
