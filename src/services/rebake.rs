//! Rendering every post again from its stored Markdown (`convene rebake`), for when the
//! renderer changes: new markup, a sanitiser rule, a highlighting fix. Old versions kept as
//! revisions are rendered again too, since their pages print stored HTML as well.
//!
//! Posts go in batches: a batch is read, rendered on every core with no connection held, and
//! only the posts whose HTML changed are written, in one short transaction per batch. A post
//! edited meanwhile is left alone: its new version was rendered by the current code already.
//! The censored watched words as they are when it starts are applied, so a rebake is also how
//! a newly censored word reaches old posts (and an uncensored one is shown again).

use crate::db::{Db, DbError};
use crate::markdown::{self, Cooked};
use crate::models::ids::PostId;
use crate::models::post::Post;
use crate::models::revision::PostRevision;
use crate::models::watched_word::WatchList;
use crate::services::{Event, ServiceError, Tx};

/// Posts read, rendered and written per batch.
const BATCH: i64 = 500;

/// How far a rebake has got, reported after every batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Posts in the forum when the rebake started.
    pub posts: u64,
    /// Revisions when it started.
    pub revisions: u64,
    /// Posts and revisions rendered so far.
    pub rendered: u64,
    /// Of those, how many had different HTML and were saved.
    pub changed: u64,
}

/// Renders every post and revision again; `report` hears after each batch.
pub fn everything(db: &Db, mut report: impl FnMut(&Progress)) -> Result<Progress, ServiceError> {
    let mut read = db.read_conn().map_err(DbError::from)?;
    let mut progress = Progress {
        posts: count(Post::count(&mut read)?),
        revisions: count(PostRevision::count(&mut read)?),
        ..Progress::default()
    };
    let watched = WatchList::load(&mut read)?;
    report(&progress);
    let mut after = PostId(0);
    loop {
        let batch = Post::sources_after(&mut read, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        let sources: Vec<(&str, &str)> = batch
            .iter()
            .map(|(_, _, raw, cooked)| (raw.as_str(), cooked.as_str()))
            .collect();
        let fresh = render_changed(&sources, &watched);
        let changed: Vec<(PostId, i32, Cooked, &str)> = batch
            .iter()
            .zip(fresh)
            .filter_map(|((id, version, raw, _), cooked)| {
                cooked.map(|c| (*id, *version, c, raw.as_str()))
            })
            .collect();
        let saved = write(db, |tx| save_posts(tx, &changed))?;
        progress.rendered += batch.len() as u64;
        progress.changed += saved;
        report(&progress);
    }
    let mut after = 0;
    loop {
        let batch = PostRevision::sources_after(&mut read, after, BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        let sources: Vec<(&str, &str)> = batch
            .iter()
            .map(|(_, raw, cooked)| (raw.as_str(), cooked.as_str()))
            .collect();
        let fresh = render_changed(&sources, &watched);
        let changed: Vec<(i64, Cooked)> = batch
            .iter()
            .zip(fresh)
            .filter_map(|((id, _, _), cooked)| cooked.map(|c| (*id, c)))
            .collect();
        let saved = write(db, |tx| save_revisions(tx, &changed))?;
        progress.rendered += batch.len() as u64;
        progress.changed += saved;
        report(&progress);
    }
    Ok(progress)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Runs one batch's write on the write connection, held only for that batch.
fn write(
    db: &Db,
    f: impl FnOnce(&mut Tx) -> Result<u64, ServiceError>,
) -> Result<u64, ServiceError> {
    let mut conn = db.write_conn().map_err(DbError::from)?;
    crate::services::run(&mut conn, f)
}

/// Renders each (Markdown, stored HTML) pair again, on every core; `Some` where the HTML differs.
fn render_changed(sources: &[(&str, &str)], watched: &WatchList) -> Vec<Option<Cooked>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = sources.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(raw, stored)| {
                            let cooked = markdown::cook_with(raw, watched);
                            (cooked.as_str() != *stored).then_some(cooked)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            // A renderer panic is a bug to see, not a post to skip silently.
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Saves fresh HTML for posts still at the version that was rendered, and their polls (a
/// poll block the renderer now reads becomes a poll; unchanged ones keep their votes);
/// returns how many.
fn save_posts(tx: &mut Tx, changed: &[(PostId, i32, Cooked, &str)]) -> Result<u64, ServiceError> {
    let mut saved = 0;
    for (id, version, cooked, raw) in changed {
        if Post::replace_cooked(tx.conn(), *id, *version, cooked.as_str())? {
            // A poll the Markdown no longer allows (say, a lower limit) is left as it was
            // rather than stopping the rebake.
            if super::polls::check(raw).is_ok() {
                super::polls::sync(tx, *id, raw, super::polls::Written::Before)?;
            }
            tx.record(Event::PostRebaked { post: *id })?;
            saved += 1;
        }
    }
    Ok(saved)
}

/// Saves fresh HTML for revisions; returns how many.
fn save_revisions(tx: &mut Tx, changed: &[(i64, Cooked)]) -> Result<u64, ServiceError> {
    let mut saved = 0;
    for (id, cooked) in changed {
        saved += PostRevision::replace_cooked(tx.conn(), *id, cooked.as_str())? as u64;
    }
    Ok(saved)
}
