//! Markdown rendering and sanitising, pinned by snapshots, and hostile input that must never
//! survive into a page.

use convene::markdown::render;

#[test]
fn commonmark_and_gfm_features_render() {
    let raw = "# Heading\n\n*em* **strong** ~~gone~~ `np.asarray`\n\n\
               | a | b |\n|:--|--:|\n| 1 | 2 |\n\n\
               - [x] done\n- [ ] todo\n\n\
               > quoted\n\n\
               https://numpy.org and [docs](https://scipy.org \"SciPy\")\n\n\
               Footnote[^1].\n\n[^1]: The note.\n";
    insta::assert_snapshot!(render(raw).html);
}

#[test]
fn fenced_code_is_highlighted_on_the_server() {
    let html = render("```python\nimport numpy as np  # arrays\nx = \"text\"\n```").html;
    assert!(
        html.contains("<span class=\"hl-keyword\">import</span>"),
        "{html}"
    );
    assert!(html.contains("class=\"hl-comment\""), "{html}");
    insta::assert_snapshot!(html);
}

#[test]
fn math_is_rendered_to_mathml() {
    let html = render(
        "Inline $e^{i\\pi} + 1 = 0$ and display:\n\n$$\\frac{a}{b}$$\n\n```math\n\\sqrt{x}\n```",
    )
    .html;
    assert!(
        html.contains("<math>") && html.contains("<mfrac>") && html.contains("<msqrt>"),
        "{html}"
    );
    assert!(html.contains("display=\"block\""));
    insta::assert_snapshot!(html);
}

#[test]
fn unparseable_math_is_shown_as_marked_source() {
    let html = render("$\\frac{$").html;
    assert!(!html.contains("<math"), "{html}");
}

#[test]
fn mentions_link_to_profiles_but_emails_and_code_do_not() {
    let html =
        render("Thanks @ada.l! Mail ada@example.org, see `@decorator` and [@link](https://x.org).")
            .html;
    assert!(
        html.contains("<a class=\"mention\" href=\"/u/ada.l\""),
        "{html}"
    );
    assert_eq!(html.matches("class=\"mention\"").count(), 1, "{html}");
    insta::assert_snapshot!(html);
}

#[test]
fn images_without_alt_text_are_reported_to_the_author() {
    let rendered =
        render("![](https://example.org/a.png) ![A plot of x](https://example.org/b.png)");
    assert_eq!(rendered.warnings.len(), 1);
    assert!(rendered.warnings[0].contains("https://example.org/a.png"));
    assert!(rendered.html.contains("alt=\"A plot of x\""));
}

#[test]
fn external_links_are_marked_nofollow_ugc_noopener() {
    for external in [
        "[site](https://example.org)",
        "<https://example.org>",
        "[other host](//example.org/x)",
        "[mail](mailto:ada@example.org)",
    ] {
        let html = render(external).html;
        assert!(
            html.contains("rel=\"nofollow ugc noopener\""),
            "{external}: {html}"
        );
    }
}

#[test]
fn links_within_the_forum_are_not_marked_as_user_content() {
    for internal in [
        "[a topic](/t/spec-0/12)",
        "[a category](/c/proposals/2)",
        "[relative](../latest)",
        "[an anchor](#post_3)",
        "[a query](?page=2)",
        "@ada.l",
    ] {
        let html = render(internal).html;
        assert!(html.contains("<a "), "{internal} is a link: {html}");
        assert!(!html.contains("rel="), "{internal}: {html}");
    }
}

#[test]
fn a_rel_written_by_hand_never_survives() {
    // Raw HTML is shown as text, and no rel other than ours passes the sanitiser.
    let html = render("<a href=\"https://x.org\" rel=\"me\">x</a> [y](https://y.org)").html;
    let (_, attributes) = markup_and_attributes(&html);
    let rels: Vec<&str> = attributes
        .iter()
        .filter(|(name, _)| name == "rel")
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(rels, ["nofollow ugc noopener"], "{html}");
}

/// Things attackers write, and what must not come out.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<form action=\"/logout\"><button>Go</button></form>",
    "<a href=\"#\" style=\"position:fixed;top:0\">overlay</a>",
    "<div onclick=\"alert(1)\">x</div>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<<script>script>alert(1)<</script>/script>",
    "[x](https://ok.example \"\\\" onmouseover=\\\"alert(1)\")",
    "$x$<img src=x onerror=alert(1)>",
    "$\\href{javascript:alert(1)}{x}$",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "<input type=\"text\" name=\"csrf_token\">",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<object data=\"x\"></object><embed src=\"x\">",
    "<style>body{display:none}</style>",
];

/// Splits sanitised HTML into its tags (attribute values removed) and the attributes as
/// (name, value) pairs. Text between tags is skipped: it is escaped, so it cannot act.
/// ammonia always writes `name="value"` with `"` escaped inside values.
fn markup_and_attributes(html: &str) -> (String, Vec<(String, String)>) {
    let mut markup = String::new();
    let mut attributes = Vec::new();
    let mut chars = html.chars().peekable();
    let mut name = String::new();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        markup.push('<');
        while let Some(c) = chars.next() {
            if c == '>' {
                break;
            }
            if c == '=' && chars.peek() == Some(&'"') {
                chars.next();
                let value: String = chars.by_ref().take_while(|&v| v != '"').collect();
                attributes.push((name.to_lowercase(), value.to_lowercase()));
                continue;
            }
            if c.is_whitespace() {
                name.clear();
            } else {
                name.push(c);
            }
            markup.push(c.to_ascii_lowercase());
        }
        markup.push('>');
        name.clear();
    }
    (markup, attributes)
}

