//! Search: `/search` (the page, with the advanced form), `/search.json` (Discourse's shape),
//! and `/u/search/users.json` (@-mention completion).
//!
//! The handler reads the query (`search::query`), resolves the names in it (users,
//! categories) against the database, asks this node's index (`search::find`) on the blocking
//! pool, and loads the rows for the page of results it found. The advanced form's fields are
//! written into the query as operators, so a result page's URL and its search box always
//! show the whole search.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::post::{Post, PostInTopic};
use crate::models::user::UserSummary;
use crate::routes::context::{Viewer, client_ip};
use crate::routes::respond::{Format, html_with_status, json, json_with_status};
use crate::search::query;
use crate::search::{Found, names};
use crate::views::search::{Results, SearchPage};

/// `?q=…&page=N`, and the advanced form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    /// The query, operators and all.
    #[serde(default)]
    q: String,
    /// Page, from 1.
    page: Option<String>,
    /// Advanced form: a category slug.
    #[serde(default)]
    category: String,
    /// Advanced form: a username.
    #[serde(default)]
    username: String,
    /// Advanced form: posted after (YYYY-MM-DD).
    #[serde(default)]
    after: String,
    /// Advanced form: posted before.
    #[serde(default)]
    before: String,
    /// Advanced form: open, closed, solved, unsolved.
    #[serde(default)]
    status: String,
    /// Advanced form: "title" or "first".
    #[serde(default, rename = "in")]
    within: String,
    /// Advanced form: latest, latest_topic.
    #[serde(default)]
    order: String,
}

impl SearchQuery {
    /// The query with the advanced form's fields written in as operators.
    fn full_query(&self) -> String {
        let mut query = self.q.trim().to_owned();
        let mut add = |operator: String| {
            if !query.is_empty() {
                query.push(' ');
            }
            query.push_str(&operator);
        };
        let field = |value: &str| {
            let value = value.trim();
            (!value.is_empty() && !value.contains(char::is_whitespace)).then(|| value.to_owned())
        };
        if let Some(slug) = field(&self.category) {
            add(format!("#{slug}"));
        }
        if let Some(name) = field(&self.username) {
            add(format!("@{}", name.trim_start_matches('@')));
        }
        for (operator, value) in [
            ("after", &self.after),
            ("before", &self.before),
            ("status", &self.status),
            ("in", &self.within),
            ("order", &self.order),
        ] {
            if let Some(value) = field(value) {
                add(format!("{operator}:{value}"));
            }
        }
        query
    }
}

/// `GET /search`, `GET /search.json`
pub async fn search(
    req: HttpRequest,
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    params: web::Query<SearchQuery>,
) -> AppResult<HttpResponse> {
    let config = &state.config.search;
    let text = params.full_query();
    refuse_too_long(&state, &text)?;
    let page: usize = match params.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(page) => page
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=1000).contains(p))
            .ok_or_else(|| AppError::BadRequest(messages::search_page_out_of_range(page)))?,
    };
    let today = crate::db::now().date();
    let parsed = query::parse(&text, today);
    if parsed.is_empty() {
        // Nothing to look for: the page with the advanced form.
        let categories = state
            .db
            .read(|conn| -> AppResult<_> { Ok(Category::all(conn)?) })
            .await?;
        return Ok(match format {
            Format::Json => json(&crate::api::search::response(
                &text,
                None,
                &[],
                &[],
                viewer.guardian.can_create_topic().is_ok(),
            )),
            Format::Html => {
                let page = SearchPage {
                    query: &text,
                    parsed: &parsed,
                    results: None,
                    problem: None,
                    categories: &categories,
                    progress: state.search.progress(),
                };
                html_with_status(
                    StatusCode::OK,
                    crate::views::search::page(&viewer.page, &page),
                )
            }
        });
    }
    throttle_anonymous(&req, &viewer, &state)?;
    throttle_member(&viewer, &state)?;
    let problem = parsed
        .problems
        .first()
        .map(|p| messages::search_bad_date(p.operator, &p.value));
    if let (Some(problem), Format::Json) = (&problem, format) {
        return Err(AppError::BadRequest(problem.clone()));
    }

    let per_page = config.results_per_page;
    let viewer_id = viewer.user.as_ref().map(|u| u.id);
    let visibility = viewer.guardian.visibility();
    let search = state.search.clone();
    let words = parsed.words().join(" ");
    let searched = text.clone();
    let outcome = state
        .db
        .read(move |conn| -> AppResult<_> {
            let categories = Category::all(conn)?;
            let mut parsed = parsed;
            let scope = names::resolve(conn, &mut parsed, &categories, viewer_id)?;
            let mut found = match scope.request(&parsed, (page - 1) * per_page, per_page) {
                // An unknown user, or only unknown categories: nothing can match.
                None => Found::default(),
                Some(request) => search.find(&request).map_err(AppError::Internal)?,
            };
            if found.total.is_nothing() {
                found.suggestions = search.suggestions(&searched, &parsed);
            }
            let ids: Vec<PostId> = found.hits.iter().map(|h| PostId(h.post_id)).collect();
            let rows: HashMap<PostId, PostInTopic> = Post::with_topics(conn, &ids, visibility)?
                .into_iter()
                .map(|row| (row.post.id, row))
                .collect();
            // The people facet is JSON's (the page does not show it).
            let users = if format == Format::Json && page == 1 && !words.is_empty() {
                UserSummary::search(conn, &words, 5)?
            } else {
                Vec::new()
            };
            Ok((parsed, found, rows, categories, users))
        })
        .await?;
    let (parsed, found, rows, categories, users) = outcome;
    let by_id: HashMap<CategoryId, &Category> = categories.iter().map(|c| (c.id, c)).collect();
    let results = Results {
        found: &found,
        rows: &rows,
        categories: &by_id,
        page,
        per_page,
    };
    Ok(match format {
        Format::Json => {
            let matched_categories = names::matching_categories(&parsed, &categories);
            let page = crate::api::search::Page {
                found: &found,
                rows: &rows,
                more: results.page < results.pages(),
            };
            json(&crate::api::search::response(
                &text,
                Some(&page),
                &users,
                &matched_categories,
                viewer.guardian.can_create_topic().is_ok(),
            ))
        }
        Format::Html => {
            let status = if problem.is_some() {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            let page = SearchPage {
                query: &text,
                parsed: &parsed,
                results: Some(&results),
                problem: problem.as_deref(),
                categories: &categories,
                progress: state.search.progress(),
            };
            html_with_status(status, crate::views::search::page(&viewer.page, &page))
        }
    })
}

