//! `serve`'s limits (`--max-body`, `--max-state`, `--header-timeout`, `--idle-timeout`,
//! `--max-connections`): the flags, their defaults (the mock's own), and the `Limits` they make.

use std::time::Duration;

use exemplar_mock::Limits;
use exemplar_run::config::value;

/// What `serve` takes from its clients before it refuses, forgets or hangs up.
#[derive(Debug, clap::Args)]
pub(super) struct LimitArgs {
    /// Largest request body read, in bytes: a larger one is answered 413, decided from its
    /// Content-Length before reading it or while a chunked body streams in.
    #[arg(help_heading = "Limits", long, value_name = "BYTES", value_parser = value::bytes,
        default_value_t = to_usize(Limits::default().max_body))]
    max_body: usize,
    /// Bytes of created resources `--stateful` keeps (the memory their JSON takes, about): past
    /// it the oldest are evicted, and a GET of one answers 404 saying it was evicted.
    #[arg(help_heading = "Limits", long, value_name = "BYTES", value_parser = value::bytes,
        default_value_t = to_usize(Limits::default().max_state))]
    max_state: usize,
    /// Seconds a client has to send a request's head (request line and headers), idle
    /// keep-alive connections included; then the connection is closed.
    #[arg(help_heading = "Limits", long, value_name = "SECONDS", value_parser = value::seconds,
        default_value_t = Limits::default().header_timeout.as_secs_f64())]
    header_timeout: f64,
    /// Seconds a connection may move no byte (a stalled body, an answer not read) before it is
    /// closed.
    #[arg(help_heading = "Limits", long, value_name = "SECONDS", value_parser = value::seconds,
        default_value_t = Limits::default().idle_timeout.as_secs_f64())]
    idle_timeout: f64,
    /// Connections served at once: past it, new ones wait to be accepted (logged once).
    #[arg(help_heading = "Limits", long, value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=65_536),
        default_value_t = u32::try_from(Limits::default().max_connections).unwrap_or(1024))]
    max_connections: u32,
}

impl LimitArgs {
    /// The mock's limits these flags say.
    pub(super) fn limits(&self) -> Limits {
        Limits {
            max_body: self.max_body as u64,
            max_state: self.max_state as u64,
            header_timeout: Duration::from_secs_f64(self.header_timeout),
            idle_timeout: Duration::from_secs_f64(self.idle_timeout),
            max_connections: self.max_connections as usize,
        }
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}
