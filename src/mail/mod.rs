//! The forum's mail: composing messages (`compose`), and handing them to an SMTP server or,
//! when none is configured, writing them as `.eml` files (`Mailer`). Nothing here is sent
//! from a web request: services write rows to the outbox (`models::mail_outbox`) in the
//! transaction of the event that causes them, and the delivery job (`jobs::mail`) sends them.

pub mod compose;
pub mod incoming;
pub mod notice;

use std::path::PathBuf;

use anyhow::Context;
use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::{Address, FileTransport, Transport};

use crate::config::Config;

/// How mail leaves this node.
#[derive(Clone)]
pub enum Mailer {
    /// Over SMTP, with pooled connections (lettre's `pool` feature).
    Smtp(Box<SmtpTransport>),
    /// Written as `<uuid>.eml` files into a folder: the embedded default.
    Files(PathBuf, FileTransport),
    /// The settings do not describe a usable transport (`convene serve` refuses to start so;
    /// other commands carry this and fail each send with the reason).
    Unusable(String),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp(_) => f.write_str("Mailer::Smtp"),
            Mailer::Files(dir, _) => write!(f, "Mailer::Files({})", dir.display()),
            Mailer::Unusable(why) => write!(f, "Mailer::Unusable({why})"),
        }
    }
}

/// Why a message was not sent.
#[derive(Debug)]
pub enum SendError {
    /// Worth trying again later (the server is down, busy, or said 4xx).
    Transient(String),
    /// Will never work (the server refused the address or the message with 5xx).
    Permanent(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Transient(why) | SendError::Permanent(why) => f.write_str(why),
        }
    }
}

impl Mailer {
    /// The mailer `[mail]` describes: SMTP when `smtp_url` is set, else files.
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        anyhow::ensure!(
            config.mail.digest_hour < 24,
            "mail.digest_hour is {}; it must be an hour from 0 to 23",
            config.mail.digest_hour
        );
        let url = config.mail.smtp_url.trim();
        if url.is_empty() {
            // The folder is made when the first message is written.
            let dir = config.mail_directory();
            let transport = FileTransport::new(&dir);
            return Ok(Mailer::Files(dir, transport));
        }
        let transport = SmtpTransport::from_url(url)
            .with_context(|| {
                format!(
                    "mail.smtp_url {} is not an SMTP URL (smtp://HOST:PORT, smtps://…)",
                    crate::config::without_password(url)
                )
            })?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .pool_config(
                lettre::transport::smtp::PoolConfig::new()
                    .max_size(u32::try_from(config.mail.connections.max(1)).unwrap_or(u32::MAX)),
            )
            .build();
        Ok(Mailer::Smtp(Box::new(transport)))
    }

    /// Where mail goes, for the start-up log.
    pub fn describe(&self, config: &Config) -> String {
        match self {
            Mailer::Smtp(_) => format!(
                "mail is sent through {}",
                crate::config::without_password(&config.mail.smtp_url)
            ),
            Mailer::Files(dir, _) => format!(
                "no SMTP server is set (mail.smtp_url), so mail is written as .eml files to {}",
                dir.display()
            ),
            Mailer::Unusable(why) => format!("mail cannot be sent: {why}"),
        }
    }

    /// Hands one composed message to the server (or the folder). Blocking.
    pub fn send(&self, from: &str, to: &str, message: &[u8]) -> Result<(), SendError> {
        let parse = |address: &str| {
            address
                .parse::<Address>()
                .map_err(|e| SendError::Permanent(format!("the address {address} is invalid: {e}")))
        };
        let envelope = Envelope::new(Some(parse(from)?), vec![parse(to)?])
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match self {
            Mailer::Smtp(transport) => {
                transport.send_raw(&envelope, message).map_err(|e| {
                    if e.is_permanent() {
                        SendError::Permanent(e.to_string())
                    } else {
                        SendError::Transient(e.to_string())
                    }
                })?;
                Ok(())
            }
            Mailer::Files(dir, transport) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    SendError::Transient(format!("cannot create {}: {e}", dir.display()))
                })?;
                transport
                    .send_raw(&envelope, message)
                    .map_err(|e| SendError::Transient(e.to_string()))?;
                Ok(())
            }
            Mailer::Unusable(why) => Err(SendError::Transient(why.clone())),
        }
    }
}

/// The SHA-256 of `bytes`, as hex (a stand-in Message-ID for mail that has none).
pub fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
