//! Mail coming in: one RFC 5322 message, as a mail server's pipe delivers it to
//! `convene mail receive`, read with a real MIME parser (mail-parser) into what a reply by
//! mail needs: who sent it, to which addresses, its Message-ID, whether a machine wrote it
//! (auto-replies and bounces are never posted), and the reply's own words, with the quoted
//! history and the signature cut away.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

/// A message read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// Its Message-ID (made up from its bytes if it has none, so a second delivery of the
    /// same bytes still matches).
    pub message_id: String,
    /// The sender's address, lowercased.
    pub from: String,
    /// Every address it was delivered to (To, Cc, Delivered-To, X-Original-To), lowercased.
    pub recipients: Vec<String>,
    /// Why a machine, not a person, sent it, if one did.
    pub automatic: Option<&'static str>,
    /// The reply's words: the plain-text part (or the HTML part's text), without quoted
    /// history or signature.
    pub reply: String,
}

/// Why a message could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the message could not be read as RFC 5322 mail")]
pub struct Unreadable;

fn addresses(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Address(address) => address
            .iter()
            .filter_map(|a| a.address())
            .map(str::to_lowercase)
            .collect(),
        HeaderValue::Text(text) => vec![text.trim().trim_matches(['<', '>']).to_lowercase()],
        HeaderValue::TextList(list) => list
            .iter()
            .map(|t| t.trim().trim_matches(['<', '>']).to_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

fn text_header(message: &mail_parser::Message, name: &str) -> Option<String> {
    match message.header(name)? {
        HeaderValue::Text(text) => Some(text.trim().to_lowercase()),
        HeaderValue::TextList(list) => Some(list.join(" ").trim().to_lowercase()),
        _ => None,
    }
}

/// Whether a machine sent it: RFC 3834's `Auto-Submitted`, the common auto-responder
/// headers, bulk precedence, and delivery reports (bounces).
fn automatic(message: &mail_parser::Message) -> Option<&'static str> {
    if text_header(message, "Auto-Submitted").is_some_and(|v| v != "no") {
        return Some("Auto-Submitted says a machine sent it");
    }
    for header in [
        "X-Autoreply",
        "X-Autorespond",
        "X-Auto-Response-Suppress-Reply",
    ] {
        if message.header(header).is_some() {
            return Some("it is an auto-reply");
        }
    }
    if text_header(message, "Precedence")
        .is_some_and(|v| matches!(v.as_str(), "bulk" | "junk" | "list" | "auto_reply"))
    {
        return Some("its Precedence is bulk, junk, list or auto_reply");
    }
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let from_daemon = message
        .from()
        .and_then(|f| f.first())
        .and_then(|a| a.address())
        .is_some_and(|a| {
            let local = a.split('@').next().unwrap_or_default().to_lowercase();
            local == "mailer-daemon" || local == "postmaster"
        });
    if is_report || from_daemon {
        return Some("it is a delivery report (a bounce)");
    }
    None
}

impl Incoming {
    /// Reads `raw`.
    pub fn parse(raw: &[u8]) -> Result<Incoming, Unreadable> {
        let message = MessageParser::default().parse(raw).ok_or(Unreadable)?;
        let from = message
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.address())
            .map(str::to_lowercase)
            .unwrap_or_default();
        let mut recipients = Vec::new();
        for name in ["To", "Cc", "Delivered-To", "X-Original-To"] {
            if let Some(value) = message.header(name) {
                recipients.extend(addresses(value));
            }
        }
        let message_id = match message.message_id() {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => format!("sha256:{}", crate::mail::hex_sha256(raw)),
        };
        let text = match message.body_text(0) {
            Some(text) => text.into_owned(),
            None => String::new(),
        };
        Ok(Incoming {
            message_id,
            from,
            recipients,
            automatic: automatic(&message),
            reply: strip_quoted(&text),
        })
    }
}

/// A reply's own words: everything before the quoted history (`On … wrote:`, `> ` lines,
/// Outlook's original-message separators) and the signature (`-- `), trimmed.
pub fn strip_quoted(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let attribution = trimmed.starts_with("On ")
            && (trimmed.ends_with("wrote:")
                || lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim().ends_with("wrote:")));
        let separator = trimmed.starts_with("-----Original Message-----")
            || trimmed.starts_with("________________________________")
            || (trimmed.starts_with("From:") && i > 0 && lines[i - 1].trim().is_empty());
        if *line == "-- " || trimmed == "--" || attribution || separator {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(line);
    }
    kept.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_history_and_signatures_are_cut_away() {
        let gmail = "Thanks, that works!\n\nOn Mon, 23 Nov 2026 at 08:00, Convene <forum@x> wrote:\n> Use np.ma.\n> More\n";
        assert_eq!(strip_quoted(gmail), "Thanks, that works!");
        let wrapped = "Agreed.\n\nOn Mon, 23 Nov 2026 at 08:00, Someone With A Long Name\n<forum@x> wrote:\n> quoted";
        assert_eq!(strip_quoted(wrapped), "Agreed.");
        let signature = "Short answer: yes.\n\n-- \nAda Lovelace\nAnalytical Engines Ltd";
        assert_eq!(strip_quoted(signature), "Short answer: yes.");
        let outlook = "See below.\n\n-----Original Message-----\nFrom: forum\nSubject: x";
        assert_eq!(strip_quoted(outlook), "See below.");
        let inline = "> a question\nAn answer in between.\n> another";
        assert_eq!(strip_quoted(inline), "An answer in between.");
        assert_eq!(strip_quoted("> only a quote\n> nothing else"), "");
    }

    #[test]
    fn machines_are_recognised_and_people_are_not() {
        let person = b"From: Ada <ada@example.org>\r\nTo: reply+k@forum.test\r\nMessage-ID: <1@x>\r\nSubject: Re: x\r\n\r\nYes.\r\n";
        let read = Incoming::parse(person).expect("readable");
        assert_eq!(read.automatic, None);
        assert_eq!(read.from, "ada@example.org");
        assert_eq!(read.recipients, vec!["reply+k@forum.test"]);
        assert_eq!(read.message_id, "1@x");
        assert_eq!(read.reply, "Yes.");
        let away = b"From: Ada <ada@example.org>\r\nTo: reply+k@forum.test\r\nAuto-Submitted: auto-replied\r\nSubject: Away\r\n\r\nI am away.\r\n";
        assert!(Incoming::parse(away).expect("readable").automatic.is_some());
        let bounce = b"From: MAILER-DAEMON@mx.example.org\r\nTo: reply+k@forum.test\r\nSubject: Undelivered\r\n\r\nGone.\r\n";
        assert!(
            Incoming::parse(bounce)
                .expect("readable")
                .automatic
                .is_some()
        );
        let explicit_no = b"From: Ada <ada@example.org>\r\nTo: reply+k@forum.test\r\nAuto-Submitted: no\r\n\r\nHi.\r\n";
        assert_eq!(
            Incoming::parse(explicit_no).expect("readable").automatic,
            None
        );
    }
}
