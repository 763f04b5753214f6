//! `/my/preferences`: a member's mail choices, shown and saved as one form.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::category::Category;
use crate::models::user_option::{Preferences, PreferencesDraft, UserOptions};
use crate::models::watching::CategoryWatch;
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{form_again, html, see_other};
use crate::services::{self, ServiceError};
use crate::views::preferences::{PreferencesView, preferences_page};

/// `?saved=1` after a save.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /my/preferences`
pub async fn show_preferences(
    who: SignedIn,
    state: web::Data<AppState>,
    query: web::Query<SavedQuery>,
) -> AppResult<HttpResponse> {
    let user = who.user.id;
    let (options, (digest, mailing), categories) = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok((
                UserOptions::find(conn, user)?,
                CategoryWatch::mail_choices(conn, user)?,
                Category::all(conn)?,
            ))
        })
        .await?;
    let draft = PreferencesDraft {
        email_level: options.email_level.to_string(),
        max_emails_per_day: options
            .max_emails_per_day
            .map(|n| n.to_string())
            .unwrap_or_default(),
        digest_frequency: options.digest_frequency().as_str().to_owned(),
        digest_categories_from: if options.digest_all_categories {
            "all"
        } else {
            "chosen"
        }
        .to_owned(),
        digest_categories: digest.iter().map(|id| id.0).collect(),
        time_zone: options.time_zone.clone(),
        mailing_list_mode: options.mailing_list_mode,
        mailing_list_categories: mailing.iter().map(|id| id.0).collect(),
    };
    Ok(html(preferences_page(
        &who.page,
        &PreferencesView {
            draft: &draft,
            categories: &categories,
            email: &who.user.email,
            saved: query.saved.is_some(),
        },
        &[],
    )))
}

/// The form as sent (check boxes as Rails-style lists: `digest_categories[]=3`).
#[derive(Debug, Default, Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    email_level: String,
    #[serde(default)]
    max_emails_per_day: String,
    #[serde(default)]
    digest_frequency: String,
    #[serde(default)]
    digest_categories_from: String,
    #[serde(default, deserialize_with = "lenient::ints")]
    digest_categories: Vec<i64>,
    #[serde(default)]
    time_zone: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    mailing_list_mode: Option<bool>,
    #[serde(default, deserialize_with = "lenient::ints")]
    mailing_list_categories: Vec<i64>,
}

/// `POST /my/preferences`
pub async fn save_preferences(
    who: SignedIn,
    state: web::Data<AppState>,
    form: Input<PreferencesForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let draft = PreferencesDraft {
        email_level: form.email_level,
        max_emails_per_day: form.max_emails_per_day,
        digest_frequency: form.digest_frequency,
        digest_categories_from: form.digest_categories_from,
        digest_categories: form.digest_categories,
        time_zone: form.time_zone,
        mailing_list_mode: form.mailing_list_mode.unwrap_or(false),
        mailing_list_categories: form.mailing_list_categories,
    };
    let outcome = match Preferences::validate(&draft, state.config.mail.max_per_day_per_user) {
        Err(problems) => Err(AppError::from(ServiceError::Invalid(problems))),
        Ok(choices) => {
            let guardian = who.guardian;
            state
                .write(move |tx| services::notifications::save_preferences(tx, &guardian, &choices))
                .await
                .map_err(AppError::from)
        }
    };
    match outcome {
        Ok(()) => Ok(see_other("/my/preferences?saved=1")),
        Err(error) if error.is_fixable_in_form() => {
            let categories = state
                .db
                .read(|conn| Category::all(conn).map_err(AppError::from))
                .await?;
            Ok(form_again(&error, |complaints| {
                preferences_page(
                    &who.page,
                    &PreferencesView {
                        draft: &draft,
                        categories: &categories,
                        email: &who.user.email,
                        saved: false,
                    },
                    complaints,
                )
            }))
        }
        Err(error) => Err(error),
    }
}
