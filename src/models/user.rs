//! Users: accounts, roles, and the rules for usernames and emails.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::AnyConnection;
use crate::db::schema::{posts, topics, users};
use crate::models::ids::UserId;
use crate::models::invalid::{Field, FieldError, Problem, Problems};

pub use crate::models::role::Role;

/// A `users` row. Its `Debug` leaves out the password hash and email, so a logged user leaks
/// neither.
#[derive(Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// As typed at sign-up.
    pub username: String,
    /// Lowercased, unique.
    pub username_lower: String,
    /// Email as typed.
    pub email: String,
    /// Lowercased, unique.
    pub email_lower: String,
    /// Display name (may be empty).
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// What they may do beyond posting.
    pub role: Role,
    /// Sign-up time.
    pub created_at: NaiveDateTime,
    /// When the code of conduct was accepted.
    pub coc_accepted_at: Option<NaiveDateTime>,
    /// Topics started, kept by the services as they write them ([`User::count_posts`]).
    pub topic_count: i64,
    /// Posts written, first posts included, kept likewise.
    pub post_count: i64,
    /// When they proved the address is theirs; until then they may read but not post (when
    /// `auth.posting_needs_verified_email` is on).
    pub email_verified_at: Option<NaiveDateTime>,
    /// Trust level 0–4, with Discourse's meaning (`models::trust`).
    pub trust_level: i32,
    /// Spared the new-member limits (a project maintainer), by staff.
    pub new_member_limits_exempt: bool,
    /// Silenced until then: may read and log in, not post or flag.
    pub silenced_until: Option<NaiveDateTime>,
    /// Why, as they are told.
    pub silence_reason: Option<String>,
    /// Suspended until then: may not log in.
    pub suspended_until: Option<NaiveDateTime>,
    /// Why, as they are told.
    pub suspend_reason: Option<String>,
    /// Topics they have opened (read tracking; trust level 1 asks for some).
    pub topics_entered: i64,
    /// Posts they have read, counted as far as each topic was read.
    pub posts_read_count: i64,
    /// When they last dismissed their new topics: those started before are not new to them.
    pub dismissed_new_at: Option<NaiveDateTime>,
    /// Likes they gave.
    pub likes_given: i64,
    /// Likes their posts received.
    pub likes_received: i64,
}

impl User {
    /// Their topic and post counts, as the services keep them on the row (see
    /// [`User::count_posts`]).
    pub fn stats(&self) -> UserStats {
        UserStats {
            topic_count: self.topic_count,
            post_count: self.post_count,
        }
    }
}

/// What pages need to show about a post's or topic's author.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct UserSummary {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// An insert into `users`. No `Debug`: it holds the password hash.
#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Username as typed.
    pub username: &'a str,
    /// Lowercased username.
    pub username_lower: String,
    /// Email as typed.
    pub email: &'a str,
    /// Lowercased email.
    pub email_lower: String,
    /// Display name.
    pub name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// Now.
    pub created_at: NaiveDateTime,
    /// When the code of conduct was accepted.
    pub coc_accepted_at: Option<NaiveDateTime>,
    /// When the address was verified (accounts the operator or an admin makes are vouched for).
    pub email_verified_at: Option<NaiveDateTime>,
    /// 0 for someone who signed up, 1 for an account someone vouches for.
    pub trust_level: i32,
}

/// Activity counts for a profile page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UserStats {
    /// Topics started.
    pub topic_count: i64,
    /// Posts written, first posts included.
    pub post_count: i64,
}

/// The version of the letter avatars' drawing (`views::avatar`), the last part of their
/// address: changing the drawing changes it, so caches holding the old one are passed by.
pub const AVATAR_VERSION: u32 = 1;

/// The address of `username`'s letter avatar at `size` pixels (`{size}` itself for
/// Discourse's `avatar_template`).
pub fn avatar_path(username: &str, size: &str) -> String {
    format!("/letter_avatar/{username}/{size}/{AVATAR_VERSION}.svg")
}

/// Usernames: 3–20 ASCII letters, digits, `_`, `.` or `-`; starting and ending with a letter,
/// digit or `_`. The same rule finds `@mentions`, so a name is always mentionable.
pub fn is_valid_username(name: &str) -> bool {
    let bytes = name.as_bytes();
    let edge_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    (3..=20).contains(&bytes.len())
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && bytes.first().copied().is_some_and(edge_ok)
        && bytes.last().copied().is_some_and(edge_ok)
}

