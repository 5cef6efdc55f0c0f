//! The committee's server in a real browser (Chromium), people signed in
//! through a real OpenID provider (tests/oidc): who sees which committee,
//! a decision recorded with the signed-in person as its author, each
//! person's drafts their own, sign-out, and the pages' accessibility.

use crate::common::TestEnv;
use crate::common::committee::CommitteeServer;

#[test]
fn the_helper_starts_a_committee_server_with_a_token_and_stops_it() {
    let env = TestEnv::repo_with_example_plan();
    let dir = TestEnv::without_plans();
    let port = CommitteeServer::free_port();
    let config = format!(
        "listen = \"127.0.0.1:{port}\"\n\n[[repository]]\nname = \"hoved-med\"\npath = \"{}\"\n",
        env.root().display()
    );
    let server = CommitteeServer::start(&config, dir.root());
    assert_eq!(server.port, port);
    assert_eq!(server.config_path, dir.path("server.toml"));
    let token = server.token().expect("a token without sign-in");
    assert_eq!(
        server.first_line,
        format!("http://127.0.0.1:{port}/?token={token}")
    );
    assert_eq!(
        server.url("/healthz"),
        format!("http://127.0.0.1:{port}/healthz")
    );
    drop(server);
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_err());
}

#[test]
fn the_helper_runs_a_refused_configuration_to_its_end() {
    let env = TestEnv::repo_with_example_plan();
    let dir = TestEnv::without_plans();
    let config = format!(
        "listen = \"0.0.0.0:0\"\n\n[[repository]]\nname = \"hoved-med\"\npath = \"{}\"\n",
        env.root().display()
    );
    let output = CommitteeServer::run_to_end(&config, dir.root());
    assert_eq!(output.code, Some(2), "{output}");
    assert!(output.stdout.is_empty(), "{output}");
}
