//! Polls: the rows a post's `[poll]` blocks become (`services::polls` keeps them in step with
//! its Markdown), their options, and members' votes; and a poll as a page shows it, with its
//! counts and the viewer's own choice.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{poll_options, poll_votes, polls, users};
use crate::models::ids::{PollId, PostId, UserId};

/// A `polls` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = polls)]
pub struct Poll {
    /// Id.
    pub id: PollId,
    /// The post it is in.
    pub post_id: PostId,
    /// Its name in the post.
    pub name: String,
    /// 0 for a single-choice poll; else the fewest options a voter picks.
    pub min_choices: i32,
    /// 0 for a single-choice poll; else the most.
    pub max_choices: i32,
    /// When results show: `always`, `on_vote`, `on_close`.
    pub results: String,
    /// Whether voters' names are shown.
    pub public: bool,
    /// When it closes by itself.
    pub closes_at: Option<NaiveDateTime>,
    /// When its author or staff closed it.
    pub closed_at: Option<NaiveDateTime>,
    /// Made.
    pub created_at: NaiveDateTime,
}

impl Poll {
    /// Whether it is closed at `now`.
    pub fn closed(&self, now: NaiveDateTime) -> bool {
        self.closed_at.is_some() || self.closes_at.is_some_and(|at| at <= now)
    }

    /// Whether a voter picks several options.
    pub fn multiple(&self) -> bool {
        self.max_choices > 0
    }
}

/// A `poll_options` row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = poll_options)]
pub struct PollOption {
    /// Id (what a vote names).
    pub id: i64,
    /// Its poll.
    pub poll_id: PollId,
    /// Its place, from 0.
    pub position: i32,
    /// Its text, as written.
    pub text: String,
}

/// A poll with its options, their votes and the viewer's choice, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollView {
    /// The poll.
    pub poll: Poll,
    /// Its options in order, each with its votes.
    pub options: Vec<(PollOption, i64)>,
    /// How many people voted.
    pub voters: i64,
    /// The options the viewer chose (empty: not voted, or not signed in).
    pub chosen: Vec<i64>,
    /// For a public poll, who chose each option (by option id), in the order they voted.
    pub names: HashMap<i64, Vec<String>>,
    /// Whether it was closed when read.
    pub closed: bool,
}

/// The most voters a public poll names under each option.
pub const NAMED_VOTERS: i64 = 50;

/// What a new poll row holds.
#[derive(Debug, Clone)]
pub struct NewPoll<'a> {
    /// Its post.
    pub post_id: PostId,
    /// Its name.
    pub name: &'a str,
    /// Fewest choices (0: single).
    pub min_choices: i32,
    /// Most choices (0: single).
    pub max_choices: i32,
    /// When results show.
    pub results: &'a str,
    /// Voters named.
    pub public: bool,
    /// When it closes.
    pub closes_at: Option<NaiveDateTime>,
}

impl Poll {
    /// The polls of a post, by name.
    pub fn of_post(conn: &mut AnyConnection, post: PostId) -> QueryResult<Vec<Poll>> {
        polls::table
            .filter(polls::post_id.eq(post))
            .order(polls::id.asc())
            .select(Poll::as_select())
            .load(conn)
    }

    /// The poll called `name` in `post`.
    pub fn find(conn: &mut AnyConnection, post: PostId, name: &str) -> QueryResult<Option<Poll>> {
        polls::table
            .filter(polls::post_id.eq(post))
            .filter(polls::name.eq(name))
            .select(Poll::as_select())
            .first(conn)
            .optional()
    }

    /// A poll's options in order.
    pub fn options(conn: &mut AnyConnection, poll: PollId) -> QueryResult<Vec<PollOption>> {
        poll_options::table
            .filter(poll_options::poll_id.eq(poll))
            .order(poll_options::position.asc())
            .select(PollOption::as_select())
            .load(conn)
    }

    /// The polls of these posts as `viewer` sees them, by post.
    pub fn views_of_posts(
        conn: &mut AnyConnection,
        posts: &[PostId],
        viewer: Option<UserId>,
        now: NaiveDateTime,
    ) -> QueryResult<HashMap<PostId, Vec<PollView>>> {
        if posts.is_empty() {
            return Ok(HashMap::new());
        }
        let found: Vec<Poll> = polls::table
            .filter(polls::post_id.eq_any(posts))
            .order(polls::id.asc())
            .select(Poll::as_select())
            .load(conn)?;
        let mut by_post: HashMap<PostId, Vec<PollView>> = HashMap::new();
        for poll in found {
            let view = Poll::view(conn, poll, viewer, now)?;
            by_post.entry(view.poll.post_id).or_default().push(view);
        }
        Ok(by_post)
    }

