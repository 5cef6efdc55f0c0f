//! Sentences, headings and labels of `report` and of the timeline
//! (`report`'s picture, its Mermaid chart, and `status --timeline`).

crate::catalogue! {
    /// The report upward, its timeline, and `report --record`.
    pub enum ReportMsg {
        // The report's header.
        Kind => { da: "Statusrapport", en: "Status report" },
        LabelUnit => { da: "Enhed", en: "Unit" },
        LabelOwner => { da: "Ejer", en: "Owner" },
        LabelDate => { da: "Rapportdato", en: "Report date" },
        LabelDecisions => { da: "Beslutninger", en: "Decisions" },
        CoveredAll => {
            da: "alle beslutninger om planen ({count})",
            en: "all decisions on the plan ({count})",
        },
        CoveredNoReportYet => {
            da: "alle beslutninger om planen ({count}); ingen tidligere rapport er registreret",
            en: "all decisions on the plan ({count}); no earlier report has been recorded",
        },
        CoveredSinceDate => {
            da: "beslutninger truffet fra og med {date} ({count})",
            en: "decisions made on or after {date} ({count})",
        },
        CoveredSinceCommit => {
            da: "beslutninger registreret efter {commit} ({count})",
            en: "decisions recorded after {commit} ({count})",
        },
        CoveredSinceReport => {
            da: "beslutninger siden rapporten til {to} den {date} ({count})",
            en: "decisions since the report to {to} on {date} ({count})",
        },
        CoveredRange => { da: "{first} – {last}", en: "{first} – {last}" },
        CoveredNoHistory => {
            da: "ingen – planen ligger ikke i et plan-repositorium, så der er ingen historik at læse",
            en: "none – the plan is not in a plans repository, so there is no history to read",
        },
        // The sections.
        Situation => { da: "Udgangspunkt", en: "Starting point" },
        Intent => { da: "Sådan vil vi opnå det", en: "How we will achieve it" },
        PhaseStatus => { da: "Status for faserne", en: "Status per phase" },
        ProgressText => { da: "{done} af {total} udført", en: "{done} of {total} done" },
        Decisions => { da: "Beslutninger siden sidst", en: "Decisions since last time" },
        NoDecisions => {
            da: "Der er ikke truffet nogen beslutninger om planen i perioden.",
            en: "No decisions on the plan were made in this period.",
        },
        ColDecidedOn => { da: "Dato", en: "Date" },
        ColDecidedBy => { da: "Besluttet af", en: "Decided by" },
        ColDecision => { da: "Beslutning", en: "Decision" },
        ColChanges => { da: "Ændringer", en: "Changes" },
        NoChanges => { da: "ingen ændringer i planen", en: "no changes to the plan" },
        OneChange => {
            da: "1 ændring i planen (se bilaget)",
            en: "1 change to the plan (see the appendix)",
        },
        ManyChanges => {
            da: "{count} ændringer i planen (se bilaget)",
            en: "{count} changes to the plan (see the appendix)",
        },
        CreatedPlain => {
            da: "Planen blev oprettet {date} af {by}.",
            en: "The plan was created on {date} by {by}.",
        },
        Created => {
            da: "Planen blev oprettet {date} af {by}: {summary}",
            en: "The plan was created on {date} by {by}: {summary}",
        },
        Appendix => {
            da: "Bilag: ændringerne i detaljer",
            en: "Appendix: the changes in detail",
        },
        AppendixIntro => {
            da: "Hver beslutning med de ændringer, den gjorde i planen: hvornår og af hvem den blev truffet, og på hvilket møde. Under Beslutninger i backbrief findes den samme beslutning med sin begrundelse.",
            en: "Each decision with the changes it made to the plan: when and by whom it was made, and at which meeting. Under Decisions in backbrief the same decision is found with its rationale.",
        },
        AppendixDecided => { da: "Besluttet {date} af {by}", en: "Decided on {date} by {by}" },
        AppendixDecidedAt => {
            da: "Besluttet {date} af {by} · Møde: {meeting}",
            en: "Decided on {date} by {by} · Meeting: {meeting}",
        },
        MeetingLabel => { da: "Møde", en: "Meeting" },
        ReportedTo => { da: "Rapport afleveret til {to}", en: "Report delivered to {to}" },
        Timeline => { da: "Tidslinje", en: "Timeline" },
        QuarterShort => { da: "K{number}", en: "Q{number}" },
        MadeBy => {
            da: "Lavet med backbrief ud fra planen, som den er registreret.",
            en: "Made with backbrief from the plan as recorded.",
        },
        PrintHint => {
            da: "Udskriv eller gem som PDF fra browseren (A4).",
            en: "Print or save as PDF from the browser (A4).",
        },
        // The timeline.
        TimelineHeading => { da: "Tidslinje pr. {date}", en: "Timeline as of {date}" },
        TimelineNoDates => {
            da: "Tidslinjen kan ikke tegnes: ingen af planens perioder og frister er datoer, der kan læses.",
            en: "The timeline cannot be drawn: none of the plan's periods and due dates can be read as dates.",
        },
        TimelineTitle => { da: "Tidslinje for {title}", en: "Timeline of {title}" },
        TimelineDescription => {
            da: "Månederne fra {first} til {last} fra venstre mod højre. Faserne er bjælker, aktiviteternes frister, milepæle og afrapporteringer er mærker. Forsinkede punkter er røde trekanter med udråbstegn. Den lodrette linje er i dag, {today}.",
            en: "The months from {first} to {last}, left to right. Phases are bars; the due dates of activities, milestones and reporting are markers. Overdue items are red triangles with an exclamation mark. The vertical line is today, {today}.",
        },
        TodayLabel => { da: "I dag", en: "Today" },
        TodayOutside => {
            da: "I dag ({date}) ligger uden for tidslinjen.",
            en: "Today ({date}) lies outside the timeline.",
        },
        Milestones => { da: "Milepæle", en: "Milestones" },
        Undated => {
            da: "{count} aktivitet(er) uden frist vises ikke på tidslinjen.",
            en: "{count} activities without a due date are not shown on the timeline.",
        },
        LegendPhase => { da: "fase (udført del)", en: "phase (part done)" },
        LegendDone => { da: "udført", en: "done" },
        LegendOpen => { da: "frist", en: "due" },
        LegendOverdue => { da: "forsinket", en: "overdue" },
        LegendMilestone => { da: "milepæl", en: "milestone" },
        LegendReporting => { da: "afrapportering", en: "reporting" },
        LegendCancelled => { da: "aflyst", en: "cancelled" },
        LegendToday => { da: "i dag", en: "today" },
        ItemTitle => { da: "{title} – {when} – {status}", en: "{title} – {when} – {status}" },
        PhaseTitle => {
            da: "{title} – {when} – {state}, {progress}",
            en: "{title} – {when} – {state}, {progress}",
        },
        ReportingTitle => { da: "{what} (til {to})", en: "{what} (to {to})" },
        // The command.
        SinceMalformed => {
            da: "--since \"{text}\" er hverken en dato, en commit eller \"last\".",
            en: "--since \"{text}\" is neither a date, a commit nor \"last\".",
        },
        SinceHint => {
            da: "Skriv --since som en dato (ÅÅÅÅ-MM-DD, fx 2024-09-01), et commit-id fra `backbrief log`, eller `last` (siden sidste registrerede rapport).",
            en: "Write --since as a date (YYYY-MM-DD, such as 2024-09-01), a commit id from `backbrief log`, or `last` (since the last recorded report).",
        },
        SinceUnknownCommit => {
            da: "--since \"{commit}\" er ikke en dato og ikke en commit i repositoriet.",
            en: "--since \"{commit}\" is not a date and not a commit in the repository.",
        },
        SinceAfterAt => {
            da: "--since {since} ligger efter rapportdatoen {at}; rapporten kan ikke dække beslutninger fra efter sin egen dato.",
            en: "--since {since} is after the report date {at}; the report cannot cover decisions from after its own date.",
        },
        SinceAfterAtHint => {
            da: "Vælg en tidligere dato med --since, eller en senere rapportdato med --at.",
            en: "Choose an earlier day with --since, or a later report date with --at.",
        },
        Written => { da: "Rapporten er skrevet til {path}.", en: "The report was written to {path}." },
        OutHint => {
            da: "Vælg en fil i en mappe, der findes, og som du må skrive i, med --out.",
            en: "Choose a file in a folder that exists and that you may write to with --out.",
        },
        DefaultTo => { da: "Nærmeste chef", en: "Nearest manager" },
        DefaultSummary => { da: "Rapport afleveret til {to}", en: "Report delivered to {to}" },
        HandEdits => {
            da: "plans/{plan}.json har ændringer, der ikke er registreret; en registreret rapport skal bygge på planen, som den er besluttet.",
            en: "plans/{plan}.json has changes that are not recorded; a recorded report must be based on the plan as decided.",
        },
        HandEditsHint => {
            da: "Registrér ændringerne først med `backbrief decide {plan} -m … --by …`, eller fortryd dem med `git checkout plans/{plan}.json`.",
            en: "Record the changes first with `backbrief decide {plan} -m … --by …`, or undo them with `git checkout plans/{plan}.json`.",
        },
        EmptyBy => {
            da: "--by er tom; skriv hvem der afleverede rapporten, fx --by \"Enhedens leder\".",
            en: "--by is empty; give who delivered the report, such as --by \"Head of unit\".",
        },
        EmptySummary => {
            da: "-m er tom; skriv en linje om rapporten, eller udelad -m.",
            en: "-m is empty; write one line about the report, or leave -m out.",
        },
        BinaryToTerminal => {
            da: "Et Word-dokument kan ikke vises i terminalen.",
            en: "A Word document cannot be shown in the terminal.",
        },
        BinaryToTerminalHint => {
            da: "Skriv det til en fil med --out, fx --out rapport.docx.",
            en: "Write it to a file with --out, such as --out report.docx.",
        },
        DocxFailed => {
            da: "Word-dokumentet kunne ikke dannes: {detail}.",
            en: "The Word document could not be made: {detail}.",
        },
        TemplateFailed => {
            da: "Rapporten kunne ikke dannes (fejl i skabelonen): {detail}.",
            en: "The report could not be made (an error in its template): {detail}.",
        },
    }
}
