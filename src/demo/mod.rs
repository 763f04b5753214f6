//! `convene demo`: loads a sample scientific-Python community (categories with subcategories
//! and project links, a few dozen people, a couple of hundred topics and a few thousand
//! posts) so a newcomer sees a living forum at once. Deterministic: the same seed gives the
//! same forum. Everything goes through the services the web uses (each person acting as
//! themselves, the operator for categories and topic tools), at the times the history says,
//! inside one transaction.

mod bookmarks;
mod bulk;
mod content;
mod likes;
mod moderation;
mod polls;
mod proposals;
mod reading;
mod tags;

pub use bulk::grow;

use anyhow::{Context, bail};
use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::{Category, CategoryDraft, CategoryInput};
use crate::models::ids::{CategoryId, TopicId};
use crate::models::post::{Body, EditInput, Post, ReplyInput};
use crate::models::topic::{NewTopicInput, Topic};
use crate::models::user::{Role, SignupInput, User};
use crate::services::account::{Joining, PasswordHash};
use crate::services::{self, topic::Status};

/// Bodies in the demo are written by us and always within limits; this is the limit they are
/// checked against.
const DEMO_MAX_BODY_BYTES: usize = 64 * 1024;

/// The password of every demo account (printed by `convene demo`).
pub const DEMO_PASSWORD: &str = "convene-demo";

/// Generic questions asked in every project category, for volume.
const PROJECT_QUESTIONS: &[&str] = &[
    "Contributing to {p}: where should a newcomer start?",
    "{p} on Python 3.14: known issues",
    "Performance regression in {p} after upgrading",
    "Documenting a new {p} function: checklist",
    "Thread safety of {p} under free-threaded Python",
    "Building the {p} documentation locally fails",
    "Roadmap discussion for the next {p} release",
    "Testing {p} against nightly wheels of its dependencies",
    "Dropping support for older Python versions in {p}",
    "Reporting a security issue in {p}",
];

const WELCOME: &str = "Welcome! This is the discussion forum of the scientific Python community: \
the place to **propose cross-project standards** (see [Proposals](/c/proposals/2)), **ask questions** \
in [Q&A](/c/q-and-a/5) and the project categories, and talk about **contributor experience**.\n\n\
A few things to know:\n\n\
- Posts are Markdown. Code blocks are highlighted, tables work, and maths is written in LaTeX: \
$e^{i\\pi} + 1 = 0$.\n\
- Mention someone with `@username` to bring them into a thread.\n\
- Please read and follow the [code of conduct](/code-of-conduct).\n\n\
Everything here works without JavaScript, with a keyboard alone, and with a screen reader. \
If something does not, tell us in [Meta](/c/meta/7).";

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

