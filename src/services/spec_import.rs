//! `convene proposals import DIR`: a SPEC repository's history written into the forum, so a
//! community moving to Convene keeps it. Each core-project file becomes (or updates) a core
//! project; each SPEC becomes (or updates) a numbered proposal in the proposals category,
//! accepted (and published unless it is a draft), with its authors, document link and the
//! endorsements its front matter lists. Running it again changes only what changed in the
//! files: proposals are matched by number, projects by handle. Each file is written in its own
//! transaction, so one bad file is reported (with its line) and the others still go in.

use chrono::{NaiveDateTime, NaiveTime};

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::markdown;
use crate::models::category::Category;
use crate::models::proposal::{Proposal, ProposalAuthor, Stage, Support};
use crate::models::topic::NewTopicInput;
use crate::models::user::User;
use crate::services::projects::{self, ProjectDraft};
use crate::services::proposals::{self, Decision, DetailsDraft, ProjectAct};
use crate::services::{self, ServiceError};
use crate::spec_repository::{FileProblem, Repository, SpecDocument};

/// Where and as whom the proposals go.
#[derive(Debug, Clone)]
pub struct Destination<'a> {
    /// The category that takes proposals.
    pub category: &'a Category,
    /// Who starts the imported topics (an admin).
    pub author: &'a User,
    /// Where the documents are published (`https://scientific-python.org/specs/`): each
    /// SPEC's document link is this and its directory. `None` leaves document links alone.
    pub documents: Option<&'a str>,
    /// The forum's largest post, in bytes: a longer document is cut at a paragraph.
    pub max_body_bytes: usize,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    /// Projects made.
    pub projects_created: usize,
    /// Projects whose facts changed.
    pub projects_updated: usize,
    /// Proposals made.
    pub proposals_created: usize,
    /// Proposals whose stage, authors or links changed.
    pub proposals_updated: usize,
    /// Endorsements recorded.
    pub endorsements: usize,
    /// Files read and found as the forum already had them.
    pub unchanged: usize,
    /// Files (or lines) that could not be imported.
    pub problems: Vec<ImportProblem>,
}

/// A file, or one line of it, that did not go in.
#[derive(Debug)]
pub enum ImportProblem {
    /// It could not be read.
    Unreadable(FileProblem),
    /// It was read, and the forum refused what it says (at its line, when one is at fault):
    /// a title too short, an endorsement by a project that does not exist.
    Refused {
        /// The file, relative to the repository.
        file: String,
        /// Its line.
        line: Option<usize>,
        /// The endorsing project's handle, when an endorsement was refused.
        endorsement: Option<String>,
        /// Why.
        error: ServiceError,
    },
}

impl Report {
    /// Whether the import wrote anything.
    pub fn changed_anything(&self) -> bool {
        self.projects_created
            + self.projects_updated
            + self.proposals_created
            + self.proposals_updated
            + self.endorsements
            > 0
    }
}

/// Writes `repository` into the forum at `to`; `progress` hears of each file as it is done.
pub fn import(
    conn: &mut AnyConnection,
    repository: Repository,
    to: &Destination<'_>,
    progress: &mut dyn FnMut(&str),
) -> anyhow::Result<Report> {
    if !to.category.proposals {
        anyhow::bail!(
            "the category \"{}\" does not take proposals; mark it with `convene category create \
             --proposals`, or name another",
            to.category.name
        );
    }
    let operator = Guardian::system();
    let mut report = Report {
        problems: repository
            .problems
            .into_iter()
            .map(ImportProblem::Unreadable)
            .collect(),
        ..Report::default()
    };
    for project in &repository.projects {
        let draft = ProjectDraft {
            slug: project.slug.clone(),
            name: project.name.clone(),
            is_core: true,
            homepage_url: project.homepage.clone().unwrap_or_default(),
            repository_url: project.repository.clone().unwrap_or_default(),
            package_url: project.package.clone().unwrap_or_default(),
            licence: project.licence.clone().unwrap_or_default(),
            logo_url: project.logo.clone().unwrap_or_default(),
            contact: project.contact.clone().unwrap_or_default(),
            ..ProjectDraft::default()
        };
        let result = services::run(conn, |tx| {
            let existing = crate::models::project::Project::find_by_slug(tx.conn(), &draft.slug)?;
            // Keep what the forum added (its category here) when the file is read again.
            let draft = ProjectDraft {
                category_id: existing.as_ref().and_then(|p| p.category_id),
                ..draft.clone()
            };
            let (_, changed) = projects::save_project(tx, &operator, &draft)?;
            Ok((existing.is_none(), changed))
        });
        match result {
            Ok((true, _)) => report.projects_created += 1,
            Ok((false, true)) => report.projects_updated += 1,
            Ok((false, false)) => report.unchanged += 1,
            Err(error) => report.problems.push(refused(&project.file, None, error)),
        }
        progress(&project.file);
    }
    for spec in &repository.specs {
        match import_spec(conn, spec, to, &operator, &mut report) {
            Ok(Outcome::Created) => report.proposals_created += 1,
            Ok(Outcome::Updated) => report.proposals_updated += 1,
            Ok(Outcome::Unchanged) => report.unchanged += 1,
            Err(error) => report.problems.push(refused(&spec.file, None, error)),
        }
        progress(&spec.file);
    }
    Ok(report)
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
}

fn refused(file: &str, line: Option<usize>, error: ServiceError) -> ImportProblem {
    ImportProblem::Refused {
        file: file.to_owned(),
        line,
        endorsement: None,
        error,
    }
}

