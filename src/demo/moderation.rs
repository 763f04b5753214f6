//! The demo's moderation history, so a newcomer sees the tools at work: trust levels from new
//! to leader, a category moderator for Q&A, open flags waiting in `/review` (one post hidden by
//! three members' flags), decided items, a code-of-conduct case resolved with a note and one
//! still open, a member warned (with a staff note) then silenced, a heated thread in slow mode,
//! watched words, posts waiting for approval (a newcomer's first question, a reply with a
//! watched word), and a question asked twice, merged. All of it goes through the services, at
//! the times the history says, so the staff action log tells the same story.

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::config::ModerationConfig;
use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::Category;
use crate::models::flag::FlagType;
use crate::models::ids::TopicId;
use crate::models::post::{Body, Post, ReplyInput};
use crate::models::reviewable::Reviewable;
use crate::models::topic::NewTopicInput;
use crate::models::user::User;
use crate::models::user_note::NoteKind;
use crate::models::watched_word::{WatchList, WatchedAction};
use crate::services::moderation::{self, Decision, ReviewAction};
use crate::services::queue::Submitted;
use crate::services::{self, ServiceError};

/// What the history made, for the summary `convene demo` prints.
#[derive(Debug, Default)]
pub struct Moderated {
    /// Flags raised.
    pub flags: usize,
    /// Items still waiting in the queue.
    pub waiting: usize,
    /// People who joined during the history (the newcomer whose posts wait).
    pub joined: usize,
}

