//! Handlers for proposals and projects: the overview (`/proposals`, its JSON and Atom feed),
//! a proposal's badge and JSON, the edit page with its details and decision forms, the five
//! things a project's representative does, the projects pages, and the admins' page for
//! projects and groups (whose group forms `routes::groups` answers). Every write goes through `services::proposals` or
//! `services::projects`, which check permission; JSON paths answer the same rules.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::api::proposals::{
    EventJson, ProjectJson, ProjectList, ProposalChanged, ProposalDetail, ProposalJson,
    ProposalList,
};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::models::group::Group;
use crate::models::ids::{ProjectId, TopicId};
use crate::models::invalid::{Field, Problem};
use crate::models::project::{Project, Representatives};
use crate::models::proposal::{ProposalEvent, ProposalKind, Stage, Status, Summary};
use crate::models::topic::Topic;
use crate::models::user::UserSummary;
use crate::routes::IdPath;
use crate::routes::context::{Admin, SignedIn, Viewer};
use crate::routes::input::Input;
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::services::projects::{GroupDraft, ProjectDraft};
use crate::services::proposals::{Decision, DetailsDraft, ProjectAct};
use crate::services::{self, Found, Missing, Present, ServiceError};
use crate::views::group::GroupsView;
use crate::views::proposals::{
    AdminProjectsView, EditDrafts, EditForm, OverviewFilter, OverviewView, ProjectView,
    admin_projects_page, edit_page, project_page, projects_page, proposals_page,
};

/// `?status=&type=&project=&sort=` on the overview.
#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    #[serde(default)]
    status: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    project: String,
    #[serde(default)]
    sort: String,
}

/// Every proposal the viewer may see, and every project, in one trip.
async fn everything(
    state: &AppState,
    viewer: &Viewer,
) -> AppResult<(
    Vec<Summary>,
    Vec<Project>,
    HashMap<ProjectId, Vec<UserSummary>>,
)> {
    let recommend_at = state.config.proposals.recommend_at;
    let staff = viewer.guardian.visibility().sees_removed();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let mut all = Summary::all(conn, recommend_at)?;
            all.retain(|s| s.row.visible || staff);
            Ok((all, Project::all(conn)?, Representatives::by_project(conn)?))
        })
        .await
}

/// `GET /proposals` and `GET /proposals.json`: every proposal, filtered and ordered.
pub async fn show_proposals(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<OverviewQuery>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let (all, projects, _) = everything(&state, &viewer).await?;
    let status = match query.status.trim() {
        "" => None,
        text => Some(Status::parse(text).ok_or_else(|| {
            AppError::BadRequest(
                "Unknown stage: use idea, accepted, published, endorsed, recommended, withdrawn \
                 or superseded."
                    .to_owned(),
            )
        })?),
    };
    let kind = match query.kind.trim() {
        "" => None,
        text => Some(ProposalKind::parse(text).ok_or_else(|| {
            AppError::BadRequest("Unknown type: use standard or process.".to_owned())
        })?),
    };
    let project =
        match query.project.trim() {
            "" => None,
            slug => Some(projects.iter().find(|p| p.slug == slug).ok_or_else(|| {
                AppError::NotFound(Missing::Project(slug.to_owned()).to_string())
            })?),
        };
    let mut shown: Vec<&Summary> = all
        .iter()
        .filter(|s| status.is_none_or(|want| s.status == want))
        .filter(|s| kind.is_none_or(|want| s.row.proposal.kind() == want))
        .filter(|s| project.is_none_or(|p| s.endorsed_by(p.id) || s.adopted_by(p.id)))
        .collect();
    match query.sort.as_str() {
        "" | "activity" => {}
        // Numbered first, by number; ideas after, newest first.
        "number" => shown.sort_by_key(|s| (s.row.proposal.number.is_none(), s.row.proposal.number)),
        "title" => shown.sort_by_key(|s| s.row.title.to_lowercase()),
        "endorsements" => shown.sort_by_key(|s| std::cmp::Reverse(s.endorsements.len())),
        "adoptions" => shown.sort_by_key(|s| std::cmp::Reverse(s.adoptions.len())),
        _ => {
            return Err(AppError::BadRequest(
                "Unknown order: use activity, number, title, endorsements or adoptions.".to_owned(),
            ));
        }
    }
    let prefix = state.config.proposals.number_prefix.as_str();
    if format == Format::Json {
        return Ok(json(&ProposalList {
            proposals: shown.iter().map(|s| ProposalJson::new(s, prefix)).collect(),
        }));
    }
    let not_adopted = project.map(|p| {
        let missing: Vec<&Summary> = all
            .iter()
            .filter(|s| s.status == Status::Recommended && !s.adopted_by(p.id))
            .collect();
        (p, missing)
    });
    let filter = OverviewFilter {
        status: query.status,
        kind: query.kind,
        project: query.project,
        sort: query.sort,
    };
    Ok(html(proposals_page(
        &viewer.page,
        &OverviewView {
            proposals: &shown,
            total: all.len(),
            filter: &filter,
            projects: &projects,
            project: not_adopted,
            prefix,
        },
    )))
}