    /// One poll as `viewer` sees it at `now`.
    pub fn view(
        conn: &mut AnyConnection,
        poll: Poll,
        viewer: Option<UserId>,
        now: NaiveDateTime,
    ) -> QueryResult<PollView> {
        let options = Poll::options(conn, poll.id)?;
        let counts: Vec<(i64, i64)> = poll_votes::table
            .filter(poll_votes::poll_id.eq(poll.id))
            .group_by(poll_votes::option_id)
            .select((poll_votes::option_id, diesel::dsl::count_star()))
            .load(conn)?;
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        let voters = poll_votes::table
            .filter(poll_votes::poll_id.eq(poll.id))
            .select(poll_votes::user_id)
            .distinct()
            .load::<UserId>(conn)?
            .len() as i64;
        let chosen = match viewer {
            Some(user) => Poll::choices_of(conn, poll.id, user)?,
            None => Vec::new(),
        };
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        if poll.public {
            let rows: Vec<(i64, String)> = poll_votes::table
                .inner_join(users::table)
                .filter(poll_votes::poll_id.eq(poll.id))
                .order(poll_votes::created_at.asc())
                .limit(NAMED_VOTERS * i64::from(options.len() as i32))
                .select((poll_votes::option_id, users::username))
                .load(conn)?;
            for (option, name) in rows {
                let list = names.entry(option).or_default();
                if (list.len() as i64) < NAMED_VOTERS {
                    list.push(name);
                }
            }
        }
        Ok(PollView {
            closed: poll.closed(now),
            options: options
                .into_iter()
                .map(|o| {
                    let n = counts.get(&o.id).copied().unwrap_or(0);
                    (o, n)
                })
                .collect(),
            poll,
            voters,
            chosen,
            names,
        })
    }

    /// The options `user` chose in `poll`.
    pub fn choices_of(
        conn: &mut AnyConnection,
        poll: PollId,
        user: UserId,
    ) -> QueryResult<Vec<i64>> {
        poll_votes::table
            .filter(poll_votes::poll_id.eq(poll))
            .filter(poll_votes::user_id.eq(user))
            .select(poll_votes::option_id)
            .load(conn)
    }

    /// Makes a poll with its options.
    pub(crate) fn create(
        conn: &mut AnyConnection,
        new: &NewPoll,
        options: &[String],
        now: NaiveDateTime,
    ) -> QueryResult<PollId> {
        let id: PollId = diesel::insert_into(polls::table)
            .values((
                polls::post_id.eq(new.post_id),
                polls::name.eq(new.name),
                polls::min_choices.eq(new.min_choices),
                polls::max_choices.eq(new.max_choices),
                polls::results.eq(new.results),
                polls::public.eq(new.public),
                polls::closes_at.eq(new.closes_at),
                polls::created_at.eq(now),
            ))
            .returning(polls::id)
            .get_result(conn)?;
        for (position, text) in options.iter().enumerate() {
            diesel::insert_into(poll_options::table)
                .values((
                    poll_options::poll_id.eq(id),
                    poll_options::position.eq(position as i32),
                    poll_options::text.eq(text),
                ))
                .execute(conn)?;
        }
        Ok(id)
    }

    /// Changes what a poll's Markdown may change without touching its options or votes.
    pub(crate) fn update_settings(
        conn: &mut AnyConnection,
        id: PollId,
        new: &NewPoll,
    ) -> QueryResult<usize> {
        diesel::update(polls::table.find(id))
            .set((
                polls::min_choices.eq(new.min_choices),
                polls::max_choices.eq(new.max_choices),
                polls::results.eq(new.results),
                polls::public.eq(new.public),
                polls::closes_at.eq(new.closes_at),
            ))
            .execute(conn)
    }

    /// Deletes a poll with its options and votes.
    pub(crate) fn delete(conn: &mut AnyConnection, id: PollId) -> QueryResult<usize> {
        diesel::delete(poll_votes::table.filter(poll_votes::poll_id.eq(id))).execute(conn)?;
        diesel::delete(poll_options::table.filter(poll_options::poll_id.eq(id))).execute(conn)?;
        diesel::delete(polls::table.find(id)).execute(conn)
    }

    /// Records `user`'s choice of `options`.
    pub(crate) fn vote(
        conn: &mut AnyConnection,
        poll: PollId,
        user: UserId,
        options: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<()> {
        for &option in options {
            diesel::insert_into(poll_votes::table)
                .values((
                    poll_votes::poll_id.eq(poll),
                    poll_votes::option_id.eq(option),
                    poll_votes::user_id.eq(user),
                    poll_votes::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Removes `user`'s vote; how many choices it held.
    pub(crate) fn unvote(
        conn: &mut AnyConnection,
        poll: PollId,
        user: UserId,
    ) -> QueryResult<usize> {
        diesel::delete(
            poll_votes::table
                .filter(poll_votes::poll_id.eq(poll))
                .filter(poll_votes::user_id.eq(user)),
        )
        .execute(conn)
    }

    /// Closes a poll now, or opens it again (and then it no longer closes by itself).
    pub(crate) fn set_closed(
        conn: &mut AnyConnection,
        id: PollId,
        closed_at: Option<NaiveDateTime>,
    ) -> QueryResult<usize> {
        let update = diesel::update(polls::table.find(id));
        match closed_at {
            Some(at) => update.set(polls::closed_at.eq(Some(at))).execute(conn),
            None => update
                .set((
                    polls::closed_at.eq(None::<NaiveDateTime>),
                    polls::closes_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn),
        }
    }
}