/// A plausible email address: one `@`, something on each side, a dot in the domain.
/// Deliverability is for mail confirmation to prove, not a regex.
pub fn is_plausible_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
                && email.len() <= 254
        }
        None => false,
    }
}

impl NewUser<'_> {
    /// Inserts the user. A taken username or email is a unique violation.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values(self)
            .returning(users::all_columns)
            .get_result(conn)
    }
}

impl User {
    /// The user with this id.
    pub fn find(conn: &mut AnyConnection, id: UserId) -> QueryResult<User> {
        users::table.find(id).select(User::as_select()).first(conn)
    }

    /// The user with this username, ignoring case.
    pub fn find_by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::username_lower.eq(username.to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// The ids of the people named in `usernames` (any case); unknown names are skipped.
    pub fn ids_by_usernames(
        conn: &mut AnyConnection,
        usernames: &[String],
    ) -> QueryResult<Vec<UserId>> {
        if usernames.is_empty() {
            return Ok(Vec::new());
        }
        let lower: Vec<String> = usernames.iter().map(|n| n.to_lowercase()).collect();
        users::table
            .filter(users::username_lower.eq_any(lower))
            .select(users::id)
            .load(conn)
    }

    /// The forum's first admin: who an all-users API key made at the command line is recorded
    /// as made by.
    pub fn first_admin(conn: &mut AnyConnection) -> QueryResult<Option<User>> {
        users::table
            .filter(users::role.eq(Role::Admin))
            .order(users::id.asc())
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// The user whose username or email is `login`, ignoring case.
    pub fn find_by_login(conn: &mut AnyConnection, login: &str) -> QueryResult<Option<User>> {
        let lower = login.to_lowercase();
        users::table
            .filter(
                users::username_lower
                    .eq(&lower)
                    .or(users::email_lower.eq(&lower)),
            )
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Whether a username or email is already taken, as (username_taken, email_taken).
    pub fn taken(
        conn: &mut AnyConnection,
        username: &str,
        email: &str,
    ) -> QueryResult<(bool, bool)> {
        let username_taken = users::table
            .filter(users::username_lower.eq(username.to_lowercase()))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        let email_taken = users::table
            .filter(users::email_lower.eq(email.to_lowercase()))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        Ok((username_taken, email_taken))
    }

    /// Records that `id` proved their address.
    pub(crate) fn mark_verified(
        conn: &mut AnyConnection,
        id: UserId,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::email_verified_at.eq(now))
            .execute(conn)
    }

    /// Gives `id` a new, proved address.
    pub(crate) fn set_email(
        conn: &mut AnyConnection,
        id: UserId,
        email: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::email.eq(email),
                users::email_lower.eq(email.to_lowercase()),
                users::email_verified_at.eq(now),
            ))
            .execute(conn)
    }

