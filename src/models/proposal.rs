//! Proposals (the SPEC lifecycle): a topic in a proposals category, with a stage the steering
//! committee moves (idea → accepted → published, or withdrawn, or superseded), a type, a
//! number given on acceptance and never reused, authors, links, and the endorsements of core
//! projects and adoptions of any project (`models::project`). "Endorsed" and "recommended"
//! are not stored: they follow from the endorsements ([`Status::of`]), so they can never
//! disagree with them. Every change is a [`ProposalEvent`]: the history, the notices in the
//! topic, the feed of stage changes and the digest's section. Written by `services::proposals`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    projects, proposal_adoptions, proposal_authors, proposal_endorsements, proposal_events,
    proposals, topics,
};
use crate::models::ids::{CategoryId, ProjectId, TopicId, UserId};
use crate::models::project::Project;

/// The highest proposal number (SPEC numbers are small; this keeps typos out).
pub const MAX_NUMBER: i32 = 99_999;
/// The longest note on an endorsement, an adoption or a decision.
pub const MAX_NOTE_CHARS: usize = 1000;
/// The most authors one proposal lists.
pub const MAX_AUTHORS: usize = 30;
/// The longest author name (of someone without an account here).
pub const MAX_AUTHOR_CHARS: usize = 100;

/// What the committee decided a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Being discussed.
    Idea,
    /// Accepted by the committee, and numbered.
    Accepted,
    /// Its document has left draft status.
    Published,
    /// Withdrawn.
    Withdrawn,
    /// Replaced by another proposal.
    Superseded,
}

impl Stage {
    /// Every stage, in lifecycle order.
    pub const ALL: [Stage; 5] = [
        Stage::Idea,
        Stage::Accepted,
        Stage::Published,
        Stage::Withdrawn,
        Stage::Superseded,
    ];

    /// As stored, and in forms and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Accepted => "accepted",
            Stage::Published => "published",
            Stage::Withdrawn => "withdrawn",
            Stage::Superseded => "superseded",
        }
    }

    /// The stage named `text`.
    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// How far along the lifecycle it is (withdrawn and superseded are ends, not steps).
    pub fn step(self) -> Option<u8> {
        match self {
            Stage::Idea => Some(0),
            Stage::Accepted => Some(1),
            Stage::Published => Some(2),
            Stage::Withdrawn | Stage::Superseded => None,
        }
    }

    /// Whether projects may endorse it: once accepted, until it ends.
    pub fn takes_endorsements(self) -> bool {
        matches!(self, Stage::Accepted | Stage::Published)
    }
}

/// Where a proposal stands, as people read it: the committee's stage, with "endorsed" and
/// "recommended" following from the core projects' endorsements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Being discussed.
    Idea,
    /// Accepted and numbered.
    Accepted,
    /// Published, not yet endorsed.
    Published,
    /// Endorsed by at least one core project.
    Endorsed,
    /// Endorsed by enough core projects to be recommended for ecosystem-wide adoption.
    Recommended,
    /// Withdrawn.
    Withdrawn,
    /// Replaced by another proposal.
    Superseded,
}

impl Status {
    /// Every status, in lifecycle order (the overview's filter).
    pub const ALL: [Status; 7] = [
        Status::Idea,
        Status::Accepted,
        Status::Published,
        Status::Endorsed,
        Status::Recommended,
        Status::Withdrawn,
        Status::Superseded,
    ];

    /// A proposal at `stage` with `core_endorsements`, recommended at `recommend_at`.
    pub fn of(stage: Stage, core_endorsements: usize, recommend_at: usize) -> Status {
        match stage {
            Stage::Accepted | Stage::Published if core_endorsements >= recommend_at.max(1) => {
                Status::Recommended
            }
            Stage::Accepted | Stage::Published if core_endorsements > 0 => Status::Endorsed,
            Stage::Idea => Status::Idea,
            Stage::Accepted => Status::Accepted,
            Stage::Published => Status::Published,
            Stage::Withdrawn => Status::Withdrawn,
            Stage::Superseded => Status::Superseded,
        }
    }

