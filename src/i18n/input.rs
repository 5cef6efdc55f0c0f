//! Sentences about typed statuses, periods and days (see [`crate::plan::input`]).

crate::catalogue! {
    /// Messages about what a person types for a status, a period or a day.
    pub enum InputMsg {
        NotAStatus => {
            da: "\"{text}\" er ikke en status.",
            en: "\"{text}\" is not a status.",
        },
        StatusForms => {
            da: "Skriv planlagt, i gang, udført, blokeret eller aflyst (eller på engelsk: planned, in_progress, done, blocked, cancelled).",
            en: "Write planned, in progress, done, blocked or cancelled (the file's codes planned, in_progress, done, blocked, cancelled, and the Danish words, work too).",
        },
        NotADay => {
            da: "\"{text}\" er ikke en dato.",
            en: "\"{text}\" is not a date.",
        },
        DayForms => {
            da: "Skriv en dato som 2024-09-12, 12.9.2024, 12-09-2024 eller 12. september 2024.",
            en: "Write a date as 2024-09-12, 12.9.2024, 12-09-2024 or 12 September 2024.",
        },
    }
}