/// Writes the history. `users` are in `content::PEOPLE` order (admin, two moderators, members);
/// `topics` oldest first.
pub fn history(
    conn: &mut AnyConnection,
    users: &[User],
    categories: &[Category],
    topics: &[TopicId],
    now: NaiveDateTime,
) -> anyhow::Result<Moderated> {
    // The demo is sample data, so it is flagged under the shipped weights and threshold
    // rather than the operator's.
    let settings = crate::config::Config::defaults()?.moderation;
    let operator = Guardian::system();
    let members = &users[3..];
    // Trust levels: the three newest members are new (TL0), a handful are regulars and
    // leaders; one newcomer maintains a project and is spared the new-member limits.
    services::run_at(conn, now - Duration::days(60), |tx| {
        let newest = members.len() - 3;
        for (index, person) in members.iter().enumerate() {
            let (level, exempt) = match index {
                0..=2 => (3, false),
                3 => (4, false),
                i if i == newest => (0, true),
                i if i > newest => (0, false),
                i if i % 4 == 0 => (2, false),
                _ => continue,
            };
            moderation::set_trust_level(tx, &operator, person.id, level, exempt)?;
        }
        Ok(())
    })?;
    // ada.l moderates Q&A.
    if let Some(qa) = categories.iter().find(|c| c.slug == "q-and-a") {
        services::run_at(conn, now - Duration::days(45), |tx| {
            moderation::set_category_moderator(tx, &operator, qa.id, members[0].id, true)
        })?;
    }
    // Guardians made after the levels changed, so new members cannot flag.
    let people: Vec<User> = users
        .iter()
        .map(|u| User::find(conn, u.id))
        .collect::<Result<_, _>>()?;
    let moderator = Guardian::for_user(&people[1]);
    let flaggers: Vec<&User> = people[3..people.len() - 3].iter().collect();
    let mut made = Moderated::default();

    // Replies by members (not staff, whom moderators cannot sanction) from recent topics.
    let plain: Vec<_> = people[3..].iter().map(|u| u.id).collect();
    let recent: Vec<Post> = topics
        .iter()
        .rev()
        .take(60)
        .filter_map(|t| Post::find_by_number(conn, *t, 2).transpose())
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| plain.contains(&p.user_id))
        .collect();
    let mut targets = recent.into_iter();
    let mut next_target = || {
        targets
            .next()
            .ok_or_else(|| anyhow::anyhow!("the demo has too few replies to flag"))
    };
    let mut flag = |conn: &mut AnyConnection,
                    post: &Post,
                    by: &[&User],
                    kind: FlagType,
                    message: Option<&str>,
                    at: NaiveDateTime| {
        flag_post(
            conn,
            &settings,
            post,
            by,
            (kind, message),
            at,
            &mut made.flags,
        )
    };

    // Waiting: a post three members found inappropriate (hidden until a moderator looks),
    // an off-topic reply, and spam.
    let hidden = next_target()?;
    flag(
        conn,
        &hidden,
        &flaggers[0..4],
        FlagType::Inappropriate,
        None,
        now - Duration::hours(5),
    )?;
    let off_topic = next_target()?;
    flag(
        conn,
        &off_topic,
        &flaggers[4..5],
        FlagType::OffTopic,
        None,
        now - Duration::hours(20),
    )?;
    let spam = next_target()?;
    flag(
        conn,
        &spam,
        &flaggers[5..7],
        FlagType::SomethingElse,
        Some("Looks like an advert for a paid course."),
        now - Duration::hours(2),
    )?;

    // Decided: one flag moderators disagreed with, one they agreed with and kept the post.
    let mistaken = next_target()?;
    let item = flag(
        conn,
        &mistaken,
        &flaggers[7..8],
        FlagType::Spam,
        None,
        now - Duration::days(9),
    )?;
    perform(
        conn,
        &moderator,
        &settings,
        item.id,
        ReviewAction::Disagree,
        None,
        now - Duration::days(8),
    )?;
    let heated = next_target()?;
    let item = flag(
        conn,
        &heated,
        &flaggers[2..4],
        FlagType::Inappropriate,
        None,
        now - Duration::days(6),
    )?;
    perform(
        conn,
        &moderator,
        &settings,
        item.id,
        ReviewAction::AgreeAndKeep,
        Some("Heated but on topic; we asked both sides to cool down."),
        now - Duration::days(6) + Duration::hours(3),
    )?;
    // And slowed the thread down: one post an hour each. (Not in a topic long enough for a
    // second page: the browser suite's member replies there.)
    let thread = crate::models::topic::Topic::find(conn, heated.topic_id)?;
    if thread.posts_count <= 20 && !thread.closed {
        services::run_at(conn, now - Duration::days(6) + Duration::hours(3), |tx| {
            services::topic::set_slow_mode(tx, &moderator, thread.id, 3600)
        })?;
    }

    // A code-of-conduct case, talked over and resolved with a note the reporter reads.
    let reported = next_target()?;
    let case = flag(
        conn,
        &reported,
        &flaggers[1..2],
        FlagType::CodeOfConduct,
        Some("This reply mocks a newcomer's question. It is not the first time."),
        now - Duration::days(12),
    )?;
    write_in_case(
        conn,
        &moderator,
        case.id,
        "Thank you for telling us. We are looking at the author's other recent posts.",
        now - Duration::days(12) + Duration::hours(4),
    )?;
    perform(
        conn,
        &moderator,
        &settings,
        case.id,
        ReviewAction::StartReview,
        None,
        now - Duration::days(11),
    )?;
    perform(
        conn,
        &moderator,
        &settings,
        case.id,
        ReviewAction::Resolve,
        Some("We spoke with the author, who apologised in the thread. Thank you for reporting it."),
        now - Duration::days(10),
    )?;
    // And one just opened.
    let open_case = next_target()?;
    flag(
        conn,
        &open_case,
        &flaggers[8..9],
        FlagType::CodeOfConduct,
        Some("A personal remark about another member's English."),
        now - Duration::hours(1),
    )?;

    // A member silenced for a week, after agreeing with flags on their post: warned first,
    // with a note the moderators keep.
    let rude = next_target()?;
    services::run_at(conn, now - Duration::days(9), |tx| {
        services::user_notes::add(
            tx,
            &moderator,
            rude.user_id,
            NoteKind::Warning,
            "Your replies in the review thread called other people's work \"amateur hour\". \
             Please criticise the code, not the person: our code of conduct asks it of everyone.",
        )?;
        services::user_notes::add(
            tx,
            &moderator,
            rude.user_id,
            NoteKind::Note,
            "Second report this month, both in review threads. Talented; impatient with \
             newcomers. Warned today; silence next time.",
        )
    })?;
    let item = flag(
        conn,
        &rude,
        &flaggers[9..12],
        FlagType::Inappropriate,
        None,
        now - Duration::days(2),
    )?;
    let until = now + Duration::days(5);
    services::run_at(conn, now - Duration::days(2) + Duration::hours(1), |tx| {
        moderation::perform(
            tx,
            &moderator,
            &settings,
            item.id,
            ReviewAction::AgreeAndSilence,
            &Decision {
                note: Some("Insults in a review thread, after an earlier warning."),
                until: Some(until),
            },
        )
    })?;
    made.joined = watched_words_and_queue(conn, &settings, &people, categories, topics, now)?;
    made.waiting = usize::try_from(Reviewable::pending_count(conn, None)?)?;
    Ok(made)
}

