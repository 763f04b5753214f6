//! Proposals in JSON (a Convene extension: Discourse has no proposals; `docs/api.md` describes
//! these shapes), the Atom feed of their stage changes, and the SVG badge a project puts in
//! its README.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use crate::models::ids::ProjectId;
use crate::models::project::Project;
use crate::models::proposal::{ProposalEvent, Summary};
use crate::models::user::UserSummary;

/// `GET /proposals.json`.
#[derive(Debug, Serialize)]
pub struct ProposalList {
    /// Every proposal that passed the filter, in the page's order.
    pub proposals: Vec<ProposalJson>,
}

/// One proposal.
#[derive(Debug, Serialize)]
pub struct ProposalJson {
    /// Its topic's id (a proposal is known by its topic).
    pub topic_id: i64,
    /// Its topic's title.
    pub title: String,
    /// Its topic's slug.
    pub slug: String,
    /// Its number, once accepted.
    pub number: Option<i32>,
    /// "SPEC 7", or "Unnumbered".
    pub label: String,
    /// `standard` or `process`.
    pub kind: String,
    /// What the committee decided: `idea`, `accepted`, `published`, `withdrawn`, `superseded`.
    pub stage: String,
    /// Where it stands: the stage, or `endorsed` / `recommended` from its endorsements.
    pub status: String,
    /// Its authors, in order.
    pub authors: Vec<AuthorJson>,
    /// The pull request.
    pub pull_request_url: Option<String>,
    /// The published document.
    pub document_url: Option<String>,
    /// The idea's discussion topic.
    pub idea_topic_id: Option<i64>,
    /// The public comments topic.
    pub comments_topic_id: Option<i64>,
    /// The proposal that replaced it.
    pub superseded_by: Option<i64>,
    /// Endorsing projects, oldest first.
    pub endorsements: Vec<EndorsementJson>,
    /// Adopting projects, oldest first.
    pub adoptions: Vec<AdoptionJson>,
    /// When its stage last changed (ISO 8601, UTC).
    pub stage_changed_at: String,
    /// Its topic's last activity.
    pub last_activity_at: String,
    /// Its badge.
    pub badge_url: String,
}

/// An author.
#[derive(Debug, Serialize)]
pub struct AuthorJson {
    /// Their name (a member's username).
    pub name: String,
    /// Whether they have an account here.
    pub member: bool,
}

/// An endorsement.
#[derive(Debug, Serialize)]
pub struct EndorsementJson {
    /// The project's slug.
    pub project: String,
    /// Its name.
    pub name: String,
    /// Whether it is a core project.
    pub core: bool,
    /// What its representative said.
    pub note: Option<String>,
    /// The document changed since; the project has not confirmed again yet.
    pub to_reconfirm: bool,
    /// When.
    pub created_at: String,
}

/// An adoption.
#[derive(Debug, Serialize)]
pub struct AdoptionJson {
    /// The project's slug.
    pub project: String,
    /// Its name.
    pub name: String,
    /// Where it documents the adoption.
    pub url: Option<String>,
    /// When.
    pub created_at: String,
}

