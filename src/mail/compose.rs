//! Composing messages: plain text and HTML alternatives, the sender, and the headers mail
//! clients and list software rely on (threading, list identity, auto-reply suppression).
//! Every piece of user text that reaches a header goes through [`one_line`] first, so a title
//! or name holding CR/LF can never add a header of its own.

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use maud::{Markup, PreEscaped, html};

use crate::config::Config;
use crate::models::digest::Digest;
use crate::models::user_option::DigestFrequency;

/// What every message says about the forum it comes from.
#[derive(Debug, Clone)]
pub struct Site {
    /// The forum's name.
    pub title: String,
    /// Its public URL, without a trailing slash.
    pub base_url: String,
    /// The From address.
    pub from_address: String,
    /// The From name.
    pub from_name: String,
    /// The host name Message-IDs and List-Ids are made under.
    pub host: String,
}

impl Site {
    /// From the settings.
    pub fn from_config(config: &Config) -> Site {
        let base_url = config.server.base_url.trim_end_matches('/').to_owned();
        let host = base_url
            .split_once("://")
            .map_or(base_url.as_str(), |(_, rest)| rest)
            .split(['/', ':'])
            .next()
            .unwrap_or("localhost")
            .to_owned();
        let from_name = if config.mail.from_name.is_empty() {
            config.site.title.clone()
        } else {
            config.mail.from_name.clone()
        };
        Site {
            title: config.site.title.clone(),
            base_url,
            from_address: config.mail.from_address.clone(),
            from_name,
            host,
        }
    }

    /// An absolute URL for a path on the forum.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Text for a header: control characters (CR and LF above all) become spaces, so user text
/// cannot end a header and start another.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Why a message could not be composed (an address that does not parse, mostly).
#[derive(Debug, thiserror::Error)]
#[error("cannot compose the message: {0}")]
pub struct ComposeError(String);

fn mailbox(name: &str, address: &str) -> Result<Mailbox, ComposeError> {
    let address = address
        .parse()
        .map_err(|e| ComposeError(format!("the address {address} is invalid: {e}")))?;
    Ok(Mailbox::new(Some(one_line(name)), address))
}

/// Adds a header lettre has no type for.
fn raw_header(message: &mut Message, name: &'static str, value: String) {
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str(name),
        one_line(&value),
    ));
}

/// The frame of every HTML part: the content, then who sent it and why.
fn html_frame(site: &Site, content: Markup, footer: &str) -> String {
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head { meta charset="utf-8"; title { (site.title) } }
            body style="font-family: sans-serif; line-height: 1.5; max-width: 40em" {
                (content)
                hr;
                p style="color: #555; font-size: 0.9em" { (footer) }
            }
        }
    }
    .into_string()
}

fn alternatives(text: String, html: String) -> MultiPart {
    MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(text),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html),
        )
}

/// A message about someone's account, with one link to follow (verification, reset).
pub struct AccountMail<'a> {
    /// Where it goes.
    pub to: &'a str,
    /// Their username.
    pub username: &'a str,
    /// The subject.
    pub subject: &'a str,
    /// What happened, one paragraph.
    pub intro: &'a str,
    /// The link.
    pub link: &'a str,
    /// The link's words.
    pub action: &'a str,
    /// What to do if it was not them.
    pub not_you: &'a str,
}

/// Composes an account mail: transactional, so no list headers, but auto-replies are asked
/// to stay quiet.
pub fn account(site: &Site, mail: &AccountMail) -> Result<String, ComposeError> {
    let text = format!(
        "Hello {},\n\n{}\n\n{}:\n{}\n\n{}\n\n-- \n{} ({})\n",
        mail.username, mail.intro, mail.action, mail.link, mail.not_you, site.title, site.base_url
    );
    let html = html_frame(
        site,
        html! {
            p { "Hello " (mail.username) "," }
            p { (mail.intro) }
            p { a href=(mail.link) { (mail.action) } }
            p { "Or copy this address into your browser: " (mail.link) }
            p { (mail.not_you) }
        },
        &format!("{} ({})", site.title, site.base_url),
    );
    let mut message = Message::builder()
        .from(mailbox(&site.from_name, &site.from_address)?)
        .to(mailbox(mail.username, mail.to)?)
        .subject(one_line(&format!("[{}] {}", site.title, mail.subject)))
        .message_id(Some(format!("<account/{}@{}>", uuid_like(), site.host)))
        .multipart(alternatives(text, html))
        .map_err(|e| ComposeError(e.to_string()))?;
    raw_header(&mut message, "Auto-Submitted", "auto-generated".into());
    raw_header(&mut message, "X-Auto-Response-Suppress", "All".into());
    Ok(into_text(&message))
}