/// The most entries the feed holds.
const FEED_ENTRIES: i64 = 50;

/// `GET /proposals.atom`: proposals proposed, moved and endorsed, newest first.
pub async fn proposals_feed(viewer: Viewer, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let recommend_at = state.config.proposals.recommend_at;
    let staff = viewer.guardian.visibility().sees_removed();
    let events = state
        .db
        .read(move |conn| -> AppResult<_> {
            let all: HashMap<TopicId, Summary> = Summary::all(conn, recommend_at)?
                .into_iter()
                .filter(|s| s.row.visible || staff)
                .map(|s| (s.id(), s))
                .collect();
            Ok(ProposalEvent::stage_changes(conn, None, FEED_ENTRIES)?
                .into_iter()
                .filter_map(|e| all.get(&e.proposal_id).cloned().map(|s| (e, s)))
                .collect::<Vec<_>>())
        })
        .await?;
    let base = state.config.server.base_url.trim_end_matches('/');
    let body = crate::api::proposals::stage_feed(
        &state.config.site.title,
        base,
        &events,
        &state.config.proposals.number_prefix,
    );
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(body))
}

/// The proposal of topic `id` as the viewer may see it (its topic decides), with its
/// history and the projects it names.
async fn one(
    state: &AppState,
    viewer: &Viewer,
    id: TopicId,
) -> AppResult<(Summary, Vec<ProposalEvent>, HashMap<ProjectId, Project>)> {
    let recommend_at = state.config.proposals.recommend_at;
    let visibility = viewer.guardian.visibility();
    state
        .db
        .read(move |conn| -> AppResult<_> {
            Topic::find_seen(conn, id, visibility).found_or(Missing::Topic(id))?;
            let summary =
                Summary::of_topic(conn, id, recommend_at).present_or(Missing::Proposal(id))?;
            let history = ProposalEvent::history(conn, id)?;
            let projects = Project::all(conn)?.into_iter().map(|p| (p.id, p)).collect();
            Ok((summary, history, projects))
        })
        .await
}

/// `GET /proposals/{id}.json` (a browser at `/proposals/{id}` goes to its topic).
pub async fn show_proposal(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let (summary, history, projects) = one(&state, &viewer, id).await?;
    if format == Format::Html {
        return Ok(see_other(&crate::views::proposals::proposal_href(&summary)));
    }
    let prefix = &state.config.proposals.number_prefix;
    Ok(json(&ProposalDetail {
        proposal: ProposalJson::new(&summary, prefix),
        history: history
            .iter()
            .map(|e| EventJson::new(e, &projects))
            .collect(),
    }))
}

/// `GET /proposals/{id}/badge.svg`: cached briefly, so a README shows a stage change soon.
pub async fn proposal_badge(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let (summary, _, _) = one(&state, &viewer, id).await?;
    let label = summary
        .row
        .proposal
        .label(&state.config.proposals.number_prefix);
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "public, max-age=300"))
        .body(crate::api::proposals::badge_svg(&label, summary.status)))
}

