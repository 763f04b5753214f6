//! Finding: a parsed query becomes a tantivy query, its matches are grouped by topic (one post
//! per topic, as Discourse shows them) and ranked, and each gets a snippet.
//!
//! Ranking is BM25 over the fields with boosts: a word matched in its exact form (code-aware
//! terms) weighs twice its stem, a title three times a body, a phrase more than its words; a
//! first post counts half again, a closed topic a little less (as in Discourse); recency breaks
//! ties. Filters on facts (dates, status, first posts) are checked per match on fast fields;
//! user and category filters are index terms.
//!
//! By relevance, only posts that can still reach the page asked for are looked at
//! ([`BestPerTopic::best_by_relevance`]): a common word costs the work of a page, not of every
//! post holding it, and the count past that page is "more than". By date, every match is.

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::Token;
use tantivy::{
    DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use super::query::{Order, Parsed, Status, Text};
use super::schema::Fields;
use super::{SearchIndex, tokenize};

/// A search to run: the parsed query with its names resolved to ids by the caller.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The query.
    pub parsed: &'a Parsed,
    /// Posts by this user only.
    pub user: Option<i64>,
    /// Posts in these categories only (`None`: any category).
    pub categories: Option<Vec<i64>>,
    /// Posts in these topics only (`None`: any topic).
    pub topics: Option<Vec<i64>>,
    /// Posts in none of these topics.
    pub excluded_topics: Vec<i64>,
    /// Results to skip (pages before this one).
    pub offset: usize,
    /// Results to return.
    pub limit: usize,
}

/// A snippet: text with the matched words marked, for the view to escape and mark up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// Pieces of text in order, each marked or not.
    pub pieces: Vec<(String, bool)>,
}

impl Snippet {
    /// The text alone.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|(text, _)| text.as_str()).collect()
    }
}

/// Every piece escaped, matches in `<mark>`: the page's snippet and JSON's `blurb` alike.
impl maud::Render for Snippet {
    fn render(&self) -> maud::Markup {
        maud::html! {
            @for (text, marked) in &self.pieces {
                @if *marked { mark { (text) } } @else { (text) }
            }
        }
    }
}

/// One result: a topic, through its best-matching post.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The post.
    pub post_id: i64,
    /// Its topic.
    pub topic_id: i64,
    /// Why it matched.
    pub snippet: Snippet,
}

/// How many topics matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Exactly this many.
    Exactly(usize),
    /// More than this many. Ranking by relevance stops looking once the pages up to the one
    /// asked for are certain (and one topic past them proves a next page); counting every
    /// match of a common word would cost more than finding the best ones.
    MoreThan(usize),
}

impl Default for Total {
    fn default() -> Total {
        Total::Exactly(0)
    }
}

impl Total {
    /// Whether nothing matched.
    pub fn is_nothing(self) -> bool {
        self == Total::Exactly(0)
    }

    /// Pages of `per_page` topics: all of them, or as many as are known to exist.
    pub fn pages(self, per_page: usize) -> usize {
        let per_page = per_page.max(1);
        match self {
            Total::Exactly(topics) => topics.div_ceil(per_page).max(1),
            Total::MoreThan(topics) => (topics + 1).div_ceil(per_page),
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// Topics matched.
    pub total: Total,
    /// This page.
    pub hits: Vec<Hit>,
    /// When nothing matched: other queries to try.
    pub suggestions: Vec<Suggestion>,
}

/// Another query to try, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The query.
    pub query: String,
    /// Why it may find something.
    pub why: Why,
}

/// Why a suggested query may find something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// A word no post contains, spelled as a frequent near word.
    Spelling {
        /// As searched.
        word: String,
        /// As suggested.
        better: String,
    },
    /// One filter fewer.
    Without(String),
}

/// Terms a prefix expands to at most (the most frequent ones).
const PREFIX_EXPANSIONS: usize = 16;
/// Dictionary entries looked at per prefix at most.
const PREFIX_SCAN: usize = 2000;
/// Characters in a snippet.
const SNIPPET_CHARS: usize = 220;

