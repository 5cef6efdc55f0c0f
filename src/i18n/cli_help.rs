//! The command line in Danish: `--help` and the man page, and the sentences
//! for a command line that cannot be understood.
//!
//! The English help is the doc comments of the argument structs in
//! `src/cli/`; [`danish_help`] holds the Danish text for each command and
//! argument, keyed by the command's path and the argument's id
//! (`"backbrief decide by"`). A key ending in `+` is the long text shown by
//! `--help` and the man page (`"backbrief decide+"`). A test in
//! `src/cli/localise.rs` fails when a command or argument has no Danish text.

crate::catalogue! {
    /// Headings of `--help` and sentences for a command line that cannot be understood.
    pub enum CliMsg {
        Usage => { da: "Brug:", en: "Usage:" },
        Arguments => { da: "Argumenter", en: "Arguments" },
        Options => { da: "Tilvalg", en: "Options" },
        Commands => { da: "Kommandoer", en: "Commands" },
        PossibleValues => { da: "mulige værdier: {values}", en: "possible values: {values}" },
        Default => { da: "standard: {value}", en: "default: {value}" },
        HelpShort => { da: "Vis hjælp (mere med --help)", en: "Print help (see more with '--help')" },
        HelpLong => { da: "Vis hjælp (et resumé med -h)", en: "Print help (see a summary with '-h')" },
        Help => { da: "Vis hjælp", en: "Print help" },
        Version => { da: "Vis versionen", en: "Print version" },
        HelpCommand => {
            da: "Vis denne hjælp eller hjælpen til de givne kommandoer",
            en: "Print this message or the help of the given subcommand(s)",
        },
        HelpCommandArg => { da: "Kommandoerne at vise hjælp til", en: "Print help for the subcommand(s)" },
        SeeHelp => {
            da: "Se `{command} --help` for alle tilvalg.",
            en: "See `{command} --help` for every option.",
        },
        UsageLine => { da: "Brug: {usage}", en: "Usage: {usage}" },
        MissingArguments => {
            da: "Der mangler noget på kommandolinjen: {args}.",
            en: "The command line lacks something: {args}.",
        },
        MissingCommand => {
            da: "Der mangler en kommando efter {command}.",
            en: "A command is missing after {command}.",
        },
        CommandList => {
            da: "Kommandoerne er: {commands}.",
            en: "The commands are: {commands}.",
        },
        UnknownArgument => {
            da: "{arg} er ikke et tilvalg for {command}.",
            en: "{arg} is not an option of {command}.",
        },
        UnexpectedArgument => {
            da: "{arg} var ikke ventet her ({command} tager ikke flere argumenter).",
            en: "{arg} was not expected here ({command} takes no more arguments).",
        },
        UnknownCommand => {
            da: "{command} er ikke en kommando i backbrief.",
            en: "{command} is not a backbrief command.",
        },
        DidYouMean => { da: "Mente du {suggestion}?", en: "Did you mean {suggestion}?" },
        ValueAsArgument => {
            da: "Skal {arg} være en værdi, så skriv `-- {arg}`.",
            en: "If {arg} is meant as a value, write `-- {arg}`.",
        },
        BadChoice => {
            da: "\"{value}\" er ikke en mulig værdi for {arg}.",
            en: "\"{value}\" is not a possible value of {arg}.",
        },
        Choices => { da: "Mulige værdier: {values}.", en: "Possible values: {values}." },
        BadValue => {
            da: "Værdien af {arg} kan ikke bruges: {reason}",
            en: "The value of {arg} cannot be used: {reason}",
        },
        BadValueReason => {
            da: "\"{value}\" er ikke en gyldig værdi.",
            en: "\"{value}\" is not a valid value.",
        },
        MissingValue => {
            da: "{arg} skal have en værdi.",
            en: "{arg} needs a value.",
        },
        TooManyValues => {
            da: "{arg} tager ikke flere værdier end {max}; \"{value}\" er én for meget.",
            en: "{arg} takes no more than {max} value(s); \"{value}\" is one too many.",
        },
        GivenTwice => {
            da: "{arg} må kun gives én gang.",
            en: "{arg} may be given only once.",
        },
        Conflict => {
            da: "{arg} kan ikke bruges sammen med {other}.",
            en: "{arg} cannot be used with {other}.",
        },
        NotUtf8 => {
            da: "Kommandolinjen indeholder tegn, der ikke er gyldig UTF-8.",
            en: "The command line holds characters that are not valid UTF-8.",
        },
        NotUnderstood => {
            da: "Kommandolinjen kan ikke forstås.",
            en: "The command line cannot be understood.",
        },
    }
}

