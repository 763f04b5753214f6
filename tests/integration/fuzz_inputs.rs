//! Every fuzz seed, and every input a fuzzer once found a problem with, replayed through the
//! fuzz targets' own checks (`tests/fuzz/checks.rs`) on every run: a fixed finding stays fixed,
//! and the hand-written attacks in the seeds (script tags, `javascript:` links, event handlers)
//! are checked with a real HTML parser here too, not only when someone runs the fuzzer.

use std::path::Path;

#[path = "../fuzz/checks.rs"]
mod checks;

/// Each file under `tests/fuzz/{seeds,regressions}/TARGET/`, with its name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fuzz")
            .join(kind)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found.sort();
    found
}

/// Runs `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "tests/fuzz/seeds/{target} has seeds");
    for (name, bytes) in all {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(outcome.is_ok(), "{target}: {name} fails its check");
    }
}

/// libFuzzer hands `&str` targets only valid UTF-8; so does this.
fn text(check: fn(&str)) -> impl Fn(&[u8]) {
    move |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            check(text);
        }
    }
}

#[test]
fn fuzz_inputs_pass_their_checks_markdown() {
    replay("markdown", text(checks::markdown));
    replay("markdown_readers", text(checks::markdown_readers));
}

#[test]
fn fuzz_inputs_pass_their_checks_bodies_search_mail_and_front_matter() {
    replay("bodies", checks::bodies);
    replay("search_query", text(checks::search_query));
    replay("mail_in", checks::mail_in);
    replay("front_matter", text(checks::front_matter));
}

#[test]
fn the_html_check_catches_what_it_is_there_to_catch() {
    // The check itself must fail on a script vector, or a passing fuzz run means nothing.
    for html in [
        "<p>hi</p><script>alert(1)</script>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>",
        "<svg><circle/></svg>",
        "<p id=\"main-content\">stolen</p>",
    ] {
        let caught = std::panic::catch_unwind(|| checks::check_html(html, "test"));
        assert!(caught.is_err(), "the check lets {html} through");
    }
    checks::check_html(
        "<p><a href=\"https://numpy.org\" rel=\"nofollow ugc noopener\">NumPy</a></p>",
        "test",
    );
}
