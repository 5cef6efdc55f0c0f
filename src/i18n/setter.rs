//! Sentences about `--set ID.FIELD=VALUE` changes (see `crate::plan::setter`).

crate::catalogue! {
    /// Messages about setters.
    pub enum SetterMsg {
        NoEquals => {
            da: "`--set {setter}` har intet lighedstegn (=), så det er uklart, hvad der skal ændres til hvad.",
            en: "`--set {setter}` has no equals sign (=), so it is unclear what should change to what.",
        },
        FormHint => {
            da: "Skriv ændringen som ID.FELT=VÆRDI, fx `--set workshop-i-teams.status=done`; `--set ID=` fjerner et punkt.",
            en: "Write the change as ID.FIELD=VALUE, for example `--set workshop-i-teams.status=done`; `--set ID=` removes an item.",
        },
        EmptyTarget => {
            da: "`--set {setter}` siger ikke, hvad der skal ændres: der står intet før lighedstegnet.",
            en: "`--set {setter}` does not say what to change: there is nothing before the equals sign.",
        },
        EmptySegment => {
            da: "I `--set {setter}` har \"{target}\" et tomt led (to punktummer efter hinanden, eller et punktum først eller sidst).",
            en: "In `--set {setter}`, \"{target}\" has an empty part (two dots in a row, or a dot at the start or end).",
        },
        EmptySegmentHint => {
            da: "Adskil id og felt med ét punktum, fx `--set fase-2.period.start=2025-03`.",
            en: "Separate the id and the field with one dot, for example `--set fase-2.period.start=2025-03`.",
        },
        EmptyAppend => {
            da: "`--set {setter}` siger ikke, hvad der skal tilføjes: der står intet efter +=.",
            en: "`--set {setter}` does not say what to add: there is nothing after +=.",
        },
        EmptyAppendHint => {
            da: "Skriv det, der skal tilføjes, efter +=, fx `--set fase-1.subtasks+={{\"id\":\"ny-aktivitet\",\"title\":\"Ny aktivitet\",\"status\":\"planned\"}}`.",
            en: "Write what to add after +=, for example `--set fase-1.subtasks+={{\"id\":\"new-activity\",\"title\":\"New activity\",\"status\":\"planned\"}}`.",
        },
        PlusBeforeEquals => {
            da: "I `--set {setter}` står der et + før lighedstegnet, som ikke hører til +=: intet id eller feltnavn ender på +, og += skrives uden mellemrum.",
            en: "In `--set {setter}`, there is a + before the equals sign that is not part of +=: no id or field name ends in +, and += is written without a space.",
        },
        PlusBeforeEqualsHint => {
            da: "Skriv `--set {append}` for at tilføje til en liste, eller `--set {set}` for at sætte feltet.",
            en: "Write `--set {append}` to add to a list, or `--set {set}` to set the field.",
        },
        PlusBeforeEqualsRemoveHint => {
            da: "Skriv `--set {target}=` for at fjerne det, eller skriv det, der skal tilføjes, efter `--set {target}+=`.",
            en: "Write `--set {target}=` to remove it, or write what to add after `--set {target}+=`.",
        },
        PlanNotObject => {
            da: "`--set {setter}` kan ikke bruges, fordi planen ikke er et JSON-objekt.",
            en: "`--set {setter}` cannot be applied, because the plan is not a JSON object.",
        },
        PlanNotObjectHint => {
            da: "Kør `backbrief validate` for at se, hvad der er galt med planen.",
            en: "Run `backbrief validate` to see what is wrong with the plan.",
        },
        UnknownItem => {
            da: "I `--set {setter}`: planen har intet punkt med id'et \"{id}\".",
            en: "In `--set {setter}`: the plan has no item with the id \"{id}\".",
        },
        UnknownTarget => {
            da: "I `--set {setter}`: planen har hverken et punkt med id'et \"{id}\" eller et felt, der hedder sådan.",
            en: "In `--set {setter}`: the plan has neither an item with the id \"{id}\" nor a field by that name.",
        },
        IdsAre => {
            da: "Planens id'er: {ids}.",
            en: "The plan's ids: {ids}.",
        },
        IdsInclude => {
            da: "Planens id'er er bl.a.: {ids}.",
            en: "The plan's ids include: {ids}.",
        },
        UnknownField => {
            da: "I `--set {setter}`: {place} har intet felt, der hedder \"{field}\".",
            en: "In `--set {setter}`: {place} has no field called \"{field}\".",
        },
        FieldsAre => {
            da: "Mulige felter: {fields}.",
            en: "Possible fields: {fields}.",
        },
        PlacePlan => { da: "planen", en: "the plan" },
        PlacePhase => { da: "fasen \"{id}\"", en: "the phase \"{id}\"" },
        PlaceSubtask => { da: "aktiviteten \"{id}\"", en: "the activity \"{id}\"" },
        PlaceMilestone => { da: "milepælen \"{id}\"", en: "the milestone \"{id}\"" },
        PlaceReporting => { da: "afrapporteringen \"{id}\"", en: "the reporting obligation \"{id}\"" },
        PlaceField => { da: "feltet \"{field}\"", en: "the field \"{field}\"" },
        ItemNeedsField => {
            da: "I `--set {setter}`: \"{id}\" er et punkt i planen; skriv også, hvilket felt der skal ændres.",
            en: "In `--set {setter}`: \"{id}\" is an item of the plan; say which of its fields to change.",
        },
        ItemNeedsFieldHint => {
            da: "Skriv `--set {id}.FELT=VÆRDI` (mulige felter: {fields}), eller `--set {id}=` for at fjerne punktet.",
            en: "Write `--set {id}.FIELD=VALUE` (possible fields: {fields}), or `--set {id}=` to remove the item.",
        },
        NotAList => {
            da: "I `--set {setter}`: \"{field}\" er ikke en liste, så der kan ikke tilføjes noget til det med +=.",
            en: "In `--set {setter}`: \"{field}\" is not a list, so nothing can be added to it with +=.",
        },
        NotAListHint => {
            da: "Brug = for at give feltet en ny værdi, fx `--set {target}=…`.",
            en: "Use = to give the field a new value, for example `--set {target}=…`.",
        },
        Required => {
            da: "I `--set {setter}`: \"{field}\" skal altid have en værdi og kan ikke fjernes.",
            en: "In `--set {setter}`: \"{field}\" is required, so it cannot be removed.",
        },
        RequiredHint => {
            da: "Giv feltet en ny værdi i stedet, fx `--set {target}=…`.",
            en: "Give it a new value instead, for example `--set {target}=…`.",
        },
        RequiredListHint => {
            da: "Skriv `--set {target}=[]` for at tømme listen, eller `--set ID=` for at fjerne et enkelt punkt.",
            en: "Write `--set {target}=[]` to empty the list, or `--set ID=` to remove a single item.",
        },
        NotAnObject => {
            da: "I `--set {setter}`: \"{field}\" har ingen felter under sig, så \"{next}\" kan ikke sættes i det.",
            en: "In `--set {setter}`: \"{field}\" has no fields of its own, so \"{next}\" cannot be set inside it.",
        },
        NotAnObjectHint => {
            da: "Sæt hele feltet i stedet: `--set {target}=…`.",
            en: "Set the whole field instead: `--set {target}=…`.",
        },
        BadJson => {
            da: "I `--set {setter}`: værdien ligner JSON, men er ikke gyldig JSON (fejl ved tegn {column} i værdien).",
            en: "In `--set {setter}`: the value looks like JSON but is not valid JSON (error at character {column} of the value).",
        },
        ControlCharacter => {
            da: "I `--set {setter}`: værdien indeholder et styretegn ({code}), som ikke hører hjemme i en plan og kan skjule eller omskrive tekst for andre.",
            en: "In `--set {setter}`: the value holds a control character ({code}), which has no place in a plan and can hide or rewrite text for others.",
        },
        ControlCharacterHint => {
            da: "Skriv værdien som almindelig tekst; linjeskift og tabulatorer er tilladt.",
            en: "Write the value as plain text; line breaks and tabs are allowed.",
        },
        LoneSurrogate => {
            da: "I `--set {setter}`: værdien har en halv UTF-16-tegnkode (\\uD800–\\uDFFF), som ikke er et tegn.",
            en: "In `--set {setter}`: the value has half a UTF-16 character code (\\uD800–\\uDFFF), which is not a character.",
        },
        BadJsonHint => {
            da: "Tjek at hver {{ og [ lukkes, og at tekster står i dobbelte anførselstegn. Sæt hele argumentet i enkelte anførselstegn, så skallen ikke fjerner de dobbelte: --set 'fase-1.subtasks+={{\"id\":\"x\",…}}'.",
            en: "Check that every {{ and [ is closed and that texts are in double quotes. Put the whole argument in single quotes so the shell keeps the double ones: --set 'fase-1.subtasks+={{\"id\":\"x\",…}}'.",
        },
    }
}
