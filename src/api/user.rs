//! Users as Discourse's JSON has them: a profile (`GET /u/{username}.json`, `getUser`), as
//! anyone may see it. Discourse adds private settings (email levels, sessions, muted people)
//! only when people look at their own profile; Convene has none of those yet. Also the
//! admin lists and detail, the directory, someone's email address and what they did.

use serde::Serialize;

use crate::api::{NoneYet, avatar_template, json_time};
use crate::models::activity::Item;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::user::{Role, User, UserStats};

/// `GET /u/{username}.json`.
#[derive(Debug, Serialize)]
pub struct UserResponse {
    /// Badges: not yet.
    pub user_badges: NoneYet,
    /// The profile.
    pub user: UserProfile,
}

/// A user's public profile.
#[derive(Debug, Serialize)]
pub struct UserProfile {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub avatar_template: String,
    /// When they last posted: not kept yet.
    pub last_posted_at: Option<String>,
    /// When they were last seen: not kept yet.
    pub last_seen_at: Option<String>,
    /// When they joined.
    pub created_at: String,
    /// Ignored by the viewer: not yet.
    pub ignored: bool,
    /// Muted by the viewer: not yet.
    pub muted: bool,
    /// Ignoring people: not yet.
    pub can_ignore_user: bool,
    /// Muting people: not yet.
    pub can_mute_user: bool,
    /// Private messages: not yet.
    pub can_send_private_messages: bool,
    /// Private messages: not yet.
    pub can_send_private_message_to_user: bool,
    /// Trust level: 1 until trust levels exist.
    pub trust_level: i32,
    /// A moderator.
    pub moderator: bool,
    /// An admin.
    pub admin: bool,
    /// Their title: none.
    pub title: Option<String>,
    /// Badges: none.
    pub badge_count: i64,
    /// Reading time: not tracked.
    pub time_read: i64,
    /// Recent reading time: not tracked.
    pub recent_time_read: i64,
    /// Primary group: none.
    pub primary_group_id: Option<i64>,
    /// Primary group: none.
    pub primary_group_name: Option<String>,
    /// Flair: none.
    pub flair_group_id: Option<i64>,
    /// Flair: none.
    pub flair_name: Option<String>,
    /// Flair: none.
    pub flair_url: Option<String>,
    /// Flair: none.
    pub flair_bg_color: Option<String>,
    /// Flair: none.
    pub flair_color: Option<String>,
    /// Staged accounts (made by mail-in): not yet.
    pub staged: bool,
    /// Whether the viewer may edit this profile: not from the API yet.
    pub can_edit: bool,
    /// Changing usernames: not yet.
    pub can_edit_username: bool,
    /// Changing emails: not yet.
    pub can_edit_email: bool,
    /// Changing names: not yet.
    pub can_edit_name: bool,
    /// An uploaded avatar: none (letter avatars).
    pub uploaded_avatar_id: Option<i64>,
    /// Title badges: none.
    pub has_title_badges: bool,
    /// Posts waiting for approval: none.
    pub pending_count: i64,
    /// Profile views: not counted.
    pub profile_view_count: i64,
    /// Second factor: not yet.
    pub second_factor_enabled: bool,
    /// Profile headers: not yet.
    pub can_upload_profile_header: bool,
    /// Card backgrounds: not yet.
    pub can_upload_user_card_background: bool,
    /// Posts written, first posts included.
    pub post_count: i64,
    /// Topics started (a Convene field).
    pub topic_count: i64,
    /// Deleting accounts: not yet.
    pub can_be_deleted: bool,
    /// Deleting all posts: not yet.
    pub can_delete_all_posts: bool,
    /// Their letter avatar.
    pub system_avatar_template: String,
    /// Using the site logo as avatar: no.
    pub use_logo_small_as_avatar: bool,
    /// Featured badges: none.
    pub featured_user_badge_ids: NoneYet,
    /// Who invited them: invitations do not exist yet.
    pub invited_by: Option<String>,
    /// Groups: none yet.
    pub groups: NoneYet,
    /// Group memberships: none yet.
    pub group_users: NoneYet,
}

