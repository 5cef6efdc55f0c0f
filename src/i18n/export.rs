//! Sentences and labels of `export`: the spreadsheet's header, the calendar
//! events' descriptions, and what can go wrong.

crate::catalogue! {
    /// Column names, event descriptions and errors of `export`.
    pub enum ExportMsg {
        ColKind => { da: "Type", en: "Kind" },
        ColId => { da: "Id", en: "Id" },
        ColTitle => { da: "Titel", en: "Title" },
        ColPhase => { da: "Fase", en: "Phase" },
        ColOwner => { da: "Ansvarlig", en: "Owner" },
        ColFirstDay => { da: "Første dag", en: "First day" },
        ColLastDay => { da: "Sidste dag", en: "Last day" },
        ColStatus => { da: "Status", en: "Status" },
        ColOverdue => { da: "Forsinket", en: "Overdue" },
        ColCommunities => { da: "Fællesskaber", en: "Communities" },
        KindPhase => { da: "fase", en: "phase" },
        Yes => { da: "ja", en: "yes" },
        No => { da: "nej", en: "no" },
        ReportingTitle => { da: "{what} → {to}", en: "{what} → {to}" },
        DescPlan => { da: "Plan: {title}", en: "Plan: {title}" },
        DescPhase => { da: "Fase: {phase}", en: "Phase: {phase}" },
        DescOwner => { da: "Ansvarlig: {owner}", en: "Owner: {owner}" },
        DescStatus => {
            da: "Status pr. {date}: {status}",
            en: "Status as of {date}: {status}",
        },
        DescProgress => {
            da: "Fremdrift: {done} af {total} aktiviteter udført",
            en: "Progress: {done} of {total} activities done",
        },
        BadDelimiter => {
            da: "\"{text}\" kan ikke skille kolonner; skriv ét tegn, fx ; eller , (ikke \" eller linjeskift).",
            en: "\"{text}\" cannot separate columns; give one character, such as ; or , (not \" or a line break).",
        },
        CsvOnly => {
            da: "{flag} gælder kun --format csv.",
            en: "{flag} applies only to --format csv.",
        },
        CsvOnlyHint => {
            da: "Fjern {flag}, eller eksportér med --format csv.",
            en: "Leave out {flag}, or export with --format csv.",
        },
        OutIsPlan => {
            da: "--out {path} er selve planfilen; eksporten ville erstatte planen.",
            en: "--out {path} is the plan file itself; the export would replace the plan.",
        },
        OutIsPlanHint => {
            da: "Skriv eksporten til en anden fil, fx {suggestion}.",
            en: "Write the export to another file, such as {suggestion}.",
        },
        CannotRender => {
            da: "Eksporten kunne ikke dannes: {reason}.",
            en: "The export could not be made: {reason}.",
        },
        Written => {
            da: "Skrev {path} ({what}).",
            en: "Wrote {path} ({what}).",
        },
        WhatIcs => { da: "{count} begivenheder til kalenderen", en: "{count} calendar events" },
        WhatCsv => { da: "{count} rækker til regnearket", en: "{count} spreadsheet rows" },
        WhatJson => { da: "planen som JSON", en: "the plan as JSON" },
    }
}
