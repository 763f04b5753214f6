//! Handlers for the admin page of API keys: the list, making a key (its secret shown once, on
//! the page that answers the form), revoking one.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages::Complaint;
use crate::models::api_key::ApiKey;
use crate::models::invalid::{Field, Problem};
use crate::routes::IdPath;
use crate::routes::context::Admin;
use crate::routes::input::Input;
use crate::routes::respond::{form_again, html, see_other};
use crate::services::api_key::{Acting, KeySpec};
use crate::services::{self, Missing, ServiceError};
use crate::views::api_key::{KeyDraft, NewSecret, api_keys_page};

/// Where the page lives.
const PAGE: &str = "/admin/api-keys";

async fn all_keys(state: &AppState) -> AppResult<Vec<(ApiKey, crate::models::user::UserSummary)>> {
    state
        .db
        .read(|conn| ApiKey::all(conn).map_err(AppError::from))
        .await
}

/// `GET /admin/api-keys`
pub async fn list_api_keys(admin: Admin, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let keys = all_keys(&state).await?;
    Ok(html(api_keys_page(
        &admin.page,
        &keys,
        None,
        &KeyDraft::default(),
        &[],
    )))
}

/// What the new-key form posts (`scopes[]` once per ticked box).
#[derive(Debug, Deserialize)]
pub struct KeyForm {
    /// `user` or `all`.
    #[serde(default)]
    acting: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    scopes: Vec<String>,
}

/// `POST /admin/api-keys`: makes the key and answers with the page showing its secret, once.
pub async fn create_api_key(
    admin: Admin,
    state: web::Data<AppState>,
    form: Input<KeyForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let draft = KeyDraft {
        username: form.username.trim().to_owned(),
        all_users: form.acting == "all",
        description: form.description,
        scopes: form.scopes,
    };
    let secret = crate::auth::token::generate().map_err(AppError::Internal)?;
    let key_hash = crate::auth::token::hash(&secret);
    let result = if !draft.all_users && draft.username.is_empty() {
        Err(ServiceError::invalid(Field::Username, Problem::Blank))
    } else {
        let guardian = admin.guardian;
        let draft = draft.clone();
        state
            .write(move |tx| {
                let spec = KeySpec {
                    acting: if draft.all_users {
                        Acting::ForAllUsers
                    } else {
                        Acting::As(&draft.username)
                    },
                    description: &draft.description,
                    scopes: &draft.scopes,
                };
                services::api_key::create(tx, &guardian, &key_hash, &spec)
            })
            .await
    };
    match result {
        Ok(made) => {
            let keys = all_keys(&state).await?;
            let shown = NewSecret {
                id: made.key.id,
                secret,
            };
            let mut response = html(api_keys_page(
                &admin.page,
                &keys,
                Some(&shown),
                &KeyDraft::default(),
                &[],
            ));
            // The secret must not outlive this page in any cache.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            Ok(response)
        }
        // An unknown username is a mistake in the form, shown beside its field.
        Err(ServiceError::NotFound(missing @ Missing::User(_))) => {
            let keys = all_keys(&state).await?;
            let complaint = Complaint {
                field: Some(Field::Username.form_name()),
                text: ServiceError::NotFound(missing).to_string(),
            };
            Ok(form_again(
                &AppError::Invalid(vec![complaint]),
                |complaints| api_keys_page(&admin.page, &keys, None, &draft, complaints),
            ))
        }
        Err(error) => {
            let error = AppError::from(error);
            if !error.is_fixable_in_form() {
                return Err(error);
            }
            let keys = all_keys(&state).await?;
            Ok(form_again(&error, |complaints| {
                api_keys_page(&admin.page, &keys, None, &draft, complaints)
            }))
        }
    }
}

/// `POST /admin/api-keys/{id}/revoke`
pub async fn revoke_api_key(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = path.id;
    let guardian = admin.guardian;
    state
        .write(move |tx| services::api_key::revoke(tx, &guardian, id))
        .await?;
    Ok(see_other(PAGE))
}
