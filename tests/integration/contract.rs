//! The Discourse API contract: for every documented operation Convene implements, the
//! documented request is accepted (in each documented body encoding) and the answer validates
//! against the documented response schema (`tests/contract/discourse-openapi.json`, with the
//! errata below). The coverage table in `docs/api.md` is checked against what is implemented.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use convene::models::user::Role;

/// Discourse's own description of its API, copied unchanged (licence in tests/contract/).
fn openapi() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/contract/discourse-openapi.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A correction to the description: where it is wrong about what Discourse itself sends, or
/// where Convene deliberately adds a field. Each is listed in docs/api.md with its reason.
struct Erratum {
    operation: &'static str,
    /// JSON pointer into the operation's 200 response schema.
    pointer: &'static str,
    /// What goes there instead.
    schema: fn() -> Value,
    /// Why.
    reason: &'static str,
}

fn nullable(kind: &'static str) -> Value {
    json!({"type": [kind, "null"]})
}

/// Every correction, in one place. The pointers name schema locations, so a correction that
/// no longer applies (the document changed) fails the test rather than passing silently.
fn errata() -> Vec<Erratum> {
    let mut all = vec![
        Erratum {
            operation: "listLatestTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/image_url",
            schema: || nullable("string"),
            reason: "Discourse sends null for a topic without an image (listCategoryTopics says so).",
        },
        Erratum {
            operation: "listLatestTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/bookmarked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise (as listCategoryTopics allows).",
        },
        Erratum {
            operation: "listLatestTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/liked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise (as listCategoryTopics allows).",
        },
        Erratum {
            operation: "listLatestTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/posters/items/properties/extras",
            schema: || nullable("string"),
            reason: "Discourse's TopicPosterSerializer sends null extras for posters who are not the latest.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/posters/items/properties/extras",
            schema: || nullable("string"),
            reason: "Discourse's TopicPosterSerializer sends null extras for posters who are not the latest.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/excerpt",
            schema: || nullable("string"),
            reason: "Discourse sends an excerpt for pinned topics only.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/bookmarked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/liked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/more_topics_url",
            schema: || json!({"type": "string"}),
            reason: "Discourse pages category lists with more_topics_url, as it does /latest.",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/draft",
            schema: || nullable("string"),
            reason: "Sent by Discourse's TopicListSerializer on every list (listLatestTopics documents it).",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/draft_key",
            schema: || json!({"type": "string"}),
            reason: "Sent by Discourse's TopicListSerializer on every list (listLatestTopics documents it).",
        },
        Erratum {
            operation: "listCategoryTopics",
            pointer: "/properties/topic_list/properties/draft_sequence",
            schema: || json!({"type": "integer"}),
            reason: "Sent by Discourse's TopicListSerializer on every list (listLatestTopics documents it).",
        },
        Erratum {
            operation: "getTopic",
            pointer: "/properties/post_stream/properties/posts/items/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "getTopic",
            pointer: "/properties/post_stream/properties/posts/items/properties/reviewable_id",
            schema: || nullable("integer"),
            reason: "null when the post has no review item, as getPost documents.",
        },
        Erratum {
            operation: "getPost",
            pointer: "/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "createTopicPostPM",
            pointer: "/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "createTopicPostPM",
            pointer: "/properties/reviewable_id",
            schema: || nullable("integer"),
            reason: "null when the post has no review item, as getPost documents.",
        },
        Erratum {
            operation: "updatePost",
            pointer: "/properties/post/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "updatePost",
            pointer: "/properties/post/properties/reviewable_id",
            schema: || nullable("integer"),
            reason: "null when the post has no review item, as getPost documents.",
        },
        Erratum {
            operation: "listCategories",
            pointer: "/properties/category_list/properties/categories/items/properties/read_only",
            schema: || json!({"type": "boolean"}),
            reason: "Convene adds it: only staff post in the category.",
        },
        Erratum {
            operation: "listCategories",
            pointer: "/properties/category_list/properties/categories/items/properties/homepage_url",
            schema: || nullable("string"),
            reason: "Convene adds it: a project category's homepage.",
        },
        Erratum {
            operation: "listCategories",
            pointer: "/properties/category_list/properties/categories/items/properties/repository_url",
            schema: || nullable("string"),
            reason: "Convene adds it: a project category's source repository.",
        },
        Erratum {
            operation: "getUser",
            pointer: "/properties/user/required",
            schema: || {
                json!([
                    "id",
                    "username",
                    "name",
                    "avatar_template",
                    "last_posted_at",
                    "last_seen_at",
                    "created_at",
                    "ignored",
                    "muted",
                    "can_ignore_user",
                    "can_mute_user",
                    "can_send_private_messages",
                    "can_send_private_message_to_user",
                    "trust_level",
                    "moderator",
                    "admin",
                    "title",
                    "badge_count",
                    "time_read",
                    "recent_time_read",
                    "primary_group_id",
                    "primary_group_name",
                    "flair_group_id",
                    "flair_name",
                    "flair_url",
                    "flair_bg_color",
                    "flair_color",
                    "staged",
                    "can_edit",
                    "can_edit_username",
                    "can_edit_email",
                    "can_edit_name",
                    "uploaded_avatar_id",
                    "has_title_badges",
                    "pending_count",
                    "profile_view_count",
                    "second_factor_enabled",
                    "can_upload_profile_header",
                    "can_upload_user_card_background",
                    "post_count",
                    "can_be_deleted",
                    "can_delete_all_posts",
                    "system_avatar_template",
                    "use_logo_small_as_avatar",
                    "featured_user_badge_ids",
                    "invited_by",
                    "groups",
                    "group_users"
                ])
            },
            reason: "The description was recorded from people viewing their own profile; Discourse \
                 sends private settings (email and notification options, sessions, muted \
                 people and categories, API keys) only to them and to staff.",
        },
        Erratum {
            operation: "listTopTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/bookmarked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise (as listCategoryTopics allows).",
        },
        Erratum {
            operation: "listTopTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/liked",
            schema: || nullable("boolean"),
            reason: "true or false for a signed-in viewer, null otherwise (as listCategoryTopics allows).",
        },
        Erratum {
            operation: "listTopTopics",
            pointer: "/properties/topic_list/properties/topics/items/properties/unpinned",
            schema: || nullable("boolean"),
            reason: "null unless the viewer unpinned the topic (listLatestTopics allows null).",
        },
        Erratum {
            operation: "getSpecificPostsFromTopic",
            pointer: "/properties/post_stream/properties/posts/items/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "getSpecificPostsFromTopic",
            pointer: "/properties/post_stream/properties/posts/items/properties/reviewable_id",
            schema: || nullable("integer"),
            reason: "null when the post has no review item, as getPost documents.",
        },
        Erratum {
            operation: "listPosts",
            pointer: "/properties/latest_posts/items/properties/reply_to_post_number",
            schema: || nullable("integer"),
            reason: "A post number: Discourse sends an integer (or null), not a string.",
        },
        Erratum {
            operation: "search",
            pointer: "/properties/topics",
            schema: || json!({"type": "array", "items": {"type": "object"}}),
            reason: "Discourse's full-page search sends the topics of the posts it found.",
        },
        Erratum {
            operation: "search",
            pointer: "/properties/grouped_search_result/properties/more_posts",
            schema: || nullable("boolean"),
            reason: "Discourse's GroupedSearchResultSerializer sends true when more posts match, else null.",
        },
        Erratum {
            operation: "search",
            pointer: "/properties/grouped_search_result/properties/more_full_page_results",
            schema: || nullable("boolean"),
            reason: "The same: true or null.",
        },
    ];
    all.extend([
        Erratum {
            operation: "getSite",
            pointer: "/properties/uncategorized_category_id",
            schema: || nullable("integer"),
            reason: "Convene has no catch-all category: every topic is in one its author chose.",
        },
        Erratum {
            operation: "listUserActions",
            pointer: "/properties/user_actions/items/properties/post_id",
            schema: || nullable("integer"),
            reason: "A post id: Discourse's UserActionSerializer sends an integer (null only for actions without a post).",
        },
        Erratum {
            operation: "listUserActions",
            pointer: "/properties/user_actions/items/properties/post_type",
            schema: || nullable("integer"),
            reason: "Discourse's post types are numbers (1 regular, 2 moderator action, 3 small action, 4 whisper).",
        },
        Erratum {
            operation: "adminGetUser",
            pointer: "/properties/ip_address",
            schema: || nullable("string"),
            reason: "Convene does not keep people's IP addresses (registration_ip_address may be null already).",
        },
    ]);
    // A post's like entry, as getPost documents it: Discourse's PostSerializer sends `count`,
    // `acted` and `can_undo` wherever it summarises actions, and `can_act` only when true.
    for (operation, pointer) in [
        (
            "getTopic",
            "/properties/post_stream/properties/posts/items/properties/actions_summary",
        ),
        (
            "listPosts",
            "/properties/latest_posts/items/properties/actions_summary",
        ),
        ("postReplies", "/items/properties/actions_summary"),
        ("createTopicPostPM", "/properties/actions_summary"),
        ("updatePost", "/properties/post/properties/actions_summary"),
    ] {
        all.push(Erratum {
            operation,
            pointer,
            schema: || {
                json!({"type": "array", "items": {"type": "object", "additionalProperties": false,
                    "properties": {"id": {"type": "integer"}, "count": {"type": "integer"},
                        "acted": {"type": "boolean"}, "can_undo": {"type": "boolean"},
                        "can_act": {"type": "boolean"}},
                    "required": ["id"]}})
            },
            reason: "As getPost documents it: Discourse sends a like's count, acted and can_undo in every post's summary, and can_act only when true.",
        });
    }
    // A topic in a list carries its tags' names when it has tags, as Discourse's lists do with
    // tagging on (the document was written with it off); a tag's list says who may act on it.
    for operation in ["listLatestTopics", "listCategoryTopics"] {
        all.push(Erratum {
            operation,
            pointer: "/properties/topic_list/properties/topics/items/properties/tags",
            schema: || json!({"type": "array", "items": {"type": "string"}}),
            reason: "Discourse's TopicListItemSerializer adds the tags' names when tagging is on.",
        });
    }
    for field in ["bookmarked", "liked"] {
        all.push(Erratum {
            operation: "getTag",
            pointer: match field {
                "bookmarked" => "/properties/topic_list/properties/topics/items/properties/bookmarked",
                _ => "/properties/topic_list/properties/topics/items/properties/liked",
            },
            schema: || nullable("boolean"),
            reason: "null for a viewer who has not acted on it or is not signed in (as listCategoryTopics allows).",
        });
    }
    // Convene's fields on a category in full, in all three answers that carry one.
    for operation in ["getCategory", "createCategory", "updateCategory"] {
        all.extend([
            Erratum {
                operation,
                pointer: "/properties/category/properties/parent_category_id",
                schema: || nullable("integer"),
                reason: "Discourse's CategorySerializer sends it for subcategories (listCategories' subcategory_ids point the other way).",
            },
            Erratum {
                operation,
                pointer: "/properties/category/properties/read_only",
                schema: || json!({"type": "boolean"}),
                reason: "Convene adds it: only staff post in the category.",
            },
            Erratum {
                operation,
                pointer: "/properties/category/properties/homepage_url",
                schema: || nullable("string"),
                reason: "Convene adds it: a project category's homepage.",
            },
            Erratum {
                operation,
                pointer: "/properties/category/properties/repository_url",
                schema: || nullable("string"),
                reason: "Convene adds it: a project category's source repository.",
            },
        ]);
    }
    all
}

