//! `/unsubscribe/{user}/{kind}/{signature}`: the one-click unsubscribe link every bulk mail
//! carries (`List-Unsubscribe`, RFC 8058). The signature is the authority: no login, and no
//! CSRF token for the POST (`web::csrf` lets this path through), because a mail client sends
//! the POST by itself. A link made for one user and kind works for nothing else.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::signed::{UNSUBSCRIBE_SECRET, unsubscribe_message, verify};
use crate::error::{AppError, AppResult};
use crate::models::ids::UserId;
use crate::models::site_secret::SiteSecret;
use crate::models::user::User;
use crate::models::user_option::MailStream;
use crate::routes::context::Viewer;
use crate::routes::respond::{html, html_with_status};
use crate::services;
use crate::views::unsubscribe as pages;

/// The link's parts.
#[derive(Debug, Deserialize)]
pub struct UnsubscribePath {
    user: i64,
    kind: String,
    signature: String,
}

/// The user and kind of mail a link is for, if its signature holds.
async fn check(state: &AppState, path: &UnsubscribePath) -> AppResult<Option<(User, MailStream)>> {
    let Some(stream) = MailStream::parse(&path.kind) else {
        return Ok(None);
    };
    let message = unsubscribe_message(path.user, stream.as_str());
    let signature = path.signature.clone();
    let user = UserId(path.user);
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let Some(secret) = SiteSecret::find(conn, UNSUBSCRIBE_SECRET)? else {
                return Ok(None);
            };
            if !verify(&secret, &message, &signature) {
                return Ok(None);
            }
            Ok(User::find(conn, user).ok().map(|user| (user, stream)))
        })
        .await
}

fn bad_link(viewer: &Viewer) -> HttpResponse {
    html_with_status(StatusCode::NOT_FOUND, pages::bad_link(&viewer.page))
}

/// `GET /unsubscribe/…`: asks.
pub async fn confirm_unsubscribe(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<UnsubscribePath>,
) -> AppResult<HttpResponse> {
    Ok(match check(&state, &path).await? {
        Some((user, stream)) => html(pages::confirm(
            &viewer.page,
            &viewer.page.path,
            &user.username,
            stream,
        )),
        None => bad_link(&viewer),
    })
}

/// `POST /unsubscribe/…`: stops that kind of mail (whatever the body says: RFC 8058's
/// `List-Unsubscribe=One-Click`, or the confirmation page's button).
pub async fn unsubscribe(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<UnsubscribePath>,
) -> AppResult<HttpResponse> {
    let Some((user, stream)) = check(&state, &path).await? else {
        return Ok(bad_link(&viewer));
    };
    let id = user.id;
    state
        .write(move |tx| services::mail::unsubscribe(tx, id, stream))
        .await
        .map_err(AppError::from)?;
    Ok(html(pages::stopped(&viewer.page, stream)))
}
