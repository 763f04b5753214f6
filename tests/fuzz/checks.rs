//! What each fuzz target checks, shared by the targets (`fuzz_targets/`, run by libFuzzer
//! through `tests/fuzz/run`) and by the integration suite, which replays every seed and every
//! input a fuzzer once found (`tests/fuzz/seeds/TARGET/`, `tests/fuzz/regressions/TARGET/`)
//! on every CI run (`tests/integration/fuzz_inputs.rs`). A check panics when it fails.

use std::sync::LazyLock;

use convene::search::{Request, SearchIndex, query};
use scraper::{Html, Node};

/// Elements a post's HTML may contain: ammonia's defaults, our additions and MathML. Anything
/// else (script, style, iframe, object, embed, form, svg, base, meta, link, template …) fails.
const ALLOWED: &[&str] = &[
    // html5ever's own wrappers around a parsed fragment (their attributes are checked too:
    // a `<body onload>` in a fragment would land on the wrapper).
    "html",
    "body",
    // ammonia's default tags.
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
    "tfoot",
    // Ours: task-list boxes and footnote sections.
    "input",
    "section",
    // MathML (math-core's output), layout only.
    "math",
    "annotation",
    "semantics",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

/// Attributes whose value a browser follows as an address.
const ADDRESSES: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "background",
    "poster",
    "longdesc",
    "usemap",
    "xlink:href",
    "srcset",
    "ping",
    "data",
];

/// The address as a browser reads its scheme: ASCII whitespace and control characters around
/// it dropped, tabs and newlines inside it removed, lower case.
fn scheme_view(value: &str) -> String {
    value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase()
}

pub fn check_html(html: &str, raw: &str) {
    let document = Html::parse_fragment(html);
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name();
        assert!(
            ALLOWED.contains(&name),
            "element <{name}> survived sanitising\nraw: {raw:?}\nhtml: {html}"
        );
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            assert!(
                !attribute.starts_with("on"),
                "event handler {attribute} on <{name}>\nraw: {raw:?}\nhtml: {html}"
            );
            assert!(
                !matches!(
                    attribute.as_str(),
                    "style" | "srcdoc" | "formaction" | "is" | "slot"
                ),
                "attribute {attribute} on <{name}>\nraw: {raw:?}\nhtml: {html}"
            );
            if ADDRESSES.contains(&attribute.as_str()) {
                let seen = scheme_view(value);
                for scheme in ["javascript:", "vbscript:", "data:", "livescript:"] {
                    assert!(
                        !seen.starts_with(scheme),
                        "{scheme} address in {attribute} on <{name}>\nraw: {raw:?}\nhtml: {html}"
                    );
                }
            }
            if attribute == "id" {
                assert!(
                    value.starts_with("fn-") || value.starts_with("fnref-"),
                    "id {value:?} a post could use to steal a page's\nraw: {raw:?}\nhtml: {html}"
                );
            }
            if attribute == "tabindex" {
                assert_eq!(value, "0", "tabindex reorders the page\nraw: {raw:?}");
            }
        }
        if name == "input" {
            assert_eq!(
                element.attr("type"),
                Some("checkbox"),
                "raw: {raw:?}\nhtml: {html}"
            );
            assert!(
                element.attr("disabled").is_some(),
                "raw: {raw:?}\nhtml: {html}"
            );
        }
    }
}

/// Markdown → HTML: the cooked HTML holds no script vector.
pub fn markdown(raw: &str) {
    let cooked = convene::markdown::cook(raw);
    check_html(cooked.as_str(), raw);
    // The excerpt lists and feeds show is cut from this HTML.
    let _ = convene::markdown::excerpt(cooked.as_str(), 200);
}

/// Everything else that reads a post's Markdown (mentions and links for notifications, media
/// counts for new members' limits, plain text for search and mail, quoting) reads any text.
pub fn markdown_readers(raw: &str) {
    let _ = convene::markdown::plain_text(raw);
    let _ = convene::markdown::references(raw);
    let _ = convene::markdown::media(raw, "https://forum.example.org");
    let _ = convene::markdown::quote("ada", "/t/x/1/2", 2, raw);
}

/// Request bodies: any bytes as JSON or a URL-encoded form (the first byte picks) become a
/// request or a 400 with a message. The type is `POST /posts.json`'s, whose numbers and lists
/// go through the lenient readers.
pub fn bodies(data: &[u8]) {
    use convene::routes::CreatePostRequest;
    use convene::routes::input::{Encoding, decode_body};
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let encoding = if first % 2 == 0 {
        Encoding::Json
    } else {
        Encoding::UrlEncoded
    };
    if let Err(error) = decode_body::<CreatePostRequest>(encoding, body) {
        assert!(!error.to_string().is_empty());
    }
    if let Err(error) = decode_body::<serde_json::Value>(encoding, body) {
        assert!(!error.to_string().is_empty());
    }
}

/// One empty index for the whole run, in a folder removed with the process's temp files.
static INDEX: LazyLock<(tempfile::TempDir, SearchIndex)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index = SearchIndex::open(dir.path()).expect("an empty index");
    (dir, index)
});

/// The search box: any text is parsed, within the word limit, and searched for.
pub fn search_query(text: &str) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day");
    let parsed = query::parse(text, today);
    assert!(parsed.text.len() + parsed.excluded.len() <= query::MAX_WORDS);
    let index = &INDEX.1;
    let request = Request {
        parsed: &parsed,
        user: None,
        categories: None,
        topics: None,
        excluded_topics: Vec::new(),
        offset: 0,
        limit: 50,
    };
    index
        .find(&request)
        .expect("a search of a readable index answers");
    let _ = index.suggestions(text, &parsed);
}

/// Mail that comes in: any bytes are read or refused as unreadable.
pub fn mail_in(raw: &[u8]) {
    if let Ok(incoming) = convene::mail::incoming::Incoming::parse(raw) {
        let _ = convene::mail::incoming::strip_quoted(&incoming.reply);
    }
}

/// Proposal front matter: any text is read or refused with a problem naming the file.
pub fn front_matter(text: &str) {
    if let Err(problem) = convene::spec_repository::spec_document("spec-0001/index.md", text) {
        assert_eq!(problem.file, "spec-0001/index.md");
        assert!(!problem.message.is_empty());
    }
    if let Err(problem) = convene::spec_repository::core_project("core-projects/numpy.md", text) {
        assert!(!problem.message.is_empty());
    }
}
