//! Handlers for user profiles.

use actix_web::{HttpResponse, web};

use serde::Deserialize;

use crate::api::user::{
    AdminUser, AdminUserDetail, CreatedUserResponse, DirectoryItem, DirectoryMeta,
    DirectoryResponse, ModerationCounts, UserAction, UserActionsResponse, UserEmails,
};
use crate::app::AppState;
use crate::auth::password;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::activity::{self, Tab};
use crate::models::api_key::ApiKey;
use crate::models::flag::Flag;
use crate::models::ids::UserId;
use crate::models::post::Post;
use crate::models::staff_log::{StaffAction, StaffLogEntry};
use crate::models::topic::Period;
use crate::models::user::User;
use crate::models::user::{SignupInput, UserActivity, UserOrder};
use crate::routes::IdPath;
use crate::routes::context::Admin;
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::Input;
use crate::routes::respond::{Format, html, json};
use crate::services::{self, account::PasswordHash};
use crate::services::{Found, Missing, Present};

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
    let (user, stats, recent, solutions) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find_by_username(conn, &username)
                .present_or(Missing::User(username.clone()))?;
            let stats = user.stats();
            let (recent, solutions) = match format {
                Format::Html => (
                    Post::recent_by_user(conn, user.id, visibility, RECENT_POSTS)?,
                    activity::solutions_count(conn, user.id)?,
                ),
                Format::Json => (Vec::new(), 0),
            };
            Ok((user, stats, recent, solutions))
        })
        .await?;
    Ok(match format {
        Format::Html => html(crate::views::user::profile_page(
            &viewer.page,
            &crate::views::user::Profile {
                user: &user,
                stats: &stats,
                solutions,
            },
            &recent,
            viewer.guardian.can_keep_staff_notes().is_ok(),
        )),
        Format::Json => json(&crate::api::user::user(&user, &stats)),
    })
}

/// `/u/{username}/activity/{tab}`; no tab for all of it.
#[derive(Debug, Deserialize)]
pub struct ActivityPath {
    username: String,
    tab: Option<String>,
}

/// `?page=N` on an activity tab (from 0).
#[derive(Debug, Deserialize)]
pub struct ActivityQuery {
    page: Option<i64>,
}

/// Items on a page of a profile's activity.
const ACTIVITY_PER_PAGE: i64 = 30;

/// `GET /u/{username}/activity` and `/u/{username}/activity/{tab}` (`topics`, `replies`,
/// `likes-given`, `solved`, as Discourse's): one kind of a member's activity, newest first.
pub async fn show_activity(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<ActivityPath>,
    query: web::Query<ActivityQuery>,
) -> AppResult<HttpResponse> {
    let ActivityPath { username, tab } = path.into_inner();
    let tab = match tab.as_deref() {
        None => Tab::All,
        Some(slug) => Tab::from_slug(slug).ok_or(Missing::Page)?,
    };
    let page = query.page.unwrap_or(0).max(0);
    let visibility = viewer.guardian.visibility();
    let (user, stats, solutions, mut items) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find_by_username(conn, &username)
                .present_or(Missing::User(username.clone()))?;
            let items = activity::of_user(
                conn,
                user.id,
                tab,
                visibility,
                page.saturating_mul(ACTIVITY_PER_PAGE),
                ACTIVITY_PER_PAGE + 1,
            )?;
            let solutions = activity::solutions_count(conn, user.id)?;
            let stats = user.stats();
            Ok((user, stats, solutions, items))
        })
        .await?;
    let has_more = items.len() as i64 > ACTIVITY_PER_PAGE;
    items.truncate(ACTIVITY_PER_PAGE as usize);
    Ok(html(crate::views::user::activity_page(
        &viewer.page,
        &crate::views::user::Profile {
            user: &user,
            stats: &stats,
            solutions,
        },
        tab,
        &items,
        page,
        has_more,
    )))
}

/// `POST /users.json`: what an admin sends to make an account.
#[derive(Debug, Deserialize)]
pub struct CreateUserRequest {
    name: Option<String>,
    email: String,
    password: String,
    username: String,
}

/// `POST /users.json`: an admin creates an account (it may log in at once).
pub async fn create_user_json(
    admin: Admin,
    state: web::Data<AppState>,
    request: Input<CreateUserRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let input = SignupInput::validate(
        &request.username,
        &request.email,
        request.name.as_deref().unwrap_or_default(),
        &request.password,
        state.config.auth.min_password_length,
    )?;
    let plain = input.password.clone();
    let hash = web::block(move || password::hash(&plain))
        .await?
        .map_err(AppError::Internal)?;
    let guardian = admin.guardian;
    let user = state
        .write(move |tx| services::account::create_for(tx, &guardian, &input, &PasswordHash(hash)))
        .await?;
    Ok(json(&CreatedUserResponse {
        success: true,
        active: true,
        message: messages::account_created(&user.username),
        user_id: user.id,
    }))
}

