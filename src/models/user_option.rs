//! Each person's mail choices (`user_options`): one row per account, written with it.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{user_options, users};
use crate::models::ids::{CategoryId, UserId};
use crate::models::invalid::{Field, FieldError, Problem, Problems};

/// When notifications are mailed, with Discourse's numbers (`email_level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailLevel {
    /// Every notification, once the delay has passed.
    Always,
    /// Only notifications still unread after the delay (Discourse's "only when away").
    WhenAway,
    /// None.
    Never,
}

impl EmailLevel {
    /// Discourse's number.
    pub fn code(self) -> i32 {
        match self {
            EmailLevel::Always => 0,
            EmailLevel::WhenAway => 1,
            EmailLevel::Never => 2,
        }
    }

    /// The level numbered `code` (anything unknown is the default, only when away).
    pub fn from_code(code: i32) -> EmailLevel {
        match code {
            0 => EmailLevel::Always,
            2 => EmailLevel::Never,
            _ => EmailLevel::WhenAway,
        }
    }
}

/// How often the digest comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestFrequency {
    /// No digest.
    Never,
    /// Every day at the site's hour.
    Daily,
    /// Every week on the site's weekday, at its hour.
    Weekly,
}

impl DigestFrequency {
    /// Every choice, in the order a form offers them.
    pub const ALL: [DigestFrequency; 3] = [
        DigestFrequency::Weekly,
        DigestFrequency::Daily,
        DigestFrequency::Never,
    ];

    /// As stored and sent in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            DigestFrequency::Never => "never",
            DigestFrequency::Daily => "daily",
            DigestFrequency::Weekly => "weekly",
        }
    }

    /// The frequency called `name`.
    pub fn parse(name: &str) -> Option<DigestFrequency> {
        DigestFrequency::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
    }
}

/// A kind of mail one click stops (RFC 8058's `List-Unsubscribe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStream {
    /// Digests: the frequency becomes never.
    Digest,
    /// Notification mail: the email level becomes never.
    Notifications,
    /// Mailing-list mode: turned off.
    MailingList,
}

impl MailStream {
    /// Every kind.
    pub const ALL: [MailStream; 3] = [
        MailStream::Digest,
        MailStream::Notifications,
        MailStream::MailingList,
    ];

    /// Its name in links.
    pub fn as_str(self) -> &'static str {
        match self {
            MailStream::Digest => "digest",
            MailStream::Notifications => "notifications",
            MailStream::MailingList => "mailing-list",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<MailStream> {
        MailStream::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// How people call it.
    pub fn describe(self) -> &'static str {
        match self {
            MailStream::Digest => "digests",
            MailStream::Notifications => "notification mail",
            MailStream::MailingList => "mailing-list mail",
        }
    }
}

/// A member's mail choices as the preferences form sends them, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preferences {
    /// When notifications are mailed.
    pub email_level: EmailLevel,
    /// Their own daily cap (`None`: the site's).
    pub max_emails_per_day: Option<i32>,
    /// How often the digest comes.
    pub digest_frequency: DigestFrequency,
    /// Every category feeds the digest, or only `digest_categories`.
    pub digest_all_categories: bool,
    /// The categories that feed the digest when not all do.
    pub digest_categories: Vec<CategoryId>,
    /// IANA name of their time zone.
    pub time_zone: String,
    /// Every new post in `mailing_list_categories` as its own mail.
    pub mailing_list_mode: bool,
    /// The categories mailing-list mode sends.
    pub mailing_list_categories: Vec<CategoryId>,
}

/// The preferences form as sent: text, to be checked by [`Preferences::validate`].
#[derive(Debug, Clone, Default)]
pub struct PreferencesDraft {
    /// `0`, `1` or `2` ([`EmailLevel::code`]).
    pub email_level: String,
    /// A whole number, or empty for the site's.
    pub max_emails_per_day: String,
    /// `never`, `daily` or `weekly`.
    pub digest_frequency: String,
    /// `all` or `chosen`.
    pub digest_categories_from: String,
    /// Category ids ticked for the digest.
    pub digest_categories: Vec<i64>,
    /// An IANA time zone name.
    pub time_zone: String,
    /// Whether mailing-list mode is ticked.
    pub mailing_list_mode: bool,
    /// Category ids ticked for mailing-list mode.
    pub mailing_list_categories: Vec<i64>,
}

/// Whether `name` is a time zone the IANA database knows.
pub fn is_known_time_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

