//! JSON syntax problems in plain words (see [`crate::plan::source`]).

crate::catalogue! {
    /// What is wrong with a plan file that is not JSON, and how to fix it.
    pub enum SyntaxMsg {
        MissingComma => {
            da: "Der mangler et komma efter linje {line}.",
            en: "A comma is missing after line {line}.",
        },
        MissingCommaHint => {
            da: "Sæt et komma efter det sidste tegn på linje {line}: mellem to felter eller to elementer står der altid et komma.",
            en: "Put a comma after the last character of line {line}: two fields or two elements are always separated by a comma.",
        },
        MissingColon => {
            da: "Der mangler et kolon mellem feltets navn og dets værdi.",
            en: "A colon is missing between the field's name and its value.",
        },
        MissingColonHint => {
            da: "Skriv fx \"title\": \"Min plan\".",
            en: "Write, for example, \"title\": \"My plan\".",
        },
        CurlyQuotes => {
            da: "Her står krøllede anførselstegn (“ ” eller ‘ ’), som et tekstbehandlingsprogram skriver dem; JSON kender kun lige anførselstegn.",
            en: "There are curly quotes here (“ ” or ‘ ’), as a word processor writes them; JSON knows only straight quotes.",
        },
        CurlyQuotesHint => {
            da: "Brug lige anførselstegn (\") i stedet for krøllede. Rediger planen i en teksteditor (fx Notesblok), ikke i Word.",
            en: "Use straight quotes (\") instead of curly ones. Edit the plan in a text editor (such as Notepad), not in Word.",
        },
        KeyNotQuoted => {
            da: "Et feltnavn skal stå i dobbelte anførselstegn.",
            en: "A field name must be in double quotes.",
        },
        KeyNotQuotedHint => {
            da: "Skriv fx \"title\" – med lige, dobbelte anførselstegn (\"), ikke ' eller ingen.",
            en: "Write, for example, \"title\" – with straight double quotes (\"), not ' or none.",
        },
        ExpectedValue => {
            da: "Her ventes en værdi, men der står noget, JSON ikke kender.",
            en: "A value is expected here, but there is something JSON does not know.",
        },
        ExpectedValueHint => {
            da: "Tekst skrives i lige, dobbelte anførselstegn (\"sådan\"); tal, true, false, lister [ … ] og objekter {{ … }} skrives uden.",
            en: "Text is written in straight double quotes (\"like this\"); numbers, true, false, lists [ … ] and objects {{ … }} without.",
        },
        ControlCharacter => {
            da: "Der står et linjeskift eller et tabulatortegn inde i en tekst.",
            en: "There is a line break or a tab inside a text.",
        },
        ControlCharacterHint => {
            da: "Hold teksten på én linje, eller skriv linjeskift som \\n og tabulator som \\t.",
            en: "Keep the text on one line, or write a line break as \\n and a tab as \\t.",
        },
        InvalidEscape => {
            da: "En omvendt skråstreg (\\) inde i en tekst starter noget, JSON ikke kender.",
            en: "A backslash (\\) inside a text starts something JSON does not know.",
        },
        InvalidEscapeHint => {
            da: "Skriv \\\\ for én omvendt skråstreg (fx i en sti: \"C:\\\\Planer\"), eller brug / i stedet.",
            en: "Write \\\\ for one backslash (in a path, for example: \"C:\\\\Plans\"), or use / instead.",
        },
        NotJson => {
            da: "Filen er ikke gyldig JSON her.",
            en: "The file is not valid JSON here.",
        },
        NotJsonHint => {
            da: "Tjek tegnet her og lige før: tekst står i lige, dobbelte anførselstegn, og felter og elementer adskilles med komma.",
            en: "Check the character here and just before it: text is in straight double quotes, and fields and elements are separated by commas.",
        },
    }
}
