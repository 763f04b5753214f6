//! Request bodies (`routes::input`) as JSON or URL-encoded forms. The check is in `../checks.rs`.

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code, reason = "each target uses one of the checks")]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::bodies(data));
