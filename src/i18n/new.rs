//! Sentences of `new`.

crate::catalogue! {
    /// Messages of `new`.
    pub enum NewMsg {
        YearOutOfRange => {
            da: "--year {year} ligger uden for de år, en plan kan have (1000–9990).",
            en: "--year {year} is outside the years a plan can have (1000–9990).",
        },
        YearOutOfRangeHint => {
            da: "Skriv det år, planen starter, med fire cifre, fx --year 2025.",
            en: "Give the year the plan starts, in four digits, such as --year 2025.",
        },
        TemplatesHeading => { da: "Skabeloner (--template <navn>):", en: "Templates (--template <name>):" },
        UnknownTemplate => { da: "Der er ingen skabelon, der hedder \"{name}\".", en: "There is no template called \"{name}\"." },
        MissingId => { da: "Angiv id'et på den nye plan.", en: "Give the new plan's id." },
        MissingIdHint => {
            da: "Fx `backbrief new arbejdsplads-2 --title \"Backbrief fra arbejdsplads 2\"`.",
            en: "For example `backbrief new workplace-2 --title \"Backbrief from workplace 2\"`.",
        },
        BadId => {
            da: "\"{id}\" kan ikke bruges som id: brug små bogstaver (a–z), cifre og bindestreger, højst 64 tegn, og begynd med et bogstav eller ciffer.",
            en: "\"{id}\" cannot be used as an id: use lower-case letters (a–z), digits and hyphens, at most 64 characters, starting with a letter or digit.",
        },
        TryId => { da: "Prøv \"{id}\".", en: "Try \"{id}\"." },
        Exists => { da: "{file} findes allerede; den overskrives ikke.", en: "{file} already exists; it is not overwritten." },
        ExistsHint => {
            da: "Vælg et andet id, eller ret den eksisterende plan.",
            en: "Choose another id, or edit the existing plan.",
        },
        TemplateInvalid => {
            da: "Skabelonen \"{name}\" giver en ugyldig plan; det er en fejl i backbrief.",
            en: "The template \"{name}\" gives an invalid plan; this is a bug in backbrief.",
        },
        Created => {
            da: "Oprettede {file} fra skabelonen \"{template}\" (perioder fra {year}).",
            en: "Created {file} from the template \"{template}\" (periods from {year}).",
        },
    }
}
