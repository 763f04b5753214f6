//! The proposals pages: the overview table at `/proposals`, the status panel on a proposal's
//! topic (its stage as a step list, endorsements, adoptions, next step, history, and the
//! forms of whoever may act), the page where authors and the committee change it, the
//! projects pages, and the admins' page for projects and the committee. Every form is a
//! plain POST; nothing here needs JavaScript.

use std::collections::HashMap;

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::ids::ProjectId;
use crate::models::project::Project;
use crate::models::proposal::{
    EventKind, MAX_NOTE_CHARS, ProposalEvent, ProposalKind, Stage, Status, Summary,
};
use crate::models::user::UserSummary;
use crate::views::components::{
    admin_tabs, csrf_field, described_by, field_error, form_errors, invalid, time, user_link,
};
use crate::views::layout::{PageContext, page};

/// The overview's filters and order, as the query string gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewFilter {
    /// A [`Status`] name, or empty for all.
    pub status: String,
    /// A [`ProposalKind`] name, or empty for both.
    pub kind: String,
    /// A project's slug: the proposals it endorsed or adopted.
    pub project: String,
    /// `number`, `title`, `activity` (the default), `endorsements` or `adoptions`.
    pub sort: String,
}

/// What the overview shows.
pub struct OverviewView<'a> {
    /// The proposals that pass the filter, in order.
    pub proposals: &'a [&'a Summary],
    /// How many there are before filtering.
    pub total: usize,
    /// The filter.
    pub filter: &'a OverviewFilter,
    /// Every project, for the filter's list.
    pub projects: &'a [Project],
    /// The project filtered on, with what it has not adopted of the recommended proposals.
    pub project: Option<(&'a Project, Vec<&'a Summary>)>,
    /// `proposals.number_prefix` ("SPEC").
    pub prefix: &'a str,
}

