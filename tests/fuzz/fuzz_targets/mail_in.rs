//! Mail that comes in (`convene mail receive`). The check is in `../checks.rs`.

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code, reason = "each target uses one of the checks")]
mod checks;

libfuzzer_sys::fuzz_target!(|raw: &[u8]| checks::mail_in(raw));
