//! The one place user HTML is made: Markdown in, sanitised HTML out (comrak, then ammonia).
//!
//! Posts are rendered once, when saved (see DESIGN.md, "Writes are cooked once"). On top of
//! CommonMark + GFM this adds server-side MathML for `$…$`/`$$…$$`, `@username` links and
//! syntax highlighting, and reports problems the author should fix (images without alt text).
//! Whatever comrak emits, ammonia decides what survives: no scripts, event handlers,
//! `javascript:`/`data:` URLs, iframes, forms or style attributes.

use std::fmt::Write as _;
use std::sync::LazyLock;

use comrak::html::ChildRendering;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, create_formatter, parse_document};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use sha2::{Digest, Sha256};

/// The result of rendering: safe HTML plus advice for the author (shown in the preview).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to emit as is.
    pub html: String,
    /// Problems worth fixing that do not stop the post, e.g. images without alt text.
    pub warnings: Vec<String>,
}

/// A post's HTML as stored: only [`cook`] makes one, so a service that takes a `Cooked` knows
/// its HTML came through the sanitiser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cooked(String);

impl Cooked {
    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Renders a post's Markdown to the HTML that is stored with it. Costly (parsing,
/// highlighting, sanitising): call it before taking a write connection, never while holding
/// one, and off the async workers.
pub fn cook(raw: &str) -> Cooked {
    Cooked(render(raw).html)
}

/// Renders a post's Markdown to sanitised HTML.
pub fn render(raw: &str) -> Rendered {
    let options = comrak_options();
    let arena = Arena::new();
    let root = parse_document(&arena, raw, &options);
    let warnings = review(root);

    let mut html = String::with_capacity(raw.len() * 2);
    let mut plugins = comrak::options::Plugins::default();
    #[cfg(feature = "highlight")]
    {
        plugins.render.codefence_syntax_highlighter = Some(&*HIGHLIGHTER);
    }
    if ForumFormatter::format_document_with_plugins(root, &options, &mut html, &plugins).is_err() {
        // Writing to a String cannot fail; if comrak ever does, show the text, not nothing.
        html = ammonia::clean_text(raw);
    }
    let html = scope_footnote_ids(&html, raw);
    Rendered {
        html: SANITIZER.clean(&html).to_string(),
        warnings,
    }
}

fn comrak_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.math_dollars = true;
    options.extension.math_code = true;
    // Raw HTML is shown as the text it is (someone writing `List<T>` keeps their words)
    // rather than dropped; ammonia below is the second wall either way.
    options.render.r#unsafe = false;
    options.render.escape = true;
    options
}

