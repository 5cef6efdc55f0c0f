//! Generates a large set of realistic, valid backbrief plans for benchmarks.
//!
//! ```text
//! cargo bench --bench generate_plans -- --plans 10000 --out DIR [--seed N] [--force]
//! ```
//!
//! Writes `DIR/plans/<id>.json` (format 1, see SPEC "The plan file") and a copy
//! of `schemas/plan.schema.json` to `DIR/schemas/`, so the `$schema` reference
//! of every plan resolves. Each plan has 2–4 phases that follow one another in
//! time, 10–30 subtasks whose due periods lie inside their phase's period,
//! 1–3 reporting obligations tied to a phase with `after`, and sometimes
//! milestones; about 4 KB of Danish text. Plan number `i` depends only on the
//! seed and `i`, so the first 1,000 plans of a 10,000 set equal a 1,000 set.
//!
//! Only the standard library: a small PRNG (SplitMix64) and a small JSON
//! writer that keeps the field order of the format (pretty, two spaces, as
//! `serde_json::to_string_pretty` writes it).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo bench --bench generate_plans -- --plans N --out DIR [--seed N] [--force]

  --plans N   how many plans to write (default 1000)
  --out DIR   where to write DIR/plans/<id>.json (required)
  --seed N    seed of the generator (default 1); same seed, same plans
  --force     remove the *.json files already in DIR/plans first";

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("generate_plans: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate_plans: {message}");
            ExitCode::from(1)
        }
    }
}

struct Options {
    plans: usize,
    out: PathBuf,
    seed: u64,
    force: bool,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let mut plans = 1000;
        let mut out = None;
        let mut seed = 1;
        let mut force = false;
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
                _ => (arg.clone(), None),
            };
            let mut value = || {
                inline
                    .map(str::to_string)
                    .or_else(|| args.next())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match name.as_str() {
                // `cargo bench` passes `--bench` to every bench target.
                "--bench" => {}
                "--plans" => {
                    let text = value()?;
                    plans = text
                        .parse()
                        .map_err(|_| format!("--plans: not a number: {text:?}"))?;
                }
                "--out" => out = Some(PathBuf::from(value()?)),
                "--seed" => {
                    let text = value()?;
                    seed = text
                        .parse()
                        .map_err(|_| format!("--seed: not a number: {text:?}"))?;
                }
                "--force" => force = true,
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        let out = out.ok_or("--out DIR is required")?;
        Ok(Options {
            plans,
            out,
            seed,
            force,
        })
    }
}

fn run(options: &Options) -> Result<(), String> {
    let plans_dir = options.out.join("plans");
    std::fs::create_dir_all(&plans_dir)
        .map_err(|e| format!("cannot create {}: {e}", plans_dir.display()))?;
    let existing = json_files(&plans_dir)?;
    if !existing.is_empty() {
        if !options.force {
            return Err(format!(
                "{} already holds {} plan files; use --force to replace them",
                plans_dir.display(),
                existing.len()
            ));
        }
        for file in existing {
            std::fs::remove_file(&file)
                .map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
        }
    }
    copy_schema(&options.out)?;

    let mut bytes = 0usize;
    let (mut smallest, mut largest) = (usize::MAX, 0usize);
    let mut subtasks = 0usize;
    for index in 0..options.plans {
        let plan = generate(options.seed, index);
        let mut text = String::with_capacity(6000);
        plan.json.write_pretty(&mut text, 0);
        text.push('\n');
        let path = plans_dir.join(format!("{}.json", plan.id));
        std::fs::write(&path, &text)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        bytes += text.len();
        smallest = smallest.min(text.len());
        largest = largest.max(text.len());
        subtasks += plan.subtasks;
    }
    if options.plans > 0 {
        println!(
            "wrote {} plans to {} (seed {}): {:.1} MB, {} bytes on average ({}–{}), {:.1} subtasks on average",
            options.plans,
            plans_dir.display(),
            options.seed,
            bytes as f64 / 1e6,
            bytes / options.plans,
            smallest,
            largest,
            subtasks as f64 / options.plans as f64,
        );
    }
    Ok(())
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    Ok(entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect())
}

