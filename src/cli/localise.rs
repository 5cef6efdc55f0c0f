//! The command line in the user's language: which language that is, `--help`
//! and the man page in Danish, and clap's errors as catalogue sentences.
//!
//! The doc comments in `src/cli/` are the English help; the Danish texts live
//! in [`crate::i18n::danish_help`], keyed by command and argument, and are put
//! on the clap [`Command`] at run time. A command line that cannot be
//! understood becomes a [`CommandError`] (exit 2) in the chosen language,
//! with a hint.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::error::CommandError;
use crate::i18n::{CliMsg, Lang, Message, danish_help, danish_value_name};

/// The language the command line speaks: `--lang`, else `BACKBRIEF_LANG`,
/// else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else Danish.
pub fn chosen_lang(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    let mut from_args = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            from_args = words.next().and_then(|value| Lang::from_code(&value));
        } else if let Some(value) = word.strip_prefix("--lang=") {
            from_args = Lang::from_code(value);
        }
    }
    from_args
        .or_else(|| {
            std::env::var("BACKBRIEF_LANG")
                .ok()
                .and_then(|v| Lang::from_code(&v))
        })
        .unwrap_or_else(locale_lang)
}

/// The language of the locale, when it is Danish or English; else Danish.
pub fn locale_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .and_then(|value| Lang::from_code(&value.get(..2)?.to_ascii_lowercase()))
        .unwrap_or_default()
}

/// A value a `value_parser` refused, said in both languages, so that the
/// error speaks the chosen one.
#[derive(Debug, Clone)]
pub struct BadValue {
    danish: String,
    english: String,
}

impl BadValue {
    /// The sentence `say` makes in each language.
    pub fn new(say: impl Fn(Lang) -> String) -> BadValue {
        BadValue {
            danish: say(Lang::Da),
            english: say(Lang::En),
        }
    }

    /// The sentence in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.danish,
            Lang::En => &self.english,
        }
    }
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

impl std::error::Error for BadValue {}

/// Why parsing stopped before a command could run.
#[derive(Debug)]
pub enum Stop {
    /// `--help` or `--version`: print this on standard output, exit 0.
    Print(String),
    /// The command line is wrong.
    Error(CommandError),
}

/// The command-line definition, with every help text in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut command = Cli::command();
    command.build();
    match lang {
        Lang::En => command,
        Lang::Da => in_danish(command, "backbrief", false),
    }
}

/// Parses the command line, speaking `lang` in help and errors.
pub fn parse(args: Vec<OsString>, lang: Lang) -> Result<Cli, Stop> {
    let mut command = command(lang);
    let path = command_path(&command, &args);
    let matches = command
        .try_get_matches_from_mut(args)
        .map_err(|error| stop(&error, &path, lang))?;
    Cli::from_arg_matches(&matches).map_err(|error| stop(&error, &path, lang))
}

/// `backbrief` and the command named on the command line, if any
/// (`backbrief status`), for the hint that points at its `--help`.
fn command_path(command: &Command, args: &[OsString]) -> String {
    let mut words = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(word) = words.next() {
        if ["-C", "--lang", "--color"].contains(&word.as_ref()) {
            words.next();
        } else if word.starts_with('-') {
            continue;
        } else {
            return match command.find_subcommand(word.as_ref()) {
                Some(sub) if sub.get_name() != "help" => format!("backbrief {}", sub.get_name()),
                _ => "backbrief".to_string(),
            };
        }
    }
    "backbrief".to_string()
}

/// Clap's own words in a usage line or help, in `lang`.
fn in_words(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Da => text.replace("[OPTIONS]", "[TILVALG]"),
    }
}

/// Puts the Danish texts on `command` (whose path is `path`, such as
/// `"backbrief decide"`) and on all below it. Below `help`, the commands are
/// clap's copies that carry only a name and a summary.
fn in_danish(command: Command, path: &str, under_help: bool) -> Command {
    let mut command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            CliMsg::Usage.get(Lang::Da)
        ))
        .subcommand_help_heading(CliMsg::Commands.text(Lang::Da))
        .subcommand_value_name("KOMMANDO");
    let name = command.get_name().to_string();
    if name == "help" {
        command = command
            .about(CliMsg::HelpCommand.get(Lang::Da))
            .long_about(None);
    } else if under_help {
        if let Some(about) = danish_help(&format!("backbrief {name}")) {
            command = command.about(about);
        }
    } else if let Some(about) = danish_help(path) {
        let long = command.get_long_about().is_some();
        command = command.about(about);
        if long {
            command = command.long_about(danish_help(&format!("{path}+")).unwrap_or(about));
        }
    }
    command = command.mut_args(|arg| danish_arg(arg, path));
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let inner = format!("{path} {name}");
        let under = under_help || name == "help";
        command = command.mut_subcommand(&name, |sub| in_danish(sub, &inner, under));
    }
    command
}