    /// Gives `id` a new password (an argon2id PHC string).
    pub(crate) fn set_password(
        conn: &mut AnyConnection,
        id: UserId,
        password_hash: &str,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::password_hash.eq(password_hash))
            .execute(conn)
    }

    /// Replaces what identifies `id` (GDPR): a new username, an address nobody can receive
    /// mail at, no display name, and no password (an empty hash verifies nothing).
    pub(crate) fn anonymise(
        conn: &mut AnyConnection,
        id: UserId,
        username: &str,
        email: &str,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::username.eq(username),
                users::username_lower.eq(username.to_lowercase()),
                users::email.eq(email),
                users::email_lower.eq(email.to_lowercase()),
                users::email_verified_at.eq(None::<NaiveDateTime>),
                users::name.eq(""),
                users::password_hash.eq(""),
            ))
            .execute(conn)
    }

    /// The account using `email` (any case), if any.
    pub fn find_by_email(conn: &mut AnyConnection, email: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email_lower.eq(email.trim().to_lowercase()))
            .select(User::as_select())
            .first(conn)
            .optional()
    }

    /// Changes a user's role.
    pub(crate) fn set_role(conn: &mut AnyConnection, id: UserId, role: Role) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set(users::role.eq(role))
            .execute(conn)
    }

    /// Counts `topics` more topics and `posts` more posts by a user, in the transaction that
    /// Silences someone until `until` (`None` lifts it), saying why.
    pub(crate) fn set_silence(
        conn: &mut AnyConnection,
        id: UserId,
        until: Option<NaiveDateTime>,
        reason: Option<&str>,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::silenced_until.eq(until),
                users::silence_reason.eq(reason),
            ))
            .execute(conn)
    }

    /// Suspends someone until `until` (`None` lifts it), saying why.
    pub(crate) fn set_suspension(
        conn: &mut AnyConnection,
        id: UserId,
        until: Option<NaiveDateTime>,
        reason: Option<&str>,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::suspended_until.eq(until),
                users::suspend_reason.eq(reason),
            ))
            .execute(conn)
    }

    /// Sets someone's trust level and whether the new-member limits spare them.
    pub(crate) fn set_trust(
        conn: &mut AnyConnection,
        id: UserId,
        level: i32,
        exempt: bool,
    ) -> QueryResult<usize> {
        diesel::update(users::table.find(id))
            .set((
                users::trust_level.eq(level),
                users::new_member_limits_exempt.eq(exempt),
            ))
            .execute(conn)
    }

    /// Whether mail to their address can reach anyone: an anonymised account's is under
    /// `.invalid` (RFC 2606), where nothing is delivered.
    pub fn mail_reaches(&self) -> bool {
        !self.email_lower.ends_with(".invalid")
    }

    /// Whether they are silenced at `now`.
    pub fn silenced_at(&self, now: NaiveDateTime) -> bool {
        self.silenced_until.is_some_and(|until| until > now)
    }

    /// Whether they are suspended at `now`.
    pub fn suspended_at(&self, now: NaiveDateTime) -> bool {
        self.suspended_until.is_some_and(|until| until > now)
    }

    /// writes them.
    pub(crate) fn count_posts(
        conn: &mut AnyConnection,
        id: UserId,
        topics: i64,
        posts: i64,
    ) -> QueryResult<()> {
        diesel::update(users::table.find(id))
            .set((
                users::topic_count.eq(users::topic_count + topics),
                users::post_count.eq(users::post_count + posts),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// A user's counts as counted from topics and posts: what their [`User::stats`] must
    /// always equal (the tests compare them).
    pub fn counted_stats(conn: &mut AnyConnection, id: UserId) -> QueryResult<UserStats> {
        let topic_count = topics::table
            .filter(topics::user_id.eq(id))
            .count()
            .get_result(conn)?;
        let post_count = posts::table
            .filter(posts::user_id.eq(id))
            .count()
            .get_result(conn)?;
        Ok(UserStats {
            topic_count,
            post_count,
        })
    }

    /// How many accounts exist.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        users::table.count().get_result(conn)
    }
}

/// How the user directory and the admin list may be ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserOrder {
    /// Posts written in the period.
    Posts,
    /// Topics started in the period.
    Topics,
    /// Newest accounts.
    Created,
    /// By username.
    Username,
}

/// A user with what they wrote in a period.
#[derive(Debug, Clone)]
pub struct UserActivity {
    /// Who.
    pub user: User,
    /// Topics started in the period.
    pub topic_count: i64,
    /// Posts written in the period, first posts included.
    pub post_count: i64,
}

impl User {
    /// Every user with their topics and posts since `since` (all time when `None`), ordered by
    /// `order`, and one page of them (`page` from 0) with how many there are in all.
    ///
    /// Counted and sorted in memory: two grouped queries and the users table, which is small
    /// next to the posts. A forum with a very large membership will want this precomputed.
    pub fn activity(
        conn: &mut AnyConnection,
        since: Option<NaiveDateTime>,
        order: UserOrder,
        ascending: bool,
        page: i64,
        per_page: i64,
    ) -> QueryResult<(Vec<UserActivity>, i64)> {
        use diesel::dsl::count_star;
        let mut posts_query = posts::table
            .group_by(posts::user_id)
            .select((posts::user_id, count_star()))
            .into_boxed();
        let mut topics_query = topics::table
            .group_by(topics::user_id)
            .select((topics::user_id, count_star()))
            .into_boxed();
        if let Some(since) = since {
            posts_query = posts_query.filter(posts::created_at.ge(since));
            topics_query = topics_query.filter(topics::created_at.ge(since));
        }
        let posts: HashMap<UserId, i64> = posts_query
            .load::<(UserId, i64)>(conn)?
            .into_iter()
            .collect();
        let topics: HashMap<UserId, i64> = topics_query
            .load::<(UserId, i64)>(conn)?
            .into_iter()
            .collect();
        let mut all: Vec<UserActivity> = users::table
            .select(User::as_select())
            .load(conn)?
            .into_iter()
            .map(|user| UserActivity {
                topic_count: topics.get(&user.id).copied().unwrap_or(0),
                post_count: posts.get(&user.id).copied().unwrap_or(0),
                user,
            })
            .collect();
        all.sort_by(|a, b| {
            let by = match order {
                UserOrder::Posts => a.post_count.cmp(&b.post_count),
                UserOrder::Topics => a.topic_count.cmp(&b.topic_count),
                UserOrder::Created => a.user.created_at.cmp(&b.user.created_at),
                UserOrder::Username => b.user.username_lower.cmp(&a.user.username_lower),
            };
            // Descending unless asked otherwise; ties by id, oldest account first.
            let by = if ascending { by } else { by.reverse() };
            by.then(a.user.id.cmp(&b.user.id))
        });
        let total = all.len() as i64;
        let start = usize::try_from(page.saturating_mul(per_page)).unwrap_or(usize::MAX);
        let found = all
            .into_iter()
            .skip(start)
            .take(usize::try_from(per_page).unwrap_or(0))
            .collect();
        Ok((found, total))
    }
}