/// A query longer than `search.max_query_chars` is refused (400), before any work.
fn refuse_too_long(state: &AppState, text: &str) -> AppResult<()> {
    let most = state.config.search.max_query_chars;
    if text.chars().count() > most {
        return Err(AppError::BadRequest(messages::search_too_long(most)));
    }
    Ok(())
}

/// Anonymous clients get `search.anonymous_per_second` searches a second each (429 with
/// `Retry-After` beyond); signed-in people are not throttled here.
fn throttle_anonymous(req: &HttpRequest, viewer: &Viewer, state: &AppState) -> AppResult<()> {
    if viewer.user.is_none()
        && let Err(wait) = state
            .throttles
            .anonymous_searches
            .check(&client_ip(req, state.config.server.behind_proxy))
    {
        return Err(AppError::RateLimited(wait));
    }
    Ok(())
}

/// Signed-in members get `limits.member_searches_per_minute` full-text searches a minute on
/// each node; staff are not limited.
fn throttle_member(viewer: &Viewer, state: &AppState) -> AppResult<()> {
    let Some(user) = viewer.user.as_ref().filter(|u| !u.role.is_staff()) else {
        return Ok(());
    };
    crate::routes::respond::throttled(
        &state.throttles.member_searches,
        &user.id.0.to_string(),
        crate::services::Limited::Searches,
    )
}

/// `?term=` of the user search.
#[derive(Debug, Deserialize)]
pub struct UserSearchQuery {
    #[serde(default)]
    term: String,
}

/// `GET /u/search/users.json?term=…`: people whose username or name starts with the term,
/// for @-mention completion (Discourse's shape).
pub async fn search_users(
    req: HttpRequest,
    viewer: Viewer,
    state: web::Data<AppState>,
    params: web::Query<UserSearchQuery>,
) -> AppResult<HttpResponse> {
    refuse_too_long(&state, &params.term)?;
    throttle_anonymous(&req, &viewer, &state)?;
    let term = params.term.clone();
    let users = state
        .db
        .read(move |conn| -> AppResult<_> { Ok(UserSummary::search(conn, &term, 20)?) })
        .await?;
    Ok(json_with_status(
        StatusCode::OK,
        &crate::api::search::UserSearch::new(&users),
    ))
}

/// Up to five topics whose titles are like `title`, best first: listed beside a new topic's
/// preview so a duplicate is caught before it is posted.
pub async fn similar_topics(
    state: &AppState,
    title: &str,
) -> AppResult<Vec<crate::models::topic::Topic>> {
    let search = state.search.clone();
    let title = title.to_owned();
    let ids: Vec<TopicId> = web::block(move || search.similar_titles(&title, 5))
        .await?
        .map_err(AppError::Internal)?
        .into_iter()
        .map(TopicId)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    state
        .db
        .read(move |conn| -> AppResult<_> { Ok(crate::models::topic::Topic::by_ids(conn, &ids)?) })
        .await
}
