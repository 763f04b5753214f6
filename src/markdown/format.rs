//! What the forum adds to comrak's HTML: server-side MathML, `@username` links, `rel` on
//! links that leave the forum, keyboard-reachable scroll boxes around wide content, per-post
//! footnote ids, and syntax highlighting with classes the sanitiser keeps.

use std::fmt::Write as _;
use std::sync::LazyLock;

use comrak::create_formatter;
use comrak::html::ChildRendering;
use comrak::nodes::NodeValue;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use sha2::{Digest, Sha256};

create_formatter!(ForumFormatter, {
    NodeValue::Math(ref math) => |context, entering| {
        if entering {
            let display = if math.display_math { MathDisplay::Block } else { MathDisplay::Inline };
            write_math(context, &math.literal, display)?;
        }
        return Ok(ChildRendering::Skip);
    },
    NodeValue::CodeBlock(ref block) => |context, node, entering| {
        // ```math fences are display math, like $$…$$.
        if block.info.trim() == "math" {
            if entering {
                write_math(context, &block.literal, MathDisplay::Block)?;
            }
            return Ok(ChildRendering::Skip);
        }
        return comrak::html::format_node_default(context, node, entering);
    },
    NodeValue::Link(ref link) => |context, node, entering| {
        // Links that leave the forum are marked as user content search engines should not
        // credit; links within it (`/t/…`, `#fn-1`, relative) are the forum's own and are not.
        if !is_external(&link.url) {
            return comrak::html::format_node_default(context, node, entering);
        }
        if entering {
            context.write_str("<a href=\"")?;
            if !comrak::html::dangerous_url(&link.url) {
                context.escape_href(&link.url)?;
            }
            if !link.title.is_empty() {
                context.write_str("\" title=\"")?;
                context.escape(&link.title)?;
            }
            context.write_str("\" rel=\"")?;
            context.write_str(EXTERNAL_LINK_REL)?;
            context.write_str("\">")?;
        } else {
            context.write_str("</a>")?;
        }
        return Ok(ChildRendering::HTML);
    },
    NodeValue::Table(_) => |context, node, entering| {
        // Wide tables scroll sideways inside a box a keyboard can reach (see SCROLL_BOX).
        if entering {
            context.write_str(SCROLL_BOX)?;
            return comrak::html::format_node_default(context, node, entering);
        }
        let rendering = comrak::html::format_node_default(context, node, entering)?;
        context.write_str("</div>")?;
        return Ok(rendering);
    },
    NodeValue::Text(ref text) => |context, node, entering| {
        if entering {
            let in_link = node
                .ancestors()
                .any(|a| matches!(a.data().value, NodeValue::Link(_) | NodeValue::Image(_)));
            if in_link {
                context.escape(text)?;
            } else {
                write_with_mentions(context, text)?;
            }
        }
    },
});

/// The `rel` of links to other sites: user content, not endorsed, no access to this window.
pub(super) const EXTERNAL_LINK_REL: &str = "nofollow ugc noopener";

