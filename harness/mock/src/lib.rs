//! A mock server that answers as the docs say.
//!
//! [`routes()`] turns the examples into a pure route table (and the examples it cannot serve);
//! [`start`] serves that table over HTTP/1, finding routes through an `index`. Unmatched requests get a 404 naming the
//! closest routes (`suggest`), a documented path asked with another method a 405, and a body
//! that is not the JSON the docs show a 400 (`refusal`). With `--stateful`, `state` remembers
//! what POSTs create, within a budget. [`Limits`] bound what the server reads, keeps and waits
//! for (`limits`, `listen`); what they refuse is counted (`tally`). [`overview()`] counts what is served.

// What is `pub` here is what the crate offers; everything else is `pub(crate)`.
#![warn(unreachable_pub)]

mod fresh;
mod index;
mod limits;
mod listen;
mod overview;
mod parts;
mod place;
mod refusal;
mod routes;
mod server;
mod state;
mod suggest;
mod tally;

pub use limits::Limits;
pub use overview::{Overview, overview};
pub use place::place;
pub use routes::{PIN_HEADER, Route, Unservable, pin, routes};
pub use server::{Logger, MockServer, start, start_with};
