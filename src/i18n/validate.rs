//! Sentences of `validate`: what is wrong with a plan file, and how to fix it.

crate::catalogue! {
    /// Findings of `validate`.
    pub enum ValidateMsg {
        CannotRead => {
            da: "Filen kan ikke læses: {reason}.",
            en: "The file cannot be read: {reason}.",
        },
        SymbolicLink => {
            da: "Filen er et symbolsk link; backbrief følger ikke links til planfiler (de kan pege uden for repositoriet).",
            en: "The file is a symbolic link; backbrief does not follow links to plan files (they may point outside the repository).",
        },
        SymbolicLinkHint => {
            da: "Erstat linket med selve filen: slet linket og kopiér planfilen ind på dets plads.",
            en: "Replace the link with the file itself: remove the link and copy the plan file into its place.",
        },
        TooLarge => {
            da: "Filen fylder {size} MB; en plan fylder typisk nogle få kB, og backbrief læser højst {limit} MB.",
            en: "The file is {size} MB; a plan is typically a few kB, and backbrief reads at most {limit} MB.",
        },
        TooLargeHint => {
            da: "Tjek at det er den rigtige fil; en plan skal være én JSON-fil pr. plan.",
            en: "Check that this is the right file; each plan is one JSON file.",
        },
        NotUtf8 => {
            da: "Filen er ikke UTF-8-tekst (første ugyldige byte her).",
            en: "The file is not UTF-8 text (first invalid byte here).",
        },
        NotUtf8Hint => {
            da: "Gem filen som UTF-8 i din editor (i Notesblok: Gem som → Kodning: UTF-8).",
            en: "Save the file as UTF-8 in your editor (in Notepad: Save as → Encoding: UTF-8).",
        },
        Empty => {
            da: "Filen er tom.",
            en: "The file is empty.",
        },
        EmptyHint => {
            da: "Opret en ny plan med `backbrief new <id>`.",
            en: "Create a new plan with `backbrief new <id>`.",
        },
        Truncated => {
            da: "Filen slutter midt i JSON-teksten; der mangler noget (fx en `}}` eller `]`).",
            en: "The file ends in the middle of the JSON text; something is missing (such as a `}}` or `]`).",
        },
        TruncatedHint => {
            da: "Tjek at hver `{{` og `[` lukkes, og at filen blev gemt helt.",
            en: "Check that every `{{` and `[` is closed and that the file was saved completely.",
        },
        TrailingComma => {
            da: "Der står et komma før en afsluttende `}}` eller `]`; JSON tillader det ikke.",
            en: "There is a comma before a closing `}}` or `]`; JSON does not allow it.",
        },
        TrailingCommaHint => {
            da: "Slet kommaet efter det sidste element.",
            en: "Delete the comma after the last element.",
        },
        TooDeep => {
            da: "JSON-teksten er indlejret for dybt (mere end 128 niveauer); en plan har højst nogle få.",
            en: "The JSON text is nested too deeply (more than 128 levels); a plan has only a few.",
        },
        NumberOutOfRange => {
            da: "Tallet er for stort.",
            en: "The number is too large.",
        },
        TrailingCharacters => {
            da: "Der står tekst efter planens afsluttende `}}`.",
            en: "There is text after the plan's closing `}}`.",
        },
        TrailingCharactersHint => {
            da: "En planfil indeholder ét JSON-objekt; slet det, der står efter.",
            en: "A plan file holds one JSON object; delete what follows it.",
        },
        DuplicateKey => {
            da: "Feltet \"{key}\" står to gange i samme objekt; kun det sidste ville gælde.",
            en: "The field \"{key}\" appears twice in the same object; only the last would count.",
        },
        DuplicateKeyHint => {
            da: "Slet den ene forekomst.",
            en: "Delete one of them.",
        },
        RootNotObject => {
            da: "En planfil skal indeholde ét JSON-objekt {{ … }}, ikke {actual}.",
            en: "A plan file must hold one JSON object {{ … }}, not {actual}.",
        },
        UnsupportedFormat => {
            da: "Filen har format {found}; denne version af backbrief kender kun format 1.",
            en: "The file has format {found}; this version of backbrief only knows format 1.",
        },
        UnsupportedFormatHint => {
            da: "Opdatér backbrief, eller skriv \"format\": 1.",
            en: "Update backbrief, or write \"format\": 1.",
        },
        UnknownField => {
            da: "Ukendt felt \"{field}\".",
            en: "Unknown field \"{field}\".",
        },
        AllowedFields => {
            da: "Tilladte felter her: {fields}.",
            en: "Fields allowed here: {fields}.",
        },
        MissingField => {
            da: "Det krævede felt \"{field}\" mangler.",
            en: "The required field \"{field}\" is missing.",
        },
        MissingFieldHint => {
            da: "Tilføj \"{field}\": {example}.",
            en: "Add \"{field}\": {example}.",
        },
        NullValue => {
            da: "\"{field}\" er null, men skal være {expected}.",
            en: "\"{field}\" is null but must be {expected}.",
        },
        WrongType => {
            da: "\"{field}\" skal være {expected}, ikke {actual}.",
            en: "\"{field}\" must be {expected}, not {actual}.",
        },
        UnknownValue => {
            da: "\"{field}\" har den ukendte værdi \"{value}\".",
            en: "\"{field}\" has the unknown value \"{value}\".",
        },
        AllowedValues => {
            da: "Mulige værdier: {values}.",
            en: "Possible values: {values}.",
        },
        BadId => {
            da: "Id'et \"{value}\" kan ikke bruges: et id består af små bogstaver (a–z), cifre og bindestreger, begynder med et bogstav eller ciffer og har højst 64 tegn.",
            en: "The id \"{value}\" cannot be used: an id consists of lower-case letters (a–z), digits and hyphens, starts with a letter or digit and has at most 64 characters.",
        },
        BadPeriodShape => {
            da: "\"{field}\" skal være en periode, fx \"2024-autumn\", eller {{\"start\": …, \"end\": …}}.",
            en: "\"{field}\" must be a period, such as \"2024-autumn\", or {{\"start\": …, \"end\": …}}.",
        },
        TooSmall => {
            da: "\"{field}\" er {value}, men skal være mindst {limit}.",
            en: "\"{field}\" is {value} but must be at least {limit}.",
        },
        TooLarge2 => {
            da: "\"{field}\" er {value}, men må højst være {limit}.",
            en: "\"{field}\" is {value} but must be at most {limit}.",
        },
        ImbalanceRange => {
            da: "Ubalance {value} findes ikke: \"Stærkere sammen\" nummererer de tolv ubalancer 1 til 12.",
            en: "Imbalance {value} does not exist: \"Stærkere sammen\" numbers the twelve imbalances 1 to 12.",
        },
        NoPhases => {
            da: "Planen skal have mindst én fase.",
            en: "The plan must have at least one phase.",
        },
        EmptyText => {
            da: "\"{field}\" er tom.",
            en: "\"{field}\" is empty.",
        },
        RepeatedValue => {
            da: "\"{field}\" nævner den samme værdi to gange.",
            en: "\"{field}\" lists the same value twice.",
        },
        SchemaOther => {
            da: "\"{field}\" overholder ikke formatet: {detail}.",
            en: "\"{field}\" does not follow the format: {detail}.",
        },
        DuplicateId => {
            da: "Id'et \"{id}\" bruges to gange; det er også id'et på \"{other}\".",
            en: "The id \"{id}\" is used twice; it is also the id of \"{other}\".",
        },
        DuplicateIdHint => {
            da: "Alle id'er i en plan (faser, aktiviteter, milepæle og afrapporteringer) skal være forskellige; omdøb det ene.",
            en: "Every id in a plan (phases, activities, milestones and reporting) must be different; rename one of them.",
        },
        UnknownPhase => {
            da: "{field}: fasen \"{id}\" findes ikke i planen.",
            en: "{field}: the phase \"{id}\" does not exist in the plan.",
        },
        LabelAfter => { da: "Efter fase", en: "After phase" },
        LabelDependsOn => { da: "Afhænger af", en: "Depends on" },
        KnownPhases => {
            da: "Planens faser: {ids}.",
            en: "The plan's phases: {ids}.",
        },
        DependencyCycle => {
            da: "Faserne afhænger af hinanden i ring: {cycle}.",
            en: "The phases depend on each other in a cycle: {cycle}.",
        },
        DependencyCycleHint => {
            da: "Fjern en af afhængighederne, så der er en fase, der kommer først.",
            en: "Remove one of the dependencies so that one phase comes first.",
        },
        SpanEndBeforeStart => {
            da: "Perioden slutter ({end}), før den begynder ({start}).",
            en: "The period ends ({end}) before it starts ({start}).",
        },
        SpanEndBeforeStartHint => {
            da: "Byt om på periodens start og slut, eller ret en af dem.",
            en: "Swap the period's start and end, or correct one of them.",
        },
        StartsBeforeDependency => {
            da: "\"{phase}\" begynder {start}, før \"{dependency}\", som den afhænger af, slutter {end}.",
            en: "\"{phase}\" starts on {start}, before \"{dependency}\", which it depends on, ends on {end}.",
        },
        StartsBeforeDependencyHint => {
            da: "Flyt fasens periode, eller fjern afhængigheden, hvis faserne godt kan overlappe.",
            en: "Move the phase's period, or remove the dependency if the phases may overlap.",
        },
        DueOutsidePhase => {
            da: "\"{subtask}\" har frist {due}, uden for fasen \"{phase}\" ({period}).",
            en: "\"{subtask}\" is due {due}, outside the phase \"{phase}\" ({period}).",
        },
        DueOutsidePhaseHint => {
            da: "Ret fristen, eller flyt aktiviteten til den fase, den hører til.",
            en: "Correct the due date, or move the activity to the phase it belongs to.",
        },
        IdNotFileName => {
            da: "Planens id \"{id}\" er ikke det samme som filnavnet \"{stem}.json\".",
            en: "The plan's id \"{id}\" is not the same as the file name \"{stem}.json\".",
        },
        IdNotFileNameHint => {
            da: "Ret \"id\" til \"{stem}\", eller omdøb filen til \"{id}.json\".",
            en: "Change \"id\" to \"{stem}\", or rename the file to \"{id}.json\".",
        },
        IdToFileNameHint => {
            da: "Ret \"id\" til \"{stem}\".",
            en: "Change \"id\" to \"{stem}\".",
        },
        NumberOutOfRangeHint => {
            da: "Tallene i en plan er små: \"format\" er 1, og ubalancerne har numrene 1 til 12.",
            en: "The numbers in a plan are small: \"format\" is 1, and the imbalances are numbered 1 to 12.",
        },
        NoPlanFilesIn => {
            da: "Der er ingen planfiler (*.json) i {path}.",
            en: "There are no plan files (*.json) in {path}.",
        },
        PlanOne => { da: "{count} plan", en: "{count} plan" },
        PlanMany => { da: "{count} planer", en: "{count} plans" },
        ErrorOne => { da: "{count} fejl", en: "{count} error" },
        ErrorMany => { da: "{count} fejl", en: "{count} errors" },
        WarningOne => { da: "{count} advarsel", en: "{count} warning" },
        WarningMany => { da: "{count} advarsler", en: "{count} warnings" },
        NotAPlanFile => {
            da: "Ingen planfil her: {path}.",
            en: "No plan file here: {path}.",
        },
        SummaryOk => {
            da: "Tjekkede {plans}: ingen problemer.",
            en: "Checked {plans}: no problems.",
        },
        Summary => {
            da: "Tjekkede {plans}: {errors} og {warnings}.",
            en: "Checked {plans}: {errors} and {warnings}.",
        },
        SeverityError => { da: "fejl", en: "error" },
        SeverityWarning => { da: "advarsel", en: "warning" },
        TypeText => { da: "tekst", en: "text" },
        TypeInteger => { da: "et heltal", en: "a whole number" },
        TypeNumber => { da: "et tal", en: "a number" },
        TypeBoolean => { da: "true eller false", en: "true or false" },
        TypeList => { da: "en liste [ … ]", en: "a list [ … ]" },
        TypeObject => { da: "et objekt {{ … }}", en: "an object {{ … }}" },
        TypeNull => { da: "null", en: "null" },
    }
}