impl SearchIndex {
    /// Runs `request`. Blocking (call it off the async workers).
    pub fn find(&self, request: &Request<'_>) -> anyhow::Result<Found> {
        let parsed = request.parsed;
        let searcher = self.inner.reader.searcher();
        let fields = self.inner.fields;
        let query = build_query(&searcher, &fields, request);
        let collector = BestPerTopic {
            ranked: request.offset + request.limit,
            order: parsed.order,
            closed: match parsed.status {
                Some(Status::Open) => Some(false),
                Some(Status::Closed) => Some(true),
                _ => None,
            },
            // Only questions' categories are searched for these (`names::resolve`).
            solved: match parsed.status {
                Some(Status::Solved) => Some(true),
                Some(Status::Unsolved) => Some(false),
                _ => None,
            },
            after: parsed.after.map(|day| {
                day.and_hms_opt(0, 0, 0)
                    .map_or(i64::MIN, |t| t.and_utc().timestamp())
            }),
            before: parsed.before.map(|day| {
                day.and_hms_opt(0, 0, 0)
                    .map_or(i64::MAX, |t| t.and_utc().timestamp())
            }),
        };
        // Ranking by relevance can skip what cannot reach the page asked for; the orders by
        // date, filters with no words (every score equal) and deep pages look at every match.
        let (total, ranked) = if parsed.order == Order::Relevance
            && !parsed.text.is_empty()
            && collector.ranked < TopTopics::MOST
        {
            collector.best_by_relevance(&searcher, &*query, &self.inner.columns)?
        } else {
            let (total, ranked) = searcher.search(&*query, &collector)?;
            (Total::Exactly(total), ranked)
        };
        let page: Vec<(i64, DocAddress)> = ranked
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|(topic, _, post)| (topic, post))
            .collect();
        let snippets = Snippets::new(&searcher, &*query, &fields)?;
        let mut hits = Vec::with_capacity(page.len());
        for (topic_id, address) in page {
            let document: TantivyDocument = searcher.doc(address)?;
            let post_id = document
                .get_first(fields.post_id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default();
            let body = document
                .get_first(fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            hits.push(Hit {
                post_id,
                topic_id,
                snippet: snippets.of(body),
            });
        }
        Ok(Found {
            total,
            hits,
            suggestions: Vec::new(),
        })
    }

    /// What to try after `text` found nothing: the query with a rare word spelled as a
    /// frequent near one, and the query without each filter.
    pub fn suggestions(&self, text: &str, parsed: &Parsed) -> Vec<Suggestion> {
        let searcher = self.inner.reader.searcher();
        let body = self.inner.fields.body;
        let mut suggestions = Vec::new();
        for word in parsed.words() {
            if word.contains(char::is_whitespace) {
                continue;
            }
            let lower = word.to_lowercase();
            let known = searcher
                .doc_freq(&Term::from_field_text(body, &lower))
                .unwrap_or(0);
            if known > 0 {
                continue;
            }
            if let Some(better) = near_spelling(&searcher, body, &lower) {
                let query = text
                    .split_whitespace()
                    .map(|token| {
                        if token.eq_ignore_ascii_case(word) {
                            better.as_str()
                        } else {
                            token
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                suggestions.push(Suggestion {
                    query,
                    why: Why::Spelling {
                        word: word.to_owned(),
                        better: better.clone(),
                    },
                });
            }
        }
        let tokens: Vec<&str> = text.split_whitespace().collect();
        for (i, token) in tokens.iter().enumerate() {
            if is_filter(token) && tokens.len() > 1 {
                let query = tokens
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, t)| *t)
                    .collect::<Vec<_>>()
                    .join(" ");
                suggestions.push(Suggestion {
                    query,
                    why: Why::Without((*token).to_owned()),
                });
            }
        }
        suggestions.truncate(5);
        suggestions
    }

    /// Up to `limit` topics whose titles are like `title`, best first: shown before someone
    /// posts a new topic, to catch duplicates. Any title word may match.
    pub fn similar_titles(&self, title: &str, limit: usize) -> anyhow::Result<Vec<i64>> {
        let searcher = self.inner.reader.searcher();
        let fields = self.inner.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for stem in tokenize::stems(title)
            .into_iter()
            .take(super::query::MAX_WORDS)
        {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.title_stem, &stem),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let query = BooleanQuery::new(clauses);
        let collector = BestPerTopic {
            ranked: limit,
            order: Order::Relevance,
            closed: None,
            solved: None,
            after: None,
            before: None,
        };
        let (_, ranked) = collector.best_by_relevance(&searcher, &query, &self.inner.columns)?;
        Ok(ranked.into_iter().map(|(topic, _, _)| topic).collect())
    }
}

/// Whether a query token is an operator that narrows the search.
fn is_filter(token: &str) -> bool {
    let lower = token.to_lowercase();
    (token.starts_with('@') || token.starts_with('#')) && token.len() > 1
        || ["user:", "category:", "in:", "status:", "before:", "after:"]
            .iter()
            .any(|op| lower.starts_with(op))
}

/// The most frequent term of `field` within a small edit distance of `word`, sharing its first
/// letter (a misspelling rarely starts wrong; it bounds the terms looked at).
fn near_spelling(searcher: &Searcher, field: Field, word: &str) -> Option<String> {
    let chars = word.chars().count();
    if !(3..=40).contains(&chars) {
        return None;
    }
    let most_edits = if chars <= 5 { 1 } else { 2 };
    let first = word.chars().next()?.to_string();
    prefixed_terms(searcher, field, &first, 20 * PREFIX_SCAN, |term| {
        term.len().abs_diff(word.len()) <= most_edits
            && strsim::damerau_levenshtein(term, word) <= most_edits
    })
    .into_iter()
    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
    .map(|(term, _)| term)
}

/// Bytes a word can go on with: digits, lowercase letters, and the lead bytes of non-ASCII
/// characters. Index terms are lowercase, and a term that goes on with `.`, `_` or `:` is one of
/// the tokenizer's code wholes (`numba.core.jit`), not a longer word: skipping those ranges
/// keeps a prefix of a package name from reading thousands of identifiers.
const WORD_CONTINUATIONS: [(u8, Option<u8>); 3] =
    [(b'0', Some(b'9' + 1)), (b'a', Some(b'z' + 1)), (0x80, None)];
// (`None`: up to the end of the terms that start with the prefix.)

/// The terms of `field` that are `prefix` or go on from it with word characters and that
/// `keep` accepts, each with the number of documents holding it (summed over segments). At
/// most `scan` dictionary entries are read per segment, so a short prefix costs bounded time.
fn prefixed_terms(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    scan: usize,
    keep: impl Fn(&str) -> bool,
) -> HashMap<String, u64> {
    let mut frequency: HashMap<String, u64> = HashMap::new();
    let mut count = |term: &[u8], doc_freq: u32| {
        if let Ok(term) = std::str::from_utf8(term)
            && keep(term)
        {
            *frequency.entry(term.to_owned()).or_default() += u64::from(doc_freq);
        }
    };
    // The first byte string after every string starting with `prefix` (none if all 0xFF).
    let mut after_prefix = prefix.as_bytes().to_vec();
    while let Some(last) = after_prefix.pop() {
        if last < u8::MAX {
            after_prefix.push(last + 1);
            break;
        }
    }
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let terms = inverted.terms();
        if let Ok(Some(info)) = terms.get(prefix.as_bytes()) {
            count(prefix.as_bytes(), info.doc_freq);
        }
        let mut scanned = 0;
        for (low, high) in WORD_CONTINUATIONS {
            let start = [prefix.as_bytes(), &[low]].concat();
            let mut range = terms.range().ge(&start);
            match high {
                Some(high) => range = range.lt([prefix.as_bytes(), &[high]].concat()),
                None if !after_prefix.is_empty() => range = range.lt(&after_prefix),
                None => {}
            }
            let Ok(mut stream) = range.into_stream() else {
                continue;
            };
            while scanned < scan && stream.advance() {
                scanned += 1;
                count(stream.key(), stream.value().doc_freq);
            }
        }
    }
    frequency
}

/// The tantivy query for a request.
fn build_query(searcher: &Searcher, fields: &Fields, request: &Request<'_>) -> Box<dyn Query> {
    let parsed = request.parsed;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let last_word = parsed
        .text
        .iter()
        .rposition(|t| matches!(t, Text::Word(_)))
        .filter(|&i| i + 1 == parsed.text.len());
    // Common words (`not`, `be`, `with`) are left out when other words remain, as PostgreSQL
    // (Discourse's engine) leaves out its stop words: nearly every post holds them, so requiring
    // them narrows nothing, and even scoring them costs a walk through their postings for every
    // post the other words find. Over a million posts, an error line pasted whole took 23 ms
    // with them required, 18 ms with them only scored, 8 ms without them. A query of common
    // words alone keeps them, and so does a phrase (`"could not be broadcast"`).
    let narrowing = parsed.text.iter().any(|t| !is_common(t));
    for (i, text) in parsed.text.iter().enumerate() {
        if narrowing && is_common(text) {
            continue;
        }
        let prefix = last_word == Some(i);
        if let Some(query) = match_text(searcher, fields, text, parsed.in_title, prefix) {
            clauses.push((Occur::Must, query));
        }
    }
    let has_text = !clauses.is_empty();
    for text in &parsed.excluded {
        if let Some(query) = match_text(searcher, fields, text, false, false) {
            clauses.push((Occur::MustNot, query));
        }
    }
    let filter = |query: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
        (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
    };
    if let Some(user) = request.user {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_i64(fields.user_id, user),
            IndexRecordOption::Basic,
        ))));
    }
    if let Some(categories) = &request.categories {
        clauses.push(filter(Box::new(TermSetQuery::new(
            categories
                .iter()
                .map(|&id| Term::from_field_i64(fields.category_id, id)),
        ))));
    }
    if let Some(topics) = &request.topics {
        clauses.push(filter(Box::new(TermSetQuery::new(
            topics
                .iter()
                .map(|&id| Term::from_field_i64(fields.topic_id, id)),
        ))));
    }
    if !request.excluded_topics.is_empty() {
        clauses.push((
            Occur::MustNot,
            Box::new(TermSetQuery::new(
                request
                    .excluded_topics
                    .iter()
                    .map(|&id| Term::from_field_i64(fields.topic_id, id)),
            )),
        ));
    }
    if parsed.in_first || parsed.in_title {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_i64(fields.post_number, 1),
            IndexRecordOption::Basic,
        ))));
    }
    if !has_text {
        // Filters alone (`@alice`, `#numpy`): every post they allow, newest first on ties.
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 1.0)),
        ));
    }
    // One word and nothing else: its alternatives are the query itself, so that tantivy sees
    // a union of terms at the top, which it can prune (a lone `Must` around it hides that).
    if let [(Occur::Must, _)] = clauses.as_slice()
        && let Some((_, only)) = clauses.pop()
    {
        return only;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Lucene's English stop words: words so common that requiring one narrows nothing.
const COMMON_WORDS: [&str; 33] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];

