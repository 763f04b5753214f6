//! Every permission question, answered in one place (Discourse calls this object the guardian).
//!
//! A `Guardian` is built once per request from who is asking (or once for the operator at the
//! command line). Routes ask it before showing a form, services ask it again inside their
//! transaction before writing, and views receive its answers precomputed. A new capability
//! adds its questions here (`can_flag`, `can_endorse(project)`, …), and a finer notion of who
//! someone is (trust level, silenced, category moderator) becomes a field of [`Actor`].

use std::sync::Arc;

use crate::models::category::Category;
use crate::models::ids::{CategoryId, ProjectId, UserId};
use crate::models::post::Post;
use crate::models::topic::Topic;
use crate::models::user::{Role, User};
use crate::models::visibility::Visibility;

/// Someone signed in, as far as permissions are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Their id.
    pub id: UserId,
    /// Their role.
    pub role: Role,
    /// They proved their email address is theirs.
    pub verified: bool,
    /// Their trust level, 0–4 (`models::trust`).
    pub trust_level: i32,
    /// Silenced now: may read, not post or flag.
    pub silenced: bool,
    /// The categories they moderate (empty for most people).
    pub moderates: Arc<[CategoryId]>,
    /// The projects they represent (empty for most people).
    pub represents: Arc<[ProjectId]>,
    /// They are on the steering committee (`proposals.committee_group`).
    pub on_committee: bool,
}

/// What someone does for the forum beyond their role, read with their session: the
/// categories they moderate, the projects they represent, whether they sit on the steering
/// committee, and whether a group they are in exempts them from the new-member limits. Most
/// people have none of these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Duties {
    /// Categories they moderate.
    pub moderates: Arc<[CategoryId]>,
    /// Projects they represent.
    pub represents: Arc<[ProjectId]>,
    /// On the committee.
    pub on_committee: bool,
    /// In a group exempt from the new-member limits (`groups.exempt_new_member_limits`).
    pub exempt_new_member_limits: bool,
}

impl Duties {
    /// `user`'s duties, the committee being the group with handle `committee_group`.
    pub fn load(
        conn: &mut crate::db::AnyConnection,
        user: UserId,
        committee_group: &str,
    ) -> diesel::QueryResult<Duties> {
        use crate::models::category::CategoryModerators;
        use crate::models::group::Group;
        use crate::models::project::Representatives;
        Ok(Duties {
            moderates: CategoryModerators::moderated_by(conn, user)?.into(),
            represents: Representatives::of_user(conn, user)?.into(),
            on_committee: Group::is_member_of(conn, committee_group, user)?,
            exempt_new_member_limits: Group::exempts(conn, user)?,
        })
    }
}

/// Why something is not allowed. `messages` words it for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only signed-in people may do this.
    NotSignedIn,
    /// The topic is closed: staff may still reply.
    TopicClosed,
    /// The category is read-only: only staff post there.
    ReadOnlyCategory,
    /// The post is someone else's.
    NotYourPost,
    /// The topic is someone else's.
    NotYourTopic,
    /// Only moderators and admins may do this.
    NotStaff,
    /// Only admins may do this.
    NotAdmin,
    /// Someone's email address is for them and admins only.
    NotYourEmail,
    /// Someone else's mail (a digest's web view), and the asker is not an admin.
    NotYourMail,
    /// Only the operator, at the command line, may do this.
    OperatorOnly,
    /// The account's email address is not verified yet: it may read, not post.
    EmailNotVerified,
    /// A moderator silenced them: they may read, not post or flag.
    Silenced,
    /// New members (trust level 0) may not flag yet.
    NewMemberCannotFlag,
    /// Nobody flags their own post.
    OwnPost,
    /// Nobody likes their own post.
    OwnPostLike,
    /// A like is taken back only soon after it was given (`posts.like_undo_minutes`).
    LikeUndoWindowPassed,
    /// Only this category's moderators, and forum-wide staff, may do this.
    NotModeratorHere,
    /// Admins cannot be silenced or suspended, moderators only by admins, nobody by themself.
    CannotSanction,
    /// Admins are not anonymised (demote them first), and nobody anonymises themself here.
    CannotAnonymise,
    /// A moderator locked the post's edits.
    PostLocked,
    /// Only the steering committee decides proposals.
    NotOnCommittee,
    /// Only a project's representatives act for it.
    NotRepresentative,
    /// Only a proposal's authors and the committee change its details.
    NotProposalAuthor,
    /// Only a question's asker, staff and the category's moderators mark its solution.
    NotAsker,
    /// The category does not take proposals.
    NotProposalCategory,
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    /// A visitor who is not signed in.
    Anonymous,
    /// A signed-in member (or an API key acting as one).
    Member(Actor),
    /// The operator at the command line, who owns the database and may do anything.
    System,
}

