//! The proposal (SPEC) lifecycle's writes: a topic started in a proposals category becomes an
//! idea; the steering committee moves its stage (numbering it on acceptance, with a number
//! never reused); its authors and the committee change its details; core projects' represent-
//! atives endorse it, and any project's record adopting it. Each write re-checks permission
//! inside its transaction, writes a `proposal_events` row (the history, the topic's notices,
//! the feed and the digest), notifies the topic's watchers, and, for a committee decision,
//! writes the staff action log row.

use std::collections::HashSet;

use crate::auth::Guardian;
use diesel::OptionalExtension;

use crate::models::ids::{TopicId, UserId};
use crate::models::invalid::{Field, Problem, Problems, optional_url};
use crate::models::project::Project;
use crate::models::proposal::{
    Adoption, Endorsement, EventKind, MAX_AUTHOR_CHARS, MAX_AUTHORS, MAX_NOTE_CHARS, MAX_NUMBER,
    NewProposalEvent, Proposal, ProposalAuthor, ProposalKind, Stage, Support,
};
use crate::models::staff_log::StaffAction;
use crate::models::topic::Topic;
use crate::models::user::User;
use crate::services::effects::StaffRecord;
use crate::services::{Clash, Event, Found, Missing, Present, ServiceError, Tx};

/// Makes `topic`, just started in a proposals category by `author`, an idea: a Standard
/// proposal with its starter as author (they change the details after).
pub(crate) fn open(tx: &mut Tx, topic: &Topic, author: UserId) -> Result<Proposal, ServiceError> {
    let now = tx.now();
    let proposal = Proposal::insert(
        tx.conn(),
        &Proposal {
            topic_id: topic.id,
            stage: Stage::Idea.as_str().to_owned(),
            kind: ProposalKind::Standard.as_str().to_owned(),
            number: None,
            pull_request_url: None,
            document_url: None,
            idea_topic_id: None,
            comments_topic_id: None,
            superseded_by: None,
            stage_changed_at: now,
            stage_changed_by: Some(author),
            created_at: now,
            updated_at: now,
        },
    )?;
    let name = User::find(tx.conn(), author)?.username;
    ProposalAuthor::replace(tx.conn(), topic.id, &[(Some(author), name.clone())])?;
    let mut event = event(tx, topic.id, EventKind::Proposed, Some((author, name)));
    event.to_stage = Some(Stage::Idea.as_str().to_owned());
    write(tx, &event)?;
    Ok(proposal)
}

/// Records in `id`'s history that it came from `file` of a SPEC repository
/// (`services::spec_import`).
pub(crate) fn imported(tx: &mut Tx, id: TopicId, file: &str) -> Result<(), ServiceError> {
    let mut event = event(tx, id, EventKind::Imported, None);
    event.note = Some(format!("Imported from {file}."));
    write(tx, &event)
}

/// A committee decision on a proposal's stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The stage it moves to.
    pub stage: Stage,
    /// The number to give it on acceptance; `None` for the next free one.
    pub number: Option<i32>,
    /// For `Superseded`: the proposal that replaces it.
    pub superseded_by: Option<TopicId>,
    /// Why (shown in the topic and the history).
    pub reason: Option<String>,
}