/// Whether `text` is one common word (see [`COMMON_WORDS`]).
fn is_common(text: &Text) -> bool {
    matches!(text, Text::Word(word) if COMMON_WORDS.iter().any(|c| word.eq_ignore_ascii_case(c)))
}

/// Boosts: a title counts three times a body; an exact form twice its stem.
const TITLE: Score = 3.0;
const BODY: Score = 1.0;

/// What matches one word or phrase, in titles (and bodies unless `titles_only`).
fn match_text(
    searcher: &Searcher,
    fields: &Fields,
    text: &Text,
    titles_only: bool,
    prefix: bool,
) -> Option<Box<dyn Query>> {
    let mut places = vec![(fields.title, fields.title_stem, TITLE)];
    if !titles_only {
        places.push((fields.body, fields.body_stem, BODY));
    }
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match text {
        Text::Word(word) => {
            let tokens = tokenize::code_tokens(word);
            let parts: Vec<(usize, String)> = tokens
                .iter()
                .filter(|t| t.position_length == 1)
                .map(|t| (t.position, t.text.clone()))
                .collect();
            // Whole identifiers, each followed by its shorter paths (`np.linalg.svd`,
            // `linalg.svd`): see `tokenize`.
            let wholes: Vec<&Token> = tokens.iter().filter(|t| t.position_length > 1).collect();
            if parts.is_empty() {
                return None;
            }
            // A dotted name typed alone (`scipy.spatial.distance.cdist`): one identifier
            // covering every part, with a namespace in it.
            let dotted = wholes.first().is_some_and(|whole| {
                whole.position_length == parts.len() && whole.text.contains(['.', ':'])
            });
            // The identifiers themselves, not the paths inside them.
            let mut outermost: Vec<&str> = Vec::new();
            let mut covered = 0;
            for whole in &wholes {
                if outermost.is_empty() || whole.position >= covered {
                    outermost.push(&whole.text);
                    covered = whole.position + whole.position_length;
                }
            }
            let stems = tokenize::stems(word);
            for &(code, stem, weight) in &places {
                if let [(_, part)] = parts.as_slice() {
                    alternatives.push(boosted(term(code, part), 2.0 * weight));
                    if prefix && part.chars().count() >= 3 {
                        // Each continuation is an alternative of its own (not a nested
                        // union): a union of terms alone lets ranking skip blocks of posts
                        // that cannot reach the page (block-max WAND).
                        for continuation in expand_prefix(searcher, code, part) {
                            alternatives.push(boosted(term(code, &continuation), 0.5 * weight));
                        }
                    }
                } else if dotted {
                    // The name itself, each shorter path (`distance.cdist`: how people often
                    // write it), then posts that only say the last part, lower. Terms alone:
                    // no phrase over the parts and no stems, since every post they would add
                    // says the last part anyway, and a union of terms lets ranking skip the
                    // posts that cannot reach the page (block-max WAND), where a phrase over
                    // common parts walks the positions of every post holding all of them.
                    for (i, whole) in wholes.iter().enumerate() {
                        let boost = if i == 0 { 3.0 } else { 1.5 };
                        alternatives.push(boosted(term(code, &whole.text), boost * weight));
                    }
                    if let Some((_, last)) = parts.last() {
                        alternatives.push(boosted(term(code, last), 0.3 * weight));
                    }
                    continue;
                } else {
                    // `read_csv`: the identifier itself, or its parts as a phrase (`read csv`).
                    alternatives.push(boosted(phrase(code, &parts), 2.0 * weight));
                    if let [whole] = outermost.as_slice() {
                        alternatives.push(boosted(term(code, whole), 3.0 * weight));
                        // `np.linalg.svd` also ranks posts that only say `svd`, lower.
                        if whole.contains(['.', ':'])
                            && let Some((_, last)) = parts.last()
                        {
                            alternatives.push(boosted(term(code, last), 0.3 * weight));
                        }
                    }
                }
                match stems.as_slice() {
                    [] => {}
                    [one] => alternatives.push(boosted(term(stem, one), weight)),
                    many => {
                        let all: Vec<(Occur, Box<dyn Query>)> =
                            many.iter().map(|s| (Occur::Must, term(stem, s))).collect();
                        alternatives.push(boosted(Box::new(BooleanQuery::new(all)), 0.8 * weight));
                    }
                }
            }
        }
        Text::Phrase(words) => {
            let parts: Vec<(usize, String)> = tokenize::code_tokens(words)
                .into_iter()
                .filter(|t| t.position_length == 1)
                .map(|t| (t.position, t.text))
                .collect();
            for &(code, _, weight) in &places {
                match parts.as_slice() {
                    [] => return None,
                    [(_, one)] => alternatives.push(boosted(term(code, one), 2.0 * weight)),
                    _ => alternatives.push(boosted(phrase(code, &parts), 2.0 * weight)),
                }
            }
        }
    }
    Some(Box::new(BooleanQuery::new(alternatives)))
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn phrase(field: Field, parts: &[(usize, String)]) -> Box<dyn Query> {
    let first = parts.first().map_or(0, |(p, _)| *p);
    Box::new(PhraseQuery::new_with_offset(
        parts
            .iter()
            .map(|(position, text)| (position - first, Term::from_field_text(field, text)))
            .collect(),
    ))
}

fn boosted(query: Box<dyn Query>, boost: Score) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

/// The most frequent terms of `field` that start with `prefix` (other than `prefix` itself),
/// to search as alternatives: `vectori` finds `vectorize`. Bounded both in terms looked at and
/// in terms returned, so a short prefix cannot make a query slow.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    let mut terms: Vec<(String, u64)> =
        prefixed_terms(searcher, field, prefix, PREFIX_SCAN, |term| term != prefix)
            .into_iter()
            .collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms
        .into_iter()
        .take(PREFIX_EXPANSIONS)
        .map(|(text, _)| text)
        .collect()
}

