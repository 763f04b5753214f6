//! Reading topics: the latest list, topic pages (HTML or JSON from one handler), permalinks.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{POSTS_PER_PAGE, page_of_index};
use crate::app::AppState;
use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::models::bookmark::Bookmark;
use crate::models::category::Category;
use crate::models::ids::ProjectId;
use crate::models::ids::{CategoryId, PostId, TopicId};
use crate::models::like::{Like, Liking};
use crate::models::notification::Notification;
use crate::models::post::{Post, PostWithAuthor};
use crate::models::project::Project;
use crate::models::proposal::{EventKind, ProposalEvent, Summary};
use crate::models::staff_log::StaffLogEntry;
use crate::models::topic::{Topic, TopicFilter};
use crate::models::user::UserSummary;
use crate::models::visibility::Visibility;
use crate::models::watching::{Level, TopicWatch};
use crate::reading::Viewer as ReadBy;
use crate::routes::context::{Viewer, client_ip};
use crate::routes::input::{Input, Params, lenient};
use crate::routes::reading::ListReader;
use crate::routes::respond::{Format, html, json, see_other};
use crate::routes::{IdPath, PageQuery};
use crate::services::{self, Found, Missing, Present};
use crate::views::topic::TopicView;

/// `GET /`, `GET /latest`, `GET /latest.json`
pub async fn show_latest(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let page = query.page.unwrap_or(0).max(0);
    let sort = crate::routes::sort_of(query.order.as_deref(), query.ascending.as_deref())?;
    let per_page = state.config.posts.topics_per_page;
    let visibility = viewer.guardian.visibility();
    let reader = ListReader::of(&viewer, &state);
    let (topics, categories) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let mut topics =
                Topic::list_sorted(conn, &TopicFilter::All, visibility, page, per_page, sort)?;
            if let Some(reader) = &reader {
                reader.mark(conn, &mut topics)?;
            }
            let categories = match format {
                Format::Html => Category::by_id(conn)?,
                Format::Json => HashMap::new(),
            };
            Ok((topics, categories))
        })
        .await?;
    Ok(match format {
        Format::Json => {
            let more = topics.has_more.then(|| match sort.query().as_str() {
                "" => format!("/latest?page={}", page + 1),
                asked => format!("/latest?{asked}&page={}", page + 1),
            });
            let can_create_topic = viewer.guardian.can_create_topic().is_ok();
            json(&crate::api::topic_list::topic_list(
                &topics,
                per_page,
                more,
                can_create_topic,
            ))
        }
        Format::Html => html(crate::views::topic::latest_page(
            &viewer.page,
            &topics,
            &categories,
            page,
            sort,
        )),
    })
}

/// Everything a topic page needs, loaded in one trip to the database.
struct LoadedTopic {
    topic: Topic,
    category: Category,
    parent: Option<Category>,
    posts: Vec<PostWithAuthor>,
    reply_authors: HashMap<i32, String>,
    total_pages: i64,
    /// What was done to the topic in this page's time ("closed by …"), oldest first.
    notices: Vec<StaffLogEntry>,
    /// When the topic is a proposal: it, its history and the projects (HTML only).
    proposal: Option<ProposalLoaded>,
    /// When it is a solved question: the reply marked its solution (as the viewer sees it).
    solution: Option<PostWithAuthor>,
    /// Its tags, by name.
    tags: Vec<crate::models::tag::Tag>,
    /// The polls of the posts shown, by post.
    polls: HashMap<PostId, Vec<crate::models::poll::PollView>>,
}

/// A proposal topic's status, for its panel and the notices between its posts.
struct ProposalLoaded {
    summary: Summary,
    history: Vec<ProposalEvent>,
    projects: HashMap<ProjectId, Project>,
    superseded_by: Option<(String, String)>,
    /// The window of time this page's notices come from.
    window: (Option<NaiveDateTime>, Option<NaiveDateTime>),
}

/// `?page=N` on a topic (from 1), and `?print=true` for as much of it as one answer holds.
#[derive(Debug, serde::Deserialize)]
pub struct TopicQuery {
    page: Option<i64>,
    print: Option<String>,
}

/// Posts in one answer when a client asks for the whole topic (`print=true`), as Discourse.
const PRINT_CHUNK: i64 = 1000;