/// `GET /proposals`.
pub fn proposals_page(ctx: &PageContext, view: &OverviewView) -> Markup {
    let filter = view.filter;
    let body = html! {
        h1 { "Proposals" }
        p.lead {
            "Every " (view.prefix) " proposed here, from idea to recommendation. The steering committee accepts and numbers proposals; "
            "core projects endorse them; any project may adopt them. "
            a href="/projects" { "Projects" } " · "
            a href="/proposals.atom" { "Feed of stage changes" } " · "
            a href="/proposals.json" { "JSON" }
        }
        form.filters method="get" action="/proposals" aria-label="Filter proposals" {
            div.field {
                label for="filter-status" { "Stage" }
                select #filter-status name="status" {
                    option value="" selected[filter.status.is_empty()] { "Any" }
                    @for status in Status::ALL {
                        option value=(status.as_str()) selected[filter.status == status.as_str()] { (status.label()) }
                    }
                }
            }
            div.field {
                label for="filter-type" { "Type" }
                select #filter-type name="type" {
                    option value="" selected[filter.kind.is_empty()] { "Any" }
                    @for kind in ProposalKind::ALL {
                        option value=(kind.as_str()) selected[filter.kind == kind.as_str()] { (kind.label()) }
                    }
                }
            }
            div.field {
                label for="filter-project" { "Project" }
                select #filter-project name="project" {
                    option value="" selected[filter.project.is_empty()] { "Any" }
                    @for project in view.projects {
                        option value=(project.slug) selected[filter.project == project.slug] { (project.name) }
                    }
                }
            }
            div.field {
                label for="filter-sort" { "Order" }
                select #filter-sort name="sort" {
                    @for (value, label) in [("activity", "Last activity"), ("number", "Number"), ("title", "Title"), ("endorsements", "Endorsements"), ("adoptions", "Adoptions")] {
                        option value=(value) selected[filter.sort == value || (filter.sort.is_empty() && value == "activity")] { (label) }
                    }
                }
            }
            div.actions { button type="submit" { "Show" } }
        }
        @if let Some((project, not_adopted)) = &view.project {
            section.project-summary aria-labelledby="project-summary" {
                h2 #project-summary { (project.name) }
                p {
                    "Shown: what " (project.name) " endorsed or adopted. "
                    a href={ "/projects/" (project.slug) } { "About " (project.name) }
                }
                @if !not_adopted.is_empty() {
                    p { "Recommended, and not adopted by " (project.name) " yet:" }
                    ul {
                        @for summary in not_adopted {
                            li { a href=(proposal_href(summary)) { (label(summary, view.prefix)) ": " (summary.row.title) } }
                        }
                    }
                }
            }
        }
        p role="status" { (view.proposals.len()) " of " (view.total) " proposal" @if view.total != 1 { "s" } "." }
        @if view.proposals.is_empty() {
            p.empty { "No proposal matches." }
        } @else {
            div.table-scroll {
                table.proposals {
                    caption.visually-hidden { "Proposals" }
                    thead {
                        tr {
                            th scope="col" { "Number" }
                            th scope="col" { "Title" }
                            th scope="col" { "Type" }
                            th scope="col" { "Stage" }
                            th scope="col" { "Endorsed by" }
                            th scope="col" { "Adoptions" }
                            th scope="col" { "Last activity" }
                        }
                    }
                    tbody {
                        @for summary in view.proposals {
                            tr {
                                td { (label(summary, view.prefix)) }
                                th scope="row" { a href=(proposal_href(summary)) { (summary.row.title) } }
                                td { (summary.row.proposal.kind().label()) }
                                td { span class={ "stage stage-" (summary.status.as_str()) } { (summary.status.label()) } }
                                td {
                                    @if summary.endorsements.is_empty() { "—" }
                                    @for (i, (_, project)) in summary.endorsements.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href={ "/projects/" (project.slug) } { (project.name) }
                                    }
                                }
                                td { (summary.adoptions.len()) }
                                td { (time(summary.row.last_activity)) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(ctx, "Proposals", body)
}

/// "SPEC 7", or "Unnumbered".
pub fn label(summary: &Summary, prefix: &str) -> String {
    summary.row.proposal.label(prefix)
}

/// The proposal's topic.
pub fn proposal_href(summary: &Summary) -> String {
    format!("/t/{}/{}", summary.row.slug, summary.id())
}

/// What the status panel shows, and which of its forms the viewer gets.
pub struct PanelView<'a> {
    /// The proposal.
    pub summary: &'a Summary,
    /// What happened to it, oldest first.
    pub history: &'a [ProposalEvent],
    /// Projects by id (for the history's names).
    pub projects: &'a HashMap<ProjectId, Project>,
    /// The projects the viewer represents.
    pub acting_for: &'a [Project],
    /// The viewer may change its details.
    pub may_edit: bool,
    /// The viewer may decide its stage.
    pub may_decide: bool,
    /// `proposals.recommend_at`.
    pub recommend_at: usize,
    /// `proposals.number_prefix`.
    pub prefix: &'a str,
    /// The proposal that replaced it, by its label and address.
    pub superseded_by: Option<(String, String)>,
}

/// The steps a proposal goes through, with the status each one is reached at.
const STEPS: [(Status, &str); 5] = [
    (Status::Idea, "Idea"),
    (Status::Accepted, "Accepted"),
    (Status::Published, "Published"),
    (Status::Endorsed, "Endorsed"),
    (Status::Recommended, "Recommended"),
];

/// Which step of [`STEPS`] `status` is at (`None` for the ends).
fn step_of(status: Status, stage: Stage) -> Option<usize> {
    match status {
        Status::Idea => Some(0),
        Status::Accepted => Some(1),
        Status::Published => Some(2),
        Status::Endorsed => Some(3),
        Status::Recommended => Some(4),
        Status::Withdrawn | Status::Superseded => stage.step().map(usize::from),
    }
}

/// The status panel atop a proposal's topic.
pub fn status_panel(ctx: &PageContext, view: &PanelView) -> Markup {
    let summary = view.summary;
    let proposal = &summary.row.proposal;
    let id = summary.id();
    let current = step_of(summary.status, proposal.stage());
    let ended = matches!(summary.status, Status::Withdrawn | Status::Superseded);
    html! {
        section.proposal-panel aria-labelledby="proposal-status" {
            h2 #proposal-status {
                (label(summary, view.prefix)) " · " (proposal.kind().label()) " · "
                span class={ "stage stage-" (summary.status.as_str()) } { (summary.status.label()) }
            }
            @if ended {
                p.notice {
                    @if summary.status == Status::Withdrawn { "This proposal was withdrawn." }
                    @else {
                        "This proposal is superseded"
                        @if let Some((name, href)) = &view.superseded_by { " by " a href=(href) { (name) } }
                        "."
                    }
                }
            }
            ol.steps aria-label="Stages" {
                @for (i, (_, name)) in STEPS.iter().enumerate() {
                    @let done = current.is_some_and(|c| i <= c) && !(ended && current == Some(i));
                    li class=[done.then_some("done")] aria-current=[(current == Some(i) && !ended).then_some("step")] {
                        (name)
                        @if current == Some(i) && !ended { span.visually-hidden { " (current stage)" } }
                    }
                }
            }
            @if let Some(next) = summary.next_step(view.recommend_at, view.prefix) {
                p.next-step { strong { "Next: " } (next) }
            }
            dl.facts {
                dt { "Authors" }
                dd {
                    @for (i, author) in summary.authors.iter().enumerate() {
                        @if i > 0 { ", " }
                        @if author.user_id.is_some() { (user_link(&author.name)) } @else { (author.name) }
                    }
                }
                dt { "Stage set" }
                dd { (time(proposal.stage_changed_at)) }
                @if let Some(url) = &proposal.pull_request_url {
                    dt { "Pull request" } dd { a href=(url) rel="nofollow ugc" { (url) } }
                }
                @if let Some(url) = &proposal.document_url {
                    dt { "Document" } dd { a href=(url) rel="nofollow ugc" { (url) } }
                }
                @if let Some(topic) = proposal.idea_topic_id {
                    dt { "Idea discussion" } dd { a href={ "/t/" (topic) } { "Topic " (topic) } }
                }
                @if let Some(topic) = proposal.comments_topic_id {
                    dt { "Public comments" } dd { a href={ "/t/" (topic) } { "Topic " (topic) } }
                }
                dt { "Endorsed by" }
                dd {
                    @if summary.endorsements.is_empty() { "No project yet." }
                    ul.projects {
                        @for (endorsement, project) in &summary.endorsements {
                            li {
                                (project_name(project))
                                @if endorsement.to_reconfirm { " " span.badge { "to be re-confirmed" } }
                                @if let Some(note) = &endorsement.note { ": “" (note) "”" }
                            }
                        }
                    }
                }
                dt { "Adopted by" }
                dd {
                    @if summary.adoptions.is_empty() { "No project yet." }
                    ul.projects {
                        @for (adoption, project) in &summary.adoptions {
                            li {
                                (project_name(project))
                                @if let Some(url) = &adoption.url { " (" a href=(url) rel="nofollow ugc" { "how" } ")" }
                            }
                        }
                    }
                }
                dt { "Badge" }
                dd {
                    img src={ "/proposals/" (id) "/badge.svg" } alt={ (label(summary, view.prefix)) ": " (summary.status.label()) } width="150" height="20";
                    " " code { "/proposals/" (id) "/badge.svg" }
                }
            }
            @if view.may_edit || view.may_decide {
                p {
                    a.button href={ "/proposals/" (id) "/edit" } {
                        @if view.may_decide { "Decide or edit this proposal" } @else { "Edit the proposal's details" }
                    }
                }
            }
            @for project in view.acting_for {
                (support_forms(ctx, view, project))
            }
            @if !view.history.is_empty() {
                details.history {
                    summary { "History (" (view.history.len()) ")" }
                    ol {
                        @for event in view.history {
                            li { (event_line(event, view.projects, view.prefix, summary)) }
                        }
                    }
                }
            }
        }
    }
}

/// A project's logo (decorative: its name follows) and name, linked to its page.
fn project_name(project: &Project) -> Markup {
    html! {
        a href={ "/projects/" (project.slug) } {
            @if let Some(logo) = &project.logo_url { img.logo src=(logo) alt="" width="16" height="16"; " " }
            (project.name)
        }
    }
}

/// What `project`'s representative can do here: endorse (a core project, once accepted),
/// confirm or withdraw an endorsement, adopt or withdraw an adoption.
fn support_forms(ctx: &PageContext, view: &PanelView, project: &Project) -> Markup {
    let summary = view.summary;
    let id = summary.id();
    let endorsement = summary
        .endorsements
        .iter()
        .find(|(_, p)| p.id == project.id)
        .map(|(e, _)| e);
    let adopted = summary.adopted_by(project.id);
    let may_endorse = project.is_core
        && summary.row.proposal.stage().takes_endorsements()
        && endorsement.is_none();
    let heading = format!("act-{}", project.slug);
    html! {
        section.support aria-labelledby=(heading) {
            h3 id=(heading) { "For " (project.name) }
            @if may_endorse {
                form.stacked method="post" action={ "/proposals/" (id) "/endorse" } {
                    (csrf_field(ctx))
                    input type="hidden" name="project" value=(project.slug);
                    div.field {
                        label for={ "endorse-note-" (project.slug) } { "Note (optional)" }
                        input id={ "endorse-note-" (project.slug) } name="note" type="text" maxlength=(MAX_NOTE_CHARS);
                    }
                    div.actions { button.primary type="submit" { "Endorse for " (project.name) } }
                }
            }
            @if let Some(endorsement) = endorsement {
                @if endorsement.to_reconfirm {
                    form.inline method="post" action={ "/proposals/" (id) "/confirm-endorsement" } {
                        (csrf_field(ctx))
                        input type="hidden" name="project" value=(project.slug);
                        button.primary type="submit" { "Confirm " (project.name) "'s endorsement of the changed document" }
                    }
                    " "
                }
                form.inline method="post" action={ "/proposals/" (id) "/withdraw-endorsement" } {
                    (csrf_field(ctx))
                    input type="hidden" name="project" value=(project.slug);
                    button.danger type="submit" { "Withdraw " (project.name) "'s endorsement" }
                }
            }
            @if adopted {
                form.inline method="post" action={ "/proposals/" (id) "/withdraw-adoption" } {
                    (csrf_field(ctx))
                    input type="hidden" name="project" value=(project.slug);
                    button.danger type="submit" { "Withdraw " (project.name) "'s adoption" }
                }
            } @else if summary.row.proposal.stage() != Stage::Withdrawn {
                form.stacked method="post" action={ "/proposals/" (id) "/adopt" } {
                    (csrf_field(ctx))
                    input type="hidden" name="project" value=(project.slug);
                    div.field {
                        label for={ "adopt-url-" (project.slug) } { "Where " (project.name) " documents it (optional)" }
                        input id={ "adopt-url-" (project.slug) } name="url" type="url" placeholder="https://";
                    }
                    div.actions { button type="submit" { "Record adoption by " (project.name) } }
                }
            }
        }
    }
}

/// One line of a proposal's history, also shown as a notice in its topic.
pub fn event_line(
    event: &ProposalEvent,
    projects: &HashMap<ProjectId, Project>,
    prefix: &str,
    summary: &Summary,
) -> Markup {
    let project = event
        .project_id
        .and_then(|id| projects.get(&id))
        .map_or("a project", |p| p.name.as_str());
    let by = event.actor_name.as_deref();
    let stage = |name: &Option<String>| {
        name.as_deref()
            .and_then(Stage::parse)
            .map_or("?", |s| match s {
                Stage::Idea => "idea",
                Stage::Accepted => "accepted",
                Stage::Published => "published",
                Stage::Withdrawn => "withdrawn",
                Stage::Superseded => "superseded",
            })
    };
    let what = match event.kind() {
        Some(EventKind::Proposed) => html! { "Proposed as an idea" },
        Some(EventKind::Stage) if event.to_stage.as_deref() == Some("accepted") => html! {
            "Accepted as " (label(summary, prefix)) " (was " (stage(&event.from_stage)) ")"
        },
        Some(EventKind::Stage) => html! {
            "Moved from " (stage(&event.from_stage)) " to " strong { (stage(&event.to_stage)) }
        },
        Some(EventKind::Endorsed) => html! { "Endorsed for " strong { (project) } },
        Some(EventKind::EndorsementWithdrawn) => html! { "Endorsement withdrawn for " (project) },
        Some(EventKind::Confirmed) => html! { "Endorsement confirmed again for " (project) },
        Some(EventKind::Adopted) => html! { "Adopted by " strong { (project) } },
        Some(EventKind::AdoptionWithdrawn) => html! { "Adoption withdrawn for " (project) },
        Some(EventKind::DocumentChanged) => {
            html! { "Document link changed: endorsements are to be re-confirmed" }
        }
        Some(EventKind::Imported) => html! { "Imported from the proposals repository" },
        None => html! { (event.kind) },
    };
    let shows_note = !matches!(
        event.kind(),
        Some(EventKind::DocumentChanged | EventKind::Adopted)
    );
    html! {
        (what)
        @if let Some(by) = by { " by " (user_link(by)) }
        " · " (time(event.created_at))
        @if let Some(note) = event.note.as_deref().filter(|_| shows_note) { ": " (note) }
    }
}

/// The form drafts of the edit page, to show again beside their problems.
#[derive(Debug, Clone, Default)]
pub struct EditDrafts {
    /// Details: type.
    pub kind: String,
    /// Details: authors, one per line.
    pub authors: String,
    /// Details: pull request.
    pub pull_request_url: String,
    /// Details: document.
    pub document_url: String,
    /// Details: idea topic.
    pub idea_topic_id: String,
    /// Details: comments topic.
    pub comments_topic_id: String,
    /// Decision: stage.
    pub stage: String,
    /// Decision: number.
    pub number: String,
    /// Decision: replacement.
    pub superseded_by: String,
    /// Decision: reason.
    pub reason: String,
}

impl EditDrafts {
    /// The forms filled in with what `summary` holds now.
    pub fn of(summary: &Summary) -> EditDrafts {
        let proposal = &summary.row.proposal;
        let topic =
            |t: Option<crate::models::ids::TopicId>| t.map(|t| t.to_string()).unwrap_or_default();
        EditDrafts {
            kind: proposal.kind.clone(),
            authors: summary
                .authors
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            pull_request_url: proposal.pull_request_url.clone().unwrap_or_default(),
            document_url: proposal.document_url.clone().unwrap_or_default(),
            idea_topic_id: topic(proposal.idea_topic_id),
            comments_topic_id: topic(proposal.comments_topic_id),
            stage: proposal.stage.clone(),
            number: proposal.number.map(|n| n.to_string()).unwrap_or_default(),
            superseded_by: topic(proposal.superseded_by),
            reason: String::new(),
        }
    }
}

/// Which of the edit page's forms the problems belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditForm {
    /// The details.
    Details,
    /// The committee's decision.
    Decision,
}

/// `GET /proposals/{id}/edit`: the details form (authors and the committee) and the
/// decision form (the committee).
pub fn edit_page(
    ctx: &PageContext,
    summary: &Summary,
    drafts: &EditDrafts,
    complaints: Option<(EditForm, &[Complaint])>,
    may_decide: bool,
    prefix: &str,
) -> Markup {
    let id = summary.id();
    let details_errors = match complaints {
        Some((EditForm::Details, c)) => c,
        _ => &[],
    };
    let decision_errors = match complaints {
        Some((EditForm::Decision, c)) => c,
        _ => &[],
    };
    let title = format!("Edit proposal: {}", summary.row.title);
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" {
            ol {
                li { a href="/proposals" { "Proposals" } }
                li { a href=(proposal_href(summary)) { (summary.row.title) } }
            }
        }
        h1 { (title) }
        p { (label(summary, prefix)) " · " (summary.status.label()) ". The proposal's text is its topic's first post: edit that post to change it." }
        h2 #details { "Details" }
        (form_errors(details_errors))
        form.stacked method="post" action={ "/proposals/" (id) "/details" } aria-labelledby="details" {
            (csrf_field(ctx))
            fieldset aria-describedby=[described_by(details_errors, "kind", None)] {
                legend { "Type" }
                @for kind in ProposalKind::ALL {
                    @let field = format!("kind-{}", kind.as_str());
                    div.field.checkbox {
                        input id=(field) type="radio" name="kind" value=(kind.as_str()) checked[drafts.kind == kind.as_str()];
                        label for=(field) { (kind.label()) }
                    }
                }
                (field_error(details_errors, "kind"))
            }
            div.field {
                label for="authors" { "Authors" }
                p.hint #authors-hint { "One per line: a member's username links to them; any other name is shown as written." }
                textarea #authors name="authors" rows="3" required
                    aria-invalid=[invalid(details_errors, "authors")]
                    aria-describedby=[described_by(details_errors, "authors", Some("authors-hint"))] { (drafts.authors) }
                (field_error(details_errors, "authors"))
            }
            (url_field(details_errors, "pull_request_url", "Pull request", &drafts.pull_request_url))
            (url_field(details_errors, "document_url", "Published document", &drafts.document_url))
            div.field {
                label for="idea_topic_id" { "Idea discussion topic (number)" }
                input #idea_topic_id name="idea_topic_id" type="text" inputmode="numeric" value=(drafts.idea_topic_id)
                    aria-invalid=[invalid(details_errors, "idea_topic_id")] aria-describedby=[described_by(details_errors, "idea_topic_id", None)];
                (field_error(details_errors, "idea_topic_id"))
            }
            div.field {
                label for="comments_topic_id" { "Public comments topic (number)" }
                input #comments_topic_id name="comments_topic_id" type="text" inputmode="numeric" value=(drafts.comments_topic_id);
            }
            div.actions { button.primary type="submit" { "Save details" } }
        }
        @if may_decide {
            h2 #decision { "Committee decision" }
            p.hint { "Accepting gives the next free number unless you give one; a number is kept for good, and never given to another proposal." }
            (form_errors(decision_errors))
            form.stacked method="post" action={ "/proposals/" (id) "/stage" } aria-labelledby="decision" {
                (csrf_field(ctx))
                div.field {
                    label for="stage" { "Stage" }
                    select #stage name="stage" aria-invalid=[invalid(decision_errors, "stage")] aria-describedby=[described_by(decision_errors, "stage", None)] {
                        @for stage in Stage::ALL {
                            option value=(stage.as_str()) selected[drafts.stage == stage.as_str()] { (stage_label(stage)) }
                        }
                    }
                    (field_error(decision_errors, "stage"))
                }
                div.field {
                    label for="number" { "Number" }
                    input #number name="number" type="text" inputmode="numeric" value=(drafts.number)
                        aria-invalid=[invalid(decision_errors, "number")] aria-describedby=[described_by(decision_errors, "number", None)];
                    (field_error(decision_errors, "number"))
                }
                div.field {
                    label for="superseded_by" { "Superseded by (topic number, for “superseded”)" }
                    input #superseded_by name="superseded_by" type="text" inputmode="numeric" value=(drafts.superseded_by)
                        aria-invalid=[invalid(decision_errors, "superseded_by")] aria-describedby=[described_by(decision_errors, "superseded_by", None)];
                    (field_error(decision_errors, "superseded_by"))
                }
                div.field {
                    label for="reason" { "Reason (shown in the topic and its history)" }
                    textarea #reason name="reason" rows="2" maxlength=(MAX_NOTE_CHARS)
                        aria-invalid=[invalid(decision_errors, "reason")] aria-describedby=[described_by(decision_errors, "reason", None)] { (drafts.reason) }
                    (field_error(decision_errors, "reason"))
                }
                div.actions { button.primary type="submit" { "Record decision" } }
            }
        }
    };
    page(ctx, &title, body)
}

