//! The committee's server: one `backbrief serve --config server.toml` for a
//! municipality's committees, behind its reverse proxy and its sign-in.

pub mod config;
pub mod log;
pub mod proxy;