/// Loads the demo community into an empty forum; `progress` hears about each step.
/// Returns a summary for the person who ran it.
pub fn load(
    conn: &mut AnyConnection,
    config: &crate::config::Config,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<String> {
    if !Category::all(conn)?.is_empty() {
        bail!(
            "this forum already has categories; the demo community loads into an empty database only"
        );
    }
    let now = crate::db::now();
    progress("Hashing the demo password…");
    let password_hash = PasswordHash(crate::auth::password::hash(DEMO_PASSWORD)?);
    crate::db::write_transaction(conn, |conn| {
        let mut rng = fastrand::Rng::with_seed(2026);
        let users = create_people(conn, &password_hash, now)?;
        progress(&format!("Created {} people.", users.len()));
        let categories = create_categories(conn)?;
        progress(&format!("Created {} categories.", categories.len()));
        let tagged = tags::vocabulary(
            conn,
            &Guardian::for_user(&users[1]),
            &categories,
            now - Duration::days(201),
        )?;
        progress(&format!(
            "Made {tagged} tags in two tag groups (the proposal tags kept to the proposal categories)."
        ));
        let watching = watch_categories(conn, &users, &categories)?;
        progress(&format!(
            "Chose {watching} category watching levels, so new posts notify people."
        ));

        let mut plan: Vec<(CategoryId, String)> = Vec::new();
        for (slug, titles) in content::TITLES {
            let id = category_id(&categories, slug)?;
            plan.extend(titles.iter().map(|t| (id, (*t).to_owned())));
        }
        for (name, slug, ..) in content::CATEGORIES.iter().filter(|c| !c.6.is_empty()) {
            let id = category_id(&categories, slug)?;
            plan.extend(
                PROJECT_QUESTIONS
                    .iter()
                    .map(|q| (id, q.replace("{p}", name))),
            );
        }
        // Shuffle, but keep the welcome topic first (oldest), so it reads as the start.
        let welcome = plan.remove(0);
        rng.shuffle(&mut plan);
        plan.insert(0, welcome);

        let span_minutes = 200 * 24 * 60;
        let total = plan.len();
        let mut post_count = 0;
        let mut topic_ids = Vec::new();
        for (index, (category_id, title)) in plan.into_iter().enumerate() {
            // Topics start spread over 200 days, in order; replies follow over hours to weeks.
            let offset = span_minutes - (index as i64 * span_minutes / total as i64);
            let started = now - Duration::minutes(offset) + Duration::minutes(rng.i64(0..60));
            let staff_only = categories
                .iter()
                .any(|c| c.id == category_id && c.read_only);
            let author = if staff_only {
                &users[rng.usize(0..3)]
            } else {
                &users[rng.usize(3..users.len())]
            };
            let raw = if index == 0 {
                WELCOME.to_owned()
            } else {
                first_post(&mut rng)
            };
            let slug = categories
                .iter()
                .find(|c| c.id == category_id)
                .map_or("", |c| c.slug.as_str());
            let mut topic_tags = tags::for_topic(&title, slug);
            topic_tags.truncate(config.tags.max_per_topic);
            let input = NewTopicInput::new(&title, Some(category_id), raw, DEMO_MAX_BODY_BYTES)
                .map_err(services::ServiceError::from)?
                .tagged(topic_tags, config.tags);
            let cooked = markdown::cook(input.body.as_str());
            let guardian = Guardian::for_user(author);
            let (topic, _) = services::run_at(conn, started, |tx| {
                services::topic::create(tx, &guardian, &input, &cooked)
            })?;
            // Only staff post in read-only categories, replies included (the guardian says so).
            let repliers = if staff_only { &users[..3] } else { &users[1..] };
            let replies = Replies {
                topic: &topic,
                starter: &author.username,
                repliers,
                started,
                now,
            };
            post_count += 1 + write_replies(conn, &mut rng, &replies)?;
            topic_ids.push(topic.id);
            if (index + 1) % 50 == 0 || index + 1 == total {
                progress(&format!(
                    "Wrote {} of {total} topics ({post_count} posts)…",
                    index + 1
                ));
            }
        }
        let operator = Guardian::system();
        services::run(conn, |tx| {
            services::topic::update_status(tx, &operator, topic_ids[0], Status::Pinned, true)?;
            for id in topic_ids.iter().skip(5).step_by(37) {
                services::topic::update_status(tx, &operator, *id, Status::Closed, true)?;
            }
            Ok(())
        })?;
        let solved = solve_questions(conn, &topic_ids, &users, &categories, now)?;
        // Q&A closes questions a month after they are solved, as the hourly job would have.
        let closed = services::run_at(conn, now, services::solutions::close_solved)?;
        progress(&format!(
            "Marked the solutions of {solved} questions ({closed} solved over a month ago, so closed)."
        ));
        let edits = edit_some_posts(conn, &mut rng, &topic_ids, &users)?;
        progress(&format!(
            "Edited {edits} posts, so they have revision histories."
        ));
        let keys = create_api_keys(conn, now)?;
        progress(&format!("Made {keys} API keys, as bots would have."));
        let moderated = moderation::history(conn, &users, &categories, &topic_ids, now)?;
        progress(&format!(
            "Raised {} flags; {} items wait in the review queue.",
            moderated.flags, moderated.waiting
        ));
        let committee_group = &config.proposals.committee_group;
        let proposed = proposals::history(conn, committee_group, &users, &categories, now)?;
        progress(&format!(
            "Gave {} proposals their stages; {} projects endorsed {} times.",
            proposed.proposals, proposed.projects, proposed.endorsements
        ));
        let liked = likes::history(conn, &mut rng, &users, &topic_ids, now)?;
        progress(&format!("Gave {liked} likes."));
        let kept = bookmarks::history(conn, &mut rng, &users, &topic_ids, now)?;
        progress(&format!(
            "Made {kept} bookmarks (ada.l has a reminder due)."
        ));
        let voted = polls::history(conn, &mut rng, &users, &categories, now)?;
        progress(&format!(
            "Asked two polls about the community call ({voted} votes; ada.l has not voted yet)."
        ));
        let read = reading::history(conn, &mut rng, &users, &topic_ids, &config.moderation, now)?;
        progress(&format!(
            "Counted {} topic views; ada.l has {} topics with unread posts.",
            read.views, read.unread
        ));
        Ok::<_, anyhow::Error>(format!(
            "Loaded the demo community: {} people, {} categories, {total} topics, {post_count} posts, \
             {keys} API keys, {} flags ({} items waiting at /review), {} proposals (at \
             /proposals).\n\
             Log in as \"admin\" (or a moderator, \"mira_k\"; or any demo user, e.g. \"ada.l\", who \
             moderates Q&A) with the password \"{DEMO_PASSWORD}\".",
            users.len() + moderated.joined,
            categories.len(),
            moderated.flags,
            moderated.waiting,
            proposed.proposals,
        ))
    })
}

/// Watching levels, as a community's regulars would have chosen them: every fourth person
/// hears of each new proposal, ada.l watches the Q&A category closely, and the admin watches
/// the meta category. Returns how many levels were chosen.
fn watch_categories(
    conn: &mut AnyConnection,
    users: &[User],
    categories: &[Category],
) -> anyhow::Result<usize> {
    use crate::models::watching::Level;
    let proposals = category_id(categories, "proposals")?;
    let mut choices: Vec<(&User, CategoryId, Level)> = users
        .iter()
        .step_by(4)
        .map(|user| (user, proposals, Level::WatchingFirstPost))
        .collect();
    if let Some(ada) = users.iter().find(|u| u.username == "ada.l") {
        choices.push((ada, category_id(categories, "q-and-a")?, Level::Watching));
    }
    choices.push((&users[0], category_id(categories, "meta")?, Level::Watching));
    for (user, category, level) in &choices {
        let guardian = Guardian::for_user(user);
        services::run(conn, |tx| {
            services::notifications::watch_category(tx, &guardian, *category, *level)
        })?;
    }
    Ok(choices.len())
}

/// The keys a community's bots would hold, so the admin page of API keys shows what they look
/// like: a release announcer limited to posting, a read-only dashboard acting for all users,
/// and a retired bot's revoked key. Their secrets are random and shown nowhere; an operator
/// makes a usable one with `convene api-key create`.
fn create_api_keys(conn: &mut AnyConnection, now: NaiveDateTime) -> anyhow::Result<usize> {
    use services::api_key::{Acting, KeySpec};
    struct DemoKey {
        acting: Acting<'static>,
        description: &'static str,
        scopes: &'static [&'static str],
        used_hours_ago: Option<i64>,
        revoked: bool,
    }
    let keys = [
        DemoKey {
            acting: Acting::As("admin"),
            description: "Release announcements from GitHub Actions",
            scopes: &["topics:write"],
            used_hours_ago: Some(26),
            revoked: false,
        },
        DemoKey {
            acting: Acting::ForAllUsers,
            description: "Community health dashboard",
            scopes: &["global:read"],
            used_hours_ago: Some(2),
            revoked: false,
        },
        DemoKey {
            acting: Acting::As("tobias"),
            description: "Old meeting-notes bot",
            scopes: &[],
            used_hours_ago: None,
            revoked: true,
        },
    ];
    let operator = Guardian::system();
    for (index, key) in keys.iter().enumerate() {
        let made = now - Duration::days(90 - 30 * index as i64);
        let secret = crate::auth::token::generate()?;
        let scopes: Vec<String> = key.scopes.iter().map(|s| (*s).to_owned()).collect();
        let spec = KeySpec {
            acting: key.acting,
            description: key.description,
            scopes: &scopes,
        };
        let key_hash = crate::auth::token::hash(&secret);
        let id = services::run_at(conn, made, |tx| {
            services::api_key::create(tx, &operator, &key_hash, &spec)
        })?
        .key
        .id;
        if let Some(hours) = key.used_hours_ago {
            services::run_at(conn, now - Duration::hours(hours), |tx| {
                services::api_key::note_use(tx, id)
            })?;
        }
        if key.revoked {
            services::run_at(conn, now - Duration::days(3), |tx| {
                services::api_key::revoke(tx, &operator, id)
            })?;
        }
    }
    Ok(keys.len())
}