/// The Danish help text for a command (`"backbrief decide"`, long text
/// `"backbrief decide+"`) or an argument (`"backbrief decide by"`).
pub fn danish_help(key: &str) -> Option<&'static str> {
    DANISH_HELP
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, text)| *text)
}

/// The Danish name of a value in `--help` and errors (`<WHO>` → `<HVEM>`).
pub fn danish_value_name(name: &str) -> Option<&'static str> {
    let danish = match name {
        "LANG" => "SPROG",
        "COLOR" => "FARVE",
        "DATE" => "DATO",
        "DATE|COMMIT" => "DATO|COMMIT",
        "DATE|COMMIT|last" => "DATO|COMMIT|last",
        "DIR" => "MAPPE",
        "FILE" => "FIL",
        "ID.FIELD=VALUE" => "ID.FELT=VÆRDI",
        "PATH" | "PATHS" => "STI",
        "SHELL" => "SKAL",
        "SUMMARY" => "RESUMÉ",
        "T" => "SKABELON",
        "TEXT" => "TEKST",
        "TITLE" => "TITEL",
        "WHO" | "WHOM" => "HVEM",
        "YEAR" => "ÅR",
        "C" => "TEGN",
        "COMMAND" => "KOMMANDO",
        "OPTIONS" => "TILVALG",
        _ => return None,
    };
    Some(danish)
}

/// Every key of [`danish_help`], for the completeness test.
pub fn danish_help_keys() -> impl Iterator<Item = &'static str> {
    DANISH_HELP.iter().map(|(key, _)| *key)
}