#[test]
fn hostile_input_never_yields_active_content() {
    let mut outputs = String::new();
    for input in HOSTILE {
        let html = render(input).html;
        let (markup, attributes) = markup_and_attributes(&html);
        for tag in [
            "<script", "<iframe", "<form", "<style", "<base", "<meta", "<object", "<embed", "<svg",
            "<button",
        ] {
            assert!(!markup.contains(tag), "{input:?} produced {tag}: {html}");
        }
        for (name, value) in &attributes {
            assert!(
                !name.starts_with("on"),
                "{input:?} produced an event handler: {html}"
            );
            assert_ne!(
                name, "style",
                "{input:?} produced a style attribute: {html}"
            );
            if matches!(name.as_str(), "href" | "src" | "xlink:href" | "action") {
                let v = value.trim();
                assert!(
                    !v.starts_with("javascript:") && !v.starts_with("data:"),
                    "{input:?}: {html}"
                );
            }
        }
        if markup.contains("<input") {
            assert!(
                html.contains("type=\"checkbox\"") && html.contains("disabled"),
                "{input:?}: {html}"
            );
        }
        outputs.push_str(&format!("{input}\n=> {html}\n"));
    }
    insta::assert_snapshot!(outputs);
}

#[test]
fn task_list_boxes_are_disabled_checkboxes_with_a_name() {
    let html = render("- [x] done\n- [ ] to do\n\n1. [ ] numbered").html;
    let boxes: Vec<&str> = html.split("<input").skip(1).collect();
    assert_eq!(boxes.len(), 3, "{html}");
    for attributes in boxes {
        let tag = &attributes[..attributes.find('>').unwrap()];
        assert!(
            tag.contains("type=\"checkbox\"")
                && tag.contains("disabled=\"\"")
                && tag.contains("aria-label=\"Task\""),
            "{tag}"
        );
    }
}

#[test]
fn footnote_ids_are_unique_per_post() {
    let a = render("One[^n].\n\n[^n]: first").html;
    let b = render("Two[^n].\n\n[^n]: second").html;
    let id = |html: &str| {
        html.split("id=\"fn-")
            .nth(1)
            .map(|s| s.split('"').next().unwrap_or("").to_owned())
    };
    assert!(id(&a).is_some());
    assert_ne!(
        id(&a),
        id(&b),
        "two posts on one page must not share footnote ids"
    );
    let target = a
        .split("href=\"#fn-")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        a.contains(&format!("id=\"fn-{target}\"")),
        "the reference points at its note: {a}"
    );
}

#[test]
fn raw_html_is_shown_as_text_not_dropped() {
    let html = render("Use List<T> or <b>bold</b>").html;
    assert!(
        html.contains("List&lt;T&gt;") && html.contains("&lt;b&gt;bold&lt;/b&gt;"),
        "{html}"
    );
}

#[test]
fn excerpts_are_the_text_people_wrote() {
    use convene::markdown::excerpt;
    let cooked = render("Compare `a < b` with the entity &amp;lt; and **R&D**.").html;
    assert_eq!(
        excerpt(&cooked, 200),
        "Compare a < b with the entity &lt; and R&D."
    );
    assert_eq!(excerpt(&render("one two three").html, 7), "one two…");
}

#[test]
fn censored_words_are_masked_in_text_and_code_never_in_urls() {
    use convene::models::watched_word::{WatchList, WatchedWord};
    let word = WatchedWord {
        id: 1,
        word: "darn*".into(),
        action: "censor".into(),
        created_by_id: None,
        created_at: chrono::NaiveDateTime::default(),
    };
    let list = WatchList::from_words(&[word]);
    let html = convene::markdown::render_with(
        "Darned bug, see [darn it](https://example.org/darn) and `darn()`:\n\n```\ndarnit = 1\n```",
        &list,
    )
    .html;
    assert!(!html.to_lowercase().contains(">darn"), "{html}");
    assert!(html.contains("■■■■■■"), "Darned is six marks: {html}");
    assert!(
        html.contains("https://example.org/darn"),
        "the URL is untouched: {html}"
    );
    // Without the list, the same Markdown renders as written.
    assert!(render("Darned bug").html.contains("Darned"));
}

#[test]
fn media_counts_outside_links_and_images_but_not_the_forums_own() {
    let media = convene::markdown::media(
        "[a](https://a.example) <https://b.example> [here](/t/1) [there](https://forum.example.org/t/2) \
         https://forum.example.org.evil.example/x ![plot](https://a.example/p.png)",
        "https://forum.example.org",
    );
    assert_eq!(media.outside_links, 3, "{media:?}");
    assert_eq!(media.images, 1);
}
