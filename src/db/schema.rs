//! The database schema, owned by hand so that SQLite and PostgreSQL share one definition.
//!
//! Column types are the ones that mean the same on both backends (see
//! `shared/reference/dependencies.md`): ids are `BigInt`, timestamps `Timestamp` in UTC.
//! The integration suite loads every table on both backends, which catches drift.

diesel::table! {
    /// People with accounts.
    users (id) {
        id -> BigInt,
        username -> Text,
        username_lower -> Text,
        email -> Text,
        email_lower -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamp,
        coc_accepted_at -> Nullable<Timestamp>,
        topic_count -> BigInt,
        post_count -> BigInt,
        email_verified_at -> Nullable<Timestamp>,
        trust_level -> Integer,
        new_member_limits_exempt -> Bool,
        silenced_until -> Nullable<Timestamp>,
        silence_reason -> Nullable<Text>,
        suspended_until -> Nullable<Timestamp>,
        suspend_reason -> Nullable<Text>,
        topics_entered -> BigInt,
        posts_read_count -> BigInt,
        dismissed_new_at -> Nullable<Timestamp>,
        likes_given -> BigInt,
        likes_received -> BigInt,
    }
}

diesel::table! {
    /// Browser sessions; only the SHA-256 of the cookie token is stored.
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    /// API keys for the `Api-Key` header; only the SHA-256 of the key is stored.
    api_keys (id) {
        id -> BigInt,
        user_id -> BigInt,
        key_hash -> Text,
        description -> Text,
        created_at -> Timestamp,
        all_users -> Bool,
        scopes -> Text,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Categories, nested at most one level through `parent_id`.
    categories (id) {
        id -> BigInt,
        name -> Text,
        slug -> Text,
        description -> Text,
        color -> Text,
        parent_id -> Nullable<BigInt>,
        position -> Integer,
        read_only -> Bool,
        homepage_url -> Nullable<Text>,
        repository_url -> Nullable<Text>,
        created_at -> Timestamp,
        topic_count -> BigInt,
        post_count -> BigInt,
        last_posted_at -> Nullable<Timestamp>,
        proposals -> Bool,
        questions -> Bool,
        close_solved_after_days -> Nullable<Integer>,
    }
}

diesel::table! {
    /// Topics; counters are kept in the same transaction as the posts they count.
    topics (id) {
        id -> BigInt,
        title -> Text,
        slug -> Text,
        category_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
        bumped_at -> Timestamp,
        last_posted_at -> Timestamp,
        last_poster_id -> BigInt,
        posts_count -> Integer,
        highest_post_number -> Integer,
        closed -> Bool,
        pinned -> Bool,
        visible -> Bool,
        deleted_at -> Nullable<Timestamp>,
        slow_mode_seconds -> Integer,
        merged_into -> Nullable<BigInt>,
        has_notices -> Bool,
        solution_post_id -> Nullable<BigInt>,
        solved_at -> Nullable<Timestamp>,
        views -> BigInt,
        like_count -> Integer,
    }
}

diesel::table! {
    /// Posts: the raw Markdown and the sanitised HTML cooked from it at write time.
    posts (id) {
        id -> BigInt,
        topic_id -> BigInt,
        user_id -> BigInt,
        post_number -> Integer,
        reply_to_post_number -> Nullable<Integer>,
        raw -> Text,
        cooked -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        edit_reason -> Nullable<Text>,
        last_editor_id -> BigInt,
        hidden_at -> Nullable<Timestamp>,
        times_hidden -> Integer,
        deleted_at -> Nullable<Timestamp>,
        deleted_by_id -> Nullable<BigInt>,
        locked_at -> Nullable<Timestamp>,
        like_count -> Integer,
    }
}

diesel::table! {
    /// Superseded versions of posts (the current one lives in `posts`).
    post_revisions (id) {
        id -> BigInt,
        post_id -> BigInt,
        version -> Integer,
        raw -> Text,
        cooked -> Text,
        edit_reason -> Nullable<Text>,
        editor_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Recent login attempts, for rate limiting shared by every node.
    login_attempts (id) {
        id -> BigInt,
        username_lower -> Text,
        ip -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    /// Jobs that run once across all nodes: who holds each, until when, and when it is next due.
    job_leases (name) {
        name -> Text,
        holder -> Text,
        leased_until -> Timestamp,
        next_run_at -> Timestamp,
    }
}

diesel::table! {
    /// The change feed search follows: each row names a post, or a whole topic, to index again.
    search_changes (id) {
        id -> BigInt,
        post_id -> Nullable<BigInt>,
        topic_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Each person's mail choices: one row per account, written with it.
    user_options (user_id) {
        user_id -> BigInt,
        email_level -> Integer,
        max_emails_per_day -> Nullable<Integer>,
        digest_frequency -> Text,
        digest_all_categories -> Bool,
        time_zone -> Text,
        mailing_list_mode -> Bool,
    }
}

diesel::table! {
    /// A person's watching level for a category, and the mail it feeds them.
    category_users (user_id, category_id) {
        user_id -> BigInt,
        category_id -> BigInt,
        notification_level -> Integer,
        in_digest -> Bool,
        mailing_list -> Bool,
    }
}

diesel::table! {
    /// A person's watching level for a topic.
    topic_users (user_id, topic_id) {
        user_id -> BigInt,
        topic_id -> BigInt,
        notification_level -> Integer,
    }
}

diesel::table! {
    /// How far each member has read each topic they opened (written in batches).
    topic_reads (user_id, topic_id) {
        user_id -> BigInt,
        topic_id -> BigInt,
        last_read_post_number -> Integer,
        first_visited_at -> Timestamp,
        last_visited_at -> Timestamp,
    }
}

diesel::table! {
    /// Posts members keep to come back to, with a note and a reminder.
    bookmarks (id) {
        id -> BigInt,
        user_id -> BigInt,
        post_id -> BigInt,
        name -> Nullable<Text>,
        reminder_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Who liked which post (counted in posts, topics and users).
    post_likes (post_id, user_id) {
        post_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// What a person should know about, read or not.
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        notification_type -> Integer,
        topic_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        post_number -> Nullable<Integer>,
        actor_id -> Nullable<BigInt>,
        read -> Bool,
        created_at -> Timestamp,
        reason -> Integer,
    }
}

diesel::table! {
    /// Single-use links mailed to prove an address or reset a password (SHA-256 only).
    email_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        email -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// One row per counted action, for rate limits every node shares.
    rate_limit_hits (id) {
        id -> BigInt,
        bucket -> Text,
        hit_at -> Timestamp,
    }
}

diesel::table! {
    /// Secrets the nodes share, made once.
    site_secrets (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    /// Mail waiting to be sent, or sent, each with a key that makes it unique.
    mail_outbox (id) {
        id -> BigInt,
        dedupe_key -> Text,
        kind -> Text,
        user_id -> Nullable<BigInt>,
        to_address -> Text,
        notification_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        message -> Nullable<Text>,
        send_after -> Timestamp,
        attempts -> Integer,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        gave_up_at -> Nullable<Timestamp>,
        outcome -> Nullable<Text>,
        created_at -> Timestamp,
        staff_log_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    /// Replies received by mail, by Message-ID.
    incoming_mail (id) {
        id -> BigInt,
        message_id -> Text,
        user_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        received_at -> Timestamp,
    }
}

diesel::table! {
    /// Moderators of one category.
    category_moderators (category_id, user_id) {
        category_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    /// The review queue: flagged posts and code-of-conduct cases.
    reviewables (id) {
        id -> BigInt,
        kind -> Text,
        status -> Integer,
        case_state -> Nullable<Text>,
        post_id -> Nullable<BigInt>,
        topic_id -> Nullable<BigInt>,
        category_id -> Nullable<BigInt>,
        target_user_id -> Nullable<BigInt>,
        created_by_id -> Nullable<BigInt>,
        score -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        resolved_by_id -> Nullable<BigInt>,
        resolved_at -> Nullable<Timestamp>,
        resolution -> Nullable<Text>,
        resolution_note -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    /// Flags on posts, each with how it was resolved.
    post_actions (id) {
        id -> BigInt,
        post_id -> BigInt,
        user_id -> BigInt,
        post_action_type_id -> Integer,
        message -> Nullable<Text>,
        reviewable_id -> Nullable<BigInt>,
        status -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// The private thread of a code-of-conduct case.
    case_messages (id) {
        id -> BigInt,
        reviewable_id -> BigInt,
        user_id -> Nullable<BigInt>,
        raw -> Text,
        cooked -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Every moderator and admin action, with names copied in so it outlives its targets.
    staff_action_logs (id) {
        id -> BigInt,
        action -> Text,
        acting_user_id -> Nullable<BigInt>,
        acting_username -> Text,
        target_user_id -> Nullable<BigInt>,
        target_username -> Nullable<Text>,
        topic_id -> Nullable<BigInt>,
        post_id -> Nullable<BigInt>,
        category_id -> Nullable<BigInt>,
        subject -> Nullable<Text>,
        previous_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        reason -> Nullable<Text>,
        public -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Words an admin lists: posts with them are refused, queued, or shown masked.
    watched_words (id) {
        id -> BigInt,
        word -> Text,
        action -> Text,
        created_by_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Posts waiting for a moderator's approval, one per `queued_post` review item.
    queued_posts (reviewable_id) {
        reviewable_id -> BigInt,
        user_id -> BigInt,
        category_id -> Nullable<BigInt>,
        topic_id -> Nullable<BigInt>,
        title -> Nullable<Text>,
        reply_to_post_number -> Nullable<Integer>,
        raw -> Text,
        cooked -> Text,
        reason -> Text,
        word -> Nullable<Text>,
        created_at -> Timestamp,
        tags -> Nullable<Text>,
    }
}

diesel::table! {
    /// What staff write about a member: private notes, and official warnings they are shown.
    user_notes (id) {
        id -> BigInt,
        user_id -> BigInt,
        author_id -> Nullable<BigInt>,
        author_username -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Named sets of members that admins manage (the steering committee is one).
    groups (id) {
        id -> BigInt,
        name -> Text,
        full_name -> Text,
        description -> Text,
        created_at -> Timestamp,
        exempt_new_member_limits -> Bool,
    }
}

diesel::table! {
    /// Who is in which group.
    group_members (group_id, user_id) {
        group_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// The ecosystem's projects: core ones endorse proposals, any may adopt them.
    projects (id) {
        id -> BigInt,
        slug -> Text,
        name -> Text,
        category_id -> Nullable<BigInt>,
        is_core -> Bool,
        homepage_url -> Nullable<Text>,
        repository_url -> Nullable<Text>,
        package_url -> Nullable<Text>,
        licence -> Nullable<Text>,
        logo_url -> Nullable<Text>,
        contact -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Who may act for a project.
    project_representatives (project_id, user_id) {
        project_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Topics that are proposals, with their stage and links.
    proposals (topic_id) {
        topic_id -> BigInt,
        stage -> Text,
        kind -> Text,
        number -> Nullable<Integer>,
        pull_request_url -> Nullable<Text>,
        document_url -> Nullable<Text>,
        idea_topic_id -> Nullable<BigInt>,
        comments_topic_id -> Nullable<BigInt>,
        superseded_by -> Nullable<BigInt>,
        stage_changed_at -> Timestamp,
        stage_changed_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A proposal's authors, members or names, in order.
    proposal_authors (id) {
        id -> BigInt,
        proposal_id -> BigInt,
        position -> Integer,
        user_id -> Nullable<BigInt>,
        name -> Text,
    }
}

diesel::table! {
    /// Core projects' endorsements of proposals.
    proposal_endorsements (proposal_id, project_id) {
        proposal_id -> BigInt,
        project_id -> BigInt,
        user_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        to_reconfirm -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Projects' adoptions of proposals.
    proposal_adoptions (proposal_id, project_id) {
        proposal_id -> BigInt,
        project_id -> BigInt,
        user_id -> Nullable<BigInt>,
        url -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// What happened to each proposal, oldest first.
    proposal_events (id) {
        id -> BigInt,
        proposal_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        actor_name -> Nullable<Text>,
        project_id -> Nullable<BigInt>,
        from_stage -> Nullable<Text>,
        to_stage -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Tags topics carry (lower case, unique).
    tags (id) {
        id -> BigInt,
        name -> Text,
        description -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Which topic carries which tag.
    topic_tags (topic_id, tag_id) {
        topic_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    /// Named sets of tags, optionally restricted to categories.
    tag_groups (id) {
        id -> BigInt,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// The tags in each tag group.
    tag_group_tags (tag_group_id, tag_id) {
        tag_group_id -> BigInt,
        tag_id -> BigInt,
    }
}

diesel::table! {
    /// The categories a tag group's tags are allowed in (none: anywhere).
    tag_group_categories (tag_group_id, category_id) {
        tag_group_id -> BigInt,
        category_id -> BigInt,
    }
}

diesel::table! {
    /// Polls in posts (defined by the post's Markdown).
    polls (id) {
        id -> BigInt,
        post_id -> BigInt,
        name -> Text,
        min_choices -> Integer,
        max_choices -> Integer,
        results -> Text,
        public -> Bool,
        closes_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A poll's options, in order.
    poll_options (id) {
        id -> BigInt,
        poll_id -> BigInt,
        position -> Integer,
        text -> Text,
    }
}

diesel::table! {
    /// Who chose which option.
    poll_votes (poll_id, user_id, option_id) {
        poll_id -> BigInt,
        option_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(user_options -> users (user_id));
diesel::joinable!(category_users -> users (user_id));
diesel::joinable!(category_users -> categories (category_id));
diesel::joinable!(topic_users -> users (user_id));
diesel::joinable!(topic_users -> topics (topic_id));
diesel::joinable!(topic_reads -> users (user_id));
diesel::joinable!(post_likes -> users (user_id));
diesel::joinable!(bookmarks -> users (user_id));
diesel::joinable!(bookmarks -> posts (post_id));
diesel::joinable!(post_likes -> posts (post_id));
diesel::joinable!(topic_reads -> topics (topic_id));
diesel::joinable!(notifications -> topics (topic_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(mail_outbox -> users (user_id));
diesel::joinable!(api_keys -> users (user_id));
diesel::joinable!(topics -> categories (category_id));
diesel::joinable!(posts -> topics (topic_id));
diesel::joinable!(posts -> users (user_id));
diesel::joinable!(post_revisions -> posts (post_id));
diesel::joinable!(post_revisions -> users (editor_id));
diesel::joinable!(category_moderators -> categories (category_id));
diesel::joinable!(category_moderators -> users (user_id));
diesel::joinable!(post_actions -> posts (post_id));
diesel::joinable!(post_actions -> users (user_id));
diesel::joinable!(post_actions -> reviewables (reviewable_id));
diesel::joinable!(reviewables -> posts (post_id));
diesel::joinable!(case_messages -> reviewables (reviewable_id));
diesel::joinable!(case_messages -> users (user_id));
diesel::joinable!(queued_posts -> reviewables (reviewable_id));
diesel::joinable!(queued_posts -> users (user_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(project_representatives -> projects (project_id));
diesel::joinable!(project_representatives -> users (user_id));
diesel::joinable!(proposals -> topics (topic_id));
diesel::joinable!(proposal_endorsements -> projects (project_id));
diesel::joinable!(proposal_adoptions -> projects (project_id));

diesel::joinable!(topic_tags -> topics (topic_id));
diesel::joinable!(topic_tags -> tags (tag_id));
diesel::joinable!(tag_group_tags -> tags (tag_id));
diesel::joinable!(tag_group_tags -> tag_groups (tag_group_id));
diesel::joinable!(tag_group_categories -> tag_groups (tag_group_id));

diesel::joinable!(poll_options -> polls (poll_id));
diesel::joinable!(poll_votes -> poll_options (option_id));
diesel::joinable!(poll_votes -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    polls,
    poll_options,
    poll_votes,
    tags,
    topic_tags,
    tag_groups,
    tag_group_tags,
    tag_group_categories,
    users,
    sessions,
    api_keys,
    categories,
    topics,
    posts,
    post_revisions,
    login_attempts,
    search_changes,
    user_options,
    category_users,
    topic_users,
    topic_reads,
    post_likes,
    bookmarks,
    notifications,
    email_tokens,
    rate_limit_hits,
    site_secrets,
    mail_outbox,
    incoming_mail,
    category_moderators,
    reviewables,
    watched_words,
    queued_posts,
    post_actions,
    case_messages,
    staff_action_logs,
    user_notes,
    groups,
    group_members,
    projects,
    project_representatives,
    proposals,
    proposal_authors,
    proposal_endorsements,
    proposal_adoptions,
    proposal_events,
);