    /// In URLs and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Idea => "idea",
            Status::Accepted => "accepted",
            Status::Published => "published",
            Status::Endorsed => "endorsed",
            Status::Recommended => "recommended",
            Status::Withdrawn => "withdrawn",
            Status::Superseded => "superseded",
        }
    }

    /// The status named `text`.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Idea => "Idea",
            Status::Accepted => "Accepted",
            Status::Published => "Published",
            Status::Endorsed => "Endorsed",
            Status::Recommended => "Recommended",
            Status::Withdrawn => "Withdrawn",
            Status::Superseded => "Superseded",
        }
    }
}

/// A proposal's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalKind {
    /// A technical standard projects adopt.
    Standard,
    /// How the process itself works.
    Process,
}

impl ProposalKind {
    /// Both.
    pub const ALL: [ProposalKind; 2] = [ProposalKind::Standard, ProposalKind::Process];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalKind::Standard => "standard",
            ProposalKind::Process => "process",
        }
    }

    /// The type named `text` (any case: the front matter writes `Standard`).
    pub fn parse(text: &str) -> Option<ProposalKind> {
        ProposalKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ProposalKind::Standard => "Standard",
            ProposalKind::Process => "Process",
        }
    }
}

/// A `proposals` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = proposals)]
pub struct Proposal {
    /// Its topic.
    pub topic_id: TopicId,
    /// [`Stage`] as stored.
    pub stage: String,
    /// [`ProposalKind`] as stored.
    pub kind: String,
    /// Its number, once accepted.
    pub number: Option<i32>,
    /// The pull request that proposes its document.
    pub pull_request_url: Option<String>,
    /// The published document.
    pub document_url: Option<String>,
    /// The topic where the idea was discussed (when this one is the document's).
    pub idea_topic_id: Option<TopicId>,
    /// The topic for public comments on the published document.
    pub comments_topic_id: Option<TopicId>,
    /// The proposal that replaced it.
    pub superseded_by: Option<TopicId>,
    /// When its stage last changed.
    pub stage_changed_at: NaiveDateTime,
    /// Who changed it.
    pub stage_changed_by: Option<UserId>,
    /// Created.
    pub created_at: NaiveDateTime,
    /// Last changed.
    pub updated_at: NaiveDateTime,
}