/// The 200 response schema of `operation`, corrected by the errata.
fn response_schema(document: &Value, operation: &str) -> Value {
    let mut schema = operations(document)
        .into_iter()
        .find(|op| op.id == operation)
        .unwrap_or_else(|| panic!("{operation} is not documented"))
        .response;
    for erratum in errata().iter().filter(|e| e.operation == operation) {
        let (parent, name) = erratum.pointer.rsplit_once('/').unwrap();
        let target = schema
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{}: no {parent} in the schema", erratum.operation));
        target
            .as_object_mut()
            .unwrap_or_else(|| panic!("{}: {parent} is not an object", erratum.operation))
            .insert(name.to_owned(), (erratum.schema)());
        assert!(!erratum.reason.is_empty());
    }
    schema
}

/// A documented operation.
struct Operation {
    id: String,
    tags: Vec<String>,
    response: Value,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for methods in document["paths"].as_object().unwrap().values() {
        for (method, operation) in methods.as_object().unwrap() {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            found.push(Operation {
                id: operation["operationId"].as_str().unwrap().to_owned(),
                tags: operation["tags"]
                    .as_array()
                    .map(|t| t.iter().map(|t| t.as_str().unwrap().to_owned()).collect())
                    .unwrap_or_default(),
                response: operation["responses"]["200"]["content"]["application/json"]["schema"]
                    .clone(),
            });
        }
    }
    found
}

