//! The demo's polls: a moderator asks the community when its call should be (one choice,
//! open, results for all) and which topics it should cover (several choices, named voters,
//! results once you vote), and members vote, so a newcomer sees both forms and results.

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::Category;
use crate::models::ids::PostId;
use crate::models::poll::Poll;
use crate::models::topic::NewTopicInput;
use crate::models::user::User;
use crate::services;

const CALL: &str = "We are planning next quarter's community calls. Two quick polls, so we \
pick a time that suits most people and spend the hour on what you care about.\n\n\
[poll name=time]\n\
* Tuesdays, 15:00 UTC\n\
* Wednesdays, 08:00 UTC\n\
* Thursdays, 18:00 UTC\n\
[/poll]\n\n\
And what should we cover? Choose up to two.\n\n\
[poll name=topics type=multiple min=1 max=2 results=on_vote public=true]\n\
* Free-threaded Python: status across projects\n\
* Packaging and wheels\n\
* Onboarding new contributors\n\
* SPEC reviews\n\
[/poll]\n";

/// Starts the poll topic as mira_k and has members vote; returns how many votes.
pub fn history(
    conn: &mut AnyConnection,
    rng: &mut fastrand::Rng,
    users: &[User],
    categories: &[Category],
    now: NaiveDateTime,
) -> anyhow::Result<usize> {
    let Some(meta) = categories.iter().find(|c| c.slug == "meta") else {
        return Ok(0);
    };
    let input = NewTopicInput::new(
        "Community call: when, and about what?",
        Some(meta.id),
        CALL.to_owned(),
        usize::MAX,
    )
    .map_err(services::ServiceError::from)?;
    let cooked = markdown::cook(CALL);
    let asker = Guardian::for_user(&users[1]);
    let (_, post) = services::run_at(conn, now - Duration::days(3), |tx| {
        services::topic::create(tx, &asker, &input, &cooked)
    })?;
    let options =
        |conn: &mut AnyConnection, name: &str, post: PostId| -> anyhow::Result<Vec<i64>> {
            let poll =
                Poll::find(conn, post, name)?.ok_or_else(|| anyhow::anyhow!("no {name} poll"))?;
            Ok(Poll::options(conn, poll.id)?
                .into_iter()
                .map(|o| o.id)
                .collect())
        };
    let times = options(conn, "time", post.id)?;
    let topics = options(conn, "topics", post.id)?;
    let mut votes = 0;
    // ada.l leaves both for the newcomer's eye: she has not voted yet.
    for (i, voter) in users.iter().skip(4).take(18).enumerate() {
        let guardian = Guardian::for_user(voter);
        let at = now - Duration::days(3) + Duration::minutes(30 + 97 * i as i64);
        // Most like Tuesdays; the rest spread.
        let time = if rng.u8(0..10) < 5 {
            times[0]
        } else {
            times[rng.usize(1..times.len())]
        };
        let first = topics[rng.usize(0..topics.len())];
        let second = topics[rng.usize(0..topics.len())];
        let chosen: Vec<i64> = if first == second {
            vec![first]
        } else {
            vec![first, second]
        };
        services::run_at(conn, at, |tx| {
            services::polls::vote(tx, &guardian, post.id, "time", &[time])?;
            services::polls::vote(tx, &guardian, post.id, "topics", &chosen)
        })?;
        votes += 1 + chosen.len();
    }
    Ok(votes)
}
