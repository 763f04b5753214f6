//! `convene demo --posts N`: grows the demo community to N posts, for benchmarks and for
//! seeing how pages behave at a large forum's size. The history is shaped like a real forum's:
//! many members of whom a few write most, topics whose lengths have a long tail (most get a
//! handful of replies, a few run to hundreds) plus one very long topic, and posts with code
//! blocks, tables, quotes, lists and maths, half of them with a sentence of their own (rare
//! words, identifiers few posts share, error lines with their own numbers). It is written through `services::import`, many
//! topics per transaction, with every distinct paragraph rendered once, so a million posts
//! load in about a minute. Deterministic: the same N gives the same forum.

use anyhow::Context;
use chrono::{Duration, NaiveDateTime};

use super::content;
use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, TopicId, UserId};
use crate::models::post::{Body, Post};
use crate::models::user::{Role, SignupInput};
use crate::services;
use crate::services::account::{Joining, PasswordHash};
use crate::services::import::{ImportedPost, ImportedTopic};

/// Posts written per transaction: large enough that commits cost little, small enough that
/// a reader is never kept waiting long.
const POSTS_PER_BATCH: usize = 5_000;

/// Posts of the one very long topic (capped at a tenth of the forum for small sizes).
const LONG_TOPIC_POSTS: usize = 10_000;

/// About one member for this many posts, as on a forum where most people post a few times.
const POSTS_PER_MEMBER: u64 = 40;

/// Members at most: enough for "many authors", few enough to create in seconds.
const MAX_MEMBERS: u64 = 25_000;

/// How far back the grown history reaches.
const HISTORY_DAYS: i64 = 3 * 365;

/// A piece of Markdown and its HTML, rendered once and reused in many posts. Paragraph-level
/// blocks joined by blank lines render to their HTML joined, so posts made of pieces are
/// exactly what `markdown::cook` would make of their Markdown.
struct Piece {
    raw: String,
    cooked: String,
}

impl Piece {
    fn new(raw: &str) -> Piece {
        let cooked = markdown::cook(raw).as_str().to_owned();
        Piece {
            raw: raw.to_owned(),
            cooked,
        }
    }
}

/// Every piece posts are made of.
struct Pieces {
    openings: Vec<Piece>,
    details: Vec<Piece>,
    closings: Vec<Piece>,
    replies: Vec<Piece>,
}

impl Pieces {
    fn render() -> Pieces {
        let all = |texts: &[&str]| texts.iter().map(|t| Piece::new(t)).collect::<Vec<_>>();
        Pieces {
            openings: all(content::OPENINGS),
            details: all(content::DETAILS),
            closings: all(content::CLOSINGS),
            // Replies name the topic's starter; here they all thank the same regular.
            replies: content::REPLIES
                .iter()
                .map(|r| Piece::new(&r.replace("{op}", "ada.l")))
                .collect(),
        }
    }
}

/// Words and identifiers for the paragraph that makes each post its own. Without it a grown
/// forum says the same few hundred things over and over, and a search benchmark on it would
/// measure nothing a real forum has: rare words, identifiers few posts share, error lines whose
/// numbers differ. Both are drawn with a long tail (a log-uniform rank), as words are used.
struct Vocabulary {
    /// Every word of the demo's own texts, shuffled so rank has nothing to do with spelling.
    words: Vec<String>,
}

/// `package.module.verb_noun` identifiers in all.
const IDENTIFIERS: usize =
    content::PACKAGES.len() * content::MODULES.len() * content::VERBS.len() * content::NOUNS.len();

impl Vocabulary {
    fn new(rng: &mut fastrand::Rng) -> Vocabulary {
        let texts = content::OPENINGS
            .iter()
            .chain(content::DETAILS)
            .chain(content::CLOSINGS)
            .chain(content::REPLIES)
            .chain(content::TITLES.iter().flat_map(|(_, titles)| titles.iter()));
        let mut words: Vec<String> = texts
            .flat_map(|text| text.split(|c: char| !c.is_ascii_alphabetic()))
            .filter(|word| word.len() >= 3)
            .map(str::to_lowercase)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        rng.shuffle(&mut words);
        Vocabulary { words }
    }

    /// A rank in `0..n`, low ranks far more often than high ones.
    fn skewed(rng: &mut fastrand::Rng, n: usize) -> usize {
        ((n as f64).powf(rng.f64()) as usize)
            .saturating_sub(1)
            .min(n - 1)
    }

    /// An identifier such as `scipy.signal.filter_peaks`; most are rare.
    fn identifier(rng: &mut fastrand::Rng) -> String {
        // Scrambled (7919 is prime to the count), so the common ones spread over every package.
        let mut rank = Self::skewed(rng, IDENTIFIERS) * 7919 % IDENTIFIERS;
        let mut pick = |names: &[&'static str]| {
            let name = names[rank % names.len()];
            rank /= names.len();
            name
        };
        let (noun, verb) = (pick(content::NOUNS), pick(content::VERBS));
        let (module, package) = (pick(content::MODULES), pick(content::PACKAGES));
        format!("{package}.{module}.{verb}_{noun}")
    }