fn category_id(categories: &[Category], slug: &str) -> anyhow::Result<CategoryId> {
    categories
        .iter()
        .find(|c| c.slug == slug)
        .map(|c| c.id)
        .with_context(|| format!("demo category {slug} is missing"))
}

/// Each person, in `content::PEOPLE` order.
fn create_people(
    conn: &mut AnyConnection,
    password_hash: &PasswordHash,
    now: NaiveDateTime,
) -> anyhow::Result<Vec<User>> {
    let mut users = Vec::new();
    for (index, (username, name)) in content::PEOPLE.iter().enumerate() {
        let email = format!("{}@example.org", username.replace('.', "-"));
        let input = SignupInput::validate(username, &email, name, DEMO_PASSWORD, 0)
            .map_err(services::ServiceError::from)
            .with_context(|| format!("demo user {username}"))?;
        let role = match index {
            0 => Role::Admin,
            1 | 2 => Role::Moderator,
            _ => Role::User,
        };
        // Members joined over the year before the first topic.
        let joined = now - Duration::days(400 - index as i64 * 4);
        let user = services::run_at(conn, joined, |tx| {
            services::account::create(tx, &input, password_hash, role, Joining::SETTLED)
        })?;
        users.push(user);
    }
    Ok(users)
}

fn create_categories(conn: &mut AnyConnection) -> anyhow::Result<Vec<Category>> {
    let mut created: Vec<Category> = Vec::new();
    for (position, &(name, slug, description, color, parent, read_only, homepage, repository)) in
        content::CATEGORIES.iter().enumerate()
    {
        let parent_id = parent.map(|p| category_id(&created, p)).transpose()?;
        let draft = CategoryDraft {
            name: name.to_owned(),
            slug: slug.to_owned(),
            description: description.to_owned(),
            color: color.to_owned(),
            parent_id: parent_id.map(|p| p.0),
            position: position as i32,
            read_only,
            // Ideas and its sibling SPECs take proposals.
            proposals: parent == Some("proposals"),
            // People ask how to do things in Q&A; one reply solves each.
            questions: slug == "q-and-a",
            // Solved questions close after a month, so the demo shows some closed.
            close_solved_after_days: if slug == "q-and-a" {
                "30".to_owned()
            } else {
                String::new()
            },
            homepage_url: homepage.to_owned(),
            repository_url: repository.to_owned(),
        };
        let input = CategoryInput::validate(&draft)
            .map_err(services::ServiceError::from)
            .with_context(|| format!("demo category {name}"))?;
        let category = services::run(conn, |tx| {
            services::category::create(tx, &Guardian::system(), &input)
        })
        .with_context(|| format!("demo category {name}"))?;
        created.push(category);
    }
    Ok(created)
}

