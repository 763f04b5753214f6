//! What a signed-in member has not read: `/new` (topics started since they last looked, never
//! opened) and `/unread` (topics they opened that have posts since), with JSON at `.json` as
//! Discourse's lists, "dismiss" for each, and [`ListReader`], which marks any topic list with
//! how far the viewer read each topic.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;

use crate::app::AppState;
use crate::error::AppResult;
use crate::models::category::Category;
use crate::models::reading;
use crate::models::topic::{Topic, TopicFilter, TopicPage};
use crate::models::user::User;
use crate::models::visibility::Visibility;
use crate::routes::PageQuery;
use crate::routes::context::{SignedIn, Viewer};
use crate::routes::respond::{Format, html, json, see_other};
use crate::services;
use crate::views::topic::Unseen;

/// Marks topic lists for a signed-in viewer: how far they read each topic, and which are new.
#[derive(Clone)]
pub struct ListReader {
    member: User,
    new_since: NaiveDateTime,
    buffer: crate::reading::Reading,
}

impl ListReader {
    /// For the viewer, if they are signed in.
    pub fn of(viewer: &Viewer, state: &AppState) -> Option<ListReader> {
        viewer
            .user
            .as_ref()
            .map(|member| ListReader::for_member(member, state))
    }

    fn for_member(member: &User, state: &AppState) -> ListReader {
        ListReader {
            new_since: reading::new_since(
                member,
                state.config.reading.new_topic_days,
                crate::db::now(),
            ),
            member: member.clone(),
            buffer: state.reading.clone(),
        }
    }

    /// Marks `page`, from what is stored and what this node has not written yet.
    pub fn mark(
        &self,
        conn: &mut crate::db::AnyConnection,
        page: &mut TopicPage,
    ) -> diesel::QueryResult<()> {
        let ids: Vec<_> = page.items.iter().map(|item| item.topic.id).collect();
        let pending = self.buffer.pending_reads(self.member.id, &ids);
        reading::mark_page(conn, page, &self.member, self.new_since, &pending)
    }
}

/// `GET /new`, `GET /new.json`
pub async fn show_new(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    show(who, format, state, query, Unseen::New).await
}

/// `GET /unread`, `GET /unread.json`
pub async fn show_unread(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    show(who, format, state, query, Unseen::Unread).await
}

async fn show(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
    list: Unseen,
) -> AppResult<HttpResponse> {
    let page = query.page.unwrap_or(0).max(0);
    let per_page = state.config.posts.topics_per_page;
    let reader = ListReader::for_member(&who.user, &state);
    let filter = match list {
        Unseen::New => TopicFilter::New(who.user.id, reader.new_since),
        Unseen::Unread => TopicFilter::Unread(who.user.id),
    };
    // As the header counts them: deleted and unlisted topics are not "new", for staff either.
    let seen = Visibility {
        staff: false,
        viewer: Some(who.user.id),
    };
    let (topics, categories) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let mut topics = Topic::list(conn, &filter, seen, page, per_page)?;
            reader.mark(conn, &mut topics)?;
            // A topic read on this node since the last write is no longer new or unread,
            // though the stored rows the query read do not know it yet.
            topics.items.retain(|item| {
                item.reading.is_some_and(|r| match list {
                    Unseen::New => r.new,
                    Unseen::Unread => r.unread(item.topic.highest_post_number) > 0,
                })
            });
            let categories: HashMap<_, _> = match format {
                Format::Html => Category::by_id(conn)?,
                Format::Json => HashMap::new(),
            };
            Ok((topics, categories))
        })
        .await?;
    Ok(match format {
        Format::Json => {
            let more = topics
                .has_more
                .then(|| format!("{}?page={}", list.path(), page + 1));
            json(&crate::api::topic_list::topic_list(
                &topics,
                per_page,
                more,
                who.guardian.can_create_topic().is_ok(),
            ))
        }
        Format::Html => html(crate::views::topic::unseen_page(
            &who.page,
            list,
            &topics,
            &categories,
            page,
        )),
    })
}

/// What a dismissal answers in JSON.
#[derive(Debug, serde::Serialize)]
pub struct Dismissed {
    /// Always "OK".
    pub success: &'static str,
}

/// `PUT /topics/reset-new` (Discourse's "dismiss new"; also `POST` from the page's form):
/// topics started until now are no longer new to the member.
pub async fn dismiss_new(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let guardian = who.guardian.clone();
    state
        .write(move |tx| services::reading::dismiss_new(tx, &guardian))
        .await?;
    Ok(dismissed(format, Unseen::New))
}

/// `PUT /topics/dismiss-unread` (also `POST` from the page's form): every topic the member
/// opened counts as read to its latest post.
pub async fn dismiss_unread(
    who: SignedIn,
    format: Format,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let guardian = who.guardian.clone();
    state
        .write(move |tx| services::reading::dismiss_unread(tx, &guardian))
        .await?;
    Ok(dismissed(format, Unseen::Unread))
}

fn dismissed(format: Format, list: Unseen) -> HttpResponse {
    match format {
        Format::Json => json(&Dismissed { success: "OK" }),
        Format::Html => see_other(list.path()),
    }
}
