//! The readers and the secretaries, and what their answers took.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::Settings;
use crate::setup::peak_rss;

/// The repository's name on the server (`/r/committee/`).
pub const NAME: &str = "committee";

const STATUSES: [&str; 4] = ["planned", "in_progress", "done", "blocked"];

/// The pages loaded, and the recording.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Committees,
    Overview,
    Plan,
    Decisions,
    Blame,
    Report,
    Statuses,
    Record,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Committees,
        Kind::Overview,
        Kind::Plan,
        Kind::Decisions,
        Kind::Blame,
        Kind::Report,
        Kind::Statuses,
        Kind::Record,
    ];
    const READ: [Kind; 6] = [
        Kind::Committees,
        Kind::Overview,
        Kind::Plan,
        Kind::Decisions,
        Kind::Blame,
        Kind::Report,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Committees => "committees /",
            Kind::Overview => "overview",
            Kind::Plan => "plan",
            Kind::Decisions => "decisions ?plan=",
            Kind::Blame => "blame (Hvem satte hvad)",
            Kind::Report => "report",
            Kind::Statuses => "status form (post)",
            Kind::Record => "record + push (post)",
        }
    }

    pub fn path(self, plan: &str) -> String {
        match self {
            Kind::Committees => "/".into(),
            Kind::Overview => format!("/r/{NAME}/"),
            Kind::Plan => format!("/r/{NAME}/plan/{plan}"),
            Kind::Decisions => format!("/r/{NAME}/decisions?plan={plan}"),
            Kind::Blame => format!("/r/{NAME}/plan/{plan}/blame"),
            Kind::Report => format!("/r/{NAME}/plan/{plan}/report"),
            Kind::Statuses => format!("/r/{NAME}/plan/{plan}/statuses"),
            Kind::Record => format!("/r/{NAME}/plan/{plan}/record"),
        }
    }
}

#[derive(Default)]
pub struct Tally {
    pub times: [Vec<Duration>; 8],
    pub errors: [usize; 8],
    /// The statuses of the failed answers, per kind (0: no answer).
    pub failures: [std::collections::BTreeMap<u16, usize>; 8],
    pub recorded: Vec<String>,
    pub refused: usize,
    /// The title of the first error page a decision form got.
    pub record_failure: Option<String>,
}

impl Tally {
    fn note(&mut self, kind: Kind, took: Duration, status: u16) {
        self.times[kind as usize].push(took);
        let expected = match kind {
            Kind::Statuses | Kind::Record => status == 303 || status == 409 || status == 422,
            _ => status == 200,
        };
        if !expected {
            self.errors[kind as usize] += 1;
            *self.failures[kind as usize].entry(status).or_default() += 1;
        }
        if status == 409 || status == 422 {
            self.refused += 1;
        }
    }
}

/// An answer: its status, its `Location`, its body.
struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
}