/// Keeps the best post of each topic; yields how many topics matched and the best `ranked`
/// of them in order, each with that post.
#[derive(Debug, Clone, Copy)]
struct BestPerTopic {
    /// Topics to rank (the pages up to the one asked for); the rest are only counted.
    ranked: usize,
    order: Order,
    /// Only closed (true) or open (false) topics.
    closed: Option<bool>,
    /// Only solved (true) or unsolved (false) topics.
    solved: Option<bool>,
    /// Posted at or after (seconds since 1970).
    after: Option<i64>,
    /// Posted before.
    before: Option<i64>,
}

/// A topic ranked, through its best post.
type Ranked = (i64, Rank, DocAddress);

/// How a match ranks: greater is better.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Rank(f64, i64);

impl Rank {
    fn better_than(&self, other: &Rank) -> bool {
        self.partial_cmp(other) == Some(std::cmp::Ordering::Greater)
    }
}

/// The fast fields ranking reads, of one segment. Cheap to clone (their data is shared).
#[derive(Clone)]
pub(super) struct Columns {
    topic_id: Column<i64>,
    post_number: Column<i64>,
    created: Column<i64>,
    topic_created: Column<i64>,
    closed: Column<i64>,
    solved: Column<i64>,
    likes: Column<i64>,
}