/// `GET /proposals/{id}/edit`: the details form, and the committee's decision form.
pub async fn edit_proposal_form(
    signed_in: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let viewer = viewer_of(&signed_in);
    let (summary, _, _) = one(&state, &viewer, id).await?;
    may_edit(&state, &signed_in, &summary).await?;
    let may_decide = signed_in.guardian.can_decide_proposals().is_ok();
    Ok(html(edit_page(
        &signed_in.page,
        &summary,
        &EditDrafts::of(&summary),
        None,
        may_decide,
        &state.config.proposals.number_prefix,
    )))
}

fn viewer_of(signed_in: &SignedIn) -> Viewer {
    Viewer {
        user: Some(signed_in.user.clone()),
        guardian: signed_in.guardian.clone(),
        page: signed_in.page.clone(),
    }
}

/// Whether the signed-in member may change `summary`'s details (its authors, its topic's
/// starter, and the committee); the edit page is theirs.
async fn may_edit(state: &AppState, signed_in: &SignedIn, summary: &Summary) -> AppResult<()> {
    let id = summary.id();
    let topic = state
        .db
        .read(move |conn| Topic::find(conn, id).map_err(AppError::from))
        .await?;
    let authors: Vec<_> = summary.authors.iter().filter_map(|a| a.user_id).collect();
    signed_in.guardian.can_edit_proposal(&topic, &authors)?;
    Ok(())
}

/// What the details form (or its JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct DetailsRequest {
    #[serde(default)]
    kind: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::lines")]
    authors: String,
    #[serde(default)]
    pull_request_url: String,
    #[serde(default)]
    document_url: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::text")]
    idea_topic_id: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::text")]
    comments_topic_id: String,
}

/// A topic named in a form: its number, or its address (`/t/its-title/123`); blank is none.
fn topic_field(field: Field, text: &str) -> Result<Option<TopicId>, ServiceError> {
    let value = serde_json::Value::String(text.to_owned());
    Ok(crate::routes::input::topic_named(field, Some(&value))?)
}

/// `POST /proposals/{id}/details` (and `PUT …/details.json`).
pub async fn save_details(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<DetailsRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let request = request.into_inner();
    let guardian = signed_in.guardian.clone();
    let drafts = EditDrafts {
        kind: request.kind.clone(),
        authors: request.authors.clone(),
        pull_request_url: request.pull_request_url.clone(),
        document_url: request.document_url.clone(),
        idea_topic_id: request.idea_topic_id.clone(),
        comments_topic_id: request.comments_topic_id.clone(),
        ..EditDrafts::default()
    };
    let result = async {
        let draft = DetailsDraft {
            kind: request.kind.trim().to_lowercase(),
            authors: request.authors,
            pull_request_url: request.pull_request_url,
            document_url: request.document_url,
            idea_topic_id: topic_field(Field::RelatedTopic, &request.idea_topic_id)?,
            comments_topic_id: topic_field(Field::RelatedTopic, &request.comments_topic_id)?,
        };
        state
            .write(move |tx| services::proposals::edit_details(tx, &guardian, id, &draft))
            .await
            .map(|_| ())
    }
    .await;
    answer(
        &state,
        &signed_in,
        format,
        id,
        result,
        EditForm::Details,
        drafts,
    )
    .await
}

/// What the decision form (or its JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct DecisionRequest {
    #[serde(default)]
    stage: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::text")]
    number: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::text")]
    superseded_by: String,
    #[serde(default)]
    reason: String,
}

