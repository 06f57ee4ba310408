//! Planning a request: the documented example, the target and the params in, the exact request
//! to send (or the reason not to send it) out. No I/O.

mod fill;
mod gate;
mod params;
mod request;

pub(crate) use fill::{alternatives, fill_braces, fill_placeholders, fill_strings};
pub use gate::{annotation_list, api_version, gate};
pub use params::{HeaderValue, Params};
pub use request::{Context, Place, Planned, Skip, plan};
