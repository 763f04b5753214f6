//! Handlers behind account mail: confirming an address (`/verify`) and resetting a password
//! (`/password-reset`). Asking for either mail is rate limited per address and per IP in the
//! database, and answered the same way whether or not the address is known.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{password, token};
use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::mail::compose::{self, AccountMail as Composed, Site};
use crate::models::email_token::Purpose;
use crate::models::invalid::{Field, Problem};
use crate::models::user::{User, check_password, is_plausible_email};
use crate::routes::Form;
use crate::routes::context::{SignedIn, Viewer, client_ip};
use crate::routes::respond::{form_again, html, html_with_status};
use crate::services::account::PasswordHash;
use crate::services::mail::{AccountMail, AccountMailLimits};
use crate::services::{self, Missing, ServiceError};
use crate::views::email as pages;

/// How long a verification link works.
const VERIFY_LASTS: chrono::Duration = chrono::Duration::days(2);
/// How long a reset link works.
const RESET_LASTS: chrono::Duration = chrono::Duration::hours(1);

/// The account-mail limits `[auth]` sets.
pub fn limits(config: &Config) -> AccountMailLimits {
    AccountMailLimits {
        per_address: config.auth.account_mails_per_address_per_hour,
        per_ip: config.auth.account_mails_per_ip_per_hour,
    }
}

/// A new link's secret (for the mail) and hash (for the database), and the composed mail.
/// `user` is filled in by the caller inside its transaction.
pub fn account_mail(
    config: &Config,
    purpose: Purpose,
    username: &str,
    email: &str,
) -> AppResult<(
    String,
    impl FnOnce(crate::models::ids::UserId) -> AccountMail + use<>,
)> {
    let secret = token::generate().map_err(AppError::Internal)?;
    let token_hash = token::hash(&secret);
    let site = Site::from_config(config);
    let (path, lasts, subject, intro, action, not_you) = match purpose {
        Purpose::Verify => (
            "/verify/",
            VERIFY_LASTS,
            "Confirm your email address",
            "Welcome! Confirm that this address is yours, and you can start posting.",
            "Confirm your address",
            "If you did not sign up, ignore this mail: without the confirmation nothing is posted in your name.",
        ),
        Purpose::ChangeEmail => (
            "/change-email/",
            VERIFY_LASTS,
            "Confirm your new email address",
            "Someone (we hope you) asked to use this address for the account. Confirm it, and mail goes here from then on.",
            "Use this address",
            "If it was not you, ignore this mail: the account keeps its address.",
        ),
        Purpose::ResetPassword => (
            "/password-reset/",
            RESET_LASTS,
            "Choose a new password",
            "Someone (we hope you) asked to choose a new password for your account. The link works once, for an hour.",
            "Choose a new password",
            "If it was not you, ignore this mail: your password stays as it is.",
        ),
    };
    let link = site.url(&format!("{path}{secret}"));
    let message = compose::account(
        &site,
        &Composed {
            to: email,
            username,
            subject,
            intro,
            link: &link,
            action,
            not_you,
        },
    )
    .map_err(|e| AppError::Internal(e.into()))?;
    let email = email.to_owned();
    Ok((secret, move |user| AccountMail {
        user,
        email,
        purpose,
        token_hash,
        lasts,
        message,
    }))
}

/// `GET /verify`: whether the signed-in member's address is confirmed.
pub async fn verify_status(signed_in: SignedIn) -> HttpResponse {
    html(pages::verify_status(
        &signed_in.page,
        &signed_in.user.email,
        signed_in.user.email_verified_at.is_some(),
        false,
    ))
}

/// `POST /verify`: mails the signed-in member a new verification link.
pub async fn resend_verification(
    req: HttpRequest,
    signed_in: SignedIn,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let user = signed_in.user.clone();
    if user.email_verified_at.is_none() {
        let ip = client_ip(&req, state.config.server.behind_proxy);
        let (_, mail) = account_mail(&state.config, Purpose::Verify, &user.username, &user.email)?;
        let limits = limits(&state.config);
        let (id, email) = (user.id, user.email.clone());
        state
            .write(move |tx| {
                if services::mail::count_request(tx, &email, &ip, limits)? {
                    services::mail::queue_account_mail(tx, mail(id))?;
                }
                Ok(())
            })
            .await?;
    }
    Ok(html(pages::verify_status(
        &signed_in.page,
        &user.email,
        user.email_verified_at.is_some(),
        true,
    )))
}