/// Whether a link leaves the forum: it names a scheme (`https:`, `mailto:`, …) or another host
/// (`//example.org`). Paths, fragments and relative links stay.
fn is_external(url: &str) -> bool {
    let url = url.trim_start();
    if url.starts_with("//") || url.starts_with("\\\\") {
        return true;
    }
    // A scheme is letters, digits, `+`, `-` or `.` before the first `:`, with no `/`, `?` or
    // `#` before it (RFC 3986); `a:b` in a relative path would need `./a:b`.
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Opens a box that scrolls sideways when its content is wider than the column (a table, a
/// long formula). Scrollable regions must take keyboard focus, or people without a mouse cannot
/// read what is cut off (WCAG 2.1.1; axe's `scrollable-region-focusable`). Code blocks get the
/// same `tabindex` from the sanitiser, as GitHub does.
const SCROLL_BOX: &str = "<div class=\"scroll-x\" tabindex=\"0\">";

static MATH: LazyLock<Option<LatexToMathML>> =
    LazyLock::new(|| LatexToMathML::new(MathCoreConfig::default()).ok());

/// Writes MathML for `latex`, or the LaTeX itself marked as an error if it does not parse.
fn write_math(
    out: &mut dyn std::fmt::Write,
    latex: &str,
    display: MathDisplay,
) -> std::fmt::Result {
    let converted = MATH
        .as_ref()
        .and_then(|m| m.convert_with_local_state(latex, display).ok());
    match converted {
        Some(result) if display == MathDisplay::Block => {
            // A span, since `$$…$$` may sit inside a paragraph; the stylesheet makes it a block.
            out.write_str("<span class=\"scroll-x display-math\" tabindex=\"0\">")?;
            out.write_str(&result.mathml)?;
            out.write_str("</span>")
        }
        Some(result) => out.write_str(&result.mathml),
        None => {
            out.write_str("<code class=\"math-error\" title=\"This formula could not be read\">")?;
            comrak::html::escape(out, latex)?;
            out.write_str("</code>")
        }
    }
}

/// Escapes `text`, turning `@username` into a link to the user's page.
fn write_with_mentions(out: &mut dyn std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut written = 0;
    for (at, name) in mentions(text) {
        comrak::html::escape(out, &text[written..at])?;
        write!(out, "<a class=\"mention\" href=\"/u/{name}\">@{name}</a>")?;
        written = at + 1 + name.len();
    }
    comrak::html::escape(out, &text[written..])
}

/// Each `@username` in `text`: the byte offset of its `@`, and the name. Pages link them and
/// notifications find whom they name, by this one rule.
pub(super) fn mentions(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut previous: Option<char> = None;
    while let Some(at) = text[offset..].find('@') {
        let at = offset + at;
        let prev = text[..at].chars().next_back().or(previous);
        // An @ inside a word (an email address) is not a mention.
        let starts_word = prev.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        match mention_at(&text[at + 1..]) {
            Some(name) if starts_word => {
                found.push((at, name));
                offset = at + 1 + name.len();
                previous = name.chars().next_back();
            }
            _ => {
                offset = at + 1;
                previous = Some('@');
            }
        }
    }
    found
}

/// The username at the start of `s`, if there is one (the same rules as sign-up).
fn mention_at(s: &str) -> Option<&str> {
    let end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .map_or(s.len(), |(i, _)| i);
    let name = s[..end].trim_end_matches(['.', '-']);
    crate::models::user::is_valid_username(name).then_some(name)
}

/// Gives footnote ids a per-post prefix, so two posts on one page never share an id.
/// comrak escapes user text, so these exact attribute strings only come from comrak itself.
pub(super) fn scope_footnote_ids(html: &str, raw: &str) -> String {
    if !html.contains("fnref-") {
        return html.to_owned();
    }
    let digest = Sha256::digest(raw.as_bytes());
    let scope = format!(
        "{:02x}{:02x}{:02x}{:02x}",
        digest[0], digest[1], digest[2], digest[3]
    );
    html.replace("id=\"fn-", &format!("id=\"fn-{scope}-"))
        .replace("href=\"#fn-", &format!("href=\"#fn-{scope}-"))
        .replace("id=\"fnref-", &format!("id=\"fnref-{scope}-"))
        .replace("href=\"#fnref-", &format!("href=\"#fnref-{scope}-"))
}

#[cfg(feature = "highlight")]
pub(super) static HIGHLIGHTER: LazyLock<comrak::plugins::syntect::SyntectAdapter> =
    LazyLock::new(|| {
        // Classes, not inline styles: ammonia removes style attributes, and a stylesheet can
        // follow the light/dark colour scheme.
        comrak::plugins::syntect::SyntectAdapterBuilder::new()
            .css_with_class_prefix("hl-")
            .build()
    });