    /// Half the posts get a paragraph of their own: a sentence of skewed words with an
    /// identifier or two in backticks, and sometimes an error line with its own numbers.
    fn paragraph(&self, rng: &mut fastrand::Rng) -> Option<Piece> {
        if rng.bool() {
            return None;
        }
        let mut sentence = Vec::new();
        for _ in 0..rng.usize(6..=14) {
            sentence.push(self.words[Self::skewed(rng, self.words.len())].clone());
        }
        for _ in 0..rng.usize(1..=2) {
            let at = rng.usize(..=sentence.len());
            sentence.insert(at, format!("`{}`", Self::identifier(rng)));
        }
        let mut raw = sentence.join(" ");
        raw[..1].make_ascii_uppercase();
        raw.push('.');
        if rng.u8(..6) == 0 {
            let line = content::ERRORS[rng.usize(..content::ERRORS.len())]
                .replace("{a}", &rng.u32(2..5000).to_string())
                .replace("{b}", &rng.u32(1..64).to_string())
                .replace("{c}", &rng.u32(2..1000).to_string());
            raw.push_str(&format!("\n\n```text\n{line}\n```"));
        }
        Some(Piece::new(&raw))
    }
}

/// A post being written: its Markdown (checked) and HTML.
struct Written {
    body: Body,
    cooked: String,
}

