//! Plan parsing and validation: any bytes, read as text the way the tool
//! reads a file (invalid UTF-8 replaced), must give findings, never a panic.
//! What it finds must point into the text, and a plan that passes must still
//! pass once written back out. Whatever the fast path for valid plans
//! accepts, the full pipeline must accept without findings, as the same plan.

#![no_main]

use backbrief::plan::check::{check_text_fully, valid_plan};
use backbrief::plan::{Severity, check_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let checked = check_text(&text, "plan.json", Some("arbejdsplads-1"), None);

    if let Some(plan) = valid_plan(&text, Some("arbejdsplads-1"), None) {
        let full = check_text_fully(&text, "plan.json", Some("arbejdsplads-1"), None);
        assert!(
            full.findings.is_empty(),
            "the fast path accepted what the full check finds wrong: {:?}",
            full.findings
        );
        assert_eq!(
            full.plan.as_ref(),
            Some(&plan),
            "the two paths read different plans"
        );
    }

    let lines = text.split('\n').count();
    for finding in &checked.findings {
        assert_eq!(finding.file, "plan.json");
        assert!(!finding.message.trim().is_empty(), "{finding:?}");
        assert!(
            finding.at.line >= 1 && finding.at.column >= 1 && finding.at.line <= lines,
            "a finding outside the text: {finding:?}"
        );
    }
    if checked.count(Severity::Error) == 0 {
        let plan = checked
            .plan
            .as_ref()
            .expect("a plan without errors is read");
        let written = serde_json::to_string_pretty(plan).expect("a plan serializes");
        let again = check_text(&written, "plan.json", Some("arbejdsplads-1"), None);
        assert_eq!(
            again.count(Severity::Error),
            0,
            "a valid plan written back out is invalid:\n{written}\n{:?}",
            again.findings
        );
        assert_eq!(
            again.plan.as_ref(),
            Some(plan),
            "the plan changed on the way"
        );
    }
});