/// Loads one page (from 1) of `per_page` posts of a topic; runs on a database connection, so
/// callers needing more (the JSON's post stream) add it in the same trip.
fn load_topic(
    conn: &mut AnyConnection,
    id: TopicId,
    page: i64,
    per_page: i64,
    visibility: Visibility,
    with_notices: bool,
    proposals: &crate::config::ProposalsConfig,
) -> AppResult<LoadedTopic> {
    let (recommend_at, prefix) = (proposals.recommend_at, proposals.number_prefix.as_str());
    let (topic, category) = Topic::find_seen(conn, id, visibility).found_or(Missing::Topic(id))?;
    let parent = category
        .parent_id
        .map(|p| Category::find(conn, p))
        .transpose()?;
    let total_pages = ((i64::from(topic.posts_count) - 1) / per_page + 1).max(1);
    if page < 1 || page > total_pages {
        return Err(Missing::TopicPage {
            pages: total_pages,
            wanted: page,
        }
        .into());
    }
    let posts = Post::page_of_topic(conn, id, visibility, page - 1, per_page)?;
    let numbers: Vec<i32> = posts
        .iter()
        .filter_map(|p| p.post.reply_to_post_number)
        .collect();
    let reply_authors = Post::authors_by_number(conn, id, &numbers)?;
    // Most topics never had a notice: they skip the staff log (and the boundary query).
    let window = if with_notices && topic.has_notices {
        Some(notice_window(
            conn,
            &topic,
            &posts,
            page < total_pages,
            visibility,
        )?)
    } else {
        None
    };
    let notices = match window {
        Some(Some((from, to))) => StaffLogEntry::notices_of(conn, topic.id, from, to)?,
        _ => Vec::new(),
    };
    // Only topics in a proposals category can be proposals: others skip the lookup.
    let proposal = if with_notices && category.proposals {
        load_proposal(conn, id, recommend_at, prefix, window.flatten())?
    } else {
        None
    };
    // The solution is quoted on every page: one query, for solved questions only.
    let solution = match topic.solution_post_id {
        Some(answer) if category.questions => {
            Post::chosen_in_topic(conn, id, &[answer], visibility)?
                .into_iter()
                .next()
        }
        _ => None,
    };
    let tags = crate::models::tag::Tag::of_topic(conn, id)?;
    // Only posts whose HTML holds a poll ask for one.
    let with_polls: Vec<PostId> = posts
        .iter()
        .filter(|p| p.post.cooked.contains("<div class=\"poll\" data-poll=\""))
        .map(|p| p.post.id)
        .collect();
    let polls = crate::models::poll::Poll::views_of_posts(
        conn,
        &with_polls,
        visibility.viewer,
        crate::db::now(),
    )?;
    Ok(LoadedTopic {
        topic,
        category,
        parent,
        posts,
        reply_authors,
        total_pages,
        notices,
        proposal,
        solution,
        tags,
        polls,
    })
}

/// The proposal of topic `id`, if it is one, with what its panel and notices need.
fn load_proposal(
    conn: &mut AnyConnection,
    id: TopicId,
    recommend_at: usize,
    prefix: &str,
    window: Option<(Option<NaiveDateTime>, Option<NaiveDateTime>)>,
) -> AppResult<Option<ProposalLoaded>> {
    let Some(summary) = Summary::of_topic(conn, id, recommend_at)? else {
        return Ok(None);
    };
    let history = ProposalEvent::history(conn, id)?;
    let projects = Project::all(conn)?.into_iter().map(|p| (p.id, p)).collect();
    let superseded_by = match summary.row.proposal.superseded_by {
        Some(by) => Summary::of_topic(conn, by, recommend_at)?.map(|s| {
            (
                format!("{}: {}", s.row.proposal.label(prefix), s.row.title),
                crate::views::proposals::proposal_href(&s),
            )
        }),
        None => None,
    };
    Ok(Some(ProposalLoaded {
        summary,
        history,
        projects,
        superseded_by,
        // No window: the page has no posts to put notices between.
        window: window.unwrap_or((None, Some(NaiveDateTime::MIN))),
    }))
}