/// Two of every three questions in Q&A with an answer are solved: their askers mark the
/// first reply by someone else, a day after it came (or now, if that is later).
fn solve_questions(
    conn: &mut AnyConnection,
    topics: &[TopicId],
    users: &[User],
    categories: &[Category],
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let Some(qa) = categories.iter().find(|c| c.questions) else {
        return Ok(0);
    };
    let mut solved = 0;
    for (index, id) in topics.iter().enumerate() {
        let topic = Topic::find(conn, *id)?;
        if topic.category_id != qa.id || index % 3 == 2 {
            continue;
        }
        let Some(asker) = users.iter().find(|u| u.id == topic.user_id) else {
            continue;
        };
        let replies = Post::page_of_topic(
            conn,
            topic.id,
            crate::models::visibility::Visibility::EVERYTHING,
            0,
            10,
        )?;
        let Some(answer) = replies
            .iter()
            .find(|p| p.post.post_number > 1 && p.post.user_id != asker.id)
        else {
            continue;
        };
        let guardian = Guardian::for_user(asker);
        let at = (answer.post.created_at + Duration::days(1)).min(now);
        services::run_at(conn, at, |tx| {
            services::solutions::accept(tx, &guardian, answer.post.id)
        })?;
        solved += 1;
    }
    Ok(solved)
}

