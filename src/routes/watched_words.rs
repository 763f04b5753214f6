//! Handlers for the admins' list of watched words: the page at `/admin/watched_words` with its
//! add and remove forms, and Discourse's JSON (`/admin/customize/watched_words.json`, `POST`
//! with `word` and `action_key`, `DELETE …/{id}.json`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::moderation::{Success, WatchedWordJson, WatchedWordsResponse};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::invalid::{Field, Problem};
use crate::models::watched_word::{WatchedAction, WatchedWord};
use crate::routes::IdPath;
use crate::routes::context::Admin;
use crate::routes::input::Input;
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::services::{self, ServiceError};
use crate::views::watched_words::{WordDraft, watched_words_page};

/// Where the page lives.
const PAGE: &str = "/admin/watched_words";

async fn all_words(state: &AppState) -> AppResult<Vec<WatchedWord>> {
    state
        .db
        .read(|conn| WatchedWord::all(conn).map_err(AppError::from))
        .await
}

/// `GET /admin/watched_words` and `GET /admin/customize/watched_words.json`.
pub async fn list_watched_words(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    admin.guardian.can_manage_watched_words()?;
    let words = all_words(&state).await?;
    if format == Format::Json {
        return Ok(json(&WatchedWordsResponse::new(&words)));
    }
    Ok(html(watched_words_page(
        &admin.page,
        &words,
        &WordDraft::default(),
        &[],
    )))
}

/// What adding a word sends: the page's form or Discourse's JSON.
#[derive(Debug, Deserialize)]
pub struct WordRequest {
    #[serde(default)]
    word: String,
    #[serde(default)]
    action_key: String,
}

/// `POST /admin/watched_words` and `POST /admin/customize/watched_words.json`.
pub async fn add_watched_word(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<WordRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let draft = WordDraft {
        word: request.word.clone(),
        action: request.action_key.clone(),
    };
    let guardian = admin.guardian.clone();
    let result = match WatchedAction::parse(request.action_key.trim()) {
        None => Err(ServiceError::invalid(
            Field::WatchedAction,
            if request.action_key.trim().is_empty() {
                Problem::Blank
            } else {
                Problem::Malformed
            },
        )),
        Some(action) => {
            state
                .write(move |tx| services::watched_words::add(tx, &guardian, &request.word, action))
                .await
        }
    };
    match result {
        Ok(word) if format == Format::Json => Ok(json(&WatchedWordJson::from(&word))),
        Ok(_) => Ok(see_other(PAGE)),
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let words = all_words(&state).await?;
            Ok(form_again(&error, |complaints| {
                watched_words_page(&admin.page, &words, &draft, complaints)
            }))
        }
    }
}

/// `DELETE /admin/customize/watched_words/{id}.json` and the page's
/// `POST /admin/watched_words/{id}/delete`.
pub async fn remove_watched_word(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = path.id;
    let guardian = admin.guardian;
    state
        .write(move |tx| services::watched_words::remove(tx, &guardian, id))
        .await?;
    if format == Format::Json {
        return Ok(json(&Success { success: "OK" }));
    }
    Ok(see_other(PAGE))
}