/// The admin's watched words (a spam word blocked, one that needs approval, an insult
/// censored), a newcomer's first question waiting for approval, one approved a week ago (and
/// the same question asked again, merged into it), and a regular's reply held for its
/// watched word.
fn watched_words_and_queue(
    conn: &mut AnyConnection,
    settings: &ModerationConfig,
    people: &[User],
    categories: &[Category],
    topics: &[TopicId],
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let admin = Guardian::for_user(&people[0]);
    services::run_at(conn, now - Duration::days(30), |tx| {
        for (word, action) in [
            ("casino*", WatchedAction::Block),
            ("crypto*", WatchedAction::RequireApproval),
            ("idiot*", WatchedAction::Censor),
        ] {
            services::watched_words::add(tx, &admin, word, action)?;
        }
        Ok(())
    })?;
    let watched = WatchList::load(conn)?;
    let Some(qa) = categories.iter().find(|c| c.slug == "q-and-a") else {
        return Ok(0);
    };
    // A newcomer who joined last week: their first posts are reviewed before they appear.
    let input = crate::models::user::SignupInput::validate(
        "tomas.new",
        "tomas-new@example.org",
        "Tomás Novák",
        "convene-demo",
        0,
    )
    .map_err(ServiceError::from)?;
    let joining = services::account::Joining {
        coc_accepted: true,
        email_verified: true,
        trust_level: crate::models::trust::NEW,
    };
    // The demo password, hashed once already for everyone else.
    let hash = services::account::PasswordHash(people[3].password_hash.clone());
    let newcomer = services::run_at(conn, now - Duration::days(8), |tx| {
        services::account::create(tx, &input, &hash, crate::models::user::Role::User, joining)
    })?;
    let as_newcomer = Guardian::for_user(&newcomer);
    let moderator = Guardian::for_user(&people[1]);
    let ask = |title: &str, raw: &str| -> anyhow::Result<NewTopicInput> {
        NewTopicInput::new(title, Some(qa.id), raw.to_owned(), usize::MAX)
            .map_err(|problems| ServiceError::from(problems).into())
    };
    let approved = ask(
        "Where do I report a bug in the docs?",
        "I found a typo in the `scipy.signal` tutorial. Is an issue enough, or should I open a pull request?",
    )?;
    let cooked = markdown::cook_with(approved.body.as_str(), &watched);
    let sent = services::run_at(conn, now - Duration::days(7), |tx| {
        services::queue::topic(tx, &as_newcomer, settings, &approved, &cooked)
    })?;
    if let Submitted::Queued(item, _) = sent {
        perform(
            conn,
            &moderator,
            settings,
            item.id,
            ReviewAction::Approve,
            Some("Welcome! A good first question."),
            now - Duration::days(7) + Duration::hours(2),
        )?;
        let answered = Reviewable::find(conn, item.id)?
            .and_then(|decided| decided.post_id)
            .map(|post| Post::find(conn, post))
            .transpose()?;
        if let Some(original) = answered {
            duplicate_merged(conn, people, qa.id, original.topic_id, &watched, now)?;
        }
    }
    let waiting = ask(
        "Installing SciPy on a Raspberry Pi",
        "pip tries to build SciPy from source and runs out of memory. Is there a wheel for `aarch64`?",
    )?;
    let cooked = markdown::cook_with(waiting.body.as_str(), &watched);
    services::run_at(conn, now - Duration::hours(3), |tx| {
        services::queue::topic(tx, &as_newcomer, settings, &waiting, &cooked)
    })?;
    // A regular's reply with a word that needs approval.
    if let Some(topic) = topics.last() {
        let regular = Guardian::for_user(&people[5]);
        let raw = "Could the project accept crypto donations, or only through NumFOCUS?";
        let input = ReplyInput {
            topic: *topic,
            body: Body::new(raw.to_owned(), usize::MAX).map_err(ServiceError::from)?,
            reply_to: None,
        };
        let cooked = markdown::cook_with(raw, &watched);
        services::run_at(conn, now - Duration::minutes(40), |tx| {
            services::queue::reply(tx, &regular, settings, &input, &cooked)
        })?;
    }
    Ok(1)
}

