//! Generates a plans repository with a long history of decisions, for benchmarks.
//!
//! ```text
//! cargo bench --bench generate_history -- --plans 1000 --decisions 100000 --out DIR
//!     [--plans-from DIR] [--seed N] [--force]
//! ```
//!
//! Makes `DIR` a plans repository as `backbrief init` makes one (plans/,
//! schemas/plan.schema.json, the committee README, .gitattributes, branch
//! `main`), then records, through one `git fast-import` stream:
//!
//! - one decision per plan that creates it (the plan files of a plan set
//!   made by `generate_plans`: realistic plans of about 4 KB), and
//! - decisions that each change one field of one plan — a subtask's status,
//!   owner or due period, or a reporting obligation's status — written as
//!   `decide --set` writes them (`serde_json::to_string_pretty`),
//!
//! `--decisions` in all, each a commit whose message is what `decide` writes
//! (summary, trailers `Plan`, `Decided-by`, `Decided-on`, `Meeting`, made by
//! the library's own [`DecisionText::message`]), with author and committer
//! dates increasing from 2016 to 2024. The work tree and index are then
//! checked out, so the repository is clean. `backbrief verify` accepts it.
//!
//! Without `--plans-from`, the plan set is made first with
//! `cargo bench --bench generate_plans` (same seed) in a temporary folder.
//! Needs git on PATH. Only the library, serde_json and the standard library.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use backbrief::history::DecisionText;
use chrono::NaiveDate;
use serde_json::Value;

