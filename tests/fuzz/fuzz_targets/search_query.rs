//! The search box: `search::query::parse` and a search of a real index. The check is in `../checks.rs`.

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code, reason = "each target uses one of the checks")]
mod checks;

libfuzzer_sys::fuzz_target!(|text: &str| checks::search_query(text));