/// The time a page's notices come from: each follows the last post written before it, so a
/// page holds those from its first post's time up to the next page's first post (the first
/// page also those before any post, the last page all after). `None`: no posts, no notices.
fn notice_window(
    conn: &mut AnyConnection,
    topic: &Topic,
    posts: &[PostWithAuthor],
    more_pages: bool,
    visibility: Visibility,
) -> AppResult<Option<(Option<NaiveDateTime>, Option<NaiveDateTime>)>> {
    let (Some(first), Some(last)) = (posts.first(), posts.last()) else {
        return Ok(None);
    };
    let from = (first.post.post_number > 1).then_some(first.post.created_at);
    let to = if more_pages {
        Post::written_after(conn, topic.id, last.post.post_number, visibility)?
    } else {
        None
    };
    Ok(Some((from, to)))
}

/// The posts on this page (of a topic in `category`) the viewer may edit.
fn editable(
    guardian: &Guardian,
    category: CategoryId,
    posts: &[PostWithAuthor],
) -> HashSet<PostId> {
    posts
        .iter()
        .filter(|p| guardian.can_edit_post_in(&p.post, category).is_ok())
        .map(|p| p.post.id)
        .collect()
}

/// `GET /t/{id}`, `GET /t/{slug}/{id}`, and both with `.json`
pub async fn show_topic(
    req: HttpRequest,
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    query: web::Query<TopicQuery>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let print = query.print.as_deref() == Some("true") && format == Format::Json;
    let (page, per_page) = if print {
        (1, PRINT_CHUNK)
    } else {
        (query.page.unwrap_or(1), POSTS_PER_PAGE)
    };
    let address = client_ip(&req, state.config.server.behind_proxy);
    match answer_topic(viewer, format, &state, id, page, per_page, address).await {
        // A topic merged into another leads its readers (and old links) to where its posts
        // went; staff, who still see the deleted topic, are shown it with its notice.
        Err(AppError::NotFound(message)) => {
            let into = state
                .db
                .read(move |conn| -> AppResult<_> { Ok(Topic::merged_away(conn, id)?) })
                .await?;
            let Some(into) = into else {
                return Err(AppError::NotFound(message));
            };
            let suffix = if format == Format::Json { ".json" } else { "" };
            Ok(HttpResponse::MovedPermanently()
                .insert_header((header::LOCATION, format!("/t/{into}{suffix}")))
                .finish())
        }
        answered => answered,
    }
}