/// A link that does not work: the page that says why, with the status that says so.
fn bad_link(
    viewer: &Viewer,
    error: ServiceError,
    ask_again: (&str, &str),
) -> AppResult<HttpResponse> {
    match error {
        ServiceError::NotFound(missing @ Missing::EmailLink(problem)) => {
            let status = match problem {
                crate::models::email_token::LinkProblem::Unknown => StatusCode::NOT_FOUND,
                _ => StatusCode::GONE,
            };
            Ok(html_with_status(
                status,
                pages::bad_link(&viewer.page, &missing.to_string(), ask_again),
            ))
        }
        other => Err(other.into()),
    }
}

const VERIFY_AGAIN: (&str, &str) = ("/verify", "Ask for a new confirmation link");
const RESET_AGAIN: (&str, &str) = ("/password-reset", "Ask for a new password link");

/// `GET /verify/{token}`: the button that uses a verification link.
pub async fn verify_link(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let secret = path.into_inner();
    let hash = token::hash(&secret);
    match state
        .write(move |tx| services::account::check_link(tx, Purpose::Verify, &hash))
        .await
    {
        Ok(user) => Ok(html(pages::verify_confirm(
            &viewer.page,
            &secret,
            &user.username,
        ))),
        Err(error) => bad_link(&viewer, error, VERIFY_AGAIN),
    }
}

/// `POST /verify/{token}`: uses a verification link.
pub async fn verify(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let hash = token::hash(&path.into_inner());
    match state
        .write(move |tx| services::account::verify_email(tx, &hash))
        .await
    {
        Ok(user) => Ok(html(pages::verified(&viewer.page, &user.username))),
        Err(error) => bad_link(&viewer, error, VERIFY_AGAIN),
    }
}

/// `GET /password-reset`
pub async fn reset_request_form(viewer: Viewer) -> HttpResponse {
    html(pages::reset_request(&viewer.page, "", &[]))
}

/// What the reset request form posts.
#[derive(Debug, Deserialize)]
pub struct ResetRequestForm {
    email: String,
}

/// `POST /password-reset`: mails a reset link if an account uses the address. The answer is
/// the same either way, and so is the work done (a request is counted either way).
pub async fn request_reset(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    form: Form<ResetRequestForm>,
) -> AppResult<HttpResponse> {
    let email = form.into_inner().email.trim().to_owned();
    if !is_plausible_email(&email) {
        let error = AppError::from(ServiceError::invalid(Field::Email, Problem::Malformed));
        return Ok(form_again(&error, |complaints| {
            pages::reset_request(&viewer.page, &email, complaints)
        }));
    }
    let ip = client_ip(&req, state.config.server.behind_proxy);
    let limits = limits(&state.config);
    let lookup = email.clone();
    let user = state
        .db
        .read(move |conn| User::find_by_email(conn, &lookup).map_err(AppError::from))
        .await?;
    let mail = match &user {
        Some(user) => Some(
            account_mail(
                &state.config,
                Purpose::ResetPassword,
                &user.username,
                &user.email,
            )?
            .1,
        ),
        None => None,
    };
    let (counted, id) = (email.clone(), user.map(|u| u.id));
    state
        .write(move |tx| {
            let within = services::mail::count_request(tx, &counted, &ip, limits)?;
            if let (true, Some(mail), Some(id)) = (within, mail, id) {
                services::mail::queue_account_mail(tx, mail(id))?;
            }
            Ok(())
        })
        .await?;
    Ok(html(pages::reset_requested(&viewer.page, &email)))
}

/// `GET /password-reset/{token}`: the new-password form.
pub async fn reset_form(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let secret = path.into_inner();
    let hash = token::hash(&secret);
    match state
        .write(move |tx| services::account::check_link(tx, Purpose::ResetPassword, &hash))
        .await
    {
        Ok(user) => Ok(html(pages::reset_form(
            &viewer.page,
            &secret,
            &user.username,
            &[],
        ))),
        Err(error) => bad_link(&viewer, error, RESET_AGAIN),
    }
}

/// What the new-password form posts.
#[derive(Debug, Deserialize)]
pub struct NewPasswordForm {
    password: String,
}

