//! The one integration-test binary: it drives `backbrief` end to end on
//! temporary folders. Each `tests/runner/test_*.rs` is a module here (a test
//! below fails when one is forgotten); `tests/common/` is the test
//! environment.
//!
//! The test files live in `tests/runner/`, not directly in `tests/`, because
//! Cargo builds every `tests/*.rs` as a binary of its own (unless Cargo.toml
//! says `autotests = false`); hence the `#[path]` attributes.
//!
//! Run: `cargo test --test runner`. Assertions are inline insta snapshots of
//! the real output; after a deliberate change of wording or layout, run
//! `cargo insta test --test runner --review` (or `INSTA_UPDATE=always` and
//! read the diff) and check that every accepted output is right. Tests marked
//! `#[ignore = "bug: ..."]` state the correct behaviour of a known bug; run
//! them with `cargo test --test runner -- --ignored`.

#[path = "common/mod.rs"]
mod common;

#[path = "runner/test_auditor.rs"]
mod test_auditor;
#[path = "runner/test_cli.rs"]
mod test_cli;
#[path = "runner/test_cli_language.rs"]
mod test_cli_language;
#[path = "runner/test_commit_graph.rs"]
mod test_commit_graph;
#[path = "runner/test_committee_browser.rs"]
mod test_committee_browser;
#[path = "runner/test_committee_config.rs"]
mod test_committee_config;
#[path = "runner/test_committee_proxy.rs"]
mod test_committee_proxy;
#[path = "runner/test_committee_roles.rs"]
mod test_committee_roles;
#[path = "runner/test_committee_upstream.rs"]
mod test_committee_upstream;
#[path = "runner/test_concurrency.rs"]
mod test_concurrency;
#[path = "runner/test_danish_input.rs"]
mod test_danish_input;
#[path = "runner/test_decide.rs"]
mod test_decide;
#[path = "runner/test_door.rs"]
mod test_door;
#[path = "runner/test_drafts.rs"]
mod test_drafts;
#[path = "runner/test_export.rs"]
mod test_export;
#[path = "runner/test_faults.rs"]
mod test_faults;
#[path = "runner/test_fuzz_regressions.rs"]
mod test_fuzz_regressions;
#[path = "runner/test_git_http.rs"]
mod test_git_http;
#[path = "runner/test_history.rs"]
mod test_history;
#[path = "runner/test_hook.rs"]
mod test_hook;
#[path = "runner/test_json_syntax.rs"]
mod test_json_syntax;
#[path = "runner/test_layers.rs"]
mod test_layers;
#[path = "runner/test_log_scale.rs"]
mod test_log_scale;
#[path = "runner/test_new.rs"]
mod test_new;
#[path = "runner/test_periods.rs"]
mod test_periods;
#[path = "runner/test_readme.rs"]
mod test_readme;
#[path = "runner/test_report.rs"]
mod test_report;
#[path = "runner/test_report_docx.rs"]
mod test_report_docx;
#[path = "runner/test_security.rs"]
mod test_security;
#[path = "runner/test_serve.rs"]
mod test_serve;
#[path = "runner/test_serve_browser.rs"]
mod test_serve_browser;
#[path = "runner/test_serve_words.rs"]
mod test_serve_words;
#[path = "runner/test_signin.rs"]
mod test_signin;
#[path = "runner/test_status.rs"]
mod test_status;
#[path = "runner/test_sync.rs"]
mod test_sync;
#[path = "runner/test_tampering.rs"]
mod test_tampering;
#[path = "runner/test_tls_proxy.rs"]
mod test_tls_proxy;
#[path = "runner/test_trust.rs"]
mod test_trust;
#[path = "runner/test_upstream.rs"]
mod test_upstream;
#[path = "runner/test_validate.rs"]
mod test_validate;
#[path = "runner/test_verify.rs"]
mod test_verify;

#[test]
fn every_test_file_is_a_module_of_the_runner() {
    let tests = common::project_dir().join("tests");
    let runner = std::fs::read_to_string(tests.join("runner.rs")).expect("runner.rs");
    let mut missing = Vec::new();
    for dir in [tests.clone(), tests.join("runner")] {
        for entry in std::fs::read_dir(&dir).expect("tests folder") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            if let Some(module) = name
                .strip_prefix("test_")
                .and_then(|rest| rest.strip_suffix(".rs"))
            {
                if dir == tests {
                    missing.push(format!("{name} must move to tests/runner/"));
                } else if !runner.contains(&format!(
                    "#[path = \"runner/test_{module}.rs\"]\nmod test_{module};\n"
                )) {
                    missing.push(format!("mod test_{module}; is missing"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "tests/runner.rs: {missing:?}");
}