/// `GET /u/{username}.json`: a user's public profile.
pub fn user(user: &User, stats: &UserStats) -> UserResponse {
    UserResponse {
        user_badges: [],
        user: UserProfile {
            id: user.id,
            username: user.username.clone(),
            name: user.name.clone(),
            avatar_template: avatar_template(&user.username),
            last_posted_at: None,
            last_seen_at: None,
            created_at: json_time(user.created_at),
            ignored: false,
            muted: false,
            can_ignore_user: false,
            can_mute_user: false,
            can_send_private_messages: false,
            can_send_private_message_to_user: false,
            trust_level: user.trust_level,
            moderator: user.role == Role::Moderator,
            admin: user.role == Role::Admin,
            title: None,
            badge_count: 0,
            time_read: 0,
            recent_time_read: 0,
            primary_group_id: None,
            primary_group_name: None,
            flair_group_id: None,
            flair_name: None,
            flair_url: None,
            flair_bg_color: None,
            flair_color: None,
            staged: false,
            can_edit: false,
            can_edit_username: false,
            can_edit_email: false,
            can_edit_name: false,
            uploaded_avatar_id: None,
            has_title_badges: false,
            pending_count: 0,
            profile_view_count: 0,
            second_factor_enabled: false,
            can_upload_profile_header: false,
            can_upload_user_card_background: false,
            post_count: stats.post_count,
            topic_count: stats.topic_count,
            can_be_deleted: false,
            can_delete_all_posts: false,
            system_avatar_template: avatar_template(&user.username),
            use_logo_small_as_avatar: false,
            featured_user_badge_ids: [],
            invited_by: None,
            groups: [],
            group_users: [],
        },
    }
}

/// `POST /users.json` (`createUser`).
#[derive(Debug, Serialize)]
pub struct CreatedUserResponse {
    /// Whether the account was made.
    pub success: bool,
    /// Whether it may log in now: always (no email confirmation yet).
    pub active: bool,
    /// What happened, for people.
    pub message: String,
    /// The new account.
    pub user_id: UserId,
}

/// `GET /session/hp.json`: Discourse's sign-up honeypot, which clients such as pydiscourse
/// fetch before `POST /users.json` and echo back (`password_confirmation`, `challenge`).
/// Accounts made through the API are made by admins, whom Discourse exempts from the check
/// too, so Convene sends fresh random values and does not check them.
#[derive(Debug, Serialize)]
pub struct Honeypot {
    /// The value the hidden field is to hold.
    pub value: String,
    /// A challenge the client reverses.
    pub challenge: String,
}

/// `GET /directory_items.json` (`listUsersPublic`): people and what they wrote in a period.
#[derive(Debug, Serialize)]
pub struct DirectoryResponse {
    /// This page of people.
    pub directory_items: Vec<DirectoryItem>,
    /// Paging.
    pub meta: DirectoryMeta,
}

/// One person in the directory.
#[derive(Debug, Serialize)]
pub struct DirectoryItem {
    /// The user's id.
    pub id: UserId,
    /// Likes: not yet.
    pub likes_received: i64,
    /// Likes: not yet.
    pub likes_given: i64,
    /// Topics read: not tracked yet.
    pub topics_entered: i64,
    /// Topics started in the period.
    pub topic_count: i64,
    /// Posts written in the period.
    pub post_count: i64,
    /// Posts read: not tracked yet.
    pub posts_read: i64,
    /// Days visited: not tracked yet.
    pub days_visited: i64,
    /// Who.
    pub user: DirectoryUser,
}

/// The person in a directory item.
#[derive(Debug, Serialize)]
pub struct DirectoryUser {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub avatar_template: String,
    /// Title: none.
    pub title: Option<String>,
}

/// Paging of the directory.
#[derive(Debug, Serialize)]
pub struct DirectoryMeta {
    /// When the counts were made: now, they are not cached.
    pub last_updated_at: Option<String>,
    /// People in the whole directory.
    pub total_rows_directory_items: i64,
    /// The next page.
    pub load_more_directory_items: String,
}

impl DirectoryItem {
    /// The directory's line for `entry`.
    pub fn new(entry: &crate::models::user::UserActivity) -> DirectoryItem {
        let user = &entry.user;
        DirectoryItem {
            id: user.id,
            likes_received: 0,
            likes_given: 0,
            topics_entered: 0,
            topic_count: entry.topic_count,
            post_count: entry.post_count,
            posts_read: 0,
            days_visited: 0,
            user: DirectoryUser {
                id: user.id,
                username: user.username.clone(),
                name: user.name.clone(),
                avatar_template: avatar_template(&user.username),
                title: None,
            },
        }
    }
}

