//! The feed each page names in its `<head>` (`<link rel="alternate">`), found from the
//! page's path, so feed readers given a page's address find its feed: topic lists,
//! categories, tags, topics, profiles and the proposals. The feeds themselves are `api::feed`'s.

/// A feed a page names in its `<head>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    /// Its address.
    pub href: String,
    /// Its MIME type.
    pub mime_type: &'static str,
    /// What a feed reader lists it as.
    pub title: &'static str,
}

/// The feed of the page at `path`, if it has one: topic lists, categories, topics, profiles
/// and the proposals.
pub fn of_page(path: &str) -> Option<Alternate> {
    let rss = |href: String, title: &'static str| Alternate {
        href,
        mime_type: "application/rss+xml",
        title,
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let number = |segment: &str| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    match segments.as_slice() {
        [""] | ["latest"] => Some(rss("/latest.rss".to_owned(), "Latest topics")),
        ["proposals"] => Some(Alternate {
            href: "/proposals.atom".to_owned(),
            mime_type: "application/atom+xml",
            title: "Proposals' stage changes",
        }),
        ["c", rest @ ..] if rest.len() <= 3 && rest.last().is_some_and(|id| number(id)) => {
            Some(rss(format!("{path}.rss"), "Topics in this category"))
        }
        ["t", slug, id, ..] if number(id) => {
            Some(rss(format!("/t/{slug}/{id}.rss"), "Posts in this topic"))
        }
        ["t", id] if number(id) => Some(rss(format!("/t/{id}.rss"), "Posts in this topic")),
        ["tag", name] if !name.is_empty() && !name.contains('.') => {
            Some(rss(format!("/tag/{name}.rss"), "Topics with this tag"))
        }
        ["u", name, ..] if !name.is_empty() && !name.contains('.') => Some(rss(
            format!("/u/{name}/activity.rss"),
            "This member's posts",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_name_their_feeds() {
        let href = |path: &str| of_page(path).map(|a| a.href);
        assert_eq!(href("/").as_deref(), Some("/latest.rss"));
        assert_eq!(href("/latest").as_deref(), Some("/latest.rss"));
        assert_eq!(href("/c/help/3").as_deref(), Some("/c/help/3.rss"));
        assert_eq!(href("/tag/numpy").as_deref(), Some("/tag/numpy.rss"));
        assert_eq!(href("/tag/numpy.json"), None);
        assert_eq!(
            href("/c/projects/numpy/7").as_deref(),
            Some("/c/projects/numpy/7.rss")
        );
        assert_eq!(href("/c/3/show"), None);
        assert_eq!(href("/t/a-title/12").as_deref(), Some("/t/a-title/12.rss"));
        assert_eq!(
            href("/t/a-title/12/4").as_deref(),
            Some("/t/a-title/12.rss")
        );
        assert_eq!(href("/t/12").as_deref(), Some("/t/12.rss"));
        assert_eq!(href("/t/12/move"), None);
        assert_eq!(href("/u/ada").as_deref(), Some("/u/ada/activity.rss"));
        assert_eq!(href("/proposals").as_deref(), Some("/proposals.atom"));
        assert_eq!(href("/search"), None);
        assert_eq!(href("/admin/users"), None);
    }
}