/// People per page of the directory and the admin lists.
const PEOPLE_PER_PAGE: i64 = 50;

/// `?period=…&order=…&asc=true&page=N` on the directory.
#[derive(Debug, Deserialize)]
pub struct DirectoryQuery {
    period: Option<String>,
    order: Option<String>,
    asc: Option<String>,
    page: Option<i64>,
}

/// Discourse's order names, as Convene can follow them: what it does not count yet orders by
/// posts.
fn user_order(name: Option<&str>) -> UserOrder {
    match name {
        Some("topic_count") => UserOrder::Topics,
        Some("created") => UserOrder::Created,
        Some("username") => UserOrder::Username,
        _ => UserOrder::Posts,
    }
}

/// `GET /directory_items.json`: people and what they wrote in a period.
pub async fn list_directory(
    state: web::Data<AppState>,
    query: web::Query<DirectoryQuery>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let period = Period::parse(query.period.as_deref().unwrap_or("all"))
        .ok_or_else(|| AppError::BadRequest(messages::unknown_period()))?;
    let order = user_order(query.order.as_deref());
    let ascending = query.asc.as_deref() == Some("true");
    let page = query.page.unwrap_or(0).max(0);
    let since = period.since(crate::db::now());
    let (found, total) = state
        .db
        .read(move |conn| {
            User::activity(conn, since, order, ascending, page, PEOPLE_PER_PAGE)
                .map_err(AppError::from)
        })
        .await?;
    let next = format!(
        "/directory_items?period={}&order={}&page={}",
        period.as_str(),
        query.order.as_deref().unwrap_or("post_count"),
        page + 1
    );
    Ok(json(&DirectoryResponse {
        directory_items: found.iter().map(DirectoryItem::new).collect(),
        meta: DirectoryMeta {
            last_updated_at: None,
            total_rows_directory_items: total,
            load_more_directory_items: next,
        },
    }))
}

/// `?order=…&asc=true&page=N&show_emails=true` on the admin lists.
#[derive(Debug, Deserialize)]
pub struct AdminListQuery {
    order: Option<String>,
    asc: Option<String>,
    page: Option<i64>,
    show_emails: Option<String>,
}

/// `GET /admin/users.json` and `GET /admin/users/list/{flag}.json`: everyone, or the staff
/// (`staff`); the lists of suspended, silenced and suspect people are empty until moderation
/// exists.
pub async fn admin_list_users(
    admin: Admin,
    state: web::Data<AppState>,
    flag: Option<web::Path<String>>,
    query: web::Query<AdminListQuery>,
) -> AppResult<HttpResponse> {
    admin.guardian.can_manage_users()?;
    let flag = flag.map(web::Path::into_inner);
    let query = query.into_inner();
    let order = match query.order.as_deref() {
        Some("username") => UserOrder::Username,
        Some("posts") => UserOrder::Posts,
        _ => UserOrder::Created,
    };
    let ascending = query.asc.as_deref() == Some("true");
    let page = query.page.unwrap_or(0).max(0);
    let (all, _) = state
        .db
        .read(move |conn| {
            User::activity(conn, None, order, ascending, 0, i64::MAX).map_err(AppError::from)
        })
        .await?;
    let now = crate::db::now();
    let kept: Vec<_> = all
        .into_iter()
        .filter(|entry| match flag.as_deref() {
            None | Some("active" | "new") => true,
            Some("staff") => entry.user.role.is_staff(),
            Some("suspended") => entry.user.suspended_at(now),
            Some("silenced") => entry.user.silenced_at(now),
            Some(_) => false,
        })
        .skip(usize::try_from(page * PEOPLE_PER_PAGE).unwrap_or(usize::MAX))
        .take(PEOPLE_PER_PAGE as usize)
        .collect();
    let show_emails = query.show_emails.as_deref() == Some("true");
    let list: Vec<AdminUser> = kept
        .iter()
        .map(|entry| AdminUser::new(entry, now, show_emails))
        .collect();
    Ok(json(&list))
}