/// Each segment's opened columns. Opening one decodes its block headers, which over a
/// million posts in twenty segments cost more than ranking a common word itself; a segment
/// never changes (deletes are kept beside it), so they are opened once per segment.
#[derive(Default)]
pub(super) struct ColumnCache {
    by_segment: std::sync::RwLock<FxHashMap<SegmentId, Columns>>,
}

impl ColumnCache {
    /// The columns of `reader`'s segment, opened now if they were not.
    fn of(&self, reader: &SegmentReader) -> tantivy::Result<Columns> {
        let id = reader.segment_id();
        if let Ok(cached) = self.by_segment.read()
            && let Some(columns) = cached.get(&id)
        {
            return Ok(columns.clone());
        }
        let columns = Columns::of(reader)?;
        if let Ok(mut cached) = self.by_segment.write() {
            cached.insert(id, columns.clone());
        }
        Ok(columns)
    }

    /// Forgets segments `searcher` no longer has (merged away).
    pub(super) fn keep_only(&self, searcher: &Searcher) {
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        if let Ok(mut cached) = self.by_segment.write() {
            cached.retain(|id, _| live.contains(id));
        }
    }
}

impl Columns {
    fn of(reader: &SegmentReader) -> tantivy::Result<Columns> {
        let fast = reader.fast_fields();
        Ok(Columns {
            topic_id: fast.i64("topic_id")?,
            post_number: fast.i64("post_number")?,
            created: fast.i64("created")?,
            topic_created: fast.i64("topic_created")?,
            closed: fast.i64("closed")?,
            solved: fast.i64("solved")?,
            likes: fast.i64("likes")?,
        })
    }
}

/// The most a post's BM25 score is multiplied by when ranked (a first post's 1.5; a closed
/// topic's 0.9 only lowers it). A post whose score times this cannot beat the worst topic kept
/// cannot reach the page, so ranking by relevance need not look at it.
const MOST_LIFT: f64 = 1.5;

