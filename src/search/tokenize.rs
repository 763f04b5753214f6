//! How text becomes search terms: one code-aware analyser for exact forms, one stemming
//! analyser for English words. Both run on what is indexed and on what is searched, so a query
//! word meets the terms its document would have produced.
//!
//! The code analyser keeps identifiers whole and also splits them: `np.linalg.svd(a)` gives
//! `np.linalg.svd` and, at consecutive positions, `np`, `linalg`, `svd`, `a`. The whole form
//! shares the position of its first part, so a phrase over the parts (`"linalg svd"`, or
//! `read csv` for `read_csv`) matches the identifier too. A dotted name also gives each of its
//! shorter paths (`linalg.svd`, at `linalg`'s position), because people name a function by the
//! tail they remember: searching `linalg.svd` then meets `np.linalg.svd` as one term, which
//! costs a lookup where a phrase over common parts costs a walk through their positions.
//! Everything is lowercased, so `DataFrame` is found by `dataframe`. Nothing is stemmed and no
//! word is dropped from what is indexed: a phrase from an error message matches word for word
//! (queries leave common words out of their loose words, `find::COMMON_WORDS`).
//!
//! The stemming analyser splits on anything that is not a letter or digit and stems English,
//! so `arrays` meets `array`. Queries weigh it below the code analyser, so exact forms rank
//! first (`search::query`).

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// The code analyser's registered name.
pub const CODE: &str = "convene_code";
/// The stemming analyser's registered name.
pub const STEM: &str = "convene_stem";

/// Longer runs (hashes, base64) are not words anyone searches for.
const MAX_TOKEN_BYTES: usize = 80;

/// The stemming analyser.
pub fn stemming() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The code analyser.
pub fn code() -> TextAnalyzer {
    TextAnalyzer::from(CodeTokenizer)
}

/// Splits text into identifiers and their parts (see the module comment).
#[derive(Clone, Copy, Debug, Default)]
pub struct CodeTokenizer;

/// The tokens of one text, made as they are read. Snippets tokenize every post on a page of
/// results and the indexer every post, so nothing is allocated per token: one `Token` is
/// rewritten in place.
pub struct CodeTokens<'a> {
    text: &'a str,
    /// Where the search for the next identifier starts.
    cursor: usize,
    /// The identifier being read: its byte range, and its parts (ranges within it).
    chunk: (usize, usize),
    parts: Vec<(usize, usize)>,
    /// The identifier's whole form is still to come (before its parts).
    whole_pending: bool,
    /// The path that starts at the next part (`linalg.svd` before `linalg`) is still to come.
    path_pending: bool,
    /// Its next part.
    next_part: usize,
    /// The position the next part takes.
    position: usize,
    token: Token,
}

