//! Digests: when each member's digest period ends (in their own time zone), who takes one, and
//! what a period holds: the most active new topics of their categories with excerpts, counts,
//! and the proposals whose stage changed. Everything a run needs is loaded once
//! ([`Sources::load`]) and each member's digest is then picked from it in memory
//! ([`Sources::digest_for`]), so 100,000 subscribers cost a few queries, not 100,000.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    categories, category_users, mail_outbox, posts, proposal_events, proposals, topic_users,
    topics, user_options, users,
};
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::user_option::DigestFrequency;
use crate::models::watching::Level;

/// Topics one digest lists at most.
pub const TOPICS_PER_DIGEST: usize = 10;

/// Characters of a topic's first post a digest quotes.
pub const EXCERPT_CHARS: usize = 240;

/// One digest period of one member: `[start, end)` in UTC, named by `key`
/// (`weekly-2026-11-23`: the frequency and the local date it ends on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Daily or weekly.
    pub frequency: DigestFrequency,
    /// When it starts (UTC).
    pub start: NaiveDateTime,
    /// When it ends and the digest leaves (UTC).
    pub end: NaiveDateTime,
    /// Its name, stable: in outbox keys and web-view URLs.
    pub key: String,
}

/// When digests leave: the site's weekday and hour, read in each member's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// Weekly digests leave on this day.
    pub weekday: Weekday,
    /// Every digest leaves at this hour (0–23).
    pub hour: u32,
}

impl Schedule {
    /// The schedule `[mail]` sets.
    pub fn of(config: &crate::config::Config) -> Schedule {
        Schedule {
            weekday: config.mail.digest_weekday,
            hour: config.mail.digest_hour,
        }
    }

    fn length(frequency: DigestFrequency) -> i64 {
        match frequency {
            DigestFrequency::Weekly => 7,
            _ => 1,
        }
    }

    /// The local date of the most recent end at or before `now` for someone in `tz`.
    fn last_end_date(self, frequency: DigestFrequency, tz: Tz, now: NaiveDateTime) -> NaiveDate {
        let local = tz.from_utc_datetime(&now).naive_local();
        let before_hour =
            local.time() < chrono::NaiveTime::from_hms_opt(self.hour, 0, 0).unwrap_or_default();
        let mut date = local.date();
        match frequency {
            DigestFrequency::Weekly => {
                let back = (7 + local.weekday().num_days_from_monday()
                    - self.weekday.num_days_from_monday())
                    % 7;
                date -= Duration::days(i64::from(back));
                if back == 0 && before_hour {
                    date -= Duration::days(7);
                }
            }
            _ => {
                if before_hour {
                    date -= Duration::days(1);
                }
            }
        }
        date
    }

    /// The period ending on local date `date` (at the hour) in `tz`.
    fn period_ending(self, frequency: DigestFrequency, tz: Tz, date: NaiveDate) -> Option<Period> {
        let end = self.utc_at(tz, date)?;
        let start = self.utc_at(tz, date - Duration::days(Self::length(frequency)))?;
        Some(Period {
            frequency,
            start,
            end,
            key: format!("{}-{date}", frequency.as_str()),
        })
    }

    /// The UTC instant of `date` at the hour in `tz`; in a daylight-saving gap, the first
    /// instant after it.
    fn utc_at(self, tz: Tz, date: NaiveDate) -> Option<NaiveDateTime> {
        let local = date.and_hms_opt(self.hour, 0, 0)?;
        tz.from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(local + Duration::hours(1)))
                    .earliest()
            })
            .map(|at| at.naive_utc())
    }

    /// The most recent period that has ended at `now` (its digest is due), for someone in `tz`.
    pub fn last_ended(
        self,
        frequency: DigestFrequency,
        tz: Tz,
        now: NaiveDateTime,
    ) -> Option<Period> {
        if frequency == DigestFrequency::Never {
            return None;
        }
        let date = self.last_end_date(frequency, tz, now);
        self.period_ending(frequency, tz, date)
    }

    /// The period in progress at `now`: what the next digest holds so far.
    pub fn in_progress(
        self,
        frequency: DigestFrequency,
        tz: Tz,
        now: NaiveDateTime,
    ) -> Option<Period> {
        let frequency = match frequency {
            DigestFrequency::Never => DigestFrequency::Weekly,
            other => other,
        };
        let date = self.last_end_date(frequency, tz, now) + Duration::days(Self::length(frequency));
        self.period_ending(frequency, tz, date)
    }

    /// The period named `key` (`weekly-2026-11-23`) for someone in `tz`, if it is one this
    /// schedule has (a weekly key must fall on the weekday).
    pub fn named(self, key: &str, tz: Tz) -> Option<Period> {
        let (frequency, date) = key.split_once('-')?;
        let frequency = DigestFrequency::parse(frequency)?;
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        if frequency == DigestFrequency::Never
            || (frequency == DigestFrequency::Weekly && date.weekday() != self.weekday)
        {
            return None;
        }
        self.period_ending(frequency, tz, date)
    }
}

