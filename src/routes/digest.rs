//! `/u/{username}/digest/{period}`: a digest's web view (the mail links to it), and
//! `/u/{username}/digest/next`, what the next digest holds so far (an admin may preview
//! anyone's).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::AppResult;
use crate::models::digest::{EXCERPT_CHARS, Schedule, Sources, Subscriber, time_zone};
use crate::models::user::User;
use crate::routes::context::SignedIn;
use crate::routes::respond::html;
use crate::services::{Missing, Present};
use crate::views::digest::digest_page;

/// The path: whose digest, and which period (`weekly-2026-11-23`, or `next`).
#[derive(Debug, Deserialize)]
pub struct DigestPath {
    username: String,
    period: String,
}

/// `GET /u/{username}/digest/{period}`
pub async fn show_digest(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<DigestPath>,
) -> AppResult<HttpResponse> {
    let DigestPath { username, period } = path.into_inner();
    let schedule = Schedule::of(&state.config);
    let now = crate::db::now();
    let guardian = who.guardian;
    let next = period == "next";
    let number_prefix = state.config.proposals.number_prefix.clone();
    let (subscriber, digest) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find_by_username(conn, &username)
                .present_or(Missing::User(username.clone()))?;
            guardian.can_read_mail_of(user.id)?;
            let subscriber =
                Subscriber::of(conn, user.id)?.ok_or(Missing::User(username.clone()))?;
            let tz = time_zone(&subscriber.time_zone);
            let found = if next {
                schedule.in_progress(subscriber.frequency, tz, now)
            } else {
                schedule.named(&period, tz)
            };
            let period = found.ok_or(Missing::Page)?;
            let excerpt = |cooked: &str| crate::markdown::excerpt(cooked, EXCERPT_CHARS);
            let mut sources =
                Sources::load(conn, period.start, Some(user.id), excerpt, &number_prefix)?;
            let digest = sources.digest_for(&subscriber, period);
            Ok((subscriber, digest))
        })
        .await?;
    Ok(html(digest_page(
        &who.page,
        &subscriber.username,
        &digest,
        next,
    )))
}