impl<'a> CodeTokens<'a> {
    fn new(text: &'a str) -> CodeTokens<'a> {
        CodeTokens {
            text,
            cursor: 0,
            chunk: (0, 0),
            parts: Vec::new(),
            whole_pending: false,
            path_pending: false,
            next_part: 0,
            position: 0,
            token: Token::default(),
        }
    }

    /// Whether a shorter path of the identifier starts at part `k`: a namespace separator
    /// (`.` or `:`) comes before it and at least two parts follow from it (`linalg.svd` in
    /// `np.linalg.svd`; not `csv` in `pd.read_csv`, nor `svd` alone, which is a part).
    fn starts_a_path(&self, k: usize) -> bool {
        let (start, _) = self.chunk;
        k >= 1
            && k + 2 <= self.parts.len()
            && self.text[start + self.parts[k - 1].1..start + self.parts[k].0].contains(['.', ':'])
    }

    /// Makes the current token the text at `from..to`, lowercased.
    fn emit(&mut self, from: usize, to: usize, position: usize, position_length: usize) {
        let text = &self.text[from..to];
        let token = &mut self.token;
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        token.position_length = position_length;
        token.text.clear();
        if text.is_ascii() {
            token.text.push_str(text);
            token.text.make_ascii_lowercase();
        } else {
            token.text.push_str(&text.to_lowercase());
        }
    }
}

impl TokenStream for CodeTokens<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let (start, end) = self.chunk;
            if self.whole_pending {
                self.whole_pending = false;
                self.emit(start, end, self.position, self.parts.len());
                return true;
            }
            while let Some(&(part_start, part_end)) = self.parts.get(self.next_part) {
                if self.path_pending {
                    self.path_pending = false;
                    let path_length = self.parts.len() - self.next_part;
                    if end - (start + part_start) <= MAX_TOKEN_BYTES {
                        self.emit(start + part_start, end, self.position, path_length);
                        return true;
                    }
                }
                self.next_part += 1;
                self.path_pending = self.starts_a_path(self.next_part);
                let position = self.position;
                self.position += 1;
                if part_end - part_start <= MAX_TOKEN_BYTES {
                    self.emit(start + part_start, start + part_end, position, 1);
                    return true;
                }
            }
            let Some((start, end)) = next_chunk(self.text, self.cursor) else {
                return false;
            };
            self.cursor = end;
            self.chunk = (start, end);
            self.next_part = 0;
            let chunk = &self.text[start..end];
            parts_into(chunk, &mut self.parts);
            let single = matches!(self.parts.as_slice(), [(0, e)] if *e == chunk.len());
            self.whole_pending =
                !self.parts.is_empty() && !single && chunk.len() <= MAX_TOKEN_BYTES;
            self.path_pending = false;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for CodeTokenizer {
    type TokenStream<'a> = CodeTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CodeTokens<'a> {
        CodeTokens::new(text)
    }
}

/// A letter, digit or underscore: what identifiers are made of.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Joins word runs into one identifier when between two of them: `np.linalg`, `scikit-learn`,
/// `std::vec`.
fn is_connector(c: char) -> bool {
    matches!(c, '.' | '-' | ':')
}

/// The code analyser's tokens for `text`, collected (for building queries).
pub fn code_tokens(text: &str) -> Vec<Token> {
    let mut stream = CodeTokens::new(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// The byte range of the first identifier at or after `from`: word runs joined by single
/// connectors (`a.b`, `a::b`, `a-b`). A connector not followed by a word character ends the
/// identifier (`end.` is `end`).
fn next_chunk(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut chars = text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        loop {
            match chars.peek().copied() {
                Some((i, c)) if is_word(c) => {
                    end = i + c.len_utf8();
                    chars.next();
                }
                Some((i, c)) if is_connector(c) => {
                    // Look past the connector (`::` counts as one) for a word character.
                    let mut ahead = text[i..].char_indices().skip(1);
                    let mut after = ahead.next();
                    if c == ':' && matches!(after, Some((_, ':'))) {
                        after = ahead.next();
                    }
                    match after {
                        Some((_, next)) if is_word(next) => {
                            // Consume the connector (and a second colon) and go on.
                            chars.next();
                            if c == ':' && matches!(chars.peek(), Some((_, ':'))) {
                                chars.next();
                            }
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        return Some((start, end));
    }
    None
}

/// Byte ranges, within an identifier, of its parts: runs of letters and digits
/// (`__array_function__` has `array` and `function`). Written into `parts`, reused.
fn parts_into(chunk: &str, parts: &mut Vec<(usize, usize)>) {
    parts.clear();
    let mut start = None;
    for (i, c) in chunk.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            parts.push((s, i));
        }
    }
    if let Some(s) = start {
        parts.push((s, chunk.len()));
    }
}

/// The stemming analyser's terms for `text`, in order.
pub fn stems(text: &str) -> Vec<String> {
    let mut analyzer = stemming();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push(token.text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(usize, String)> {
        code_tokens(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    #[test]
    fn a_dotted_name_is_kept_whole_and_split_into_consecutive_parts() {
        assert_eq!(
            texts("Try np.linalg.svd(a)."),
            vec![
                (0, "try".into()),
                (1, "np.linalg.svd".into()),
                (1, "np".into()),
                (2, "linalg.svd".into()),
                (2, "linalg".into()),
                (3, "svd".into()),
                (4, "a".into()),
            ]
        );
    }

    #[test]
    fn a_dotted_name_gives_each_shorter_path_but_not_across_underscores() {
        let paths = |text: &str| -> Vec<(usize, usize, String)> {
            code_tokens(text)
                .into_iter()
                .filter(|t| t.position_length > 1)
                .map(|t| (t.position, t.position_length, t.text))
                .collect()
        };
        assert_eq!(
            paths("scipy.spatial.distance.cdist"),
            vec![
                (0, 4, "scipy.spatial.distance.cdist".into()),
                (1, 3, "spatial.distance.cdist".into()),
                (2, 2, "distance.cdist".into()),
            ]
        );
        assert_eq!(
            paths("pd.read_csv std::vec::Vec"),
            vec![
                (0, 3, "pd.read_csv".into()),
                (1, 2, "read_csv".into()),
                (3, 3, "std::vec::vec".into()),
                (4, 2, "vec::vec".into()),
            ]
        );
        assert_eq!(paths("scikit-learn"), vec![(0, 2, "scikit-learn".into())]);
    }

    #[test]
    fn underscores_split_into_parts_and_dunder_names_stay_whole() {
        assert_eq!(
            texts("read_csv __array_function__"),
            vec![
                (0, "read_csv".into()),
                (0, "read".into()),
                (1, "csv".into()),
                (2, "__array_function__".into()),
                (2, "array".into()),
                (3, "function".into()),
            ]
        );
    }

    #[test]
    fn case_is_folded_and_sentence_punctuation_ends_a_word() {
        assert_eq!(
            texts("DataFrame. ValueError: setting"),
            vec![
                (0, "dataframe".into()),
                (1, "valueerror".into()),
                (2, "setting".into()),
            ]
        );
    }

    #[test]
    fn offsets_point_at_the_original_text() {
        let text = "é np.svd";
        for token in code_tokens(text) {
            assert_eq!(
                text[token.offset_from..token.offset_to].to_lowercase(),
                token.text
            );
        }
    }

    #[test]
    fn stems_meet_their_plural() {
        assert_eq!(stems("arrays"), stems("array"));
        assert_eq!(stems("read_csv"), vec!["read", "csv"]);
    }
}