fn url_field(errors: &[Complaint], name: &str, label: &str, value: &str) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            input id=(name) name=(name) type="url" placeholder="https://" value=(value)
                aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name, None)];
            (field_error(errors, name))
        }
    }
}

/// A stage for people.
pub fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Idea => "Idea",
        Stage::Accepted => "Accepted",
        Stage::Published => "Published",
        Stage::Withdrawn => "Withdrawn",
        Stage::Superseded => "Superseded",
    }
}

/// One project with its people and what it did, for `/projects` and `/projects/{slug}`.
pub struct ProjectView<'a> {
    /// The project.
    pub project: &'a Project,
    /// Its representatives.
    pub representatives: &'a [UserSummary],
    /// The proposals it endorsed.
    pub endorsed: Vec<&'a Summary>,
    /// The proposals it adopted.
    pub adopted: Vec<&'a Summary>,
    /// Recommended proposals it has not adopted.
    pub not_adopted: Vec<&'a Summary>,
}

/// `GET /projects`.
pub fn projects_page(ctx: &PageContext, projects: &[ProjectView], prefix: &str) -> Markup {
    let (core, other): (Vec<&ProjectView>, Vec<&ProjectView>) =
        projects.iter().partition(|p| p.project.is_core);
    let body = html! {
        h1 { "Projects" }
        p.lead {
            "Core projects endorse proposals through their representatives; any project may adopt one. "
            a href="/proposals" { "All proposals" }
        }
        section aria-labelledby="core-projects" {
            h2 #core-projects { "Core projects" }
            @if core.is_empty() { p.empty { "None yet." } }
            @for view in &core { (project_card(view, prefix, 3)) }
        }
        section aria-labelledby="other-projects" {
            h2 #other-projects { "Other projects" }
            @if other.is_empty() { p.empty { "None yet." } }
            @for view in &other { (project_card(view, prefix, 3)) }
        }
    };
    page(ctx, "Projects", body)
}

