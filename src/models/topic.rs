//! Topics: the rows, the lists that show them, and the statements the topic and post services
//! compose into their transactions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{posts, topics, users};
use crate::models::category::Category;
use crate::models::ids::{CategoryId, PostId, TopicId, UserId};
use crate::models::invalid::{Field, FieldError, Problem, Problems};
use crate::models::post::Body;
use crate::models::user::UserSummary;
use crate::models::visibility::Visibility;

/// A `topics` row.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = topics)]
pub struct Topic {
    /// Id.
    pub id: TopicId,
    /// Title, 1–255 characters.
    pub title: String,
    /// URL slug from the title.
    pub slug: String,
    /// Category.
    pub category_id: CategoryId,
    /// Who started it.
    pub user_id: UserId,
    /// When it was started.
    pub created_at: NaiveDateTime,
    /// Sort key for "latest": moves on every reply.
    pub bumped_at: NaiveDateTime,
    /// Time of the latest post.
    pub last_posted_at: NaiveDateTime,
    /// Author of the latest post.
    pub last_poster_id: UserId,
    /// Number of posts.
    pub posts_count: i32,
    /// The latest post number given out.
    pub highest_post_number: i32,
    /// No more replies.
    pub closed: bool,
    /// Shown first in lists.
    pub pinned: bool,
    /// Listed: an unlisted topic is left out of lists and search for all but staff, and
    /// reachable by its link.
    pub visible: bool,
    /// Deleted (with its first post): gone for readers, kept for staff.
    pub deleted_at: Option<NaiveDateTime>,
    /// Slow mode: each member may post here once in this many seconds (0: off).
    pub slow_mode_seconds: i32,
    /// The topic its posts were merged into (it is deleted then); its address leads there.
    pub merged_into: Option<TopicId>,
    /// Whether it has notices (staff-log rows shown between its posts); pages ask for them
    /// only then.
    pub has_notices: bool,
    /// The reply marked as its solution (a question's accepted answer).
    pub solution_post_id: Option<PostId>,
    /// When it was marked.
    pub solved_at: Option<NaiveDateTime>,
    /// Views, counted once per viewer in a while and written in batches (`reading`).
    pub views: i64,
    /// Likes of its posts, kept by `services::likes`.
    pub like_count: i32,
}

/// An insert into `topics`: a new topic whose first post is about to be inserted with it.
#[derive(Debug, Insertable)]
#[diesel(table_name = topics)]
pub struct NewTopic<'a> {
    /// Title, already checked.
    pub title: &'a str,
    /// Slug made from the title.
    pub slug: String,
    /// Category.
    pub category_id: CategoryId,
    /// Who starts it.
    pub user_id: UserId,
    /// Now.
    pub created_at: NaiveDateTime,
    /// Now.
    pub bumped_at: NaiveDateTime,
    /// Now.
    pub last_posted_at: NaiveDateTime,
    /// The author.
    pub last_poster_id: UserId,
    /// 1: the first post.
    pub posts_count: i32,
    /// 1: the first post.
    pub highest_post_number: i32,
}

impl<'a> NewTopic<'a> {
    /// A topic started by `author` at `now`, counting the first post that goes with it.
    pub fn started(
        title: &'a str,
        category_id: CategoryId,
        author: UserId,
        now: NaiveDateTime,
    ) -> Self {
        NewTopic {
            title,
            slug: crate::models::topic_slug(title),
            category_id,
            user_id: author,
            created_at: now,
            bumped_at: now,
            last_posted_at: now,
            last_poster_id: author,
            posts_count: 1,
            highest_post_number: 1,
        }
    }

    /// Inserts the topic row alone (the service inserts its first post in the same transaction).
    pub(crate) fn insert(&self, conn: &mut AnyConnection) -> QueryResult<Topic> {
        diesel::insert_into(topics::table)
            .values(self)
            .returning(topics::all_columns)
            .get_result(conn)
    }
}

/// Posts on one page of a topic (and in one chunk of its JSON), as Discourse.
pub const POSTS_PER_PAGE: i64 = 20;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 255;