/// `POST /proposals/{id}/stage` (and `PUT …/stage.json`): the committee's decision.
pub async fn decide(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<DecisionRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let request = request.into_inner();
    let guardian = signed_in.guardian.clone();
    let drafts = EditDrafts {
        stage: request.stage.clone(),
        number: request.number.clone(),
        superseded_by: request.superseded_by.clone(),
        reason: request.reason.clone(),
        ..EditDrafts::default()
    };
    let result = async {
        let stage = match request.stage.trim() {
            "" => return Err(ServiceError::invalid(Field::Stage, Problem::Blank)),
            text => Stage::parse(&text.to_lowercase())
                .ok_or(ServiceError::invalid(Field::Stage, Problem::Malformed))?,
        };
        let number = match request.number.trim() {
            "" => None,
            text => Some(
                text.parse::<i32>()
                    .map_err(|_| ServiceError::invalid(Field::Number, Problem::Malformed))?,
            ),
        };
        let decision = Decision {
            stage,
            number,
            superseded_by: topic_field(Field::SupersededBy, &request.superseded_by)?,
            reason: Some(request.reason),
        };
        state
            .write(move |tx| services::proposals::decide(tx, &guardian, id, &decision))
            .await
            .map(|_| ())
    }
    .await;
    answer(
        &state,
        &signed_in,
        format,
        id,
        result,
        EditForm::Decision,
        drafts,
    )
    .await
}

/// After a change: the proposal's JSON, or its topic's status panel; on a problem a form can
/// fix, the edit page again with it.
async fn answer(
    state: &AppState,
    signed_in: &SignedIn,
    format: Format,
    id: TopicId,
    result: Result<(), ServiceError>,
    form: EditForm,
    drafts: EditDrafts,
) -> AppResult<HttpResponse> {
    let viewer = viewer_of(signed_in);
    match result {
        Ok(()) => {
            let (summary, _, _) = one(state, &viewer, id).await?;
            if format == Format::Json {
                return Ok(json(&ProposalChanged {
                    success: "OK",
                    proposal: ProposalJson::new(&summary, &state.config.proposals.number_prefix),
                }));
            }
            Ok(see_other(&format!(
                "{}#proposal-status",
                crate::views::proposals::proposal_href(&summary)
            )))
        }
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let (summary, _, _) = one(state, &viewer, id).await?;
            let mut shown = EditDrafts::of(&summary);
            match form {
                EditForm::Details => {
                    shown.kind = drafts.kind;
                    shown.authors = drafts.authors;
                    shown.pull_request_url = drafts.pull_request_url;
                    shown.document_url = drafts.document_url;
                    shown.idea_topic_id = drafts.idea_topic_id;
                    shown.comments_topic_id = drafts.comments_topic_id;
                }
                EditForm::Decision => {
                    shown.stage = drafts.stage;
                    shown.number = drafts.number;
                    shown.superseded_by = drafts.superseded_by;
                    shown.reason = drafts.reason;
                }
            }
            let may_decide = signed_in.guardian.can_decide_proposals().is_ok();
            let prefix = state.config.proposals.number_prefix.clone();
            Ok(form_again(&error, |complaints| {
                edit_page(
                    &signed_in.page,
                    &summary,
                    &shown,
                    Some((form, complaints)),
                    may_decide,
                    &prefix,
                )
            }))
        }
    }
}

/// What a representative's form (or its JSON) sends: the project acted for, and a note (an
/// endorsement) or a link (an adoption).
#[derive(Debug, Default, Deserialize)]
pub struct SupportRequest {
    #[serde(default)]
    project: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    url: String,
}

async fn support(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    id: TopicId,
    act: ProjectAct,
    request: SupportRequest,
) -> AppResult<HttpResponse> {
    let guardian = signed_in.guardian.clone();
    let said = match act {
        ProjectAct::Adopt => request.url,
        _ => request.note,
    };
    state
        .write(move |tx| {
            services::proposals::support(tx, &guardian, id, &request.project, act, Some(&said))
        })
        .await?;
    // These forms sit in the topic's status panel: a problem is shown as a page of its own
    // (the error's), success goes back to the panel.
    answer(
        &state,
        &signed_in,
        format,
        id,
        Ok(()),
        EditForm::Details,
        EditDrafts::default(),
    )
    .await
}

/// `POST /proposals/{id}/endorse`.
pub async fn endorse(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SupportRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    support(
        signed_in,
        format,
        state,
        id,
        ProjectAct::Endorse,
        request.into_inner(),
    )
    .await
}

