//! Words and sentences shared by every command.

crate::catalogue! {
    /// Shared labels, status and community names, and environment errors.
    pub enum Common {
        ErrorLabel => { da: "fejl", en: "error" },
        HintLabel => { da: "tip", en: "hint" },
        CauseLabel => { da: "årsag", en: "caused by" },
        InternalError => {
            da: "Der skete noget, der ikke burde kunne ske i backbrief: {what}",
            en: "Something happened that should not be possible in backbrief: {what}",
        },
        InternalErrorHint => {
            da: "Det er en fejl i backbrief, ikke i dine data. Meld den til dem, der vedligeholder backbrief, med kommandoen og denne tekst; intet er ændret.",
            en: "This is a bug in backbrief, not a problem with your data. Report it to the people who maintain backbrief, with the command and this text; nothing was changed.",
        },
        DidYouMean => {
            da: "Mente du \"{suggestion}\"?",
            en: "Did you mean \"{suggestion}\"?",
        },
        StatusPlanned => { da: "planlagt", en: "planned" },
        StatusInProgress => { da: "i gang", en: "in progress" },
        StatusDone => { da: "udført", en: "done" },
        StatusBlocked => { da: "blokeret", en: "blocked" },
        StatusCancelled => { da: "aflyst", en: "cancelled" },
        CommunityOrganisational => { da: "organisatorisk", en: "organisational" },
        CommunityTask => { da: "opgaverettet", en: "task-oriented" },
        CommunityProfessional => { da: "fagligt", en: "professional" },
        CommunityCollegial => { da: "kollegialt", en: "collegial" },
        IoNotFound => { da: "den findes ikke", en: "it does not exist" },
        IoPermissionDenied => { da: "adgang nægtet", en: "permission denied" },
        IoIsDirectory => { da: "det er en mappe, ikke en fil", en: "it is a folder, not a file" },
        IoOther => { da: "{detail}", en: "{detail}" },
        NoPlansDir => {
            da: "Der er ingen mappe plans/ i {root}.",
            en: "There is no plans/ folder in {root}.",
        },
        NoPlansDirHint => {
            da: "Gå til plan-repositoriet (eller brug -C <mappe>), eller opret et med `backbrief init`.",
            en: "Go to the plans repository (or use -C <folder>), or create one with `backbrief init`.",
        },
        PlansDirIsLink => {
            da: "Mappen plans/ i {root} er et symbolsk link; backbrief læser og registrerer kun planer i en rigtig mappe plans/ inde i repositoriet.",
            en: "The folder plans/ in {root} is a symbolic link; backbrief only reads and records plans in a real plans/ folder inside the repository.",
        },
        PlansDirIsLinkHint => {
            da: "Erstat linket med selve mappen: slet linket plans og flyt mappen, det peger på, ind på dets plads.",
            en: "Replace the link with the folder itself: remove the link plans and move the folder it points to into its place.",
        },
        PlanFileIsLink => {
            da: "{file} er et symbolsk link; backbrief læser og skriver aldrig en plan gennem et link (det kan pege uden for repositoriet).",
            en: "{file} is a symbolic link; backbrief never reads or writes a plan through a link (it may point outside the repository).",
        },
        PlanFileIsLinkHint => {
            da: "Erstat linket med selve filen: slet linket {file} og kopiér planfilen ind på dets plads.",
            en: "Replace the link with the file itself: remove the link {file} and copy the plan file into its place.",
        },
        CannotListPlans => {
            da: "Mappen {dir} kan ikke læses: {reason}.",
            en: "The folder {dir} cannot be read: {reason}.",
        },
        UnknownPlan => {
            da: "Der er ingen plan med id'et \"{id}\" i plans/.",
            en: "There is no plan with the id \"{id}\" in plans/.",
        },
        KnownPlans => {
            da: "Planer: {ids}.",
            en: "Plans: {ids}.",
        },
        NoPlansYet => {
            da: "Opret en plan med `backbrief new <id>`.",
            en: "Create a plan with `backbrief new <id>`.",
        },
        PlanInvalid => {
            da: "Planen \"{id}\" er ugyldig ({errors} fejl).",
            en: "The plan \"{id}\" is invalid ({errors} error(s)).",
        },
        PlanInvalidHint => {
            da: "Kør `backbrief validate {file}` for at se hvad der er galt og hvordan det rettes.",
            en: "Run `backbrief validate {file}` to see what is wrong and how to fix it.",
        },
        CannotWrite => {
            da: "{path} kan ikke skrives: {reason}.",
            en: "{path} cannot be written: {reason}.",
        },
        CannotChangeDirectory => {
            da: "Kan ikke gå til mappen {dir}: {reason}.",
            en: "Cannot change to the folder {dir}: {reason}.",
        },
    }
}