/// A user in the admin lists (`GET /admin/users.json`, `/admin/users/list/{flag}.json`).
#[derive(Debug, Serialize)]
pub struct AdminUser {
    /// Id.
    pub id: UserId,
    /// Username.
    pub username: String,
    /// Display name.
    pub name: String,
    /// Avatar.
    pub avatar_template: String,
    /// Email, when the admin asked for emails (`show_emails=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Able to log in: every account is.
    pub active: bool,
    /// An admin.
    pub admin: bool,
    /// A moderator.
    pub moderator: bool,
    /// Last seen: not kept yet.
    pub last_seen_at: Option<String>,
    /// Last emailed: no mail yet.
    pub last_emailed_at: Option<String>,
    /// Joined.
    pub created_at: String,
    /// Seconds since last seen: not kept.
    pub last_seen_age: Option<f64>,
    /// Seconds since last emailed: no mail yet.
    pub last_emailed_age: Option<f64>,
    /// Seconds since joining.
    pub created_at_age: Option<f64>,
    /// Trust level: 1 until trust levels exist.
    pub trust_level: i32,
    /// Locked trust level: none.
    pub manual_locked_trust_level: Option<String>,
    /// Title: none.
    pub title: Option<String>,
    /// Reading time: not tracked.
    pub time_read: i64,
    /// Staged: no.
    pub staged: bool,
    /// Days visited: not tracked.
    pub days_visited: i64,
    /// Posts read: not tracked.
    pub posts_read_count: i64,
    /// Topics read: not tracked.
    pub topics_entered: i64,
    /// Posts written.
    pub post_count: i64,
}

impl AdminUser {
    /// `entry` as the admin list shows it at `now`, with the email if `show_email`.
    pub fn new(
        entry: &crate::models::user::UserActivity,
        now: chrono::NaiveDateTime,
        show_email: bool,
    ) -> AdminUser {
        let user = &entry.user;
        AdminUser {
            id: user.id,
            username: user.username.clone(),
            name: user.name.clone(),
            avatar_template: avatar_template(&user.username),
            email: show_email.then(|| user.email.clone()),
            active: true,
            admin: user.role == Role::Admin,
            moderator: user.role == Role::Moderator,
            last_seen_at: None,
            last_emailed_at: None,
            created_at: json_time(user.created_at),
            last_seen_age: None,
            last_emailed_age: None,
            created_at_age: Some((now - user.created_at).num_milliseconds() as f64 / 1000.0),
            trust_level: user.trust_level,
            manual_locked_trust_level: None,
            title: None,
            time_read: 0,
            staged: false,
            days_visited: 0,
            posts_read_count: 0,
            topics_entered: 0,
            post_count: entry.post_count,
        }
    }
}