/// `POST /proposals/{id}/withdraw-endorsement`.
pub async fn withdraw_endorsement(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SupportRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let act = ProjectAct::WithdrawEndorsement;
    support(signed_in, format, state, id, act, request.into_inner()).await
}

/// `POST /proposals/{id}/confirm-endorsement`.
pub async fn confirm_endorsement(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SupportRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    support(
        signed_in,
        format,
        state,
        id,
        ProjectAct::Confirm,
        request.into_inner(),
    )
    .await
}

/// `POST /proposals/{id}/adopt`.
pub async fn adopt(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SupportRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    support(
        signed_in,
        format,
        state,
        id,
        ProjectAct::Adopt,
        request.into_inner(),
    )
    .await
}

/// `POST /proposals/{id}/withdraw-adoption`.
pub async fn withdraw_adoption(
    signed_in: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    request: Input<SupportRequest>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let act = ProjectAct::WithdrawAdoption;
    support(signed_in, format, state, id, act, request.into_inner()).await
}

/// Each project with its people and proposals.
fn project_views<'a>(
    all: &'a [Summary],
    projects: &'a [Project],
    people: &'a HashMap<ProjectId, Vec<UserSummary>>,
) -> Vec<ProjectView<'a>> {
    projects
        .iter()
        .map(|project| ProjectView {
            project,
            representatives: people.get(&project.id).map_or(&[], Vec::as_slice),
            endorsed: all.iter().filter(|s| s.endorsed_by(project.id)).collect(),
            adopted: all.iter().filter(|s| s.adopted_by(project.id)).collect(),
            not_adopted: all
                .iter()
                .filter(|s| s.status == Status::Recommended && !s.adopted_by(project.id))
                .collect(),
        })
        .collect()
}

/// `GET /projects` and `GET /projects.json`.
pub async fn show_projects(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let (all, projects, people) = everything(&state, &viewer).await?;
    if format == Format::Json {
        let none = Vec::new();
        return Ok(json(&ProjectList {
            projects: projects
                .iter()
                .map(|p| ProjectJson::new(p, people.get(&p.id).unwrap_or(&none), &all))
                .collect(),
        }));
    }
    let views = project_views(&all, &projects, &people);
    Ok(html(projects_page(
        &viewer.page,
        &views,
        &state.config.proposals.number_prefix,
    )))
}

/// `/projects/{slug}`.
#[derive(Debug, Deserialize)]
pub struct SlugPath {
    slug: String,
}

/// `GET /projects/{slug}` and `GET /projects/{slug}.json`.
pub async fn show_project(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<SlugPath>,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner().slug;
    let slug = slug.strip_suffix(".json").unwrap_or(&slug).to_owned();
    let (all, projects, people) = everything(&state, &viewer).await?;
    let Some(at) = projects.iter().position(|p| p.slug == slug) else {
        return Err(AppError::NotFound(Missing::Project(slug).to_string()));
    };
    if format == Format::Json {
        let none = Vec::new();
        let project = &projects[at];
        return Ok(json(&ProjectJson::new(
            project,
            people.get(&project.id).unwrap_or(&none),
            &all,
        )));
    }
    let views = project_views(&all, &projects[at..=at], &people);
    Ok(html(project_page(
        &viewer.page,
        &views[0],
        &state.config.proposals.number_prefix,
    )))
}

/// The admins' page, with `draft` in the project form, `group` in the group form and
/// `complaints` above them (`routes::groups` answers its forms' mistakes with it too).
pub(crate) async fn admin_page(
    state: &AppState,
    admin: &Admin,
    draft: &ProjectDraft,
    group: &GroupDraft,
    complaints: &[crate::messages::Complaint],
) -> AppResult<maud::Markup> {
    let (projects, groups) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let mut people = Representatives::by_project(conn)?;
            let projects: Vec<(Project, Vec<UserSummary>)> = Project::all(conn)?
                .into_iter()
                .map(|p| {
                    let reps = people.remove(&p.id).unwrap_or_default();
                    (p, reps)
                })
                .collect();
            Ok((projects, Group::all_with_members(conn)?))
        })
        .await?;
    Ok(admin_projects_page(
        &admin.page,
        &AdminProjectsView {
            projects: &projects,
            groups: GroupsView {
                groups: &groups,
                committee: &state.config.proposals.committee_group,
                draft: group,
                complaints,
            },
            draft,
            complaints,
        },
    ))
}

