//! Bookmarks: the form on each post (`/posts/{id}/bookmark`: a note and a reminder), the
//! member's list (`/bookmarks`, due reminders first), and Discourse's JSON
//! (`POST /bookmarks.json` with `bookmarkable_id`, `PUT` and `DELETE /bookmarks/{id}.json`).
//! Every write goes through `services::bookmarks`; a bookmark is its owner's alone.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::messages;
use crate::models::bookmark::{Bookmark, ListedBookmark};
use crate::models::ids::{BookmarkId, PostId};
use crate::models::post::{Post, PostInTopic};
use crate::routes::context::SignedIn;
use crate::routes::input::{Input, lenient};
use crate::routes::respond::{Format, form_again, html, json, see_other};
use crate::services::bookmarks::BookmarkDraft;
use crate::services::{self, Found, Missing};
use crate::views::bookmark::{BookmarkForm, bookmark_page, bookmarks_page};

/// The most bookmarks the list shows.
const LISTED: i64 = 200;

/// What the bookmark form (or Discourse's JSON) sends.
#[derive(Debug, Default, Deserialize)]
pub struct BookmarkRequest {
    /// The post (Discourse's `bookmarkable_id`; the form's post is in its address).
    #[serde(default, deserialize_with = "lenient::int")]
    bookmarkable_id: Option<i64>,
    /// Only `Post` is known.
    #[serde(default)]
    bookmarkable_type: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    reminder_at: String,
}

impl BookmarkRequest {
    fn draft(&self) -> BookmarkDraft {
        BookmarkDraft {
            name: self.name.clone(),
            reminder_at: self.reminder_at.clone(),
        }
    }
}

/// The post as the member may read it, and their bookmark of it.
async fn post_and_bookmark(
    state: &AppState,
    who: &SignedIn,
    id: PostId,
) -> AppResult<(PostInTopic, Option<Bookmark>)> {
    let visibility = who.guardian.visibility();
    let member = who.user.id;
    state
        .db
        .read(move |conn| -> AppResult<_> {
            let found = Post::find_in_topic(conn, id, visibility).found_or(Missing::Post(id))?;
            Ok((found, Bookmark::of_post(conn, member, id)?))
        })
        .await
}

/// `GET /posts/{id}/bookmark`: the form.
pub async fn bookmark_form(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (found, bookmark) = post_and_bookmark(&state, &who, PostId(path.into_inner())).await?;
    let draft = bookmark
        .as_ref()
        .map(|b| BookmarkDraft {
            name: b.name.clone().unwrap_or_default(),
            reminder_at: b
                .reminder_at
                .map(|at| at.format("%Y-%m-%dT%H:%M").to_string())
                .unwrap_or_default(),
        })
        .unwrap_or_default();
    Ok(html(bookmark_page(
        &who.page,
        &BookmarkForm {
            found: &found,
            existing: bookmark.as_ref(),
            draft: &draft,
            complaints: &[],
        },
    )))
}

/// `POST /posts/{id}/bookmark`: keeps the post, or changes the note and reminder.
pub async fn save_bookmark(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    request: Input<BookmarkRequest>,
) -> AppResult<HttpResponse> {
    let id = PostId(path.into_inner());
    let draft = request.into_inner().draft();
    let guardian = who.guardian.clone();
    let sent = draft.clone();
    let result = state
        .write(move |tx| {
            let input = sent.validate(tx.now())?;
            services::bookmarks::save(tx, &guardian, id, &input)
        })
        .await;
    let (found, bookmark) = post_and_bookmark(&state, &who, id).await?;
    match result {
        Ok(_) => Ok(see_other(&found.topic.post_url(found.post.post_number))),
        Err(error) => {
            let error = AppError::from(error);
            if !error.is_fixable_in_form() {
                return Err(error);
            }
            Ok(form_again(&error, |complaints| {
                bookmark_page(
                    &who.page,
                    &BookmarkForm {
                        found: &found,
                        existing: bookmark.as_ref(),
                        draft: &draft,
                        complaints,
                    },
                )
            }))
        }
    }
}

/// What Discourse answers a bookmark call with.
#[derive(Debug, Serialize)]
pub struct BookmarkSaved {
    /// Always "OK".
    pub success: &'static str,
    /// The bookmark's id.
    pub id: BookmarkId,
}

