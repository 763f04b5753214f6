//! Watched words: words and phrases an admin lists, each with what happens to a post that has
//! one (refused, queued for approval, or shown masked), and the [`WatchList`] compiled from
//! them that the write path checks titles and bodies against.
//!
//! A word matches whole words only, ignoring case: "spam" matches "Spam!" but not "spammer".
//! `*` stands for any letters, so "spam*" matches "spammer" too. Everything else is literal:
//! admins type words, not regular expressions, so a list cannot be made to match everything
//! or to cost more than a linear scan (the `regex` crate guarantees linear time anyway).

use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use regex::{Regex, RegexSet};

use crate::db::AnyConnection;
use crate::db::schema::watched_words;
use crate::models::ids::UserId;

/// What a watched word does to a post that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WatchedAction {
    /// The post is refused, with the word named so its author can rephrase.
    Block,
    /// The post waits in the review queue until a moderator approves it.
    RequireApproval,
    /// The word is shown masked (■■■■) to everyone.
    Censor,
}

impl WatchedAction {
    /// Every action, in the order the admin page lists them.
    pub const ALL: [WatchedAction; 3] = [
        WatchedAction::Block,
        WatchedAction::RequireApproval,
        WatchedAction::Censor,
    ];

    /// As stored, and as Discourse's API names it (`action_key`).
    pub fn as_str(self) -> &'static str {
        match self {
            WatchedAction::Block => "block",
            WatchedAction::RequireApproval => "require_approval",
            WatchedAction::Censor => "censor",
        }
    }

    /// From its stored or API name.
    pub fn parse(text: &str) -> Option<WatchedAction> {
        WatchedAction::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }
}

/// A `watched_words` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = watched_words)]
pub struct WatchedWord {
    /// Id.
    pub id: i64,
    /// The word or phrase, in lower case; `*` matches any letters.
    pub word: String,
    /// What it does ([`WatchedAction::as_str`]).
    pub action: String,
    /// The admin who added it, while their account exists.
    pub created_by_id: Option<UserId>,
    /// When.
    pub created_at: NaiveDateTime,
}

impl WatchedWord {
    /// Its action (an unknown stored name, which no code writes, reads as blocking: a word
    /// someone meant to watch is never silently let through).
    pub fn action(&self) -> WatchedAction {
        WatchedAction::parse(&self.action).unwrap_or(WatchedAction::Block)
    }

    /// Every watched word, by action then word.
    pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<WatchedWord>> {
        watched_words::table
            .order((watched_words::action.asc(), watched_words::word.asc()))
            .select(WatchedWord::as_select())
            .load(conn)
    }

    /// How many there are.
    pub fn count(conn: &mut AnyConnection) -> QueryResult<i64> {
        watched_words::table.count().get_result(conn)
    }

    /// One by id.
    pub fn find(conn: &mut AnyConnection, id: i64) -> QueryResult<WatchedWord> {
        watched_words::table
            .find(id)
            .select(WatchedWord::as_select())
            .first(conn)
    }

    /// Adds `word` (already normalised by [`normalise`]) with `action`.
    pub(crate) fn insert(
        conn: &mut AnyConnection,
        word: &str,
        action: WatchedAction,
        by: Option<UserId>,
        now: NaiveDateTime,
    ) -> QueryResult<WatchedWord> {
        diesel::insert_into(watched_words::table)
            .values((
                watched_words::word.eq(word),
                watched_words::action.eq(action.as_str()),
                watched_words::created_by_id.eq(by),
                watched_words::created_at.eq(now),
            ))
            .returning(watched_words::all_columns)
            .get_result(conn)
    }

    /// Removes one.
    pub(crate) fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<usize> {
        diesel::delete(watched_words::table.find(id)).execute(conn)
    }
}

/// The longest watched word, in characters.
pub const MAX_WORD_CHARS: usize = 100;

/// How many words an admin may list: the compiled list is checked on every post.
pub const MAX_WORDS: usize = 2000;

/// What an admin typed, as stored: trimmed, inner spaces collapsed, lower case. `None` when
/// nothing would be left to match (blank, or only `*`).
pub fn normalise(typed: &str) -> Option<String> {
    let word = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    let word = word.to_lowercase();
    word.chars()
        .any(|c| c != '*')
        .then_some(word)
        .filter(|w| w.chars().count() <= MAX_WORD_CHARS)
}