/// The time zone called `name`, or UTC.
pub fn time_zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The user ids a query covers: one, or all. One query serves both, filtering on a range
/// (diesel's boxed queries cannot take the multi-backend connection).
fn id_range(only: Option<UserId>) -> (UserId, UserId) {
    match only {
        Some(user) => (user, user),
        None => (UserId(i64::MIN), UserId(i64::MAX)),
    }
}

/// Someone who takes a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    /// Who.
    pub user_id: UserId,
    /// Their username.
    pub username: String,
    /// Their (confirmed) address.
    pub email: String,
    /// Daily or weekly.
    pub frequency: DigestFrequency,
    /// Their time zone's name.
    pub time_zone: String,
    /// Every category they have not muted, or only those they chose.
    pub all_categories: bool,
}

impl Subscriber {
    /// Everyone with a confirmed address who takes a digest (or only `only`).
    pub fn all(conn: &mut AnyConnection, only: Option<UserId>) -> QueryResult<Vec<Subscriber>> {
        let (low, high) = id_range(only);
        let rows: Vec<(UserId, String, String, String, String, bool)> = user_options::table
            .inner_join(users::table)
            .filter(user_options::digest_frequency.ne(DigestFrequency::Never.as_str()))
            .filter(users::email_verified_at.is_not_null())
            .filter(users::id.ge(low).and(users::id.le(high)))
            .select((
                users::id,
                users::username,
                users::email,
                user_options::digest_frequency,
                user_options::time_zone,
                user_options::digest_all_categories,
            ))
            .order(users::id)
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|(user_id, username, email, frequency, time_zone, all)| {
                Some(Subscriber {
                    user_id,
                    username,
                    email,
                    frequency: DigestFrequency::parse(&frequency)?,
                    time_zone,
                    all_categories: all,
                })
            })
            .collect())
    }
}

impl Subscriber {
    /// `user` as a digest reader, whatever they chose (the web view and the admins' preview
    /// show a digest to someone who takes none: weekly, as the default is).
    pub fn of(conn: &mut AnyConnection, user: UserId) -> QueryResult<Option<Subscriber>> {
        let row: Option<(UserId, String, String, String, String, bool)> = user_options::table
            .inner_join(users::table)
            .filter(users::id.eq(user))
            .select((
                users::id,
                users::username,
                users::email,
                user_options::digest_frequency,
                user_options::time_zone,
                user_options::digest_all_categories,
            ))
            .first(conn)
            .optional()?;
        Ok(row.map(
            |(user_id, username, email, frequency, time_zone, all_categories)| Subscriber {
                user_id,
                username,
                email,
                frequency: match DigestFrequency::parse(&frequency) {
                    Some(DigestFrequency::Daily) => DigestFrequency::Daily,
                    _ => DigestFrequency::Weekly,
                },
                time_zone,
                all_categories,
            },
        ))
    }
}

/// A topic a digest lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestTopic {
    /// Id.
    pub id: TopicId,
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Its category's name.
    pub category: String,
    /// Who started it.
    pub author: String,
    /// Posts in it by the period's end.
    pub posts: i64,
    /// The start of its first post.
    pub excerpt: String,
    /// When it started.
    pub created_at: NaiveDateTime,
}

