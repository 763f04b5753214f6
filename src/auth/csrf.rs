//! CSRF tokens: what they are called, what a well-formed one looks like, and how a sent token
//! is compared with the visitor's. The check itself runs for every request in the web shell's
//! middleware (`web::csrf`), so no handler can forget it.
//!
//! Double-submit: a random token lives in an `HttpOnly`, `SameSite=Lax` cookie and is echoed
//! by every form (a hidden field) or script (a header). Another site can make a browser send
//! the cookie but cannot read it to fill in the field.

use crate::auth::token;

/// The cookie holding the token.
pub const COOKIE: &str = "convene_csrf";
/// The form field forms echo it in.
pub const FIELD: &str = "csrf_token";
/// The header scripts echo it in.
pub const HEADER: &str = "X-CSRF-Token";

/// This request's CSRF token, for forms to embed (put in the request's extensions by the
/// middleware).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Whether `token` could be one of ours: 64 hex digits.
pub fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether the token a request sent is the visitor's own, compared in constant time.
pub fn matches(sent: Option<&str>, expected: &str) -> bool {
    sent.is_some_and(|sent| token::constant_time_eq(sent, expected))
}
