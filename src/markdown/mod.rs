//! The one place user HTML is made: Markdown in, sanitised HTML out (comrak, then ammonia).
//!
//! Posts are rendered once, when saved (see DESIGN.md, "Writes are cooked once"). On top of
//! CommonMark + GFM this adds server-side MathML for `$…$`/`$$…$$`, `@username` links and
//! syntax highlighting, and reports problems the author should fix (images without alt text).
//! Whatever comrak emits, ammonia decides what survives: no scripts, event handlers,
//! `javascript:`/`data:` URLs, iframes, forms or style attributes.
//!
//! This file renders and cooks; `format` holds what the forum adds to comrak's HTML (maths,
//! mentions, links, scroll boxes, highlighting), and `sanitize` the allow-lists ammonia
//! applies to whatever comes out.

mod format;
pub mod poll;
mod sanitize;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

use crate::models::watched_word::WatchList;
use format::{ForumFormatter, scope_footnote_ids};
use sanitize::SANITIZER;

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

    /// HTML that [`cook`] made earlier and the database kept since: a queued post's, published
    /// as it was rendered when its author sent it. Never for HTML from anywhere else.
    pub(crate) fn kept(html: String) -> Cooked {
        Cooked(html)
    }
}

/// Renders a post's Markdown to the HTML that is stored with it. Costly (parsing,
/// highlighting, sanitising): call it before taking a write connection, never while holding
/// one, and off the async workers.
pub fn cook(raw: &str) -> Cooked {
    cook_with(raw, &WatchList::default())
}

/// [`cook`], with the watched words to censor masked in the text and code the post shows
/// (its Markdown keeps them, for its author to edit). Like [`cook`], costly.
pub fn cook_with(raw: &str, watched: &WatchList) -> Cooked {
    Cooked(render_with(raw, watched).html)
}

/// Renders a post's Markdown to sanitised HTML.
pub fn render(raw: &str) -> Rendered {
    render_with(raw, &WatchList::default())
}

/// [`render`], with censored watched words masked.
pub fn render_with(raw: &str, watched: &WatchList) -> Rendered {
    let options = comrak_options();
    let arena = Arena::new();
    let marked = poll::mark(raw);
    let root = parse_document(&arena, &marked, &options);
    let warnings = review(root);
    if watched.censors() {
        censor(root, watched);
    }

    let mut html = String::with_capacity(raw.len() * 2);
    #[cfg_attr(
        not(feature = "highlight"),
        expect(unused_mut, reason = "only highlighting configures a plugin")
    )]
    let mut plugins = comrak::options::Plugins::default();
    #[cfg(feature = "highlight")]
    {
        plugins.render.codefence_syntax_highlighter = Some(&*format::HIGHLIGHTER);
    }
    if ForumFormatter::format_document_with_plugins(root, &options, &mut html, &plugins).is_err() {
        // Writing to a String cannot fail; if comrak ever does, show the text, not nothing.
        html = ammonia::clean_text(raw);
    }
    let html = scope_footnote_ids(&html, raw);
    let html = poll::place(&html);
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

/// Masks censored words wherever the post shows text: prose, link text, and code. Done on
/// the tree, so a word is masked in what readers see and never inside a URL or a tag.
fn censor<'a>(root: &'a AstNode<'a>, watched: &WatchList) {
    for node in root.descendants() {
        let mut data = node.data_mut();
        match data.value {
            NodeValue::Text(ref mut text) => {
                if let std::borrow::Cow::Owned(masked) = watched.censor(text) {
                    *text = masked.into();
                }
            }
            NodeValue::Code(ref mut code) => {
                if let std::borrow::Cow::Owned(masked) = watched.censor(&code.literal) {
                    code.literal = masked;
                }
            }
            NodeValue::CodeBlock(ref mut block) => {
                if let std::borrow::Cow::Owned(masked) = watched.censor(&block.literal) {
                    block.literal = masked;
                }
            }
            _ => {}
        }
    }
}

/// What a post embeds and links to, for the new-member limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Media {
    /// Links to other sites (absolute URLs not under the forum's own address).
    pub outside_links: usize,
    /// Images.
    pub images: usize,
}

/// Counts a post's links to other sites and its images. Links within the forum (relative, or
/// under `own_base`) are not counted: a newcomer pointing at another topic is no spammer.
pub fn media(raw: &str, own_base: &str) -> Media {
    let options = comrak_options();
    let arena = Arena::new();
    let root = parse_document(&arena, raw, &options);
    let own = own_base.trim_end_matches('/');
    let mut media = Media::default();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Image(_) => media.images += 1,
            NodeValue::Link(link) => {
                let url = link.url.to_ascii_lowercase();
                let absolute = url.starts_with("http://") || url.starts_with("https://");
                let inside = !own.is_empty()
                    && url.starts_with(&own.to_ascii_lowercase())
                    && url[own.len()..].chars().next().is_none_or(|c| c == '/');
                if absolute && !inside {
                    media.outside_links += 1;
                }
            }
            _ => {}
        }
    }
    media
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

