//! Handlers for signing up, logging in and logging out.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::{password, token};
use crate::config::Config;
use crate::error::{AppError, AppResult};
use crate::messages::{self, Complaint};
use crate::models::invalid::{Field, FieldError, Problem};
use crate::models::login_attempt::{LoginAttempt, LoginLimits};
use crate::models::user::{Role, SignupInput, User};
use crate::routes::Form;
use crate::routes::context::{SESSION_COOKIE, SignedIn, Viewer};
use crate::routes::respond::{form_again, html, html_with_status, see_other};
use crate::services::account::{Joining, PasswordHash};
use crate::services::session::Attempt;
use crate::services::{self, ServiceError};
use crate::views::session::SignupDraft;

/// `GET /signup`
pub async fn signup_form(viewer: Viewer) -> HttpResponse {
    html(crate::views::session::signup_page(
        &viewer.page,
        &SignupDraft::default(),
        &[],
    ))
}

/// What the sign-up form posts.
#[derive(Debug, Deserialize)]
pub struct SignupForm {
    username: String,
    email: String,
    #[serde(default)]
    name: String,
    password: String,
    accept_coc: Option<String>,
}

/// A new session's secret for the cookie, and its SHA-256 for the database.
fn new_session_token() -> AppResult<(String, String)> {
    let secret = token::generate().map_err(AppError::Internal)?;
    let hash = token::hash(&secret);
    Ok((secret, hash))
}

/// The cookie carrying a session's secret.
fn session_cookie(config: &Config, secret: String) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, secret)
        .path("/")
        .http_only(true)
        .secure(config.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(config.auth.session_days))
        .finish()
}

/// `POST /signup`
pub async fn create_account(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    form: Form<SignupForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let draft = SignupDraft {
        username: form.username.clone(),
        email: form.email.clone(),
        name: form.name.clone(),
    };
    let checked = SignupInput::validate(
        &form.username,
        &form.email,
        &form.name,
        &form.password,
        state.config.auth.min_password_length,
    );
    let coc = form
        .accept_coc
        .is_none()
        .then(|| FieldError::new(Field::CodeOfConduct, Problem::Blank));
    let mut problems = Vec::new();
    let input = checked.map_err(|found| problems.extend(found)).ok();
    problems.extend(coc);
    let input = match input {
        Some(input) if problems.is_empty() => input,
        _ => return shown_again(&viewer, &draft, problems.into()),
    };
    let ip = crate::routes::context::client_ip(&req, state.config.server.behind_proxy);
    let per_hour = state.config.limits.signups_per_ip_per_hour;
    let counted = ip.clone();
    let allowed = state
        .write(move |tx| services::account::count_signup(tx, &counted, per_hour))
        .await;
    match allowed {
        Ok(()) => {}
        Err(limited @ ServiceError::Limited(_)) => {
            return shown_again(&viewer, &draft, limited.into());
        }
        Err(other) => return Err(other.into()),
    }
    // Hashing is deliberately slow: on the blocking pool, and before any write connection.
    let plain = input.password.clone();
    let hash = web::block(move || password::hash(&plain))
        .await?
        .map_err(AppError::Internal)?;
    let (secret, token_hash) = new_session_token()?;
    let days = state.config.auth.session_days;
    // The verification mail is composed now, outside the transaction, and queued in it.
    let (_, verification) = crate::routes::email::account_mail(
        &state.config,
        crate::models::email_token::Purpose::Verify,
        &input.username,
        &input.email,
    )?;
    let limits = crate::routes::email::limits(&state.config);
    let created = state
        .write(move |tx| {
            let user = services::account::create(
                tx,
                &input,
                &PasswordHash(hash),
                Role::User,
                Joining::SIGNED_UP,
            )?;
            services::session::start(tx, user.id, &token_hash, days)?;
            if services::mail::count_request(tx, &user.email, &ip, limits)? {
                services::mail::queue_account_mail(tx, verification(user.id))?;
            }
            Ok(user)
        })
        .await;
    match created {
        Ok(_) => {
            // The page that says a link is on its way (and what posting waits for).
            let mut response = see_other("/verify");
            response
                .add_cookie(&session_cookie(&state.config, secret))
                .map_err(AppError::from_http)?;
            Ok(response)
        }
        Err(error @ ServiceError::Conflict(_)) => shown_again(&viewer, &draft, error.into()),
        Err(other) => Err(other.into()),
    }
}

