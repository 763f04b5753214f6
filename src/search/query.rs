//! The search language: Discourse's operators (`../shared/reference/discourse-search.md`) mixed
//! with words, phrases and exclusions, read into a [`Parsed`] query. Parsing never fails: an
//! unknown operator is searched as text. Only a value Convene cannot read for an operator it
//! knows (a date) is a [`Problem`], which the page shows with the form expected.

use chrono::{Datelike, Days, NaiveDate};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Best match first (BM25, title above body, first posts above replies, then recency).
    #[default]
    Relevance,
    /// Newest matching post first.
    Latest,
    /// Newest topic first.
    LatestTopic,
    /// Most liked post first (its topic through it).
    Likes,
}

impl Order {
    /// The operator value that asks for this order.
    pub fn operator(self) -> &'static str {
        match self {
            Order::Relevance => "relevance",
            Order::Latest => "latest",
            Order::LatestTopic => "latest_topic",
            Order::Likes => "likes",
        }
    }
}

/// `status:` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Topics that are not closed.
    Open,
    /// Closed topics.
    Closed,
    /// Questions (topics in categories marked for questions) with a solution.
    Solved,
    /// Questions without one.
    Unsolved,
}

impl Status {
    /// The operator value.
    pub fn operator(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Solved => "solved",
            Status::Unsolved => "unsolved",
        }
    }
}

/// A category named in the query: `#slug`, `#parent:child`, `category:slug-name-or-id`; with
/// `=` (`#=slug`), without its subcategories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRef {
    /// The parent's slug, for `#parent:child`.
    pub parent: Option<String>,
    /// The slug, name or id as written.
    pub name: String,
    /// Only this category, not its subcategories.
    pub exact: bool,
    /// How it was written, so an unknown one is searched as text.
    pub written: String,
}

/// What to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A word, matched exactly, as code parts, by stem, and (if last) as a prefix.
    Word(String),
    /// Words in this order, exactly.
    Phrase(String),
}

/// A date operator Convene could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `before` or `after`.
    pub operator: &'static str,
    /// The value as written.
    pub value: String,
}

/// Tags named in the query (Discourse's `tags:` operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    /// The names, lower case.
    pub names: Vec<String>,
    /// All of them (`a+b`) rather than any (`a,b`).
    pub all: bool,
    /// Topics with them are left out (`-tags:`).
    pub excluded: bool,
}

/// A query, read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Words and phrases that must all match.
    pub text: Vec<Text>,
    /// Words and phrases that must not.
    pub excluded: Vec<Text>,
    /// `@name` or `user:name` (the last one given).
    pub user: Option<String>,
    /// `#…` and `category:…`: any of them.
    pub categories: Vec<CategoryRef>,
    /// `in:title`: titles only.
    pub in_title: bool,
    /// `in:first`: first posts only.
    pub in_first: bool,
    /// `status:…`
    pub status: Option<Status>,
    /// `tags:a,b` (any of them), `tags:a+b` (all), `-tags:…` (none of them).
    pub tags: Vec<TagFilter>,
    /// `before:`: posted before this day.
    pub before: Option<NaiveDate>,
    /// `after:`: posted after this day.
    pub after: Option<NaiveDate>,
    /// `order:…`
    pub order: Order,
    /// Words past [`MAX_WORDS`], left out.
    pub dropped_words: usize,
    /// Operators whose value could not be read.
    pub problems: Vec<Problem>,
}

/// Words and phrases searched at most; the rest are left out (and the page says so), so no
/// query builds an unbounded number of clauses.
pub const MAX_WORDS: usize = 32;

impl Parsed {
    /// Whether the query asks for anything at all (words or filters).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.excluded.is_empty()
            && self.user.is_none()
            && self.categories.is_empty()
            && self.status.is_none()
            && self.tags.is_empty()
            && self.before.is_none()
            && self.after.is_none()
            && !self.in_title
            && !self.in_first
    }

    /// The words alone (no operators), as typed: what a spelling suggestion replaces words in,
    /// and what `/search.json` reports as searched.
    pub fn words(&self) -> Vec<&str> {
        self.text
            .iter()
            .map(|t| match t {
                Text::Word(w) | Text::Phrase(w) => w.as_str(),
            })
            .collect()
    }
}