const USAGE: &str = "usage: cargo bench --bench generate_history -- --out DIR
    [--plans N] [--decisions M] [--plans-from DIR] [--seed N] [--force]

  --plans N         how many plans (default 1000)
  --decisions M     how many decisions in all, M >= N (default 100000); the
                    first N create the plans, the others change one field each
  --out DIR         the repository to make (must not exist, or use --force)
  --plans-from DIR  a plan set made by generate_plans (DIR/plans/*.json, at
                    least N plans); default: make one with cargo
  --seed N          seed (default 1); same seed, same repository
  --force           remove DIR first when it exists";

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("generate_history: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate_history: {message}");
            ExitCode::from(1)
        }
    }
}

struct Options {
    plans: usize,
    decisions: usize,
    out: PathBuf,
    plans_from: Option<PathBuf>,
    seed: u64,
    force: bool,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
        let mut plans = 1000;
        let mut decisions = 100_000;
        let mut out = None;
        let mut plans_from = None;
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
            let number = |text: String| {
                text.replace(['_', ','], "")
                    .parse::<u64>()
                    .map_err(|_| format!("{name}: not a number: {text:?}"))
            };
            match name.as_str() {
                // `cargo bench` passes `--bench` to every bench target.
                "--bench" => {}
                "--plans" => plans = number(value()?)? as usize,
                "--decisions" => decisions = number(value()?)? as usize,
                "--out" => out = Some(PathBuf::from(value()?)),
                "--plans-from" => plans_from = Some(PathBuf::from(value()?)),
                "--seed" => seed = number(value()?)?,
                "--force" => force = true,
                "-h" | "--help" => return Err("help".into()),
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        let out = out.ok_or("--out DIR is required")?;
        if plans == 0 || decisions < plans {
            return Err(format!(
                "--decisions ({decisions}) must be at least --plans ({plans}), and --plans at least 1"
            ));
        }
        Ok(Options {
            plans,
            decisions,
            out,
            plans_from,
            seed,
            force,
        })
    }
}

fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    if options.out.exists() {
        if !options.force {
            return Err(format!(
                "{} exists already; use --force to replace it",
                options.out.display()
            ));
        }
        std::fs::remove_dir_all(&options.out)
            .map_err(|e| format!("cannot remove {}: {e}", options.out.display()))?;
    }

    // The plan files: from a plan set, or made now.
    let made_here;
    let source = match &options.plans_from {
        Some(dir) => dir.clone(),
        None => {
            made_here = std::env::temp_dir()
                .join(format!("backbrief-history-plans.{}", std::process::id()));
            make_plan_set(&made_here, options.plans, options.seed)?;
            made_here.clone()
        }
    };
    let plans = read_plan_set(&source.join("plans"), options.plans)?;
    if options.plans_from.is_none() {
        let _ = std::fs::remove_dir_all(&source);
    }

    git(
        &options.out,
        &["init", "--quiet", "--initial-branch=main", "."],
        true,
    )?;
    // Who records: the fast-import stream names authors itself; these are for
    // anyone running decide in the repository afterwards.
    git(
        &options.out,
        &["config", "user.name", "Sekretær Hanne Holm"],
        false,
    )?;
    git(
        &options.out,
        &["config", "user.email", "hanne.holm@kommune.dk"],
        false,
    )?;

    let mut child = Command::new("git")
        .arg("-C")
        .arg(&options.out)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git fast-import: {e}"))?;
    let stdin = child.stdin.take().ok_or("git fast-import has no input")?;
    let mut stream = BufWriter::with_capacity(1 << 20, stdin);
    let written = write_stream(&mut stream, plans, options);
    let flushed = written.and_then(|summary| {
        stream
            .flush()
            .map(|()| summary)
            .map_err(|e| format!("git fast-import stopped reading: {e}"))
    });
    drop(stream);
    let status = child.wait().map_err(|e| format!("git fast-import: {e}"))?;
    let summary = flushed?;
    if !status.success() {
        return Err(format!("git fast-import failed ({status})"));
    }
    // Check out the last commit: work tree and index as after `decide`.
    git(&options.out, &["reset", "--quiet", "--hard", "main"], false)?;
    println!(
        "wrote {} with {} plans and {} decisions ({} commits with the first), {} in {:.1} s",
        options.out.display(),
        options.plans,
        options.decisions,
        options.decisions + 1,
        summary,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs git in `dir`; `create` makes the folder first.
fn git(dir: &Path, args: &[&str], create: bool) -> Result<(), String> {
    if create {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("git {} failed ({status})", args.join(" ")))
    }
}

/// Makes a plan set with the plan generator, through cargo.
fn make_plan_set(dir: &Path, plans: usize, seed: u64) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["bench", "--quiet", "--bench", "generate_plans", "--"])
        .arg("--plans")
        .arg(plans.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--force")
        .arg("--out")
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo to make the plans: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "making the plans failed ({status}); pass --plans-from DIR instead"
        ))
    }
}

/// A plan: its id, the bytes it was created with, and its value now.
struct PlanState {
    id: String,
    created: Vec<u8>,
    value: Value,
}

/// The first `count` plans of a plan set, in file-name order.
fn read_plan_set(dir: &Path, count: usize) -> Result<Vec<PlanState>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    if files.len() < count {
        return Err(format!(
            "{} holds {} plans, fewer than the {count} asked for",
            dir.display(),
            files.len()
        ));
    }
    files.sort();
    files.truncate(count);
    files
        .into_iter()
        .map(|path| {
            let created =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let value: Value = serde_json::from_slice(&created)
                .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
            let id = value
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| format!("{} has no id", path.display()))?
                .to_string();
            Ok(PlanState { id, created, value })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Randomness: SplitMix64.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SECRETARIES: &[(&str, &str)] = &[
    ("Hanne Holm", "hanne.holm@kommune.dk"),
    ("Jens Kragh", "jens.kragh@kommune.dk"),
    ("Mette Lund", "mette.lund@kommune.dk"),
    ("Ole Sørensen", "ole.sorensen@kommune.dk"),
];

const DECIDERS: &[&str] = &[
    "Lokal-MED",
    "Lokal-MED",
    "Lokal-MED",
    "Hoved-MED",
    "Område-MED",
    "Centerleder Birgit Dahl",
    "Afdelingsleder Karim Nasser",
];

const OWNERS: &[&str] = &[
    "Teamleder Anna Berg",
    "Teamleder Peter Vinther",
    "Arbejdsmiljørepræsentant Sofie Kjær",
    "Tillidsrepræsentant Lars Mikkelsen",
    "Leder",
    "Souschef Mads Friis",
    "HR-konsulent Ida Wulff",
    "MED-udvalget",
];

const STATUSES: &[(&str, &str)] = &[
    ("planned", "planlagt"),
    ("in_progress", "i gang"),
    ("done", "udført"),
    ("blocked", "blokeret"),
    ("cancelled", "aflyst"),
];

/// Seconds since 1970 of 2016-01-04 08:00 UTC, and of the span to 2024-12-20.
const FIRST_TIME: i64 = 1_451_894_400;
const SPAN: i64 = 282_441_600;

/// One change to one field of one plan: the new file and the summary.
fn change_one_field(rng: &mut Rng, plan: &mut Value) -> Option<String> {
    // Most decisions concern a subtask; some a reporting obligation.
    if rng.below(10) == 0
        && let Some(reporting) = plan.get_mut("reporting").and_then(Value::as_array_mut)
        && !reporting.is_empty()
    {
        let index = rng.below(reporting.len());
        let item = reporting[index].as_object_mut()?;
        let current = item.get("status").and_then(Value::as_str)?.to_string();
        let (code, word) = other_status(rng, &current);
        item.insert("status".into(), Value::from(code));
        let title = item.get("what").and_then(Value::as_str)?;
        return Some(format!("{title}: status {word}"));
    }
    let phases = plan.get_mut("phases").and_then(Value::as_array_mut)?;
    let phase_index = rng.below(phases.len());
    let subtasks = phases[phase_index]
        .get_mut("subtasks")
        .and_then(Value::as_array_mut)?;
    let index = rng.below(subtasks.len());
    let item = subtasks[index].as_object_mut()?;
    let title = item.get("title").and_then(Value::as_str)?.to_string();
    let roll = rng.below(10);
    if roll < 6 {
        let current = item.get("status").and_then(Value::as_str)?.to_string();
        let (code, word) = other_status(rng, &current);
        item.insert("status".into(), Value::from(code));
        Some(format!("{title}: status {word}"))
    } else if roll < 9 {
        let current = item
            .get("owner")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut owner = *rng.pick(OWNERS);
        while Some(owner) == current.as_deref() {
            owner = *rng.pick(OWNERS);
        }
        item.insert("owner".into(), Value::from(owner));
        Some(format!("{title}: ansvarlig {owner}"))
    } else {
        let current = item
            .get("notes")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut note = *rng.pick(NOTES);
        while Some(note) == current.as_deref() {
            note = *rng.pick(NOTES);
        }
        item.insert("notes".into(), Value::from(note));
        Some(format!("{title}: ny note"))
    }
}

const NOTES: &[&str] = &[
    "Tidsplanen er justeret efter drøftelse i udvalget.",
    "Afventer svar fra HR om ressourcer.",
    "Følges op på næste møde.",
    "Aftalt med teamlederne; referat sendt ud.",
];

fn other_status(rng: &mut Rng, current: &str) -> (&'static str, &'static str) {
    loop {
        let (code, word) = *rng.pick(STATUSES);
        if code != current {
            return (code, word);
        }
    }
}

fn write_stream(
    out: &mut impl Write,
    mut plans: Vec<PlanState>,
    options: &Options,
) -> Result<String, String> {
    let io = |e: std::io::Error| format!("git fast-import stopped reading: {e}");
    let rng = &mut Rng(options.seed ^ 0x6869_7374_6f72_7921); // "history!"
    let total = options.decisions as i64;
    let time_of = |k: i64| FIRST_TIME + SPAN * k / total.max(1);

    // The first commit: what `backbrief init` commits.
    let schema = backbrief::plan::schema::plan_schema_text();
    let readme = include_str!("../src/history/assets/README.da.md");
    let attributes = format!("{}\n", backbrief::history::sync::driver::ATTRIBUTES_LINE);
    let (name, email) = SECRETARIES[0];
    let when = time_of(0) - 3600;
    write!(
        out,
        "commit refs/heads/main\nmark :1\nauthor {name} <{email}> {when} +0100\n\
         committer {name} <{email}> {when} +0100\n"
    )
    .map_err(io)?;
    data(out, b"Opret planrepository\n").map_err(io)?;
    for (path, content) in [
        ("plans/.gitkeep", &b""[..]),
        ("schemas/plan.schema.json", schema.as_bytes()),
        ("README.md", readme.as_bytes()),
        (".gitattributes", attributes.as_bytes()),
    ] {
        writeln!(out, "M 100644 inline {path}").map_err(io)?;
        data(out, content).map_err(io)?;
    }

    let mut bytes = 0usize;
    for k in 0..options.decisions {
        let when = time_of(k as i64);
        let (name, email) = *rng.pick(SECRETARIES);
        let by = *rng.pick(DECIDERS);
        let (plan, summary, content) = if k < plans.len() {
            let plan = &plans[k];
            let title = plan
                .value
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(&plan.id);
            (k, format!("Ny plan: {title}"), plan.created.clone())
        } else {
            let index = rng.below(plans.len());
            let summary = change_one_field(rng, &mut plans[index].value)
                .ok_or_else(|| format!("plan {} has no subtask to change", plans[index].id))?;
            let mut text = serde_json::to_string_pretty(&plans[index].value)
                .map_err(|e| format!("cannot write plan {}: {e}", plans[index].id))?;
            text.push('\n');
            (index, summary, text.into_bytes())
        };
        bytes += content.len();
        // Decided at the meeting that day or up to two days before.
        let decided_on = chrono::DateTime::from_timestamp(when - 86_400 * rng.below(3) as i64, 0)
            .map(|t| t.date_naive())
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2016, 1, 4).unwrap_or_default());
        let meeting = (by.ends_with("MED")).then(|| {
            format!(
                "{}-møde {}",
                by.trim_end_matches("-MED"),
                decided_on.format("%-d.%-m.%Y")
            )
        });
        let message = DecisionText {
            plan: plans[plan].id.clone(),
            summary,
            body: (rng.below(8) == 0)
                .then(|| "Drøftet på mødet; begrundelsen fremgår af referatet.".to_string()),
            decided_by: by.to_string(),
            decided_on,
            meeting,
            extra: Vec::new(),
            recorder: None,
        }
        .message();
        write!(
            out,
            "commit refs/heads/main\nmark :{}\nauthor {name} <{email}> {when} +0100\n\
             committer {name} <{email}> {when} +0100\n",
            k + 2
        )
        .map_err(io)?;
        data(out, message.as_bytes()).map_err(io)?;
        writeln!(out, "M 100644 inline plans/{}.json", plans[plan].id).map_err(io)?;
        data(out, &content).map_err(io)?;
    }
    out.write_all(b"done\n").map_err(io)?;
    Ok(format!(
        "{:.0} MB of plan versions",
        bytes as f64 / 1_000_000.0
    ))
}

/// A fast-import `data` command with its bytes.
fn data(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    writeln!(out, "data {}", bytes.len())?;
    out.write_all(bytes)?;
    out.write_all(b"\n")
}
