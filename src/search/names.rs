//! The names in a query, resolved against the database: `@user` to an id, `#slug` and
//! `category:` to category ids (with their subcategories). The search page and the search
//! benchmark both start here, so they narrow a search the same way.

use crate::db::AnyConnection;
use crate::models::category::Category;
use crate::models::ids::UserId;
use crate::models::user::User;

use super::Request;
use super::query::{self, CategoryRef, Parsed, Status, TagFilter};
use crate::models::tag::Tag;

/// What the names of a query narrow its search to.
#[derive(Debug)]
pub struct Resolved {
    /// Posts by one person (`@name`, `@me`).
    pub user: Scope<i64>,
    /// Posts in these categories.
    pub categories: Scope<Vec<i64>>,
    /// Posts in these topics (the tagged ones `tags:` asks for).
    pub topics: Scope<Vec<i64>>,
    /// Posts in none of these topics (`-tags:`).
    pub excluded_topics: Vec<i64>,
}

impl Resolved {
    /// The request for one page of results, or `None` when a name is of nothing that
    /// exists, so nothing can match.
    pub fn request<'a>(
        self,
        parsed: &'a Parsed,
        offset: usize,
        limit: usize,
    ) -> Option<Request<'a>> {
        if matches!(self.user, Scope::Nothing)
            || matches!(self.categories, Scope::Nothing)
            || matches!(self.topics, Scope::Nothing)
        {
            return None;
        }
        Some(Request {
            parsed,
            user: self.user.only(),
            categories: self.categories.only(),
            topics: self.topics.only(),
            excluded_topics: self.excluded_topics,
            offset,
            limit,
        })
    }
}

/// Resolves the names in `parsed` (a `#word` that is no category becomes a word of the
/// search). `viewer` is who `@me` is.
pub fn resolve(
    conn: &mut AnyConnection,
    parsed: &mut Parsed,
    categories: &[Category],
    viewer: Option<UserId>,
) -> diesel::QueryResult<Resolved> {
    let user = match parsed.user.as_deref() {
        None => Scope::Any,
        Some(name) if name.eq_ignore_ascii_case("me") => {
            viewer.map_or(Scope::Nothing, |id| Scope::Only(id.0))
        }
        Some(name) => {
            User::find_by_username(conn, name)?.map_or(Scope::Nothing, |u| Scope::Only(u.id.0))
        }
    };
    let mut chosen = choose_categories(parsed, categories);
    if matches!(parsed.status, Some(Status::Solved | Status::Unsolved)) {
        chosen = questions_only(chosen, categories);
    }
    let (topics, excluded_topics) = tagged_topics(conn, &parsed.tags)?;
    Ok(Resolved {
        user,
        categories: chosen,
        topics,
        excluded_topics,
    })
}

/// The topics `tags:` filters ask for (each filter narrows further), and those `-tags:`
/// leaves out. Asked of the database at query time, like categories, so tagging a topic
/// reindexes nothing. A name that is no tag matches nothing it is needed for.
fn tagged_topics(
    conn: &mut AnyConnection,
    filters: &[TagFilter],
) -> diesel::QueryResult<(Scope<Vec<i64>>, Vec<i64>)> {
    let mut wanted: Scope<Vec<i64>> = Scope::Any;
    let mut excluded: Vec<i64> = Vec::new();
    for filter in filters {
        let found = Tag::by_names(conn, &filter.names)?;
        let ids: Vec<_> = found.iter().map(|t| t.id).collect();
        let topics: Vec<i64> = if ids.is_empty() || (filter.all && ids.len() < filter.names.len()) {
            Vec::new()
        } else {
            Tag::topics_with(conn, &ids, filter.all)?
                .into_iter()
                .map(|t| t.0)
                .collect()
        };
        if filter.excluded {
            excluded.extend(topics);
            continue;
        }
        wanted = match wanted {
            Scope::Nothing => Scope::Nothing,
            _ if topics.is_empty() => Scope::Nothing,
            Scope::Any => Scope::Only(topics),
            Scope::Only(before) => {
                let kept: Vec<i64> = before.into_iter().filter(|t| topics.contains(t)).collect();
                if kept.is_empty() {
                    Scope::Nothing
                } else {
                    Scope::Only(kept)
                }
            }
        };
    }
    Ok((wanted, excluded))
}

