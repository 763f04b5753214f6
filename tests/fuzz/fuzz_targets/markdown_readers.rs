//! What else reads a post's Markdown reads any text without panicking. The check is in `../checks.rs`.

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code, reason = "each target uses one of the checks")]
mod checks;

libfuzzer_sys::fuzz_target!(|raw: &str| checks::markdown_readers(raw));