/// One page of a topic, as its page or as Discourse's topic JSON, counted as a view by the
/// viewer (a member, or `address` when signed out) and, for a member reading the page, as read
/// through its last post.
async fn answer_topic(
    viewer: Viewer,
    format: Format,
    state: &AppState,
    id: TopicId,
    page: i64,
    per_page: i64,
    address: String,
) -> AppResult<HttpResponse> {
    let visibility = viewer.guardian.visibility();
    let member = viewer.user.as_ref().map(|u| u.id);
    let proposals = state.config.proposals.clone();
    let notified = viewer.page.unread_notifications > 0;
    let (loaded, watching, json_extras, unread_here, (liked, bookmarked)) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let with_notices = format == Format::Html;
            let loaded = load_topic(
                conn,
                id,
                page,
                per_page,
                visibility,
                with_notices,
                &proposals,
            )?;
            // Marking notifications read is a write, so it is done only when this page shows
            // one: marking blindly wrote on every view by anyone with an unread notification
            // anywhere, and each write empties the cached sessions.
            let unread_here = match (member, loaded.posts.last()) {
                (Some(member), Some(last)) if notified => {
                    Notification::unread_in_topic(conn, member, id, last.post.post_number)?
                }
                _ => false,
            };
            let watching = match member {
                Some(member) => TopicWatch::level(conn, member, id)?.unwrap_or(Level::Normal),
                None => Level::Normal,
            };
            let extras = match format {
                Format::Html => None,
                Format::Json => {
                    let stream = Topic::post_ids(conn, id, visibility)?;
                    let people = people_of(conn, &loaded)?;
                    Some((stream, people))
                }
            };
            let (liked, bookmarked) = match (member, loaded.posts.first(), loaded.posts.last()) {
                (Some(member), Some(first), Some(last)) => {
                    // Only a post someone liked can be one the viewer liked: most pages ask
                    // about few posts, or none.
                    let liked: Vec<_> = loaded
                        .posts
                        .iter()
                        .filter(|p| p.post.like_count > 0)
                        .map(|p| p.post.id)
                        .collect();
                    let numbers = first.post.post_number..=last.post.post_number;
                    (
                        Like::liked_among(conn, member, &liked)?,
                        Some(Bookmark::in_topic(conn, member, id, numbers)?),
                    )
                }
                _ => (HashMap::new(), None),
            };
            Ok((loaded, watching, extras, unread_here, (liked, bookmarked)))
        })
        .await?;
    let likings: HashMap<PostId, Liking> = match &viewer.user {
        Some(_) => loaded
            .posts
            .iter()
            .map(|p| {
                let liked_at = liked.get(&p.post.id).copied();
                let liking =
                    crate::routes::likes::liking_of(state, &viewer.guardian, &p.post, liked_at);
                (p.post.id, liking)
            })
            .collect(),
        None => HashMap::new(),
    };
    if unread_here && let Some(last) = loaded.posts.last() {
        saw_posts(state, viewer.guardian.clone(), id, last.post.post_number);
    }
    note_reading(state, &viewer, format, &loaded, address);
    let guardian = &viewer.guardian;
    let reply = guardian.can_reply(&loaded.topic, &loaded.category);
    let editable = editable(guardian, loaded.topic.category_id, &loaded.posts);
    let proposals = &state.config.proposals;
    let acting_for: Vec<Project> = loaded
        .proposal
        .as_ref()
        .map(|p| {
            p.projects
                .values()
                .filter(|project| guardian.can_act_for(project.id).is_ok())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let panel = loaded.proposal.as_ref().map(|p| {
        let authors: Vec<_> = p.summary.authors.iter().filter_map(|a| a.user_id).collect();
        crate::views::proposals::PanelView {
            summary: &p.summary,
            history: &p.history,
            projects: &p.projects,
            acting_for: &acting_for,
            may_edit: guardian.can_edit_proposal(&loaded.topic, &authors).is_ok(),
            may_decide: guardian.can_decide_proposals().is_ok(),
            recommend_at: proposals.recommend_at,
            prefix: &proposals.number_prefix,
            superseded_by: p.superseded_by.clone(),
        }
    });
    let proposal_notices: Vec<&ProposalEvent> = loaded
        .proposal
        .as_ref()
        .map(|p| {
            let (from, to) = p.window;
            p.history
                .iter()
                .filter(|e| e.kind() != Some(EventKind::Proposed))
                .filter(|e| from.is_none_or(|from| e.created_at >= from))
                .filter(|e| to.is_none_or(|to| e.created_at < to))
                .collect()
        })
        .unwrap_or_default();
    let tag_names: Vec<String> = loaded.tags.iter().map(|t| t.name.clone()).collect();
    let mut response = match json_extras {
        None => html(crate::views::topic::topic_page(
            &viewer.page,
            &TopicView {
                topic: &loaded.topic,
                likings: &likings,
                bookmarked: bookmarked.as_ref(),
                category: &loaded.category,
                parent: loaded.parent.as_ref(),
                posts: &loaded.posts,
                reply_authors: &loaded.reply_authors,
                page,
                total_pages: loaded.total_pages,
                reply_blocked: reply.err(),
                editable: &editable,
                notices: &loaded.notices,
                proposal: panel.as_ref(),
                proposal_notices: &proposal_notices,
                names_moderators: state.config.moderation.modlog_names_moderators,
                watching: member.map(|_| watching),
                moderating: guardian.can_moderate(&loaded.category).is_ok(),
                question: loaded.category.questions,
                solution: loaded.solution.as_ref(),
                may_accept: loaded.category.questions
                    && guardian.can_accept_solution(&loaded.topic).is_ok(),
                tags: &tag_names,
                polls: &loaded.polls,
                tag_form: guardian.can_tag_topic(&loaded.topic).is_ok().then(|| {
                    crate::views::topic::TagChoices {
                        max: state.config.tags.max_per_topic,
                        popular: Vec::new(),
                        may_make: guardian
                            .makes_tags_by_using_them(state.config.tags.create_min_trust_level),
                    }
                }),
            },
        )),
        Some((stream, (creator, last_poster))) => {
            json(&crate::api::topic::topic(&crate::api::topic::TopicView {
                topic: &loaded.topic,
                likings: &likings,
                bookmarked: bookmarked.as_ref(),
                posts: &loaded.posts,
                stream: &stream,
                creator: &creator,
                last_poster: &last_poster,
                viewer: viewer.user.as_ref().map(|u| u.id),
                editable: &editable,
                can_create_post: reply.is_ok(),
                can_moderate: guardian.can_moderate(&loaded.category).is_ok(),
                notification_level: watching.code(),
                question: loaded.category.questions,
                solution: loaded.solution.as_ref(),
                tags: &loaded.tags,
            }))
        }
    };
    // The anonymous page cache serves this page again without asking here: it counts those
    // views from this mark.
    if viewer.user.is_none() {
        response
            .extensions_mut()
            .insert(crate::reading::TopicViewed(id));
    }
    Ok(response)
}

/// Marks read, after the page is sent, what the member was notified of in `topic` up to post
/// `through` (they have it in front of them). Called only when the header says something is
/// unread, so a member with nothing unread reads topics without a single write; the write runs
/// beside the request, never in its way, and a failure is logged, not shown.
fn saw_posts(state: &AppState, guardian: Guardian, topic: TopicId, through: i32) {
    let state = state.clone();
    actix_web::rt::spawn(async move {
        let outcome = state
            .write(move |tx| services::notifications::saw_topic(tx, &guardian, topic, through))
            .await;
        if let Err(error) = outcome {
            tracing::warn!(%topic, %error, "could not mark a topic's notifications read");
        }
    });
}

/// Counts the view, and notes how far a member reading the page in a browser got (API clients
/// fetch topics without reading them, as Discourse sees it). Both wait in this node's buffer
/// for the `reading` job; nothing is written here.
fn note_reading(
    state: &AppState,
    viewer: &Viewer,
    format: Format,
    loaded: &LoadedTopic,
    address: String,
) {
    let topic = loaded.topic.id;
    match &viewer.user {
        Some(member) => {
            state.reading.viewed(topic, ReadBy::Member(member.id));
            if format == Format::Html
                && let Some(last) = loaded.posts.last()
            {
                let through = last.post.post_number;
                state
                    .reading
                    .read(member.id, topic, through, crate::db::now());
            }
        }
        None => state.reading.viewed(topic, ReadBy::Address(address)),
    }
}

/// The topic's starter and latest poster: from the page's authors when they are on it (the
/// starter always is on page 1), else in one query.
fn people_of(
    conn: &mut AnyConnection,
    loaded: &LoadedTopic,
) -> AppResult<(UserSummary, UserSummary)> {
    let wanted = [loaded.topic.user_id, loaded.topic.last_poster_id];
    let on_page = |id| {
        loaded
            .posts
            .iter()
            .find(|p| p.author.id == id)
            .map(|p| p.author.clone())
    };
    let missing: Vec<_> = wanted
        .iter()
        .copied()
        .filter(|id| on_page(*id).is_none())
        .collect();
    let mut fetched = UserSummary::by_ids(conn, &missing)?;
    let mut person = |id| {
        on_page(id).or_else(|| fetched.remove(&id)).ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("topic {} lost user {id}", loaded.topic.id))
        })
    };
    let creator = person(wanted[0])?;
    let last_poster = if wanted[1] == wanted[0] {
        creator.clone()
    } else {
        person(wanted[1])?
    };
    Ok((creator, last_poster))
}