/// A message from the moderators to a member about what they did: a silence, a suspension,
/// a warning, a hidden post, a post not published.
pub struct ModerationMail<'a> {
    /// Where it goes.
    pub to: &'a str,
    /// Their username.
    pub username: &'a str,
    /// The subject.
    pub subject: &'a str,
    /// What happened and what it means, a paragraph each; the moderator's words among them.
    pub paragraphs: &'a [String],
    /// Where to read more: a path on the forum, and the link's words.
    pub link: (&'a str, &'a str),
}

/// Composes a moderation mail: transactional (no list headers, no unsubscribe: it is about
/// their account), with auto-replies asked to stay quiet, and signed as the moderators, never
/// as one of them, since the forum's own pages decide who may see a moderator's name.
pub fn moderation(site: &Site, mail: &ModerationMail) -> Result<String, ComposeError> {
    let (path, words) = mail.link;
    let link = site.url(path);
    let footer = format!(
        "The moderators of {} ({}). This message is about your account, so it is sent whatever \
         your mail settings.",
        site.title, site.base_url
    );
    let text = format!(
        "Hello {},\n\n{}\n\n{words}:\n{link}\n\n-- \n{footer}\n",
        mail.username,
        mail.paragraphs.join("\n\n"),
    );
    let html = html_frame(
        site,
        html! {
            p { "Hello " (mail.username) "," }
            @for paragraph in mail.paragraphs { p { (paragraph) } }
            p { a href=(link) { (words) } }
        },
        &footer,
    );
    let mut message = Message::builder()
        .from(mailbox(&site.from_name, &site.from_address)?)
        .to(mailbox(mail.username, mail.to)?)
        .subject(one_line(&format!("[{}] {}", site.title, mail.subject)))
        .message_id(Some(format!("<moderation/{}@{}>", uuid_like(), site.host)))
        .multipart(alternatives(text, html))
        .map_err(|e| ComposeError(e.to_string()))?;
    raw_header(&mut message, "Auto-Submitted", "auto-generated".into());
    raw_header(&mut message, "X-Auto-Response-Suppress", "All".into());
    Ok(into_text(&message))
}

/// The test message `convene mail test` sends.
pub fn test(site: &Site, to: &str) -> Result<String, ComposeError> {
    let text = format!(
        "This is a test message from {} ({}).\nIf you can read it, mail works.\n",
        site.title, site.base_url
    );
    let html = html_frame(
        site,
        html! { p { "This is a test message. If you can read it, mail works." } },
        &format!("{} ({})", site.title, site.base_url),
    );
    let mut message = Message::builder()
        .from(mailbox(&site.from_name, &site.from_address)?)
        .to(mailbox("", to)?)
        .subject(one_line(&format!("[{}] Test message", site.title)))
        .message_id(Some(format!("<test/{}@{}>", uuid_like(), site.host)))
        .multipart(alternatives(text, html))
        .map_err(|e| ComposeError(e.to_string()))?;
    raw_header(&mut message, "Auto-Submitted", "auto-generated".into());
    Ok(into_text(&message))
}

/// What a notification mail is about.
pub struct PostMail<'a> {
    /// Where it goes.
    pub to: &'a str,
    /// Their username.
    pub username: &'a str,
    /// Why they get it ("Ada replied to you in …").
    pub reason: &'a str,
    /// Who wrote the post.
    pub author: &'a str,
    /// The topic.
    pub topic_id: i64,
    /// Its title.
    pub topic_title: &'a str,
    /// Its slug.
    pub topic_slug: &'a str,
    /// Its category's name, and its parent's if any.
    pub category: (&'a str, Option<&'a str>),
    /// Its category's slug (for List-Id).
    pub category_slug: &'a str,
    /// The post.
    pub post_id: i64,
    /// Its number.
    pub post_number: i32,
    /// Its Markdown, as the plain-text part.
    pub raw: &'a str,
    /// Its sanitised HTML, as the HTML part.
    pub cooked: &'a str,
    /// Where to change what they are sent.
    pub preferences_path: &'a str,
    /// The signed link that stops this kind of mail in one click.
    pub unsubscribe_path: Option<&'a str>,
    /// The reply-by-mail address (`reply+KEY@…`), when replying by mail is on.
    pub reply_to: Option<&'a str>,
}

/// Adds RFC 8058's one-click unsubscribe headers for `path`, if there is one.
fn unsubscribe_headers(message: &mut Message, site: &Site, path: Option<&str>) {
    if let Some(path) = path {
        raw_header(message, "List-Unsubscribe", format!("<{}>", site.url(path)));
        raw_header(
            message,
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        );
    }
}

/// The footer's unsubscribe sentence, if there is a link.
fn unsubscribe_line(site: &Site, path: Option<&str>, what: &str) -> String {
    path.map(|path| format!(" Stop {what} in one click: {}", site.url(path)))
        .unwrap_or_default()
}