/// Answers what one person may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guardian {
    who: Who,
    /// Members whose address is not verified may post anyway (`auth.posting_needs_verified_email`
    /// off). Off unless the request's settings say so.
    unverified_may_post: bool,
}

/// The answer to a permission question: allowed, or why not.
pub type Allowed = Result<(), Refusal>;

fn allow_if(condition: bool, otherwise: Refusal) -> Allowed {
    if condition { Ok(()) } else { Err(otherwise) }
}

impl Guardian {
    /// For a visitor who is not signed in.
    pub fn anonymous() -> Guardian {
        Guardian {
            who: Who::Anonymous,
            unverified_may_post: false,
        }
    }

    /// For a signed-in user with no duties (moderates nothing, represents nobody).
    pub fn for_user(user: &User) -> Guardian {
        Guardian::for_member(user, Duties::default())
    }

    /// For a signed-in user with `duties` ([`Duties::load`]).
    pub fn for_member(user: &User, duties: Duties) -> Guardian {
        Guardian {
            who: Who::Member(Actor {
                id: user.id,
                role: user.role,
                verified: user.email_verified_at.is_some(),
                trust_level: if user.new_member_limits_exempt || duties.exempt_new_member_limits {
                    user.trust_level.max(crate::models::trust::MEMBER)
                } else {
                    user.trust_level
                },
                silenced: user
                    .silenced_until
                    .is_some_and(|until| until > crate::db::now()),
                moderates: duties.moderates,
                represents: duties.represents,
                on_committee: duties.on_committee,
            }),
            unverified_may_post: false,
        }
    }

    /// The same guardian, letting members whose address is not verified post if `allowed`
    /// (the site's `auth.posting_needs_verified_email`, turned off).
    pub fn unverified_may_post(self, allowed: bool) -> Guardian {
        Guardian {
            unverified_may_post: allowed,
            ..self
        }
    }

    /// For the viewer of a request: signed in or not.
    pub fn for_viewer(viewer: Option<&User>, duties: Duties) -> Guardian {
        viewer.map_or_else(Guardian::anonymous, |user| {
            Guardian::for_member(user, duties)
        })
    }

    /// For the operator at the command line (and the demo loader acting as them).
    pub fn system() -> Guardian {
        Guardian {
            who: Who::System,
            unverified_may_post: false,
        }
    }

    /// The signed-in member acting, if any (the operator is nobody in particular).
    pub fn actor(&self) -> Option<&Actor> {
        match &self.who {
            Who::Member(actor) => Some(actor),
            Who::Anonymous | Who::System => None,
        }
    }

    /// The acting member's id, for rows that record who did something.
    pub fn acting_user(&self) -> Result<UserId, Refusal> {
        self.actor().map(|a| a.id).ok_or(Refusal::NotSignedIn)
    }

    fn is_staff(&self) -> bool {
        match &self.who {
            Who::System => true,
            Who::Member(actor) => actor.role.is_staff(),
            Who::Anonymous => false,
        }
    }

    fn is_admin(&self) -> bool {
        match &self.who {
            Who::System => true,
            Who::Member(actor) => actor.role == Role::Admin,
            Who::Anonymous => false,
        }
    }