impl Proposal {
    /// The stage (an unknown stored one, which nothing writes, reads as an idea).
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Idea)
    }

    /// The type.
    pub fn kind(&self) -> ProposalKind {
        ProposalKind::parse(&self.kind).unwrap_or(ProposalKind::Standard)
    }

    /// "SPEC 7", or "Idea" before it has a number: how lists and badges name it.
    pub fn label(&self, prefix: &str) -> String {
        match self.number {
            Some(n) => format!("{prefix} {n}"),
            None => "Unnumbered".to_owned(),
        }
    }

    /// The proposal of topic `id`, if it is one.
    pub fn find(conn: &mut AnyConnection, id: TopicId) -> QueryResult<Option<Proposal>> {
        proposals::table
            .find(id)
            .select(Proposal::as_select())
            .first(conn)
            .optional()
    }

    /// The proposal numbered `number`.
    pub fn find_by_number(conn: &mut AnyConnection, number: i32) -> QueryResult<Option<Proposal>> {
        proposals::table
            .filter(proposals::number.eq(number))
            .select(Proposal::as_select())
            .first(conn)
            .optional()
    }

    /// The lowest number above every number given so far (numbers are never reused, so a
    /// withdrawn proposal's number still counts).
    pub fn next_number(conn: &mut AnyConnection) -> QueryResult<i32> {
        let highest: Option<i32> = proposals::table
            .select(diesel::dsl::max(proposals::number))
            .first(conn)?;
        Ok(highest.map_or(0, |n| n + 1))
    }

    /// Inserts a proposal row.
    pub(crate) fn insert(conn: &mut AnyConnection, row: &Proposal) -> QueryResult<Proposal> {
        diesel::insert_into(proposals::table)
            .values((
                proposals::topic_id.eq(row.topic_id),
                proposals::stage.eq(&row.stage),
                proposals::kind.eq(&row.kind),
                proposals::number.eq(row.number),
                proposals::pull_request_url.eq(&row.pull_request_url),
                proposals::document_url.eq(&row.document_url),
                proposals::idea_topic_id.eq(row.idea_topic_id),
                proposals::comments_topic_id.eq(row.comments_topic_id),
                proposals::superseded_by.eq(row.superseded_by),
                proposals::stage_changed_at.eq(row.stage_changed_at),
                proposals::stage_changed_by.eq(row.stage_changed_by),
                proposals::created_at.eq(row.created_at),
                proposals::updated_at.eq(row.updated_at),
            ))
            .returning(proposals::all_columns)
            .get_result(conn)
    }

    /// Saves every field of `row` over the stored one.
    pub(crate) fn save(conn: &mut AnyConnection, row: &Proposal) -> QueryResult<Proposal> {
        diesel::update(proposals::table.find(row.topic_id))
            .set((
                proposals::stage.eq(&row.stage),
                proposals::kind.eq(&row.kind),
                proposals::number.eq(row.number),
                proposals::pull_request_url.eq(&row.pull_request_url),
                proposals::document_url.eq(&row.document_url),
                proposals::idea_topic_id.eq(row.idea_topic_id),
                proposals::comments_topic_id.eq(row.comments_topic_id),
                proposals::superseded_by.eq(row.superseded_by),
                proposals::stage_changed_at.eq(row.stage_changed_at),
                proposals::stage_changed_by.eq(row.stage_changed_by),
                proposals::updated_at.eq(row.updated_at),
            ))
            .returning(proposals::all_columns)
            .get_result(conn)
    }

    /// Every proposal with its topic's title, category and last activity, newest activity
    /// first: the overview, before filtering (a forum has dozens or hundreds, not millions).
    pub fn overview(conn: &mut AnyConnection) -> QueryResult<Vec<ProposalRow>> {
        proposals::table
            .inner_join(topics::table)
            .filter(topics::deleted_at.is_null())
            .order(topics::bumped_at.desc())
            .select((
                Proposal::as_select(),
                topics::title,
                topics::slug,
                topics::category_id,
                topics::bumped_at,
                topics::visible,
            ))
            .load::<(Proposal, String, String, CategoryId, NaiveDateTime, bool)>(conn)
            .map(|rows| {
                rows.into_iter()
                    .map(
                        |(proposal, title, slug, category_id, last_activity, visible)| {
                            ProposalRow {
                                proposal,
                                title,
                                slug,
                                category_id,
                                last_activity,
                                visible,
                            }
                        },
                    )
                    .collect()
            })
    }
}

/// A proposal with what the overview shows of its topic.
#[derive(Debug, Clone)]
pub struct ProposalRow {
    /// The proposal.
    pub proposal: Proposal,
    /// Its topic's title.
    pub title: String,
    /// Its topic's slug.
    pub slug: String,
    /// Its topic's category.
    pub category_id: CategoryId,
    /// Its topic's last activity.
    pub last_activity: NaiveDateTime,
    /// Whether its topic is listed.
    pub visible: bool,
}

/// A `proposal_authors` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = proposal_authors)]
pub struct ProposalAuthor {
    /// Id.
    pub id: i64,
    /// The proposal.
    pub proposal_id: TopicId,
    /// Order, from 0.
    pub position: i32,
    /// Their account, if they have one here.
    pub user_id: Option<UserId>,
    /// Their name (the username for members).
    pub name: String,
}

