//! The pure core: parsing, scoring, planning, pacing and the cap, with no browser in it.
//!
//! Nothing under `pure` may import `web_sys`, `js_sys` or `wasm_bindgen`: time arrives as
//! `now_ms` arguments and chance through [`rng::Rng`], so `cargo test` runs all of it natively.

pub mod age;
pub mod cap;
pub mod dates;
pub mod hash;
pub mod insights;
pub mod invitation;
pub mod journal;
pub mod ledger;
pub mod names;
pub mod order;
pub mod pacing;
pub mod page;
pub mod policy;
pub mod rng;
pub mod run;
pub mod scan;
pub mod store;
pub mod words;