/// `GET /projects/{slug}`.
pub fn project_page(ctx: &PageContext, view: &ProjectView, prefix: &str) -> Markup {
    let body = html! {
        nav.breadcrumbs aria-label="Breadcrumbs" { ol { li { a href="/projects" { "Projects" } } } }
        h1 { (view.project.name) }
        (project_card(view, prefix, 2))
    };
    page(ctx, &view.project.name, body)
}

/// A project's facts, people and proposals; `level` is its heading level (2 or 3).
fn project_card(view: &ProjectView, prefix: &str, level: u8) -> Markup {
    let project = view.project;
    let list = |summaries: &[&Summary]| {
        html! {
            @if summaries.is_empty() { "None." }
            ul {
                @for summary in summaries {
                    li { a href=(proposal_href(summary)) { (label(summary, prefix)) ": " (summary.row.title) } " (" (summary.status.label()) ")" }
                }
            }
        }
    };
    html! {
        article.project id={ "project-" (project.slug) } {
            @if level == 3 {
                h3 {
                    @if let Some(logo) = &project.logo_url { img.logo src=(logo) alt="" width="24" height="24"; " " }
                    a href={ "/projects/" (project.slug) } { (project.name) }
                }
            }
            dl.facts {
                @if project.is_core { dt { "Standing" } dd { "Core project" } }
                @if let Some(url) = &project.homepage_url { dt { "Homepage" } dd { a href=(url) { (url) } } }
                @if let Some(url) = &project.repository_url { dt { "Repository" } dd { a href=(url) { (url) } } }
                @if let Some(url) = &project.package_url { dt { "Package" } dd { a href=(url) { (url) } } }
                @if let Some(licence) = &project.licence { dt { "Licence" } dd { (licence) } }
                @if let Some(contact) = &project.contact { dt { "Contact" } dd { (contact) } }
                dt { "Representatives" }
                dd {
                    @if view.representatives.is_empty() { "None yet." }
                    @for (i, person) in view.representatives.iter().enumerate() {
                        @if i > 0 { ", " }
                        (user_link(&person.username))
                    }
                }
                @if project.is_core { dt { "Endorsed" } dd { (list(&view.endorsed)) } }
                dt { "Adopted" } dd { (list(&view.adopted)) }
                @if !view.not_adopted.is_empty() { dt { "Recommended, not adopted yet" } dd { (list(&view.not_adopted)) } }
            }
        }
    }
}

