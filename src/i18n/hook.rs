//! Sentences of the server side: `verify --pre-receive` and `hook install`.

crate::catalogue! {
    /// What the server's hook tells a pusher, and what `hook install` says.
    pub enum HookMsg {
        Refused => {
            da: "Serveren afviser pushet: historikken ville ikke længere kunne stoles på.",
            en: "The server refuses the push: the history could no longer be trusted.",
        },
        RefusedHint => {
            da: "Ret det, der er nævnt ovenfor, i din egen kopi (fx med `backbrief verify` dér), og push igen. Intet er ændret på serveren.",
            en: "Fix what is named above in your own copy (for example with `backbrief verify` there) and push again. Nothing was changed on the server.",
        },
        Rewritten => {
            da: "Pushet skriver historikken om: {reference} ville gå fra {old} til {new}, som ikke bygger videre på {old}. Beslutninger, der allerede er delt, må ikke fjernes eller ændres.",
            en: "The push rewrites the history: {reference} would move from {old} to {new}, which does not build on {old}. Decisions already shared may not be removed or changed.",
        },
        RewrittenHint => {
            da: "Hent serverens historik og byg videre på den: `backbrief sync`. Brug aldrig `git push --force` her.",
            en: "Take the server's history and build on it: `backbrief sync`. Never use `git push --force` here.",
        },
        Deleted => {
            da: "Pushet sletter {reference}; det må ikke slettes på serveren.",
            en: "The push deletes {reference}; it may not be deleted on the server.",
        },
        DeletedHint => {
            da: "Beslutningernes historik bliver på serveren. Spørg den, der passer serveren, hvis noget virkelig skal væk.",
            en: "The history of decisions stays on the server. Ask whoever looks after the server if something really has to go.",
        },
        BranchDeleted => {
            da: "Pushet sletter grenen {reference}, som rummer {count} beslutning(er), som ingen anden gren på serveren har (fx {commit}); de ville gå tabt.",
            en: "The push deletes the branch {reference}, which holds {count} decision(s) that no other branch on the server holds (for example {commit}); they would be lost.",
        },
        BranchDeletedHint => {
            da: "Flet grenen ind i en anden gren med `backbrief sync` først, eller lad den blive på serveren.",
            en: "Merge the branch into another branch with `backbrief sync` first, or leave it on the server.",
        },
        TagOffBranch => {
            da: "Tagget {reference} peger på {commit}, som ingen gren på serveren har; et tag må kun pege på en commit, der er på en gren (hvor den er kontrolleret).",
            en: "The tag {reference} points at {commit}, which no branch on the server holds; a tag may only point at a commit that is on a branch (where it was checked).",
        },
        TagOffBranchHint => {
            da: "Push commit'en til en gren først (så bliver den kontrolleret), og sæt så tagget på den.",
            en: "Push the commit to a branch first (so it is checked), then put the tag on it.",
        },
        NotACommit => {
            da: "{reference} ville pege på {object}, som ikke er en commit; serveren tager kun imod grene og tags af commits.",
            en: "{reference} would point at {object}, which is not a commit; the server only takes branches and tags of commits.",
        },
        OutsideBranchesAndTags => {
            da: "Pushet opretter eller flytter {reference}; serveren tager kun imod grene (refs/heads/) og tags (refs/tags/).",
            en: "The push creates or moves {reference}; the server only takes branches (refs/heads/) and tags (refs/tags/).",
        },
        OutsideBranchesAndTagsHint => {
            da: "Push kun grene og tags, fx `git push origin main`.",
            en: "Push only branches and tags, for example `git push origin main`.",
        },
        VerifiedMoved => {
            da: "Pushet flytter det kontrollerede punkt til {commit}, som ikke bygger videre på det forrige, eller som ikke er en del af en gren på serveren.",
            en: "The push moves the verified point to {commit}, which does not build on the previous one or is not part of a branch on the server.",
        },
        VerifiedMovedHint => {
            da: "Lad `backbrief sync` dele det kontrollerede punkt; det sker kun, når historikken fører gennem det.",
            en: "Let `backbrief sync` share the verified point; it does so only when the history leads through it.",
        },
        Replacement => {
            da: "Pushet bringer en erstatning ({reference}, git replace), som ville få git log og git show til at vise noget andet end det, der blev registreret.",
            en: "The push brings a replacement ({reference}, git replace), which would make git log and git show show something other than what was recorded.",
        },
        ReplacementHint => {
            da: "Push uden erstatninger (fjern dem med `git replace -d`).",
            en: "Push without replacements (remove them with `git replace -d`).",
        },
        BadInput => {
            da: "Linje {line} af input er ikke \"<gammel> <ny> <ref>\", som git giver en pre-receive-hook: {text}",
            en: "Line {line} of the input is not \"<old> <new> <ref>\" as git gives a pre-receive hook: {text}",
        },
        BadInputHint => {
            da: "`backbrief verify --pre-receive` køres af git på serveren, ikke i hånden; installér den med `backbrief hook install`.",
            en: "`backbrief verify --pre-receive` is run by git on the server, not by hand; install it with `backbrief hook install`.",
        },
        Installed => {
            da: "pre-receive-hooken er installeret i {file}; den kører {program}. Et push, som `backbrief verify` ville finde fejl i, bliver nu afvist, før serveren tager imod det.",
            en: "The pre-receive hook is installed in {file}; it runs {program}. A push in which `backbrief verify` would find errors is now refused before the server takes it.",
        },
        Reinstalled => {
            da: "pre-receive-hooken i {file} er opdateret; den kører nu {program}.",
            en: "The pre-receive hook in {file} is updated; it now runs {program}.",
        },
        WhereOnForges => {
            da: "På Gitea eller Forgejo lægger en administrator samme script i repositoriets hooks/pre-receive.d/ (fx som hooks/pre-receive.d/backbrief); på GitLab i repositoriets custom_hooks/pre-receive.d/ (eller custom_hooks/pre-receive). backbrief skal være installeret på serveren, under den sti scriptet nævner.",
            en: "On Gitea or Forgejo, an administrator puts the same script in the repository's hooks/pre-receive.d/ (for example as hooks/pre-receive.d/backbrief); on GitLab in the repository's custom_hooks/pre-receive.d/ (or custom_hooks/pre-receive). backbrief must be installed on the server, at the path the script names.",
        },
        NotBare => {
            da: "{dir} er ikke et \"bare\" repository (serverens kopi uden arbejdsmappe), så ingen pusher til det.",
            en: "{dir} is not a bare repository (the server's copy, without a work tree), so no one pushes to it.",
        },
        NotARepository => {
            da: "{dir} er ikke et git-repository.",
            en: "{dir} is not a git repository.",
        },
        NotBareHint => {
            da: "Kør `backbrief hook install STI` med stien til serverens kopi, fx /srv/git/planer.git.",
            en: "Run `backbrief hook install PATH` with the path of the server's copy, for example /srv/git/plans.git.",
        },
        OtherHook => {
            da: "Der er allerede en anden pre-receive-hook i {file}; den bliver ikke overskrevet.",
            en: "There is already another pre-receive hook in {file}; it is not overwritten.",
        },
        OtherHookHint => {
            da: "Flyt den eksisterende hook, eller få den til også at køre `backbrief verify --pre-receive` med samme input.",
            en: "Move the existing hook away, or make it also run `backbrief verify --pre-receive` with the same input.",
        },
        NotWritten => {
            da: "Hooken kunne ikke skrives til {file}: {reason}.",
            en: "The hook could not be written to {file}: {reason}.",
        },
        NoProgram => {
            da: "Stien til det kørende backbrief-program kunne ikke findes: {reason}.",
            en: "The path of the running backbrief program could not be found: {reason}.",
        },
    }
}