/// Walks the tree for things the author should know about.
fn review<'a>(root: &'a AstNode<'a>) -> Vec<String> {
    let mut warnings = Vec::new();
    for node in root.descendants() {
        if let NodeValue::Image(ref link) = node.data().value {
            let alt: String = node
                .descendants()
                .filter_map(|n| n.data().value.text().map(|t| t.to_string()))
                .collect();
            if alt.trim().is_empty() {
                warnings.push(format!(
                    "The image {} has no alt text. Write what it shows between the brackets, \
                     ![like this]({}), so people who cannot see it know too.",
                    link.url, link.url
                ));
            }
        }
    }
    warnings
}

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
const EXTERNAL_LINK_REL: &str = "nofollow ugc noopener";

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
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(at) = rest.find('@') {
        let before = &rest[..at];
        let prev = before.chars().next_back().or(previous);
        let name = mention_at(&rest[at + 1..]);
        // An @ inside a word (an email address) is not a mention.
        let starts_word = prev.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        match name {
            Some(name) if starts_word => {
                comrak::html::escape(out, before)?;
                write!(out, "<a class=\"mention\" href=\"/u/{name}\">@{name}</a>")?;
                rest = &rest[at + 1 + name.len()..];
                previous = name.chars().next_back();
            }
            _ => {
                comrak::html::escape(out, &rest[..=at])?;
                previous = Some('@');
                rest = &rest[at + 1..];
            }
        }
    }
    comrak::html::escape(out, rest)
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
fn scope_footnote_ids(html: &str, raw: &str) -> String {
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
static HIGHLIGHTER: LazyLock<comrak::plugins::syntect::SyntectAdapter> = LazyLock::new(|| {
    // Classes, not inline styles: ammonia removes style attributes, and a stylesheet can
    // follow the light/dark colour scheme.
    comrak::plugins::syntect::SyntectAdapterBuilder::new()
        .css_with_class_prefix("hl-")
        .build()
});

/// MathML elements that carry no behaviour, only layout.
const MATHML_TAGS: &[&str] = &[
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

const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "width",
    "height",
    "depth",
    "voffset",
    "form",
    "largeop",
    "movablelimits",
    "symmetric",
    "minsize",
    "maxsize",
    "encoding",
    "mathsize",
    "mathcolor",
];

/// Classes our stylesheet knows; every other class is dropped. syntect labels every scope
/// atom (`hl-meta hl-qualified-name hl-python`…); keeping only the styled ones shrinks code
/// blocks several times over.
fn allowed_class(class: &str) -> bool {
    matches!(
        class,
        "hl-keyword"
            | "hl-storage"
            | "hl-string"
            | "hl-comment"
            | "hl-constant"
            | "hl-support"
            | "hl-entity"
            | "hl-type"
            | "mention"
            | "math-error"
            | "scroll-x"
            | "display-math"
            | "footnotes"
            | "footnote-ref"
            | "footnote-backref"
            | "task-list-item"
            | "contains-task-list"
    )
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(MATHML_TAGS)
        .add_tags(["input", "section"])
        .add_generic_attributes(["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("img", ["width", "height"])
        .add_tag_attributes("a", ["rel"])
        // Task-list boxes show state; they are never a form control a reader can change:
        // comrak marks them `disabled` (kept by the filter below; a test holds it to that). A
        // form control needs a name (WCAG 4.1.2): screen readers say "Task, checkbox, checked"
        // and then read the item's text. (Only one attribute is set here: ammonia adds set
        // attributes in hash order, which would make the output differ from run to run.)
        .set_tag_attribute_value("input", "aria-label", "Task")
        // Code blocks scroll sideways, so they must take keyboard focus (see SCROLL_BOX).
        .set_tag_attribute_value("pre", "tabindex", "0")
        .add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("span", ["tabindex"])
        // The formatter gives external links their `rel` (see `is_external`); every other `rel`
        // is dropped below.
        .link_rel(None)
        .attribute_filter(|element, attribute, value| {
            match (element, attribute) {
                (_, "class") => {
                    let kept: Vec<&str> = value
                        .split_whitespace()
                        .filter(|c| allowed_class(c))
                        .collect();
                    (!kept.is_empty()).then(|| kept.join(" ").into())
                }
                // Only comrak's scoped footnote ids survive, so a post cannot steal a page id.
                (_, "id") => {
                    (value.starts_with("fn-") || value.starts_with("fnref-")).then(|| value.into())
                }
                ("input", "type") => (value == "checkbox").then(|| value.into()),
                ("input", "disabled") => Some("".into()),
                ("a", "rel") => (value == EXTERNAL_LINK_REL).then(|| value.into()),
                // Focusable in reading order only; a post cannot reorder the page's tab stops.
                ("div" | "span", "tabindex") => (value == "0").then(|| value.into()),
                _ => Some(value.into()),
            }
        });
    for tag in MATHML_TAGS {
        builder.add_tag_attributes(tag, MATHML_ATTRIBUTES);
    }
    builder
});

/// Markdown that quotes a post, attributed and linked, to start a reply with.
pub fn quote(username: &str, post_url: &str, post_number: i32, raw: &str) -> String {
    let quoted: Vec<String> = raw
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect();
    format!(
        "> **@{username}** wrote in [#{post_number}]({post_url}):\n>\n{}\n\n",
        quoted.join("\n")
    )
}

/// A short plain-text excerpt of a post's cooked HTML, for lists and JSON `excerpt`.
pub fn excerpt(cooked: &str, max_chars: usize) -> String {
    // ammonia with no tags allowed keeps only the text, serialised as HTML text: html5ever
    // escapes `&`, `<`, `>` and no-break spaces there and nothing else. Undo that, `&amp;`
    // last, so a post that says `&lt;` in words keeps saying it. (maud escapes it again.)
    let text = ammonia::Builder::empty().clean(cooked).to_string();
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(max_chars).collect();
        format!("{}…", cut.trim_end())
    }
}
