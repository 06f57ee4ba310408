//! Planning a request: the documented example, the target and the params in, the exact request
//! to send (or the reason not to send it) out. No I/O.

pub mod fill;
mod gate;
mod params;
mod request;

pub use fill::{alternatives, fill_braces, fill_placeholders, fill_strings};
pub use gate::{annotation_list, api_version, gate};
pub use params::{HeaderValue, Params};
pub use request::{Context, Place, Planned, Skip, plan};

/// Whether `url` names this machine: `localhost`, or a loopback address. The plan asks it (a
/// mutation goes to a remote target only when allowed), and so does the run's proxy choice (a
/// target on this machine never goes through a proxy).
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
