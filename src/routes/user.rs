//! Handlers for user profiles.

use actix_web::{HttpResponse, web};

use crate::app::AppState;
use crate::error::AppResult;
use crate::models::post::Post;
use crate::models::user::User;
use crate::routes::context::Viewer;
use crate::routes::respond::{Format, html, json};
use crate::services::{Missing, Present};

/// Posts a profile page lists.
const RECENT_POSTS: i64 = 20;

/// `GET /u/{username}`, `GET /u/{username}.json`
pub async fn show_user(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let username = path.into_inner();
    let visibility = viewer.guardian.visibility();
    let (user, stats, recent) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find_by_username(conn, &username)
                .present_or(Missing::User(username.clone()))?;
            let stats = User::stats(conn, user.id)?;
            let recent = match format {
                Format::Html => Post::recent_by_user(conn, user.id, visibility, RECENT_POSTS)?,
                Format::Json => Vec::new(),
            };
            Ok((user, stats, recent))
        })
        .await?;
    Ok(match format {
        Format::Html => html(crate::views::user::profile_page(
            &viewer.page,
            &user,
            &stats,
            &recent,
        )),
        Format::Json => json(&crate::api::user::user(&user, &stats)),
    })
}