/// Checks a title: present once trimmed, at most [`MAX_TITLE_CHARS`] characters.
pub fn check_title(title: &str) -> Result<String, FieldError> {
    let title = title.trim();
    let length = title.chars().count();
    if title.is_empty() {
        Err(FieldError::new(Field::Title, Problem::Blank))
    } else if length > MAX_TITLE_CHARS {
        Err(FieldError::new(
            Field::Title,
            Problem::TooLong {
                max: MAX_TITLE_CHARS,
                actual: length,
            },
        ))
    } else {
        Ok(title.to_owned())
    }
}

/// A new topic, checked field by field: its title, its category, its first post. Whether the
/// category exists and takes the author's topics is for the service to decide, inside its
/// transaction.
#[derive(Debug, Clone)]
pub struct NewTopicInput {
    /// Trimmed title.
    pub title: String,
    /// The category chosen.
    pub category_id: CategoryId,
    /// The first post's Markdown.
    pub body: Body,
    /// Its tags as typed (names checked and resolved by `services::tags`).
    pub tags: Vec<String>,
    /// How many tags it may carry, and who makes new ones by using them.
    pub tag_rules: crate::config::TagsConfig,
}

/// The tag rules when nobody configured any: Discourse's five tags, made by trust level 3.
/// The server passes its `[tags]` settings instead (`NewTopicInput::tagged`).
pub const DEFAULT_TAG_RULES: crate::config::TagsConfig = crate::config::TagsConfig {
    max_per_topic: 5,
    create_min_trust_level: 3,
};

impl NewTopicInput {
    /// The same topic with these tags, under these rules.
    pub fn tagged(self, tags: Vec<String>, rules: crate::config::TagsConfig) -> NewTopicInput {
        NewTopicInput {
            tags,
            tag_rules: rules,
            ..self
        }
    }

    /// Checks a new topic's fields; every problem is reported.
    pub fn new(
        title: &str,
        category_id: Option<CategoryId>,
        raw: String,
        max_body_bytes: usize,
    ) -> Result<NewTopicInput, Vec<FieldError>> {
        let mut problems = Problems::default();
        let title = problems.note(check_title(title));
        if category_id.is_none() {
            problems.add(Field::Category, Problem::Blank);
        }
        let body = problems.note(Body::new(raw, max_body_bytes));
        match (title, category_id, body) {
            (Some(title), Some(category_id), Some(body)) if problems.is_empty() => {
                Ok(NewTopicInput {
                    title,
                    category_id,
                    body,
                    tags: Vec::new(),
                    tag_rules: DEFAULT_TAG_RULES,
                })
            }
            _ => Err(problems.into_errors()),
        }
    }
}

/// A topic as lists show it.
#[derive(Debug, Clone)]
pub struct TopicListItem {
    /// The topic.
    pub topic: Topic,
    /// Who started it.
    pub author: UserSummary,
    /// Who posted last.
    pub last_poster: Option<UserSummary>,
    /// How far the signed-in viewer read it (`None` for visitors who are not signed in):
    /// `models::reading::mark_page` fills it in.
    pub reading: Option<crate::models::reading::ItemReading>,
    /// Its tags' names, alphabetically.
    pub tags: Vec<String>,
}

/// One page of a topic list.
#[derive(Debug, Clone)]
pub struct TopicPage {
    /// The topics, pinned first, then most recently active.
    pub items: Vec<TopicListItem>,
    /// Whether a next page exists.
    pub has_more: bool,
}

/// The span of a top list, as Discourse names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Every topic.
    All,
    /// Started in the last year.
    Yearly,
    /// In the last three months.
    Quarterly,
    /// In the last month.
    Monthly,
    /// In the last week.
    Weekly,
    /// In the last day.
    Daily,
}

impl Period {
    /// Every period, longest first.
    pub const ALL: [Period; 6] = [
        Period::All,
        Period::Yearly,
        Period::Quarterly,
        Period::Monthly,
        Period::Weekly,
        Period::Daily,
    ];

    /// Reads Discourse's name for a period.
    pub fn parse(name: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Discourse's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::All => "all",
            Period::Yearly => "yearly",
            Period::Quarterly => "quarterly",
            Period::Monthly => "monthly",
            Period::Weekly => "weekly",
            Period::Daily => "daily",
        }
    }

    /// The earliest start a topic may have to be in the period ending `now`.
    pub fn since(self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let days = match self {
            Period::All => return None,
            Period::Yearly => 365,
            Period::Quarterly => 91,
            Period::Monthly => 30,
            Period::Weekly => 7,
            Period::Daily => 1,
        };
        Some(now - chrono::Duration::days(days))
    }
}