impl BestPerTopic {
    /// The topic of `doc` and how it ranks, unless a filter leaves it out or its relevance
    /// is below `floor` (then nothing else is read: most posts a search looks at stop here).
    fn rank(
        &self,
        c: &Columns,
        doc: DocId,
        score: Score,
        floor: Option<f64>,
    ) -> Option<(i64, Rank)> {
        let mut relevance = f64::from(score);
        if c.post_number.first(doc) == Some(1) {
            relevance *= MOST_LIFT;
        }
        if floor.is_some_and(|floor| relevance < floor) {
            return None;
        }
        let created = c.created.first(doc).unwrap_or(0);
        if self.after.is_some_and(|after| created < after)
            || self.before.is_some_and(|before| created >= before)
        {
            return None;
        }
        let closed = c.closed.first(doc) == Some(1);
        if self.closed.is_some_and(|wanted| wanted != closed) {
            return None;
        }
        if self
            .solved
            .is_some_and(|wanted| wanted != (c.solved.first(doc) == Some(1)))
        {
            return None;
        }
        let topic = c.topic_id.first(doc)?;
        if closed {
            relevance *= 0.9;
        }
        let rank = match self.order {
            Order::Relevance => Rank(relevance, created),
            Order::Latest => Rank(created as f64, 0),
            Order::LatestTopic => {
                // The topic's start decides the order between topics; within one, relevance
                // picks the post shown.
                let started = c.topic_created.first(doc).unwrap_or(0);
                Rank(started as f64 + relevance.min(1e6) / 1e7, created)
            }
            // The most liked post decides its topic's place; relevance breaks ties, which
            // (scores being below 10^6) cannot outweigh one like.
            Order::Likes => {
                let likes = c.likes.first(doc).unwrap_or(0);
                Rank(likes as f64 + relevance.min(1e6) / 1e7, created)
            }
        };
        Some((topic, rank))
    }

    /// The best `ranked` topics by relevance, and how many matched: exactly, when no more
    /// than `ranked` did, else "more than `ranked`".
    ///
    /// Unlike the collector, this looks only at posts that can still reach the page: once
    /// `ranked + 1` topics are kept, a post must score above the worst of them (divided by
    /// [`MOST_LIFT`]), and tantivy skips whole blocks of postings that cannot (block-max WAND,
    /// when the query is a union of terms). A common word over a million posts costs a few
    /// hundred posts' work instead of every one's. Segments are searched in turn so that the
    /// bar found in one holds in the next.
    fn best_by_relevance(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        cache: &ColumnCache,
    ) -> tantivy::Result<(Total, Vec<Ranked>)> {
        debug_assert_eq!(self.order, Order::Relevance, "the bar is a relevance");
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut top = TopTopics::new(self.ranked + 1);
        for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
            let columns = cache.of(reader)?;
            let alive = reader.alive_bitset();
            let segment = SegmentOrdinal::try_from(ordinal).unwrap_or(SegmentOrdinal::MAX);
            weight.for_each_pruning(top.bar(), reader, &mut |doc, score| {
                if !alive.is_some_and(|alive| alive.is_deleted(doc))
                    && let Some((topic, rank)) = self.rank(&columns, doc, score, top.floor())
                {
                    top.offer(topic, rank, DocAddress::new(segment, doc));
                }
                top.bar()
            })?;
        }
        let mut ranked = top.kept;
        ranked.sort_unstable_by(|a, b| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.0.cmp(&a.0))
        });
        let total = if ranked.len() > self.ranked {
            ranked.truncate(self.ranked);
            Total::MoreThan(self.ranked)
        } else {
            Total::Exactly(ranked.len())
        };
        Ok((total, ranked))
    }
}

/// The best few topics seen so far, each through its best post. A page's worth (tens), so a
/// list scanned in full beats a heap that would also need an index by topic.
struct TopTopics {
    wanted: usize,
    kept: Vec<(i64, Rank, DocAddress)>,
    /// Where the worst kept topic is.
    worst: usize,
}

impl TopTopics {
    /// Topics kept at most. Each post offered scans the list, so a deep page would cost
    /// seconds (`array`, page 1,000 of 50, over 1M posts: 1.65 s), where looking at every
    /// match costs 14 ms. Near this depth the two cost the same (page 9: 9.6 ms pruned).
    const MOST: usize = 500;

    fn new(wanted: usize) -> TopTopics {
        TopTopics {
            wanted,
            kept: Vec::with_capacity(wanted),
            worst: 0,
        }
    }