/// Moves proposal `id` to `decision.stage`: the committee's call, forwards or back. A
/// proposal leaving the idea stage gets a number (the one asked for, if free, else the next),
/// and keeps it whatever happens after.
pub fn decide(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    decision: &Decision,
) -> Result<Proposal, ServiceError> {
    guardian.can_decide_proposals()?;
    let mut proposal = Proposal::find(tx.conn(), id).present_or(Missing::Proposal(id))?;
    let from = proposal.stage();
    let reason = note(Field::Reason, decision.reason.as_deref())?;
    if from == decision.stage && decision.superseded_by == proposal.superseded_by {
        return Err(Clash::AlreadyDone.into());
    }
    if let Some(number) = decision.number {
        if !(0..=MAX_NUMBER).contains(&number) {
            return Err(ServiceError::invalid(Field::Number, Problem::Malformed));
        }
        if proposal.number.is_some_and(|held| held != number) {
            return Err(ServiceError::invalid(Field::Number, Problem::NotAllowed));
        }
    }
    if decision.stage != Stage::Idea && proposal.number.is_none() {
        let number = match decision.number {
            Some(number) => number,
            None => Proposal::next_number(tx.conn())?,
        };
        if Proposal::find_by_number(tx.conn(), number)?.is_some() {
            return Err(Clash::NumberTaken(number).into());
        }
        proposal.number = Some(number);
    }
    proposal.superseded_by = match decision.stage {
        Stage::Superseded => Some(replacement(tx, id, decision.superseded_by)?),
        _ => None,
    };
    proposal.stage = decision.stage.as_str().to_owned();
    let by = guardian.actor().map(|a| a.id);
    proposal.stage_changed_at = tx.now();
    proposal.stage_changed_by = by;
    proposal.updated_at = tx.now();
    let saved = Proposal::save(tx.conn(), &proposal)?;

    let actor = actor_named(tx, guardian)?;
    let mut event = event(tx, id, EventKind::Stage, actor);
    event.from_stage = Some(from.as_str().to_owned());
    event.to_stage = Some(decision.stage.as_str().to_owned());
    event.note = reason.clone();
    write(tx, &event)?;
    let mut record = StaffRecord::new(StaffAction::ProposalDecided, by)
        .topic(id)
        .change(from.as_str(), decision.stage.as_str())
        .reason(reason.as_deref());
    if let Some(number) = saved.number {
        record.new = Some(format!("{} (number {number})", decision.stage.as_str()));
    }
    tx.record(Event::Staff(record))?;
    let now = tx.now();
    super::notify::proposal_changed(tx.conn(), id, by, now)?;
    Ok(saved)
}

/// The proposal that is to replace `id`: one that exists, is not `id`, and does not already
/// lead back to `id` through the proposals it was replaced by (which would make a cycle).
fn replacement(tx: &mut Tx, id: TopicId, wanted: Option<TopicId>) -> Result<TopicId, ServiceError> {
    let wanted = wanted.ok_or(ServiceError::invalid(Field::SupersededBy, Problem::Blank))?;
    if wanted == id {
        return Err(ServiceError::invalid(
            Field::SupersededBy,
            Problem::NotAllowed,
        ));
    }
    let mut seen = HashSet::from([id]);
    let mut next = Some(wanted);
    while let Some(at) = next {
        let Some(step) = Proposal::find(tx.conn(), at)? else {
            return Err(ServiceError::invalid(
                Field::SupersededBy,
                Problem::Unknown(at.0),
            ));
        };
        if !seen.insert(at) {
            return Err(ServiceError::invalid(
                Field::SupersededBy,
                Problem::NotAllowed,
            ));
        }
        next = step.superseded_by;
    }
    Ok(wanted)
}

/// A proposal's details as its authors (or the committee) set them: all but its stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailsDraft {
    /// "standard" or "process".
    pub kind: String,
    /// Usernames of members, or names of people without an account, one per line or
    /// separated by commas.
    pub authors: String,
    /// The pull request's address.
    pub pull_request_url: String,
    /// The published document's address.
    pub document_url: String,
    /// The idea's discussion topic (when this is the document's).
    pub idea_topic_id: Option<TopicId>,
    /// The public comments topic.
    pub comments_topic_id: Option<TopicId>,
}

/// What changing a proposal's details did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsSaved {
    /// The proposal as saved.
    pub proposal: Proposal,
    /// How many endorsements now wait for their project to confirm them again (the
    /// document's link changed).
    pub to_reconfirm: usize,
}

