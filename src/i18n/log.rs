//! Sentences and headings of `log`, `show` and `blame`.

crate::catalogue! {
    /// Headings and labels of the audit trail.
    pub enum LogMsg {
        ColDecided => { da: "Besluttet", en: "Decided" },
        ColRecorded => { da: "Registreret", en: "Recorded" },
        ColPlan => { da: "Plan", en: "Plan" },
        ColDecision => { da: "Beslutning", en: "Decision" },
        ColField => { da: "Felt", en: "Field" },
        ColValue => { da: "Værdi", en: "Value" },
        ColLastSetBy => { da: "Sidst sat af", en: "Last set by" },
        NoDecisions => { da: "Ingen beslutninger matcher.", en: "No decisions match." },
        CountOne => { da: "1 beslutning.", en: "1 decision." },
        Count => { da: "{count} beslutninger.", en: "{count} decisions." },
        DecisionHeading => { da: "Beslutning {commit}", en: "Decision {commit}" },
        LabelPlan => { da: "Plan", en: "Plan" },
        LabelDecided => { da: "Besluttet", en: "Decided" },
        LabelDecidedValue => { da: "{date} af {by}", en: "{date} by {by}" },
        LabelMeeting => { da: "Møde", en: "Meeting" },
        LabelRecorded => { da: "Registreret", en: "Recorded" },
        LabelSummary => { da: "Resumé", en: "Summary" },
        LabelBody => { da: "Begrundelse", en: "Rationale" },
        LabelReverts => { da: "Fortryder", en: "Reverts" },
        LabelReportedTo => { da: "Rapporteret til", en: "Reported to" },
        LabelSigned => { da: "Signatur", en: "Signature" },
        Signed => { da: "signeret", en: "signed" },
        Unsigned => { da: "ikke signeret", en: "not signed" },
        NoChanges => { da: "(ingen ændringer i planen)", en: "(no changes to the plan)" },
        SinceAfterUntil => {
            da: "--since {since} ligger efter --until {until}.",
            en: "--since {since} is after --until {until}.",
        },
        NeverSet => { da: "(aldrig registreret)", en: "(never recorded)" },
        UnknownItem => {
            da: "Planen {plan} har intet punkt med id'et \"{id}\".",
            en: "The plan {plan} has no item with the id \"{id}\".",
        },
    }
}