const DANISH_HELP: &[(&str, &str)] = &[
    (
        "backbrief",
        "Hold backbrief-planer som JSON-filer i et git-repository: tjek dem, se hvor hver fase og aktivitet står, og registrér hver beslutning",
    ),
    (
        "backbrief directory",
        "Kør som om startet i <MAPPE> (som git -C)",
    ),
    (
        "backbrief lang",
        "Sproget der tales: da eller en (standard: BACKBRIEF_LANG, ellers planens sprog, ellers da)",
    ),
    (
        "backbrief color",
        "Hvornår output farves: auto (en terminal, og NO_COLOR ikke sat), always (altid) eller never (aldrig)",
    ),
    // init
    ("backbrief init", "Opret et plan-repository"),
    (
        "backbrief init+",
        "Opret et plan-repository.\n\nOpretter et git-repository med plans/, planskemaet (schemas/plan.schema.json, så editorer tjekker planer mens der skrives), en kort README til udvalget og en første commit. Planfiler flettes også semantisk af git (.gitattributes og repositoriets git-konfiguration nævner `backbrief merge-driver`), så en almindelig `git pull` fletter dem, som `backbrief sync` gør.\n\nI et eksisterende plan-repository siger den det og ændrer intet.",
    ),
    (
        "backbrief init dir",
        "Mappen repositoriet oprettes i (standard: den aktuelle mappe)",
    ),
    // new
    ("backbrief new", "Opret plans/<ID>.json ud fra en skabelon"),
    (
        "backbrief new+",
        "Opret plans/<ID>.json ud fra en skabelon.\n\nSkabelonens perioder flyttes, så de begynder i --year (standard: i år). En eksisterende plan overskrives aldrig. `--template` uden værdi viser skabelonerne.",
    ),
    (
        "backbrief new id",
        "Den nye plans id: små bogstaver, cifre og bindestreger (det bliver filnavnet)",
    ),
    (
        "backbrief new template",
        "Skabelonen der startes fra (standard: backbrief); uden værdi vises skabelonerne",
    ),
    (
        "backbrief new title",
        "Planens titel (standard: skabelonens)",
    ),
    (
        "backbrief new year",
        "Året planen begynder (standard: året for --at, ellers i år)",
    ),
    (
        "backbrief new at",
        "Den dag der regnes som i dag, som 2024-09-12, 12.9.2024 eller \"12. september 2024\"",
    ),
    (
        "backbrief new by",
        "Hvem der besluttede at oprette planen (kræves i et plan-repository, hvor oprettelsen registreres som en beslutning)",
    ),
    (
        "backbrief new message",
        "Beslutningens resumé (standard: \"Opret planen <ID>\")",
    ),
    (
        "backbrief new on",
        "Dagen beslutningen blev truffet, som 2024-09-12, 12.9.2024 eller \"12. september 2024\" (standard: den dag den registreres)",
    ),
    ("backbrief new meeting", "Mødet hvor det blev besluttet"),
    (
        "backbrief new no_verify",
        "Spring repositoriets pre-commit- og commit-msg-hooks over, som git commit --no-verify",
    ),
    // validate
    (
        "backbrief validate",
        "Tjek planer mod skemaet og reglerne, og vis hvert problem",
    ),
    (
        "backbrief validate+",
        "Tjek planer mod skemaet og reglerne, og vis hvert problem.\n\nHvert problem vises som `fil:linje:kolonne: alvor: sætning [JSON-pointer]`, med et tip hvor det hjælper. Advarsler får ikke tjekket til at fejle, medmindre --strict er givet. Slutkode 0 når hver plan er gyldig, 1 når en plan har problemer.",
    ),
    (
        "backbrief validate paths",
        "Planfiler eller mapper der skal tjekkes (standard: hver plan i plans/)",
    ),
    ("backbrief validate strict", "Behandl advarsler som fejl"),
    (
        "backbrief validate json",
        "Skriv fundene som JSON (til scripts)",
    ),
    // status
    ("backbrief status", "Vis hvor planerne står"),
    (
        "backbrief status+",
        "Vis hvor planerne står.\n\nUden PLAN: én række pr. plan — titel, aktuel fase, fremdrift (udførte aktiviteter af dem, der ikke er aflyst), hvor mange punkter der er forsinkede, og hvad der har frist som det næste. Med PLAN: dens faser med fremdrift (en fase hvis periode er forbi uden at alt er udført, er forsinket), hver aktivitet (ansvarlig, frist, status; forsinkede markeret), hvad der er forsinket og har frist de næste 30 dage, afrapporteringen og balancen mellem de fire arbejdsfællesskaber. Et punkt er forsinket, når det hverken er udført eller aflyst, og dets frist er udløbet.\n\nPlanerne vises, som de er registreret: ændringer, der ikke er registreret endnu (håndrettelser i planens fil, kladder i browseren), nævnes med hvem der har dem, og tælles aldrig med.",
    ),
    (
        "backbrief status plan",
        "Planen der vises i detaljer (dens id, filnavnet uden .json)",
    ),
    (
        "backbrief status at",
        "Dagen status beregnes for, som 2024-09-12, 12.9.2024 eller \"12. september 2024\" (standard: i dag)",
    ),
    (
        "backbrief status as_of",
        "Vis planerne som de stod dengang, læst fra historikken: en dag (2024-09-12, 12.9.2024, \"12. september 2024\": beslutningerne truffet til og med den dag) eller en commit. Status beregnes for den dag, medmindre --at siger andet",
    ),
    (
        "backbrief status json",
        "Skriv status som JSON (til scripts)",
    ),
    (
        "backbrief status timeline",
        "Vis planens tidslinje som et Gantt-diagram i tekst: måneder som kolonner, faser som bjælker, frister, milepæle og afrapportering som mærker, forsinkede markeret ▲, og i dag",
    ),
    // decide
    (
        "backbrief decide",
        "Registrér en beslutning der ændrer en plan, som én git-commit",
    ),
    (
        "backbrief decide+",
        "Registrér en beslutning der ændrer en plan, som én git-commit.\n\nMed --set anvendes ændringerne på planen, som den sidst blev registreret; uden tages håndrettelserne i plans/<PLAN>.json i arbejdsmappen, eller, når filen ingen har, din kladde fra browseren (backbrief serve, gemt i .git/backbrief/drafts/), som så fjernes. Hele valideringen kører først: er resultatet ugyldigt, registreres intet, og filen efterlades præcis som den var. Giver resultatet advarsler, registreres det, og advarslerne vises (--strict afviser det). Kun planens fil kommer med i committen, også når andre filer er ændret.\n\nRepositoriets pre-commit- og commit-msg-hooks kører som ved git commit (--no-verify springer dem over), og post-commit bagefter. Gemmes filen igen i en editor, mens beslutningen registreres, bliver den nyere udgave stående i filen, ikke overskrevet, og kan registreres bagefter.\n\nÆndringer: `--set workshop.status=udført`, `--set fase-2.period=\"forår 2025\"`, `--set fase-2.period.start=2025-03`, `--set workshop.owner=\"Teamleder Anna\"`, `--set title=...` (felter på planen selv har intet id), `--set fase-1.subtasks+={\"id\":\"x\",\"title\":\"...\",\"status\":\"planned\"}` for at tilføje, `--set x=` (tom) for at fjerne et punkt. Værdier læses som JSON, når de er JSON, ellers som tekst.",
    ),
    ("backbrief decide plan", "Planen (dens id)"),
    (
        "backbrief decide message",
        "Hvad der blev besluttet, på én linje",
    ),
    (
        "backbrief decide by",
        "Hvem der besluttede (en person eller et organ, fx \"Lokal-MED\")",
    ),
    (
        "backbrief decide set",
        "En ændring: ID.FELT=VÆRDI (kan gentages). En status, periode eller dato kan skrives, som værktøjet viser den eller en arbejdsplads skriver den (udført, \"i gang\", \"efterår 2024\", \"2. kvartal 2025\", \"uge 12 2027\", \"uge 12\" (året fra fasen eller i dag), \"ultimo marts 2027\", 2025-02/2025-07, 12.9.2024, 15.3.27); filen får den kanoniske værdi (done, 2024-autumn, 2025-Q2, 2027-W12, 2027-03-31, …)",
    ),
    (
        "backbrief decide on",
        "Dagen beslutningen blev truffet, som 2024-09-12, 12.9.2024 eller \"12. september 2024\" (standard: den dag den registreres). Ikke efter den dag og ikke før planen blev oprettet; en dag før planens forrige beslutning registreres som en sen indførsel, med en advarsel",
    ),
    (
        "backbrief decide meeting",
        "Mødet hvor det blev besluttet, fx \"MED-møde 12. september 2024\"",
    ),
    (
        "backbrief decide body",
        "Begrundelsen, der registreres i commit-beskedens brødtekst",
    ),
    (
        "backbrief decide strict",
        "Afvis også beslutningen, når planen ville få advarsler",
    ),
    (
        "backbrief decide no_verify",
        "Spring repositoriets pre-commit- og commit-msg-hooks over, som git commit --no-verify",
    ),
    // log
    (
        "backbrief log",
        "Vis beslutningssporet: hvem besluttede hvad, og hvornår — nyeste først",
    ),
    (
        "backbrief log+",
        "Vis beslutningssporet: hvem besluttede hvad, og hvornår — nyeste først.\n\nHver række viser dagen beslutningen blev truffet og af hvem, hvornår og af hvem den blev registreret, planen, resuméet og hvad der blev ændret. Beslutningerne kommer i den rækkefølge, de blev registreret (commit-dato, som `git log` viser dem); historikken læses, mens den vises, så en lang historik begynder med det samme.",
    ),
    ("backbrief log plan", "Kun beslutninger om denne plan"),
    (
        "backbrief log by",
        "Kun beslutninger truffet eller registreret af en, hvis navn indeholder HVEM",
    ),
    (
        "backbrief log since",
        "Kun beslutninger truffet denne dag eller senere (2024-09-12, 12.9.2024, \"12. september 2024\")",
    ),
    (
        "backbrief log until",
        "Kun beslutninger truffet denne dag eller tidligere (2024-09-12, 12.9.2024, \"12. september 2024\")",
    ),
    (
        "backbrief log item",
        "Kun beslutninger der ændrede punktet med dette id",
    ),
    ("backbrief log limit", "Højst så mange beslutninger"),
    (
        "backbrief log json",
        "Skriv beslutningerne som JSON (til scripts): ét array, skrevet element for element, mens historikken læses, så et script kan gå i gang med det første, mens resten kommer",
    ),
    (
        "backbrief log no_pager",
        "Skriv direkte til terminalen, ikke gennem en pager (BACKBRIEF_PAGER, ellers PAGER, ellers less; kommandoen startes som et program med sine argumenter, aldrig gennem en shell)",
    ),
    // show
    ("backbrief show", "Vis én beslutning i sin helhed"),
    (
        "backbrief show+",
        "Vis én beslutning i sin helhed.\n\nHvem besluttede hvad og hvornår, på hvilket møde, hvem registrerede den, om den er signeret, begrundelsen og hver ændring den gjorde i planen.",
    ),
    (
        "backbrief show commit",
        "Beslutningens commit (fuldt eller kort id, som `backbrief log` viser det)",
    ),
    (
        "backbrief show json",
        "Skriv beslutningen som JSON (til scripts)",
    ),
    // blame
    (
        "backbrief blame",
        "Vis hvilken beslutning der sidst satte hvert felt i en plan",
    ),
    (
        "backbrief blame+",
        "Vis hvilken beslutning der sidst satte hvert felt i en plan.\n\nFor hvert punkt i planen (eller for ét punkt) en kort tabel: hvert felt med dets værdi, og beslutningen der sidst satte det — hvornår, af hvem, og beslutningens resumé.\n\nPlanen læses som sidst registreret (håndrettelser der ikke er besluttet endnu, vises ikke).",
    ),
    ("backbrief blame plan", "Planen (dens id)"),
    (
        "backbrief blame id",
        "Kun dette punkt (id'et på en fase, aktivitet, milepæl eller afrapportering)",
    ),
    (
        "backbrief blame json",
        "Skriv resultatet som JSON (til scripts)",
    ),
    // revert
    (
        "backbrief revert",
        "Registrér en ny beslutning der gør en tidligere om",
    ),
    (
        "backbrief revert+",
        "Registrér en ny beslutning der gør en tidligere om.\n\nHistorikken skrives aldrig om: den tidligere beslutning bliver stående, og omgørelsen er en beslutning for sig (med en `Reverts:`-trailer der nævner den).\n\nHar en senere beslutning ændret de samme felter, afvises omgørelsen med en forklaring (slutkode 1); beslut i stedet hvad planen skal sige med `backbrief decide`.",
    ),
    (
        "backbrief revert commit",
        "Beslutningen der skal gøres om (dens commit-id, som `backbrief log` viser det)",
    ),
    (
        "backbrief revert message",
        "Hvorfor den gøres om, på én linje",
    ),
    ("backbrief revert by", "Hvem der besluttede at gøre den om"),
    (
        "backbrief revert on",
        "Dagen beslutningen blev truffet, som 2024-09-12, 12.9.2024 eller \"12. september 2024\" (standard: den dag den registreres)",
    ),
    ("backbrief revert meeting", "Mødet hvor det blev besluttet"),
    (
        "backbrief revert no_verify",
        "Spring repositoriets pre-commit- og commit-msg-hooks over, som git commit --no-verify",
    ),
    // verify
    (
        "backbrief verify",
        "Tjek at planernes historik er til at stole på",
    ),
    (
        "backbrief verify+",
        "Tjek at planernes historik er til at stole på.\n\nLæser hver commit, som git har gemt den (ikke som `git replace` eller grafts viser den), og melder: ændringer i planer, der ikke er beslutninger; beslutninger der ændrer en anden plan end den, de nævner, eller flere planer; planer der var ugyldige efter en beslutning; fletninger der selv ændrer planer, fletninger af mere end to grene og konflikter afgjort uden Resolved/Resolved-by-trailere, der nævner netop konflikterne; alt under plans/, der ikke er en almindelig plans/<id>.json; usignerede eller forkert signerede beslutninger, når repositoriet kræver signaturer (en committet .backbrief/allowed_signers i formatet fra gits gpg.ssh.allowedSignersFile; hver ændring af den skal være signeret af en nøgle, den tillod før); historik der er skrevet om siden sidste `verify --record`; erstattede objekter, grafts, en overfladisk klon; beskadigede eller manglende objekter; og, som advarsler, beslutninger dateret før den, de følger efter, og rettelser i planer der ikke er registreret endnu. Slutkode 1 når der er fejl.\n\nHvad det lover: ingen almindelig git-handling (en commit, en fletning, en rebase, et force push, git replace, en ændret signaturliste) ændrer, hvad der blev besluttet, eller hvem der besluttede det, uden at det meldes her. Hvad det ikke kan love: at den nævnte person virkelig besluttede det (gits user.name er det, den registrerende skrev; signaturer hjælper), at en, der har en betroet signeringsnøgle, handler redeligt, eller at en historik skrevet om før første `verify --record` (eller før serverens hook blev installeret) er den oprindelige. En server med `backbrief hook install` afviser sådanne push, før nogen kigger.",
    ),
    (
        "backbrief verify record",
        "Når der ingen fejl er, husk HEAD som efterprøvet (i refs/backbrief/verified og i loggen .git/backbrief/verified.log), så et senere verify opdager, hvis historikken op til den skrives om",
    ),
    (
        "backbrief verify json",
        "Skriv fundene som JSON (til scripts)",
    ),
    (
        "backbrief verify full",
        "Tjek hele historikken, også når et tidligere `verify --record` i denne klon ville lade verify tjekke kun det nye (det gør det, når historikken stadig går gennem det punkt, og signaturlisten er uændret; et fuldt tjek genlæser også hvert objekt, som ved skader på disken)",
    ),
    (
        "backbrief verify pre_receive",
        "Kør som gits pre-receive-hook på en server (installeret med `backbrief hook install`): læs gits linjer \"<gammel> <ny> <ref>\" på standard input, tjek kun de commits, pushet bringer, og afvis det (slutkode 1, fundene vist til den, der pusher), når verify ville finde fejl, eller når det skriver en gren om",
    ),
    // hook
    (
        "backbrief hook",
        "Hooks til en git-server (et bart repositorium, som udvalget pusher til)",
    ),
    (
        "backbrief hook install",
        "Installér pre-receive-hooken i et bart repositorium (en git-servers kopi)",
    ),
    (
        "backbrief hook install+",
        "Installér pre-receive-hooken i et bart repositorium (en git-servers kopi).\n\nHooken kører `backbrief verify --pre-receive` med netop dette program (ved dets fulde sti): hvert push tjekkes, før serveren tager imod det, kun de commits det bringer, og afvises med fundene vist til den, der pusher, når verify ville finde fejl, eller når det skriver grenen om (et force push). En hook, der ikke er backbriefs, overskrives aldrig. Siger, hvor en administrator af Gitea, Forgejo eller GitLab lægger samme script.",
    ),
    (
        "backbrief hook install dir",
        "Det bare repositorium (standard: den aktuelle mappe)",
    ),
    // sync
    (
        "backbrief sync",
        "Del plan-repositoriet gennem en git-remote uden at miste nogens beslutning",
    ),
    (
        "backbrief sync+",
        "Del plan-repositoriet gennem en git-remote uden at miste nogens beslutning.\n\nHenter fra remoten (standard: grenens upstream, ellers origin); når kun den ene side har nye beslutninger, tages eller sendes de; når begge har, flettes hver plan punkt for punkt og felt for felt, og der registreres en fletnings-commit, der nævner de beslutninger den forener, hvorefter den sendes. Aldrig en rebase: offentliggjorte beslutninger og deres signaturer forbliver som de er.\n\nSamme felt ændret forskelligt på de to sider er en konflikt: sync forklarer hver enkelt (hvem besluttede hvad, hvornår), ændrer intet og slutter med 1. Afgør dem med --resolve ID.FELT=VÆRDI (`ID=` fjerner et punkt; skriv `PLAN:` foran, når flere planer har konflikten), og resten med --ours (vores side) eller --theirs (remotens); --by siger hvem der afgjorde dem. Valgene registreres i fletnings-committen.\n\nHentning og afsendelse bruger den installerede git, så https med en credential helper, ssh med dens agent og ~/.ssh/config, file://-adresser og delte mapper virker, som de gør for git selv.",
    ),
    (
        "backbrief sync remote",
        "Remoten: et navn (origin), en adresse (https://…, ssh://…, file://…) eller stien til en delt mappe",
    ),
    (
        "backbrief sync resolve",
        "Afgør en konflikt: [PLAN:]ID.FELT=VÆRDI, eller ID= for at fjerne punktet (kan gentages)",
    ),
    (
        "backbrief sync ours",
        "Afgør hver anden konflikt med vores sides værdi",
    ),
    (
        "backbrief sync theirs",
        "Afgør hver anden konflikt med remotens værdi",
    ),
    (
        "backbrief sync by",
        "Hvem der afgjorde konflikterne (en person eller et organ, fx \"Lokal-MED\")",
    ),
    // merge-driver
    (
        "backbrief merge-driver",
        "Flet én planfil for git: `backbrief merge-driver %O %A %B %P`",
    ),
    (
        "backbrief merge-driver+",
        "Flet én planfil for git: `backbrief merge-driver %O %A %B %P`.\n\nSkriver fletningen i OURS. Slutter med 1, når der er konflikter: filen rummer så vores værdier plus en liste \"merge_conflicts\" med begge siders værdier, og git markerer den som i konflikt.",
    ),
    (
        "backbrief merge-driver base",
        "Den fælles forgængers version (gits %O)",
    ),
    (
        "backbrief merge-driver ours",
        "Vores version, hvor resultatet skrives (gits %A)",
    ),
    ("backbrief merge-driver theirs", "Deres version (gits %B)"),
    (
        "backbrief merge-driver path",
        "Filens sti i repositoriet (gits %P)",
    ),
    // report
    (
        "backbrief report",
        "Lav rapporten opad: hvor planen står, hvad der er besluttet siden sidste rapport, og hvad der kommer",
    ),
    (
        "backbrief report+",
        "Lav rapporten opad: hvor planen står, hvad der er besluttet siden sidste rapport, og hvad der kommer.\n\nRapporten har et hoved (titel, enhed, ejer, rapportdato, de beslutninger den dækker); hovedopgaven og hensigten; hver fases status; hvad der er forsinket og har frist de næste 30 dage; beslutningerne siden (--since); afrapporteringen; tidslinjen; og balancen mellem de fire arbejdsfællesskaber. Den taler planens sprog (eller --lang).\n\nMed --record --by HVEM registreres afleveringen af rapporten som en beslutning med traileren `Reported-to:` (og eventuelle --set-ændringer, fx `--set konklusioner-til-chef.status=udført`), så `--since last` begynder der næste gang.",
    ),
    (
        "backbrief report plan",
        "Planen (dens id, filnavnet uden .json)",
    ),
    (
        "backbrief report format",
        "md (Markdown), html (én fil at åbne, dele eller udskrive) eller svg (kun tidslinjen) [standard: ud fra filendelsen i --out, ellers md]",
    ),
    (
        "backbrief report out",
        "Skriv rapporten til FIL (helt eller slet ikke) i stedet for til standard-output",
    ),
    (
        "backbrief report since",
        "Hvilke beslutninger der vises: dem truffet en dag eller senere (2024-09-12, 12.9.2024), dem registreret efter en commit, eller `last`: dem siden den sidst registrerede rapport om planen [standard: alle]",
    ),
    (
        "backbrief report at",
        "Rapportdatoen, som 2024-09-12 eller 12.9.2024: hvad der er forsinket og har frist, beregnes for den dag (standard: i dag)",
    ),
    (
        "backbrief report record",
        "Registrér at rapporten er afleveret, som en beslutning (kræver --by)",
    ),
    (
        "backbrief report by",
        "Hvem der afleverede rapporten (med --record)",
    ),
    (
        "backbrief report set",
        "En ændring at registrere med den: ID.FELT=VÆRDI (kan gentages), fx konklusioner-til-chef.status=udført",
    ),
    (
        "backbrief report message",
        "Resuméet af den registrerede beslutning [standard: \"Rapport afleveret til …\"]",
    ),
    (
        "backbrief report to",
        "Hvem rapporten blev afleveret til [standard: `to` for de afrapporteringer, --set markerer som udført, ellers \"Nærmeste chef\"]",
    ),
    (
        "backbrief report no_verify",
        "Med --record: spring repositoriets pre-commit- og commit-msg-hooks over",
    ),
    (
        "backbrief report on",
        "Dagen rapporten blev afleveret, fx 2024-12-10 eller 10.12.2024 (med --record; standard: den dag den registreres)",
    ),
    (
        "backbrief report meeting",
        "Mødet hvor rapporten blev afleveret, fx \"Møde med chefen 10. december 2024\" (med --record)",
    ),
    // serve
    (
        "backbrief serve",
        "Planerne i browseren, for dem der ikke bruger en terminal",
    ),
    (
        "backbrief serve+",
        "Planerne i browseren, for dem der ikke bruger en terminal.\n\nLytter kun på 127.0.0.1, skriver én linje med adressen og en engangsnøgle (token) og åbner standardbrowseren. Siderne viser alle planer, én plan med formularer til hvert felt, beslutningerne, hvem der satte hvad, rapporten og kontrollen af historikken. Ændringer er et udkast i planens fil, indtil de registreres som en beslutning med beslutningsformularen, præcis som med `backbrief decide`. Kører indtil den afbrydes (Ctrl+C).\n\nMed --config server.toml er det i stedet udvalgenes server: én server for en kommunes udvalg, bag dens reverse proxy, hvor man logger ind med sin egen konto (OpenID Connect) og ser de udvalg, konfigurationen giver en en rolle i; hver registreret beslutning pushes straks til git-serveren. Den første linje, der skrives, er adressen, den lytter på. README'ens afsnit for IT-afdelingen og contrib/server.toml beskriver filen.",
    ),
    (
        "backbrief serve port",
        "Porten at lytte på (0: en hvilken som helst ledig)",
    ),
    (
        "backbrief serve no_open",
        "Åbn ikke browseren; skriv kun adressen",
    ),
    (
        "backbrief serve read_only",
        "Vis planerne uden mulighed for at ændre noget; enhver indsendelse afvises",
    ),
    (
        "backbrief serve at",
        "Dagen der gælder som i dag for status og overskredne frister, fx 2024-11-21",
    ),
    (
        "backbrief serve config",
        "Kør udvalgenes server, som denne konfigurationsfil siger (TOML: listen, public_url, trusted_proxies, [oidc], [[repository]])",
    ),
    // export
    (
        "backbrief export",
        "Eksportér en plan til en kalender (ics), et regneark (csv) eller et script (json)",
    ),
    (
        "backbrief export+",
        "Eksportér en plan til en kalender (ics), et regneark (csv) eller et script (json).\n\n--format ics skriver en iCalendar-fil (RFC 5545), som Outlook, Google Kalender og Apple Kalender importerer: en heldagsbegivenhed for hver fase, hver aktivitets frist, hver milepæl og hver afrapporteringsdato, beskrevet med ansvarlig og status. Hver begivenheds id dannes af planens og punktets id, så import af en nyere eksport opdaterer begivenhederne i stedet for at tilføje kopier.\n\n--format csv skriver én række pr. punkt (fase, aktivitet, milepæl, afrapportering): type, id, titel, fase, ansvarlig, første og sidste dag, status, forsinket og fællesskaber, med overskrifter på planens sprog. Kolonnerne adskilles med semikolon, og filen begynder med et UTF-8-byte-order-mark, så Excel med danske indstillinger åbner den som den er; brug --delimiter , til andre programmer.\n\n--format json skriver planen til scripts: hvert felt, hver periode omsat til første og sidste dag, og den afledte fasetilstand, fremdrift og forsinkelse.\n\nStatus og forsinkelse beregnes for --at (standard: i dag). Slutkode 1 når planen er ugyldig (problemerne vises), 3 når --out ikke kan skrives (intet efterlades).",
    ),
    (
        "backbrief export plan",
        "Planen der eksporteres (dens id, filnavnet uden .json)",
    ),
    (
        "backbrief export format",
        "Hvad der laves: ics (kalender), csv (regneark) eller json (scripts)",
    ),
    (
        "backbrief export out",
        "Skriv til FIL i stedet for standard-output. Filen erstattes helt eller slet ikke",
    ),
    (
        "backbrief export delimiter",
        "Tegnet mellem kolonnerne i --format csv (standard: ;)",
    ),
    (
        "backbrief export no_bom",
        "Udelad byte-order-mark i begyndelsen af --format csv (Excel har brug for det; nogle andre programmer vil ikke have det)",
    ),
    (
        "backbrief export at",
        "Dagen status og forsinkelse beregnes for, som 2024-09-12 eller 12.9.2024 (standard: i dag). Kalenderbegivenheder stemples med den, så eksporter af samme plan for samme dag er ens",
    ),
    // schema
    (
        "backbrief schema",
        "Skriv planfilens JSON Schema (draft 2020-12)",
    ),
    (
        "backbrief schema+",
        "Skriv planfilens JSON Schema (draft 2020-12).\n\nEditorer tjekker en plan mens der skrives, når planens \"$schema\" peger på dette skema. `backbrief init` lægger en kopi i schemas/plan.schema.json.",
    ),
    // completions, man
    (
        "backbrief completions",
        "Skriv skal-fuldførelser (completions) for backbrief",
    ),
    (
        "backbrief completions+",
        "Skriv skal-fuldførelser (completions) for backbrief.\n\nFx for bash: `backbrief completions bash > ~/.local/share/bash-completion/completions/backbrief`.",
    ),
    ("backbrief completions shell", "Skallen der fuldføres for"),
    (
        "backbrief man",
        "Skriv backbriefs man-side (roff), fx `backbrief man > backbrief.1`",
    ),
];