/// Copies the project's schema next to the plans, so `$schema` resolves.
fn copy_schema(out: &Path) -> Result<(), String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/plan.schema.json");
    if !source.is_file() {
        return Ok(());
    }
    let dir = out.join("schemas");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::copy(&source, dir.join("plan.schema.json"))
        .map_err(|e| format!("cannot copy the schema: {e}"))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Randomness: SplitMix64, seeded per plan from (seed, index).

struct Rng(u64);

impl Rng {
    fn for_plan(seed: u64, index: usize) -> Rng {
        let mut rng = Rng(seed ^ 0x6261_636b_6272_6965); // "backbrie"
        rng.next();
        rng.0 ^= (index as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u32) -> bool {
        self.range(1, 100) <= percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    /// `count` different items, in the order of `items`.
    fn pick_some<T: Copy>(&mut self, items: &[T], count: usize) -> Vec<T> {
        let mut chosen: Vec<usize> = (0..items.len()).collect();
        for i in (1..chosen.len()).rev() {
            let j = self.next() as usize % (i + 1);
            chosen.swap(i, j);
        }
        chosen.truncate(count.min(items.len()));
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i]).collect()
    }
}

// ---------------------------------------------------------------------------
// A JSON value that keeps field order, and its pretty printer.

enum Json {
    Str(String),
    Num(i64),
    Arr(Vec<Json>),
    Obj(Vec<(&'static str, Json)>),
}

fn s(text: impl Into<String>) -> Json {
    Json::Str(text.into())
}

impl Json {
    fn write_pretty(&self, out: &mut String, indent: usize) {
        match self {
            Json::Str(text) => write_string(out, text),
            Json::Num(number) => {
                let _ = write!(out, "{number}");
            }
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            // Like Prettier: a short list of plain values stays on one line.
            Json::Arr(items) if let Some(line) = one_line(items) => out.push_str(&line),
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    push_indent(out, indent + 1);
                    item.write_pretty(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push_str("{\n");
                for (i, (key, value)) in fields.iter().enumerate() {
                    push_indent(out, indent + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write_pretty(out, indent + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent);
                out.push('}');
            }
        }
    }
}

/// `[a, b]` when every item is a string or number and the line stays short.
fn one_line(items: &[Json]) -> Option<String> {
    let mut line = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        match item {
            Json::Str(_) | Json::Num(_) => item.write_pretty(&mut line, 0),
            _ => return None,
        }
    }
    line.push(']');
    (line.chars().count() <= 60).then_some(line)
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// Periods, as month numbers counted from year 0 (month = year * 12 + m - 1).

fn year_of(month: u32) -> u32 {
    month / 12
}

fn month_text(month: u32) -> String {
    format!("{}-{:02}", year_of(month), month % 12 + 1)
}

fn days_in_month(month: u32) -> u32 {
    let year = year_of(month);
    match month % 12 + 1 {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn day_text(month: u32, day: u32) -> String {
    format!("{}-{:02}", month_text(month), day)
}

/// A phase period: the JSON for it, and the months it covers (first, last).
struct PhaseSpan {
    json: Json,
    first: u32,
    last: u32,
    /// How the period reads in a phase title, e.g. "foråret 2025".
    words: String,
}

/// A phase period of a random kind that starts at or after month `from`.
fn phase_period(rng: &mut Rng, from: u32) -> PhaseSpan {
    // The first month >= from that is a multiple of `step` plus `offset`.
    let next_start = |step: u32, offset: u32| (from + step - 1 - offset) / step * step + offset;
    match rng.range(0, 9) {
        0..=3 => {
            // A season: spring Mar–May, summer Jun–Aug, autumn Sep–Nov, winter Dec–Feb.
            let first = next_start(3, 2);
            let year = year_of(first);
            let (code, word) = match first % 12 {
                2 => ("spring", "foråret"),
                5 => ("summer", "sommeren"),
                8 => ("autumn", "efteråret"),
                _ => ("winter", "vinteren"),
            };
            PhaseSpan {
                json: s(format!("{year}-{code}")),
                first,
                last: first + 2,
                words: format!("{word} {year}"),
            }
        }
        4..=5 => {
            let first = next_start(6, 0);
            let half = first % 12 / 6 + 1;
            let year = year_of(first);
            PhaseSpan {
                json: s(format!("{year}-H{half}")),
                first,
                last: first + 5,
                words: format!("{} halvår {year}", if half == 1 { "1." } else { "2." }),
            }
        }
        6 => {
            let first = next_start(3, 0);
            let quarter = first % 12 / 3 + 1;
            let year = year_of(first);
            PhaseSpan {
                json: s(format!("{year}-Q{quarter}")),
                first,
                last: first + 2,
                words: format!("{quarter}. kvartal {year}"),
            }
        }
        _ => {
            let first = from;
            let last = first + rng.range(2, 6);
            PhaseSpan {
                json: Json::Obj(vec![
                    ("start", s(month_text(first))),
                    ("end", s(month_text(last))),
                ]),
                first,
                last,
                words: format!(
                    "{} {}–{} {}",
                    MONTHS[(first % 12) as usize],
                    year_of(first),
                    MONTHS[(last % 12) as usize],
                    year_of(last)
                ),
            }
        }
    }
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// A due period inside months `first..=last`: a month or a day.
fn due_within(rng: &mut Rng, first: u32, last: u32) -> (Json, u32) {
    let month = rng.range(first, last);
    if rng.chance(55) {
        (s(month_text(month)), month)
    } else {
        let day = rng.range(1, days_in_month(month));
        (s(day_text(month, day)), month)
    }
}

// ---------------------------------------------------------------------------
// Texts.

const UNIT_KINDS: &[(&str, &[&str])] = &[
    (
        "Plejecenter",
        &[
            "Solhaven",
            "Egebakken",
            "Lindehøj",
            "Rosenly",
            "Bøgely",
            "Kastaniegården",
            "Fjordglimt",
        ],
    ),
    (
        "Daginstitution",
        &[
            "Mælkebøtten",
            "Regnbuen",
            "Solsikken",
            "Troldehøjen",
            "Myretuen",
            "Skovbørnehaven",
        ],
    ),
    ("Jobcenter", &["Nord", "Syd", "Øst", "Vest", "Midt"]),
    (
        "Hjemmeplejen",
        &[
            "distrikt Nord",
            "distrikt Syd",
            "distrikt Midtby",
            "Vestegnen",
        ],
    ),
    (
        "Skolen",
        &[
            "ved Søen",
            "ved Skoven",
            "på Bakken",
            "i Ådalen",
            "Nørrevang",
        ],
    ),
    (
        "Familieafdelingen",
        &["Børn og Unge", "Handicap", "Myndighed", "Forebyggelse"],
    ),
    (
        "Borgerservice",
        &["Rådhuset", "Biblioteket", "Lokalcenter Øst"],
    ),
    (
        "Teknik og Miljø",
        &["Vej og Park", "Byggesag", "Natur og Vand"],
    ),
    (
        "Socialpsykiatrien",
        &[
            "Bostedet Kilden",
            "Værestedet Ankeret",
            "Bofællesskabet Lyngen",
        ],
    ),
];

const PLAN_OWNERS: &[&str] = &[
    "Lokal-MED",
    "Lokal-MED",
    "Lokal-MED",
    "Område-MED",
    "Personalemødet",
    "Ledergruppen",
];

const ROLES: &[&str] = &[
    "MED-formand",
    "Enhedens leder",
    "Teamledere",
    "HR-konsulent",
    "Arbejdsmiljørepræsentant",
    "Tillidsrepræsentant",
    "Afdelingsleder",
    "Udviklingskonsulent",
    "Pædagogisk leder",
    "Souschef",
    "Faglig koordinator",
    "Arbejdsgruppen",
];

const PEOPLE: &[&str] = &[
    "Anna", "Mette", "Lars", "Søren", "Hanne", "Birgitte", "Jens", "Pia", "Mads", "Louise",
    "Rasmus", "Kirsten", "Ahmed", "Fatima", "Jørgen", "Camilla",
];

const REPORT_TO: &[&str] = &[
    "Nærmeste chef",
    "Nærmeste chef",
    "Lokal-MED",
    "Område-MED",
    "Hoved-MED",
    "Direktionen",
    "Fagudvalget",
];

const SITUATIONS: &[&str] = &[
    "Det er vores udgangspunkt, at {unit} har fået ny ledelse og mange nye medarbejdere, siden kerneopgaven blev besluttet.",
    "Kerneopgaven er ikke kendt i hele enheden, og den er endnu ikke gjort til et fælles pejlemærke for vores indsatser.",
    "Trivselsmålingen viser, at mange oplever et stigende tidspres og uklare prioriteringer i hverdagen.",
    "Vi har et højt sygefravær og en stor udskiftning i personalegruppen, som gør det svært at fastholde en fælles praksis.",
    "Samarbejdet på tværs af teams fungerer ikke altid godt, og viden bliver ikke delt systematisk.",
    "Borgerne oplever, at de får forskellige svar afhængigt af, hvem de møder, og vores forventningsafstemning halter.",
    "Der er indført nye arbejdsgange og et nyt fagsystem, som har fyldt meget i det seneste år.",
    "En omorganisering har samlet tre tidligere enheder, og vi har endnu ikke fundet en fælles kultur.",
];

const MAIN_TASKS: &[&str] = &[
    "Vores hovedopgave er at sikre, at kerneopgaven er kendt i hele {unit}, og at skabe en arbejdskultur, hvor vi taler om, hvad den betyder for vores opgaveløsning og samarbejde.",
    "Vores hovedopgave er at styrke det faglige og kollegiale fællesskab, så vi i fællesskab kan prioritere de opgaver, der skaber mest værdi for borgerne.",
    "Vores hovedopgave er at gøre kerneopgaven til et fælles pejlemærke, når vi planlægger, prioriterer og evaluerer vores arbejde.",
    "Vores hovedopgave er at skabe klarhed over roller og ansvar, så samarbejdet mellem ledere, medarbejdere og borgere bliver bedre.",
    "Vores hovedopgave er at nedbringe ubalancerne mellem krav og ressourcer gennem fælles drøftelser af, hvad vi holder fast i, og hvad vi lader være.",
];

const INTENTS: &[&str] = &[
    "Vi vil i første omgang tilrettelægge et udviklingsforløb, der skaber et bredt kendskab til kerneopgaven, og derefter arbejde med implementeringen i de enkelte teams.",
    "Vi vil bruge personalemøder og temadage til at drøfte konkrete situationer fra hverdagen og omsætte drøftelserne til aftaler, som vi følger op på i MED.",
    "Forløbet planlægges i det lokale MED og gennemføres i faser, hvor hver fase afsluttes med en evaluering og en beslutning om det videre arbejde.",
    "Vi vil inddrage medarbejderne tidligt, bruge dialogværktøjerne fra \"Stærkere sammen\" og samle op på erfaringerne løbende.",
];

const CORE_FORMAL: &[&str] = &[
    "Vi skal sikre borgerne en helhedsorienteret og faglig kvalificeret indsats inden for lovgivningens rammer.",
    "Vi skal give børnene et trygt og udviklende læringsmiljø, som byrådet har besluttet det.",
    "Vi skal hjælpe borgerne hurtigst muligt i job eller uddannelse.",
];

const CORE_PERFORMED: &[&str] = &[
    "Vi arbejder tæt sammen i teams, men prioriterer forskelligt, når travlheden presser.",
    "Vi løser opgaverne fagligt forsvarligt, men har svært ved at finde tid til fælles refleksion.",
    "Vi har mange gode initiativer, som ikke altid bliver delt på tværs.",
];

const CORE_EXPERIENCED: &[&str] = &[
    "Borgerne oplever os som imødekommende, men savner sammenhæng og klar besked.",
    "Forældrene er generelt tilfredse, men oplever at informationen er uensartet.",
    "Borgerne oplever lange ventetider og mange skift i kontaktpersoner.",
];

const PHASE_THEMES: &[(&str, &str)] = &[
    (
        "Bredt kendskab til kerneopgaven",
        "At alle i enheden kender kerneopgaven og har drøftet, hvad den betyder for deres arbejde.",
    ),
    (
        "Implementering af kerneopgaven",
        "At kerneopgaven bliver omsat til konkrete aftaler om opgaveløsningen i hvert team.",
    ),
    (
        "Kortlægning af ubalancer",
        "At vi får et fælles billede af de ubalancer, der fylder mest i hverdagen.",
    ),
    (
        "Fælles prioritering",
        "At vi bliver enige om, hvilke opgaver vi holder fast i, og hvilke vi lader være.",
    ),
    (
        "Styrket samarbejde på tværs",
        "At teams deler viden og hjælper hinanden, når presset er størst.",
    ),
    (
        "Opfølgning og forankring",
        "At de nye aftaler bliver en del af den daglige drift og følges op i MED.",
    ),
    (
        "Dialog med borgerne",
        "At vi bliver bedre til at forventningsafstemme med borgerne og forklare vores beslutninger.",
    ),
];

/// An activity: title, the communities it strengthens, the imbalances it addresses.
const ACTIVITIES: &[(&str, &[&str], &[i64])] = &[
    ("Planlægningsmøde i MED", &["organisational"], &[1]),
    (
        "Gå-hjem-møde, hvor kerneopgaven præsenteres",
        &["organisational"],
        &[1, 2],
    ),
    (
        "Workshop, hvor teamet konkretiserer kerneopgaven i forhold til sine ydelser",
        &["task", "organisational"],
        &[1, 5],
    ),
    (
        "Opsamling og procesevaluering i MED",
        &["organisational"],
        &[1],
    ),
    (
        "Temadag om de fire arbejdsfællesskaber",
        &["organisational", "task", "professional", "collegial"],
        &[3],
    ),
    (
        "Dialogmøde om tidspres og prioriteringer",
        &["task", "collegial"],
        &[4, 6],
    ),
    (
        "Kortlægning af ubalancer med dialogværktøjet",
        &["organisational", "task"],
        &[2, 7],
    ),
    (
        "Faglig sparring på tværs af teams",
        &["professional", "collegial"],
        &[8],
    ),
    (
        "Gennemgang af ydelsestyperne og det interne samarbejde",
        &["task", "collegial"],
        &[4, 5],
    ),
    (
        "Drøftelse af samarbejdet med borgerne",
        &["task", "professional"],
        &[1, 9],
    ),
    (
        "Oplæg fra ledelsen om rammer og ressourcer",
        &["organisational"],
        &[10],
    ),
    (
        "Introforløb for nye medarbejdere",
        &["collegial", "organisational"],
        &[11],
    ),
    (
        "Evaluering af mødestrukturen",
        &["organisational", "collegial"],
        &[6],
    ),
    (
        "Fælles refleksion over svære sager",
        &["professional", "collegial"],
        &[8, 12],
    ),
    (
        "Udarbejdelse af handleplan for trivsel",
        &["organisational", "collegial"],
        &[3, 11],
    ),
    (
        "Opfølgning på trivselsmålingen",
        &["organisational"],
        &[2, 3],
    ),
    (
        "Aftaler om videndeling i teamet",
        &["professional", "task"],
        &[5, 8],
    ),
    (
        "Besøg hos en anden enhed med gode erfaringer",
        &["professional"],
        &[7],
    ),
    ("Revision af arbejdsgange", &["task"], &[4, 10]),
    ("Skitseplan for næste fase", &["organisational"], &[1]),
];

const AUDIENCES: &[&str] = &[
    "dagvagten",
    "aftenvagten",
    "team Nord",
    "team Syd",
    "administrationen",
    "de nyansatte",
    "ledergruppen",
    "hele personalegruppen",
];

const QUESTIONS: &[&str] = &[
    "Hvordan fungerer det interne samarbejde?",
    "Hvad skal vi holde fast i, fordi det fungerer godt?",
    "Hvad skal vi lave om på, fordi det kan fungere bedre?",
    "Hvordan bliver vi bedre til at forventningsafstemme med borgerne?",
    "Hvilke opgaver kan vi lade være med at løse?",
    "Hvornår oplever vi, at kerneopgaven lykkes?",
    "Hvad står i vejen for, at vi hjælper hinanden?",
    "Hvordan deler vi viden, når vi har travlt?",
    "Hvad betyder kerneopgaven for netop vores team?",
];

const NOTES: &[&str] = &[
    "Afholdes på et personalemøde; HR-konsulenten faciliterer.",
    "Materialet fra \"Stærkere sammen\" bruges som oplæg.",
    "Udskudt én gang på grund af sygdom; ny dato aftalt i MED.",
    "Kræver lokale og forplejning; budgettet er godkendt.",
    "Resultaterne samles i et kort notat til MED.",
    "Alle teams deltager; vikardækning aftales med ledelsen.",
];

const REPORTS: &[&str] = &[
    "Procesevaluering af {phase} i MED",
    "Konklusioner fra {phase} og en skitseplan for det videre arbejde",
    "Status på {phase} til orientering",
    "Kort notat om erfaringerne fra {phase}",
];

const MILESTONES: &[&str] = &[
    "Temadag for hele enheden",
    "Byrådet behandler planen",
    "Trivselsmålingen offentliggøres",
    "Midtvejsevaluering i MED",
];

/// A lower-case id from a text: æ → ae, ø → oe, å → aa, other signs → `-`.
fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' => out.push('e'),
            _ if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            _ => {}
        }
    }
    if out.len() > max {
        // Cut at the last whole word that fits.
        let cut = out[..=max].rfind('-').unwrap_or(max);
        out.truncate(cut);
    }
    out.trim_end_matches('-').to_string()
}

/// Gives `base` a numbered suffix until it is unique in the plan.
fn unique(ids: &mut HashSet<String>, base: String) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

// ---------------------------------------------------------------------------
// A plan.

struct Generated {
    id: String,
    json: Json,
    subtasks: usize,
}

fn status_for(rng: &mut Rng, stage: Stage) -> &'static str {
    let roll = rng.range(1, 100);
    match stage {
        Stage::Past => match roll {
            1..=80 => "done",
            81..=90 => "cancelled",
            91..=96 => "in_progress",
            _ => "blocked",
        },
        Stage::Current => match roll {
            1..=35 => "done",
            36..=70 => "in_progress",
            71..=92 => "planned",
            _ => "blocked",
        },
        Stage::Future => match roll {
            1..=95 => "planned",
            _ => "cancelled",
        },
    }
}

#[derive(Clone, Copy)]
enum Stage {
    Past,
    Current,
    Future,
}

fn generate(seed: u64, index: usize) -> Generated {
    let rng = &mut Rng::for_plan(seed, index);
    let (kind, names) = rng.pick(UNIT_KINDS);
    let unit = format!("{kind} {}", rng.pick(names));
    let id = format!("{}-{:05}", slug(&unit, 40), index + 1);
    let mut ids = HashSet::new();
    ids.insert(id.clone());
    let fill = |text: &str| text.replace("{unit}", &unit);

    // Phases follow each other in time; where the plan "is" now decides statuses.
    let phase_count = rng.range(2, 4) as usize;
    // 10–30 subtasks, most plans nearer 10 than 30 (the smaller of two draws).
    let subtask_total = 10 + rng.range(0, 20).min(rng.range(0, 20)) as usize;
    let mut per_phase = vec![2usize; phase_count];
    for _ in 0..subtask_total - 2 * phase_count {
        let p = rng.range(0, phase_count as u32 - 1) as usize;
        per_phase[p] += 1;
    }
    let current = rng.range(0, phase_count as u32) as usize; // == phase_count: all past
    let mut cursor = rng.range(2024 * 12, 2026 * 12 + 11);
    let mut spans = Vec::new();
    for _ in 0..phase_count {
        let span = phase_period(rng, cursor);
        cursor = span.last + 1 + *rng.pick(&[0, 0, 0, 1, 2]);
        spans.push(span);
    }

    let themes = rng.pick_some(PHASE_THEMES, phase_count);
    let mut phases = Vec::new();
    let mut phase_ids = Vec::new();
    for (p, span) in spans.into_iter().enumerate() {
        let phase_id = unique(&mut ids, format!("fase-{}", p + 1));
        let stage = match p.cmp(&current) {
            std::cmp::Ordering::Less => Stage::Past,
            std::cmp::Ordering::Equal => Stage::Current,
            std::cmp::Ordering::Greater => Stage::Future,
        };
        let (theme, goal) = themes[p];
        let mut subtasks = Vec::new();
        for _ in 0..per_phase[p] {
            subtasks.push(subtask(rng, &mut ids, span.first, span.last, stage));
        }
        let mut fields = vec![
            ("id", s(&phase_id)),
            ("title", s(format!("Fase {}: {theme}", p + 1))),
        ];
        if rng.chance(60) {
            fields.push((
                "goal",
                s(format!("{goal} Fasen gennemføres i {}.", span.words)),
            ));
        }
        if rng.chance(70) {
            fields.push(("planned_by", s(*rng.pick(PLAN_OWNERS))));
        }
        fields.push(("period", span.json));
        if p > 0 && rng.chance(85) {
            let mut depends = vec![s(&phase_ids[p - 1])];
            if p > 1 && rng.chance(20) {
                depends.insert(0, s(&phase_ids[p - 2]));
            }
            fields.push(("depends_on", Json::Arr(depends)));
        }
        fields.push(("subtasks", Json::Arr(subtasks)));
        phases.push((Json::Obj(fields), span.first, span.last, stage));
        phase_ids.push(phase_id);
    }

    let mut milestones = Vec::new();
    for _ in 0..*rng.pick(&[0, 0, 1, 1, 2]) {
        let p = rng.range(0, phase_count as u32 - 1) as usize;
        let (_, first, last, _) = phases[p];
        let month = rng.range(first, last);
        let title = if p + 1 < phase_count && rng.chance(50) {
            format!("Opstart af fase {}", p + 2)
        } else {
            (*rng.pick(MILESTONES)).to_string()
        };
        let milestone_id = unique(&mut ids, slug(&title, 40));
        milestones.push(Json::Obj(vec![
            ("id", s(milestone_id)),
            ("title", s(title)),
            (
                "date",
                s(day_text(month, rng.range(1, days_in_month(month)))),
            ),
        ]));
    }

    let mut reporting = Vec::new();
    let count = rng.range(1, 3) as usize;
    for template in rng.pick_some(REPORTS, count) {
        let p = rng.range(0, phase_count as u32 - 1) as usize;
        let (_, _, last, stage) = phases[p];
        let what = template.replace("{phase}", &format!("fase {}", p + 1));
        let reporting_id = unique(&mut ids, slug(&what, 40));
        let due = last + rng.range(0, 1);
        let status = match stage {
            Stage::Past => status_for(rng, Stage::Past),
            _ => "planned",
        };
        let mut fields = vec![
            ("id", s(reporting_id)),
            ("what", s(what)),
            ("to", s(*rng.pick(REPORT_TO))),
            (
                "due",
                if rng.chance(50) {
                    s(month_text(due))
                } else {
                    s(day_text(due, rng.range(1, days_in_month(due))))
                },
            ),
            ("status", s(status)),
        ];
        if rng.chance(75) {
            fields.push(("by", s(*rng.pick(ROLES))));
        }
        fields.push(("after", s(&phase_ids[p])));
        reporting.push(Json::Obj(fields));
    }

    let subtasks = per_phase.iter().sum();
    let mut fields = vec![
        ("$schema", s("../schemas/plan.schema.json")),
        ("format", Json::Num(1)),
        ("id", s(&id)),
        ("title", s(format!("Backbrief fra {unit}"))),
        ("language", s("da")),
        ("unit", s(&unit)),
        ("owner", s(*rng.pick(PLAN_OWNERS))),
    ];
    let sentences = rng.range(1, 2) as usize;
    let situation: Vec<String> = rng
        .pick_some(SITUATIONS, sentences)
        .into_iter()
        .map(fill)
        .collect();
    fields.push(("situation", s(situation.join(" "))));
    let main_task = *rng.pick(MAIN_TASKS);
    fields.push(("main_task", s(fill(main_task))));
    if rng.chance(60) {
        fields.push(("intent", s(*rng.pick(INTENTS))));
    }
    if rng.chance(25) {
        fields.push((
            "core_task",
            Json::Obj(vec![
                ("formal", s(*rng.pick(CORE_FORMAL))),
                ("performed", s(*rng.pick(CORE_PERFORMED))),
                ("experienced", s(*rng.pick(CORE_EXPERIENCED))),
            ]),
        ));
    }
    fields.push((
        "phases",
        Json::Arr(phases.into_iter().map(|(json, ..)| json).collect()),
    ));
    if !milestones.is_empty() {
        fields.push(("milestones", Json::Arr(milestones)));
    }
    fields.push(("reporting", Json::Arr(reporting)));
    Generated {
        id,
        json: Json::Obj(fields),
        subtasks,
    }
}

fn subtask(rng: &mut Rng, ids: &mut HashSet<String>, first: u32, last: u32, stage: Stage) -> Json {
    let (activity, communities, imbalances) = *rng.pick(ACTIVITIES);
    let (title, id) = if rng.chance(40) {
        let audience = rng.pick(AUDIENCES);
        (
            format!("{activity} for {audience}"),
            format!("{}-{}", slug(activity, 32), slug(audience, 20)),
        )
    } else {
        (activity.to_string(), slug(activity, 40))
    };
    let id = unique(ids, id);
    let mut fields = vec![
        ("id", s(id)),
        ("title", s(title)),
        ("status", s(status_for(rng, stage))),
    ];
    if rng.chance(90) {
        let owner = if rng.chance(25) {
            format!("{} {}", rng.pick(ROLES), rng.pick(PEOPLE))
        } else {
            (*rng.pick(ROLES)).to_string()
        };
        fields.push(("owner", s(owner)));
    }
    if rng.chance(95) {
        fields.push(("due", due_within(rng, first, last).0));
    }
    if rng.chance(10) {
        fields.push(("notes", s(*rng.pick(NOTES))));
    }
    if rng.chance(8) {
        let count = rng.range(1, 3) as usize;
        let questions = rng.pick_some(QUESTIONS, count);
        fields.push((
            "questions",
            Json::Arr(questions.into_iter().map(s).collect()),
        ));
    }
    if rng.chance(85) {
        fields.push((
            "communities",
            Json::Arr(communities.iter().map(|c| s(*c)).collect()),
        ));
    }
    if rng.chance(75) {
        fields.push((
            "imbalances",
            Json::Arr(imbalances.iter().map(|n| Json::Num(*n)).collect()),
        ));
    }
    Json::Obj(fields)
}
