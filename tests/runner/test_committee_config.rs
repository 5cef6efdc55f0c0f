//! The committee server's configuration refused with words that say what
//! is wrong and where: the exit code, the line, the key meant, the file,
//! the committee.

use crate::common::TestEnv;

/// `backbrief [--lang en] serve --config server.toml` with `config` in a
/// folder that holds a clone called `repo`; the exit code must be `code`.
fn refused_config(config: &str, english: bool, code: i32) -> crate::common::Output {
    let env = TestEnv::without_plans();
    std::fs::create_dir(env.path("repo")).expect("a folder for the clone");
    std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(env.path("repo"))
        .status()
        .expect("git init");
    env.write("server.toml", config);
    let mut command = env.command_without_dir();
    if english {
        command.args(["--lang", "en"]);
    }
    command.args(["serve", "--config", "server.toml"]);
    command.timeout(std::time::Duration::from_secs(30));
    let output = env.run_command(command).expect_code(code);
    assert_eq!(output.stdout, "", "no address printed: {output}");
    output
}

const REPOSITORY: &str =
    "[[repository]]\nname = \"hoved-med\"\npath = \"repo\"\nsecretaries = [\"sara@kommune.dk\"]\n";

#[test]
fn listening_beyond_this_machine_without_sign_in_is_refused_in_both_languages() {
    let config = format!("listen = \"0.0.0.0:0\"\n{REPOSITORY}");
    let danish = refused_config(&config, false, 2);
    insta::assert_snapshot!(danish.stderr, @r#"
    fejl: [ROOT]/server.toml, linje 1, kolonne 10: log-ind er påkrævet for at lytte ud over denne maskine: `listen` er 0.0.0.0:0, men der er ingen [oidc]
    tip: Tilføj en [oidc]-sektion med kommunens log-ind, eller lyt kun på denne maskine: listen = "127.0.0.1:8080".
    "#);
    let english = refused_config(&config, true, 2);
    insta::assert_snapshot!(english.stderr, @r#"
    error: [ROOT]/server.toml, line 1, column 10: sign-in is required to listen beyond this machine: `listen` is 0.0.0.0:0, but there is no [oidc]
    hint: Add an [oidc] section with the municipality's sign-in, or listen on this machine only: listen = "127.0.0.1:8080".
    "#);
}

#[test]
fn a_misspelt_key_is_named_with_its_line_and_the_key_meant() {
    let config = format!("listen = \"127.0.0.1:0\"\nstale_after_secnds = 5\n{REPOSITORY}");
    let output = refused_config(&config, false, 2);
    insta::assert_snapshot!(output.stderr, @r"
    fejl: [ROOT]/server.toml, linje 2, kolonne 1: nøglen `stale_after_secnds` kendes ikke øverst i filen
    tip: Mente du `stale_after_seconds`?
    ");
}

#[test]
fn a_secret_file_that_cannot_be_read_is_named() {
    let config = format!(
        "listen = \"127.0.0.1:0\"\npublic_url = \"http://127.0.0.1:9\"\n[oidc]\n\
         issuer = \"http://127.0.0.1:9\"\nclient_id = \"backbrief\"\n\
         client_secret_file = \"no-such-secret\"\n{REPOSITORY}"
    );
    let output = refused_config(&config, false, 2);
    insta::assert_snapshot!(output.stderr, @r"
    fejl: [ROOT]/server.toml, linje 6, kolonne 22: klienthemmelighedens fil [ROOT]/no-such-secret kan ikke læses: den findes ikke
    tip: Læg den hemmelighed, udbyderen gav klienten, i filen, og giv serverens bruger lov til at læse den.
    ");
}

#[test]
fn a_repository_path_that_is_no_clone_names_the_committee() {
    let config = "listen = \"127.0.0.1:0\"\n[[repository]]\nname = \"hoved-med\"\n\
                  path = \"no-such-clone\"\nsecretaries = [\"sara@kommune.dk\"]\n";
    let output = refused_config(config, false, 3);
    insta::assert_snapshot!(output.stderr, @"fejl: Udvalget hoved-med kan ikke åbnes: [ROOT]/no-such-clone er ikke et plan-repositorium (ingen git-repositorium her).");
}

#[test]
fn every_address_beyond_loopback_needs_sign_in() {
    for listen in ["[::]:0", "[::ffff:127.0.0.1]:0", "192.0.2.1:8080"] {
        let config = format!("listen = \"{listen}\"\n{REPOSITORY}");
        let output = refused_config(&config, true, 2);
        assert!(
            output.stderr.contains("sign-in is required"),
            "{listen}: {output}"
        );
    }
}