/// The same question asked again two days later, answered there too, and merged by a
/// moderator into the first asking: the answers end up together, with the merge's notice.
fn duplicate_merged(
    conn: &mut AnyConnection,
    people: &[User],
    category: crate::models::ids::CategoryId,
    original: TopicId,
    watched: &WatchList,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let asker = Guardian::for_user(&people[6]);
    let answerer = Guardian::for_user(&people[4]);
    let raw = "The `scipy.signal` tutorial says `filtfilt` where it means `lfilter`. Where do doc \
               fixes go: an issue, or straight to a pull request?";
    let input = NewTopicInput::new(
        "Fixing a typo in the SciPy tutorial",
        Some(category),
        raw.to_owned(),
        usize::MAX,
    )
    .map_err(ServiceError::from)?;
    let cooked = markdown::cook_with(raw, watched);
    let (again, _) = services::run_at(conn, now - Duration::days(5), |tx| {
        services::topic::create(tx, &asker, &input, &cooked)
    })?;
    let answer = "A pull request is welcome for a typo: no issue needed. The docs live in \
                  `doc/source/tutorial` in the main repository.";
    let reply = ReplyInput {
        topic: again.id,
        body: Body::new(answer.to_owned(), usize::MAX).map_err(ServiceError::from)?,
        reply_to: Some(1),
    };
    let cooked = markdown::cook_with(answer, watched);
    services::run_at(conn, now - Duration::days(5) + Duration::hours(4), |tx| {
        services::post::reply(tx, &answerer, &reply, &cooked)
    })?;
    let moderator = Guardian::for_user(&people[1]);
    services::run_at(conn, now - Duration::days(4), |tx| {
        services::move_posts::merge(tx, &moderator, again.id, original)
    })?;
    Ok(())
}

/// Flags `post` as each of `by` who is not its author; returns the item the flags joined.
fn flag_post(
    conn: &mut AnyConnection,
    settings: &ModerationConfig,
    post: &Post,
    by: &[&User],
    (kind, message): (FlagType, Option<&str>),
    at: NaiveDateTime,
    count: &mut usize,
) -> anyhow::Result<Reviewable> {
    let mut last = None;
    for person in by.iter().filter(|p| p.id != post.user_id) {
        let guardian = Guardian::for_user(person);
        let flagged = services::run_at(conn, at, |tx| {
            moderation::flag(tx, &guardian, settings, post.id, kind, message)
        })?;
        *count += 1;
        last = Some(flagged.reviewable);
    }
    last.ok_or_else(|| anyhow::anyhow!("nobody could flag post {}", post.id))
}

fn perform(
    conn: &mut AnyConnection,
    guardian: &Guardian,
    settings: &ModerationConfig,
    item: crate::models::ids::ReviewableId,
    action: ReviewAction,
    note: Option<&str>,
    at: NaiveDateTime,
) -> Result<(), ServiceError> {
    services::run_at(conn, at, |tx| {
        moderation::perform(
            tx,
            guardian,
            settings,
            item,
            action,
            &Decision { note, until: None },
        )
        .map(|_| ())
    })
}

fn write_in_case(
    conn: &mut AnyConnection,
    guardian: &Guardian,
    case: crate::models::ids::ReviewableId,
    raw: &str,
    at: NaiveDateTime,
) -> Result<(), ServiceError> {
    let cooked = markdown::cook(raw);
    services::run_at(conn, at, |tx| {
        moderation::reply_to_case(tx, guardian, case, raw, &cooked)
    })
}