/// The first watched word found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// The watched word, as listed.
    pub word: String,
    /// The text it matched, as written.
    pub found: String,
}

/// One action's words, compiled.
#[derive(Debug, Clone)]
struct Compiled {
    words: Vec<String>,
    /// One alternation of every word, so a text is scanned once whatever the list's length.
    any: Regex,
    /// Each word anchored on its own, to say which one a match was without compiling
    /// anything then (a match is found inside the post's write transaction).
    each: RegexSet,
}

impl Compiled {
    fn new(words: Vec<String>) -> Option<Compiled> {
        if words.is_empty() {
            return None;
        }
        let alternatives: Vec<String> = words.iter().map(|w| pattern(w)).collect();
        let any = Regex::new(&format!("(?i){}", alternatives.join("|")))
            .expect("escaped words always compile");
        let each = RegexSet::new(alternatives.iter().map(|a| format!("(?i)^{a}$")))
            .expect("escaped words always compile");
        Some(Compiled { words, any, each })
    }

    fn first(&self, text: &str) -> Option<Match> {
        let found = self.any.find(text)?.as_str();
        // Which word it was: the first whose own pattern matches the found text in full.
        let word = self
            .each
            .matches(found)
            .iter()
            .next()
            .and_then(|index| self.words.get(index))
            .cloned()
            .unwrap_or_else(|| found.to_lowercase());
        Some(Match {
            word,
            found: found.to_owned(),
        })
    }
}

