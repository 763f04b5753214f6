//! Markdown → HTML (`markdown::cook`): the HTML holds no script vector, checked by
//! reading it back with html5ever (`checks::check_html`). The check is in `../checks.rs`.

#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code, reason = "each target uses one of the checks")]
mod checks;

libfuzzer_sys::fuzz_target!(|raw: &str| checks::markdown(raw));
