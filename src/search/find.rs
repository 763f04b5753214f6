//! Finding: a parsed query becomes a tantivy query, its matches are grouped by topic (one post
//! per topic, as Discourse shows them) and ranked, and each gets a snippet.
//!
//! Ranking is BM25 over the fields with boosts: a word matched in its exact form (code-aware
//! terms) weighs twice its stem, a title three times a body, a phrase more than its words; a
//! first post counts half again, a closed topic a little less (as in Discourse); recency breaks
//! ties. Filters on facts (dates, status, first posts) are checked per match on fast fields;
//! user and category filters are index terms.

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
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

/// A page of results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Found {
    /// Topics matched in all.
    pub total: usize,
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
        if matches!(parsed.status, Some(Status::Solved | Status::Unsolved)) {
            // Nothing is a question with answers until Q&A exists.
            return Ok(Found::default());
        }
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
            after: parsed.after.map(|day| {
                day.and_hms_opt(0, 0, 0)
                    .map_or(i64::MIN, |t| t.and_utc().timestamp())
            }),
            before: parsed.before.map(|day| {
                day.and_hms_opt(0, 0, 0)
                    .map_or(i64::MAX, |t| t.and_utc().timestamp())
            }),
        };
        let (total, ranked) = searcher.search(&*query, &collector)?;
        let page: Vec<(i64, DocAddress)> = ranked
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
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
            after: None,
            before: None,
        };
        let (_, ranked) = searcher.search(&query, &collector)?;
        Ok(ranked.into_iter().map(|(topic, _)| topic).collect())
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
    for (i, text) in parsed.text.iter().enumerate() {
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
    Box::new(BooleanQuery::new(clauses))
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
            let wholes: Vec<&str> = tokens
                .iter()
                .filter(|t| t.position_length > 1)
                .map(|t| t.text.as_str())
                .collect();
            if parts.is_empty() {
                return None;
            }
            let stems = tokenize::stems(word);
            for &(code, stem, weight) in &places {
                if let [(_, part)] = parts.as_slice() {
                    alternatives.push(boosted(term(code, part), 2.0 * weight));
                    if prefix
                        && part.chars().count() >= 3
                        && let Some(expanded) = expand_prefix(searcher, code, part)
                    {
                        alternatives.push(boosted(expanded, 0.5 * weight));
                    }
                } else {
                    // `read_csv`: the identifier itself, or its parts as a phrase (`read csv`).
                    alternatives.push(boosted(phrase(code, &parts), 2.0 * weight));
                    if let [whole] = wholes.as_slice() {
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
/// as alternatives: `vectori` finds `vectorize`. Bounded both in terms looked at and in terms
/// searched, so a short prefix cannot make a query slow.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Option<Box<dyn Query>> {
    let mut terms: Vec<(String, u64)> =
        prefixed_terms(searcher, field, prefix, PREFIX_SCAN, |term| term != prefix)
            .into_iter()
            .collect();
    terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .take(PREFIX_EXPANSIONS)
        .map(|(text, _)| (Occur::Should, term(field, &text)))
        .collect();
    if clauses.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(clauses)))
    }
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
    /// Posted at or after (seconds since 1970).
    after: Option<i64>,
    /// Posted before.
    before: Option<i64>,
}

/// How a match ranks: greater is better.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Rank(f64, i64);

impl Rank {
    fn better_than(&self, other: &Rank) -> bool {
        self.partial_cmp(other) == Some(std::cmp::Ordering::Greater)
    }
}

struct Columns {
    topic_id: Column<i64>,
    post_number: Column<i64>,
    created: Column<i64>,
    topic_created: Column<i64>,
    closed: Column<i64>,
}

struct TopicBest {
    rules: BestPerTopic,
    segment: SegmentOrdinal,
    columns: Columns,
    best: FxHashMap<i64, (Rank, DocAddress)>,
}

impl Collector for BestPerTopic {
    type Fruit = (usize, Vec<(i64, DocAddress)>);
    type Child = TopicBest;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TopicBest> {
        let fast = reader.fast_fields();
        Ok(TopicBest {
            rules: *self,
            segment,
            columns: Columns {
                topic_id: fast.i64("topic_id")?,
                post_number: fast.i64("post_number")?,
                created: fast.i64("created")?,
                topic_created: fast.i64("topic_created")?,
                closed: fast.i64("closed")?,
            },
            best: FxHashMap::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        segments: Vec<FxHashMap<i64, (Rank, DocAddress)>>,
    ) -> tantivy::Result<(usize, Vec<(i64, DocAddress)>)> {
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
                .map(|(topic, (_, doc))| (topic, doc))
                .collect(),
        ))
    }
}

impl SegmentCollector for TopicBest {
    type Fruit = FxHashMap<i64, (Rank, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let c = &self.columns;
        let created = c.created.first(doc).unwrap_or(0);
        let rules = &self.rules;
        if rules.after.is_some_and(|after| created < after)
            || rules.before.is_some_and(|before| created >= before)
        {
            return;
        }
        let closed = c.closed.first(doc) == Some(1);
        if rules.closed.is_some_and(|wanted| wanted != closed) {
            return;
        }
        let Some(topic) = c.topic_id.first(doc) else {
            return;
        };
        let first_post = c.post_number.first(doc) == Some(1);
        let mut relevance = f64::from(score);
        if first_post {
            relevance *= 1.5;
        }
        if closed {
            relevance *= 0.9;
        }
        let rank = match rules.order {
            Order::Relevance => Rank(relevance, created),
            Order::Latest => Rank(created as f64, 0),
            Order::LatestTopic => {
                // The topic's start decides the order between topics; within one, relevance
                // picks the post shown.
                let started = c.topic_created.first(doc).unwrap_or(0);
                Rank(started as f64 + relevance.min(1e6) / 1e7, created)
            }
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
