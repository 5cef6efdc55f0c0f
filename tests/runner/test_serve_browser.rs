//! `backbrief serve` in a real browser: Debian's Chromium driven through
//! chromedriver (the W3C WebDriver protocol, spoken here over a plain
//! loopback connection). A secretary's meeting end to end with JavaScript
//! off at 360 px, then axe-core (vendored in tests/assets/axe-core) on every
//! page, and the screenshot for the README.
//!
//! Elements are found the way a screen reader user names them: by their
//! accessible name, as Chromium computes it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{TestEnv, project_dir};
use crate::test_serve::Server;

pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver, stopped when dropped.
pub(crate) struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub(crate) fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver { child, port };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok((200, _)) = driver.call("GET", "/status", None) {
                return driver;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not start");
    }

    /// One WebDriver command: (HTTP status, the JSON `value`).
    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|e| e.to_string())?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            self.port,
            body.len()
        );
        stream
            .write_all(head.as_bytes())
            .map_err(|e| e.to_string())?;
        stream
            .write_all(body.as_bytes())
            .map_err(|e| e.to_string())?;
        let (status, body) = read_answer(&mut stream)?;
        let value: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
        Ok((status, value.get("value").cloned().unwrap_or(Value::Null)))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to 30 s) until `done` holds: a click returns when the browser
/// has sent the form, not always when the answer has come.
#[track_caller]
pub(crate) fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "waited 30 s for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Reads one HTTP answer: the head, then as many bytes as Content-Length
/// says (chromedriver keeps the connection open), or chunks.
fn read_answer(stream: &mut TcpStream) -> Result<(u16, String), String> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let n = match stream.read(&mut byte) {
            Ok(n) => n,
            // A signal to the test process (other tests start and kill
            // processes) can interrupt a read: read again.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.to_string()),
        };
        if n == 0 {
            return Err("connection closed".to_string());
        }
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let body = match length {
        Some(length) => {
            let mut body = vec![0u8; length];
            stream.read_exact(&mut body).map_err(|e| e.to_string())?;
            String::from_utf8_lossy(&body).into_owned()
        }
        None => {
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            let rest = String::from_utf8_lossy(&rest).into_owned();
            if head.contains("transfer-encoding: chunked") {
                dechunk(&rest)
            } else {
                rest
            }
        }
    };
    Ok((status, body))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A browser session.
pub(crate) struct Browser<'d> {
    driver: &'d Driver,
    id: String,
}

