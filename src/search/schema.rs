//! The index's fields: one document per post. Text fields come in two analyses (exact code-aware
//! terms and English stems, see `tokenize`), and the title only on a topic's first post. The
//! facts search filters and ranks by are fast fields, read per matching document.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TokenizerManager;

use super::tokenize;

/// Bumped whenever the fields or the analysers change: a node finding an index of another
/// version rebuilds it. (2: dotted names also give their shorter paths. 3: whether the topic
/// is solved, and the post's likes.)
pub const VERSION: u32 = 3;

/// The fields, by name.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The post's id (deleting a post's document goes by it).
    pub post_id: Field,
    /// Its topic's id (indexing a topic again deletes by it).
    pub topic_id: Field,
    /// The author's id.
    pub user_id: Field,
    /// Its topic's category.
    pub category_id: Field,
    /// 1 for a first post.
    pub post_number: Field,
    /// Seconds since 1970 when posted.
    pub created: Field,
    /// Seconds since 1970 when its topic started.
    pub topic_created: Field,
    /// 1 if its topic is closed.
    pub closed: Field,
    /// 1 if its topic has a solution (whether it is a question goes by its category, at
    /// query time).
    pub solved: Field,
    /// How many likes the post has (`order:likes`).
    pub likes: Field,
    /// The topic's title (first posts only), code-aware.
    pub title: Field,
    /// The topic's title, stemmed.
    pub title_stem: Field,
    /// The post's words, code-aware; stored for snippets.
    pub body: Field,
    /// The post's words, stemmed.
    pub body_stem: Field,
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let number = || INDEXED | FAST;
    let code = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenize::CODE)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { options | STORED } else { options }
    };
    // Stems are matched word by word, never in phrases: no positions needed.
    let stem = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenize::STEM)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        post_id: schema.add_i64_field("post_id", number() | STORED),
        topic_id: schema.add_i64_field("topic_id", number()),
        user_id: schema.add_i64_field("user_id", number()),
        category_id: schema.add_i64_field("category_id", number()),
        post_number: schema.add_i64_field("post_number", number()),
        created: schema.add_i64_field("created", FAST),
        topic_created: schema.add_i64_field("topic_created", FAST),
        closed: schema.add_i64_field("closed", FAST),
        solved: schema.add_i64_field("solved", FAST),
        likes: schema.add_i64_field("likes", FAST),
        title: schema.add_text_field("title", code(false)),
        title_stem: schema.add_text_field("title_stem", stem.clone()),
        body: schema.add_text_field("body", code(true)),
        body_stem: schema.add_text_field("body_stem", stem),
    };
    (schema.build(), fields)
}

/// The analysers the fields name.
pub fn tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(tokenize::CODE, tokenize::code());
    manager.register(tokenize::STEM, tokenize::stemming());
    manager
}