/// The Danish text of one argument of the command at `path`.
fn danish_arg(arg: clap::Arg, path: &str) -> clap::Arg {
    let id = arg.get_id().as_str().to_string();
    let text = match id.as_str() {
        "help" if arg.get_long_help().is_some() => {
            return arg
                .help(CliMsg::HelpShort.get(Lang::Da))
                .long_help(CliMsg::HelpLong.get(Lang::Da))
                .help_heading(CliMsg::Options.text(Lang::Da));
        }
        "help" => CliMsg::Help.get(Lang::Da),
        "version" => CliMsg::Version.get(Lang::Da),
        "subcommand" if path.ends_with("help") => CliMsg::HelpCommandArg.get(Lang::Da),
        _ => danish_help(&format!("{path} {id}"))
            .or_else(|| danish_help(&format!("backbrief {id}")).filter(|_| arg.is_global_set()))
            .map(str::to_string)
            .unwrap_or_default(),
    };
    let mut notes = Vec::new();
    let takes_values = arg.get_action().takes_values();
    if takes_values && !arg.is_hide_possible_values_set() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| value.get_name().to_string())
            .collect();
        if !values.is_empty() {
            notes.push(CliMsg::PossibleValues.fill(Lang::Da, &[("values", &values.join(", "))]));
        }
    }
    if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let value: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|value| value.to_string_lossy().into_owned())
            .collect();
        notes.push(CliMsg::Default.fill(Lang::Da, &[("value", &value.join(", "))]));
    }
    let text = if notes.is_empty() {
        text
    } else {
        format!("{text} [{}]", notes.join("; "))
    };
    // Under a heading of their own, clap sorts arguments by display order:
    // keep the positional ones in the order they are written.
    let (heading, arg) = match arg.get_index() {
        Some(index) if arg.is_positional() => (CliMsg::Arguments, arg.display_order(index)),
        _ => (CliMsg::Options, arg),
    };
    let long = arg.get_long_help().is_some();
    let names: Vec<String> = match arg.get_value_names() {
        Some(names) => names.iter().map(|name| name.to_string()).collect(),
        None if takes_values => vec![arg.get_id().as_str().to_uppercase()],
        None => Vec::new(),
    };
    let danish: Vec<&'static str> = names
        .iter()
        .filter_map(|name| danish_value_name(name))
        .collect();
    let arg = if !names.is_empty() && danish.len() == names.len() {
        arg.value_names(danish)
    } else {
        arg
    };
    let mut arg = arg
        .help(text.clone())
        .hide_possible_values(true)
        .hide_default_value(true)
        .help_heading(heading.text(Lang::Da));
    if long {
        arg = arg.long_help(text);
    }
    arg
}

/// What to do about clap's verdict on the command line.
fn stop(error: &clap::Error, path: &str, lang: Lang) -> Stop {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut text = in_words(&error.to_string(), lang);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Stop::Print(text)
        }
        _ => Stop::Error(usage_error(error, path, lang)),
    }
}

