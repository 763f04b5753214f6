//! The demo's proposals area, so a newcomer sees the SPEC lifecycle at work: the project
//! categories as core projects (and one that is not core) with representatives, a steering
//! committee, the accepted SPECs numbered, published, endorsed (some recommended, one waiting
//! for its endorsers to confirm a changed document) and adopted, and among the ideas one
//! accepted, one withdrawn and one superseded. Everything goes through the services, at the
//! times the history says, so each proposal's history and the staff log tell the same story.

use chrono::{Duration, NaiveDateTime};

use crate::auth::Guardian;
use crate::auth::guardian::Duties;
use crate::db::AnyConnection;
use crate::models::category::Category;
use crate::models::ids::TopicId;
use crate::models::proposal::{Stage, Summary};
use crate::models::user::User;
use crate::services::projects::{self, ProjectDraft};
use crate::services::proposals::{self as proposal, Decision, DetailsDraft, ProjectAct};
use crate::services::{self, ServiceError};

use super::content;

/// What the history made, for the summary `convene demo` prints.
#[derive(Debug, Default)]
pub struct Proposed {
    /// Projects (core or not).
    pub projects: usize,
    /// Proposals, every stage.
    pub proposals: usize,
    /// Endorsements given.
    pub endorsements: usize,
}

/// The accepted SPECs: (number, type, core projects endorsing, projects adopting). SPEC 0
/// is as widely endorsed as the real one; SPEC 8 is accepted but not yet endorsed.
const SPECS: &[(i32, &str, &[&str], &[&str])] = &[
    (
        0,
        "standard",
        &[
            "numpy",
            "scipy",
            "matplotlib",
            "pandas",
            "scikit-image",
            "scikit-learn",
        ],
        &["numpy", "scipy", "astropy"],
    ),
    (
        1,
        "standard",
        &["scikit-image", "scipy", "numpy"],
        &["scikit-image"],
    ),
    (4, "standard", &["numpy", "scipy"], &["matplotlib"]),
    (6, "process", &["scikit-image"], &[]),
    (
        7,
        "standard",
        &["numpy", "scipy", "scikit-learn"],
        &["scikit-learn"],
    ),
    (8, "process", &[], &[]),
];