/// `GET /admin/projects`.
pub async fn admin_projects(admin: Admin, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    admin.guardian.can_manage_projects()?;
    Ok(html(
        admin_page(
            &state,
            &admin,
            &ProjectDraft::default(),
            &GroupDraft::default(),
            &[],
        )
        .await?,
    ))
}

/// What the project form (or its JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct ProjectRequest {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::text")]
    category_id: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::flag")]
    is_core: bool,
    #[serde(default)]
    homepage_url: String,
    #[serde(default)]
    repository_url: String,
    #[serde(default)]
    package_url: String,
    #[serde(default)]
    licence: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    contact: String,
}

/// `POST /admin/projects` (and `/admin/projects.json`): adds a project, or changes the one
/// with the slug given.
pub async fn save_project(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<ProjectRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let category_id = match request.category_id.trim() {
        "" => None,
        text => Some(crate::models::ids::CategoryId(text.parse().map_err(
            |_| AppError::from(ServiceError::invalid(Field::Category, Problem::Malformed)),
        )?)),
    };
    let draft = ProjectDraft {
        slug: request.slug,
        name: request.name,
        category_id,
        is_core: request.is_core,
        homepage_url: request.homepage_url,
        repository_url: request.repository_url,
        package_url: request.package_url,
        licence: request.licence,
        logo_url: request.logo_url,
        contact: request.contact,
    };
    let guardian = admin.guardian.clone();
    let sent = draft.clone();
    let result = state
        .write(move |tx| services::projects::save_project(tx, &guardian, &sent))
        .await;
    match result {
        Ok((project, _)) if format == Format::Json => {
            let (all, _, people) = everything(&state, &viewer_of_admin(&admin)).await?;
            let none = Vec::new();
            Ok(json(&ProjectJson::new(
                &project,
                people.get(&project.id).unwrap_or(&none),
                &all,
            )))
        }
        Ok(_) => Ok(see_other("/admin/projects")),
        Err(error) => {
            let error = AppError::from(error);
            if format == Format::Json || !error.is_fixable_in_form() {
                return Err(error);
            }
            let complaints = error.complaints();
            let page =
                admin_page(&state, &admin, &draft, &GroupDraft::default(), &complaints).await?;
            Ok(form_again(&error, |_| page))
        }
    }
}

fn viewer_of_admin(admin: &Admin) -> Viewer {
    Viewer {
        user: Some(admin.user.clone()),
        guardian: admin.guardian.clone(),
        page: admin.page.clone(),
    }
}

/// What adding or removing a representative sends.
#[derive(Debug, Default, Deserialize)]
pub struct MembershipRequest {
    #[serde(default)]
    project: String,
    #[serde(default)]
    username: String,
    #[serde(default, deserialize_with = "crate::routes::input::lenient::flag")]
    remove: bool,
}

/// `POST /admin/projects/representatives` (and `.json`): `project`, `username`, and
/// `remove=true` to remove.
pub async fn set_representative(
    admin: Admin,
    format: Format,
    state: web::Data<AppState>,
    request: Input<MembershipRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    let guardian = admin.guardian.clone();
    state
        .write(move |tx| {
            services::projects::set_representative(
                tx,
                &guardian,
                &request.project,
                &request.username,
                !request.remove,
            )
        })
        .await?;
    done(format)
}

pub(crate) fn done(format: Format) -> AppResult<HttpResponse> {
    Ok(match format {
        Format::Json => json(&crate::api::moderation::Success { success: "OK" }),
        Format::Html => see_other("/admin/projects"),
    })
}