/// The sign-up form again, with what is wrong.
fn shown_again(viewer: &Viewer, draft: &SignupDraft, error: AppError) -> AppResult<HttpResponse> {
    Ok(form_again(&error, |complaints| {
        crate::views::session::signup_page(&viewer.page, draft, complaints)
    }))
}

/// `?next=/path` to return to after logging in.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Only local paths, so the login page cannot be used to send people to another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// `GET /login`
pub async fn login_form(viewer: Viewer, query: web::Query<LoginQuery>) -> HttpResponse {
    html(crate::views::session::login_page(
        &viewer.page,
        "",
        &safe_next(query.next.as_deref()),
        &[],
    ))
}

/// What the log-in form posts.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`
pub async fn log_in(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    form: Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref());
    let ip = crate::routes::context::client_ip(&req, state.config.server.behind_proxy);
    let auth = &state.config.auth;
    let limits = LoginLimits {
        failures_per_account: auth.max_failed_logins_per_account,
        attempts_per_ip: auth.max_logins_per_ip,
        window: chrono::Duration::minutes(auth.login_window_minutes),
    };
    let login = form.login.trim().to_owned();
    let (login_q, ip_q) = (login.clone(), ip.clone());
    let (wait, user) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let wait = LoginAttempt::retry_after(conn, &login_q, &ip_q, limits, crate::db::now())?;
            Ok((wait, User::find_by_login(conn, &login_q)?))
        })
        .await?;
    if let Some(seconds) = wait {
        return Err(AppError::RateLimited(seconds));
    }
    let plain = form.password;
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    let ok = web::block(move || match phc {
        // No password is this long (sign-up allows 200); don't spend argon2 time on one.
        _ if plain.len() > 1024 => false,
        Some(phc) => password::verify(&plain, &phc),
        None => password::verify_decoy(&plain),
    })
    .await?;
    // The right password for a suspended account: say why they cannot come in (the
    // suspension's end and reason are theirs to know), and open no session.
    if let Some(user) = user.as_ref().filter(|_| ok)
        && let Some(until) = user.suspended_until.filter(|u| *u > crate::db::now())
    {
        return Ok(html_with_status(
            StatusCode::FORBIDDEN,
            crate::views::session::login_page(
                &viewer.page,
                &login,
                &next,
                &[Complaint::general(messages::suspended(
                    until,
                    user.suspend_reason.as_deref(),
                ))],
            ),
        ));
    }
    let succeeded_as = user.as_ref().filter(|_| ok).map(|u| u.id);
    let attempt = Attempt {
        // Counted under the account's own name, so "Ada" and "ada@…" share one limit.
        counted_as: user
            .as_ref()
            .map_or_else(|| login.clone(), |u| u.username_lower.clone()),
        ip,
        succeeded_as,
    };
    let (secret, token_hash) = new_session_token()?;
    let days = state.config.auth.session_days;
    state
        .write(move |tx| services::session::record_login(tx, &attempt, &token_hash, days))
        .await?;
    if succeeded_as.is_some() {
        let mut response = see_other(&next);
        response
            .add_cookie(&session_cookie(&state.config, secret))
            .map_err(AppError::from_http)?;
        Ok(response)
    } else {
        Ok(html_with_status(
            StatusCode::UNAUTHORIZED,
            crate::views::session::login_page(
                &viewer.page,
                &login,
                &next,
                &[Complaint::general(messages::LOGIN_FAILED)],
            ),
        ))
    }
}

/// `POST /logout`: deletes the session row, so the cookie stops working on every node.
pub async fn log_out(
    req: HttpRequest,
    _who: SignedIn,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let token_hash = token::hash(cookie.value());
        state
            .write(move |tx| services::session::end(tx, &token_hash))
            .await?;
    }
    let mut response = see_other("/");
    let mut removal = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    removal.make_removal();
    response.add_cookie(&removal).map_err(AppError::from_http)?;
    Ok(response)
}

/// `GET /session/hp.json`: the honeypot values Discourse clients fetch before they create an
/// account (see `api::user::Honeypot`).
pub async fn honeypot() -> AppResult<HttpResponse> {
    Ok(crate::routes::respond::json(&crate::api::user::Honeypot {
        value: token::generate().map_err(AppError::Internal)?,
        challenge: token::generate().map_err(AppError::Internal)?,
    }))
}