/// The address of post `post_number` in `topic`: its topic page, at its anchor.
pub(super) fn post_address(topic: &Topic, post_number: i32, index: i64) -> String {
    let page = page_of_index(index);
    let base = crate::views::topic::topic_url(topic);
    if page == 1 {
        format!("{base}#post_{post_number}")
    } else {
        format!("{base}?page={page}#post_{post_number}")
    }
}

/// A post by its number in a topic: `/t/{slug}/{id}/{post_number}`, or `/t/{id}/{post_number}`
/// as Discourse's short links and clients write it (a slug is never all digits, so the two
/// cannot be confused).
#[derive(Debug, serde::Deserialize)]
pub struct PostNumberPath {
    id: i64,
    post_number: i32,
}

/// `GET /t/{slug}/{id}/{post_number}` and `GET /t/{id}/{post_number}`: a browser is sent to
/// the page holding that post, at its anchor; a client gets that page's topic JSON, as from
/// Discourse.
pub async fn show_topic_at_post(
    req: HttpRequest,
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    path: web::Path<PostNumberPath>,
) -> AppResult<HttpResponse> {
    let PostNumberPath {
        id,
        post_number: number,
    } = path.into_inner();
    let id = TopicId(id);
    let visibility = viewer.guardian.visibility();
    let (topic, index) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let (topic, _) = Topic::find_seen(conn, id, visibility).found_or(Missing::Topic(id))?;
            Post::find_by_number(conn, id, number).present_or(Missing::PostNumber(number))?;
            Ok((topic, Post::index_in_topic(conn, id, number)?))
        })
        .await?;
    match format {
        Format::Html => Ok(see_other(&post_address(&topic, number, index))),
        Format::Json => {
            let page = page_of_index(index);
            let address = client_ip(&req, state.config.server.behind_proxy);
            answer_topic(viewer, format, &state, id, page, POSTS_PER_PAGE, address).await
        }
    }
}