/// `POST /bookmarks.json` (Discourse's): `bookmarkable_id` (a post), `bookmarkable_type`
/// `Post`, optional `name` and `reminder_at`.
pub async fn create_bookmark(
    who: SignedIn,
    state: web::Data<AppState>,
    request: Input<BookmarkRequest>,
) -> AppResult<HttpResponse> {
    let request = request.into_inner();
    if request
        .bookmarkable_type
        .as_deref()
        .is_some_and(|kind| kind != "Post")
    {
        return Err(AppError::BadRequest(messages::body_field_unreadable(
            "bookmarkable_type",
            "only posts are bookmarked here (Post)",
        )));
    }
    let post = request.bookmarkable_id.map(PostId).ok_or_else(|| {
        AppError::BadRequest(messages::body_field_unreadable(
            "bookmarkable_id",
            "it is required: the post's id",
        ))
    })?;
    let draft = request.draft();
    let guardian = who.guardian.clone();
    let bookmark = state
        .write(move |tx| {
            let input = draft.validate(tx.now())?;
            services::bookmarks::create(tx, &guardian, post, &input)
        })
        .await?;
    Ok(json(&BookmarkSaved {
        success: "OK",
        id: bookmark.id,
    }))
}

/// `PUT /bookmarks/{id}.json`: a new note and reminder (both as sent; empty clears).
pub async fn update_bookmark(
    who: SignedIn,
    state: web::Data<AppState>,
    path: web::Path<i64>,
    request: Input<BookmarkRequest>,
) -> AppResult<HttpResponse> {
    let id = BookmarkId(path.into_inner());
    let draft = request.into_inner().draft();
    let guardian = who.guardian.clone();
    let bookmark = state
        .write(move |tx| {
            let input = draft.validate(tx.now())?;
            services::bookmarks::update(tx, &guardian, id, &input)
        })
        .await?;
    Ok(json(&BookmarkSaved {
        success: "OK",
        id: bookmark.id,
    }))
}

/// `DELETE /bookmarks/{id}.json`, and `POST /bookmarks/{id}/delete` from the pages' Remove
/// buttons (back to the list).
pub async fn delete_bookmark(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = BookmarkId(path.into_inner());
    let guardian = who.guardian.clone();
    let removed = state
        .write(move |tx| services::bookmarks::remove(tx, &guardian, id))
        .await?;
    Ok(match format {
        Format::Json => json(&BookmarkSaved {
            success: "OK",
            id: removed.id,
        }),
        Format::Html => see_other("/bookmarks"),
    })
}

/// One bookmark in `GET /bookmarks.json`, with Discourse's field names.
#[derive(Debug, Serialize)]
pub struct BookmarkJson {
    /// Id.
    pub id: BookmarkId,
    /// When made.
    pub created_at: String,
    /// The note.
    pub name: Option<String>,
    /// The reminder.
    pub reminder_at: Option<String>,
    /// The reminder is due.
    pub reminder_due: bool,
    /// Always `Post`.
    pub bookmarkable_type: &'static str,
    /// The post.
    pub bookmarkable_id: PostId,
    /// Its topic.
    pub topic_id: crate::models::ids::TopicId,
    /// Its number in the topic.
    pub linked_post_number: i32,
    /// The topic's title.
    pub title: String,
    /// Where it is.
    pub bookmarkable_url: String,
    /// The post's beginning, as text.
    pub excerpt: String,
    /// The post's author.
    pub username: String,
}

/// `GET /bookmarks.json`: Discourse's `user_bookmark_list`.
#[derive(Debug, Serialize)]
pub struct BookmarkList {
    /// The list.
    pub user_bookmark_list: BookmarkItems,
}

/// The bookmarks in it.
#[derive(Debug, Serialize)]
pub struct BookmarkItems {
    /// Due reminders first, then newest first.
    pub bookmarks: Vec<BookmarkJson>,
}

/// `GET /bookmarks` (and `.json`): the member's bookmarks.
pub async fn list_bookmarks(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let member = who.user.id;
    let now = crate::db::now();
    let listed: Vec<ListedBookmark> = state
        .db
        .read(move |conn| -> AppResult<_> { Ok(Bookmark::list(conn, member, now, LISTED)?) })
        .await?;
    Ok(match format {
        Format::Html => html(bookmarks_page(&who.page, &listed, now)),
        Format::Json => json(&BookmarkList {
            user_bookmark_list: BookmarkItems {
                bookmarks: listed
                    .iter()
                    .map(|item| BookmarkJson {
                        id: item.bookmark.id,
                        created_at: crate::api::json_time(item.bookmark.created_at),
                        name: item.bookmark.name.clone(),
                        reminder_at: item.bookmark.reminder_at.map(crate::api::json_time),
                        reminder_due: item.due(now),
                        bookmarkable_type: "Post",
                        bookmarkable_id: item.post.id,
                        topic_id: item.topic.id,
                        linked_post_number: item.post.post_number,
                        title: item.topic.title.clone(),
                        bookmarkable_url: item.topic.post_url(item.post.post_number),
                        excerpt: crate::markdown::excerpt(&item.post.cooked, 200),
                        username: item.author.username.clone(),
                    })
                    .collect(),
            },
        }),
    })
}