impl ProposalAuthor {
    /// The authors of `proposals`, in order, by proposal.
    pub fn of(
        conn: &mut AnyConnection,
        proposals: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, Vec<ProposalAuthor>>> {
        let rows: Vec<ProposalAuthor> = proposal_authors::table
            .filter(proposal_authors::proposal_id.eq_any(proposals))
            .order((
                proposal_authors::proposal_id.asc(),
                proposal_authors::position.asc(),
            ))
            .select(ProposalAuthor::as_select())
            .load(conn)?;
        let mut by: HashMap<TopicId, Vec<ProposalAuthor>> = HashMap::new();
        for row in rows {
            by.entry(row.proposal_id).or_default().push(row);
        }
        Ok(by)
    }

    /// Replaces the authors of `proposal` with `authors` (account, name), in order.
    pub(crate) fn replace(
        conn: &mut AnyConnection,
        proposal: TopicId,
        authors: &[(Option<UserId>, String)],
    ) -> QueryResult<()> {
        diesel::delete(proposal_authors::table.filter(proposal_authors::proposal_id.eq(proposal)))
            .execute(conn)?;
        for (position, (user, name)) in authors.iter().enumerate() {
            diesel::insert_into(proposal_authors::table)
                .values((
                    proposal_authors::proposal_id.eq(proposal),
                    proposal_authors::position.eq(position as i32),
                    proposal_authors::user_id.eq(*user),
                    proposal_authors::name.eq(name),
                ))
                .execute(conn)?;
        }
        Ok(())
    }
}

/// A `proposal_endorsements` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = proposal_endorsements)]
pub struct Endorsement {
    /// The proposal.
    pub proposal_id: TopicId,
    /// The endorsing project.
    pub project_id: ProjectId,
    /// The representative who gave it.
    pub user_id: Option<UserId>,
    /// What they said.
    pub note: Option<String>,
    /// The document changed since: the project has to confirm it again.
    pub to_reconfirm: bool,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A `proposal_adoptions` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = proposal_adoptions)]