/// What a name in the query (a user, categories) narrows the search to.
#[derive(Debug)]
pub enum Scope<T> {
    /// The query names none: no narrowing.
    Any,
    /// Only these.
    Only(T),
    /// It names what does not exist: nothing can match.
    Nothing,
}

impl<T> Scope<T> {
    /// What it narrows to, if anything.
    pub fn only(self) -> Option<T> {
        match self {
            Scope::Only(value) => Some(value),
            Scope::Any | Scope::Nothing => None,
        }
    }
}

/// The categories the query names, with their subcategories unless `=` says exactly. A
/// `#word` that is no category is searched as text, as in Discourse; `category:name` that is
/// none matches nothing unless another category operator named one that exists.
fn choose_categories(parsed: &mut Parsed, categories: &[Category]) -> Scope<Vec<i64>> {
    let mut ids = Vec::new();
    let mut unknown_by_name = false;
    for reference in std::mem::take(&mut parsed.categories) {
        match find_category(&reference, categories) {
            Some(category) => {
                ids.push(category.id.0);
                if !reference.exact {
                    ids.extend(
                        categories
                            .iter()
                            .filter(|c| c.parent_id == Some(category.id))
                            .map(|c| c.id.0),
                    );
                }
                parsed.categories.push(reference);
            }
            None if reference.written.starts_with('#') => {
                parsed.text.push(query::Text::Word(reference.name));
            }
            None => unknown_by_name = true,
        }
    }
    match (ids.is_empty(), unknown_by_name) {
        (false, _) => Scope::Only(ids),
        (true, true) => Scope::Nothing,
        (true, false) => Scope::Any,
    }
}

/// `status:solved` and `status:unsolved` look at questions only: of the categories chosen,
/// those marked for questions. Categories are matched at query time, so marking one for
/// questions (or no longer) changes no indexed post.
fn questions_only(chosen: Scope<Vec<i64>>, categories: &[Category]) -> Scope<Vec<i64>> {
    let questions = |id: i64| categories.iter().any(|c| c.id.0 == id && c.questions);
    let ids: Vec<i64> = match chosen {
        Scope::Nothing => return Scope::Nothing,
        Scope::Any => categories
            .iter()
            .filter(|c| c.questions)
            .map(|c| c.id.0)
            .collect(),
        Scope::Only(ids) => ids.into_iter().filter(|&id| questions(id)).collect(),
    };
    if ids.is_empty() {
        Scope::Nothing
    } else {
        Scope::Only(ids)
    }
}

/// The category a reference names: by slug, name or id, under the parent it names.
fn find_category<'c>(reference: &CategoryRef, categories: &'c [Category]) -> Option<&'c Category> {
    let parent = match &reference.parent {
        Some(slug) => Some(
            categories
                .iter()
                .find(|c| c.slug.eq_ignore_ascii_case(slug))?
                .id,
        ),
        None => None,
    };
    categories
        .iter()
        .filter(|c| parent.is_none() || c.parent_id == parent)
        .find(|c| {
            c.slug.eq_ignore_ascii_case(&reference.name)
                || c.name.eq_ignore_ascii_case(&reference.name)
                || c.id.0.to_string() == reference.name
        })
}

/// Categories whose name contains a searched word (Discourse's `categories` facet).
pub fn matching_categories<'c>(parsed: &Parsed, categories: &'c [Category]) -> Vec<&'c Category> {
    let words: Vec<String> = parsed
        .words()
        .iter()
        .map(|w| w.to_lowercase())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    categories
        .iter()
        .filter(|c| {
            let name = c.name.to_lowercase();
            words.iter().any(|w| name.contains(w.as_str()))
        })
        .take(5)
        .collect()
}