impl Written {
    fn of(pieces: &[&Piece]) -> anyhow::Result<Written> {
        let raw = pieces
            .iter()
            .map(|p| p.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let cooked = pieces.iter().map(|p| p.cooked.as_str()).collect();
        Ok(Written {
            body: Body::new(raw, super::DEMO_MAX_BODY_BYTES)
                .map_err(services::ServiceError::from)?,
            cooked,
        })
    }
}

/// A topic planned in memory before it is written.
struct Planned {
    title: String,
    category: CategoryId,
    posts: Vec<(UserId, Written, NaiveDateTime, Option<i32>)>,
}

/// Grows the forum (the demo community, already loaded) to `target` posts. Returns a
/// summary for the person who ran it.
pub fn grow(
    conn: &mut AnyConnection,
    target: u64,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<String> {
    let existing = Post::count(conn)? as u64;
    if target <= existing {
        return Ok(format!(
            "The forum already has {existing} posts, at least the {target} asked for."
        ));
    }
    let wanted = usize::try_from(target - existing).context("too many posts for this machine")?;
    let mut rng = fastrand::Rng::with_seed(target);
    let now = crate::db::now();
    let categories: Vec<CategoryId> = Category::all(conn)?
        .into_iter()
        .filter(|c| !c.read_only)
        .map(|c| c.id)
        .collect();
    let members = add_members(conn, target, now, progress)?;
    let pieces = Pieces::render();
    let vocabulary = Vocabulary::new(&mut rng);
    let titles: Vec<&str> = content::TITLES
        .iter()
        .flat_map(|(_, titles)| titles.iter().copied())
        .collect();

    // The lengths of every topic, decided first so the history can be spread evenly in time.
    let long = LONG_TOPIC_POSTS.min(wanted / 10).max(1);
    let mut lengths = vec![long];
    // Which of the shuffled topics is the long one: its address is reported for benchmarks.
    let mut long_address = None;
    let mut planned = long;
    while planned < wanted {
        let length = topic_length(&mut rng).min(wanted - planned);
        lengths.push(length);
        planned += length;
    }
    rng.shuffle(&mut lengths);

    let span = Duration::days(HISTORY_DAYS).num_minutes();
    let mut batch: Vec<Planned> = Vec::new();
    let mut long_in_batch = None;
    let (mut in_batch, mut written, mut topics) = (0, 0, 0);
    for (index, &length) in lengths.iter().enumerate() {
        // Topics start in order over the history; their replies follow over hours to weeks.
        let started = now - Duration::minutes(span - index as i64 * span / lengths.len() as i64);
        let topic = plan_topic(
            &mut rng,
            &pieces,
            &vocabulary,
            &members,
            &titles,
            &categories,
            started,
            now,
            length,
        )?;
        in_batch += topic.posts.len();
        if length == long && long_address.is_none() && long_in_batch.is_none() {
            long_in_batch = Some((batch.len(), topic.title.clone()));
        }
        batch.push(topic);
        if in_batch >= POSTS_PER_BATCH || index + 1 == lengths.len() {
            written += in_batch;
            topics += batch.len();
            let ids = write_batch(conn, &batch)?;
            if let Some((position, title)) = long_in_batch.take() {
                long_address = Some(format!(
                    "/t/{}/{}",
                    crate::models::topic_slug(&title),
                    ids[position]
                ));
            }
            batch.clear();
            in_batch = 0;
            progress(&format!(
                "Imported {written} of {wanted} posts ({topics} topics)…"
            ));
        }
    }
    Ok(format!(
        "Grew the forum by {topics} topics and {written} posts ({} in all), with {} more members; \
         the longest topic has {long} posts: {}",
        existing + written as u64,
        members.len(),
        long_address.unwrap_or_default(),
    ))
}

/// Members `member1`, `member2`, …, about one per `POSTS_PER_MEMBER` posts, sharing the demo
/// password (hashed once).
fn add_members(
    conn: &mut AnyConnection,
    target: u64,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<Vec<UserId>> {
    let count = (target / POSTS_PER_MEMBER).clamp(10, MAX_MEMBERS) as usize;
    let hash = PasswordHash(crate::auth::password::hash(super::DEMO_PASSWORD)?);
    let joined = now - Duration::days(HISTORY_DAYS + 30);
    let mut members = Vec::with_capacity(count);
    for chunk_start in (0..count).step_by(1_000) {
        let chunk: Vec<SignupInput> = (chunk_start..count.min(chunk_start + 1_000))
            .map(|i| {
                let username = format!("member{}", i + 1);
                let email = format!("{username}@example.org");
                SignupInput::validate(&username, &email, "", super::DEMO_PASSWORD, 0)
                    .map_err(services::ServiceError::from)
            })
            .collect::<Result<_, _>>()?;
        let made = services::run_at(conn, joined, |tx| {
            chunk
                .iter()
                .map(|input| {
                    services::account::create(tx, input, &hash, Role::User, Joining::SETTLED)
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        members.extend(made.into_iter().map(|u| u.id));
    }
    progress(&format!("Added {count} members."));
    Ok(members)
}

/// Replies plus the first post: most topics are short, a few are long (a long tail).
fn topic_length(rng: &mut fastrand::Rng) -> usize {
    1 + match rng.u32(..100) {
        0..40 => rng.usize(0..=3),
        40..70 => rng.usize(4..=10),
        70..90 => rng.usize(11..=30),
        90..98 => rng.usize(31..=100),
        _ => rng.usize(101..=400),
    }
}

/// A member, chosen so that a few write much and most write little.
fn author(rng: &mut fastrand::Rng, members: &[UserId]) -> UserId {
    let skewed = rng.f64() * rng.f64();
    members[(skewed * members.len() as f64) as usize]
}

#[expect(
    clippy::too_many_arguments,
    reason = "the generator's state, passed down once"
)]
fn plan_topic(
    rng: &mut fastrand::Rng,
    pieces: &Pieces,
    vocabulary: &Vocabulary,
    members: &[UserId],
    titles: &[&str],
    categories: &[CategoryId],
    started: NaiveDateTime,
    now: NaiveDateTime,
    length: usize,
) -> anyhow::Result<Planned> {
    let mut first = vec![&pieces.openings[rng.usize(..pieces.openings.len())]];
    first.push(&pieces.details[rng.usize(..pieces.details.len())]);
    if rng.bool() {
        first.push(&pieces.details[rng.usize(..pieces.details.len())]);
    }
    first.push(&pieces.closings[rng.usize(..pieces.closings.len())]);
    let extra = vocabulary.paragraph(rng);
    first.extend(extra.as_ref());
    let mut posts = vec![(author(rng, members), Written::of(&first)?, started, None)];
    // Replies come minutes to days apart, but never after now: a long topic is dense.
    let room = (now - started).num_minutes().max(1);
    let step = (room / length as i64).clamp(1, 60 * 24 * 2);
    let mut at = started;
    for number in 2..=length {
        at = (at + Duration::minutes(rng.i64(1..=step))).min(now);
        let mut chosen = vec![&pieces.replies[rng.usize(..pieces.replies.len())]];
        if rng.u8(..10) == 0 {
            chosen.push(&pieces.replies[rng.usize(..pieces.replies.len())]);
        }
        let extra = vocabulary.paragraph(rng);
        chosen.extend(extra.as_ref());
        let reply_to = (number > 2 && rng.u8(..10) < 3).then(|| rng.i32(1..number as i32));
        posts.push((author(rng, members), Written::of(&chosen)?, at, reply_to));
    }
    Ok(Planned {
        title: titles[rng.usize(..titles.len())].to_owned(),
        category: categories[rng.usize(..categories.len())],
        posts,
    })
}

/// Writes a batch of planned topics in one transaction; returns their ids in order.
fn write_batch(conn: &mut AnyConnection, batch: &[Planned]) -> anyhow::Result<Vec<TopicId>> {
    fn post(planned: &(UserId, Written, NaiveDateTime, Option<i32>)) -> ImportedPost<'_> {
        let (author, written, at, reply_to) = planned;
        ImportedPost {
            author: *author,
            body: &written.body,
            cooked: &written.cooked,
            at: *at,
            reply_to: *reply_to,
        }
    }
    let topics: Vec<ImportedTopic> = batch
        .iter()
        .map(|planned| ImportedTopic {
            title: &planned.title,
            category: planned.category,
            first: post(&planned.posts[0]),
            replies: planned.posts[1..].iter().map(post).collect(),
        })
        .collect();
    let operator = Guardian::system();
    Ok(services::run(conn, |tx| {
        services::import::topics(tx, &operator, &topics)
    })?)
}
