//! The groups section of the admins' projects page (`/admin/projects#groups`): every group with
//! its members, whether it exempts them from the new-member limits, and the form that makes a
//! group. Plain forms, no JavaScript; each answers with a 303 back here.

use maud::{Markup, html};

use crate::messages::Complaint;
use crate::models::group::Group;
use crate::models::user::UserSummary;
use crate::services::projects::GroupDraft;
use crate::views::components::{csrf_field, described_by, field_error, invalid, user_link};
use crate::views::layout::PageContext;

/// What the section shows.
pub struct GroupsView<'a> {
    /// Every group with its members, by handle.
    pub groups: &'a [(Group, Vec<UserSummary>)],
    /// The steering committee's handle (listed first, made when its first member is added).
    pub committee: &'a str,
    /// The new-group form's draft.
    pub draft: &'a GroupDraft,
    /// The problems of the last form sent.
    pub complaints: &'a [Complaint],
}

/// The section.
pub fn groups_section(ctx: &PageContext, view: &GroupsView) -> Markup {
    let committee = view.groups.iter().find(|(g, _)| g.name == view.committee);
    let others = view.groups.iter().filter(|(g, _)| g.name != view.committee);
    let errors = view.complaints;
    let draft = view.draft;
    html! {
        section aria-labelledby="groups" {
            h2 #groups { "Groups" }
            p.hint {
                "The steering committee accepts, numbers, publishes, withdraws and supersedes proposals. "
                "Members of a group exempt from the new-member limits post as members from their first day: "
                "their posts skip the approval queue and the link, image and daily limits."
            }
            @match committee {
                Some((group, members)) => (group_entry(ctx, group, members, true)),
                None => (empty_committee(ctx, view.committee)),
            }
            @for (group, members) in others {
                (group_entry(ctx, group, members, false))
            }
            h3 #group-form { "Make a group" }
            form.stacked method="post" action="/admin/groups" aria-labelledby="group-form" {
                (csrf_field(ctx))
                div.field {
                    label for="group-name" { "Handle (lowercase letters, digits and hyphens, e.g. maintainers)" }
                    input #group-name name="name" type="text" required value=(draft.name)
                        aria-invalid=[invalid(errors, "group")] aria-describedby=[described_by(errors, "group", None)];
                    (field_error(errors, "group"))
                }
                div.field {
                    label for="group-full-name" { "Name (e.g. Project maintainers)" }
                    input #group-full-name name="full_name" type="text" value=(draft.full_name)
                        aria-invalid=[invalid(errors, "name")] aria-describedby=[described_by(errors, "name", None)];
                    (field_error(errors, "name"))
                }
                div.field.checkbox {
                    input #group-exempt type="checkbox" name="exempt_new_member_limits" value="true" checked[draft.exempt_new_member_limits];
                    label for="group-exempt" { "Exempt its members from the new-member limits" }
                }
                div.actions { button.primary type="submit" { "Make the group" } }
            }
        }
    }
}

/// One group: its name, its exemption (with the button that changes it), its members.
fn group_entry(
    ctx: &PageContext,
    group: &Group,
    members: &[UserSummary],
    is_committee: bool,
) -> Markup {
    let heading = format!("group-{}", group.name);
    html! {
        h3 id=(heading) { (group.full_name) " (" code { (group.name) } ")" }
        // A div: a form inside a p would end the paragraph.
        div {
            @if group.exempt_new_member_limits {
                "Its members are exempt from the new-member limits. "
            } @else {
                "The new-member limits apply to its members as to everyone. "
            }
            form.inline method="post" action="/admin/groups/exemption" {
                (csrf_field(ctx))
                input type="hidden" name="group" value=(group.name);
                input type="hidden" name="exempt" value=(!group.exempt_new_member_limits);
                button type="submit" {
                    @if group.exempt_new_member_limits { "Apply the limits" } @else { "Exempt them" }
                    span.visually-hidden { " (" (group.full_name) ")" }
                }
            }
        }
        @if members.is_empty() { p.empty { "No members yet." } }
        ul.activity aria-labelledby=(heading) {
            @for member in members {
                li {
                    (user_link(&member.username)) " "
                    form.inline method="post" action="/admin/groups/members" {
                        (csrf_field(ctx))
                        input type="hidden" name="group" value=(group.name);
                        input type="hidden" name="username" value=(member.username);
                        input type="hidden" name="remove" value="true";
                        button.danger type="submit" aria-label={ "Remove " (member.username) " from " (group.full_name) } { "Remove" }
                    }
                }
            }
        }
        (add_member(ctx, &group.name, &group.full_name, is_committee))
    }
}

/// The committee before its first member: adding one makes the group.
fn empty_committee(ctx: &PageContext, handle: &str) -> Markup {
    html! {
        h3 id={ "group-" (handle) } { "Steering committee (" code { (handle) } ")" }
        p.empty { "No members yet." }
        (add_member(ctx, handle, "the steering committee", true))
    }
}

fn add_member(ctx: &PageContext, handle: &str, full_name: &str, is_committee: bool) -> Markup {
    let field = format!("member-{handle}");
    html! {
        form.inline method="post" action="/admin/groups/members" aria-label={ "Add a member to " (full_name) } {
            (csrf_field(ctx))
            input type="hidden" name="group" value=(handle);
            label for=(field) { "Username" } " "
            input id=(field) name="username" type="text" required autocomplete="off";
            " " button type="submit" {
                @if is_committee { "Add to the committee" } @else { "Add" span.visually-hidden { " to " (full_name) } }
            }
        }
    }
}