/// Reads `query`, taking dates relative to `today`.
pub fn parse(query: &str, today: NaiveDate) -> Parsed {
    let mut parsed = Parsed::default();
    for token in split(&normalise(query)) {
        read_token(&mut parsed, token, today);
    }
    let words = parsed.text.len() + parsed.excluded.len();
    if words > MAX_WORDS {
        parsed.dropped_words = words - MAX_WORDS;
        let keep_text = parsed.text.len().min(MAX_WORDS);
        parsed.text.truncate(keep_text);
        parsed.excluded.truncate(MAX_WORDS - keep_text);
    }
    parsed
}

/// Straight quotes for curly ones; no zero-width characters or control characters (NUL).
fn normalise(query: &str) -> String {
    query
        .chars()
        .filter(|c| {
            !matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{2060}') && !c.is_control()
        })
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => '"',
            other => other,
        })
        .collect()
}

/// A piece of the query: a bare token, or a quoted phrase (with a `-` before it, excluded).
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Bare(&'a str),
    Phrase { text: &'a str, excluded: bool },
}

/// Splits on whitespace, keeping `"…"` together; an unclosed quote runs to the end.
fn split(query: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = query;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (excluded, after_dash) = match rest.strip_prefix("-\"") {
            Some(after) => (true, Some(after)),
            None => (false, rest.strip_prefix('"')),
        };
        if let Some(after) = after_dash {
            let end = after.find('"').unwrap_or(after.len());
            tokens.push(Token::Phrase {
                text: &after[..end],
                excluded,
            });
            rest = after.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        tokens.push(Token::Bare(&rest[..end]));
        rest = &rest[end..];
    }
    tokens
}

fn read_token(parsed: &mut Parsed, token: Token<'_>, today: NaiveDate) {
    let bare = match token {
        Token::Phrase { text, excluded } => {
            let text = text.trim();
            if text.chars().any(char::is_alphanumeric) {
                let phrase = Text::Phrase(text.to_owned());
                if excluded {
                    parsed.excluded.push(phrase);
                } else {
                    parsed.text.push(phrase);
                }
            }
            return;
        }
        Token::Bare(bare) => bare,
    };
    if !read_operator(parsed, bare, today) {
        add_words(parsed, bare);
    }
}

/// Adds a bare token as text: `-word` excluded, anything with a letter or digit searched.
fn add_words(parsed: &mut Parsed, bare: &str) {
    if let Some(word) = bare.strip_prefix('-')
        && word.chars().any(char::is_alphanumeric)
    {
        parsed.excluded.push(Text::Word(word.to_owned()));
    } else if bare.chars().any(char::is_alphanumeric) {
        parsed.text.push(Text::Word(bare.to_owned()));
    }
}

/// Reads `bare` as an operator; false if it is not one (it is then text).
fn read_operator(parsed: &mut Parsed, bare: &str, today: NaiveDate) -> bool {
    if let Some(name) = bare.strip_prefix('@') {
        if is_name(name) {
            parsed.user = Some(name.to_owned());
            return true;
        }
        return false;
    }
    if let Some(category) = bare.strip_prefix('#') {
        return match category_ref(category, bare) {
            Some(reference) => {
                parsed.categories.push(reference);
                true
            }
            None => false,
        };
    }
    let Some((key, value)) = bare.split_once(':') else {
        return false;
    };
    let value_lower = value.to_lowercase();
    let (excluded, key) = match key.strip_prefix('-') {
        Some(key) => (true, key),
        None => (false, key),
    };
    let key = key.to_lowercase();
    if matches!(key.as_str(), "tags" | "tag") {
        let all = value_lower.contains('+');
        let names: Vec<String> = value_lower
            .split([',', '+'])
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        if names.is_empty() {
            return false;
        }
        parsed.tags.push(TagFilter {
            names,
            all,
            excluded,
        });
        return true;
    }
    if excluded {
        return false;
    }
    match key.as_str() {
        "user" | "username" if is_name(value) => parsed.user = Some(value.to_owned()),
        "category" | "categories" if !value.is_empty() => match category_ref(value, bare) {
            Some(reference) => parsed.categories.push(reference),
            None => return false,
        },
        "in" => match value_lower.as_str() {
            "title" => parsed.in_title = true,
            "first" => parsed.in_first = true,
            _ => return false,
        },
        "status" => {
            parsed.status = Some(match value_lower.as_str() {
                "open" => Status::Open,
                "closed" => Status::Closed,
                "solved" => Status::Solved,
                "unsolved" => Status::Unsolved,
                _ => return false,
            })
        }
        "order" => {
            parsed.order = match value_lower.as_str() {
                "latest" => Order::Latest,
                "latest_topic" => Order::LatestTopic,
                "relevance" => Order::Relevance,
                "likes" => Order::Likes,
                _ => return false,
            }
        }
        operator @ ("before" | "after") if !value.is_empty() => {
            let operator = if operator == "before" {
                "before"
            } else {
                "after"
            };
            match date(&value_lower, today) {
                Some(day) if operator == "before" => parsed.before = Some(day),
                Some(day) => parsed.after = Some(day),
                None => parsed.problems.push(Problem {
                    operator,
                    value: value.to_owned(),
                }),
            }
        }
        _ => return false,
    }
    true
}

/// A username as Discourse allows them (`me` included, resolved by the caller).
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 60
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// `slug`, `=slug`, `parent:child`.
fn category_ref(text: &str, written: &str) -> Option<CategoryRef> {
    let (exact, text) = match text.strip_prefix('=') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (parent, name) = match text.split_once(':') {
        Some((parent, child)) => (Some(parent.to_owned()), child),
        None => (None, text),
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    };
    if !ok(name) || parent.as_deref().is_some_and(|p| !ok(p)) {
        return None;
    }
    Some(CategoryRef {
        parent,
        name: name.to_owned(),
        exact,
        written: written.to_owned(),
    })
}

/// Discourse's date forms: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `N` days ago, `yesterday`,
/// `today`, a weekday (its most recent one), a month name (its most recent start).
pub fn date(value: &str, today: NaiveDate) -> Option<NaiveDate> {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if numeric(y) && numeric(m) && numeric(d) && y.len() == 4 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        [y, m] if numeric(y) && numeric(m) && y.len() == 4 => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
        }
        [y] if numeric(y) && y.len() == 4 => NaiveDate::from_ymd_opt(y.parse().ok()?, 1, 1),
        [n] if numeric(n) && n.len() <= 3 => today.checked_sub_days(Days::new(n.parse().ok()?)),
        ["yesterday"] => today.pred_opt(),
        ["today"] => Some(today),
        [word] => {
            if let Some(weekday) = weekday(word) {
                let back = (7 + today.weekday().num_days_from_monday()
                    - weekday.num_days_from_monday())
                    % 7;
                return today.checked_sub_days(Days::new(u64::from(back)));
            }
            let month = month(word)?;
            let year = if month <= today.month() {
                today.year()
            } else {
                today.year() - 1
            };
            NaiveDate::from_ymd_opt(year, month, 1)
        }
        _ => None,
    }
}