impl DigestTopic {
    /// Its address.
    pub fn url(&self) -> String {
        format!("/t/{}/{}", self.slug, self.id)
    }
}

/// A proposal whose stage changed in the period (the committee's decisions, from
/// `proposal_events`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalChange {
    /// The proposal's title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// What happened ("accepted as SPEC 9").
    pub change: String,
}

/// One member's digest for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The period.
    pub period: Period,
    /// The most active new topics, most active first.
    pub topics: Vec<DigestTopic>,
    /// New topics in their categories in the period.
    pub new_topics: i64,
    /// New posts (replies included) in their categories in the period.
    pub new_posts: i64,
    /// Proposals whose stage changed.
    pub proposals: Vec<ProposalChange>,
}

impl Digest {
    /// Whether there is nothing to tell (no digest is sent then).
    pub fn is_empty(&self) -> bool {
        self.new_posts == 0 && self.proposals.is_empty()
    }
}

/// What one window of time holds, across categories, computed once per distinct window.
#[derive(Debug, Default)]
struct Window {
    /// Indexes into `Sources::topics` of topics started in it, most active first, with
    /// their post counts by the window's end.
    ranked: Vec<(usize, i64)>,
    /// New topics and posts per category.
    counts: HashMap<CategoryId, (i64, i64)>,
}

/// A topic as loaded for digests.
#[derive(Debug, Clone)]
struct SourceTopic {
    topic: DigestTopic,
    category_id: CategoryId,
}

/// Everything digests since `since` are picked from, loaded once per run.
#[derive(Debug, Default)]
pub struct Sources {
    topics: Vec<SourceTopic>,
    /// Per topic (by index), its posts' times, sorted.
    post_times: Vec<Vec<NaiveDateTime>>,
    /// Every post since `since`: when, and in which category.
    posts: Vec<(NaiveDateTime, CategoryId)>,
    /// Categories each member muted, and those they chose for their digest.
    muted: HashMap<UserId, HashSet<CategoryId>>,
    chosen: HashMap<UserId, HashSet<CategoryId>>,
    /// Topics each member muted (among those loaded).
    muted_topics: HashMap<UserId, HashSet<TopicId>>,
    every_category: Vec<CategoryId>,
    windows: HashMap<(NaiveDateTime, NaiveDateTime), Window>,
    /// Stage changes of listed proposals since `since`, oldest first: when, the topic's
    /// category and id, and what a digest says of it.
    stage_changes: Vec<(NaiveDateTime, CategoryId, TopicId, ProposalChange)>,
}

/// A loaded topic row: topic, category name, author, first post's HTML.
type TopicRow = (
    (TopicId, String, String, CategoryId, NaiveDateTime),
    String,
    String,
    String,
);