/// The readers and secretaries until the deadline; the server's peak
/// resident memory read at the end (KiB).
pub async fn load(
    settings: &Settings,
    base: &str,
    token: &str,
    plans: &[String],
    tally: Arc<Mutex<Tally>>,
    server: u32,
) -> Option<u64> {
    let client = reqwest::Client::builder()
        // The proxy's certificate is self-signed; loopback only.
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .ok()?;
    let opened = client.get(format!("{base}/?token={token}")).send().await;
    let cookie = opened
        .ok()?
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::to_string)?;
    let visitor = Arc::new(Visitor {
        client,
        base: base.to_string(),
        cookie,
    });
    let plans = Arc::new(plans.to_vec());
    let deadline = Instant::now() + Duration::from_secs(settings.seconds);
    let mut tasks = Vec::new();
    let think_ms = settings.think_ms;
    for reader in 0..settings.readers {
        let (visitor, plans, tally) = (visitor.clone(), plans.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut random = Random(reader as u64 * 7919 + 1);
            let mut round = reader;
            while Instant::now() < deadline {
                let kind = Kind::READ[round % Kind::READ.len()];
                round += 1;
                let plan = &plans[random.below(plans.len())];
                visitor.timed(&tally, kind, kind.path(plan), None).await;
                if think_ms > 0 {
                    let read = think_ms / 2 + random.below(think_ms as usize + 1) as u64;
                    tokio::time::sleep(Duration::from_millis(read)).await;
                }
            }
        }));
    }
    for secretary in 0..settings.secretaries {
        let (visitor, plans, tally) = (visitor.clone(), plans.clone(), tally.clone());
        let count = settings.secretaries;
        tasks.push(tokio::spawn(async move {
            let mine: Vec<&String> = plans.iter().skip(secretary).step_by(count).collect();
            let mut round = 0usize;
            while Instant::now() < deadline {
                let plan = mine[round % mine.len()];
                round += 1;
                visitor
                    .record_one(&tally, plan, &format!("Belastning {secretary}-{round}"))
                    .await;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    peak_rss(server)
}

struct Visitor {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

impl Visitor {
    /// GET `path` (or POST `form` to it), noted under `kind`.
    async fn timed(
        &self,
        tally: &Mutex<Tally>,
        kind: Kind,
        path: String,
        form: Option<&[(String, String)]>,
    ) -> Answer {
        let url = format!("{}{path}", self.base);
        let request = match form {
            None => self.client.get(url),
            Some(form) => self
                .client
                .post(url)
                .header("Origin", &self.base)
                .form(form),
        };
        let started = Instant::now();
        let answer = match request.header("Cookie", &self.cookie).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_string);
                let body = response.text().await.unwrap_or_default();
                Answer {
                    status,
                    location,
                    body,
                }
            }
            Err(_) => Answer {
                status: 0,
                location: None,
                body: String::new(),
            },
        };
        if let Ok(mut tally) = tally.lock() {
            tally.note(kind, started.elapsed(), answer.status);
            if kind == Kind::Record && answer.status >= 500 && tally.record_failure.is_none() {
                tally.record_failure = title(&answer.body);
            }
        }
        answer
    }

    /// One decision on `plan`: the next status of its first activity.
    async fn record_one(&self, tally: &Mutex<Tally>, plan: &str, summary: &str) {
        let page = self
            .timed(tally, Kind::Plan, Kind::Plan.path(plan), None)
            .await;
        let Some((item, was)) = first_activity(&page.body) else {
            return;
        };
        let next = STATUSES
            .iter()
            .position(|s| *s == was)
            .map_or("done", |i| STATUSES[(i + 1) % STATUSES.len()]);
        let form = [
            ("base".to_string(), hidden(&page.body, "base")),
            ("draft".to_string(), hidden(&page.body, "draft")),
            (format!("status.{item}"), next.to_string()),
            (format!("was.{item}"), was),
        ];
        let saved = self
            .timed(
                tally,
                Kind::Statuses,
                Kind::Statuses.path(plan),
                Some(&form),
            )
            .await;
        if saved.status != 303 {
            return;
        }
        let page = self
            .timed(tally, Kind::Plan, Kind::Plan.path(plan), None)
            .await;
        let form = [
            ("base".to_string(), hidden(&page.body, "base")),
            ("draft".to_string(), hidden(&page.body, "draft")),
            ("summary".to_string(), summary.to_string()),
            ("decided_by".to_string(), "Lokal-MED".to_string()),
            ("meeting".to_string(), String::new()),
        ];
        let recorded = self
            .timed(tally, Kind::Record, Kind::Record.path(plan), Some(&form))
            .await;
        let commit = recorded
            .location
            .as_deref()
            .and_then(|l| l.strip_prefix(&format!("/r/{NAME}/decision/")))
            .map(|rest| rest.split('?').next().unwrap_or_default().to_string());
        if recorded.status == 303
            && let Some(commit) = commit
            && let Ok(mut tally) = tally.lock()
        {
            tally.recorded.push(commit);
        }
    }
}

/// The first activity's id and status on a plan page (its status form).
fn first_activity(page: &str) -> Option<(String, String)> {
    let marker = "name=\"was.";
    let at = page.find(marker)? + marker.len();
    let item = page[at..].split('"').next()?.to_string();
    let value = hidden(page, &format!("was.{item}"));
    Some((item, value))
}

/// A page's title.
fn title(page: &str) -> Option<String> {
    let start = page.find("<title>")? + "<title>".len();
    let end = page[start..].find("</title>")?;
    Some(page[start..start + end].trim().to_string())
}

fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    page.find(&marker)
        .and_then(|i| page[i + marker.len()..].split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// A small deterministic generator (xorshift), for the plans read.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// p50, p95 and max in milliseconds.
pub fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len().saturating_sub(1)) as f64 * q) as usize)
            .map_or(0.0, |t| t.as_secs_f64() * 1000.0)
    };
    (at(0.5), at(0.95), at(1.0))
}