/// Saves `draft` as the details of proposal `id`. Changing an endorsed proposal's document
/// link asks each endorsing project to confirm its endorsement again.
pub fn edit_details(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    draft: &DetailsDraft,
) -> Result<DetailsSaved, ServiceError> {
    let topic = Topic::find(tx.conn(), id).found_or(Missing::Topic(id))?;
    let mut proposal = Proposal::find(tx.conn(), id).present_or(Missing::Proposal(id))?;
    let listed = ProposalAuthor::of(tx.conn(), &[id])?
        .remove(&id)
        .unwrap_or_default();
    let members: Vec<UserId> = listed.iter().filter_map(|a| a.user_id).collect();
    guardian.can_edit_proposal(&topic, &members)?;

    let mut problems = Problems::default();
    let kind = ProposalKind::parse(&draft.kind);
    if kind.is_none() {
        problems.add(Field::ProposalKind, Problem::Malformed);
    }
    let names = author_names(&draft.authors, &mut problems);
    let pull_request_url = optional_url(Field::PullRequest, &draft.pull_request_url, &mut problems);
    let document_url = optional_url(Field::Document, &draft.document_url, &mut problems);
    for related in [draft.idea_topic_id, draft.comments_topic_id]
        .into_iter()
        .flatten()
    {
        if related == id || Topic::find(tx.conn(), related).optional()?.is_none() {
            problems.add(Field::RelatedTopic, Problem::Unknown(related.0));
        }
    }
    let kind = problems.or_value(kind)?.unwrap_or(ProposalKind::Standard);
    // A name that is a member's username links to them; any other is a person without an
    // account here (the SPEC repository lists many).
    let mut authors = Vec::with_capacity(names.len());
    for name in names {
        authors.push(match User::find_by_username(tx.conn(), &name)? {
            Some(user) => (Some(user.id), user.username),
            None => (None, name),
        });
    }

    let document_changed = document_url != proposal.document_url;
    proposal.kind = kind.as_str().to_owned();
    proposal.pull_request_url = pull_request_url;
    proposal.document_url = document_url.clone();
    proposal.idea_topic_id = draft.idea_topic_id;
    proposal.comments_topic_id = draft.comments_topic_id;
    proposal.updated_at = tx.now();
    let saved = Proposal::save(tx.conn(), &proposal)?;
    ProposalAuthor::replace(tx.conn(), id, &authors)?;
    let mut to_reconfirm = 0;
    if document_changed {
        to_reconfirm = Support::ask_reconfirmation(tx.conn(), id)?;
        let actor = actor_named(tx, guardian)?;
        let mut event = event(tx, id, EventKind::DocumentChanged, actor);
        event.note = document_url;
        write(tx, &event)?;
        let by = guardian.actor().map(|a| a.id);
        let now = tx.now();
        super::notify::proposal_changed(tx.conn(), id, by, now)?;
    }
    Ok(DetailsSaved {
        proposal: saved,
        to_reconfirm,
    })
}

/// The authors named in `text`: one per line or separated by commas, a leading `@` dropped,
/// each once, in order.
fn author_names(text: &str, problems: &mut Problems) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in text.split([',', '\n']) {
        let name = name.trim().trim_start_matches('@').trim();
        if name.is_empty() || names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            continue;
        }
        if name.chars().count() > MAX_AUTHOR_CHARS || name.chars().any(char::is_control) {
            problems.add(Field::Authors, Problem::Malformed);
            return names;
        }
        names.push(name.to_owned());
    }
    if names.is_empty() {
        problems.add(Field::Authors, Problem::Blank);
    } else if names.len() > MAX_AUTHORS {
        problems.add(
            Field::Authors,
            Problem::TooLong {
                max: MAX_AUTHORS,
                actual: names.len(),
            },
        );
    }
    names
}

/// What a project's representative does about a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAct {
    /// Endorse it (core projects, once it is accepted).
    Endorse,
    /// Withdraw the project's endorsement.
    WithdrawEndorsement,
    /// Confirm the endorsement again after the document changed.
    Confirm,
    /// Record that the project adopted it.
    Adopt,
    /// Withdraw that record.
    WithdrawAdoption,
}