    fn offer(&mut self, topic: i64, rank: Rank, address: DocAddress) {
        if let Some(kept) = self.kept.iter_mut().find(|kept| kept.0 == topic) {
            if rank.better_than(&kept.1) {
                *kept = (topic, rank, address);
            } else {
                return;
            }
        } else if self.kept.len() < self.wanted {
            self.kept.push((topic, rank, address));
        } else if rank.better_than(&self.kept[self.worst].1) {
            self.kept[self.worst] = (topic, rank, address);
        } else {
            return;
        }
        self.worst = self
            .kept
            .iter()
            .enumerate()
            .min_by(|a, b| {
                a.1.1
                    .partial_cmp(&b.1.1)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map_or(0, |(i, _)| i);
    }

    /// The relevance a post must reach to matter, once enough topics are kept.
    fn floor(&self) -> Option<f64> {
        match self.kept.get(self.worst) {
            Some(worst) if self.kept.len() == self.wanted => Some(worst.1.0),
            _ => None,
        }
    }

    /// The BM25 score a post must beat to matter: none until enough topics are kept, then
    /// the worst one's relevance undone by the most a post can be lifted (rounded down, so a
    /// tie that recency would break is still looked at).
    fn bar(&self) -> Score {
        self.floor().map_or(Score::MIN, |floor| {
            ((floor / MOST_LIFT) as Score).next_down()
        })
    }
}

struct TopicBest {
    rules: BestPerTopic,
    segment: SegmentOrdinal,
    columns: Columns,
    best: FxHashMap<i64, (Rank, DocAddress)>,
}

impl Collector for BestPerTopic {
    type Fruit = (usize, Vec<Ranked>);
    type Child = TopicBest;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopicBest> {
        Ok(TopicBest {
            rules: *self,
            segment,
            columns: Columns::of(reader)?,
            best: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        segments: Vec<FxHashMap<i64, (Rank, DocAddress)>>,
    ) -> tantivy::Result<(usize, Vec<Ranked>)> {
        // The largest map takes in the others (one segment often holds most matches).
        let mut segments = segments;
        segments.sort_by_key(|segment| std::cmp::Reverse(segment.len()));
        let mut segments = segments.into_iter();
        let mut best = segments.next().unwrap_or_default();
        for segment in segments {
            for (topic, candidate) in segment {
                match best.get(&topic) {
                    Some(kept) if !candidate.0.better_than(&kept.0) => {}
                    _ => {
                        best.insert(topic, candidate);
                    }
                }
            }
        }
        let total = best.len();
        let mut ranked: Vec<(i64, (Rank, DocAddress))> = best.into_iter().collect();
        let order = |a: &(i64, (Rank, DocAddress)), b: &(i64, (Rank, DocAddress))| {
            b.1.0
                .partial_cmp(&a.1.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.0.cmp(&a.0))
        };
        // Only the pages up to the one asked for are put in order; the rest are counted.
        if self.ranked < ranked.len() {
            ranked.select_nth_unstable_by(self.ranked, order);
            ranked.truncate(self.ranked);
        }
        ranked.sort_unstable_by(order);
        Ok((
            total,
            ranked
                .into_iter()
                .map(|(topic, (rank, doc))| (topic, rank, doc))
                .collect(),
        ))
    }
}

impl SegmentCollector for TopicBest {
    type Fruit = FxHashMap<i64, (Rank, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some((topic, rank)) = self.rules.rank(&self.columns, doc, score, None) else {
            return;
        };
        let address = DocAddress::new(self.segment, doc);
        match self.best.get(&topic) {
            Some(kept) if !rank.better_than(&kept.0) => {}
            _ => {
                self.best.insert(topic, (rank, address));
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.best
    }
}

/// Snippet makers for the exact and the stemmed terms of a query.
struct Snippets {
    exact: SnippetGenerator,
    stemmed: SnippetGenerator,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields) -> anyhow::Result<Snippets> {
        let mut exact = SnippetGenerator::create(searcher, query, fields.body)?;
        exact.set_max_num_chars(SNIPPET_CHARS);
        let mut stemmed = SnippetGenerator::create(searcher, query, fields.body_stem)?;
        stemmed.set_max_num_chars(SNIPPET_CHARS);
        Ok(Snippets { exact, stemmed })
    }

    /// The best snippet of `body`: around exact matches, else stemmed ones, else its start.
    fn of(&self, body: &str) -> Snippet {
        let exact = self.exact.snippet(body);
        let chosen = if exact.highlighted().is_empty() {
            self.stemmed.snippet(body)
        } else {
            exact
        };
        if chosen.highlighted().is_empty() {
            let start: String = body.chars().take(SNIPPET_CHARS).collect();
            let more = body.len() > start.len();
            let mut text = start.split_whitespace().collect::<Vec<_>>().join(" ");
            if more {
                text.push('…');
            }
            return Snippet {
                pieces: vec![(text, false)],
            };
        }
        pieces(chosen.fragment(), chosen.highlighted())
    }
}

/// Splits a fragment at its highlighted ranges (merged where they overlap).
fn pieces(fragment: &str, highlighted: &[Range<usize>]) -> Snippet {
    let mut ranges: Vec<Range<usize>> = highlighted.to_vec();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let mut pieces = Vec::new();
    let mut at = 0;
    for range in merged {
        if range.start > at {
            pieces.push((fragment[at..range.start].to_owned(), false));
        }
        pieces.push((fragment[range.clone()].to_owned(), true));
        at = range.end;
    }
    if at < fragment.len() {
        pieces.push((fragment[at..].to_owned(), false));
    }
    Snippet { pieces }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::{Index, IndexWriter};

    /// An index of `topics` topics with replies of random words (from a fixed seed), in
    /// several segments, some posts deleted: enough ties, lifts and segments for pruning to
    /// go wrong if it could.
    fn corpus(topics: i64) -> (Index, Fields) {
        const WORDS: [&str; 16] = [
            "array",
            "arrays",
            "broadcast",
            "shape",
            "shapes",
            "vectorize",
            "vectorized",
            "numpy",
            "np.linalg.svd",
            "read_csv",
            "could",
            "not",
            "be",
            "the",
            "fast",
            "svd",
        ];
        let (schema, fields) = super::super::schema::build();
        let mut index = Index::create_in_ram(schema);
        index.set_tokenizers(super::super::schema::tokenizers());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let mut seed: u64 = 0x5eed;
        let mut next = move |below: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % below
        };
        let mut post_id = 0;
        for topic in 1..=topics {
            let closed = i64::from(next(5) == 0);
            for post_number in 1..=1 + next(6) as i64 {
                post_id += 1;
                let length = 3 + next(30);
                let body: Vec<&str> = (0..length).map(|_| WORDS[next(16) as usize]).collect();
                let mut document = TantivyDocument::default();
                document.add_i64(fields.post_id, post_id);
                document.add_i64(fields.topic_id, topic);
                document.add_i64(fields.user_id, 1);
                document.add_i64(fields.category_id, 1);
                document.add_i64(fields.post_number, post_number);
                document.add_i64(fields.created, 1_700_000_000 + next(1_000_000) as i64);
                document.add_i64(fields.topic_created, 1_700_000_000 + topic);
                document.add_i64(fields.closed, closed);
                if post_number == 1 {
                    let title =
                        format!("{} {}", WORDS[next(16) as usize], WORDS[next(16) as usize]);
                    document.add_text(fields.title, &title);
                    document.add_text(fields.title_stem, &title);
                }
                document.add_text(fields.body, body.join(" "));
                document.add_text(fields.body_stem, body.join(" "));
                writer.add_document(document).expect("add");
            }
            if topic % 150 == 0 {
                writer.commit().expect("commit");
            }
        }
        for deleted in (7..post_id).step_by(11) {
            writer.delete_term(Term::from_field_i64(fields.post_id, deleted));
        }
        writer.commit().expect("commit");
        (index, fields)
    }

    #[test]
    fn ranking_that_skips_posts_finds_the_topics_looking_at_every_post_finds() {
        let (index, fields) = corpus(1200);
        let reader = index.reader().expect("reader");
        let searcher = reader.searcher();
        assert!(searcher.segment_readers().len() > 3, "several segments");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let cache = ColumnCache::default();
        for text in [
            "array",
            "vectori",
            "svd",
            "np.linalg.svd",
            "read_csv",
            "broadcast shapes",
            "\"could not be\"",
            "fast -numpy",
            "status:closed shape",
            "zebra",
        ] {
            let parsed = super::super::query::parse(text, today);
            for ranked in [1, 7, 50, 10_000] {
                let request = Request {
                    parsed: &parsed,
                    user: None,
                    categories: None,
                    topics: None,
                    excluded_topics: Vec::new(),
                    offset: 0,
                    limit: ranked,
                };
                let query = build_query(&searcher, &fields, &request);
                let rules = BestPerTopic {
                    ranked,
                    order: Order::Relevance,
                    closed: (parsed.status == Some(Status::Closed)).then_some(true),
                    solved: None,
                    after: None,
                    before: None,
                };
                let (every_total, every) = searcher.search(&*query, &rules).expect("search");
                let (total, pruned) = rules
                    .best_by_relevance(&searcher, &*query, &cache)
                    .expect("search");
                if every_total > ranked {
                    assert_eq!(total, Total::MoreThan(ranked), "{text} {ranked}");
                } else {
                    assert_eq!(total, Total::Exactly(every_total), "{text} {ranked}");
                }
                assert_eq!(pruned.len(), every.len(), "{text} {ranked}");
                // Position by position the same relevance (ties may swap topics; a skipped
                // better topic would show as a lower relevance somewhere).
                for (i, (e, g)) in every.iter().zip(&pruned).enumerate() {
                    let (e, g) = (e.1.0, g.1.0);
                    assert!(
                        (e - g).abs() <= 1e-4 * e.abs(),
                        "{text} {ranked} #{i}: {e} vs {g}"
                    );
                }
            }
        }
    }
}