    /// Whether they may start topics at all (the "New topic" button).
    pub fn can_create_topic(&self) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.silenced && !actor.role.is_staff() => {
                Err(Refusal::Silenced)
            }
            Who::Member(actor) if !actor.verified && !actor.role.is_staff() => {
                allow_if(self.unverified_may_post, Refusal::EmailNotVerified)
            }
            Who::Member(_) | Who::System => Ok(()),
        }
    }

    /// Whether they may start a topic in `category`: read-only categories are for staff.
    pub fn can_create_topic_in(&self, category: &Category) -> Allowed {
        self.can_create_topic()?;
        allow_if(
            !category.read_only || self.is_staff(),
            Refusal::ReadOnlyCategory,
        )
    }

    /// Whether they may reply to `topic` in `category`. Staff may reply anywhere; others not
    /// in read-only categories or closed topics.
    pub fn can_reply(&self, topic: &Topic, category: &Category) -> Allowed {
        self.can_create_topic()?;
        if self.is_staff() {
            Ok(())
        } else if category.read_only {
            Err(Refusal::ReadOnlyCategory)
        } else if topic.closed {
            Err(Refusal::TopicClosed)
        } else {
            Ok(())
        }
    }

    /// Whether they may edit `post` (and, for a first post, rename its topic): authors edit
    /// their own posts, staff any.
    /// A locked post only staff edit; a silenced author may not edit either.
    pub fn can_edit_post(&self, post: &Post) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            _ if self.is_staff() => Ok(()),
            Who::Member(actor) if actor.id == post.user_id => {
                if actor.silenced {
                    Err(Refusal::Silenced)
                } else if post.locked_at.is_some() {
                    Err(Refusal::PostLocked)
                } else {
                    Ok(())
                }
            }
            _ => Err(Refusal::NotYourPost),
        }
    }

    /// Whether they may edit `post`, which is in `category`: as [`Guardian::can_edit_post`],
    /// and also the category's moderators (the review queue's "edit post"; the edit service
    /// asks the same).
    pub fn can_edit_post_in(&self, post: &Post, category: CategoryId) -> Allowed {
        if self.can_moderate_in(category).is_ok() {
            return Ok(());
        }
        self.can_edit_post(post)
    }

    /// Whether they may change a topic's title or category: its starter, and staff.
    pub fn can_edit_topic(&self, topic: &Topic) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.id == topic.user_id => Ok(()),
            _ => allow_if(self.is_staff(), Refusal::NotYourTopic),
        }
    }

    /// Whether they may change `topic`'s tags: its starter (not while silenced), staff, and
    /// the category's moderators.
    pub fn can_tag_topic(&self, topic: &Topic) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            _ if self.can_moderate_in(topic.category_id).is_ok() => Ok(()),
            Who::Member(actor) if actor.id == topic.user_id => {
                allow_if(!actor.silenced, Refusal::Silenced)
            }
            _ => Err(Refusal::NotYourTopic),
        }
    }

    /// Whether using a tag that does not exist makes it: staff always; members from trust
    /// level `min_trust` (`[tags] create_min_trust_level`; 5 and above: staff only).
    pub fn makes_tags_by_using_them(&self, min_trust: i32) -> bool {
        match &self.who {
            Who::Anonymous => false,
            _ if self.is_staff() => true,
            Who::Member(actor) => !actor.silenced && actor.trust_level >= min_trust,
            Who::System => true,
        }
    }

    /// Whether they may close or reopen the polls of `post`, which is in `category`: its
    /// author, staff, and the category's moderators.
    pub fn can_close_poll(&self, post: &Post, category: CategoryId) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            _ if self.can_moderate_in(category).is_ok() => Ok(()),
            Who::Member(actor) if actor.id == post.user_id => Ok(()),
            _ => Err(Refusal::NotYourPost),
        }
    }

    /// Whether they may make, describe and delete tags and tag groups: staff.
    pub fn can_manage_tags(&self) -> Allowed {
        allow_if(self.is_staff(), Refusal::NotStaff)
    }

    /// Whether they may mark (or unmark) a reply as the solution of question `topic`: its
    /// asker, staff, and the category's moderators (the Solved plugin's rule). Not when
    /// silenced.
    pub fn can_accept_solution(&self, topic: &Topic) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.silenced => Err(Refusal::Silenced),
            Who::Member(actor) if actor.id == topic.user_id => Ok(()),
            _ => self
                .can_moderate_in(topic.category_id)
                .map_err(|_| Refusal::NotAsker),
        }
    }

    /// Whether they may use the topic and post tools and review flags in `category` (close,
    /// pin, unlist, hide, delete): forum-wide staff, and that category's moderators.
    pub fn can_moderate(&self, category: &Category) -> Allowed {
        self.can_moderate_in(category.id)
    }

    /// [`Guardian::can_moderate`], by the category's id.
    pub fn can_moderate_in(&self, category: CategoryId) -> Allowed {
        match &self.who {
            _ if self.is_staff() => Ok(()),
            Who::Member(actor) if actor.moderates.contains(&category) => Ok(()),
            Who::Anonymous => Err(Refusal::NotSignedIn),
            _ => Err(Refusal::NotModeratorHere),
        }
    }

    /// Whether they may open the review queue at all: staff, and category moderators (who
    /// see their categories' items only, [`Guardian::reviews_within`]).
    pub fn can_review(&self) -> Allowed {
        match &self.who {
            _ if self.is_staff() => Ok(()),
            Who::Member(actor) if !actor.moderates.is_empty() => Ok(()),
            Who::Anonymous => Err(Refusal::NotSignedIn),
            _ => Err(Refusal::NotStaff),
        }
    }

    /// The categories whose items they review; `None` for staff, who review everything.
    pub fn reviews_within(&self) -> Option<Vec<CategoryId>> {
        match &self.who {
            _ if self.is_staff() => None,
            Who::Member(actor) => Some(actor.moderates.to_vec()),
            Who::Anonymous | Who::System => Some(Vec::new()),
        }
    }

    /// Whether they may flag `post`: members from trust level 1 (or spared the new-member
    /// limits), not silenced, not their own post. Staff flag anything but their own.
    pub fn can_flag(&self, post: &Post) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::System => Ok(()),
            Who::Member(actor) => {
                if actor.id == post.user_id {
                    Err(Refusal::OwnPost)
                } else if actor.role.is_staff() {
                    Ok(())
                } else if actor.silenced {
                    Err(Refusal::Silenced)
                } else if actor.trust_level < crate::models::trust::MEMBER {
                    Err(Refusal::NewMemberCannotFlag)
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Whether they may like `post`: any signed-in member but its author (a silenced member
    /// too: a like is not a post). Whether they see the post is the service's question.
    pub fn can_like(&self, post: &Post) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::System => Ok(()),
            Who::Member(actor) => allow_if(actor.id != post.user_id, Refusal::OwnPostLike),
        }
    }

    /// Whether they may delete `post` in `category`: its author a reply of their own (not a
    /// topic's first post), and the category's moderators any.
    pub fn can_delete_post(&self, post: &Post, category: &Category) -> Allowed {
        if self.can_moderate(category).is_ok() {
            return Ok(());
        }
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.id == post.user_id && post.post_number > 1 => {
                allow_if(!actor.silenced, Refusal::Silenced)
            }
            _ => Err(Refusal::NotModeratorHere),
        }
    }

    /// Whether they may silence or suspend `target`, or set their trust level: forum-wide
    /// staff; never an admin, a moderator only by an admin, and nobody themself.
    pub fn can_sanction(&self, target: &User) -> Allowed {
        self.can_sanction_person(target.id, target.role)
    }

    /// [`Guardian::can_sanction`], by the target's id and role (lists know no more).
    pub fn can_sanction_person(&self, target: UserId, role: Role) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::System => allow_if(role != Role::Admin, Refusal::CannotSanction),
            Who::Member(actor) => {
                if !actor.role.is_staff() {
                    Err(Refusal::NotStaff)
                } else if actor.id == target
                    || role == Role::Admin
                    || (role == Role::Moderator && actor.role != Role::Admin)
                {
                    Err(Refusal::CannotSanction)
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Whether they may anonymise `target` (GDPR erasure): admins, of anyone but an admin or
    /// themself.
    pub fn can_anonymise(&self, target: &User) -> Allowed {
        self.can_manage_users()?;
        let own = self.actor().is_some_and(|a| a.id == target.id);
        allow_if(target.role != Role::Admin && !own, Refusal::CannotAnonymise)
    }

    /// Whether they may read and write private staff notes about members: forum-wide staff.
    pub fn can_keep_staff_notes(&self) -> Allowed {
        allow_if(self.is_staff(), Refusal::NotStaff)
    }

    /// Whether they may read the staff action log: forum-wide staff.
    pub fn can_read_staff_log(&self) -> Allowed {
        allow_if(self.is_staff(), Refusal::NotStaff)
    }

    /// Whether they may read and write in a code-of-conduct case reported by `reporter` in
    /// `category`: its reporter, and those who may moderate there.
    pub fn can_see_case(&self, reporter: Option<UserId>, category: Option<CategoryId>) -> Allowed {
        if let Some(category) = category
            && self.can_moderate_in(category).is_ok()
        {
            return Ok(());
        }
        if self.is_staff() {
            return Ok(());
        }
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if Some(actor.id) == reporter => Ok(()),
            _ => Err(Refusal::NotModeratorHere),
        }
    }

    /// Whether they may create, edit and arrange categories.
    pub fn can_manage_categories(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// Whether they may use the admin area at all.
    pub fn can_administer(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// Whether they may create accounts for others and list everyone with their emails.
    pub fn can_manage_users(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// Whether they may read `user`'s email address: their own, and admins anyone's.
    pub fn can_see_email(&self, user: UserId) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.id == user => Ok(()),
            _ => allow_if(self.is_admin(), Refusal::NotYourEmail),
        }
    }

    /// Whether they may read the mail meant for `user` (their digest's web view): their own,
    /// and admins anyone's, to preview it.
    pub fn can_read_mail_of(&self, user: UserId) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.id == user => Ok(()),
            _ => allow_if(self.is_admin(), Refusal::NotYourMail),
        }
    }

    /// Whether they may import history in bulk, naming its authors and times: the operator.
    pub fn can_import(&self) -> Allowed {
        allow_if(self.who == Who::System, Refusal::OperatorOnly)
    }

    /// Whether they may change people's roles.
    pub fn can_change_roles(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// Whether they may list, add and remove watched words (Discourse: admins).
    pub fn can_manage_watched_words(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// Whether what they write goes straight out, skipping watched words that require
    /// approval and the new-member queue: staff, and the operator.
    pub fn publishes_unreviewed(&self) -> bool {
        self.is_staff()
    }

    /// Whether the new-member limits apply to them: trust level 0, not exempt, not staff.
    pub fn is_new_member(&self) -> bool {
        match &self.who {
            Who::Member(actor) => {
                !actor.role.is_staff() && actor.trust_level < crate::models::trust::MEMBER
            }
            Who::Anonymous | Who::System => false,
        }
    }

    /// Whether they may create API keys that act as someone.
    pub fn can_manage_api_keys(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }

    /// What they may see of topics and posts (applied by the queries in `models`).
    pub fn visibility(&self) -> Visibility {
        Visibility {
            staff: self.is_staff(),
            viewer: self.actor().map(|a| a.id),
        }
    }

    /// Whether they are forum-wide staff (or the operator): pages show staff-only marks.
    pub fn is_forum_staff(&self) -> bool {
        self.is_staff()
    }

    /// Whether they may start a proposal in `category`: one marked for proposals, where
    /// they may start topics.
    pub fn can_propose_in(&self, category: &Category) -> Allowed {
        self.can_create_topic_in(category)?;
        allow_if(category.proposals, Refusal::NotProposalCategory)
    }

    /// Whether they may decide proposals (accept and number, publish, withdraw, supersede,
    /// move back): the steering committee, and the operator. Admins manage the committee
    /// but decide only as its members, so the record shows who decided.
    pub fn can_decide_proposals(&self) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::System => Ok(()),
            Who::Member(actor) if actor.silenced => Err(Refusal::Silenced),
            Who::Member(actor) => allow_if(actor.on_committee, Refusal::NotOnCommittee),
        }
    }

    /// Whether they may act for `project` (endorse, confirm, adopt, withdraw): its
    /// representatives, and the operator (an import).
    pub fn can_act_for(&self, project: ProjectId) -> Allowed {
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::System => Ok(()),
            Who::Member(actor) if actor.silenced => Err(Refusal::Silenced),
            Who::Member(actor) => allow_if(
                actor.represents.contains(&project),
                Refusal::NotRepresentative,
            ),
        }
    }

    /// The projects they may act for (for showing the endorse and adopt forms).
    pub fn represented(&self) -> &[ProjectId] {
        match &self.who {
            Who::Member(actor) => &actor.represents,
            Who::Anonymous | Who::System => &[],
        }
    }

    /// Whether they may change a proposal's details (type, authors, links) — not its stage:
    /// the topic's starter, its authors with an account here, and the committee.
    pub fn can_edit_proposal(&self, topic: &Topic, authors: &[UserId]) -> Allowed {
        if self.can_decide_proposals().is_ok() {
            return Ok(());
        }
        match &self.who {
            Who::Anonymous => Err(Refusal::NotSignedIn),
            Who::Member(actor) if actor.silenced => Err(Refusal::Silenced),
            Who::Member(actor) => allow_if(
                actor.id == topic.user_id || authors.contains(&actor.id),
                Refusal::NotProposalAuthor,
            ),
            Who::System => Ok(()),
        }
    }

    /// Whether they may manage projects, their representatives, and groups: admins.
    pub fn can_manage_projects(&self) -> Allowed {
        allow_if(self.is_admin(), Refusal::NotAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ids::{CategoryId, PostId, TopicId};

    fn member(id: i64, role: Role) -> Guardian {
        Guardian {
            who: Who::Member(Actor {
                id: UserId(id),
                role,
                verified: true,
                trust_level: 1,
                silenced: false,
                moderates: Arc::from([CategoryId(9)]),
                represents: Arc::from([ProjectId(4)]),
                on_committee: role == Role::Admin,
            }),
            unverified_may_post: false,
        }
    }

    fn category(read_only: bool) -> Category {
        Category {
            id: CategoryId(1),
            name: "General".into(),
            slug: "general".into(),
            description: String::new(),
            color: "0088CC".into(),
            parent_id: None,
            position: 0,
            read_only,
            homepage_url: None,
            repository_url: None,
            created_at: chrono::NaiveDateTime::default(),
            topic_count: 0,
            post_count: 0,
            last_posted_at: None,
            proposals: false,
            questions: false,
            close_solved_after_days: None,
        }
    }

    fn topic(closed: bool) -> Topic {
        let at = chrono::NaiveDateTime::default();
        Topic {
            id: TopicId(1),
            title: "T".into(),
            slug: "t".into(),
            category_id: CategoryId(1),
            user_id: UserId(1),
            created_at: at,
            bumped_at: at,
            last_posted_at: at,
            last_poster_id: UserId(1),
            posts_count: 1,
            highest_post_number: 1,
            closed,
            pinned: false,
            visible: true,
            deleted_at: None,
            slow_mode_seconds: 0,
            merged_into: None,
            has_notices: false,
            solution_post_id: None,
            solved_at: None,
            views: 0,
            like_count: 0,
        }
    }

    fn post_by(author: i64) -> Post {
        let at = chrono::NaiveDateTime::default();
        Post {
            id: PostId(1),
            topic_id: TopicId(1),
            user_id: UserId(author),
            post_number: 1,
            reply_to_post_number: None,
            raw: String::new(),
            cooked: String::new(),
            created_at: at,
            updated_at: at,
            version: 1,
            edit_reason: None,
            last_editor_id: UserId(author),
            hidden_at: None,
            times_hidden: 0,
            deleted_at: None,
            deleted_by_id: None,
            locked_at: None,
            like_count: 0,
        }
    }

    #[test]
    fn replies_need_an_account_an_open_topic_and_a_writable_category_unless_staff() {
        let ada = member(2, Role::User);
        let moderator = member(3, Role::Moderator);
        assert_eq!(
            Guardian::anonymous().can_reply(&topic(false), &category(false)),
            Err(Refusal::NotSignedIn)
        );
        assert_eq!(ada.can_reply(&topic(false), &category(false)), Ok(()));
        assert_eq!(
            ada.can_reply(&topic(true), &category(false)),
            Err(Refusal::TopicClosed)
        );
        assert_eq!(
            ada.can_reply(&topic(false), &category(true)),
            Err(Refusal::ReadOnlyCategory)
        );
        assert_eq!(moderator.can_reply(&topic(true), &category(true)), Ok(()));
        assert_eq!(
            Guardian::system().can_reply(&topic(true), &category(true)),
            Ok(())
        );
    }

    #[test]
    fn authors_edit_their_own_posts_and_staff_edit_any() {
        assert_eq!(member(2, Role::User).can_edit_post(&post_by(2)), Ok(()));
        assert_eq!(
            member(2, Role::User).can_edit_post(&post_by(5)),
            Err(Refusal::NotYourPost)
        );
        assert_eq!(
            member(3, Role::Moderator).can_edit_post(&post_by(5)),
            Ok(())
        );
        assert_eq!(
            Guardian::anonymous().can_edit_post(&post_by(5)),
            Err(Refusal::NotSignedIn)
        );
    }

    #[test]
    fn only_admins_manage_categories_and_roles() {
        for role in [Role::User, Role::Moderator] {
            assert_eq!(
                member(2, role).can_manage_categories(),
                Err(Refusal::NotAdmin)
            );
            assert_eq!(member(2, role).can_change_roles(), Err(Refusal::NotAdmin));
        }
        assert_eq!(member(1, Role::Admin).can_manage_categories(), Ok(()));
        assert_eq!(Guardian::system().can_change_roles(), Ok(()));
    }

    #[test]
    fn only_the_operator_imports_history() {
        assert_eq!(Guardian::system().can_import(), Ok(()));
        for role in [Role::User, Role::Moderator, Role::Admin] {
            assert_eq!(member(1, role).can_import(), Err(Refusal::OperatorOnly));
        }
        assert_eq!(
            Guardian::anonymous().can_import(),
            Err(Refusal::OperatorOnly)
        );
    }

    #[test]
    fn an_email_address_is_for_its_owner_and_admins() {
        assert_eq!(member(2, Role::User).can_see_email(UserId(2)), Ok(()));
        assert_eq!(
            member(2, Role::User).can_see_email(UserId(3)),
            Err(Refusal::NotYourEmail)
        );
        assert_eq!(
            member(4, Role::Moderator).can_see_email(UserId(3)),
            Err(Refusal::NotYourEmail)
        );
        assert_eq!(member(1, Role::Admin).can_see_email(UserId(3)), Ok(()));
        assert_eq!(
            Guardian::anonymous().can_see_email(UserId(3)),
            Err(Refusal::NotSignedIn)
        );
    }

    #[test]
    fn staff_see_everything_and_members_are_known_to_the_queries() {
        assert_eq!(Guardian::anonymous().visibility(), Visibility::ANONYMOUS);
        assert_eq!(
            member(4, Role::User).visibility(),
            Visibility {
                staff: false,
                viewer: Some(UserId(4))
            }
        );
        assert!(member(4, Role::Moderator).visibility().staff);
    }
}