impl Preferences {
    /// Checks a sent form against the site's daily cap, reporting every problem at once.
    /// Category ids are checked against the database by the service.
    pub fn validate(
        draft: &PreferencesDraft,
        site_cap: i64,
    ) -> Result<Preferences, Vec<FieldError>> {
        let mut problems = Problems::default();
        let email_level = match draft.email_level.trim() {
            "0" => Some(EmailLevel::Always),
            "1" => Some(EmailLevel::WhenAway),
            "2" => Some(EmailLevel::Never),
            _ => {
                problems.add(Field::EmailLevel, Problem::Malformed);
                None
            }
        };
        let cap = draft.max_emails_per_day.trim();
        let max_emails_per_day = if cap.is_empty() {
            None
        } else {
            match cap.parse::<i32>() {
                Ok(n) if n >= 1 && i64::from(n) <= site_cap => Some(n),
                _ => {
                    problems.add(Field::MailCap, Problem::Malformed);
                    None
                }
            }
        };
        let digest_frequency = DigestFrequency::parse(draft.digest_frequency.trim());
        if digest_frequency.is_none() {
            problems.add(Field::DigestFrequency, Problem::Malformed);
        }
        let time_zone = draft.time_zone.trim().to_owned();
        if !is_known_time_zone(&time_zone) {
            problems.add(Field::TimeZone, Problem::Malformed);
        }
        problems.or_value(())?;
        let ids = |list: &[i64]| {
            let mut ids: Vec<CategoryId> = list.iter().map(|&id| CategoryId(id)).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        Ok(Preferences {
            email_level: email_level.unwrap_or(EmailLevel::WhenAway),
            max_emails_per_day,
            digest_frequency: digest_frequency.unwrap_or(DigestFrequency::Weekly),
            digest_all_categories: draft.digest_categories_from != "chosen",
            digest_categories: ids(&draft.digest_categories),
            time_zone,
            mailing_list_mode: draft.mailing_list_mode,
            mailing_list_categories: ids(&draft.mailing_list_categories),
        })
    }
}

/// A `user_options` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = user_options)]
pub struct UserOptions {
    /// Whose.
    pub user_id: UserId,
    /// [`EmailLevel::code`].
    pub email_level: i32,
    /// Their own daily cap, if lower than the site's.
    pub max_emails_per_day: Option<i32>,
    /// `never`, `daily` or `weekly`.
    pub digest_frequency: String,
    /// Every category feeds the digest (else those marked in `category_users`).
    pub digest_all_categories: bool,
    /// Time zone for the digest's hour.
    pub time_zone: String,
    /// Every new post in chosen categories as a mail.
    pub mailing_list_mode: bool,
}

impl UserOptions {
    /// When their notifications are mailed.
    pub fn email_level(&self) -> EmailLevel {
        EmailLevel::from_code(self.email_level)
    }

    /// Someone's options.
    pub fn find(conn: &mut AnyConnection, user: UserId) -> QueryResult<UserOptions> {
        user_options::table
            .find(user)
            .select(UserOptions::as_select())
            .first(conn)
    }

    /// Their digest frequency (anything unknown reads as the default, weekly).
    pub fn digest_frequency(&self) -> DigestFrequency {
        DigestFrequency::parse(&self.digest_frequency).unwrap_or(DigestFrequency::Weekly)
    }

    /// Saves `user`'s choices (the category lists live in `category_users`; see
    /// `CategoryWatch::set_mail_choices`).
    pub(crate) fn save(
        conn: &mut AnyConnection,
        user: UserId,
        choices: &Preferences,
    ) -> QueryResult<()> {
        diesel::update(user_options::table.find(user))
            .set((
                user_options::email_level.eq(choices.email_level.code()),
                user_options::max_emails_per_day.eq(choices.max_emails_per_day),
                user_options::digest_frequency.eq(choices.digest_frequency.as_str()),
                user_options::digest_all_categories.eq(choices.digest_all_categories),
                user_options::time_zone.eq(&choices.time_zone),
                user_options::mailing_list_mode.eq(choices.mailing_list_mode),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Stops one kind of mail to `user`.
    pub(crate) fn stop(
        conn: &mut AnyConnection,
        user: UserId,
        stream: MailStream,
    ) -> QueryResult<usize> {
        let row = diesel::update(user_options::table.find(user));
        match stream {
            MailStream::Digest => row
                .set(user_options::digest_frequency.eq(DigestFrequency::Never.as_str()))
                .execute(conn),
            MailStream::Notifications => row
                .set(user_options::email_level.eq(EmailLevel::Never.code()))
                .execute(conn),
            MailStream::MailingList => row
                .set(user_options::mailing_list_mode.eq(false))
                .execute(conn),
        }
    }

    /// Writes the defaults for a new account.
    pub(crate) fn create(conn: &mut AnyConnection, user: UserId) -> QueryResult<()> {
        diesel::insert_into(user_options::table)
            .values(user_options::user_id.eq(user))
            .execute(conn)?;
        Ok(())
    }

    /// Of `users`, those whose notifications may be mailed at all, with their addresses.
    pub fn mailable(
        conn: &mut AnyConnection,
        users: &[UserId],
    ) -> QueryResult<Vec<(UserId, String)>> {
        let mut out = Vec::with_capacity(users.len());
        for chunk in users.chunks(500) {
            out.extend(
                user_options::table
                    .inner_join(users::table)
                    .filter(user_options::user_id.eq_any(chunk))
                    .filter(user_options::email_level.ne(EmailLevel::Never.code()))
                    .select((users::id, users::email))
                    .load::<(UserId, String)>(conn)?,
            );
        }
        Ok(out)
    }
}