/// `POST /password-reset/{token}`: saves the new password.
pub async fn reset(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: Form<NewPasswordForm>,
) -> AppResult<HttpResponse> {
    let secret = path.into_inner();
    let hash = token::hash(&secret);
    let check = hash.clone();
    let user = match state
        .write(move |tx| services::account::check_link(tx, Purpose::ResetPassword, &check))
        .await
    {
        Ok(user) => user,
        Err(error) => return bad_link(&viewer, error, RESET_AGAIN),
    };
    let plain = form.into_inner().password;
    if let Err(problem) = check_password(
        &plain,
        &user.username,
        state.config.auth.min_password_length,
    ) {
        let error = AppError::from(ServiceError::from(problem));
        return Ok(form_again(&error, |complaints| {
            pages::reset_form(&viewer.page, &secret, &user.username, complaints)
        }));
    }
    let new_hash = web::block(move || password::hash(&plain))
        .await?
        .map_err(AppError::Internal)?;
    match state
        .write(move |tx| services::account::reset_password(tx, &hash, &PasswordHash(new_hash)))
        .await
    {
        Ok(_) => Ok(html(pages::password_changed(&viewer.page))),
        Err(error) => bad_link(&viewer, error, RESET_AGAIN),
    }
}

const CHANGE_AGAIN: (&str, &str) = ("/my/email", "Ask for a new link");

/// `GET /my/email`: the form for a new address.
pub async fn change_email_form(signed_in: SignedIn) -> HttpResponse {
    html(pages::change_email(
        &signed_in.page,
        &signed_in.user.email,
        "",
        &[],
    ))
}

/// What the change-of-address form posts.
#[derive(Debug, Deserialize)]
pub struct ChangeEmailForm {
    email: String,
    password: String,
}

/// `POST /my/email`: after the password is checked again, mails a link to the new address;
/// the account keeps its address until the link is used.
pub async fn request_email_change(
    req: HttpRequest,
    signed_in: SignedIn,
    state: web::Data<AppState>,
    form: Form<ChangeEmailForm>,
) -> AppResult<HttpResponse> {
    let ChangeEmailForm {
        email,
        password: plain,
    } = form.into_inner();
    let email = email.trim().to_owned();
    let user = signed_in.user.clone();
    let again = |error: ServiceError| {
        let error = AppError::from(error);
        Ok(form_again(&error, |complaints| {
            pages::change_email(&signed_in.page, &user.email, &email, complaints)
        }))
    };
    if !is_plausible_email(&email) {
        return again(ServiceError::invalid(Field::Email, Problem::Malformed));
    }
    if email.eq_ignore_ascii_case(&user.email) {
        return again(ServiceError::invalid(Field::Email, Problem::NotAllowed));
    }
    let phc = user.password_hash.clone();
    if !web::block(move || password::verify(&plain, &phc)).await? {
        return again(ServiceError::invalid(
            Field::CurrentPassword,
            Problem::NotAllowed,
        ));
    }
    let lookup = email.clone();
    let taken = state
        .db
        .read(move |conn| User::find_by_email(conn, &lookup).map_err(AppError::from))
        .await?
        .is_some_and(|other| other.id != user.id);
    if taken {
        return again(ServiceError::Conflict(vec![services::Clash::EmailTaken]));
    }
    let ip = client_ip(&req, state.config.server.behind_proxy);
    let limits = limits(&state.config);
    let (_, mail) = account_mail(&state.config, Purpose::ChangeEmail, &user.username, &email)?;
    let (id, counted) = (user.id, email.clone());
    state
        .write(move |tx| {
            if services::mail::count_request(tx, &counted, &ip, limits)? {
                services::mail::queue_account_mail(tx, mail(id))?;
            }
            Ok(())
        })
        .await?;
    Ok(html(pages::change_email_sent(
        &signed_in.page,
        &user.email,
        &email,
    )))
}

/// `GET /change-email/{token}`: the button that uses a change-of-address link.
pub async fn change_email_link(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let secret = path.into_inner();
    let hash = token::hash(&secret);
    match state
        .write(move |tx| services::account::check_link(tx, Purpose::ChangeEmail, &hash))
        .await
    {
        Ok(user) => Ok(html(pages::change_email_confirm(
            &viewer.page,
            &secret,
            &user.username,
        ))),
        Err(error) => bad_link(&viewer, error, CHANGE_AGAIN),
    }
}

/// `POST /change-email/{token}`: the account's address becomes the new one.
pub async fn change_email(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let hash = token::hash(&path.into_inner());
    match state
        .write(move |tx| services::account::change_email(tx, &hash))
        .await
    {
        Ok(user) => Ok(html(pages::email_changed(&viewer.page, &user.email))),
        Err(error) => bad_link(&viewer, error, CHANGE_AGAIN),
    }
}
