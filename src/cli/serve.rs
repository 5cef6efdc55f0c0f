//! `backbrief serve`: the plans in the browser.

use chrono::NaiveDate;

use crate::cli::{Context, eprint, parse_date, print};
use crate::error::{CommandResult, Outcome};
use crate::i18n::{Message, ServeMsg};
use crate::serve::committee::{CommitteeOptions, serve_committee};
use crate::serve::{ServeOptions, serve};

/// Open the plans in the browser, for people who do not use a terminal.
///
/// Listens on 127.0.0.1 only, prints one line with the address to open
/// (http://127.0.0.1:PORT/?token=…), opens the default browser, and runs
/// until interrupted (Ctrl+C). Only the browser that opens that address
/// gets in; every page is also protected against other web sites.
///
/// The pages show every plan (as status), one plan with its timeline, the
/// decisions (as log, with filters), one decision (as show), who set what
/// (as blame), the report with downloads, and the check of the history (as
/// verify). Every field can be changed through forms; the changes are a
/// draft in the plan's file until they are recorded with the decision form,
/// as one decision — the same commit as `backbrief decide` makes.
///
/// With --config server.toml it is the committee's server instead: one
/// server for a municipality's committees, behind its reverse proxy, where
/// people sign in with their own account (OpenID Connect) and see the
/// committees the configuration gives them a role in; each recorded
/// decision is pushed to the git server at once. The first line printed is
/// the address it listens on. The README's section for the IT department
/// and contrib/server.toml describe the file.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 7777, value_name = "N")]
    pub port: u16,
    /// Do not open the browser; only print the address.
    #[arg(long)]
    pub no_open: bool,
    /// Offer no edits, and refuse every change.
    #[arg(long)]
    pub read_only: bool,
    /// The day to compute status and overdue marks for, as YYYY-MM-DD
    /// (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Run the committee's server as this configuration file says (TOML:
    /// listen, public_url, trusted_proxies, [oidc], [[repository]]).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["port", "read_only"])]
    pub config: Option<std::path::PathBuf>,
}

pub fn cmd_serve(context: &Context, args: ServeArgs) -> CommandResult {
    if let Some(config) = args.config {
        let options = CommitteeOptions {
            config: context.cwd.join(config),
            lang: context.lang,
            at: args.at,
        };
        serve_committee(options, |address| print(&format!("{address}\n")))?;
        return Ok(Outcome::Success);
    }
    let options = ServeOptions {
        cwd: context.cwd.clone(),
        port: args.port,
        read_only: args.read_only,
        lang: context.lang,
        at: args.at,
    };
    let lang = context.lang.unwrap_or_default();
    serve(options, |url| {
        print(&format!("{url}\n"));
        if !args.no_open && open::that_detached(url).is_err() {
            eprint(&format!("{}\n", ServeMsg::CannotOpenBrowser.get(lang)));
        }
    })?;
    Ok(Outcome::Success)
}