/// Who sends a request.
#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    Member,
    Admin,
}

/// One documented request: the operation, and how to send it.
struct Call {
    operation: &'static str,
    method: Method,
    path: String,
    who: Who,
    /// The body, nested as JSON; sent in every encoding.
    body: Option<Value>,
}

/// A nested body as Rails-style form pairs (`post[raw]`, `tags[]`).
fn rails_pairs(value: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}[{key}]")
                };
                rails_pairs(inner, &name, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                rails_pairs(item, &format!("{prefix}[]"), out);
            }
        }
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Null => {}
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

fn multipart(pairs: &[(String, String)]) -> (String, Vec<u8>) {
    let boundary = "convene-contract-boundary";
    let mut body = Vec::new();
    for (name, value) in pairs {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The documented operations Convene implements, with requests that exercise them on the
/// forum `fill` built.
fn calls(f: &Forum) -> Vec<Call> {
    let get = |operation, path: String, who| Call {
        operation,
        method: Method::GET,
        path,
        who,
        body: None,
    };
    let send = |operation, method, path: String, body: Value| Call {
        operation,
        method,
        path,
        who: Who::Member,
        body: Some(body),
    };
    vec![
        get("listLatestTopics", "/latest.json".into(), Who::Anonymous),
        get("listLatestTopics", "/latest.json".into(), Who::Member),
        get(
            "listCategoryTopics",
            format!("/c/{}/{}.json", f.category_slug, f.category_id),
            Who::Anonymous,
        ),
        get(
            "getTopic",
            format!("/t/{}.json", f.topic_id),
            Who::Anonymous,
        ),
        get("getTopic", format!("/t/{}.json", f.topic_id), Who::Member),
        get(
            "getTopic",
            format!("/t/{}/{}.json?page=2", f.topic_slug, f.long_topic_id),
            Who::Member,
        ),
        get(
            "getPost",
            format!("/posts/{}.json", f.reply_id),
            Who::Member,
        ),
        get("listCategories", "/categories.json".into(), Who::Anonymous),
        get("listTopTopics", "/top.json".into(), Who::Anonymous),
        get(
            "listTopTopics",
            "/top.json?period=all&per_page=2".into(),
            Who::Member,
        ),
        get(
            "getSpecificPostsFromTopic",
            format!(
                "/t/{}/posts.json?post_ids[]={}&post_ids[]={}",
                f.topic_id, f.reply_id, f.answer_id
            ),
            Who::Member,
        ),
        get(
            "getTopic",
            format!("/t/{}.json?print=true", f.long_topic_id),
            Who::Anonymous,
        ),
        get("listPosts", "/posts.json".into(), Who::Anonymous),
        get(
            "listPosts",
            format!("/posts.json?before={}", f.reply_id + 2),
            Who::Member,
        ),
        get(
            "postReplies",
            format!("/posts/{}/replies.json", f.first_post_id),
            Who::Anonymous,
        ),
        get(
            "getCategory",
            format!("/c/{}/show.json", f.category_id),
            Who::Anonymous,
        ),
        get(
            "getSiteBasicInfo",
            "/site/basic-info.json".into(),
            Who::Anonymous,
        ),
        get(
            "listUsersPublic",
            "/directory_items.json?period=all&order=post_count".into(),
            Who::Anonymous,
        ),
        get(
            "adminListUsers",
            "/admin/users.json?show_emails=true".into(),
            Who::Admin,
        ),
        get(
            "adminListUsersFlag",
            "/admin/users/list/staff.json".into(),
            Who::Admin,
        ),
        get(
            "adminGetUser",
            format!("/admin/users/{}.json", f.ada_id),
            Who::Admin,
        ),
        get("getSite", "/site.json".into(), Who::Anonymous),
        get(
            "getUserEmails",
            "/u/api_member/emails.json".into(),
            Who::Member,
        ),
        get(
            "listUserActions",
            "/user_actions.json?offset=0&username=ada&filter=4,5".into(),
            Who::Anonymous,
        ),
        get("getSite", "/site.json".into(), Who::Admin),
        get("listTags", "/tags.json".into(), Who::Anonymous),
        get("getTag", "/tag/arrays.json".into(), Who::Anonymous),
        get("getTag", "/tag/arrays.json".into(), Who::Member),
        get("listTagGroups", "/tag_groups.json".into(), Who::Admin),
        get(
            "getTagGroup",
            format!("/tag_groups/{}.json", f.tag_group_id),
            Who::Admin,
        ),
        Call {
            operation: "createTagGroup",
            method: Method::POST,
            path: "/tag_groups.json".into(),
            who: Who::Admin,
            body: Some(json!({"name": "Group %ENC%"})),
        },
        Call {
            operation: "updateTagGroup",
            method: Method::PUT,
            path: format!("/tag_groups/{}.json", f.tag_group_id),
            who: Who::Admin,
            body: Some(json!({"name": "Data (%ENC%)"})),
        },
        Call {
            operation: "createUser",
            method: Method::POST,
            path: "/users.json".into(),
            who: Who::Admin,
            body: Some(json!({
                "name": "New person",
                "username": "newcomer_%ENC%",
                "email": "newcomer-%ENC%@example.org",
                "password": "a long enough password",
                "active": true
            })),
        },
        Call {
            operation: "createCategory",
            method: Method::POST,
            path: "/categories.json".into(),
            who: Who::Admin,
            body: Some(
                json!({"name": "SPECs (%ENC%)", "color": "1D4F91", "text_color": "FFFFFF", "permissions": {"everyone": 1}}),
            ),
        },
        Call {
            operation: "updateCategory",
            method: Method::PUT,
            path: format!("/categories/{}.json", f.category_id),
            who: Who::Admin,
            body: Some(json!({"name": "General discussion", "color": "0088CC"})),
        },
        send(
            "updateTopic",
            Method::PUT,
            format!("/t/-/{}.json", f.own_topic_id),
            json!({"topic": {"title": "The member's own, renamed", "category_id": f.category_id}}),
        ),
        Call {
            operation: "updateTopicStatus",
            method: Method::PUT,
            path: format!("/t/{}/status.json", f.topic_id),
            who: Who::Admin,
            body: Some(json!({"status": "pinned", "enabled": "true"})),
        },
        get("listCategories", "/categories.json".into(), Who::Member),
        get("getUser", "/u/ada.json".into(), Who::Anonymous),
        get(
            "search",
            "/search.json?q=replies%20%40ada%20order%3Alatest&page=1".into(),
            Who::Anonymous,
        ),
        send(
            "createTopicPostPM",
            Method::POST,
            "/posts.json".into(),
            json!({"title": "A topic from the contract test", "raw": "Body with `code`.", "category": f.category_id}),
        ),
        send(
            "createTopicPostPM",
            Method::POST,
            "/posts.json".into(),
            json!({"topic_id": f.topic_id, "raw": "A reply to #1", "reply_to_post_number": 1}),
        ),
        get(
            "getNotifications",
            "/notifications.json".into(),
            Who::Member,
        ),
        send(
            "markNotificationsAsRead",
            Method::PUT,
            "/notifications/mark-read.json".into(),
            json!({"id": f.notification_id}),
        ),
        send(
            "setNotificationLevel",
            Method::POST,
            format!("/t/{}/notifications.json", f.topic_id),
            json!({"notification_level": "3"}),
        ),
        send(
            "updatePost",
            Method::PUT,
            format!("/posts/{}.json", f.own_post_id),
            json!({"post": {"raw": "Edited by the contract test.", "edit_reason": "testing"}}),
        ),
        // A member flags one post per encoding (a second flag on the same post is a 409).
        send(
            "performPostAction",
            Method::POST,
            "/post_actions.json".into(),
            json!({"id": "%FLAG_POST%", "post_action_type_id": 3}),
        ),
        Call {
            operation: "lockPost",
            method: Method::PUT,
            path: format!("/posts/{}/locked.json", f.reply_id),
            who: Who::Admin,
            body: Some(json!({"locked": "true"})),
        },
        Call {
            operation: "suspendUser",
            method: Method::PUT,
            path: format!("/admin/users/{}/suspend.json", f.sanctioned_id),
            who: Who::Admin,
            body: Some(json!({"suspend_until": "2030-02-22", "reason": "Spam, after a warning."})),
        },
        Call {
            operation: "silenceUser",
            method: Method::PUT,
            path: format!("/admin/users/{}/silence.json", f.sanctioned_id),
            who: Who::Admin,
            body: Some(
                json!({"silenced_till": "2030-06-01T08:00:00.000Z", "reason": "Cooling off."}),
            ),
        },
        // Last: after it, the sanctioned member is `anon{id}` (again, for each encoding).
        Call {
            operation: "anonymizeUser",
            method: Method::PUT,
            path: format!("/admin/users/{}/anonymize.json", f.sanctioned_id),
            who: Who::Admin,
            body: Some(json!({})),
        },
    ]
}

/// What the contract test's forum holds.
#[derive(Default)]
struct Forum {
    category_id: i64,
    category_slug: String,
    topic_id: i64,
    topic_slug: String,
    long_topic_id: i64,
    reply_id: i64,
    answer_id: i64,
    first_post_id: i64,
    own_post_id: i64,
    own_topic_id: i64,
    ada_id: i64,
    notification_id: i64,
    /// Someone to silence and suspend.
    sanctioned_id: i64,
    /// Posts by ada for the member to flag, one per body encoding.
    flag_posts: Vec<(&'static str, i64)>,
    /// A tag group holding the tag `arrays`, which the topic with replies carries.
    tag_group_id: i64,
}

impl Forum {
    /// The body with this encoding's post to flag in place of `"%FLAG_POST%"`.
    fn with_flag_post(&self, body: &str, encoding: &str) -> String {
        let post = self
            .flag_posts
            .iter()
            .find(|(e, _)| *e == encoding)
            .map_or(0, |(_, id)| *id);
        body.replace("\"%FLAG_POST%\"", &post.to_string())
    }
}

/// A small forum: topics with replies (one long enough for a second page), and a post of
/// the API member's own to edit.
fn fill(app: &TestApp, member: &convene::models::user::User) -> Forum {
    use convene::models::post::Post;
    let ada = app.create_user("ada", Role::User);
    let category = app.create_category("General", false, None);
    // A staff-only subcategory, so /site.json shows nesting and a read-only permission.
    app.create_category("Announcements", true, Some(&category));
    let topic = app.create_topic(&ada, &category, "Topic with replies", 3);
    // Two replies that answer the first post, for postReplies.
    {
        use convene::models::post::{Body, ReplyInput};
        let guardian = convene::auth::Guardian::for_user(&ada);
        for text in ["Answering #1", "Also answering #1"] {
            let reply = ReplyInput {
                topic: topic.id,
                body: Body::new(text.into(), 1000).unwrap(),
                reply_to: Some(1),
            };
            let cooked = convene::markdown::cook(text);
            app.write(|tx| convene::services::post::reply(tx, &guardian, &reply, &cooked));
        }
    }
    // The member likes a reply, so posts carry a like's count and the member's standing.
    let liked = app
        .with_conn(|c| Post::find_by_number(c, topic.id, 2))
        .unwrap()
        .unwrap();
    let liker = convene::auth::Guardian::for_user(member);
    app.write(|tx| convene::services::likes::like(tx, &liker, liked.id));
    let long = app.create_topic(&ada, &category, "A long one", 25);
    let own = app.create_topic(member, &category, "The member's own", 0);
    // Ada answers the member, so the member has a notification to list and mark read.
    app.reply(&ada, own.id, "@api_member, a thought on your topic.");
    let notification_id = app
        .with_conn(|c| convene::models::notification::Notification::for_user(c, member.id, 0, 1))
        .unwrap()[0]
        .notification
        .id
        .0;
    let post = |topic_id, number| {
        app.with_conn(|c| Post::find_by_number(c, topic_id, number))
            .unwrap()
            .unwrap()
            .id
            .0
    };
    let tag_group_id = app
        .write(|tx| {
            let operator = convene::auth::Guardian::system();
            let rules = app.config.tags;
            convene::services::tags::save_tag(tx, &operator, "arrays", Some("N-dimensional"))?;
            convene::services::tags::retag(tx, &operator, &rules, topic.id, &["arrays".into()])?;
            convene::services::tags::save_group(
                tx,
                &operator,
                None,
                &convene::services::tags::GroupDraft {
                    name: "Data".into(),
                    tags: Some(vec!["arrays".into()]),
                    categories: None,
                },
            )
        })
        .id
        .0;
    Forum {
        tag_group_id,
        category_id: category.id.0,
        category_slug: category.slug.clone(),
        topic_id: topic.id.0,
        topic_slug: topic.slug.clone(),
        long_topic_id: long.id.0,
        reply_id: post(topic.id, 2),
        answer_id: post(topic.id, 5),
        first_post_id: post(topic.id, 1),
        own_post_id: post(own.id, 1),
        own_topic_id: own.id.0,
        ada_id: ada.id.0,
        notification_id,
        sanctioned_id: app.create_user("troublemaker", Role::User).id.0,
        flag_posts: vec![
            ("json", post(long.id, 2)),
            ("form", post(long.id, 3)),
            ("multipart", post(long.id, 4)),
        ],
    }
}

#[actix_web::test]
async fn every_implemented_operation_answers_as_documented_in_every_encoding() {
    let document = openapi();
    let app = TestApp::spawn_with(TestApp::unlimited_posting).await;
    let member = app.create_user("api_member", Role::User);
    let key = app.api_key(&member);
    let admin = app.create_user("api_admin", Role::Admin);
    let admin_key = app.api_key(&admin);
    let forum = fill(&app, &member);
    let mut failures = Vec::new();
    for call in calls(&forum) {
        let schema = response_schema(&document, call.operation);
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{}: the schema does not compile: {e}", call.operation));
        let encodings: &[&str] = match call.body {
            Some(_) => &["json", "form", "multipart"],
            None => &["none"],
        };
        for encoding in encodings {
            let mut request = app
                .client
                .raw()
                .request(call.method.clone(), format!("{}{}", app.base, call.path))
                .header("Accept", "application/json");
            request = match call.who {
                Who::Anonymous => request,
                Who::Member => request
                    .header("Api-Key", &key)
                    .header("Api-Username", &member.username),
                Who::Admin => request
                    .header("Api-Key", &admin_key)
                    .header("Api-Username", &admin.username),
            };
            if let Some(body) = &call.body {
                // Names that must be unique (a category's) differ per encoding.
                let text = forum.with_flag_post(&body.to_string(), encoding);
                let body: Value = serde_json::from_str(&text.replace("%ENC%", encoding)).unwrap();
                let body = &body;
                let mut pairs = Vec::new();
                rails_pairs(body, "", &mut pairs);
                request = match *encoding {
                    "json" => request.json(body),
                    "form" => request.form(&pairs),
                    _ => {
                        let (content_type, bytes) = multipart(&pairs);
                        request.header("Content-Type", content_type).body(bytes)
                    }
                };
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            let text = response.text().await.unwrap();
            let label = format!(
                "{} {} {} ({encoding}, {:?})",
                call.operation, call.method, call.path, call.who
            );
            if status != 200 || content_type != "application/json; charset=utf-8" {
                failures.push(format!("{label}: {status} {content_type}: {text}"));
                continue;
            }
            let value: Value = serde_json::from_str(&text).unwrap();
            let problems: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("  {} at {}", e, e.instance_path()))
                .take(12)
                .collect();
            if !problems.is_empty() {
                failures.push(format!("{label}:\n{}", problems.join("\n")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "not as documented:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_corrected_schemas_still_refuse_what_discourse_would_not_send() {
    let document = openapi();
    let schema = response_schema(&document, "listCategoryTopics");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let list = json!({"can_create_topic": false, "per_page": 30, "topics": []});
    assert!(validator.is_valid(&json!({"topic_list": list})));
    assert!(!validator.is_valid(&json!({})), "topic_list is required");
    let mut extra = list.clone();
    extra["homepage"] = json!("x");
    assert!(
        !validator.is_valid(&json!({"topic_list": extra})),
        "closed objects refuse fields the description does not name"
    );
    let mut wrong = list;
    wrong["per_page"] = json!("thirty");
    assert!(
        !validator.is_valid(&json!({"topic_list": wrong})),
        "types are checked"
    );
}

/// Implemented and documented operations by tag, as docs/api.md shows them.
fn coverage_table(document: &Value, implemented: &[&str]) -> String {
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for operation in operations(document) {
        let tag = operation.tags.join(", ");
        let entry = by_tag.entry(tag).or_default();
        entry.1 += 1;
        if implemented.contains(&operation.id.as_str()) {
            entry.0 += 1;
        }
    }
    let mut table = String::from("| tag | implemented | documented |\n| --- | --- | --- |\n");
    let (mut done, mut all) = (0, 0);
    for (tag, (implemented, documented)) in &by_tag {
        table.push_str(&format!("| {tag} | {implemented} | {documented} |\n"));
        done += implemented;
        all += documented;
    }
    table.push_str(&format!("| **all** | **{done}** | **{all}** |\n"));
    table
}

#[test]
fn docs_api_md_shows_the_coverage_and_every_erratum() {
    let document = openapi();
    let forum = Forum::default();
    let mut implemented: Vec<&str> = calls(&forum).iter().map(|c| c.operation).collect();
    implemented.sort_unstable();
    implemented.dedup();
    let table = coverage_table(&document, &implemented);
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/api.md")).unwrap();
    assert!(
        docs.contains(&table),
        "docs/api.md's coverage table is out of date; it should read:\n\n{table}"
    );
    for operation in &implemented {
        assert!(
            docs.contains(&format!("`{operation}`")),
            "docs/api.md does not list {operation}"
        );
    }
    for erratum in errata() {
        let field = erratum.pointer.rsplit('/').next().unwrap();
        assert!(
            docs.contains(&format!("`{}` `{field}`", erratum.operation)),
            "docs/api.md does not list the erratum {} {field}",
            erratum.operation
        );
    }
}