/// `GET /admin/users/{id}.json` (`adminGetUser`): one person as an admin sees them, with what
/// the admin may do to them. What Convene does not keep yet (visits, reading, likes, flags,
/// penalties, groups, IP addresses) is zero, empty or null.
#[derive(Debug, Serialize)]
pub struct AdminUserDetail {
    /// What the admin list shows (without the email, which Discourse fetches separately).
    #[serde(flatten)]
    pub listed: AdminUser,
    /// Logins through other sites: none.
    pub associated_accounts: NoneYet,
    /// Whether an activation mail can be sent: every account is active.
    pub can_send_activation_email: bool,
    /// Whether the account can be activated: it is.
    pub can_activate: bool,
    /// Whether it can be deactivated: not yet.
    pub can_deactivate: bool,
    /// Whether its trust level can be changed: not until its route is in the URL table.
    pub can_change_trust_level: bool,
    /// The last address seen: Convene does not keep people's IP addresses.
    pub ip_address: Option<String>,
    /// The address they signed up from: not kept either.
    pub registration_ip_address: Option<String>,
    /// Whether the viewer may make them an admin.
    pub can_grant_admin: bool,
    /// Whether the viewer may take admin away (not from themselves).
    pub can_revoke_admin: bool,
    /// Whether the viewer may make them a moderator.
    pub can_grant_moderation: bool,
    /// Whether the viewer may take moderation away.
    pub can_revoke_moderation: bool,
    /// Acting as them: never.
    pub can_impersonate: bool,
    /// Likes received: none yet.
    pub like_count: i64,
    /// Likes given: none yet.
    pub like_given_count: i64,
    /// Topics started.
    pub topic_count: i64,
    /// Flags raised.
    pub flags_given_count: i64,
    /// Flags on their posts.
    pub flags_received_count: i64,
    /// Private messages: none.
    pub private_topics_count: i64,
    /// Deleting all their posts: not yet.
    pub can_delete_all_posts: bool,
    /// Deleting the account: not yet.
    pub can_be_deleted: bool,
    /// Anonymising it: not yet.
    pub can_be_anonymized: bool,
    /// Merging it into another: not yet.
    pub can_be_merged: bool,
    /// Why they are suspended, while they are.
    pub full_suspend_reason: Option<String>,
    /// Primary group: none.
    pub primary_group_id: Option<i64>,
    /// Badges: none yet.
    pub badge_count: i64,
    /// Warnings: none yet.
    pub warnings_received_count: i64,
    /// Bounced mail score: no mail yet.
    pub bounce_score: Option<i64>,
    /// When the bounce score resets: never.
    pub reset_bounce_score_after: Option<String>,
    /// Whether the viewer may read the staff log about them: not until `/admin/logs` is served.
    pub can_view_action_logs: bool,
    /// Second factors: none.
    pub can_disable_second_factor: bool,
    /// Single sign-on: none.
    pub can_delete_sso_record: bool,
    /// API keys that act as them alone and still work.
    pub api_key_count: i64,
    /// Single sign-on record: none.
    pub single_sign_on_record: Option<String>,
    /// Who approved the account: accounts need no approval.
    pub approved_by: Option<crate::api::BasicUser>,
    /// Who suspended them: no one.
    pub suspended_by: Option<String>,
    /// Who silenced them: no one.
    pub silenced_by: Option<String>,
    /// Silences and suspensions so far: none.
    pub penalty_counts: PenaltyCounts,
    /// Groups: none yet.
    pub groups: NoneYet,
    /// Ids at other sites: none.
    pub external_ids: crate::api::Empty,
    /// Whether IP addresses are included: they are not kept.
    pub include_ip: bool,
}

/// How often someone was silenced and suspended.
#[derive(Debug, Serialize)]
pub struct PenaltyCounts {
    /// Silences.
    pub silenced: i64,
    /// Suspensions.
    pub suspended: i64,
}

/// What the moderation tables count about a person, for the admin view of them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModerationCounts {
    /// Flags they raised.
    pub flags_given: i64,
    /// Flags on their posts.
    pub flags_received: i64,
    /// Times they were silenced.
    pub silenced: i64,
    /// Times they were suspended.
    pub suspended: i64,
}

impl AdminUserDetail {
    /// `entry` (all-time counts) as `viewer`, an admin, sees them at `now`, with their
    /// `api_key_count` and what moderation `counts` about them.
    pub fn new(
        entry: &crate::models::user::UserActivity,
        viewer: UserId,
        api_key_count: i64,
        counts: ModerationCounts,
        now: chrono::NaiveDateTime,
    ) -> AdminUserDetail {
        let role = entry.user.role;
        AdminUserDetail {
            listed: AdminUser::new(entry, now, false),
            associated_accounts: [],
            can_send_activation_email: false,
            can_activate: false,
            can_deactivate: false,
            // The viewer is an admin: they set anyone's level but another admin's or their own
            // (the guardian's `can_sanction` rule).
            can_change_trust_level: role != Role::Admin && entry.user.id != viewer,
            ip_address: None,
            registration_ip_address: None,
            can_grant_admin: role != Role::Admin,
            can_revoke_admin: role == Role::Admin && entry.user.id != viewer,
            can_grant_moderation: role == Role::User,
            can_revoke_moderation: role == Role::Moderator,
            can_impersonate: false,
            like_count: 0,
            like_given_count: 0,
            topic_count: entry.topic_count,
            flags_given_count: counts.flags_given,
            flags_received_count: counts.flags_received,
            private_topics_count: 0,
            can_delete_all_posts: false,
            can_be_deleted: false,
            can_be_anonymized: false,
            can_be_merged: false,
            full_suspend_reason: entry
                .user
                .suspended_at(now)
                .then(|| entry.user.suspend_reason.clone())
                .flatten(),
            primary_group_id: None,
            badge_count: 0,
            warnings_received_count: 0,
            bounce_score: None,
            reset_bounce_score_after: None,
            // Admins read the staff action log (`/admin/logs`).
            can_view_action_logs: true,
            can_disable_second_factor: false,
            can_delete_sso_record: false,
            api_key_count,
            single_sign_on_record: None,
            approved_by: None,
            suspended_by: None,
            silenced_by: None,
            penalty_counts: PenaltyCounts {
                silenced: counts.silenced,
                suspended: counts.suspended,
            },
            groups: [],
            external_ids: crate::api::Empty {},
            include_ip: false,
        }
    }
}