impl Sources {
    /// Loads the topics and posts made since `since`, and the category and topic choices
    /// digests respect: every member's, or only `only`'s (one digest's web view needs no one
    /// else's). `excerpt` turns a first post's HTML into the words a digest quotes
    /// (`markdown::excerpt`, a layer above this one); `number_prefix` writes proposals'
    /// numbers (`[proposals] number_prefix`).
    pub fn load(
        conn: &mut AnyConnection,
        since: NaiveDateTime,
        only: Option<UserId>,
        excerpt: impl Fn(&str) -> String,
        number_prefix: &str,
    ) -> QueryResult<Sources> {
        let (low, high) = id_range(only);
        let rows: Vec<TopicRow> = topics::table
            .inner_join(categories::table)
            .inner_join(users::table.on(users::id.eq(topics::user_id)))
            .inner_join(
                posts::table.on(posts::topic_id.eq(topics::id).and(posts::post_number.eq(1))),
            )
            .filter(topics::created_at.ge(since))
            .order(topics::id)
            .select((
                (
                    topics::id,
                    topics::title,
                    topics::slug,
                    topics::category_id,
                    topics::created_at,
                ),
                categories::name,
                users::username,
                posts::cooked,
            ))
            .load(conn)?;
        let mut index: HashMap<TopicId, usize> = HashMap::new();
        let mut topics = Vec::with_capacity(rows.len());
        for ((id, title, slug, category_id, created_at), category, author, cooked) in rows {
            index.insert(id, topics.len());
            topics.push(SourceTopic {
                topic: DigestTopic {
                    id,
                    title,
                    slug,
                    category,
                    author,
                    posts: 0,
                    excerpt: excerpt(&cooked),
                    created_at,
                },
                category_id,
            });
        }
        let post_rows: Vec<(TopicId, CategoryId, NaiveDateTime)> = posts::table
            .inner_join(topics::table)
            .filter(posts::created_at.ge(since))
            .select((posts::topic_id, topics::category_id, posts::created_at))
            .load(conn)?;
        let mut post_times = vec![Vec::new(); topics.len()];
        let mut posts = Vec::with_capacity(post_rows.len());
        for (topic, category, at) in post_rows {
            if let Some(&i) = index.get(&topic) {
                post_times[i].push(at);
            }
            posts.push((at, category));
        }
        for times in &mut post_times {
            times.sort_unstable();
        }
        let mut muted: HashMap<UserId, HashSet<CategoryId>> = HashMap::new();
        let mut chosen: HashMap<UserId, HashSet<CategoryId>> = HashMap::new();
        let choices: Vec<(UserId, CategoryId, i32, bool)> = category_users::table
            .filter(
                category_users::user_id
                    .ge(low)
                    .and(category_users::user_id.le(high)),
            )
            .filter(
                category_users::notification_level
                    .eq(Level::Muted.code())
                    .or(category_users::in_digest),
            )
            .select((
                category_users::user_id,
                category_users::category_id,
                category_users::notification_level,
                category_users::in_digest,
            ))
            .load(conn)?;
        for (user, category, level, in_digest) in choices {
            if level == Level::Muted.code() {
                muted.entry(user).or_default().insert(category);
            }
            if in_digest {
                chosen.entry(user).or_default().insert(category);
            }
        }
        let mut muted_topics: HashMap<UserId, HashSet<TopicId>> = HashMap::new();
        let muted_rows: Vec<(UserId, TopicId)> = topic_users::table
            .inner_join(topics::table)
            .filter(topics::created_at.ge(since))
            .filter(topic_users::notification_level.eq(Level::Muted.code()))
            .filter(
                topic_users::user_id
                    .ge(low)
                    .and(topic_users::user_id.le(high)),
            )
            .select((topic_users::user_id, topic_users::topic_id))
            .load(conn)?;
        for (user, topic) in muted_rows {
            muted_topics.entry(user).or_default().insert(topic);
        }
        let every_category = categories::table.select(categories::id).load(conn)?;
        let stage_changes = stage_changes(conn, since, number_prefix)?;
        Ok(Sources {
            topics,
            post_times,
            posts,
            muted,
            chosen,
            muted_topics,
            every_category,
            windows: HashMap::new(),
            stage_changes,
        })
    }

    /// Computes what `[start, end)` holds, the first time a member's period asks for it.
    fn ensure_window(&mut self, start: NaiveDateTime, end: NaiveDateTime) {
        let Sources {
            topics,
            post_times,
            posts,
            windows,
            ..
        } = self;
        windows.entry((start, end)).or_insert_with(|| {
            let mut window = Window::default();
            for (i, source) in topics.iter().enumerate() {
                let created = source.topic.created_at;
                if created >= start && created < end {
                    let by_end = post_times[i].partition_point(|at| *at < end) as i64;
                    window.ranked.push((i, by_end));
                    window.counts.entry(source.category_id).or_default().0 += 1;
                }
            }
            for (at, category) in posts.iter() {
                if *at >= start && *at < end {
                    window.counts.entry(*category).or_default().1 += 1;
                }
            }
            // Most active first; among equals, the newest.
            window.ranked.sort_by(|a, b| {
                b.1.cmp(&a.1).then(
                    topics[b.0]
                        .topic
                        .created_at
                        .cmp(&topics[a.0].topic.created_at),
                )
            });
            window
        });
    }

