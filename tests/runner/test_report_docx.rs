//! `backbrief report --format docx`: the report upward as a Word document,
//! read back with a real reader (python-docx) for its text, heading styles,
//! tables, picture, page size and Danish characters; opened by LibreOffice
//! where it is installed (always under `CI=true`).

use std::path::Path;
use std::process::Command;

use crate::common::TestEnv;

const PLAN: &str = "arbejdsplads-1";

/// Reads a .docx with python-docx and prints what it holds as JSON: each
/// paragraph's style and text, each table's cells, each picture's width and
/// type, the page size.
const READ_DOCX: &str = r#"
import json, sys
import docx
d = docx.Document(sys.argv[1])
section = d.sections[0]
out = {
    "paragraphs": [[p.style.name if p.style is not None else None, p.text] for p in d.paragraphs],
    "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
    "pictures": [
        {"width_cm": round(s.width.cm, 2), "type": d.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].content_type}
        for s in d.inline_shapes
    ],
    "page_mm": [round(section.page_width.mm), round(section.page_height.mm)],
}
print(json.dumps(out, ensure_ascii=False))
"#;

/// Whether python-docx can be imported, installing it with pip when it is
/// missing; `false` (the test says it is skipped) only when pip cannot
/// install it. A missing python3 fails the test.
pub fn python_docx() -> bool {
    let import = || {
        Command::new("python3")
            .args(["-c", "import docx"])
            .output()
            .map(|o| o.status.success())
    };
    match import() {
        Err(error) => panic!(
            "python3 is needed to read the Word report back ({error}); install it \
             (apt-get install python3 python3-pip) — .ci/run expects it"
        ),
        Ok(true) => return true,
        Ok(false) => {}
    }
    let installed = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "python-docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if installed && import().is_ok_and(|ok| ok) {
        return true;
    }
    crate::common::tool_present(
        "the python-docx checks of test_report_docx",
        "python-docx",
        false,
        "python3 -m pip install python-docx, or apt-get install python3-docx",
    )
}

pub fn read_docx(path: &Path) -> serde_json::Value {
    let output = Command::new("python3")
        .args(["-c", READ_DOCX])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python-docx could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from python-docx")
}

fn texts<'a>(doc: &'a serde_json::Value, style: &str) -> Vec<&'a str> {
    doc["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .filter(|p| p[0] == style)
        .filter_map(|p| p[1].as_str())
        .collect()
}