/// What a topic list is sorted by (Discourse's `order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Latest activity, pinned topics first (the default).
    #[default]
    Activity,
    /// When the topic started.
    Created,
    /// Its likes.
    Likes,
    /// Its views.
    Views,
    /// Its posts.
    Posts,
}

impl ListOrder {
    /// Every order, as lists offer them.
    pub const ALL: [ListOrder; 5] = [
        ListOrder::Activity,
        ListOrder::Created,
        ListOrder::Likes,
        ListOrder::Views,
        ListOrder::Posts,
    ];

    /// Discourse's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListOrder::Activity => "activity",
            ListOrder::Created => "created",
            ListOrder::Likes => "likes",
            ListOrder::Views => "views",
            ListOrder::Posts => "posts",
        }
    }

    /// The order Discourse's name `name` asks for (`default` is activity).
    pub fn parse(name: &str) -> Option<ListOrder> {
        match name {
            "default" => Some(ListOrder::Activity),
            _ => ListOrder::ALL.into_iter().find(|o| o.as_str() == name),
        }
    }
}

/// An order and its direction (most first unless `ascending`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// By what.
    pub order: ListOrder,
    /// Least first.
    pub ascending: bool,
}

impl Sort {
    /// The query string that asks for it (`order=likes&ascending=true`), empty for the default.
    pub fn query(self) -> String {
        match (self.order, self.ascending) {
            (ListOrder::Activity, false) => String::new(),
            (order, false) => format!("order={}", order.as_str()),
            (order, true) => format!("order={}&ascending=true", order.as_str()),
        }
    }
}

/// Which topics a list shows.
#[derive(Debug, Clone)]
pub enum TopicFilter {
    /// Topics new to this member: started since then by someone else, never opened by them.
    New(UserId, NaiveDateTime),
    /// Topics this member opened that have posts beyond where they stopped reading.
    Unread(UserId),
    /// Every topic.
    All,
    /// Topics in these categories.
    Categories(Vec<CategoryId>),
    /// Topics started by this user.
    StartedBy(UserId),
    /// Questions in these categories with a solution (`true`) or without one.
    Solved(Vec<CategoryId>, bool),
    /// Topics carrying this tag.
    Tagged(crate::models::ids::TagId),
}

type Query = topics::BoxedQuery<'static, <AnyConnection as diesel::Connection>::Backend>;

/// The topics a list holds, as `visibility` sees them (unlisted and deleted ones left out for
/// readers), in no order: lists page it, counts count it.
fn listed(filter: &TopicFilter, visibility: Visibility) -> Query {
    use crate::db::schema::topic_reads;
    let mut query = topics::table.into_boxed();
    let read_by = |user: UserId| {
        topic_reads::table
            .filter(topic_reads::user_id.eq(user))
            .filter(topic_reads::topic_id.eq(topics::id))
    };
    match filter {
        TopicFilter::All => {}
        TopicFilter::Categories(ids) => {
            query = query.filter(topics::category_id.eq_any(ids.clone()))
        }
        TopicFilter::StartedBy(id) => query = query.filter(topics::user_id.eq(*id)),
        TopicFilter::Solved(ids, solved) => {
            query = query.filter(topics::category_id.eq_any(ids.clone()));
            query = if *solved {
                query.filter(topics::solution_post_id.is_not_null())
            } else {
                query.filter(topics::solution_post_id.is_null())
            };
        }
        TopicFilter::Tagged(tag) => {
            use crate::db::schema::topic_tags;
            let tagged = topic_tags::table
                .filter(topic_tags::tag_id.eq(*tag))
                .select(topic_tags::topic_id);
            query = query.filter(topics::id.eq_any(tagged));
        }
        TopicFilter::New(user, since) => {
            query = query
                .filter(topics::created_at.gt(*since))
                .filter(topics::user_id.ne(*user))
                .filter(diesel::dsl::not(diesel::dsl::exists(read_by(*user))));
        }
        TopicFilter::Unread(user) => {
            // The IN drives the query from the member's own reads (by the primary key);
            // EXISTS alone made SQLite scan every topic, for the header's count on each page.
            let opened = topic_reads::table
                .filter(topic_reads::user_id.eq(*user))
                .select(topic_reads::topic_id);
            query = query.filter(topics::id.eq_any(opened));
            query = query
                .filter(diesel::dsl::exists(read_by(*user).filter(
                    topic_reads::last_read_post_number.lt(topics::highest_post_number),
                )));
        }
    }
    if !visibility.sees_removed() {
        query = query
            .filter(topics::visible.eq(true))
            .filter(topics::deleted_at.is_null());
    }
    query
}

