//! `backbrief schema`: print the JSON Schema of the plan file.

use crate::cli::Context;
use crate::error::{CommandResult, Outcome};
use crate::plan::schema::plan_schema_text;

/// Print the JSON Schema (draft 2020-12) of the plan file.
///
/// Editors validate a plan while typing when the plan's "$schema" points at
/// this schema. `backbrief init` puts a copy in schemas/plan.schema.json.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {}

pub fn cmd_schema(_context: &Context, _args: SchemaArgs) -> CommandResult {
    crate::cli::print_document(&plan_schema_text());
    Ok(Outcome::Success)
}
