//! Handlers for the staff action log: the page at `/admin/logs` with its filters, Discourse's
//! `GET /admin/logs/staff_action_logs.json`, a CSV export of the same rows, and the optional
//! public moderation log at `/modlog` (off unless `moderation.public_modlog`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::moderation::{StaffLogJson, StaffLogResponse};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::staff_log::{LogFilter, StaffAction, StaffLogEntry};
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::input::{Params, lenient};
use crate::routes::respond::{Format, html, json};
use crate::views::moderation::{LogFilters, modlog_page, staff_log_page};

/// Rows per page.
const PER_PAGE: i64 = 100;
/// The most rows one CSV export holds.
const CSV_ROWS: i64 = 100_000;

/// `?action_name=…&acting_user=…&target_user=…&before=…`, Discourse's filter names.
#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    action_name: Option<String>,
    acting_user: Option<String>,
    target_user: Option<String>,
    #[serde(default, deserialize_with = "lenient::int")]
    before: Option<i64>,
}

impl LogQuery {
    fn filter(&self, public_only: bool) -> AppResult<LogFilter> {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let action = match given(&self.action_name) {
            None => None,
            Some(name) => Some(StaffAction::parse(&name).ok_or_else(|| {
                AppError::BadRequest(messages::query_parameter_unreadable(
                    "action_name",
                    "it names no action the log records",
                ))
            })?),
        };
        Ok(LogFilter {
            action,
            acting_username: given(&self.acting_user),
            target_username: given(&self.target_user),
            public_only,
            before: self.before,
        })
    }

    fn shown(&self) -> LogFilters {
        LogFilters {
            action: self.action_name.clone().unwrap_or_default(),
            acting_user: self.acting_user.clone().unwrap_or_default(),
            target_user: self.target_user.clone().unwrap_or_default(),
        }
    }
}

async fn rows(state: &AppState, filter: LogFilter, limit: i64) -> AppResult<Vec<StaffLogEntry>> {
    state
        .db
        .read(move |conn| StaffLogEntry::list(conn, &filter, limit).map_err(AppError::from))
        .await
}

/// `GET /admin/logs`, `GET /admin/logs.json` and `GET /admin/logs/staff_action_logs.json`.
pub async fn show_staff_log(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: Params<LogQuery>,
) -> AppResult<HttpResponse> {
    who.guardian.can_read_staff_log()?;
    let query = query.0;
    let entries = rows(&state, query.filter(false)?, PER_PAGE).await?;
    if format == Format::Json {
        return Ok(json(&StaffLogResponse {
            staff_action_logs: entries.iter().map(|e| StaffLogJson::new(e, true)).collect(),
        }));
    }
    Ok(html(staff_log_page(
        &who.page,
        &entries,
        &query.shown(),
        PER_PAGE,
    )))
}

/// `GET /admin/logs.csv`: the filtered log as CSV, for transparency reports.
pub async fn export_staff_log(
    who: SignedIn,
    state: web::Data<AppState>,
    query: Params<LogQuery>,
) -> AppResult<HttpResponse> {
    who.guardian.can_read_staff_log()?;
    let entries = rows(&state, query.0.filter(false)?, CSV_ROWS).await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| AppError::Internal(e.into());
    writer
        .write_record([
            "id",
            "created_at",
            "action",
            "acting_user",
            "target_user",
            "subject",
            "previous_value",
            "new_value",
            "reason",
            "topic_id",
            "post_id",
            "category_id",
        ])
        .map_err(csv_error)?;
    let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for e in &entries {
        writer
            .write_record([
                e.id.to_string(),
                crate::api::json_time(e.created_at),
                e.action.clone(),
                e.acting_username.clone(),
                e.target_username.clone().unwrap_or_default(),
                e.subject.clone().unwrap_or_default(),
                e.previous_value.clone().unwrap_or_default(),
                e.new_value.clone().unwrap_or_default(),
                e.reason.clone().unwrap_or_default(),
                id(e.topic_id.map(|t| t.0)),
                id(e.post_id.map(|p| p.0)),
                id(e.category_id.map(|c| c.0)),
            ])
            .map_err(csv_error)?;
    }
    let body = writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"staff-action-log.csv\"",
        ))
        .body(body))
}

/// `GET /modlog` and `GET /modlog.json`: the public-facing actions, for everyone, when the
/// forum publishes them. Moderators are named only if `modlog_names_moderators`; reporters
/// and case contents are never in the log to begin with.
pub async fn show_modlog(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    query: Params<LogQuery>,
) -> AppResult<HttpResponse> {
    let settings = &state.config.moderation;
    if !settings.public_modlog {
        return Err(AppError::NotFound(messages::MODLOG_OFF.into()));
    }
    let mut filter = query.0.filter(true)?;
    // The public cannot filter by a moderator it is not shown.
    if !settings.modlog_names_moderators {
        filter.acting_username = None;
    }
    let entries = rows(&state, filter, PER_PAGE).await?;
    let named = settings.modlog_names_moderators;
    if format == Format::Json {
        return Ok(json(&StaffLogResponse {
            staff_action_logs: entries
                .iter()
                .map(|e| StaffLogJson::new(e, named))
                .collect(),
        }));
    }
    Ok(html(modlog_page(&viewer.page, &entries, named)))
}