impl<'d> Browser<'d> {
    pub(crate) fn open(
        driver: &'d Driver,
        javascript: bool,
        width: u32,
        height: u32,
    ) -> Browser<'d> {
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--lang=da",
                format!("--window-size={width},{height}"),
            ],
        });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": options } }
        });
        let (status, value) = driver
            .call("POST", "/session", Some(&capabilities))
            .expect("new session");
        assert_eq!(status, 200, "new session: {value}");
        let id = value["sessionId"].as_str().expect("session id").to_string();
        let browser = Browser { driver, id };
        browser.cmd(
            "POST",
            "/window/rect",
            json!({ "width": width, "height": height }),
        );
        browser
    }

    pub(crate) fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (method == "POST").then_some(body);
        let (status, value) = self
            .driver
            .call(
                method,
                &format!("/session/{}{path}", self.id),
                body.as_ref(),
            )
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert_eq!(status, 200, "{method} {path}: {value}");
        value
    }

    pub(crate) fn go(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    pub(crate) fn url(&self) -> String {
        self.cmd("GET", "/url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub(crate) fn source(&self) -> String {
        self.cmd("GET", "/source", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub(crate) fn all(&self, css: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
        .collect()
    }

    /// The element matching `css` whose accessible name is `name`. Looks
    /// again for a while: a click that sends a form may return before the
    /// next page has loaded.
    pub(crate) fn named(&self, css: &str, name: &str) -> String {
        let mut seen = Vec::new();
        // Hidden inputs have no name a reader hears: not asked about.
        let css = if css == "input" {
            "input:not([type=hidden])"
        } else {
            css
        };
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            seen.clear();
            for element in self.all(css) {
                let label = self.driver.call(
                    "GET",
                    &format!("/session/{}/element/{element}/computedlabel", self.id),
                    None,
                );
                // An element of a page that has just been left is stale.
                let Ok((200, label)) = label else {
                    continue;
                };
                let label = label.as_str().unwrap_or_default().to_string();
                if label == name {
                    return element;
                }
                seen.push(label);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let source = self.source();
        let start = source.find("<main").unwrap_or(0);
        let excerpt: String = source[start..].chars().take(1500).collect();
        panic!(
            "no {css} named {name:?} on {}; names: {seen:?}\n{excerpt}",
            self.url()
        );
    }

    pub(crate) fn click(&self, element: &str) {
        self.cmd("POST", &format!("/element/{element}/click"), json!({}));
    }

    /// Clicks a link, or a button that sends a form, and waits until the
    /// page it was on is gone: on a loaded machine the click can return before the
    /// browser has left the page, and the next step would find its
    /// elements on the old one.
    pub(crate) fn click_to_next_page(&self, element: &str) {
        let page = self.all("html").into_iter().next().unwrap_or_default();
        self.click(element);
        wait_for("the next page", || {
            let name = self.driver.call(
                "GET",
                &format!("/session/{}/element/{page}/name", self.id),
                None,
            );
            !matches!(name, Ok((200, _)))
        });
    }

    pub(crate) fn type_into(&self, element: &str, text: &str) {
        self.cmd("POST", &format!("/element/{element}/clear"), json!({}));
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    /// Chooses the option shown as `word` in the select `element`.
    pub(crate) fn choose(&self, element: &str, word: &str) {
        let options = self.cmd(
            "POST",
            &format!("/element/{element}/elements"),
            json!({ "using": "css selector", "value": "option" }),
        );
        for option in options.as_array().into_iter().flatten() {
            let option = option[ELEMENT].as_str().unwrap_or_default();
            let text = self.cmd("GET", &format!("/element/{option}/text"), Value::Null);
            if text.as_str() == Some(word) {
                self.click(option);
                return;
            }
        }
        panic!("no option {word:?}");
    }

    pub(crate) fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    fn screenshot(&self) -> Vec<u8> {
        let data = self.cmd("GET", "/screenshot", Value::Null);
        base64_decode(data.as_str().unwrap_or_default())
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = self
            .driver
            .call("DELETE", &format!("/session/{}", self.id), None);
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for sextet in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// axe-core's WCAG 2.1 A and AA violations on the page, as "rule: targets".
pub(crate) fn axe_violations(browser: &Browser<'_>) -> Vec<String> {
    let axe = std::fs::read_to_string(project_dir().join("tests/assets/axe-core/axe.min.js"))
        .expect("vendored axe-core");
    browser.script(&format!("{axe}\nreturn true;"));
    let result = browser.cmd(
        "POST",
        "/execute/async",
        json!({
            "script": "const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));",
            "args": [],
        }),
    );
    result
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

pub(crate) fn browser_available() -> bool {
    crate::common::tool_present(
        "test_serve_browser",
        &format!("{CHROMIUM} or {CHROMEDRIVER}"),
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists(),
        "apt-get install chromium chromium-driver",
    )
}

const TITLE: &str = "Backbrief fra arbejdsplads 1";

#[test]
fn a_secretarys_meeting_in_the_browser_then_every_page_passes_axe() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    // Shared through a bare repository outside the work tree, as a second
    // computer shares it.
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let shared = format!("file://{}", elsewhere.path().join("shared.git").display());
    env.git(&["init", "-q", "--bare", "-b", "main", &shared[7..]]);
    env.git(&["remote", "add", "origin", &shared]);
    env.git(&["push", "-q", "-u", "origin", "main"]);
    let server = Server::start(&env, "2024-09-12", &[]);
    let driver = Driver::start();
    let base = server.origin();
    let before = env.head();

    // The secretary's meeting, with JavaScript off, on a 360 px phone.
    {
        let browser = Browser::open(&driver, false, 360, 800);
        browser.go(&server.url);
        assert_eq!(
            browser.url(),
            format!("{base}/"),
            "the token is dropped from the address"
        );
        let link = browser.named("a", TITLE);
        browser.click_to_next_page(&link);
        assert_eq!(browser.url(), format!("{base}/plan/arbejdsplads-1"));
        let first = browser.named(
            "select",
            "Status: Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven",
        );
        browser.choose(&first, "udført");
        let second = browser.named(
            "select",
            "Status: Planlægning af implementeringsfasen i MED",
        );
        browser.choose(&second, "i gang");
        let save = browser.named("button", "Gem statusændringer");
        browser.click_to_next_page(&save);
        // Add an activity to the first phase.
        let add = browser.named(
            "summary",
            "Tilføj aktivitet til Fase 1: Bredt kendskab til kerneopgaven",
        );
        browser.click(&add);
        let title = browser.all("#new-fase-1-title");
        browser.type_into(&title[0], "Møde med ledelsen om kerneopgaven");
        browser.type_into(&browser.all("#new-fase-1-owner")[0], "Teamleder Anna");
        browser.type_into(&browser.all("#new-fase-1-due")[0], "2024-10");
        let button = browser.named(
            "button",
            "Tilføj aktivitet til Fase 1: Bredt kendskab til kerneopgaven",
        );
        browser.click_to_next_page(&button);
        assert_eq!(env.head(), before, "a draft records nothing");
        // The decision form.
        browser.type_into(&browser.named("input", "Resumé"), "Status efter MED-mødet");
        browser.type_into(&browser.named("input", "Besluttet af"), "Lokal-MED");
        browser.type_into(
            &browser.named("input", "Møde"),
            "MED-møde 12. september 2024",
        );
        let record = browser.named("button", "Registrér beslutning");
        browser.click_to_next_page(&record);
        // The click may return before the post is answered (a loaded machine).
        wait_for("the decision to be recorded", || env.head() != before);
        let commit = env.head();
        let shown = format!("{base}/decision/{commit}?recorded=1");
        wait_for("the decision's page", || browser.url() == shown);
        assert!(
            browser
                .source()
                .contains("Ny aktivitet i Fase 1: Møde med ledelsen om kerneopgaven")
        );
    }
    let commit = env.head();
    assert_eq!(
        env.trailers(&commit),
        "Plan: arbejdsplads-1\nDecided-by: Lokal-MED\nDecided-on: 2024-09-12\nMeeting: MED-møde 12. september 2024\n"
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%s", &commit]),
        "Status efter MED-mødet\n"
    );
    let shown = env.run(&["show", &commit]).expect_code(0).to_string();
    assert!(shown.contains("status planlagt → udført"), "{shown}");
    assert!(shown.contains("status planlagt → i gang"), "{shown}");
    assert_eq!(env.porcelain(), "");

    // Every page, with JavaScript on: no WCAG 2.1 AA violation.
    let browser = Browser::open(&driver, true, 1280, 900);
    browser.go(&server.url);
    let mut problems = Vec::new();
    for path in [
        "/".to_string(),
        "/plan/arbejdsplads-1".to_string(),
        "/plan/arbejdsplads-1/edit".to_string(),
        "/plan/arbejdsplads-1/edit?item=fase-1".to_string(),
        "/plan/arbejdsplads-1/edit?item=opsamling-og-procesevaluering".to_string(),
        "/plan/arbejdsplads-1/edit?item=konklusioner-til-chef".to_string(),
        "/plan/arbejdsplads-1/blame".to_string(),
        "/plan/arbejdsplads-1/report".to_string(),
        "/decisions".to_string(),
        format!("/decision/{commit}"),
        "/verify".to_string(),
    ] {
        browser.go(&format!("{base}{path}"));
        for violation in axe_violations(&browser) {
            problems.push(format!("{path}: {violation}"));
        }
    }
    // The draft and the decision form, and a finding at its field.
    browser.go(&format!("{base}/plan/arbejdsplads-1"));
    let add = browser.named(
        "summary",
        "Tilføj aktivitet til Fase 1: Bredt kendskab til kerneopgaven",
    );
    browser.click(&add);
    browser.type_into(&browser.all("#new-fase-1-title")[0], "Opfølgning");
    browser.type_into(&browser.all("#new-fase-1-due")[0], "snart");
    browser.click_to_next_page(&browser.named(
        "button",
        "Tilføj aktivitet til Fase 1: Bredt kendskab til kerneopgaven",
    ));
    // The click returns when the form is sent; the answer may come later.
    wait_for("the finding to be shown at its field", || {
        browser.source().contains("id=\"new-fase-1-due-error\"")
    });
    for violation in axe_violations(&browser) {
        problems.push(format!("finding: {violation}"));
    }
    assert_eq!(env.porcelain(), "", "an invalid edit changes nothing");
    // Meanwhile, on the other computer, the same activity was decided
    // otherwise and shared: "Synkronisér" shows the conflict, and it is
    // settled in its form.
    let other = elsewhere.path().join("other");
    env.git(&["clone", "-q", &shared, &other.display().to_string()]);
    for args in [
        &[
            "decide",
            "arbejdsplads-1",
            "-m",
            "Opsamlingen er udsat",
            "--by",
            "Lokal-MED",
            "--set",
            "opsamling-og-procesevaluering.status=blocked",
        ][..],
        &["sync"][..],
    ] {
        let mut command = env.command_without_dir();
        crate::common::pin_git(&mut command, crate::common::SECRETARY, "2024-09-12");
        command.arg("-C").arg(&other).args(args);
        env.run_command(command).expect_code(0);
    }
    let before_sync = env.head();
    browser.click_to_next_page(&browser.named("button", "Synkronisér"));
    wait_for("the sync's conflicts", || {
        browser.source().contains("Konflikt 1")
    });
    let page = browser.source();
    assert!(
        page.contains("Konflikt 1: Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven – Status"),
        "{page}"
    );
    for violation in axe_violations(&browser) {
        problems.push(format!("sync conflict: {violation}"));
    }
    browser.click(&browser.named("input", "Tag det, der er besluttet hos origin: blokeret"));
    browser.type_into(&browser.named("input", "Afgjort af"), "Lokal-MED");
    browser.click_to_next_page(&browser.named("button", "Afgør og synkronisér"));
    wait_for("the sync to be done", || {
        browser.source().contains("Synkroniseret.")
    });
    assert_ne!(env.head(), before_sync);
    assert!(
        env.trailers(&env.head()).contains("Resolved-by: Lokal-MED"),
        "settled as sync settles"
    );
    env.run(&["verify"]).expect_code(0);
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );

    // Usable at 360 px: nothing wider than the screen.
    browser.cmd(
        "POST",
        "/window/rect",
        json!({ "width": 360, "height": 800 }),
    );
    browser.go(&format!("{base}/plan/arbejdsplads-1"));
    let width = browser.script("return document.documentElement.scrollWidth;");
    let viewport = browser.script("return window.innerWidth;");
    assert!(
        width.as_u64() <= viewport.as_u64(),
        "page {width} px wide in a {viewport} px window"
    );
    // A table scrolls sideways rather than break its words: its headings
    // came out as "Ansvarl|ig" and "Arbejdsfælle|sskaber", one or two
    // letters a line at 360 px.
    let split = browser.script(
        "return Array.from(document.querySelectorAll('th'))\
           .filter(e => !e.querySelector('.visually-hidden'))\
           .filter(e => !/\\s/.test(e.textContent.trim()) && e.textContent.trim().length > 1)\
           .filter(e => { const r = document.createRange(); r.selectNodeContents(e); \
                          return r.getClientRects().length > 1; })\
           .map(e => e.textContent.trim());",
    );
    assert_eq!(split, json!([]), "words broken inside");

    // The picture for the README's "I browseren": written to docs/serve.png
    // when UPDATE_SCREENSHOTS is set, else only checked.
    browser.cmd(
        "POST",
        "/window/rect",
        json!({ "width": 1100, "height": 1400 }),
    );
    browser.go(&format!("{base}/plan/arbejdsplads-1"));
    let png = browser.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
    let target = if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        project_dir().join("docs/serve.png")
    } else {
        env.path("serve.png")
    };
    std::fs::write(target, png).expect("write the screenshot");
}

/// A status changed in a select was lost when "Tilføj milepæl" or a
/// "Redigér" was clicked next; "Kassér kladden" and "Fjern" acted without
/// asking; an invalid new activity closed the panel holding what was typed.
/// All with JavaScript off.
#[test]
fn no_pending_edit_is_lost_and_what_drops_edits_asks_first() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let driver = Driver::start();
    let base = server.origin();
    let plan = format!("{base}/plan/arbejdsplads-1");
    let browser = Browser::open(&driver, false, 1280, 900);
    browser.go(&server.url);
    browser.go(&plan);
    let draft = || crate::test_serve::draft_text(&env, "arbejdsplads-1");
    let status_of = |id: &str| -> String {
        let plan: Value = serde_json::from_str(&draft()).expect("the draft");
        plan["phases"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["subtasks"].as_array().cloned().unwrap_or_default())
            .find(|s| s["id"] == id)
            .map(|s| s["status"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    const WORKSHOP: &str = "Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser";
    const OPSAMLING: &str = "Opsamling og procesevaluering i MED og med drøftelse af det videre arbejde med kerneopgaven";

    // A status chosen, then "Redigér" on another activity: saved first.
    browser.choose(
        &browser.named("select", &format!("Status: {WORKSHOP}")),
        "udført",
    );
    browser.click_to_next_page(&browser.named("button", &format!("Redigér {OPSAMLING}")));
    wait_for("the edit page", || browser.url().contains("/edit?item="));
    assert_eq!(
        browser.url(),
        format!("{plan}/edit?item=opsamling-og-procesevaluering")
    );
    assert_eq!(status_of("workshop-i-teams"), "done");

    // A status chosen, then a milestone added: both kept.
    browser.go(&plan);
    browser.choose(
        &browser.named("select", &format!("Status: {OPSAMLING}")),
        "blokeret",
    );
    browser.click(&browser.named("summary", "Tilføj milepæl"));
    browser.type_into(&browser.all("#new-milestone-title")[0], "Byrådets møde");
    browser.type_into(&browser.all("#new-milestone-date")[0], "12.6.2025");
    browser.click_to_next_page(&browser.named("button", "Tilføj milepæl"));
    wait_for("the milestone in the draft", || {
        draft().contains("Byrådets møde")
    });
    assert_eq!(status_of("opsamling-og-procesevaluering"), "blocked");
    assert_eq!(status_of("workshop-i-teams"), "done");

    // An invalid new activity: the panel opens again holding what was
    // typed, and the status chosen with it is still chosen.
    browser.go(&plan);
    browser.choose(
        &browser.named("select", "Status: Planlægningsmøder i MED"),
        "i gang",
    );
    let add = "Tilføj aktivitet til Fase 1: Bredt kendskab til kerneopgaven";
    browser.click(&browser.named("summary", add));
    browser.type_into(&browser.all("#new-fase-1-title")[0], "Opfølgning");
    browser.type_into(&browser.all("#new-fase-1-due")[0], "snart");
    browser.click_to_next_page(&browser.named("button", add));
    wait_for("the finding at its field", || {
        browser.source().contains("id=\"new-fase-1-due-error\"")
    });
    let page = browser.source();
    assert!(
        page.contains("<details class=\"add\" open=\"\">")
            || page.contains("<details class=\"add\" open>"),
        "the panel is open: {page}"
    );
    let title = browser.all("#new-fase-1-title")[0].clone();
    let typed = browser.cmd(
        "GET",
        &format!("/element/{title}/property/value"),
        Value::Null,
    );
    assert_eq!(typed, json!("Opfølgning"));
    let displayed = browser.cmd("GET", &format!("/element/{title}/displayed"), Value::Null);
    assert_eq!(
        displayed,
        json!(true),
        "the field is shown, not folded away"
    );
    let chosen = browser.named("select", "Status: Planlægningsmøder i MED");
    let chosen = browser.cmd(
        "GET",
        &format!("/element/{chosen}/property/value"),
        Value::Null,
    );
    assert_eq!(chosen, json!("in_progress"), "the status chosen is kept");
    assert_eq!(status_of("planlaegningsmoeder"), "done", "nothing saved");

    // "Fjern" asks first; "Nej" keeps the item, "Ja" removes it and says so.
    browser.go(&format!("{plan}/edit?item=opstart-fase-2"));
    browser.click_to_next_page(&browser.named("button", "Fjern"));
    wait_for("the question", || {
        browser.source().contains("Ja, fjern den")
    });
    assert!(draft().contains("opstart-fase-2"), "asking removes nothing");
    let question = browser.source();
    assert!(
        question.contains("<h1>Fjern “Opstart af fase 2"),
        "{question}"
    );
    browser.click_to_next_page(&browser.named("button", "Ja, fjern den"));
    wait_for("the notice", || {
        browser.source().contains("Punktet er fjernet fra kladden.")
    });
    assert!(!draft().contains("opstart-fase-2"));

    // "Kassér kladden" asks first, listing what would be lost.
    browser.go(&plan);
    browser.click_to_next_page(&browser.named("button", "Kassér kladden"));
    wait_for("the question", || {
        browser.source().contains("Ja, kassér kladden")
    });
    let question = browser.source();
    assert!(question.contains("Byrådets møde"), "{question}");
    browser.click_to_next_page(&browser.named("a", "Nej, gå tilbage"));
    wait_for("the plan page", || browser.url() == plan);
    assert!(
        draft().contains("Byrådets møde"),
        "going back keeps the draft"
    );
    browser.click_to_next_page(&browser.named("button", "Kassér kladden"));
    browser.click_to_next_page(&browser.named("button", "Ja, kassér kladden"));
    wait_for("the notice", || {
        browser.source().contains("Kladden er kasseret.")
    });
    assert!(!env.path(".git/backbrief/drafts/arbejdsplads-1").exists());
    assert_eq!(env.porcelain(), "");

    // The decision form's text is kept with the draft across a "Redigér",
    // and a status chosen just before "Registrér beslutning" is recorded.
    browser.choose(
        &browser.named("select", &format!("Status: {WORKSHOP}")),
        "udført",
    );
    browser.click_to_next_page(&browser.named("button", "Gem statusændringer"));
    browser.type_into(&browser.named("input", "Resumé"), "Status efter mødet");
    browser.choose(
        &browser.named("select", &format!("Status: {OPSAMLING}")),
        "blokeret",
    );
    browser.click_to_next_page(&browser.named("button", "Redigér Planlægningsmøder i MED"));
    wait_for("the edit page", || browser.url().contains("/edit?item="));
    assert_eq!(status_of("opsamling-og-procesevaluering"), "blocked");
    browser.go(&plan);
    let summary = browser.named("input", "Resumé");
    let kept = browser.cmd(
        "GET",
        &format!("/element/{summary}/property/value"),
        Value::Null,
    );
    assert_eq!(kept, json!("Status efter mødet"));
    browser.choose(
        &browser.named("select", "Status: Planlægningsmøder i MED"),
        "i gang",
    );
    browser.type_into(&browser.named("input", "Besluttet af"), "Lokal-MED");
    let before = env.head();
    browser.click_to_next_page(&browser.named("button", "Registrér beslutning"));
    wait_for("the decision to be recorded", || env.head() != before);
    let shown = env.run(&["show", "HEAD"]).expect_code(0).stdout;
    for change in [
        "status udført → i gang",
        "status i gang → udført",
        "status planlagt → blokeret",
    ] {
        assert!(shown.contains(change), "{change}: {shown}");
    }
    assert!(shown.contains("Status efter mødet"), "{shown}");
    assert!(!env.path(".git/backbrief/drafts/arbejdsplads-1").exists());
}

/// Where screenshots of the layout tests go, to be looked at: a folder in
/// the system's temporary folder (named on standard error).
fn screenshot_folder() -> std::path::PathBuf {
    let folder = std::env::temp_dir().join("backbrief-layout-screenshots");
    std::fs::create_dir_all(&folder).expect("a folder for the screenshots");
    folder
}

/// The words among `words` that no visible heading or card label inside the
/// window shows.
fn words_off_screen(browser: &Browser<'_>, words: &[&str]) -> Value {
    browser.script(&format!(
        "const w = window.innerWidth;\
         return {words:?}.filter(word => !Array.from(document.querySelectorAll('main th, main .cell-label'))\
           .some(e => {{ const r = e.getBoundingClientRect();\
                        return e.textContent.trim() === word && r.width > 1 && r.height > 1\
                               && r.left >= 0 && r.right <= w + 0.5; }}));"
    ))
}

/// The status selects and "Redigér" buttons of the page that are not wholly
/// inside the window, by their accessible names.
fn actions_off_screen(browser: &Browser<'_>) -> Value {
    browser.script(
        "const w = window.innerWidth; const bad = [];\
         const check = (e) => { const r = e.getBoundingClientRect();\
           if (r.width < 1 || r.left < 0 || r.right > w + 0.5)\
             bad.push(e.getAttribute('aria-label') + ': ' + Math.round(r.left) + '–' + Math.round(r.right)); };\
         document.querySelectorAll('main select').forEach(check);\
         document.querySelectorAll('main a, main button').forEach(e => { if (e.textContent.trim() === 'Redigér') check(e); });\
         return bad;",
    )
}

#[test]
fn nothing_a_person_acts_on_is_off_screen_at_360_or_at_1280_with_a_long_word() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    // One long word in Ansvarlig pushed the status select and "Redigér"
    // beyond the window even at 1280 px.
    env.run_on(
        "2024-09-10",
        &[
            "decide",
            "arbejdsplads-1",
            "-m",
            "Ny ansvarlig",
            "--by",
            "Lokal-MED",
            "--set",
            "workshop-i-teams.owner=Teamlederforsamlingsrepræsentantskabsmedlemmetsstedfortræderen",
        ],
    )
    .expect_code(0);
    // A plan running into 2027: the timeline's months were single letters.
    env.run_on(
        "2024-09-11",
        &[
            "decide",
            "arbejdsplads-1",
            "-m",
            "Fase 2 forlænget",
            "--by",
            "Lokal-MED",
            "--set",
            "fase-2.period=2025-03/2027-12",
        ],
    )
    .expect_code(0);
    let server = Server::start(&env, "2024-12-05", &[]);
    let driver = Driver::start();
    let base = server.origin();
    let folder = screenshot_folder();
    let mut problems = Vec::new();
    for (width, height) in [(360, 800), (1280, 900)] {
        let browser = Browser::open(&driver, false, width, height);
        browser.go(&server.url);
        browser.go(&format!("{base}/"));
        let missing = words_off_screen(&browser, &["Forsinket", "Næste frist"]);
        assert_eq!(missing, json!([]), "the overview at {width} px");
        std::fs::write(
            folder.join(format!("overview-{width}.png")),
            browser.screenshot(),
        )
        .expect("write a screenshot");
        browser.go(&format!("{base}/plan/arbejdsplads-1"));
        let selects = browser.all("main select");
        assert!(
            selects.len() >= 7,
            "the status selects are there: {}",
            browser.source()
        );
        let off = actions_off_screen(&browser);
        assert_eq!(off, json!([]), "the plan at {width} px");
        let width_now = browser.script("return document.documentElement.scrollWidth;");
        let viewport = browser.script("return window.innerWidth;");
        assert!(
            width_now.as_u64() <= viewport.as_u64(),
            "page {width_now} px wide in a {viewport} px window"
        );
        std::fs::write(
            folder.join(format!("plan-{width}.png")),
            browser.screenshot(),
        )
        .expect("write a screenshot");
        // The timeline over 2024–2027 names quarters, never single letters.
        let labels = browser.script(
            "return Array.from(document.querySelectorAll('svg.timeline .months text'))\
               .map(t => t.textContent.trim());",
        );
        let labels: Vec<&str> = labels
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert!(labels.contains(&"K1"), "{labels:?}");
        assert!(
            labels.iter().all(|label| label.chars().count() > 1),
            "{labels:?}"
        );
        browser
            .script("document.getElementById('timeline-heading').scrollIntoView(); return true;");
        std::fs::write(
            folder.join(format!("timeline-{width}.png")),
            browser.screenshot(),
        )
        .expect("write a screenshot");
        browser
            .script("document.getElementById('workshop-i-teams').scrollIntoView(); return true;");
        std::fs::write(
            folder.join(format!("plan-{width}-activities.png")),
            browser.screenshot(),
        )
        .expect("write a screenshot");
        // Bug: on "Hvem satte hvad" at 1280 px the column "Sidst sat af"
        // was squeezed to a word a line, and "Udgangspunkt" broke inside
        // the word. Each field's label and each "who set it" keeps its
        // words whole.
        browser.go(&format!("{base}/plan/arbejdsplads-1/blame"));
        let broken = browser.script(
            "const bad = [];\
             document.querySelectorAll('table.blame tbody th, table.blame td.decided').forEach(e => {\
               const range = document.createRange(); range.selectNodeContents(e);\
               const words = e.textContent.trim().split(/\\s+/).filter(w => w.length > 0);\
               const lines = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));\
               if (e.tagName === 'TH' && words.length === 1 && lines.size > 1) bad.push(e.textContent.trim());\
               if (e.tagName === 'TD' && e.getBoundingClientRect().width < 150) bad.push('narrow: ' + e.textContent.trim());\
             });\
             return bad;",
        );
        assert_eq!(
            broken,
            Value::Array(Vec::new()),
            "at {width} px, words broken on the blame page"
        );
        std::fs::write(
            folder.join(format!("blame-{width}.png")),
            browser.screenshot(),
        )
        .expect("write a screenshot");
        // The cards keep the pages clean for a screen reader too.
        for path in ["/", "/plan/arbejdsplads-1", "/plan/arbejdsplads-1/blame"] {
            browser.go(&format!("{base}{path}"));
            let violations = {
                // axe-core needs JavaScript: a second session with it on.
                let with_js = Browser::open(&driver, true, width, height);
                with_js.go(&server.url);
                with_js.go(&format!("{base}{path}"));
                axe_violations(&with_js)
            };
            problems.extend(
                violations
                    .into_iter()
                    .map(|v| format!("{path} at {width} px: {v}")),
            );
        }
    }
    eprintln!("screenshots in {}", folder.display());
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}

/// A status chosen in a select was lost when a plain link was followed next
/// (the header's "Beslutninger", an item page's way back): only the
/// page's buttons sent the form. With JavaScript on, a link on this server
/// now sends a changed form first, then goes where it leads; a form that is
/// refused is shown with its problem instead, and nothing is lost.
#[test]
fn with_javascript_a_link_sends_a_changed_form_first() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::repo_with_example_plan();
    let server = Server::start(&env, "2024-09-12", &[]);
    let driver = Driver::start();
    let base = server.origin();
    let plan = format!("{base}/plan/arbejdsplads-1");
    let browser = Browser::open(&driver, true, 1280, 900);
    browser.go(&server.url);
    browser.go(&plan);
    let draft_path = env.path(".git/backbrief/drafts/arbejdsplads-1/sofie@example%2Edk.json");
    const WORKSHOP: &str = "Workshop, hvor de enkelte teams arbejder med konkretisering af kerneopgaven i forhold til teamets ydelser";

    // A status chosen, then the header's "Beslutninger": saved, then there.
    browser.choose(
        &browser.named("select", &format!("Status: {WORKSHOP}")),
        "udført",
    );
    browser.click_to_next_page(&browser.named("a", "Beslutninger"));
    wait_for("the trail", || browser.url() == format!("{base}/decisions"));
    let draft = crate::test_serve::draft_text(&env, "arbejdsplads-1");
    assert!(
        draft.contains("\"status\": \"done\""),
        "the status went into the draft: {draft}"
    );

    // An item's page: a changed owner, then the header's "Planer".
    browser.go(&format!("{plan}/edit?item=workshop-i-teams"));
    let owner = browser.named("input", "Ansvarlig");
    browser.cmd("POST", &format!("/element/{owner}/clear"), json!({}));
    browser.type_into(&owner, "Teamleder Bo");
    browser.click_to_next_page(&browser.named("a", "Planer"));
    wait_for("the overview", || browser.url() == format!("{base}/"));
    let draft = crate::test_serve::draft_text(&env, "arbejdsplads-1");
    assert!(draft.contains("Teamleder Bo"), "{draft}");

    // A change the plan refuses: the page shows the problem at its field
    // instead of following the link, and the typed text is still there.
    browser.go(&format!("{plan}/edit?item=workshop-i-teams"));
    let due = browser.named("input", "Frist");
    browser.cmd("POST", &format!("/element/{due}/clear"), json!({}));
    browser.type_into(&due, "engang");
    browser.click_to_next_page(&browser.named("a", "Beslutninger"));
    wait_for("the problem at its field", || {
        browser.source().contains("aria-invalid=\"true\"")
    });
    assert!(!browser.url().ends_with("/decisions"), "{}", browser.url());
    assert!(browser.source().contains("engang"));
    assert!(draft_path.exists());
}
