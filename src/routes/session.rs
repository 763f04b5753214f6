//! Handlers for signing up, logging in and logging out.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::Markup;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::extractors::SESSION_COOKIE;
use crate::auth::{CurrentUser, password, token};
use crate::error::{AppError, AppResult};
use crate::models::login_attempt::{LoginAttempt, LoginLimits, NewLoginAttempt};
use crate::models::session::{NewSession, Session};
use crate::models::user::{Role, SignupInput, User};
use crate::routes::{Form, html_with_status, see_other};
use crate::views::layout::PageContext;
use crate::views::session::SignupDraft;

/// `GET /signup`
pub async fn signup_form(ctx: PageContext) -> Markup {
    crate::views::session::signup_page(&ctx, &SignupDraft::default(), &[])
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

/// Stores a session for `user` and returns the cookie that carries it.
async fn start_session(state: &AppState, user: &User) -> AppResult<Cookie<'static>> {
    let secret = token::generate().map_err(AppError::Internal)?;
    let token_hash = token::hash(&secret);
    let days = state.config.auth.session_days;
    let user_id = user.id;
    state
        .db
        .write(move |conn| {
            let now = crate::db::now();
            NewSession {
                user_id,
                token_hash: &token_hash,
                created_at: now,
                expires_at: now + chrono::Duration::days(days),
            }
            .insert(conn)?;
            Ok(())
        })
        .await?;
    Ok(Cookie::build(SESSION_COOKIE, secret)
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies())
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(days))
        .finish())
}

/// `POST /signup`
pub async fn create_account(
    ctx: PageContext,
    state: web::Data<AppState>,
    form: Form<SignupForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let draft = SignupDraft {
        username: form.username.clone(),
        email: form.email.clone(),
        name: form.name.clone(),
    };
    let shown_again = |status: StatusCode, messages: Vec<String>| {
        html_with_status(
            status,
            crate::views::session::signup_page(&ctx, &draft, &messages),
        )
    };
    let validated = SignupInput::validate(
        &form.username,
        &form.email,
        &form.name,
        &form.password,
        state.config.auth.min_password_length,
    );
    let mut messages = validated.as_ref().err().cloned().unwrap_or_default();
    if form.accept_coc.is_none() {
        messages.push("Please read and accept the code of conduct to join.".to_owned());
    }
    let input = match validated {
        Ok(input) if messages.is_empty() => input,
        _ => return Ok(shown_again(StatusCode::UNPROCESSABLE_ENTITY, messages)),
    };
    let taken_messages = |username_taken: bool, email_taken: bool, input: &SignupInput| {
        let mut m = Vec::new();
        if username_taken {
            m.push(format!(
                "The username {} is taken. Please choose another.",
                input.username
            ));
        }
        if email_taken {
            m.push("An account with that email already exists. Log in instead?".to_owned());
        }
        m
    };
    let (username, email) = (input.username.clone(), input.email.clone());
    let (username_taken, email_taken) = state
        .db
        .read(move |conn| Ok(User::taken(conn, &username, &email)?))
        .await?;
    if username_taken || email_taken {
        return Ok(shown_again(
            StatusCode::CONFLICT,
            taken_messages(username_taken, email_taken, &input),
        ));
    }
    let plain = input.password.clone();
    let hash = web::block(move || password::hash(&plain))
        .await?
        .map_err(AppError::Internal)?;
    let stored = input.clone();
    let inserted = state
        .db
        .write(
            move |conn| match stored.insert(conn, &hash, Role::User, true) {
                Ok(user) => Ok(Some(user)),
                Err(e) if crate::models::is_unique_violation(&e) => Ok(None),
                Err(e) => Err(e.into()),
            },
        )
        .await?;
    let Some(user) = inserted else {
        // Someone took the name or email between the check and the insert.
        return Ok(shown_again(
            StatusCode::CONFLICT,
            taken_messages(true, false, &input),
        ));
    };
    let cookie = start_session(&state, &user).await?;
    let mut response = see_other("/");
    response.add_cookie(&cookie).map_err(AppError::from_http)?;
    Ok(response)
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
pub async fn login_form(ctx: PageContext, query: web::Query<LoginQuery>) -> Markup {
    crate::views::session::login_page(&ctx, "", &safe_next(query.next.as_deref()), &[])
}

/// What the log-in form posts.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

/// The client's address: the socket peer, or `X-Forwarded-For` behind a trusted proxy.
fn client_ip(req: &HttpRequest, behind_proxy: bool) -> String {
    if behind_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `POST /login`
pub async fn log_in(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    form: Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref());
    let ip = client_ip(&req, state.config.server.behind_proxy);
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
        .read(move |conn| {
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
    // Count attempts under the account's own name, so "Ada" and "ada@…" share one limit.
    let counted_as = user
        .as_ref()
        .map_or_else(|| login.to_lowercase(), |u| u.username_lower.clone());
    state
        .db
        .write(move |conn| {
            let now = crate::db::now();
            NewLoginAttempt {
                username_lower: counted_as,
                ip: &ip,
                succeeded: ok,
                attempted_at: now,
            }
            .insert(conn)?;
            Ok(())
        })
        .await?;
    match user {
        Some(user) if ok => {
            let cookie = start_session(&state, &user).await?;
            let mut response = see_other(&next);
            response.add_cookie(&cookie).map_err(AppError::from_http)?;
            Ok(response)
        }
        _ => Ok(html_with_status(
            StatusCode::UNAUTHORIZED,
            crate::views::session::login_page(
                &ctx,
                &login,
                &next,
                &["That username or email and password do not match an account.".to_owned()],
            ),
        )),
    }
}

/// `POST /logout`: deletes the session row, so the cookie stops working on every node.
pub async fn log_out(
    req: HttpRequest,
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE) {
        let token_hash = token::hash(cookie.value());
        state
            .db
            .write(move |conn| Ok(Session::delete(conn, &token_hash)?))
            .await?;
    }
    let mut response = see_other("/");
    let mut removal = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    removal.make_removal();
    response.add_cookie(&removal).map_err(AppError::from_http)?;
    Ok(response)
}
