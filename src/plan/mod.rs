//! The plan: its types, periods, validation and what is derived from it.

pub mod check;
pub mod dates;
pub mod describe;
pub mod diagnostic;
pub mod diff;
pub mod edit;
#[cfg(any(test, feature = "fixtures"))]
#[doc(hidden)]
pub mod fixtures;
pub mod id;
pub mod input;
pub mod lenient;
pub mod merge;
pub mod model;
pub mod period;
pub mod phrase;
pub mod progress;
pub mod rules;
pub mod schema;
pub mod schema_findings;
pub mod setter;
pub mod source;
pub mod words;

pub use check::{CheckedPlan, check_file, check_text};
pub use diagnostic::{Finding, Severity};
pub use model::{Community, Phase, Plan, Status, Subtask};
pub use period::Period;
