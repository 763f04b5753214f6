//! Who may do what: the guardian (every permission question), passwords, random tokens and
//! their hashes, and the CSRF token rules. Nothing here knows about HTTP; the request
//! extractors that find who is asking live in `routes::context`.

pub mod csrf;
pub mod guardian;
pub mod password;
pub mod session_cache;
pub mod signed;
pub mod throttle;
pub mod token;

pub use guardian::{Guardian, Refusal};