impl Topic {
    /// The address of the topic's page.
    pub fn url(&self) -> String {
        format!("/t/{}/{}", self.slug, self.id)
    }

    /// The address of post `post_number` within the topic.
    pub fn post_url(&self, post_number: i32) -> String {
        format!("/t/{}/{}/{}", self.slug, self.id, post_number)
    }

    /// The topic with this id.
    pub fn find(conn: &mut AnyConnection, id: TopicId) -> QueryResult<Topic> {
        topics::table
            .find(id)
            .select(Topic::as_select())
            .first(conn)
    }

    /// The titles of these topics, by id.
    pub fn titles(
        conn: &mut AnyConnection,
        ids: &[TopicId],
    ) -> QueryResult<std::collections::HashMap<TopicId, String>> {
        if ids.is_empty() {
            return Ok(std::collections::HashMap::new());
        }
        let rows: Vec<(TopicId, String)> = topics::table
            .filter(topics::id.eq_any(ids.to_vec()))
            .select((topics::id, topics::title))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// These topics, in the order of `ids` (missing ones left out).
    pub fn by_ids(conn: &mut AnyConnection, ids: &[TopicId]) -> QueryResult<Vec<Topic>> {
        let found: Vec<Topic> = topics::table
            .filter(topics::id.eq_any(ids))
            .select(Topic::as_select())
            .load(conn)?;
        let mut by_id: std::collections::HashMap<TopicId, Topic> =
            found.into_iter().map(|t| (t.id, t)).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// The topic and its category.
    pub fn find_with_category(
        conn: &mut AnyConnection,
        id: TopicId,
    ) -> QueryResult<(Topic, Category)> {
        let topic = Topic::find(conn, id)?;
        let category = Category::find(conn, topic.category_id)?;
        Ok((topic, category))
    }

    /// The topic with its category, as `visibility` may see it: a deleted topic is not found
    /// by readers (staff still open it).
    pub fn find_seen(
        conn: &mut AnyConnection,
        id: TopicId,
        visibility: Visibility,
    ) -> QueryResult<(Topic, Category)> {
        let (topic, category) = Topic::find_with_category(conn, id)?;
        if topic.deleted_at.is_some() && !visibility.sees_removed() {
            return Err(diesel::result::Error::NotFound);
        }
        Ok((topic, category))
    }

    /// Counts a new post by `author` at `now` and returns the topic as it now is, with the
    /// new post's number in `highest_post_number`.
    ///
    /// Being an UPDATE, it takes the row lock (PostgreSQL) or the write lock (SQLite) first:
    /// two replies can never be given the same number, and the returned row is the latest
    /// committed state, so a check made against it (is the topic closed?) cannot be overtaken
    /// by a concurrent change. A refused reply rolls the count back with its transaction.
    pub(crate) fn count_new_post(
        conn: &mut AnyConnection,
        id: TopicId,
        author: UserId,
        now: NaiveDateTime,
    ) -> QueryResult<Topic> {
        diesel::update(topics::table.find(id))
            .set((
                topics::highest_post_number.eq(topics::highest_post_number + 1),
                topics::posts_count.eq(topics::posts_count + 1),
                topics::bumped_at.eq(now),
                topics::last_posted_at.eq(now),
                topics::last_poster_id.eq(author),
            ))
            .returning(topics::all_columns)
            .get_result(conn)
    }

    /// One page of topics, pinned first, then by latest activity. `page` counts from 0.
    pub fn list(
        conn: &mut AnyConnection,
        filter: &TopicFilter,
        visibility: Visibility,
        page: i64,
        per_page: i64,
    ) -> QueryResult<TopicPage> {
        Topic::list_sorted(conn, filter, visibility, page, per_page, Sort::default())
    }

    /// [`Topic::list`] in another order (Discourse's `?order=…&ascending=true`).
    pub fn list_sorted(
        conn: &mut AnyConnection,
        filter: &TopicFilter,
        visibility: Visibility,
        page: i64,
        per_page: i64,
        sort: Sort,
    ) -> QueryResult<TopicPage> {
        // Two steps, so page 500 costs about what page 1 does: the page's ids come from the
        // list's index alone (`topics_latest`, `topics_category_latest`), then those topics
        // are read with their starters. OFFSET on the joined query read and sorted every
        // skipped topic: 27 req/s for page 500 of /latest at 1M posts. (The other orders
        // have no index: they sort the list's topics, which a forum's few thousand allow.)
        let ids = listed(filter, visibility).select(topics::id);
        let ids = match (sort.order, sort.ascending) {
            (ListOrder::Activity, false) => ids.order((
                topics::pinned.desc(),
                topics::bumped_at.desc(),
                topics::id.desc(),
            )),
            (ListOrder::Activity, true) => ids.order((topics::bumped_at.asc(), topics::id.asc())),
            (ListOrder::Created, false) => {
                ids.order((topics::created_at.desc(), topics::id.desc()))
            }
            (ListOrder::Created, true) => ids.order((topics::created_at.asc(), topics::id.asc())),
            (ListOrder::Likes, false) => ids.order((topics::like_count.desc(), topics::id.desc())),
            (ListOrder::Likes, true) => ids.order((topics::like_count.asc(), topics::id.asc())),
            (ListOrder::Views, false) => ids.order((topics::views.desc(), topics::id.desc())),
            (ListOrder::Views, true) => ids.order((topics::views.asc(), topics::id.asc())),
            (ListOrder::Posts, false) => ids.order((topics::posts_count.desc(), topics::id.desc())),
            (ListOrder::Posts, true) => ids.order((topics::posts_count.asc(), topics::id.asc())),
        };
        let ids_query = ids
            .limit(per_page + 1)
            .offset(page.saturating_mul(per_page));
        let ids: Vec<TopicId> = ids_query.load(conn)?;
        let mut rows: Vec<(Topic, UserSummary)> = if ids.is_empty() {
            Vec::new()
        } else {
            topics::table
                .inner_join(users::table.on(users::id.eq(topics::user_id)))
                .filter(topics::id.eq_any(&ids))
                .select((Topic::as_select(), UserSummary::as_select()))
                .load(conn)?
        };
        // Back into the list's order.
        let position: std::collections::HashMap<TopicId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        rows.sort_by_key(|(topic, _)| position.get(&topic.id).copied());
        Topic::page_of(conn, rows, per_page)
    }

    /// Open questions in `category` solved before `cutoff` (the partial index
    /// `topics_solved_open` holds exactly these), oldest solved first, at most `limit`.
    pub fn solved_open_before(
        conn: &mut AnyConnection,
        category: CategoryId,
        cutoff: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<TopicId>> {
        topics::table
            .filter(topics::category_id.eq(category))
            .filter(topics::solution_post_id.is_not_null())
            .filter(topics::closed.eq(false))
            .filter(topics::solved_at.le(cutoff))
            .filter(topics::deleted_at.is_null())
            .order((topics::solved_at.asc(), topics::id.asc()))
            .limit(limit)
            .select(topics::id)
            .load(conn)
    }

    /// How many topics the list `filter` holds (the header's "New" and "Unread" counts).
    pub fn count_listed(
        conn: &mut AnyConnection,
        filter: &TopicFilter,
        visibility: Visibility,
    ) -> QueryResult<i64> {
        listed(filter, visibility).count().get_result(conn)
    }

    /// One page of the topics most replied to since `since` (all time when `None`), the most
    /// replied to first. `page` counts from 0.
    pub fn top(
        conn: &mut AnyConnection,
        since: Option<NaiveDateTime>,
        visibility: Visibility,
        page: i64,
        per_page: i64,
    ) -> QueryResult<TopicPage> {
        let mut query = topics::table
            .inner_join(users::table.on(users::id.eq(topics::user_id)))
            .select((Topic::as_select(), UserSummary::as_select()))
            // Replies and likes count alike (the first post is in both sides' posts_count).
            .order((
                (topics::posts_count + topics::like_count).desc(),
                topics::bumped_at.desc(),
                topics::id.desc(),
            ))
            .limit(per_page + 1)
            .offset(page.saturating_mul(per_page))
            .into_boxed();
        if let Some(since) = since {
            query = query.filter(topics::created_at.ge(since));
        }
        if !visibility.sees_removed() {
            query = query
                .filter(topics::visible.eq(true))
                .filter(topics::deleted_at.is_null());
        }
        let rows: Vec<(Topic, UserSummary)> = query.load(conn)?;
        Topic::page_of(conn, rows, per_page)
    }

    /// A page from `per_page + 1` rows (the extra one says whether a next page exists), with
    /// each topic's latest poster found in one query.
    fn page_of(
        conn: &mut AnyConnection,
        mut rows: Vec<(Topic, UserSummary)>,
        per_page: i64,
    ) -> QueryResult<TopicPage> {
        let has_more = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        let last_ids: Vec<UserId> = rows.iter().map(|(t, _)| t.last_poster_id).collect();
        let mut last_posters = UserSummary::by_ids(conn, &last_ids)?;
        let topic_ids: Vec<TopicId> = rows.iter().map(|(t, _)| t.id).collect();
        let mut tags = crate::models::tag::Tag::names_of_topics(conn, &topic_ids)?;
        let items = rows
            .into_iter()
            .map(|(topic, author)| TopicListItem {
                last_poster: last_posters
                    .remove(&topic.last_poster_id)
                    .or_else(|| Some(author.clone())),
                tags: tags.remove(&topic.id).unwrap_or_default(),
                topic,
                author,
                reading: None,
            })
            .collect();
        Ok(TopicPage { items, has_more })
    }

    /// Every post id of a topic in order (Discourse's `post_stream.stream`).
    pub fn post_ids(
        conn: &mut AnyConnection,
        id: TopicId,
        visibility: Visibility,
    ) -> QueryResult<Vec<PostId>> {
        // Two static queries rather than one boxed one, so the statement is cached; readers'
        // is answered from the partial index `posts_live_in_topic` alone.
        let query = posts::table
            .filter(posts::topic_id.eq(id))
            .order(posts::post_number.asc())
            .select(posts::id);
        if visibility.sees_removed() {
            query.load(conn)
        } else {
            query.filter(posts::deleted_at.is_null()).load(conn)
        }
    }

    /// Changes a topic's title (and so its slug; old links still work, as ids decide).
    pub(crate) fn rename(conn: &mut AnyConnection, id: TopicId, title: &str) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set((
                topics::title.eq(title),
                topics::slug.eq(crate::models::topic_slug(title)),
            ))
            .execute(conn)
    }

    /// Moves a topic to another category.
    pub(crate) fn move_to(
        conn: &mut AnyConnection,
        id: TopicId,
        category: CategoryId,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set(topics::category_id.eq(category))
            .execute(conn)
    }

    /// Pins or unpins a topic, closes or opens it, lists or unlists it.
    pub(crate) fn set_status(
        conn: &mut AnyConnection,
        id: TopicId,
        pinned: bool,
        closed: bool,
        visible: bool,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set((
                topics::pinned.eq(pinned),
                topics::closed.eq(closed),
                topics::visible.eq(visible),
            ))
            .execute(conn)
    }

    /// Counts a topic's posts again after posts moved in or out: their number, the latest
    /// and who wrote it, and the highest number (never lowered, so numbers are not reused).
    /// Returns the topic as it now is.
    pub(crate) fn recount(conn: &mut AnyConnection, id: TopicId) -> QueryResult<Topic> {
        let count: i64 = posts::table
            .filter(posts::topic_id.eq(id))
            .count()
            .get_result(conn)?;
        let highest: Option<i32> = posts::table
            .filter(posts::topic_id.eq(id))
            .select(diesel::dsl::max(posts::post_number))
            .first(conn)?;
        let latest: Option<(NaiveDateTime, UserId)> = posts::table
            .filter(posts::topic_id.eq(id))
            .order((posts::created_at.desc(), posts::post_number.desc()))
            .select((posts::created_at, posts::user_id))
            .first(conn)
            .optional()?;
        let topic = Topic::find(conn, id)?;
        let (last_at, last_by) = latest.unwrap_or((topic.last_posted_at, topic.last_poster_id));
        diesel::update(topics::table.find(id))
            .set((
                topics::posts_count.eq(i32::try_from(count).unwrap_or(i32::MAX)),
                topics::highest_post_number.eq(topic.highest_post_number.max(highest.unwrap_or(0))),
                topics::last_posted_at.eq(last_at),
                topics::last_poster_id.eq(last_by),
                topics::bumped_at.eq(topic.bumped_at.max(last_at)),
            ))
            .returning(topics::all_columns)
            .get_result(conn)
    }

    /// Sets slow mode (seconds between one member's posts; 0 turns it off).
    pub(crate) fn set_slow_mode(
        conn: &mut AnyConnection,
        id: TopicId,
        seconds: i32,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set(topics::slow_mode_seconds.eq(seconds))
            .execute(conn)
    }

    /// Marks `post` as the solution of question `id` at `at`, or (`None`) unmarks it.
    pub(crate) fn set_solution(
        conn: &mut AnyConnection,
        id: TopicId,
        post: Option<PostId>,
        at: Option<NaiveDateTime>,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set((topics::solution_post_id.eq(post), topics::solved_at.eq(at)))
            .execute(conn)
    }

    /// Unmarks `post` as the solution of topic `id`, if it is that: the post was deleted or
    /// moved to another topic. Returns whether it was.
    pub(crate) fn drop_solution(
        conn: &mut AnyConnection,
        id: TopicId,
        post: PostId,
    ) -> QueryResult<bool> {
        let changed = diesel::update(
            topics::table
                .find(id)
                .filter(topics::solution_post_id.eq(post)),
        )
        .set((
            topics::solution_post_id.eq(None::<PostId>),
            topics::solved_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
        Ok(changed > 0)
    }

    /// Marks a topic deleted (with its first post), or restores it.
    pub(crate) fn set_deleted(
        conn: &mut AnyConnection,
        id: TopicId,
        at: Option<NaiveDateTime>,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set(topics::deleted_at.eq(at))
            .execute(conn)
    }

    /// Records that `id` was merged into `into`.
    pub(crate) fn set_merged_into(
        conn: &mut AnyConnection,
        id: TopicId,
        into: TopicId,
    ) -> QueryResult<usize> {
        diesel::update(topics::table.find(id))
            .set(topics::merged_into.eq(into))
            .execute(conn)
    }

    /// Where a topic the reader cannot see went, if it was merged: the topic its posts are in
    /// now. Asked only on the way to a "not found", so it costs a found topic nothing.
    pub fn merged_away(conn: &mut AnyConnection, id: TopicId) -> QueryResult<Option<TopicId>> {
        Ok(topics::table
            .find(id)
            .filter(topics::deleted_at.is_not_null())
            .select(topics::merged_into)
            .first::<Option<TopicId>>(conn)
            .optional()?
            .flatten())
    }

    /// Marks `id` as having notices.
    pub(crate) fn mark_has_notices(conn: &mut AnyConnection, id: TopicId) -> QueryResult<usize> {
        diesel::update(topics::table.find(id).filter(topics::has_notices.eq(false)))
            .set(topics::has_notices.eq(true))
            .execute(conn)
    }

    /// Total number of topics.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        topics::table.count().get_result(conn)
    }
}

/// A slow-mode interval in words ("10 minutes", "1 hour", "2 days"): for the notices, the
/// staff log and the messages, which all say it the same way.
pub fn interval_words(seconds: i32) -> String {
    let seconds = u64::try_from(seconds).unwrap_or(0);
    if seconds.is_multiple_of(3600) && seconds >= 3600 {
        let hours = seconds / 3600;
        if hours.is_multiple_of(24) && hours >= 48 {
            format!("{} days", hours / 24)
        } else {
            format!("{hours} hour{}", if hours == 1 { "" } else { "s" })
        }
    } else {
        let minutes = seconds.div_ceil(60);
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    }
}