/// ISO 8601 in UTC, as Discourse writes times.
pub fn iso(at: NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl ProposalJson {
    /// `summary` in JSON, its number written with `prefix`.
    pub fn new(summary: &Summary, prefix: &str) -> ProposalJson {
        let proposal = &summary.row.proposal;
        ProposalJson {
            topic_id: summary.id().0,
            title: summary.row.title.clone(),
            slug: summary.row.slug.clone(),
            number: proposal.number,
            label: proposal.label(prefix),
            kind: proposal.kind.clone(),
            stage: proposal.stage.clone(),
            status: summary.status.as_str().to_owned(),
            authors: summary
                .authors
                .iter()
                .map(|a| AuthorJson {
                    name: a.name.clone(),
                    member: a.user_id.is_some(),
                })
                .collect(),
            pull_request_url: proposal.pull_request_url.clone(),
            document_url: proposal.document_url.clone(),
            idea_topic_id: proposal.idea_topic_id.map(|t| t.0),
            comments_topic_id: proposal.comments_topic_id.map(|t| t.0),
            superseded_by: proposal.superseded_by.map(|t| t.0),
            endorsements: summary
                .endorsements
                .iter()
                .map(|(e, p)| EndorsementJson {
                    project: p.slug.clone(),
                    name: p.name.clone(),
                    core: p.is_core,
                    note: e.note.clone(),
                    to_reconfirm: e.to_reconfirm,
                    created_at: iso(e.created_at),
                })
                .collect(),
            adoptions: summary
                .adoptions
                .iter()
                .map(|(a, p)| AdoptionJson {
                    project: p.slug.clone(),
                    name: p.name.clone(),
                    url: a.url.clone(),
                    created_at: iso(a.created_at),
                })
                .collect(),
            stage_changed_at: iso(proposal.stage_changed_at),
            last_activity_at: iso(summary.row.last_activity),
            badge_url: format!("/proposals/{}/badge.svg", summary.id()),
        }
    }
}

/// `GET /proposals/{id}.json`: one proposal with its history.
#[derive(Debug, Serialize)]
pub struct ProposalDetail {
    /// The proposal.
    pub proposal: ProposalJson,
    /// What happened to it, oldest first.
    pub history: Vec<EventJson>,
}

/// One event of a proposal's history.
#[derive(Debug, Serialize)]
pub struct EventJson {
    /// Id.
    pub id: i64,
    /// `proposed`, `stage`, `endorsed`, `endorsement_withdrawn`, `confirmed`, `adopted`,
    /// `adoption_withdrawn`, `document_changed`, `imported`.
    pub kind: String,
    /// Who did it (`null`: the operator or an import).
    pub username: Option<String>,
    /// The project it was for.
    pub project: Option<String>,
    /// The stage before.
    pub from_stage: Option<String>,
    /// The stage after.
    pub to_stage: Option<String>,
    /// What was said.
    pub note: Option<String>,
    /// When.
    pub created_at: String,
}

impl EventJson {
    /// `event`, its project named from `projects`.
    pub fn new(event: &ProposalEvent, projects: &HashMap<ProjectId, Project>) -> EventJson {
        EventJson {
            id: event.id,
            kind: event.kind.clone(),
            username: event.actor_name.clone(),
            project: event
                .project_id
                .and_then(|id| projects.get(&id))
                .map(|p| p.slug.clone()),
            from_stage: event.from_stage.clone(),
            to_stage: event.to_stage.clone(),
            note: event.note.clone(),
            created_at: iso(event.created_at),
        }
    }
}

/// `GET /projects.json` and `/projects/{slug}.json`.
#[derive(Debug, Serialize)]
pub struct ProjectJson {
    /// Its handle.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// A core project.
    pub core: bool,
    /// Homepage.
    pub homepage_url: Option<String>,
    /// Repository.
    pub repository_url: Option<String>,
    /// Package index page.
    pub package_url: Option<String>,
    /// Licence.
    pub licence: Option<String>,
    /// Logo.
    pub logo_url: Option<String>,
    /// Its category here.
    pub category_id: Option<i64>,
    /// Usernames of its representatives.
    pub representatives: Vec<String>,
    /// Topic ids of the proposals it endorsed.
    pub endorsed: Vec<i64>,
    /// Topic ids of the proposals it adopted.
    pub adopted: Vec<i64>,
    /// Topic ids of recommended proposals it has not adopted.
    pub recommended_not_adopted: Vec<i64>,
}

impl ProjectJson {
    /// `project` with its people and proposals.
    pub fn new(project: &Project, representatives: &[UserSummary], all: &[Summary]) -> ProjectJson {
        let ids = |keep: &dyn Fn(&Summary) -> bool| {
            all.iter().filter(|s| keep(s)).map(|s| s.id().0).collect()
        };
        ProjectJson {
            slug: project.slug.clone(),
            name: project.name.clone(),
            core: project.is_core,
            homepage_url: project.homepage_url.clone(),
            repository_url: project.repository_url.clone(),
            package_url: project.package_url.clone(),
            licence: project.licence.clone(),
            logo_url: project.logo_url.clone(),
            category_id: project.category_id.map(|c| c.0),
            representatives: representatives.iter().map(|u| u.username.clone()).collect(),
            endorsed: ids(&|s| s.endorsed_by(project.id)),
            adopted: ids(&|s| s.adopted_by(project.id)),
            recommended_not_adopted: ids(&|s| {
                s.status == crate::models::proposal::Status::Recommended
                    && !s.adopted_by(project.id)
            }),
        }
    }
}

/// `GET /projects.json`.
#[derive(Debug, Serialize)]
pub struct ProjectList {
    /// Core projects first, then by name.
    pub projects: Vec<ProjectJson>,
}

/// What an action on a proposal answers: the proposal as it now is.
#[derive(Debug, Serialize)]
pub struct ProposalChanged {
    /// Always "OK".
    pub success: &'static str,
    /// The proposal after the change.
    pub proposal: ProposalJson,
}

/// The Atom feed of stage changes (`GET /proposals.atom`): one entry per event, newest
/// first, with `base` (the site's address) making every link absolute.
pub fn stage_feed(
    site_title: &str,
    base: &str,
    events: &[(ProposalEvent, Summary)],
    prefix: &str,
) -> String {
    use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
    let at = |time: NaiveDateTime| -> FixedDateTime {
        DateTime::<Utc>::from_naive_utc_and_offset(time, Utc).fixed_offset()
    };
    let updated = events
        .first()
        .map_or_else(|| at(crate::db::now()), |(e, _)| at(e.created_at));
    let entries = events
        .iter()
        .map(|(event, summary)| {
            let url = format!("{base}/t/{}/{}", summary.row.slug, summary.id());
            let what = match event.kind.as_str() {
                "proposed" => "proposed".to_owned(),
                "endorsed" => "endorsed".to_owned(),
                _ => format!("now {}", event.to_stage.as_deref().unwrap_or("changed")),
            };
            let title = format!(
                "{}: {} ({what})",
                summary.row.proposal.label(prefix),
                summary.row.title
            );
            let mut entry = Entry {
                id: format!("{base}/proposals/events/{}", event.id),
                title: Text::plain(title),
                updated: at(event.created_at),
                published: Some(at(event.created_at)),
                links: vec![Link {
                    href: url,
                    rel: "alternate".to_owned(),
                    ..Link::default()
                }],
                ..Entry::default()
            };
            if let Some(name) = &event.actor_name {
                entry.authors = vec![Person {
                    name: name.clone(),
                    uri: Some(format!("{base}/u/{name}")),
                    ..Person::default()
                }];
            }
            if let Some(note) = &event.note {
                entry.summary = Some(Text::plain(note.clone()));
            }
            entry
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/proposals.atom"),
        title: Text::plain(format!("{site_title}: proposals")),
        updated,
        links: vec![
            Link {
                href: format!("{base}/proposals.atom"),
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Link::default()
            },
            Link {
                href: format!("{base}/proposals"),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    feed.to_string()
}

/// The badge of a proposal: an SVG like the SPEC badges ("SPEC 7 | recommended"), sized to
/// its text, its colour by status. Text is escaped; nothing else in it comes from users.
pub fn badge_svg(label: &str, status: crate::models::proposal::Status) -> String {
    use crate::models::proposal::Status;
    let colour = match status {
        Status::Idea => "#6e7781",
        Status::Accepted => "#0969da",
        Status::Published => "#8250df",
        Status::Endorsed => "#1a7f37",
        Status::Recommended => "#116329",
        Status::Withdrawn | Status::Superseded => "#9a6700",
    };
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    // About 7 px a character at 11 px Verdana, plus padding: the shields.io measure.
    let width = |text: &str| 10 + 7 * text.chars().count();
    let left = escape(label);
    let right = status.as_str();
    let (lw, rw) = (width(label), width(right));
    let total = lw + rw;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{left}: {right}"><title>{left}: {right}</title><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{rw}" height="20" fill="{colour}"/><g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="{lx}" y="14">{left}</text><text x="{rx}" y="14">{right}</text></g></svg>"##,
        lx = lw / 2,
        rx = lw + rw / 2,
    )
}