#[test]
fn word_report_reads_back_with_headings_tables_and_the_timeline() {
    let env = TestEnv::repo_with_example_plan();
    env.run_on(
        "2024-10-10",
        &[
            "decide",
            PLAN,
            "-m",
            "Workshoppen flyttet til november",
            "--by",
            "Lokal-MED",
            "--meeting",
            "MED-møde 10. oktober 2024",
            "--set",
            "workshop-i-teams.due=2024-11",
        ],
    )
    .expect_code(0);
    let decided = env.head();
    let output = env
        .run(&[
            "report",
            PLAN,
            "--at",
            "2024-11-21",
            "--out",
            "rapport.docx",
        ])
        .expect_code(0);
    assert_eq!(output.stdout, "Rapporten er skrevet til rapport.docx.\n");
    let bytes = env.read("rapport.docx");
    assert!(bytes.starts_with(b"PK\x03\x04"), "a .docx is a zip file");
    // Kept for a look (Word, LibreOffice).
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshots");
    std::fs::create_dir_all(&keep).expect("target/report-screenshots");
    std::fs::write(keep.join("rapport.docx"), &bytes).expect("keep the .docx");

    // The format follows from the extension; written to a pipe, it is the
    // same document.
    let piped = env
        .command()
        .args(["report", PLAN, "--at", "2024-11-21", "--format", "docx"])
        .output()
        .expect("runs");
    assert!(piped.status.success());
    // The same report makes the same file, byte for byte.
    assert!(
        piped.stdout == bytes,
        "the same report made a different file"
    );

    if !python_docx() {
        return;
    }
    let doc = read_docx(&env.path("rapport.docx"));
    assert_eq!(doc["page_mm"], serde_json::json!([210, 297]), "A4");
    assert_eq!(texts(&doc, "Title"), ["Backbrief fra arbejdsplads 1"]);
    // Word's own heading styles, in the order of the report.
    assert_eq!(
        texts(&doc, "Heading 1"),
        [
            "Udgangspunkt",
            "Hovedopgave",
            "Status for faserne",
            "Forsinket",
            "Frister de næste 30 dage",
            "Beslutninger siden sidst",
            "Afrapportering",
            "Tidslinje",
            "Balancen mellem de fire fællesskaber",
            "Bilag: ændringerne i detaljer",
        ]
    );
    let heading2 = texts(&doc, "Heading 2");
    assert!(heading2.contains(&"Sådan vil vi opnå det"), "{heading2:?}");
    assert!(heading2.contains(&"Workshoppen flyttet til november"));
    assert!(heading2.contains(&"10. oktober 2024 · Workshoppen flyttet til november"));
    // The decision in the body: who, when, where, a count of its changes;
    // its commit only in the appendix.
    let normal = texts(&doc, "Normal");
    assert!(
        normal.contains(
            &"10. oktober 2024 · Besluttet af: Lokal-MED · Møde: MED-møde 10. oktober 2024"
        )
    );
    assert!(normal.contains(&"1 ændring i planen (se bilaget)"));
    let paragraphs: Vec<&str> = doc["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .filter_map(|p| p[1].as_str())
        .collect();
    let appendix = paragraphs
        .iter()
        .position(|p| *p == "Bilag: ændringerne i detaljer")
        .expect("appendix");
    assert!(
        paragraphs[..appendix]
            .iter()
            .all(|p| !p.contains(&decided[..7]))
    );
    // The appendix tells each decision by its day and who made it, never by
    // its commit.
    assert!(paragraphs.iter().all(|p| !p.contains(&decided[..7])));
    assert!(
        paragraphs[appendix..]
            .iter()
            .any(|p| p.starts_with("Besluttet ") && p.contains(" af ")),
        "{paragraphs:?}"
    );

    // Real tables: the phases, what is due, the reporting, the balance.
    let tables = doc["tables"].as_array().expect("tables");
    let headers: Vec<String> = tables.iter().map(|t| t[0].to_string()).collect();
    insta::assert_snapshot!(headers.join("\n"), @r#"
    ["Fase","Periode","Fremdrift","Status"]
    ["Frist","Hvad","Type","Status"]
    ["Hvad","Til","Hvem","Frist","Status"]
    ["Fællesskab","Åbne","Udførte"]
    "#);
    assert_eq!(
        tables[0][1],
        serde_json::json!([
            "Fase 1: Bredt kendskab til kerneopgaven",
            "efterår 2024",
            "2 af 4 udført (50 %)",
            "i gang"
        ])
    );
    // The timeline as one picture across the page (17 cm), a PNG.
    assert_eq!(
        doc["pictures"],
        serde_json::json!([{ "width_cm": 17.0, "type": "image/png" }])
    );
    // Danish characters intact everywhere.
    let all = doc.to_string();
    for word in ["MED-møde", "Fællesskab", "Åbne", "udført", "fællesskaber"] {
        assert!(all.contains(word), "{word}");
    }

    // LibreOffice, where it is installed, opens it and makes a PDF.
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok());
    let present = crate::common::tool_present(
        "the LibreOffice check of test_report_docx",
        "LibreOffice",
        soffice.is_some(),
        "apt-get install libreoffice-writer-nogui",
    );
    match soffice.filter(|_| present) {
        None => {}
        Some(soffice) => {
            let profile = env.path("lo-profile");
            let status = Command::new(soffice)
                .arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.display()
                ))
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(env.root())
                .arg(env.path("rapport.docx"))
                .env("HOME", env.root())
                .status()
                .expect("LibreOffice runs");
            assert!(status.success());
            let pdf = std::fs::read(env.path("rapport.pdf")).expect("the PDF");
            assert!(pdf.starts_with(b"%PDF-"));
            // Its words, where poppler's pdftotext is there to read them.
            if let Ok(text) = Command::new("pdftotext")
                .arg(env.path("rapport.pdf"))
                .arg("-")
                .output()
                && text.status.success()
            {
                let text = String::from_utf8_lossy(&text.stdout);
                for words in [
                    "Balancen mellem de fire fællesskaber",
                    "Workshoppen flyttet til november",
                    "Sådan vil vi opnå det",
                ] {
                    assert!(text.contains(words), "{words}:\n{text}");
                }
            }
        }
    }
}

/// Binary on a terminal would be garbage: refused, with a hint, nothing made.
#[test]
fn word_report_is_not_written_to_a_terminal() {
    let env = TestEnv::repo_with_example_plan();
    let files = env.files();
    let binary = assert_cmd::cargo::cargo_bin("backbrief");
    // `script` gives the command a terminal as its standard output.
    let output = Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} report {PLAN} --at 2024-11-21 --format docx",
            binary.display()
        ))
        .arg("/dev/null")
        .current_dir(env.root())
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .env("HOME", env.root())
        .output();
    let Ok(output) = output else {
        crate::common::tool_present(
            "test_report_docx::word_report_is_not_written_to_a_terminal",
            "script",
            false,
            "apt-get install bsdutils",
        );
        return;
    };
    let shown = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert_eq!(output.status.code(), Some(2), "{shown}");
    insta::assert_snapshot!(shown, @r"
    fejl: Et Word-dokument kan ikke vises i terminalen.
    tip: Skriv det til en fil med --out, fx --out rapport.docx.
    ");
    assert_eq!(env.files(), files, "nothing was made");
}