impl UserSummary {
    /// Up to `limit` people whose username (or display name) starts with `term`, shortest
    /// username first: @-mention completion and the users a search finds.
    pub fn search(
        conn: &mut AnyConnection,
        term: &str,
        limit: i64,
    ) -> QueryResult<Vec<UserSummary>> {
        let term = term.trim().trim_start_matches('@').to_lowercase();
        if term.is_empty() {
            return Ok(Vec::new());
        }
        let escaped: String = term
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let pattern = format!("{escaped}%");
        // LIKE decides; a range over the indexes on `username_lower` and `lower(name)` (a
        // scan of every member otherwise) narrows the rows it looks at.
        let like = |column: &str| {
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("{column} LIKE "))
                .bind::<diesel::sql_types::Text, _>(pattern.clone())
                .sql(" ESCAPE '\\'")
        };
        let from = |column: &str, low: &str| {
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("{column} >= "))
                .bind::<diesel::sql_types::Text, _>(low.to_owned())
        };
        let below = |column: &str, high: &str| {
            diesel::dsl::sql::<diesel::sql_types::Bool>(&format!("{column} < "))
                .bind::<diesel::sql_types::Text, _>(high.to_owned())
        };
        macro_rules! load_where {
            ($matches:expr) => {
                users::table
                    .filter($matches)
                    .order((
                        diesel::dsl::sql::<diesel::sql_types::Integer>("length(users.username)"),
                        users::username_lower,
                    ))
                    .limit(limit)
                    .select(UserSummary::as_select())
                    .load(conn)
            };
        }
        let (username, name) = ("users.username_lower", "lower(users.name)");
        match prefix_range(&term) {
            Some((low, Some(high))) => load_where!(
                (like(username)
                    .and(from(username, &low))
                    .and(below(username, &high)))
                .or(like(name).and(from(name, &low)).and(below(name, &high)))
            ),
            Some((low, None)) => load_where!(
                (like(username).and(from(username, &low))).or(like(name).and(from(name, &low)))
            ),
            None => load_where!(like(username).or(like(name))),
        }
    }

    /// Summaries for the given ids, in one query.
    pub fn by_ids(
        conn: &mut AnyConnection,
        ids: &[UserId],
    ) -> QueryResult<HashMap<UserId, UserSummary>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let rows: Vec<UserSummary> = users::table
            .filter(users::id.eq_any(unique))
            .select(UserSummary::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}

/// The longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// The longest password, in characters.
pub const MAX_PASSWORD_CHARS: usize = 200;

/// Checks a new password: long enough, not too long, not containing the username.
pub fn check_password(password: &str, username: &str, min_length: usize) -> Result<(), FieldError> {
    let length = password.chars().count();
    let problem = if length < min_length {
        Some(Problem::TooShort { min: min_length })
    } else if length > MAX_PASSWORD_CHARS {
        Some(Problem::TooLong {
            max: MAX_PASSWORD_CHARS,
            actual: length,
        })
    } else if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        Some(Problem::NotAllowed)
    } else {
        None
    };
    problem.map_or(Ok(()), |p| Err(FieldError::new(Field::Password, p)))
}

/// A new account, checked: every field, the password not yet hashed.
#[derive(Clone)]
pub struct SignupInput {
    /// Username.
    pub username: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The password, to be hashed before the account is stored.
    pub password: String,
}