/// clap's error as a sentence of the catalogue, with hints.
fn usage_error(error: &clap::Error, command_path: &str, lang: Lang) -> CommandError {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::Strings(texts)) => Some(texts.join(", ")),
        Some(ContextValue::StyledStr(text)) => Some(text.to_string()),
        Some(ContextValue::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let usage = error
        .get(ContextKind::Usage)
        .map(|usage| usage.to_string())
        .unwrap_or_default();
    let usage = usage.trim();
    let usage = in_words(usage.strip_prefix("Usage:").unwrap_or(usage).trim(), lang);
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut hints = Vec::new();
    let suggestion = |hints: &mut Vec<String>, kind| {
        if let Some(suggestion) = text(kind) {
            hints.push(CliMsg::DidYouMean.fill(lang, &[("suggestion", &suggestion)]));
        }
    };
    let message = match error.kind() {
        ErrorKind::MissingRequiredArgument => {
            CliMsg::MissingArguments.fill(lang, &[("args", &arg)])
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let commands = Cli::command()
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .map(|sub| sub.get_name().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            hints.push(CliMsg::CommandList.fill(lang, &[("commands", &commands)]));
            CliMsg::MissingCommand.fill(lang, &[("command", &command_path)])
        }
        ErrorKind::UnknownArgument => {
            suggestion(&mut hints, ContextKind::SuggestedArg);
            suggestion(&mut hints, ContextKind::SuggestedSubcommand);
            // clap suggests `-- ARG` when a value starts with a dash.
            let as_value = matches!(
                error.get(ContextKind::Suggested),
                Some(ContextValue::StyledStrs(tips))
                    if tips.iter().any(|tip| tip.to_string().contains("as a value"))
            );
            if as_value {
                hints.push(CliMsg::ValueAsArgument.fill(lang, &[("arg", &arg)]));
            }
            if arg.starts_with('-') {
                CliMsg::UnknownArgument.fill(lang, &[("arg", &arg), ("command", &command_path)])
            } else {
                CliMsg::UnexpectedArgument.fill(lang, &[("arg", &arg), ("command", &command_path)])
            }
        }
        ErrorKind::InvalidSubcommand => {
            let command = text(ContextKind::InvalidSubcommand).unwrap_or_default();
            suggestion(&mut hints, ContextKind::SuggestedSubcommand);
            CliMsg::UnknownCommand.fill(lang, &[("command", &command)])
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            CliMsg::MissingValue.fill(lang, &[("arg", &arg)])
        }
        ErrorKind::InvalidValue => {
            suggestion(&mut hints, ContextKind::SuggestedValue);
            if let Some(values) = text(ContextKind::ValidValue) {
                hints.push(CliMsg::Choices.fill(lang, &[("values", &values)]));
            }
            CliMsg::BadChoice.fill(lang, &[("value", &value), ("arg", &arg)])
        }
        ErrorKind::ValueValidation => {
            use std::error::Error as _;
            let source = error.source();
            let input =
                source.and_then(|source| source.downcast_ref::<crate::plan::input::InputError>());
            let bad = source.and_then(|source| source.downcast_ref::<BadValue>());
            let reason = match (input, bad) {
                (Some(input), _) => {
                    hints.extend(input.hint(lang));
                    input.message(lang)
                }
                (None, Some(bad)) => bad.message(lang).to_string(),
                (None, None) => CliMsg::BadValueReason.fill(lang, &[("value", &value)]),
            };
            CliMsg::BadValue.fill(lang, &[("arg", &arg), ("reason", &reason)])
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            CliMsg::MissingValue.fill(lang, &[("arg", &arg)])
        }
        ErrorKind::TooManyValues => {
            let max = text(ContextKind::ExpectedNumValues).unwrap_or_else(|| "1".into());
            CliMsg::TooManyValues.fill(lang, &[("arg", &arg), ("max", &max), ("value", &value)])
        }
        ErrorKind::ArgumentConflict => {
            let other = text(ContextKind::PriorArg).unwrap_or_default();
            if other == arg || other.is_empty() {
                CliMsg::GivenTwice.fill(lang, &[("arg", &arg)])
            } else {
                CliMsg::Conflict.fill(lang, &[("arg", &arg), ("other", &other)])
            }
        }
        ErrorKind::InvalidUtf8 => CliMsg::NotUtf8.get(lang),
        _ => CliMsg::NotUnderstood.get(lang),
    };
    if !usage.is_empty() {
        hints.push(CliMsg::UsageLine.fill(lang, &[("usage", &usage)]));
    }
    hints.push(CliMsg::SeeHelp.fill(lang, &[("command", &command_path)]));
    hints
        .into_iter()
        .fold(CommandError::usage(message), CommandError::hinted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every command and argument of the definition, as (key, English text),
    /// leaving out what clap adds itself (help, version, the help command).
    fn texts(command: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let english = command.get_about().map(|about| about.to_string());
        out.push((path.to_string(), english.unwrap_or_default()));
        if let Some(long) = command.get_long_about() {
            out.push((format!("{path}+"), long.to_string()));
        }
        for arg in command.get_arguments() {
            if arg.is_global_set() && path != "backbrief" {
                continue;
            }
            let help = arg
                .get_help()
                .map(|help| help.to_string())
                .unwrap_or_default();
            out.push((format!("{path} {}", arg.get_id()), help));
        }
        for sub in command.get_subcommands() {
            texts(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_has_english_and_danish_help() {
        let mut all = Vec::new();
        texts(&Cli::command(), "backbrief", &mut all);
        let mut missing = Vec::new();
        for (key, english) in &all {
            if english.trim().is_empty() {
                missing.push(format!("{key}: no English doc comment"));
            }
            if danish_help(key).is_none_or(|danish| danish.trim().is_empty()) {
                missing.push(format!("{key}: no Danish text in src/i18n/cli_help.rs"));
            }
        }
        let known: BTreeSet<&str> = all.iter().map(|(key, _)| key.as_str()).collect();
        let mut seen = BTreeSet::new();
        for key in crate::i18n::danish_help_keys() {
            if !known.contains(key) {
                missing.push(format!("{key}: Danish text for nothing (a stale key)"));
            }
            if !seen.insert(key) {
                missing.push(format!("{key}: two Danish texts"));
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }

    fn help(lang: Lang, args: &[&str]) -> String {
        let args = std::iter::once("backbrief")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        match parse(args, lang) {
            Err(Stop::Print(text)) => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn danish_help_has_no_english_left() {
        for args in [
            &["--help"][..],
            &["-h"],
            &["decide", "--help"],
            &["decide", "-h"],
            &["status", "--help"],
            &["export", "--help"],
            &["help", "decide"],
            &["help"],
        ] {
            let text = help(Lang::Da, args);
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
                "possible values",
                "default:",
                "Possible values",
                "The plan",
            ] {
                assert!(
                    !text.contains(english),
                    "{args:?} says {english:?}:\n{text}"
                );
            }
            assert!(text.contains("Brug:"), "{args:?}:\n{text}");
            assert!(text.ends_with('\n'), "{args:?} ends its last line");
        }
        assert!(help(Lang::Da, &["decide", "--help"]).contains("Hvem der besluttede"));
        assert!(help(Lang::En, &["decide", "--help"]).contains("Who decided"));
    }

    #[test]
    fn the_definition_is_consistent_in_both_languages() {
        command(Lang::Da).debug_assert();
        command(Lang::En).debug_assert();
    }

    fn error(lang: Lang, args: &[&str]) -> String {
        let args = std::iter::once("backbrief")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect();
        match parse(args, lang) {
            Err(Stop::Error(error)) => {
                assert_eq!(error.kind, crate::error::ErrorKind::Usage);
                error.render(lang)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn clap_errors_in_the_catalogue() {
        let text = error(Lang::Da, &["decide", "plan", "-m", "x"]);
        assert!(
            text.starts_with("fejl: Der mangler noget på kommandolinjen: --by <HVEM>."),
            "{text}"
        );
        assert!(text.contains("tip: Se `backbrief decide --help`"), "{text}");
        let text = error(Lang::En, &["decide", "plan", "-m", "x"]);
        assert!(
            text.starts_with("error: The command line lacks something: --by <WHO>."),
            "{text}"
        );
        let text = error(Lang::Da, &["status", "--colour", "never"]);
        assert!(
            text.contains("--colour er ikke et tilvalg for backbrief status."),
            "{text}"
        );
        assert!(text.contains("Mente du --color?"), "{text}");
        let text = error(Lang::Da, &["statsu"]);
        assert!(
            text.contains("statsu er ikke en kommando i backbrief."),
            "{text}"
        );
        assert!(text.contains("Mente du status?"), "{text}");
        let text = error(Lang::Da, &["status", "--at", "i morgen"]);
        assert!(text.contains("\"i morgen\" er ikke en dato."), "{text}");
        assert!(text.contains("12.9.2024"), "{text}");
        let text = error(Lang::Da, &["--lang", "fr", "status"]);
        assert!(
            text.contains("\"fr\" er ikke en mulig værdi for --lang <SPROG>."),
            "{text}"
        );
        assert!(text.contains("Mulige værdier: da, en."), "{text}");
        let text = error(Lang::Da, &[]);
        assert!(text.contains("Der mangler en kommando"), "{text}");
    }

    #[test]
    fn the_language_is_taken_from_the_arguments_first() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            chosen_lang(&args(&["backbrief", "--lang", "en", "x"])),
            Lang::En
        );
        assert_eq!(
            chosen_lang(&args(&["backbrief", "x", "--lang=en"])),
            Lang::En
        );
        assert_eq!(chosen_lang(&args(&["backbrief", "--lang", "da"])), Lang::Da);
    }
}