/// `project` (by its slug), through the guardian's member, does `act` about proposal `id`,
/// with an optional note (an endorsement's words) or link (where an adoption is documented).
pub fn support(
    tx: &mut Tx,
    guardian: &Guardian,
    id: TopicId,
    project: &str,
    act: ProjectAct,
    note_or_link: Option<&str>,
) -> Result<(), ServiceError> {
    let slug = project.trim();
    if slug.is_empty() {
        return Err(ServiceError::invalid(Field::Project, Problem::Blank));
    }
    let project =
        Project::find_by_slug(tx.conn(), slug).present_or(Missing::Project(slug.to_owned()))?;
    guardian.can_act_for(project.id)?;
    let proposal = Proposal::find(tx.conn(), id).present_or(Missing::Proposal(id))?;
    let now = tx.now();
    let user_id = guardian.actor().map(|a| a.id);
    let (kind, note) = match act {
        ProjectAct::Endorse => {
            if !project.is_core {
                return Err(ServiceError::invalid(Field::Project, Problem::NotAllowed));
            }
            if !proposal.stage().takes_endorsements() {
                return Err(ServiceError::invalid(Field::Stage, Problem::NotAllowed));
            }
            if Support::endorsement(tx.conn(), id, project.id)?.is_some() {
                return Err(Clash::AlreadyEndorsed.into());
            }
            let note = note(Field::Note, note_or_link)?;
            Support::endorse(
                tx.conn(),
                &Endorsement {
                    proposal_id: id,
                    project_id: project.id,
                    user_id,
                    note: note.clone(),
                    to_reconfirm: false,
                    created_at: now,
                },
            )?;
            (EventKind::Endorsed, note)
        }
        ProjectAct::WithdrawEndorsement => {
            let note = note(Field::Note, note_or_link)?;
            if !Support::withdraw_endorsement(tx.conn(), id, project.id)? {
                return Err(Clash::AlreadyDone.into());
            }
            (EventKind::EndorsementWithdrawn, note)
        }
        ProjectAct::Confirm => {
            if !Support::reconfirm(tx.conn(), id, project.id)? {
                return Err(Clash::AlreadyDone.into());
            }
            (EventKind::Confirmed, None)
        }
        ProjectAct::Adopt => {
            let mut problems = Problems::default();
            let url = optional_url(
                Field::AdoptionUrl,
                note_or_link.unwrap_or(""),
                &mut problems,
            );
            problems.or_value(())?;
            if Support::adoption(tx.conn(), id, project.id)?.is_some() {
                return Err(Clash::AlreadyAdopted.into());
            }
            Support::adopt(
                tx.conn(),
                &Adoption {
                    proposal_id: id,
                    project_id: project.id,
                    user_id,
                    url: url.clone(),
                    created_at: now,
                },
            )?;
            (EventKind::Adopted, url)
        }
        ProjectAct::WithdrawAdoption => {
            if !Support::withdraw_adoption(tx.conn(), id, project.id)? {
                return Err(Clash::AlreadyDone.into());
            }
            (EventKind::AdoptionWithdrawn, None)
        }
    };
    let actor = actor_named(tx, guardian)?;
    let mut event = event(tx, id, kind, actor);
    event.project_id = Some(project.id);
    event.note = note;
    write(tx, &event)?;
    super::notify::proposal_changed(tx.conn(), id, user_id, now)?;
    Ok(())
}

/// An optional note of at most [`MAX_NOTE_CHARS`], trimmed; `None` when blank.
fn note(field: Field, text: Option<&str>) -> Result<Option<String>, ServiceError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        Some(text) if text.chars().count() > MAX_NOTE_CHARS => Err(ServiceError::invalid(
            field,
            Problem::TooLong {
                max: MAX_NOTE_CHARS,
                actual: text.chars().count(),
            },
        )),
        _ => Ok(text.map(str::to_owned)),
    }
}

/// Who the guardian acts as, with their username now (`None`: the operator or an import).
fn actor_named(tx: &mut Tx, guardian: &Guardian) -> Result<Option<(UserId, String)>, ServiceError> {
    Ok(match guardian.actor() {
        Some(actor) => Some((actor.id, User::find(tx.conn(), actor.id)?.username)),
        None => None,
    })
}

/// A new event of `kind` on `proposal` by `actor`, with nothing else said yet
/// ([`write`] it when filled in).
fn event(
    tx: &mut Tx,
    proposal: TopicId,
    kind: EventKind,
    actor: Option<(UserId, String)>,
) -> NewProposalEvent {
    let (actor_id, actor_name) = actor.unzip();
    NewProposalEvent {
        proposal_id: proposal,
        kind: kind.as_str().to_owned(),
        actor_id,
        actor_name,
        project_id: None,
        from_stage: None,
        to_stage: None,
        note: None,
        created_at: tx.now(),
    }
}

/// Writes `event`, and marks its topic as having notices, so its page looks for them.
fn write(tx: &mut Tx, event: &NewProposalEvent) -> Result<(), ServiceError> {
    event.insert(tx.conn())?;
    Topic::mark_has_notices(tx.conn(), event.proposal_id)?;
    Ok(())
}