impl std::fmt::Debug for SignupInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignupInput")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl SignupInput {
    /// Checks the fields; every problem is reported.
    pub fn validate(
        username: &str,
        email: &str,
        name: &str,
        password: &str,
        min_password_length: usize,
    ) -> Result<SignupInput, Vec<FieldError>> {
        let mut problems = Problems::default();
        let username = username.trim();
        if !is_valid_username(username) {
            problems.add(Field::Username, Problem::Malformed);
        }
        let email = email.trim();
        if !is_plausible_email(email) {
            problems.add(Field::Email, Problem::Malformed);
        }
        let name = name.trim();
        let name_length = name.chars().count();
        if name_length > MAX_NAME_CHARS {
            problems.add(
                Field::DisplayName,
                Problem::TooLong {
                    max: MAX_NAME_CHARS,
                    actual: name_length,
                },
            );
        }
        problems.note(check_password(password, username, min_password_length));
        problems.or_value(SignupInput {
            username: username.to_owned(),
            email: email.to_owned(),
            name: name.to_owned(),
            password: password.to_owned(),
        })
    }
}

/// The range of strings every string starting with `term` lies in, as far as every collation
/// agrees: bounds made of its leading ASCII letters and digits only (a linguistic collation,
/// as PostgreSQL may use, weighs punctuation and accents differently from bytes). `None` when
/// the term starts with anything else; no upper bound when the prefix is all `z` and `9`.
fn prefix_range(term: &str) -> Option<(String, Option<String>)> {
    let low: String = term
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect();
    if low.is_empty() {
        return None;
    }
    let mut high = low.trim_end_matches(['z', '9']).to_owned();
    let high = high.pop().map(|last| {
        high.push(char::from(last as u8 + 1));
        high
    });
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_range_holds_every_name_starting_with_the_term() {
        let range = |term: &str| prefix_range(term);
        assert_eq!(range("ada"), Some(("ada".into(), Some("adb".into()))));
        // Bounds stop at the first character collations may disagree on.
        assert_eq!(range("m.brett"), Some(("m".into(), Some("n".into()))));
        assert_eq!(range("a9"), Some(("a9".into(), Some("b".into()))));
        assert_eq!(range("zz"), Some(("zz".into(), None)));
        assert_eq!(range("_x"), None);
        assert_eq!(range("ädä"), None);
        for (term, name) in [
            ("ada", "ada lindqvist"),
            ("m.brett", "m.brett"),
            ("a9", "a9_z"),
        ] {
            let (low, high) = range(term).expect("an ASCII term has a range");
            assert!(name >= low.as_str() && high.is_none_or(|h| name < h.as_str()));
        }
    }

    #[test]
    fn usernames_follow_the_mention_rules() {
        for good in ["ada", "stefan_v", "m.brett", "rgommers", "_x_", "a-b"] {
            assert!(is_valid_username(good), "{good} should be valid");
        }
        for bad in [
            "ab",
            "a b",
            "ada.",
            "-ada",
            "ädä",
            "x".repeat(21).as_str(),
            "a@b",
        ] {
            assert!(!is_valid_username(bad), "{bad} should be invalid");
        }
    }

    #[test]
    fn printing_a_user_shows_neither_password_hash_nor_email() {
        let user = User {
            id: UserId(7),
            username: "ada".into(),
            username_lower: "ada".into(),
            email: "ada@example.org".into(),
            email_lower: "ada@example.org".into(),
            name: "Ada".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            role: Role::User,
            created_at: NaiveDateTime::default(),
            coc_accepted_at: None,
            topic_count: 0,
            post_count: 0,
            email_verified_at: None,
            trust_level: 0,
            new_member_limits_exempt: false,
            silenced_until: None,
            silence_reason: None,
            suspended_until: None,
            suspend_reason: None,
            topics_entered: 0,
            posts_read_count: 0,
            dismissed_new_at: None,
            likes_given: 0,
            likes_received: 0,
        };
        let printed = format!("{user:?}");
        assert!(
            printed.contains("ada") && printed.contains("User"),
            "{printed}"
        );
        assert!(
            !printed.contains("argon2") && !printed.contains("example.org"),
            "{printed}"
        );
    }

    #[test]
    fn emails_need_a_domain_with_a_dot() {
        assert!(is_plausible_email("ada@example.org"));
        assert!(!is_plausible_email("ada@localhost"));
        assert!(!is_plausible_email("ada example.org"));
        assert!(!is_plausible_email("@example.org"));
        assert!(!is_plausible_email("a@b@example.org"));
    }
}