/// Whom a post names: `@mentions` in its own words, and the people whose posts it quotes
/// (a quote starts with `**@name** wrote in …`, as [`quote`] writes it). A mention inside a
/// quote, a link or code names nobody: it is someone else's words, or an example.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    /// Usernames mentioned, as written, each once.
    pub mentioned: Vec<String>,
    /// Usernames quoted, each once.
    pub quoted: Vec<String>,
}

/// The [`References`] of a post's Markdown.
pub fn references(raw: &str) -> References {
    let options = comrak_options();
    let arena = Arena::new();
    let root = parse_document(&arena, raw, &options);
    let mut found = References::default();
    let add = |list: &mut Vec<String>, name: &str| {
        if !list.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            list.push(name.to_owned());
        }
    };
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::BlockQuote => {
                // The attribution: the quote's first paragraph opens with a strong `@name`.
                let attribution = node
                    .first_child()
                    .and_then(|paragraph| paragraph.first_child())
                    .filter(|strong| matches!(strong.data().value, NodeValue::Strong))
                    .and_then(|strong| strong.first_child())
                    .and_then(|text| text.data().value.text().map(|t| t.to_string()));
                if let Some(name) = attribution.as_deref().and_then(|t| t.strip_prefix('@'))
                    && crate::models::user::is_valid_username(name)
                {
                    add(&mut found.quoted, name);
                }
            }
            NodeValue::Text(text) => {
                let quoted_or_linked = node.ancestors().any(|a| {
                    matches!(
                        a.data().value,
                        NodeValue::BlockQuote | NodeValue::Link(_) | NodeValue::Image(_)
                    )
                });
                if !quoted_or_linked {
                    for (_, name) in format::mentions(text) {
                        add(&mut found.mentioned, name);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The words of a post as a reader sees them, for the search index: every text, inline code,
/// fenced code block, maths source and raw HTML shown as text, with blocks on their own lines.
/// Markup (emphasis marks, link targets, fences) is left out, so `**svd**` indexes as `svd`.
pub fn plain_text(raw: &str) -> String {
    let options = comrak_options();
    let arena = Arena::new();
    let root = parse_document(&arena, raw, &options);
    let mut text = String::with_capacity(raw.len());
    for node in root.descendants() {
        let value = &node.data().value;
        if value.block() && !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        match value {
            NodeValue::Text(words) => text.push_str(words),
            NodeValue::Code(code) => text.push_str(&code.literal),
            NodeValue::CodeBlock(block) => text.push_str(&block.literal),
            NodeValue::Math(math) => text.push_str(&math.literal),
            NodeValue::HtmlInline(html) => text.push_str(html),
            NodeValue::HtmlBlock(html) => text.push_str(&html.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
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

/// Stored post HTML made to stand outside the site (in a feed reader): every relative link
/// and image address made absolute against the site's address, by the same allow-list that
/// made it. Build one per feed and apply it to each post.
pub struct Standalone {
    policy: ammonia::Builder<'static>,
}

impl Standalone {
    /// For a site at `base` (`https://forum.example.org`); `None` if that is no URL.
    pub fn new(base: &str) -> Option<Standalone> {
        let base = url::Url::parse(base).ok()?;
        let mut policy = sanitize::policy();
        policy.url_relative(ammonia::UrlRelative::RewriteWithBase(base));
        Some(Standalone { policy })
    }

    /// `cooked`, its links absolute. HTML whose every link is absolute already is returned
    /// as it is: parsing it again is most of a feed's cost (30 first posts: 390 feeds/s).
    pub fn html(&self, cooked: &str) -> String {
        if !has_relative_link(cooked) {
            return cooked.to_owned();
        }
        self.policy.clean(cooked).to_string()
    }
}

/// Whether any `href` or `src` in stored HTML (which the sanitiser wrote, quoting every
/// value with `"`) is not an absolute `http(s)` or `mailto` address. When unsure: true.
fn has_relative_link(cooked: &str) -> bool {
    ["href=\"", "src=\""].iter().any(|attribute| {
        cooked.match_indices(attribute).any(|(at, _)| {
            let value = &cooked[at + attribute.len()..];
            !["https://", "http://", "mailto:"]
                .iter()
                .any(|scheme| value.starts_with(scheme))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_html_makes_relative_links_absolute_and_leaves_the_rest() {
        let standalone = Standalone::new("https://forum.example.org").expect("a URL");
        let mention = cook("Ask @bob, or read [the guide](/t/guide/1).");
        let html = standalone.html(mention.as_str());
        assert!(
            html.contains("href=\"https://forum.example.org/u/bob\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://forum.example.org/t/guide/1\""),
            "{html}"
        );
        let absolute = cook("See <https://numpy.org> and [mail](mailto:a@example.org).");
        assert!(!has_relative_link(absolute.as_str()));
        assert_eq!(standalone.html(absolute.as_str()), absolute.as_str());
        assert!(has_relative_link("<a href=\"guide\">x</a>"));
        assert!(has_relative_link("<img src=\"/assets/a.png\">"));
    }
}