fn weekday(word: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let days = [
        ("monday", Mon),
        ("tuesday", Tue),
        ("wednesday", Wed),
        ("thursday", Thu),
        ("friday", Fri),
        ("saturday", Sat),
        ("sunday", Sun),
    ];
    days.iter()
        .find(|(name, _)| word.len() >= 3 && name.starts_with(word))
        .map(|&(_, day)| day)
}

fn month(word: &str) -> Option<u32> {
    let months = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    months
        .iter()
        .position(|name| word.len() >= 3 && name.starts_with(word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date")
    }

    fn p(q: &str) -> Parsed {
        parse(q, today())
    }

    #[test]
    fn operators_in_any_order_and_case_mix_with_words() {
        let parsed = p("svd ORDER:Latest @Alice #numpy In:Title status:CLOSED after:2021-06-04");
        assert_eq!(parsed.text, vec![Text::Word("svd".into())]);
        assert_eq!(parsed.user.as_deref(), Some("Alice"));
        assert_eq!(parsed.categories[0].name, "numpy");
        assert!(parsed.in_title);
        assert_eq!(parsed.status, Some(Status::Closed));
        assert_eq!(parsed.order, Order::Latest);
        assert_eq!(parsed.after, NaiveDate::from_ymd_opt(2021, 6, 4));
    }

    #[test]
    fn phrases_exclusions_and_subcategories() {
        let parsed = p(r#""setting an array" -legacy -"old api" #projects:numpy category:=help"#);
        assert_eq!(parsed.text, vec![Text::Phrase("setting an array".into())]);
        assert_eq!(
            parsed.excluded,
            vec![Text::Word("legacy".into()), Text::Phrase("old api".into())]
        );
        assert_eq!(parsed.categories[0].parent.as_deref(), Some("projects"));
        assert!(parsed.categories[1].exact);
    }

    #[test]
    fn unknown_operators_and_values_are_text() {
        let parsed = p("in:bookmarks foo:bar status:weird order:views");
        assert_eq!(parsed.text.len(), 4);
        assert!(parsed.status.is_none());
        assert_eq!(parsed.order, Order::Relevance);
        assert_eq!(p("order:LIKES status:solved").order, Order::Likes);
        let tagged = p("tags:NumPy,scipy -tag:legacy tags:a+b tags:");
        assert_eq!(
            tagged.tags,
            [
                TagFilter {
                    names: vec!["numpy".into(), "scipy".into()],
                    all: false,
                    excluded: false
                },
                TagFilter {
                    names: vec!["legacy".into()],
                    all: false,
                    excluded: true
                },
                TagFilter {
                    names: vec!["a".into(), "b".into()],
                    all: true,
                    excluded: false
                },
            ]
        );
        assert_eq!(tagged.words(), ["tags:"]);
    }

    #[test]
    fn unreadable_dates_are_problems_naming_the_operator() {
        let parsed = p("before:2021-13-45 after:soon");
        assert_eq!(parsed.problems.len(), 2);
        assert_eq!(parsed.problems[0].operator, "before");
        assert_eq!(parsed.problems[1].value, "soon");
    }

    #[test]
    fn relative_dates() {
        assert_eq!(
            date("yesterday", today()),
            NaiveDate::from_ymd_opt(2026, 11, 21)
        );
        assert_eq!(date("7", today()), NaiveDate::from_ymd_opt(2026, 11, 15));
        assert_eq!(date("2021", today()), NaiveDate::from_ymd_opt(2021, 1, 1));
        assert_eq!(
            date("2021-06", today()),
            NaiveDate::from_ymd_opt(2021, 6, 1)
        );
        // 2026-11-22 is a Sunday; the most recent Monday is the 16th.
        assert_eq!(
            date("monday", today()),
            NaiveDate::from_ymd_opt(2026, 11, 16)
        );
        assert_eq!(date("dec", today()), NaiveDate::from_ymd_opt(2025, 12, 1));
    }

    #[test]
    fn pathological_queries_parse_to_something_bounded() {
        for q in [
            "\"\"\"",
            "-",
            "@",
            "#",
            "in:",
            "status:",
            "🦀 😀",
            "مرحبا بالعالم",
            "a\0b",
            "\"unclosed",
        ] {
            let parsed = p(q);
            assert!(
                parsed.text.len() + parsed.excluded.len() <= MAX_WORDS,
                "{q}"
            );
        }
        let many = vec!["word"; 200].join(" ");
        let parsed = p(&many);
        assert_eq!(parsed.text.len(), MAX_WORDS);
        assert_eq!(parsed.dropped_words, 200 - MAX_WORDS);
    }
}