/// One SPEC: its topic and proposal (made on first import), its stage, its details, and
/// each endorsement its front matter lists (each in a transaction of its own, so an unknown
/// project is reported on its line and the others still count).
fn import_spec(
    conn: &mut AnyConnection,
    spec: &SpecDocument,
    to: &Destination<'_>,
    operator: &Guardian,
    report: &mut Report,
) -> Result<Outcome, ServiceError> {
    // The topic starts on the SPEC's date, so the forum's history keeps the order.
    let started: Option<NaiveDateTime> = spec.date.map(|d| d.and_time(NaiveTime::MIN));
    let existing = services::run(conn, |tx| {
        Ok(Proposal::find_by_number(tx.conn(), spec.number)?)
    })?;
    let mut outcome = Outcome::Unchanged;
    let id = match existing {
        Some(proposal) => proposal.topic_id,
        None => {
            let raw = first_post(spec, to);
            let input =
                NewTopicInput::new(&spec.title, Some(to.category.id), raw, to.max_body_bytes)
                    .map_err(ServiceError::from)?;
            let cooked = markdown::cook(input.body.as_str());
            let author = Guardian::for_user(to.author);
            let at = started.unwrap_or_else(crate::db::now);
            let topic = services::run_at(conn, at, |tx| {
                let (topic, _) = services::topic::create(tx, &author, &input, &cooked)?;
                proposals::imported(tx, topic.id, &spec.file)?;
                proposals::decide(
                    tx,
                    operator,
                    topic.id,
                    &Decision {
                        stage: Stage::Accepted,
                        number: Some(spec.number),
                        superseded_by: None,
                        reason: Some(format!("Imported from {}.", spec.file)),
                    },
                )?;
                Ok(topic)
            })?;
            outcome = Outcome::Created;
            topic.id
        }
    };
    let changed = services::run(conn, |tx| {
        let mut changed = false;
        let proposal = Proposal::find(tx.conn(), id)?.ok_or(services::Missing::Proposal(id))?;
        // Published unless it is a draft; a proposal the forum moved on (withdrawn,
        // superseded, published) is left where it is.
        if !spec.draft && proposal.stage() == Stage::Accepted {
            proposals::decide(
                tx,
                operator,
                id,
                &Decision {
                    stage: Stage::Published,
                    number: None,
                    superseded_by: None,
                    reason: Some(format!("Published, as {} says.", spec.file)),
                },
            )?;
            changed = true;
        }
        let proposal = Proposal::find(tx.conn(), id)?.ok_or(services::Missing::Proposal(id))?;
        let authors: Vec<String> = ProposalAuthor::of(tx.conn(), &[id])?
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .map(|a| a.name)
            .collect();
        let document = match to.documents {
            Some(base) => Some(format!(
                "{}/{}/",
                base.trim_end_matches('/'),
                spec.directory
            )),
            None => proposal.document_url.clone(),
        };
        let wanted_authors = if spec.authors.is_empty() {
            authors.clone()
        } else {
            spec.authors.clone()
        };
        if wanted_authors != authors || document != proposal.document_url {
            let draft = DetailsDraft {
                kind: proposal.kind.clone(),
                authors: wanted_authors.join("\n"),
                pull_request_url: proposal.pull_request_url.clone().unwrap_or_default(),
                document_url: document.unwrap_or_default(),
                idea_topic_id: proposal.idea_topic_id,
                comments_topic_id: proposal.comments_topic_id,
            };
            proposals::edit_details(tx, operator, id, &draft)?;
            changed = true;
        }
        Ok(changed)
    })?;
    if changed && matches!(outcome, Outcome::Unchanged) {
        outcome = Outcome::Updated;
    }
    for (slug, line) in &spec.endorsed_by {
        let result = services::run(conn, |tx| {
            let Some(project) = crate::models::project::Project::find_by_slug(tx.conn(), slug)?
            else {
                return Err(services::Missing::Project(slug.clone()).into());
            };
            if Support::endorsement(tx.conn(), id, project.id)?.is_some() {
                return Ok(false);
            }
            let note = format!("Endorsed in {}.", spec.file);
            proposals::support(tx, operator, id, slug, ProjectAct::Endorse, Some(&note))?;
            Ok(true)
        });
        match result {
            Ok(true) => {
                report.endorsements += 1;
                if matches!(outcome, Outcome::Unchanged) {
                    outcome = Outcome::Updated;
                }
            }
            Ok(false) => {}
            Err(error) => report.problems.push(ImportProblem::Refused {
                file: spec.file.clone(),
                line: Some(*line),
                endorsement: Some(slug.clone()),
                error,
            }),
        }
    }
    Ok(outcome)
}

/// The imported topic's first post: the document's text, cut at a paragraph if the forum's
/// posts are shorter, with where it came from.
fn first_post(spec: &SpecDocument, to: &Destination<'_>) -> String {
    let mut source = format!("*Imported from `{}`", spec.file);
    if let Some(discussion) = &spec.discussion {
        source.push_str(&format!("; first discussed at <{discussion}>"));
    }
    source.push_str(".*\n\n");
    let room = to.max_body_bytes.saturating_sub(source.len() + 64);
    let mut body = spec.body.as_str();
    let mut cut = false;
    while body.len() > room {
        cut = true;
        body = match body[..body.floor_char_boundary(room)].rfind("\n\n") {
            Some(end) => &body[..end],
            None => "",
        };
    }
    let mut raw = source;
    raw.push_str(if body.trim().is_empty() {
        "(The document has no text.)"
    } else {
        body
    });
    if cut {
        raw.push_str("\n\n*(The document continues at its published address.)*");
    }
    raw
}
