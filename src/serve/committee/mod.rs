//! The committee's server: one `backbrief serve --config server.toml` for a
//! municipality's committees, behind its reverse proxy and its sign-in (see
//! SPEC "The committee's server").
//!
//! [`start`] reads the configuration, opens each committee's clone and its
//! git server, signs people in through [`signin`], and answers every
//! request through the one door of [`server`]: the repository's own pages
//! (the same routes as the local `serve`), for the signed-in person in the
//! role [`roles`] gives them.

pub mod auth_routes;
pub mod config;
pub mod end_session;
pub mod log;
pub mod proxy;
pub mod roles;
pub mod server;
pub mod sessions;
pub mod signin;
pub mod start;

pub use start::{CommitteeOptions, serve_committee};
