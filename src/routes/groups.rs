//! Handlers for groups, which admins manage on `/admin/projects#groups`: making a group, adding
//! and removing members, and exempting a group's members from the new-member limits. Each
//! write goes through `services::projects`, which checks permission and logs it; the forms
//! answer 303 back to the page (or the page again with what was wrong), the `.json` paths
//! answer JSON.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::group::Group;
use crate::routes::context::Admin;
use crate::routes::input::Input;
use crate::routes::proposals::{admin_page, done};
use crate::routes::respond::{Format, form_again, json, see_other};
use crate::services::projects::{GroupDraft, ProjectDraft};
use crate::services::{self, ServiceError};

/// What the new-group form (or its JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct GroupRequest {
    #[serde(default)]
    name: String,
    #[serde(default)]
    full_name: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::flag")]
    exempt_new_member_limits: bool,
}

/// A group, as `POST /admin/groups.json` answers it.
#[derive(Debug, Serialize)]
pub struct GroupJson {
    /// Id.
    pub id: i64,
    /// Handle.
    pub name: String,
    /// Name.
    pub full_name: String,
    /// Whether its members are exempt from the new-member limits.
    pub exempt_new_member_limits: bool,
}

impl From<&Group> for GroupJson {
    fn from(group: &Group) -> GroupJson {
        GroupJson {
            id: group.id.0,
            name: group.name.clone(),
            full_name: group.full_name.clone(),
            exempt_new_member_limits: group.exempt_new_member_limits,
        }
    }
}

/// `POST /admin/groups` (and `.json`): `name` (the handle), `full_name`, and
/// `exempt_new_member_limits=true` to exempt its members from the new-member limits.
pub async fn create_group(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<GroupRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let draft = GroupDraft {
        name: request.name,
        full_name: request.full_name,
        exempt_new_member_limits: request.exempt_new_member_limits,
    };
    let guardian = admin.guardian.clone();
    let sent = draft.clone();
    let result = state
        .write(move |tx| services::projects::create_group(tx, &guardian, &sent))
        .await;
    match result {
        Ok(group) if format == Format::Json => Ok(json(&GroupJson::from(&group))),
        Ok(group) => Ok(see_other(&format!("/admin/projects#group-{}", group.name))),
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let complaints = error.complaints();
            let page = admin_page(
                &state,
                &admin,
                &ProjectDraft::default(),
                &draft,
                &complaints,
            )
            .await?;
            Ok(form_again(&error, |_| page))
        }
    }
}

/// What the exemption button (or its JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct ExemptionRequest {
    #[serde(default)]
    group: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::flag")]
    exempt: bool,
}

/// `POST /admin/groups/exemption` (and `PUT …/exemption.json`): `group` (the handle) and
/// `exempt=true` or `false`. Members feel it from their next request.
pub async fn set_exemption(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<ExemptionRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let guardian = admin.guardian.clone();
    state
        .write(move |tx| {
            services::projects::set_group_exemption(tx, &guardian, &request.group, request.exempt)
        })
        .await?;
    done(format)
}

/// What adding or removing a group member sends.
#[derive(Debug, Default, Deserialize)]
pub struct MembershipRequest {
    #[serde(default)]
    group: String,
    #[serde(default)]
    username: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::flag")]
    remove: bool,
}

/// `POST /admin/groups/members` (and `.json`): `group`, `username`, and `remove=true` to
/// remove. The committee's group is made the first time a member is added to it.
pub async fn set_group_member(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<MembershipRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let guardian = admin.guardian.clone();
    let committee = state.config.proposals.committee_group.clone();
    state
        .write(move |tx| -> Result<(), ServiceError> {
            let name = request.group.trim();
            if name == committee && !request.remove {
                services::projects::ensure_group(tx, &guardian, name, "Steering committee")?;
            }
            services::projects::set_group_member(
                tx,
                &guardian,
                name,
                &request.username,
                !request.remove,
            )
        })
        .await?;
    done(format)
}