/// Writes the history. `users` are in `content::PEOPLE` order (admin, two moderators,
/// members); `categories` are the demo's.
pub fn history(
    conn: &mut AnyConnection,
    committee_group: &str,
    users: &[User],
    categories: &[Category],
    now: NaiveDateTime,
) -> anyhow::Result<Proposed> {
    let operator = Guardian::system();
    let mut made = Proposed::default();
    let members = &users[3..];
    let start = now - Duration::days(190);

    // The project categories become core projects; two members represent each. Astropy
    // has no category here and is not a core project, but adopts SPECs all the same.
    let mut slugs = Vec::new();
    services::run_at(conn, start, |tx| {
        projects::ensure_group(tx, &operator, committee_group, "Steering committee")?;
        for person in [&users[0], &members[2], &members[3]] {
            projects::set_group_member(tx, &operator, committee_group, &person.username, true)?;
        }
        let homepages = content::CATEGORIES.iter().filter(|c| !c.6.is_empty());
        for (index, &(name, slug, _, _, _, _, homepage, repository)) in homepages.enumerate() {
            let category = categories.iter().find(|c| c.slug == slug).map(|c| c.id);
            let draft = ProjectDraft {
                slug: slug.to_owned(),
                name: name.to_owned(),
                category_id: category,
                is_core: true,
                homepage_url: homepage.to_owned(),
                repository_url: repository.to_owned(),
                package_url: format!("https://pypi.org/project/{slug}/"),
                licence: "BSD-3-Clause".to_owned(),
                contact: format!("{slug}-maintainers@example.org"),
                ..ProjectDraft::default()
            };
            projects::save_project(tx, &operator, &draft)?;
            for offset in [index * 2, index * 2 + 1] {
                let person = &members[(offset + 4) % members.len()];
                projects::set_representative(tx, &operator, slug, &person.username, true)?;
            }
            slugs.push(slug);
        }
        let astropy = ProjectDraft {
            slug: "astropy".to_owned(),
            name: "Astropy".to_owned(),
            homepage_url: "https://www.astropy.org".to_owned(),
            repository_url: "https://github.com/astropy/astropy".to_owned(),
            package_url: "https://pypi.org/project/astropy/".to_owned(),
            licence: "BSD-3-Clause".to_owned(),
            ..ProjectDraft::default()
        };
        projects::save_project(tx, &operator, &astropy)?;
        projects::set_representative(tx, &operator, "astropy", &members[0].username, true)?;
        // Projects' maintainers post as members from their first day (issue #12's exempt
        // group): the representatives stand for them here.
        let maintainers = projects::GroupDraft {
            name: "maintainers".to_owned(),
            full_name: "Project maintainers".to_owned(),
            exempt_new_member_limits: true,
        };
        projects::create_group(tx, &operator, &maintainers)?;
        let mut representatives: Vec<&str> = (0..slugs.len() * 2)
            .map(|offset| members[(offset + 4) % members.len()].username.as_str())
            .chain([members[0].username.as_str()])
            .collect();
        representatives.sort_unstable();
        representatives.dedup();
        for username in representatives {
            projects::set_group_member(tx, &operator, &maintainers.name, username, true)?;
        }
        Ok(())
    })?;
    made.projects = slugs.len() + 1;

    // Who acts: a member of the committee decides (the admin sits on it too, so whoever runs
    // the demo sees the decision form); each project's first representative acts for it.
    let chair = guardian_for(conn, &members[2], committee_group)?;
    let representative_of = |conn: &mut AnyConnection, slug: &str| -> anyhow::Result<Guardian> {
        let person = if slug == "astropy" {
            &members[0]
        } else {
            let index = slugs.iter().position(|s| *s == slug).unwrap_or(0);
            &members[(index * 2 + 4) % members.len()]
        };
        guardian_for(conn, person, committee_group)
    };

    let all = Summary::all(conn, 2)?;
    made.proposals = all.len();
    let find = |prefix: &str| -> Option<(TopicId, NaiveDateTime)> {
        all.iter()
            .find(|s| s.row.title.starts_with(prefix))
            .map(|s| (s.id(), s.row.proposal.created_at))
    };

    for &(number, kind, endorsers, adopters) in SPECS {
        let Some((id, opened)) = find(&format!("SPEC {number} —")) else {
            continue;
        };
        let document = format!("https://scientific-python.org/specs/spec-{number:04}/");
        let details = DetailsDraft {
            kind: kind.to_owned(),
            authors: format!(
                "{}\nLena Hoffmann",
                members[(1 + number as usize) % members.len()].username
            ),
            pull_request_url: format!(
                "https://github.com/scientific-python/specs/pull/{}",
                100 + number
            ),
            document_url: document.clone(),
            idea_topic_id: None,
            comments_topic_id: None,
        };
        let mut at = (opened + Duration::days(3)).min(now);
        services::run_at(conn, at, |tx| {
            proposal::edit_details(tx, &chair, id, &details)?;
            decide(tx, &chair, id, Stage::Accepted, Some(number), None)
        })?;
        if !endorsers.is_empty() {
            at = (at + Duration::days(5)).min(now);
            services::run_at(conn, at, |tx| {
                decide(tx, &chair, id, Stage::Published, None, None)
            })?;
        }
        for slug in endorsers {
            at += Duration::days(2);
            let acting = representative_of(conn, slug)?;
            services::run_at(conn, at.min(now), |tx| {
                let note = (*slug == "numpy").then_some("NumPy's maintainers agreed on the list.");
                proposal::support(tx, &acting, id, slug, ProjectAct::Endorse, note)
            })?;
            made.endorsements += 1;
        }
        for slug in adopters {
            at += Duration::days(4);
            let acting = representative_of(conn, slug)?;
            let link = format!("https://example.org/{slug}/policies/spec-{number}");
            services::run_at(conn, at.min(now), |tx| {
                proposal::support(tx, &acting, id, slug, ProjectAct::Adopt, Some(&link))
            })?;
        }
        // SPEC 7's document moved after it was endorsed: one project has confirmed since.
        if number == 7 {
            at += Duration::days(3);
            let revised = DetailsDraft {
                document_url: format!("{document}#revised"),
                ..details.clone()
            };
            services::run_at(conn, at.min(now), |tx| {
                proposal::edit_details(tx, &chair, id, &revised).map(|_| ())
            })?;
            let acting = representative_of(conn, "numpy")?;
            services::run_at(conn, (at + Duration::days(1)).min(now), |tx| {
                proposal::support(tx, &acting, id, "numpy", ProjectAct::Confirm, None)
            })?;
        }
    }

    // Among the ideas: the optional-dependencies one is accepted and numbered, the security
    // contacts one published; the benchmark dashboard withdrawn; the changelog format
    // superseded by the deprecation policy.
    let ideas = [
        (
            "SPEC idea: conventions for optional dependencies",
            Stage::Accepted,
        ),
        (
            "SPEC idea: security contacts and disclosure",
            Stage::Published,
        ),
        ("SPEC idea: a shared benchmark dashboard", Stage::Withdrawn),
        (
            "SPEC idea: recommending a common changelog format",
            Stage::Superseded,
        ),
    ];
    let replacement = find("SPEC idea: a shared deprecation policy").map(|(id, _)| id);
    for (title, stage) in ideas {
        let Some((id, opened)) = find(title) else {
            continue;
        };
        let reason = match stage {
            Stage::Withdrawn => {
                "Its authors withdrew it: a dashboard is a project, not a standard."
            }
            Stage::Superseded => "Folded into the deprecation policy proposal.",
            Stage::Published => "Accepted and published in one step: the document was ready.",
            _ => "Well supported in the discussion; it needs a champion to write the document.",
        };
        services::run_at(conn, (opened + Duration::days(20)).min(now), |tx| {
            let decision = Decision {
                stage,
                number: None,
                superseded_by: (stage == Stage::Superseded)
                    .then_some(replacement)
                    .flatten(),
                reason: Some(reason.to_owned()),
            };
            proposal::decide(tx, &chair, id, &decision).map(|_| ())
        })?;
    }
    Ok(made)
}

/// The guardian `person` acts with, duties and all.
fn guardian_for(
    conn: &mut AnyConnection,
    person: &User,
    committee_group: &str,
) -> anyhow::Result<Guardian> {
    let duties = Duties::load(conn, person.id, committee_group)?;
    Ok(Guardian::for_member(person, duties))
}

/// The committee moves `id` to `stage`.
fn decide(
    tx: &mut services::Tx,
    chair: &Guardian,
    id: TopicId,
    stage: Stage,
    number: Option<i32>,
    reason: Option<&str>,
) -> Result<(), ServiceError> {
    let decision = Decision {
        stage,
        number,
        superseded_by: None,
        reason: reason.map(str::to_owned),
    };
    proposal::decide(tx, chair, id, &decision).map(|_| ())
}
