//! Who is asking: passwords, session and API-key tokens, CSRF, and the extractors that put
//! "who may call this" into a handler's signature.

pub mod csrf;
pub mod extractors;
pub mod password;
pub mod token;

pub use extractors::{Admin, CurrentUser, MaybeUser, Staff};