/// `GET /admin/users/{id}.json`: one person as an admin sees them, with what the admin may
/// do to them.
pub async fn admin_show_user(
    admin: Admin,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    admin.guardian.can_manage_users()?;
    let id = UserId(path.id);
    let (entry, api_keys, counts) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user = User::find(conn, id).found_or(Missing::UserId(id))?;
            let stats = user.stats();
            let api_keys = ApiKey::count_for(conn, id)?;
            let (flags_given, flags_received) = Flag::counts_for(conn, id)?;
            let counts = ModerationCounts {
                flags_given,
                flags_received,
                silenced: StaffLogEntry::count_about(conn, id, StaffAction::UserSilenced)?,
                suspended: StaffLogEntry::count_about(conn, id, StaffAction::UserSuspended)?,
            };
            let entry = UserActivity {
                user,
                topic_count: stats.topic_count,
                post_count: stats.post_count,
            };
            Ok((entry, api_keys, counts))
        })
        .await?;
    Ok(json(&AdminUserDetail::new(
        &entry,
        admin.user.id,
        api_keys,
        counts,
        crate::db::now(),
    )))
}

/// `GET /u/{username}/emails.json`: someone's email address, for them and admins.
pub async fn show_user_emails(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let username = path.into_inner();
    let user = state
        .db
        .read(move |conn| -> AppResult<_> {
            Ok(User::find_by_username(conn, &username).present_or(Missing::User(username))?)
        })
        .await?;
    signed_in.guardian.can_see_email(user.id)?;
    Ok(json(&UserEmails {
        email: user.email,
        secondary_emails: [],
        unconfirmed_emails: [],
        associated_accounts: [],
    }))
}

/// `?username=…&filter=4,5&offset=N` on `/user_actions.json`.
#[derive(Debug, Deserialize)]
pub struct UserActionsQuery {
    username: String,
    filter: Option<String>,
    offset: Option<i64>,
}

/// Actions per answer, as Discourse.
const ACTIONS_PER_PAGE: i64 = 30;

/// `GET /user_actions.json`: what someone did, newest first, 30 at a time from `offset`:
/// `filter` names Discourse's action types (4 topics started, 5 replies, 1 likes given, 15
/// solutions; none: topics and replies). Types Convene does not record list nothing.
pub async fn list_user_actions(
    viewer: Viewer,
    state: web::Data<AppState>,
    query: web::Query<UserActionsQuery>,
) -> AppResult<HttpResponse> {
    let UserActionsQuery {
        username,
        filter,
        offset,
    } = query.into_inner();
    let tabs: Vec<Tab> = match filter.as_deref().map(str::trim) {
        None | Some("") => vec![Tab::All],
        Some(list) => {
            // Each kind once, however often the filter names it (`1,4,1`).
            let mut tabs: Vec<Tab> = Vec::new();
            for tab in list
                .split(',')
                .filter_map(|code| code.trim().parse().ok())
                .filter_map(Tab::of_action)
            {
                if !tabs.contains(&tab) {
                    tabs.push(tab);
                }
            }
            tabs
        }
    };
    let offset = offset.unwrap_or(0).max(0);
    let visibility = viewer.guardian.visibility();
    let (user, items) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let user =
                User::find_by_username(conn, &username).present_or(Missing::User(username))?;
            // One list is paged by the database; several are each read from their start to
            // this page's end and merged by time, so a page is the same whichever they mix.
            if let [tab] = tabs.as_slice() {
                let page =
                    activity::of_user(conn, user.id, *tab, visibility, offset, ACTIONS_PER_PAGE)?;
                return Ok((user, page));
            }
            let mut items = Vec::new();
            for tab in tabs {
                items.extend(activity::of_user(
                    conn,
                    user.id,
                    tab,
                    visibility,
                    0,
                    offset.saturating_add(ACTIONS_PER_PAGE),
                )?);
            }
            items.sort_by_key(|item| std::cmp::Reverse(item.at));
            let page = items
                .into_iter()
                .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                .take(ACTIONS_PER_PAGE as usize)
                .collect();
            Ok((user, page))
        })
        .await?;
    Ok(json(&UserActionsResponse {
        user_actions: items
            .iter()
            .map(|item| UserAction::new(&user, item))
            .collect(),
    }))
}

/// The sizes a letter avatar is drawn at, in pixels.
const AVATAR_SIZES: std::ops::RangeInclusive<u64> = 8..=1024;

/// `GET /letter_avatar/{username}/{size}/{version}.svg`, what `avatar_template` names: the
/// member's initial on their colour. Drawn from the address alone (no database), so it is
/// cached for good; a name no member could have is 404.
pub async fn show_letter_avatar(path: web::Path<(String, u64, u32)>) -> AppResult<HttpResponse> {
    let (username, size, _version) = path.into_inner();
    if !crate::models::user::is_valid_username(&username) {
        return Err(Missing::User(username).into());
    }
    if !AVATAR_SIZES.contains(&size) {
        return Err(AppError::BadRequest(messages::avatar_size(
            *AVATAR_SIZES.start(),
            *AVATAR_SIZES.end(),
        )));
    }
    let size = u32::try_from(size).unwrap_or(48);
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=31536000, immutable",
        ))
        .body(crate::views::avatar::letter_avatar(&username, size)))
}