pub struct Adoption {
    /// The proposal.
    pub proposal_id: TopicId,
    /// The adopting project.
    pub project_id: ProjectId,
    /// The representative who recorded it.
    pub user_id: Option<UserId>,
    /// Where the project documents it.
    pub url: Option<String>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Projects' endorsements and adoptions of proposals.
pub struct Support;

impl Support {
    /// The endorsements of `proposals` with their projects, oldest first, by proposal.
    pub fn endorsements(
        conn: &mut AnyConnection,
        proposals: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, Vec<(Endorsement, Project)>>> {
        let rows: Vec<(Endorsement, Project)> = proposal_endorsements::table
            .inner_join(projects::table)
            .filter(proposal_endorsements::proposal_id.eq_any(proposals))
            .order(proposal_endorsements::created_at.asc())
            .select((Endorsement::as_select(), Project::as_select()))
            .load(conn)?;
        let mut by: HashMap<TopicId, Vec<(Endorsement, Project)>> = HashMap::new();
        for row in rows {
            by.entry(row.0.proposal_id).or_default().push(row);
        }
        Ok(by)
    }

    /// The adoptions of `proposals` with their projects, oldest first, by proposal.
    pub fn adoptions(
        conn: &mut AnyConnection,
        proposals: &[TopicId],
    ) -> QueryResult<HashMap<TopicId, Vec<(Adoption, Project)>>> {
        let rows: Vec<(Adoption, Project)> = proposal_adoptions::table
            .inner_join(projects::table)
            .filter(proposal_adoptions::proposal_id.eq_any(proposals))
            .order(proposal_adoptions::created_at.asc())
            .select((Adoption::as_select(), Project::as_select()))
            .load(conn)?;
        let mut by: HashMap<TopicId, Vec<(Adoption, Project)>> = HashMap::new();
        for row in rows {
            by.entry(row.0.proposal_id).or_default().push(row);
        }
        Ok(by)
    }

    /// `project`'s endorsement of `proposal`, if it gave one.
    pub fn endorsement(
        conn: &mut AnyConnection,
        proposal: TopicId,
        project: ProjectId,
    ) -> QueryResult<Option<Endorsement>> {
        proposal_endorsements::table
            .find((proposal, project))
            .select(Endorsement::as_select())
            .first(conn)
            .optional()
    }

    /// `project`'s adoption of `proposal`, if it recorded one.
    pub fn adoption(
        conn: &mut AnyConnection,
        proposal: TopicId,
        project: ProjectId,
    ) -> QueryResult<Option<Adoption>> {
        proposal_adoptions::table
            .find((proposal, project))
            .select(Adoption::as_select())
            .first(conn)
            .optional()
    }

    /// Records an endorsement.
    pub(crate) fn endorse(conn: &mut AnyConnection, row: &Endorsement) -> QueryResult<()> {
        diesel::insert_into(proposal_endorsements::table)
            .values((
                proposal_endorsements::proposal_id.eq(row.proposal_id),
                proposal_endorsements::project_id.eq(row.project_id),
                proposal_endorsements::user_id.eq(row.user_id),
                proposal_endorsements::note.eq(&row.note),
                proposal_endorsements::to_reconfirm.eq(row.to_reconfirm),
                proposal_endorsements::created_at.eq(row.created_at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Withdraws an endorsement; false if there was none.
    pub(crate) fn withdraw_endorsement(
        conn: &mut AnyConnection,
        proposal: TopicId,
        project: ProjectId,
    ) -> QueryResult<bool> {
        Ok(
            diesel::delete(proposal_endorsements::table.find((proposal, project))).execute(conn)?
                > 0,
        )
    }

    /// Marks every endorsement of `proposal` as to be re-confirmed; returns how many.
    pub(crate) fn ask_reconfirmation(
        conn: &mut AnyConnection,
        proposal: TopicId,
    ) -> QueryResult<usize> {
        diesel::update(
            proposal_endorsements::table.filter(proposal_endorsements::proposal_id.eq(proposal)),
        )
        .set(proposal_endorsements::to_reconfirm.eq(true))
        .execute(conn)
    }

    /// `project` confirms its endorsement again; false if it had nothing to confirm.
    pub(crate) fn reconfirm(
        conn: &mut AnyConnection,
        proposal: TopicId,
        project: ProjectId,
    ) -> QueryResult<bool> {
        Ok(diesel::update(
            proposal_endorsements::table
                .find((proposal, project))
                .filter(proposal_endorsements::to_reconfirm.eq(true)),
        )
        .set(proposal_endorsements::to_reconfirm.eq(false))
        .execute(conn)?
            > 0)
    }

    /// Records an adoption.
    pub(crate) fn adopt(conn: &mut AnyConnection, row: &Adoption) -> QueryResult<()> {
        diesel::insert_into(proposal_adoptions::table)
            .values((
                proposal_adoptions::proposal_id.eq(row.proposal_id),
                proposal_adoptions::project_id.eq(row.project_id),
                proposal_adoptions::user_id.eq(row.user_id),
                proposal_adoptions::url.eq(&row.url),
                proposal_adoptions::created_at.eq(row.created_at),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Withdraws an adoption; false if there was none.
    pub(crate) fn withdraw_adoption(
        conn: &mut AnyConnection,
        proposal: TopicId,
        project: ProjectId,
    ) -> QueryResult<bool> {
        Ok(diesel::delete(proposal_adoptions::table.find((proposal, project))).execute(conn)? > 0)
    }
}

/// What happened to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The topic became a proposal.
    Proposed,
    /// The committee moved its stage (and, on acceptance, numbered it).
    Stage,
    /// A core project endorsed it.
    Endorsed,
    /// A project withdrew its endorsement.
    EndorsementWithdrawn,
    /// A project confirmed its endorsement after the document changed.
    Confirmed,
    /// A project adopted it.
    Adopted,
    /// A project withdrew its adoption.
    AdoptionWithdrawn,
    /// The document's link changed (endorsements wait for re-confirmation).
    DocumentChanged,
    /// Imported from a SPEC repository (`convene proposals import`).
    Imported,
}

impl EventKind {
    const ALL: [EventKind; 9] = [
        EventKind::Proposed,
        EventKind::Stage,
        EventKind::Endorsed,
        EventKind::EndorsementWithdrawn,
        EventKind::Confirmed,
        EventKind::Adopted,
        EventKind::AdoptionWithdrawn,
        EventKind::DocumentChanged,
        EventKind::Imported,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Proposed => "proposed",
            EventKind::Stage => "stage",
            EventKind::Endorsed => "endorsed",
            EventKind::EndorsementWithdrawn => "endorsement_withdrawn",
            EventKind::Confirmed => "confirmed",
            EventKind::Adopted => "adopted",
            EventKind::AdoptionWithdrawn => "adoption_withdrawn",
            EventKind::DocumentChanged => "document_changed",
            EventKind::Imported => "imported",
        }
    }

    /// The kind stored as `text`.
    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A `proposal_events` row.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq, Eq)]
#[diesel(table_name = proposal_events)]
pub struct ProposalEvent {
    /// Id.
    pub id: i64,
    /// The proposal.
    pub proposal_id: TopicId,
    /// [`EventKind`] as stored.
    pub kind: String,
    /// Who did it, while their account exists.
    pub actor_id: Option<UserId>,
    /// Their username then (`None`: the operator or an import).
    pub actor_name: Option<String>,
    /// The project it was for.
    pub project_id: Option<ProjectId>,
    /// The stage before.
    pub from_stage: Option<String>,
    /// The stage after.
    pub to_stage: Option<String>,
    /// What was said (a decision's reason, an endorsement's note, an adoption's link).
    pub note: Option<String>,
    /// When.
    pub created_at: NaiveDateTime,
}

/// A new event.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = proposal_events)]
pub(crate) struct NewProposalEvent {
    pub proposal_id: TopicId,
    pub kind: String,
    pub actor_id: Option<UserId>,
    pub actor_name: Option<String>,
    pub project_id: Option<ProjectId>,
    pub from_stage: Option<String>,
    pub to_stage: Option<String>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl NewProposalEvent {
    /// Inserts it.
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<ProposalEvent> {
        diesel::insert_into(proposal_events::table)
            .values(self)
            .returning(proposal_events::all_columns)
            .get_result(conn)
    }
}

impl ProposalEvent {
    /// The kind.
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.kind)
    }

    /// The history of `proposal`, oldest first.
    pub fn history(conn: &mut AnyConnection, proposal: TopicId) -> QueryResult<Vec<ProposalEvent>> {
        proposal_events::table
            .filter(proposal_events::proposal_id.eq(proposal))
            .order(proposal_events::id.asc())
            .select(ProposalEvent::as_select())
            .load(conn)
    }

    /// Stage changes since `since`, newest first, at most `limit`: the feed and the digest.
    pub fn stage_changes(
        conn: &mut AnyConnection,
        since: Option<NaiveDateTime>,
        limit: i64,
    ) -> QueryResult<Vec<ProposalEvent>> {
        let mut query = proposal_events::table
            .filter(proposal_events::kind.eq_any([
                EventKind::Stage.as_str(),
                EventKind::Proposed.as_str(),
                EventKind::Endorsed.as_str(),
            ]))
            .into_boxed();
        if let Some(since) = since {
            query = query.filter(proposal_events::created_at.ge(since));
        }
        query
            .order(proposal_events::id.desc())
            .limit(limit)
            .select(ProposalEvent::as_select())
            .load(conn)
    }
}

/// A proposal with everything the overview, the status panel and the JSON show of it.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The proposal and its topic.
    pub row: ProposalRow,
    /// Its authors, in order.
    pub authors: Vec<ProposalAuthor>,
    /// Projects' endorsements, oldest first.
    pub endorsements: Vec<(Endorsement, Project)>,
    /// Projects' adoptions, oldest first.
    pub adoptions: Vec<(Adoption, Project)>,
    /// Where it stands.
    pub status: Status,
}

impl Summary {
    /// Every proposal, newest activity first, recommended at `recommend_at` core
    /// endorsements. Four queries whatever the number of proposals.
    pub fn all(conn: &mut AnyConnection, recommend_at: usize) -> QueryResult<Vec<Summary>> {
        let rows = Proposal::overview(conn)?;
        Summary::of_rows(conn, rows, recommend_at)
    }

    /// The proposal of topic `id`, if it is one (deleted or not: the topic decides who sees).
    pub fn of_topic(
        conn: &mut AnyConnection,
        id: TopicId,
        recommend_at: usize,
    ) -> QueryResult<Option<Summary>> {
        let row = proposals::table
            .inner_join(topics::table)
            .filter(proposals::topic_id.eq(id))
            .select((
                Proposal::as_select(),
                topics::title,
                topics::slug,
                topics::category_id,
                topics::bumped_at,
                topics::visible,
            ))
            .first::<(Proposal, String, String, CategoryId, NaiveDateTime, bool)>(conn)
            .optional()?;
        let Some((proposal, title, slug, category_id, last_activity, visible)) = row else {
            return Ok(None);
        };
        let row = ProposalRow {
            proposal,
            title,
            slug,
            category_id,
            last_activity,
            visible,
        };
        Ok(Summary::of_rows(conn, vec![row], recommend_at)?.pop())
    }

    fn of_rows(
        conn: &mut AnyConnection,
        rows: Vec<ProposalRow>,
        recommend_at: usize,
    ) -> QueryResult<Vec<Summary>> {
        let ids: Vec<TopicId> = rows.iter().map(|r| r.proposal.topic_id).collect();
        let mut authors = ProposalAuthor::of(conn, &ids)?;
        let mut endorsements = Support::endorsements(conn, &ids)?;
        let mut adoptions = Support::adoptions(conn, &ids)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let id = row.proposal.topic_id;
                let endorsements = endorsements.remove(&id).unwrap_or_default();
                let core = endorsements.iter().filter(|(_, p)| p.is_core).count();
                Summary {
                    status: Status::of(row.proposal.stage(), core, recommend_at),
                    authors: authors.remove(&id).unwrap_or_default(),
                    endorsements,
                    adoptions: adoptions.remove(&id).unwrap_or_default(),
                    row,
                }
            })
            .collect())
    }

