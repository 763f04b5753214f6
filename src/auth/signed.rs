//! Signed links: an HMAC-SHA-256 of what a link does, keyed by a secret only the forum knows
//! (kept in `site_secrets`, shared by every node). A signature made for one user and one
//! purpose proves nothing about another, and cannot be made without the secret, so a link
//! that acts without a login (one-click unsubscribe) is safe to put in mail.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::models::ids::{TopicId, UserId};
use crate::models::user_option::MailStream;

/// The `site_secrets` row unsubscribe links are signed with.
pub const UNSUBSCRIBE_SECRET: &str = "unsubscribe";

fn mac(secret: &str, message: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(message.as_bytes());
    mac
}

/// The signature of `message`, as lowercase hex.
pub fn sign(secret: &str, message: &str) -> String {
    let bytes = mac(secret, message).finalize().into_bytes();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `signature` (hex) is `message`'s, compared in constant time.
pub fn verify(secret: &str, message: &str, signature: &str) -> bool {
    let Some(bytes) = from_hex(signature) else {
        return false;
    };
    mac(secret, message).verify_slice(&bytes).is_ok()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// What an unsubscribe link for `user` and `kind` signs.
pub fn unsubscribe_message(user: i64, kind: &str) -> String {
    format!("unsubscribe:{user}:{kind}")
}

/// The path of the link that stops `stream` for `user` in one click, signed with `secret`.
pub fn unsubscribe_path(secret: &str, user: UserId, stream: MailStream) -> String {
    let signature = sign(secret, &unsubscribe_message(user.0, stream.as_str()));
    format!("/unsubscribe/{user}/{}/{signature}", stream.as_str())
}

/// The `site_secrets` row reply-by-mail keys are signed with.
pub const REPLY_SECRET: &str = "reply-by-mail";

/// The key in a reply-by-mail address (`reply+KEY@…`): who may post by answering, in which
/// topic, and a signature of both (128 bits, enough that guessing is hopeless and short
/// enough for an address's local part).
pub fn reply_key(secret: &str, user: UserId, topic: TopicId) -> String {
    let signature = sign(secret, &format!("reply:{user}:{topic}"));
    format!("{user}-{topic}-{}", &signature[..32])
}

/// The user and topic a reply key names, if its signature holds.
pub fn check_reply_key(secret: &str, key: &str) -> Option<(UserId, TopicId)> {
    let mut parts = key.splitn(3, '-');
    let user: i64 = parts.next()?.parse().ok()?;
    let topic: i64 = parts.next()?.parse().ok()?;
    let given = parts.next()?;
    let expected = reply_key(secret, UserId(user), TopicId(topic));
    let expected = expected.rsplit('-').next()?;
    // Constant time: the signature is compared as a whole, byte for byte.
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some((UserId(user), TopicId(topic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_message_and_secret_only() {
        let signature = sign("secret", &unsubscribe_message(7, "digest"));
        assert_eq!(signature.len(), 64);
        assert!(verify(
            "secret",
            &unsubscribe_message(7, "digest"),
            &signature
        ));
        assert!(
            !verify("secret", &unsubscribe_message(8, "digest"), &signature),
            "another user"
        );
        assert!(!verify(
            "secret",
            &unsubscribe_message(7, "notifications"),
            &signature
        ));
        assert!(
            !verify("other", &unsubscribe_message(7, "digest"), &signature),
            "another secret"
        );
        assert!(
            !verify("secret", &unsubscribe_message(7, "digest"), "zz"),
            "not hex"
        );
        let mut flipped = signature.clone();
        flipped.replace_range(0..1, if &signature[0..1] == "0" { "1" } else { "0" });
        assert!(!verify(
            "secret",
            &unsubscribe_message(7, "digest"),
            &flipped
        ));
    }
}
