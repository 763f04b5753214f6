//! Polls: keeping a post's poll rows in step with its Markdown (when it is written, edited or
//! rebaked), and voting. A poll whose options and choice rule are unchanged by an edit keeps
//! its votes (its closing time and result setting may change); one whose options changed
//! starts again, as its voters chose among other options. A vote is refused once the poll is
//! closed, and a second vote before the first is taken back.

use crate::auth::Guardian;
use crate::markdown::poll::{self, Kind, PollSpec};
use crate::models::ids::PostId;
use crate::models::invalid::{Field, Problem};
use crate::models::poll::{NewPoll, Poll, PollView};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::services::{Clash, Found, Missing, ServiceError, Tx};

/// The polls `raw` defines, or why they are refused (a 422 naming what to fix).
pub(crate) fn check(raw: &str) -> Result<Vec<PollSpec>, ServiceError> {
    poll::parse(raw).map_err(|e| ServiceError::Invalid(vec![e]))
}

/// The row values of a spec.
fn row_of<'a>(post: PostId, spec: &'a PollSpec) -> NewPoll<'a> {
    let (min, max) = match spec.kind {
        Kind::Single => (0, 0),
        Kind::Multiple { min, max } => (min as i32, max as i32),
    };
    NewPoll {
        post_id: post,
        name: &spec.name,
        min_choices: min,
        max_choices: max,
        results: spec.results.as_str(),
        public: spec.public,
        closes_at: spec.closes_at,
    }
}

/// Whether a post is new (so it has no polls yet) or was written before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Written {
    /// Just inserted.
    New,
    /// Edited or rebaked.
    Before,
}

/// Makes `post`'s poll rows match `raw`: new polls made, removed ones deleted, changed
/// options started afresh, the rest kept with their votes.
pub(crate) fn sync(
    tx: &mut Tx,
    post: PostId,
    raw: &str,
    written: Written,
) -> Result<(), ServiceError> {
    let specs = check(raw)?;
    // Most new posts have no poll: they cost no query.
    if specs.is_empty() && written == Written::New {
        return Ok(());
    }
    let existing = Poll::of_post(tx.conn(), post)?;
    if specs.is_empty() && existing.is_empty() {
        return Ok(());
    }
    let now = tx.now();
    for old in &existing {
        let Some(spec) = specs.iter().find(|s| s.name == old.name) else {
            Poll::delete(tx.conn(), old.id)?;
            continue;
        };
        let options: Vec<String> = Poll::options(tx.conn(), old.id)?
            .into_iter()
            .map(|o| o.text)
            .collect();
        let row = row_of(post, spec);
        let same_rule = (old.min_choices, old.max_choices) == (row.min_choices, row.max_choices);
        if options == spec.options && same_rule {
            Poll::update_settings(tx.conn(), old.id, &row)?;
        } else {
            Poll::delete(tx.conn(), old.id)?;
            Poll::create(tx.conn(), &row, &spec.options, now)?;
        }
    }
    for spec in specs
        .iter()
        .filter(|s| !existing.iter().any(|old| old.name == s.name))
    {
        Poll::create(tx.conn(), &row_of(post, spec), &spec.options, now)?;
    }
    Ok(())
}

/// The poll `name` of post `post`, if the guardian may see the post.
fn find_poll(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    name: &str,
) -> Result<(Poll, Post), ServiceError> {
    let found = Post::find_in_topic(tx.conn(), post, guardian.visibility())
        .found_or(Missing::Post(post))?;
    let poll = Poll::find(tx.conn(), post, name)?.ok_or_else(|| Missing::Poll(name.to_owned()))?;
    Ok((poll, found.post))
}

/// Votes as the guardian's member for `options` (option ids) in the poll `name` of `post`.
/// Refused when the poll is closed, when they voted already (they take that vote back first),
/// and when the choice does not fit the poll (none, too many, too few, not its options).
pub fn vote(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    name: &str,
    options: &[i64],
) -> Result<PollView, ServiceError> {
    let voter = guardian.acting_user()?;
    let (found, _) = find_poll(tx, guardian, post, name)?;
    let now = tx.now();
    if found.closed(now) {
        return Err(Clash::PollClosed.into());
    }
    if !Poll::choices_of(tx.conn(), found.id, voter)?.is_empty() {
        return Err(Clash::AlreadyVoted.into());
    }
    let mut chosen: Vec<i64> = options.to_vec();
    chosen.sort_unstable();
    chosen.dedup();
    let invalid = |problem| ServiceError::invalid(Field::PollVote, problem);
    let (min, max) = if found.multiple() {
        (found.min_choices as usize, found.max_choices as usize)
    } else {
        (1, 1)
    };
    if chosen.is_empty() {
        return Err(invalid(Problem::Blank));
    }
    if chosen.len() > max {
        return Err(invalid(Problem::TooMany {
            max,
            actual: chosen.len(),
        }));
    }
    if chosen.len() < min {
        return Err(invalid(Problem::TooShort { min }));
    }
    let known: Vec<i64> = Poll::options(tx.conn(), found.id)?
        .into_iter()
        .map(|o| o.id)
        .collect();
    if let Some(&stranger) = chosen.iter().find(|o| !known.contains(o)) {
        return Err(invalid(Problem::Unknown(stranger)));
    }
    Poll::vote(tx.conn(), found.id, voter, &chosen, now)?;
    let now = tx.now();
    Ok(Poll::view(tx.conn(), found, Some(voter), now)?)
}

/// Takes back the guardian's member's vote in the poll `name` of `post` (while it is open).
pub fn unvote(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    name: &str,
) -> Result<PollView, ServiceError> {
    let voter = guardian.acting_user()?;
    let (found, _) = find_poll(tx, guardian, post, name)?;
    if found.closed(tx.now()) {
        return Err(Clash::PollClosed.into());
    }
    if Poll::unvote(tx.conn(), found.id, voter)? == 0 {
        return Err(Clash::NotVoted.into());
    }
    let now = tx.now();
    Ok(Poll::view(tx.conn(), found, Some(voter), now)?)
}

/// Closes the poll `name` of `post` now, or opens it again: its post's author, staff and the
/// category's moderators.
pub fn set_closed(
    tx: &mut Tx,
    guardian: &Guardian,
    post: PostId,
    name: &str,
    closed: bool,
) -> Result<PollView, ServiceError> {
    let (found, post_row) = find_poll(tx, guardian, post, name)?;
    let topic = Topic::find(tx.conn(), post_row.topic_id)?;
    guardian.can_close_poll(&post_row, topic.category_id)?;
    let now = tx.now();
    if found.closed(now) == closed {
        return Err(Clash::AlreadyDone.into());
    }
    Poll::set_closed(tx.conn(), found.id, closed.then_some(now))?;
    let poll = Poll::find(tx.conn(), post, name)?.ok_or_else(|| Missing::Poll(name.to_owned()))?;
    Ok(Poll::view(
        tx.conn(),
        poll,
        guardian.actor().map(|a| a.id),
        now,
    )?)
}