/// Composes the mail for a post someone was notified of: `[Category] Title` (with `Re:` for
/// replies), threaded per topic.
pub fn post(site: &Site, mail: &PostMail) -> Result<String, ComposeError> {
    let post_url = site.url(&format!(
        "/t/{}/{}/{}",
        mail.topic_slug, mail.topic_id, mail.post_number
    ));
    let topic_url = site.url(&format!("/t/{}/{}", mail.topic_slug, mail.topic_id));
    let category = match mail.category {
        (name, Some(parent)) => format!("{parent}/{name}"),
        (name, None) => name.to_owned(),
    };
    let re = if mail.post_number > 1 { "Re: " } else { "" };
    let subject = format!("{re}[{category}] {}", mail.topic_title);
    let footer = format!(
        "You are getting this because {}. Visit the topic to reply: {}. \
         Change what you are sent: {}.{}",
        mail.reason,
        topic_url,
        site.url(mail.preferences_path),
        unsubscribe_line(site, mail.unsubscribe_path, "notification mail")
    );
    let reply_hint = if mail.reply_to.is_some() {
        "Reply to this mail to post your answer in the topic, or reply on the site"
    } else {
        "Reply on the site"
    };
    let text = format!(
        "{} wrote:\n\n{}\n\n-- \n{reply_hint}: {}\n\n{}\n",
        mail.author, mail.raw, post_url, footer
    );
    let html = html_frame(
        site,
        html! {
            p { strong { (mail.author) } " wrote in " a href=(topic_url) { (mail.topic_title) } ":" }
            // The post's HTML was sanitised when it was saved (markdown::cook).
            div { (PreEscaped(mail.cooked)) }
            p { a href=(post_url) { "Reply on the site" } }
        },
        &footer,
    );
    // The first post's Message-ID is the topic's own, so every reply threads under it.
    let topic_id = format!("<topic/{}@{}>", mail.topic_id, site.host);
    let message_id = if mail.post_number == 1 {
        topic_id.clone()
    } else {
        format!("<topic/{}/{}@{}>", mail.topic_id, mail.post_id, site.host)
    };
    let mut builder = Message::builder()
        .from(mailbox(
            &format!("{} via {}", mail.author, site.from_name),
            &site.from_address,
        )?)
        .to(mailbox(mail.username, mail.to)?)
        .subject(one_line(&subject))
        .message_id(Some(message_id));
    if mail.post_number > 1 {
        builder = builder.in_reply_to(topic_id.clone()).references(topic_id);
    }
    if let Some(address) = mail.reply_to {
        builder = builder.reply_to(mailbox(&site.from_name, address)?);
    }
    let mut message = builder
        .multipart(alternatives(text, html))
        .map_err(|e| ComposeError(e.to_string()))?;
    raw_header(
        &mut message,
        "List-Id",
        format!(
            "\"{} | {}\" <{}.{}>",
            one_line(&site.title).replace('"', "'"),
            one_line(&category).replace('"', "'"),
            mail.category_slug,
            site.host
        ),
    );
    raw_header(&mut message, "List-Archive", format!("<{topic_url}>"));
    unsubscribe_headers(&mut message, site, mail.unsubscribe_path);
    raw_header(&mut message, "Precedence", "list".into());
    raw_header(&mut message, "Auto-Submitted", "auto-generated".into());
    raw_header(&mut message, "X-Auto-Response-Suppress", "All".into());
    Ok(into_text(&message))
}

/// The message as stored in the outbox: RFC 5322 text, which lettre's encodings keep ASCII.
fn into_text(message: &Message) -> String {
    String::from_utf8_lossy(&message.formatted()).into_owned()
}

/// A random id part for Message-IDs of one-off mails.
fn uuid_like() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// What a digest mail carries besides the digest itself.
pub struct DigestMail<'a> {
    /// Where it goes.
    pub to: &'a str,
    /// Their username.
    pub username: &'a str,
    /// The digest.
    pub digest: &'a Digest,
    /// The digest's web view (a path).
    pub web_path: &'a str,
    /// Where to change what they are sent (a path).
    pub preferences_path: &'a str,
    /// The signed link that stops digests in one click.
    pub unsubscribe_path: Option<&'a str>,
}

/// "Weekly" or "Daily".
fn frequency_word(digest: &Digest) -> &'static str {
    match digest.period.frequency {
        DigestFrequency::Daily => "Daily",
        _ => "Weekly",
    }
}