    /// The topic id.
    pub fn id(&self) -> TopicId {
        self.row.proposal.topic_id
    }

    /// How many core projects endorse it.
    pub fn core_endorsements(&self) -> usize {
        self.endorsements.iter().filter(|(_, p)| p.is_core).count()
    }

    /// Whether `project` endorses it.
    pub fn endorsed_by(&self, project: ProjectId) -> bool {
        self.endorsements.iter().any(|(_, p)| p.id == project)
    }

    /// Whether `project` adopted it.
    pub fn adopted_by(&self, project: ProjectId) -> bool {
        self.adoptions.iter().any(|(_, p)| p.id == project)
    }

    /// What the next step needs, in a sentence (`None` at an end).
    pub fn next_step(&self, recommend_at: usize, prefix: &str) -> Option<String> {
        let recommend_at = recommend_at.max(1);
        match self.status {
            Status::Idea => Some(format!(
                "Needs the steering committee to accept it and give it a {prefix} number."
            )),
            Status::Accepted => {
                Some("Needs its document published, and core projects' endorsements.".to_owned())
            }
            Status::Published | Status::Endorsed => {
                let missing = recommend_at.saturating_sub(self.core_endorsements()).max(1);
                Some(format!(
                    "Needs {} more core-project endorsement{} to be recommended.",
                    if missing == 1 {
                        "one".to_owned()
                    } else {
                        missing.to_string()
                    },
                    if missing == 1 { "" } else { "s" }
                ))
            }
            Status::Recommended => {
                Some("Recommended for ecosystem-wide adoption: projects may adopt it.".to_owned())
            }
            Status::Withdrawn | Status::Superseded => None,
        }
    }
}