/// The posts a client asks for (`post_ids[]`), from the query string or (as the description
/// has it) the body.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ChosenPostIds {
    #[serde(default, deserialize_with = "lenient::ints", alias = "post_ids[]")]
    post_ids: Vec<i64>,
}

/// The most posts one `GET /t/{id}/posts.json` answers with.
const MOST_CHOSEN: usize = 1000;

/// `GET /t/{id}/posts.json?post_ids[]=…`: chosen posts of a topic (clients load the rest of a
/// long stream this way); without ids, its first page.
pub async fn show_topic_posts(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<IdPath>,
    query: Params<ChosenPostIds>,
    body: Input<ChosenPostIds>,
) -> AppResult<HttpResponse> {
    let id = TopicId(path.id);
    let mut ids: Vec<PostId> = query
        .0
        .post_ids
        .into_iter()
        .chain(body.0.post_ids)
        .map(PostId)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MOST_CHOSEN {
        return Err(AppError::BadRequest(crate::messages::too_many_post_ids(
            MOST_CHOSEN,
        )));
    }
    let visibility = viewer.guardian.visibility();
    let (topic, posts) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let (topic, _) = Topic::find_seen(conn, id, visibility).found_or(Missing::Topic(id))?;
            let posts = if ids.is_empty() {
                Post::page_of_topic(conn, id, visibility, 0, POSTS_PER_PAGE)?
            } else {
                Post::chosen_in_topic(conn, id, &ids, visibility)?
            };
            Ok((topic, posts))
        })
        .await?;
    let editable = editable(&viewer.guardian, topic.category_id, &posts);
    // Counts only: who may like what is answered on the topic's own JSON.
    Ok(json(&crate::api::topic::topic_posts(
        &topic,
        &posts,
        viewer.user.as_ref().map(|u| u.id),
        &editable,
        &HashMap::new(),
    )))
}

/// `?period=…&page=N&per_page=N` on the top list.
#[derive(Debug, serde::Deserialize)]
pub struct TopQuery {
    period: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

/// `GET /top`, `GET /top.json`: the topics most replied to and liked in a period (`all`, `yearly`,
/// `quarterly`, `monthly`, `weekly`, `daily`; Discourse's default is `yearly`).
pub async fn show_top(
    viewer: Viewer,
    format: Format,
    state: web::Data<AppState>,
    query: web::Query<TopQuery>,
) -> AppResult<HttpResponse> {
    let period = crate::models::topic::Period::parse(query.period.as_deref().unwrap_or("yearly"))
        .ok_or_else(|| AppError::BadRequest(crate::messages::unknown_period()))?;
    let page = query.page.unwrap_or(0).max(0);
    let per_page = query
        .per_page
        .unwrap_or(state.config.posts.topics_per_page)
        .clamp(1, 100);
    let since = period.since(crate::db::now());
    let visibility = viewer.guardian.visibility();
    let reader = ListReader::of(&viewer, &state);
    let (topics, categories) = state
        .db
        .read(move |conn| -> AppResult<_> {
            let mut topics = Topic::top(conn, since, visibility, page, per_page)?;
            if let Some(reader) = &reader {
                reader.mark(conn, &mut topics)?;
            }
            let categories = match format {
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
                .then(|| format!("/top?period={}&page={}", period.as_str(), page + 1));
            let can_create_topic = viewer.guardian.can_create_topic().is_ok();
            json(&crate::api::topic_list::topic_list(
                &topics,
                per_page,
                more,
                can_create_topic,
            ))
        }
        Format::Html => html(crate::views::topic::top_page(
            &viewer.page,
            &topics,
            &categories,
            period,
            page,
        )),
    })
}