/// The digest's content, for its mail's HTML part and its web view alike: counts with a link,
/// the most active new topics with excerpts, and the proposals section. Links are absolute
/// (`base_url` + path) so they work from a mail client.
pub fn digest_body(digest: &Digest, base_url: &str) -> Markup {
    let url = |path: &str| format!("{base_url}{path}");
    html! {
        p {
            (digest.new_topics) " new " (plural(digest.new_topics, "topic", "topics")) " and "
            (digest.new_posts) " new " (plural(digest.new_posts, "post", "posts"))
            " in your categories. "
            a href=(url("/latest")) { "See the latest topics" }
        }
        h2 { "Most active new topics" }
        @if digest.topics.is_empty() {
            p { "No new topics in your categories this time." }
        } @else {
            ol {
                @for topic in &digest.topics {
                    li {
                        p {
                            a href=(url(&topic.url())) { strong { (topic.title) } }
                            br;
                            (topic.category) " · started by " (topic.author) " · "
                            (topic.posts) " " (plural(topic.posts, "post", "posts"))
                        }
                        @if !topic.excerpt.is_empty() { p { (topic.excerpt) } }
                    }
                }
            }
        }
        h2 { "Proposals" }
        @if digest.proposals.is_empty() {
            p { "No proposal changed stage in this period." }
        } @else {
            ul {
                @for change in &digest.proposals {
                    li { a href=(url(&change.url)) { (change.title) } ": " (change.change) }
                }
            }
        }
    }
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// The digest as plain text.
fn digest_text(site: &Site, mail: &DigestMail) -> String {
    let digest = mail.digest;
    let mut text = format!(
        "{} digest from {} for {}\n\n{} new {} and {} new {} in your categories: {}\n\n",
        frequency_word(digest),
        site.title,
        mail.username,
        digest.new_topics,
        plural(digest.new_topics, "topic", "topics"),
        digest.new_posts,
        plural(digest.new_posts, "post", "posts"),
        site.url("/latest"),
    );
    text.push_str("MOST ACTIVE NEW TOPICS\n\n");
    if digest.topics.is_empty() {
        text.push_str("No new topics in your categories this time.\n\n");
    }
    for (n, topic) in digest.topics.iter().enumerate() {
        text.push_str(&format!(
            "{}. {}\n   {} · started by {} · {} {}\n   {}\n",
            n + 1,
            topic.title,
            topic.category,
            topic.author,
            topic.posts,
            plural(topic.posts, "post", "posts"),
            site.url(&topic.url()),
        ));
        if !topic.excerpt.is_empty() {
            text.push_str(&format!("   {}\n", topic.excerpt));
        }
        text.push('\n');
    }
    text.push_str("PROPOSALS\n\n");
    if digest.proposals.is_empty() {
        text.push_str("No proposal changed stage in this period.\n");
    }
    for change in &digest.proposals {
        text.push_str(&format!(
            "- {}: {} ({})\n",
            change.title,
            change.change,
            site.url(&change.url)
        ));
    }
    text.push_str(&format!(
        "\n-- \nRead this digest on the site: {}\nChange what you are sent: {}\n{}",
        site.url(mail.web_path),
        site.url(mail.preferences_path),
        mail.unsubscribe_path
            .map(|path| format!("Stop digests in one click: {}\n", site.url(path)))
            .unwrap_or_default()
    ));
    text
}

/// Composes a digest mail.
pub fn digest(site: &Site, mail: &DigestMail) -> Result<String, ComposeError> {
    let digest = mail.digest;
    let subject = format!(
        "[{}] {} digest: {} new {}",
        site.title,
        frequency_word(digest),
        digest.new_topics,
        plural(digest.new_topics, "topic", "topics")
    );
    let footer = format!(
        "Read this digest on the site: {}. Change what you are sent: {}.{}",
        site.url(mail.web_path),
        site.url(mail.preferences_path),
        unsubscribe_line(site, mail.unsubscribe_path, "digests")
    );
    let html = html_frame(
        site,
        html! {
            h1 style="font-size: 1.3em" { (frequency_word(digest)) " digest for " (mail.username) }
            (digest_body(digest, &site.base_url))
        },
        &footer,
    );
    let mut message = Message::builder()
        .from(mailbox(&site.from_name, &site.from_address)?)
        .to(mailbox(mail.username, mail.to)?)
        .subject(one_line(&subject))
        .message_id(Some(format!(
            "<digest/{}/{}@{}>",
            mail.username.replace(['<', '>', '@', ' '], "_"),
            digest.period.key,
            site.host
        )))
        .multipart(alternatives(digest_text(site, mail), html))
        .map_err(|e| ComposeError(e.to_string()))?;
    raw_header(
        &mut message,
        "List-Id",
        format!(
            "\"{} digest\" <digest.{}>",
            one_line(&site.title).replace('"', "'"),
            site.host
        ),
    );
    raw_header(&mut message, "Precedence", "bulk".into());
    unsubscribe_headers(&mut message, site, mail.unsubscribe_path);
    raw_header(&mut message, "Auto-Submitted", "auto-generated".into());
    raw_header(&mut message, "X-Auto-Response-Suppress", "All".into());
    Ok(into_text(&message))
}