/// What the admins' projects page shows.
pub struct AdminProjectsView<'a> {
    /// Every project with its representatives.
    pub projects: &'a [(Project, Vec<UserSummary>)],
    /// Every group (the committee among them) and the new-group form.
    pub groups: crate::views::group::GroupsView<'a>,
    /// The project form's draft (a slug in use edits that project).
    pub draft: &'a crate::services::projects::ProjectDraft,
    /// The problems of the last form sent.
    pub complaints: &'a [Complaint],
}

/// `GET /admin/projects`.
pub fn admin_projects_page(ctx: &PageContext, view: &AdminProjectsView) -> Markup {
    let draft = view.draft;
    let errors = view.complaints;
    let body = html! {
        h1 { "Projects and groups" }
        (admin_tabs("projects"))
        (form_errors(errors))
        section aria-labelledby="projects" {
            h2 #projects { "Projects" }
            @if view.projects.is_empty() { p.empty { "No projects yet." } }
            table {
                caption.visually-hidden { "Projects and their representatives" }
                thead { tr { th scope="col" { "Project" } th scope="col" { "Core" } th scope="col" { "Representatives" } } }
                tbody {
                    @for (project, reps) in view.projects {
                        tr {
                            th scope="row" { a href={ "/projects/" (project.slug) } { (project.name) } " (" code { (project.slug) } ")" }
                            td { @if project.is_core { "Core" } @else { "—" } }
                            td {
                                @for rep in reps {
                                    (user_link(&rep.username)) " "
                                    form.inline method="post" action="/admin/projects/representatives" {
                                        (csrf_field(ctx))
                                        input type="hidden" name="project" value=(project.slug);
                                        input type="hidden" name="username" value=(rep.username);
                                        input type="hidden" name="remove" value="true";
                                        button.danger type="submit" aria-label={ "Remove " (rep.username) " as representative of " (project.name) } { "Remove" }
                                    }
                                    " "
                                }
                                form.inline method="post" action="/admin/projects/representatives" aria-label={ "Add a representative of " (project.name) } {
                                    (csrf_field(ctx))
                                    input type="hidden" name="project" value=(project.slug);
                                    label for={ "rep-" (project.slug) } { "Username" } " "
                                    input id={ "rep-" (project.slug) } name="username" type="text" required autocomplete="off";
                                    " " button type="submit" { "Add" }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 #project-form { "Add or change a project" }
        p.hint { "A project whose handle exists already is changed; any other is added." }
        form.stacked method="post" action="/admin/projects" aria-labelledby="project-form" {
            (csrf_field(ctx))
            div.field {
                label for="slug" { "Handle (as the proposals repository names it, e.g. numpy)" }
                input #slug name="slug" type="text" required value=(draft.slug)
                    aria-invalid=[invalid(errors, "slug")] aria-describedby=[described_by(errors, "slug", None)];
                (field_error(errors, "slug"))
            }
            div.field {
                label for="name" { "Name" }
                input #name name="name" type="text" required value=(draft.name)
                    aria-invalid=[invalid(errors, "name")] aria-describedby=[described_by(errors, "name", None)];
                (field_error(errors, "name"))
            }
            div.field.checkbox {
                input #is_core type="checkbox" name="is_core" value="true" checked[draft.is_core];
                label for="is_core" { "Core project (endorses proposals)" }
            }
            (url_field(errors, "homepage_url", "Homepage", &draft.homepage_url))
            (url_field(errors, "repository_url", "Repository", &draft.repository_url))
            (url_field(errors, "package_url", "Package index page", &draft.package_url))
            (url_field(errors, "logo_url", "Logo image", &draft.logo_url))
            div.field {
                label for="licence" { "Licence" }
                input #licence name="licence" type="text" value=(draft.licence);
            }
            div.field {
                label for="contact" { "Contact" }
                input #contact name="contact" type="text" value=(draft.contact);
            }
            div.actions { button.primary type="submit" { "Save project" } }
        }
        (crate::views::group::groups_section(ctx, &view.groups))
    };
    page(ctx, "Projects and groups", body)
}