fn first_post(rng: &mut fastrand::Rng) -> String {
    let mut parts = vec![pick(rng, content::OPENINGS).to_string()];
    let first = rng.usize(..content::DETAILS.len());
    parts.push(content::DETAILS[first].to_owned());
    if rng.bool() {
        let second = (first + 1 + rng.usize(..content::DETAILS.len() - 1)) % content::DETAILS.len();
        parts.push(content::DETAILS[second].to_owned());
    }
    parts.push(pick(rng, content::CLOSINGS).to_string());
    parts.join("\n\n")
}

/// The replies to write to one topic.
struct Replies<'a> {
    /// The topic.
    topic: &'a Topic,
    /// Who started it (replies may thank them by name).
    starter: &'a str,
    /// Who may reply.
    repliers: &'a [User],
    /// When it was started.
    started: NaiveDateTime,
    /// Now: no reply is later.
    now: NaiveDateTime,
}

/// Writes between 3 and 22 replies; returns how many.
fn write_replies(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    plan: &Replies,
) -> anyhow::Result<usize> {
    let Replies {
        topic,
        starter: op,
        repliers,
        started,
        now,
    } = *plan;
    let count = rng.usize(3..=22);
    let mut at = started;
    let mut written: Vec<(i32, &User, String)> = Vec::new();
    for _ in 0..count {
        at += Duration::minutes(rng.i64(5..60 * 24 * 3));
        if at >= now {
            break;
        }
        let previous = written.last().map_or(topic.user_id, |w| w.1.id);
        let author = loop {
            let candidate = &repliers[rng.usize(..repliers.len())];
            if candidate.id != previous {
                break candidate;
            }
        };
        let mut raw = pick(rng, content::REPLIES).replace("{op}", op);
        let mut reply_to = None;
        if !written.is_empty() && rng.u8(..10) < 3 {
            let (number, _, _) = &written[rng.usize(0..written.len())];
            reply_to = Some(*number);
        }
        if let Some((number, quoted_author, quoted_raw)) = written.last()
            && rng.u8(..10) == 0
        {
            let url = crate::views::topic::post_url(topic, *number);
            raw = format!(
                "{}{raw}",
                markdown::quote(&quoted_author.username, &url, *number, quoted_raw)
            );
        }
        let cooked = markdown::cook(&raw);
        let input = ReplyInput {
            topic: topic.id,
            body: Body::new(raw.clone(), DEMO_MAX_BODY_BYTES)
                .map_err(services::ServiceError::from)?,
            reply_to,
        };
        let guardian = Guardian::for_user(author);
        let (_, post) = services::run_at(conn, at, |tx| {
            services::post::reply(tx, &guardian, &input, &cooked)
        })?;
        written.push((post.post_number, author, raw));
    }
    Ok(written.len())
}

/// Edits about one first post in ten, some twice, so revision histories exist.
fn edit_some_posts(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    topics: &[TopicId],
    users: &[User],
) -> anyhow::Result<usize> {
    let mut edits = 0;
    for id in topics.iter().skip(3).step_by(10) {
        let Some(post) = Post::find_by_number(conn, *id, 1)? else {
            continue;
        };
        let mut current = post;
        for round in 0..rng.usize(1..=2) {
            let raw = format!(
                "{}\n\n**Edit:** {}",
                current.raw,
                if round == 0 {
                    "added the environment details people asked for."
                } else {
                    "fixed a typo in the example."
                }
            );
            let cooked = markdown::cook(&raw);
            let reason = if round == 0 { "add details" } else { "typo" };
            let input = EditInput::new(
                current.id,
                raw,
                Some(reason),
                current.version,
                None,
                DEMO_MAX_BODY_BYTES,
            )
            .map_err(services::ServiceError::from)?;
            let author = users
                .iter()
                .find(|u| u.id == current.user_id)
                .context("a demo post's author is missing")?;
            let guardian = Guardian::for_user(author);
            current = services::run(conn, |tx| {
                services::post::edit(tx, &guardian, &input, &cooked)
            })?;
            edits += 1;
        }
    }
    Ok(edits)
}
