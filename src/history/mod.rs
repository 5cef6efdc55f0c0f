//! Decisions in git: writing commits with trailers, reading the audit trail,
//! verifying the history.

pub mod as_of;
pub mod audit;
pub mod blame;
pub mod change_cache;
pub mod change_stream;
pub mod changes;
pub mod commit_graph;
pub mod covered;
pub mod dated;
pub mod decision;
pub mod decision_index;
pub mod decision_input;
pub mod door;
pub mod drafts;
pub mod eol;
pub mod files;
pub mod hooks;
pub mod init;
pub mod journal;
pub mod lock;
pub mod maintenance;
pub mod object_checks;
pub mod plan_file;
pub mod raw_tree;
pub mod recorded;
pub mod repo;
pub mod settlement;
pub mod sign;
pub mod sync;
pub mod trail;
pub mod unrecorded;
pub mod verify;
pub mod write;

pub use decision::{Decision, DecisionText, read_decision};
pub use repo::{PlansRepo, short_id};