/// `GET /u/{username}/emails.json` (`getUserEmails`): someone's address, for them and admins.
#[derive(Debug, Serialize)]
pub struct UserEmails {
    /// The address they sign up and get mail with.
    pub email: String,
    /// Other addresses: Convene keeps one.
    pub secondary_emails: NoneYet,
    /// Addresses waiting to be confirmed: none yet.
    pub unconfirmed_emails: NoneYet,
    /// Logins through other sites: none.
    pub associated_accounts: NoneYet,
}

/// `GET /user_actions.json` (`listUserActions`): what someone did, newest first: topics
/// started (4), replies (5), likes given (1) and solutions (15, the Solved plugin's).
#[derive(Debug, Serialize)]
pub struct UserActionsResponse {
    /// The actions.
    pub user_actions: Vec<UserAction>,
}

/// One thing someone did: a topic started, a reply written, a post liked, a question solved.
#[derive(Debug, Serialize)]
pub struct UserAction {
    /// The post's opening, as text.
    pub excerpt: String,
    /// 4 a new topic, 5 a reply, 1 a like given, 15 a solution.
    pub action_type: i32,
    /// When.
    pub created_at: String,
    /// The person's avatar.
    pub avatar_template: String,
    /// The actor's avatar: the same person.
    pub acting_avatar_template: String,
    /// The topic's slug.
    pub slug: String,
    /// The topic.
    pub topic_id: TopicId,
    /// Whose post it is.
    pub target_user_id: UserId,
    /// Their display name.
    pub target_name: Option<String>,
    /// Their username.
    pub target_username: String,
    /// The post's number in its topic.
    pub post_number: i32,
    /// The post.
    pub post_id: PostId,
    /// Whose list this is.
    pub username: String,
    /// Their display name.
    pub name: Option<String>,
    /// Their id.
    pub user_id: UserId,
    /// Who acted: the same person.
    pub acting_username: String,
    /// Their display name.
    pub acting_name: Option<String>,
    /// Their id.
    pub acting_user_id: UserId,
    /// The topic's title.
    pub title: String,
    /// Deleted: posts are not deleted yet.
    pub deleted: bool,
    /// Hidden: posts are not hidden yet.
    pub hidden: Option<String>,
    /// Discourse's post type: 1, a regular post.
    pub post_type: i32,
    /// What a small action post records: none.
    pub action_code: Option<String>,
    /// The topic's category.
    pub category_id: CategoryId,
    /// Whether the topic is closed.
    pub closed: bool,
    /// Archived: no.
    pub archived: bool,
}

impl UserAction {
    /// `item` of `user`'s activity: they act (write, like); the post's author is the target.
    pub fn new(user: &User, item: &Item) -> UserAction {
        let named = |name: &str| (!name.is_empty()).then(|| name.to_owned());
        let (post, topic, author) = (&item.post, &item.topic, &item.author);
        UserAction {
            excerpt: crate::markdown::excerpt(&post.cooked, ACTION_EXCERPT_CHARS),
            action_type: item.action.code(),
            created_at: json_time(item.at),
            acting_avatar_template: avatar_template(&user.username),
            avatar_template: avatar_template(&author.username),
            slug: topic.slug.clone(),
            topic_id: topic.id,
            target_user_id: author.id,
            target_name: named(&author.name),
            target_username: author.username.clone(),
            post_number: post.post_number,
            post_id: post.id,
            username: author.username.clone(),
            name: named(&author.name),
            user_id: author.id,
            acting_username: user.username.clone(),
            acting_name: named(&user.name),
            acting_user_id: user.id,
            title: topic.title.clone(),
            deleted: post.deleted_at.is_some(),
            hidden: post.hidden_at.is_some().then(|| "hidden".to_owned()),
            post_type: 1,
            action_code: None,
            category_id: topic.category_id,
            closed: topic.closed,
            archived: false,
        }
    }
}

/// Characters in an action's excerpt (Discourse's user stream shows about this many).
const ACTION_EXCERPT_CHARS: usize = 300;