    /// `subscriber`'s digest for `period`: their categories (all but the muted, or those
    /// they chose, never a muted one), without topics they muted.
    pub fn digest_for(&mut self, subscriber: &Subscriber, period: Period) -> Digest {
        let (start, end) = (period.start, period.end);
        self.ensure_window(start, end);
        let window = &self.windows[&(start, end)];
        let none = HashSet::new();
        let muted = self.muted.get(&subscriber.user_id).unwrap_or(&none);
        let allowed: HashSet<CategoryId> = if subscriber.all_categories {
            self.every_category
                .iter()
                .copied()
                .filter(|c| !muted.contains(c))
                .collect()
        } else {
            self.chosen
                .get(&subscriber.user_id)
                .unwrap_or(&none)
                .iter()
                .copied()
                .filter(|c| !muted.contains(c))
                .collect()
        };
        let no_topics = HashSet::new();
        let muted_topics = self
            .muted_topics
            .get(&subscriber.user_id)
            .unwrap_or(&no_topics);
        let (mut new_topics, mut new_posts) = (0, 0);
        for (category, (t, p)) in &window.counts {
            if allowed.contains(category) {
                new_topics += t;
                new_posts += p;
            }
        }
        let picked: Vec<(usize, i64)> = window
            .ranked
            .iter()
            .copied()
            .filter(|(i, _)| {
                let source = &self.topics[*i];
                allowed.contains(&source.category_id) && !muted_topics.contains(&source.topic.id)
            })
            .take(TOPICS_PER_DIGEST)
            .collect();
        let topics = picked
            .into_iter()
            .map(|(i, posts)| DigestTopic {
                posts,
                ..self.topics[i].topic.clone()
            })
            .collect();
        // Proposals are the ecosystem's news: every member hears of them, unless they muted
        // the category or the topic.
        let proposals = self
            .stage_changes
            .iter()
            .filter(|(at, category, topic, _)| {
                *at >= start
                    && *at < end
                    && !muted.contains(category)
                    && !muted_topics.contains(topic)
            })
            .map(|(.., change)| change.clone())
            .collect();
        Digest {
            period,
            topics,
            new_topics,
            new_posts,
            proposals,
        }
    }
}

/// A loaded stage change: when, the topic (id, title, slug, category), the proposal's number,
/// and the stages.
type StageRow = (
    NaiveDateTime,
    (TopicId, String, String, CategoryId),
    Option<i32>,
    Option<String>,
    Option<String>,
);

/// The committee's decisions on listed proposals since `since`, oldest first.
fn stage_changes(
    conn: &mut AnyConnection,
    since: NaiveDateTime,
    number_prefix: &str,
) -> QueryResult<Vec<(NaiveDateTime, CategoryId, TopicId, ProposalChange)>> {
    use crate::models::proposal::{EventKind, Stage};
    let rows: Vec<StageRow> = proposal_events::table
        .inner_join(topics::table.on(topics::id.eq(proposal_events::proposal_id)))
        .inner_join(proposals::table.on(proposals::topic_id.eq(proposal_events::proposal_id)))
        .filter(proposal_events::kind.eq(EventKind::Stage.as_str()))
        .filter(proposal_events::created_at.ge(since))
        .filter(topics::visible.eq(true))
        .filter(topics::deleted_at.is_null())
        .order(proposal_events::id)
        .select((
            proposal_events::created_at,
            (topics::id, topics::title, topics::slug, topics::category_id),
            proposals::number,
            proposal_events::from_stage,
            proposal_events::to_stage,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, (id, title, slug, category), number, from, to)| {
            let to = to.as_deref().and_then(Stage::parse);
            let from = from.as_deref().and_then(Stage::parse);
            let numbered = number
                .map(|n| format!(" as {number_prefix} {n}"))
                .unwrap_or_default();
            let change = match to {
                Some(Stage::Accepted) if from == Some(Stage::Idea) => format!("accepted{numbered}"),
                Some(Stage::Published) if from == Some(Stage::Idea) => {
                    format!("accepted and published{numbered}")
                }
                Some(Stage::Accepted) => "back to accepted".to_owned(),
                Some(Stage::Published) => "published".to_owned(),
                Some(Stage::Idea) => "back to the idea stage".to_owned(),
                Some(Stage::Withdrawn) => "withdrawn".to_owned(),
                Some(Stage::Superseded) => "superseded by another proposal".to_owned(),
                None => "its stage changed".to_owned(),
            };
            let url = format!("/t/{slug}/{id}");
            (at, category, id, ProposalChange { title, url, change })
        })
        .collect())
}

