//! `convene demo`: loads a sample scientific-Python community (categories with subcategories
//! and project links, a few dozen people, a couple of hundred topics and a few thousand
//! posts) so a newcomer sees a living forum at once. Deterministic: the same seed gives the
//! same forum. Everything goes through the model functions the web uses, in one transaction.

mod content;

use anyhow::{Context, bail};
use chrono::{Duration, NaiveDateTime};
use diesel::Connection;

use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::{Category, CategoryDraft, CategoryInput};
use crate::models::ids::{CategoryId, UserId};
use crate::models::post::Post;
use crate::models::topic::{NewTopicInput, Topic};
use crate::models::user::{Role, SignupInput, User};

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
pub fn load(conn: &mut AnyConnection, progress: &mut dyn FnMut(&str)) -> anyhow::Result<String> {
    if !Category::all(conn)?.is_empty() {
        bail!(
            "this forum already has categories; the demo community loads into an empty database only"
        );
    }
    let now = crate::db::now();
    progress("Hashing the demo password…");
    let password_hash = crate::auth::password::hash(DEMO_PASSWORD)?;
    conn.transaction(|conn| {
        let mut rng = fastrand::Rng::with_seed(2026);
        let users = create_people(conn, &password_hash, now)?;
        progress(&format!("Created {} people.", users.len()));
        let categories = create_categories(conn)?;
        progress(&format!("Created {} categories.", categories.len()));

        let mut plan: Vec<(CategoryId, String)> = Vec::new();
        for (slug, titles) in content::TITLES {
            let id = category_id(&categories, slug)?;
            plan.extend(titles.iter().map(|t| (id, (*t).to_owned())));
        }
        for (name, slug, ..) in content::CATEGORIES.iter().filter(|c| !c.6.is_empty()) {
            let id = category_id(&categories, slug)?;
            plan.extend(PROJECT_QUESTIONS.iter().map(|q| (id, q.replace("{p}", name))));
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
            let staff_only = categories.iter().any(|c| c.id == category_id && c.read_only);
            let author = if staff_only { &users[rng.usize(0..3)] } else { &users[rng.usize(3..users.len())] };
            let raw = if index == 0 { WELCOME.to_owned() } else { first_post(&mut rng) };
            let input = NewTopicInput { title, category_id, raw };
            let cooked = markdown::render(&input.raw).html;
            let (topic, _) = Topic::create_at(conn, &input, author.0, &cooked, started)?;
            post_count += 1 + write_replies(conn, &mut rng, &topic, &users, started, now)?;
            topic_ids.push(topic.id);
            if (index + 1) % 50 == 0 || index + 1 == total {
                progress(&format!("Wrote {} of {total} topics ({post_count} posts)…", index + 1));
            }
        }
        Topic::set_flags(conn, topic_ids[0], true, false)?;
        for id in topic_ids.iter().skip(5).step_by(37) {
            Topic::set_flags(conn, *id, false, true)?;
        }
        let edits = edit_some_posts(conn, &mut rng, &topic_ids)?;
        progress(&format!("Edited {edits} posts, so they have revision histories."));
        Ok::<_, anyhow::Error>(format!(
            "Loaded the demo community: {} people, {} categories, {total} topics, {post_count} posts.\n\
             Log in as \"admin\" (or any demo user, e.g. \"ada.l\") with the password \"{DEMO_PASSWORD}\".",
            users.len(),
            categories.len(),
        ))
    })
}

fn category_id(categories: &[Category], slug: &str) -> anyhow::Result<CategoryId> {
    categories
        .iter()
        .find(|c| c.slug == slug)
        .map(|c| c.id)
        .with_context(|| format!("demo category {slug} is missing"))
}

/// (id, username) of each person, in `content::PEOPLE` order.
fn create_people(
    conn: &mut AnyConnection,
    password_hash: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Vec<(UserId, String)>> {
    let mut users = Vec::new();
    for (index, (username, name)) in content::PEOPLE.iter().enumerate() {
        let email = format!("{}@example.org", username.replace('.', "-"));
        let input = SignupInput::validate(username, &email, name, DEMO_PASSWORD, 0)
            .map_err(|e| anyhow::anyhow!("demo user {username}: {}", e.join(" ")))?;
        let role = match index {
            0 => Role::Admin,
            1 | 2 => Role::Moderator,
            _ => Role::User,
        };
        let user: User = input.insert(conn, password_hash, role, true)?;
        // Members joined over the year before the first topic.
        let joined = now - Duration::days(400 - index as i64 * 4);
        User::set_created_at(conn, user.id, joined)?;
        users.push((user.id, user.username));
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
            homepage_url: homepage.to_owned(),
            repository_url: repository.to_owned(),
        };
        let input = CategoryInput::validate(draft)
            .map_err(|e| anyhow::anyhow!("demo category {name}: {}", e.join(" ")))?;
        let category = Category::create(conn, &input)
            .map_err(|e| anyhow::anyhow!("demo category {name}: {e:?}"))?;
        created.push(category);
    }
    Ok(created)
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

/// Writes between 3 and 22 replies; returns how many.
fn write_replies(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    topic: &Topic,
    users: &[(UserId, String)],
    started: NaiveDateTime,
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let op = users
        .iter()
        .find(|u| u.0 == topic.user_id)
        .map_or("everyone", |u| u.1.as_str());
    let count = rng.usize(3..=22);
    let mut at = started;
    let mut written: Vec<(i32, UserId, String)> = vec![(1, topic.user_id, String::new())];
    for _ in 0..count {
        at += Duration::minutes(rng.i64(5..60 * 24 * 3));
        if at >= now {
            break;
        }
        let previous = written.last().map(|w| w.1);
        let author = loop {
            let candidate = &users[rng.usize(1..users.len())];
            if Some(candidate.0) != previous {
                break candidate;
            }
        };
        let mut raw = pick(rng, content::REPLIES).replace("{op}", op);
        let mut reply_to = None;
        if written.len() > 1 && rng.u8(..10) < 3 {
            let (number, _, _) = &written[rng.usize(1..written.len())];
            reply_to = Some(*number);
        }
        if written.len() > 1 && rng.u8(..10) == 0 {
            let (number, quoted_author, quoted_raw) = &written[written.len() - 1];
            if let Some(name) = users.iter().find(|u| u.0 == *quoted_author) {
                let url = crate::views::topic::post_url(topic, *number);
                raw = format!(
                    "{}{raw}",
                    markdown::quote(&name.1, &url, *number, quoted_raw)
                );
            }
        }
        let cooked = markdown::render(&raw).html;
        let post = Post::create_reply_at(conn, topic.id, author.0, &raw, &cooked, reply_to, at)?;
        written.push((post.post_number, author.0, raw));
    }
    Ok(written.len() - 1)
}

/// Edits about one first post in ten, some twice, so revision histories exist.
fn edit_some_posts(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    topics: &[crate::models::ids::TopicId],
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
            let cooked = markdown::render(&raw).html;
            let reason = if round == 0 { "add details" } else { "typo" };
            current = Post::edit(
                conn,
                current.id,
                current.version,
                &raw,
                &cooked,
                current.user_id,
                Some(reason),
            )
            .map_err(|e| anyhow::anyhow!("demo edit failed: {e:?}"))?;
            edits += 1;
        }
    }
    Ok(edits)
}
