//! Handlers for the site itself: code of conduct, health check, assets, 404, and the site's
//! description for API clients (`/site.json`, `/site/basic-info.json`).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::api::site::{Health, SiteCategory};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::category::Category;
use crate::routes::context::Viewer;
use crate::routes::respond::{html, json, json_with_status};
use crate::services::Missing;

/// `GET /code-of-conduct`
pub async fn code_of_conduct(viewer: Viewer) -> HttpResponse {
    html(crate::views::site::code_of_conduct_page(&viewer.page))
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    if state.db.ping().await {
        json(&Health { status: "ok" })
    } else {
        json_with_status(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            &Health {
                status: "database unavailable",
            },
        )
    }
}

/// `GET /assets/{name}`: embedded files, cached for a year (the name changes with the content).
/// Served gzipped where the client accepts it, from the copy compressed at start-up.
pub async fn asset(req: HttpRequest, path: web::Path<String>) -> AppResult<HttpResponse> {
    let asset = crate::assets::find(&path).ok_or(Missing::Page)?;
    let mut response = HttpResponse::Ok();
    response
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::VARY, "Accept-Encoding"));
    Ok(match &asset.gzip {
        Some(gzip) if crate::compression::accepts_gzip(&req) => response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gzip.clone()),
        _ => response.body(asset.body),
    })
}

/// Every path no route claims.
pub async fn not_found() -> AppResult<HttpResponse> {
    Err(AppError::from(Missing::Page))
}

/// `GET /site/basic-info.json`: the forum's name, description and icons.
pub async fn basic_info(state: web::Data<AppState>) -> HttpResponse {
    let site = &state.config.site;
    let icon = format!(
        "{}{}",
        state.config.server.base_url.trim_end_matches('/'),
        crate::assets::url("favicon.svg")
    );
    json(&crate::api::site::basic_info(
        &site.title,
        &site.description,
        &icon,
    ))
}

/// `GET /site.json`: every category as the viewer may use it, and the tables of kinds and
/// numbers a Discourse client reads before anything else.
pub async fn site(viewer: Viewer, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let categories = state
        .db
        .read(|conn| -> AppResult<_> { Ok(Category::all(conn)?) })
        .await?;
    let can_edit = viewer.guardian.can_manage_categories().is_ok();
    let listed = categories
        .iter()
        .map(|c| {
            let subcategories = categories
                .iter()
                .filter(|child| child.parent_id == Some(c.id))
                .count() as i64;
            SiteCategory::new(
                c,
                c.stats(),
                subcategories,
                viewer.guardian.can_create_topic_in(c).is_ok(),
                can_edit,
            )
        })
        .collect();
    Ok(json(&crate::api::site::site(listed)))
}
