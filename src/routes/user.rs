//! Handlers for user profiles.

use actix_web::{HttpResponse, web};
use maud::Markup;

use crate::app::AppState;
use crate::error::{AppResult, MustExist};
use crate::models::post::Post;
use crate::models::user::User;
use crate::views::layout::PageContext;

async fn load_user(
    state: &AppState,
    username: String,
) -> AppResult<(User, crate::models::user::UserStats)> {
    state
        .db
        .read(move |conn| {
            let user = User::find_by_username(conn, &username)
                .must_exist(format!("There is no user called {username}."))?;
            let stats = User::stats(conn, user.id)?;
            Ok((user, stats))
        })
        .await
}

/// `GET /u/{username}`
pub async fn show_user(
    ctx: PageContext,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<Markup> {
    let (user, stats) = load_user(&state, path.into_inner()).await?;
    let id = user.id;
    let recent = state
        .db
        .read(move |conn| Ok(Post::recent_by_user(conn, id, 20)?))
        .await?;
    Ok(crate::views::user::profile_page(
        &ctx, &user, &stats, &recent,
    ))
}

/// `GET /u/{username}.json`
pub async fn show_user_json(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (user, stats) = load_user(&state, path.into_inner()).await?;
    Ok(HttpResponse::Ok().json(crate::views::user::user_json(&user, &stats)))
}
