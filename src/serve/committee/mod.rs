//! The committee's server: one `backbrief serve --config server.toml` for a
//! municipality, behind its sign-in (see SPEC "The committee's server").

pub mod auth_routes;
pub mod config;
pub mod sessions;
pub mod signin;