/// A word as a regular expression: literal, but `*` is any run of word characters, and any
/// run of spaces matches any run of whitespace; bounded by Unicode word boundaries where it
/// begins or ends with a letter (so "café" is a whole word, and "c++" still matches before a
/// space, where `\b` would never hold).
fn pattern(word: &str) -> String {
    let wordlike = |c: Option<char>| c.is_some_and(|c| c == '*' || c.is_alphanumeric() || c == '_');
    let start = if wordlike(word.chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if wordlike(word.chars().last()) {
        r"\b"
    } else {
        ""
    };
    let body = word
        .split('*')
        .map(|piece| {
            piece
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join(r"\w*");
    format!("(?:{start}{body}{end})")
}

/// A list's words and actions, in order: what a compiled list is cached under.
type ListKey = Vec<(String, String)>;

/// The watched words, compiled for checking posts: load it with [`WatchList::load`] inside
/// the transaction that writes the post, so a word added a moment ago already applies.
#[derive(Debug, Clone, Default)]
pub struct WatchList {
    block: Option<Compiled>,
    require_approval: Option<Compiled>,
    censor: Option<Compiled>,
}

impl WatchList {
    /// Compiled from rows.
    pub fn from_words(words: &[WatchedWord]) -> WatchList {
        let of = |action: WatchedAction| {
            Compiled::new(
                words
                    .iter()
                    .filter(|w| w.action() == action)
                    .map(|w| w.word.clone())
                    .collect(),
            )
        };
        WatchList {
            block: of(WatchedAction::Block),
            require_approval: of(WatchedAction::RequireApproval),
            censor: of(WatchedAction::Censor),
        }
    }

    /// The list as stored now, compiled. The rows are read every time (a small table, one
    /// cached statement), but compiling them is done once per distinct list and shared by
    /// every thread: compiling Unicode-aware patterns costs milliseconds, and the write path
    /// asks inside its transaction, where on SQLite every other writer waits. Without this,
    /// replies fell from 599 to 139 a second (docs/performance.md, 2026-12-03).
    pub fn load(conn: &mut AnyConnection) -> QueryResult<Arc<WatchList>> {
        /// The last list compiled, keyed by its words and actions (so two forums in one
        /// process, as in the tests, never share a list by accident).
        static COMPILED: Mutex<Option<(ListKey, Arc<WatchList>)>> = Mutex::new(None);
        let words = WatchedWord::all(conn)?;
        let key: ListKey = words
            .iter()
            .map(|w| (w.word.clone(), w.action.clone()))
            .collect();
        // A panic elsewhere while holding the lock leaves a usable cache: take it anyway.
        let mut compiled = COMPILED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((cached_key, list)) = compiled.as_ref()
            && *cached_key == key
        {
            return Ok(Arc::clone(list));
        }
        let list = Arc::new(WatchList::from_words(&words));
        *compiled = Some((key, Arc::clone(&list)));
        Ok(list)
    }

    fn compiled(&self, action: WatchedAction) -> Option<&Compiled> {
        match action {
            WatchedAction::Block => self.block.as_ref(),
            WatchedAction::RequireApproval => self.require_approval.as_ref(),
            WatchedAction::Censor => self.censor.as_ref(),
        }
    }

    /// The first word of `action` in any of `texts`.
    pub fn first(&self, action: WatchedAction, texts: &[&str]) -> Option<Match> {
        let compiled = self.compiled(action)?;
        texts.iter().find_map(|text| compiled.first(text))
    }

    /// Whether there are words to censor.
    pub fn censors(&self) -> bool {
        self.censor.is_some()
    }

    /// `text` with every censored word masked, one ■ per character.
    pub fn censor<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match &self.censor {
            None => std::borrow::Cow::Borrowed(text),
            Some(compiled) => compiled
                .any
                .replace_all(text, |found: &regex::Captures<'_>| {
                    "■".repeat(found[0].chars().count())
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[(&str, WatchedAction)]) -> WatchList {
        let rows: Vec<WatchedWord> = words
            .iter()
            .enumerate()
            .map(|(i, (word, action))| WatchedWord {
                id: i64::try_from(i).expect("a small index"),
                word: normalise(word).expect("a word"),
                action: action.as_str().to_owned(),
                created_by_id: None,
                created_at: NaiveDateTime::default(),
            })
            .collect();
        WatchList::from_words(&rows)
    }

    #[test]
    fn whole_words_only_ignoring_case() {
        let list = list(&[("spam", WatchedAction::Block)]);
        let found = list
            .first(WatchedAction::Block, &["Buy SPAM now!"])
            .expect("a match");
        assert_eq!(found.word, "spam");
        assert_eq!(found.found, "SPAM");
        assert_eq!(list.first(WatchedAction::Block, &["a spammer"]), None);
        assert_eq!(list.first(WatchedAction::Censor, &["spam"]), None);
    }

    #[test]
    fn a_star_is_any_letters_and_the_rest_is_literal() {
        let list = list(&[
            ("spam*", WatchedAction::Block),
            ("c++", WatchedAction::RequireApproval),
            ("free   money", WatchedAction::Censor),
        ]);
        assert_eq!(
            list.first(WatchedAction::Block, &["no", "spammers here"])
                .expect("a match")
                .word,
            "spam*"
        );
        assert!(
            list.first(WatchedAction::RequireApproval, &["ccc"])
                .is_none()
        );
        assert!(
            list.first(WatchedAction::RequireApproval, &["I like C++ a lot"])
                .is_some()
        );
        assert_eq!(list.censor("Get FREE\nmoney today"), "Get ■■■■■■■■■■ today");
        assert_eq!(list.censor("freedom money"), "freedom money");
    }

    #[test]
    fn which_word_matched_is_named() {
        let list = list(&[
            ("alpha", WatchedAction::Block),
            ("beta*", WatchedAction::Block),
        ]);
        let found = list
            .first(WatchedAction::Block, &["Betamax tapes"])
            .expect("a match");
        assert_eq!(found.word, "beta*");
        assert_eq!(found.found, "Betamax");
    }

    #[test]
    fn words_outside_ascii_have_their_own_boundaries() {
        let list = list(&[("café", WatchedAction::Censor)]);
        assert_eq!(
            list.censor("Un CAFÉ, s'il vous plaît"),
            "Un ■■■■, s'il vous plaît"
        );
        assert_eq!(list.censor("cafés"), "cafés");
    }

    #[test]
    fn nothing_to_match_is_not_a_word() {
        assert_eq!(normalise("   "), None);
        assert_eq!(normalise("**"), None);
        assert_eq!(normalise(&"x".repeat(MAX_WORD_CHARS + 1)), None);
        assert_eq!(normalise("  Free   Money "), Some("free money".into()));
    }
}