/// The digest outbox keys written since `since`, so a run does not compose what was sent.
pub fn keys_since(conn: &mut AnyConnection, since: NaiveDateTime) -> QueryResult<HashSet<String>> {
    let keys: Vec<String> = mail_outbox::table
        .filter(mail_outbox::kind.eq(crate::models::mail_outbox::MailKind::Digest.as_str()))
        .filter(mail_outbox::created_at.ge(since))
        .select(mail_outbox::dedupe_key)
        .load(conn)?;
    Ok(keys.into_iter().collect())
}

/// The outbox key of `user`'s digest for `period`.
pub fn outbox_key(user: UserId, period: &Period) -> String {
    format!("digest:{user}:{}", period.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("a time")
    }

    const MONDAY_EIGHT: Schedule = Schedule {
        weekday: Weekday::Mon,
        hour: 8,
    };

    #[test]
    fn weekly_periods_end_on_the_weekday_at_the_hour_of_the_members_zone() {
        // Monday 2026-11-23, 07:30 UTC is 08:30 in Paris: Paris's period has just ended.
        let now = at("2026-11-23 07:30");
        let paris = time_zone("Europe/Paris");
        let period = MONDAY_EIGHT
            .last_ended(DigestFrequency::Weekly, paris, now)
            .expect("a period");
        assert_eq!(period.key, "weekly-2026-11-23");
        assert_eq!(period.end, at("2026-11-23 07:00"));
        assert_eq!(period.start, at("2026-11-16 07:00"));
        // In New York it is 02:30 on Monday: the last period ended a week ago.
        let new_york = time_zone("America/New_York");
        let period = MONDAY_EIGHT
            .last_ended(DigestFrequency::Weekly, new_york, now)
            .expect("a period");
        assert_eq!(period.key, "weekly-2026-11-16");
        assert_eq!(period.end, at("2026-11-16 13:00"));
        // The next one, in progress, ends this Monday at 08:00 New York time.
        let next = MONDAY_EIGHT
            .in_progress(DigestFrequency::Weekly, new_york, now)
            .expect("a period");
        assert_eq!(next.key, "weekly-2026-11-23");
        assert_eq!(next.end, at("2026-11-23 13:00"));
        assert_eq!(
            MONDAY_EIGHT.named("weekly-2026-11-23", new_york),
            Some(next)
        );
        assert_eq!(
            MONDAY_EIGHT.named("weekly-2026-11-24", new_york),
            None,
            "a Tuesday"
        );
        assert_eq!(MONDAY_EIGHT.named("hourly-2026-11-23", new_york), None);
    }

    #[test]
    fn daily_periods_and_daylight_saving_days_still_end_at_the_hour() {
        let utc = time_zone("UTC");
        let daily = MONDAY_EIGHT
            .last_ended(DigestFrequency::Daily, utc, at("2026-11-25 07:59"))
            .expect("a period");
        assert_eq!(daily.key, "daily-2026-11-24");
        assert_eq!(
            (daily.start, daily.end),
            (at("2026-11-23 08:00"), at("2026-11-24 08:00"))
        );
        // Berlin's clocks went back on 2026-10-25: that day's period is 25 hours long.
        let berlin = time_zone("Europe/Berlin");
        let period = MONDAY_EIGHT
            .last_ended(DigestFrequency::Daily, berlin, at("2026-10-25 12:00"))
            .expect("a period");
        assert_eq!(
            (period.start, period.end),
            (at("2026-10-24 06:00"), at("2026-10-25 07:00"))
        );
        assert_eq!(
            MONDAY_EIGHT.last_ended(DigestFrequency::Never, utc, at("2026-10-25 12:00")),
            None
        );
    }
}
