//! The demo's tags: a vocabulary the moderators keep (with descriptions), a tag group that
//! keeps the proposal tags to the proposal categories, and the tags each topic is started with,
//! chosen from its title and category as its author would.

use chrono::NaiveDateTime;

use crate::auth::Guardian;
use crate::db::AnyConnection;
use crate::models::category::Category;
use crate::services::{self, tags::GroupDraft};

/// The tags, with what each is for.
const VOCABULARY: &[(&str, &str)] = &[
    (
        "performance",
        "Speed and memory: profiling, vectorising, compiling.",
    ),
    (
        "packaging",
        "Wheels, compiled extensions, environments and releases.",
    ),
    ("documentation", "Writing, building and versioning docs."),
    ("free-threading", "Python without the GIL."),
    ("security", "Disclosure, release signing and supply chains."),
    ("testing", "Tests, CI and nightly builds."),
    ("deprecation", "Removing things kindly."),
    ("random", "Random number generation and reproducibility."),
    ("data-formats", "HDF5, Parquet, Zarr, NetCDF and friends."),
    (
        "community",
        "How our projects work together and welcome people.",
    ),
    (
        "spec",
        "Scientific Python Ecosystem Coordination documents.",
    ),
    ("governance", "Who decides, and how."),
];

/// Which tags a title's words call for.
const KEYWORDS: &[(&str, &str)] = &[
    ("performance", "performance"),
    ("speeding", "performance"),
    ("slower", "performance"),
    ("profile", "performance"),
    ("benchmark", "performance"),
    ("memory", "performance"),
    ("wheels", "packaging"),
    ("compiled", "packaging"),
    ("environments", "packaging"),
    ("release", "packaging"),
    ("dependencies", "packaging"),
    ("document", "documentation"),
    ("docstrings", "documentation"),
    ("free-threaded", "free-threading"),
    ("security", "security"),
    ("securing", "security"),
    ("testing", "testing"),
    ("tests", "testing"),
    ("ci", "testing"),
    ("nightly", "testing"),
    ("deprecation", "deprecation"),
    ("random", "random"),
    ("rng", "random"),
    ("hdf5", "data-formats"),
    ("parquet", "data-formats"),
    ("contributor", "community"),
    ("mentor", "community"),
    ("onboarding", "community"),
    ("sprint", "community"),
    ("spec", "spec"),
    ("castle", "governance"),
];

/// The category slugs the proposal tags are kept to.
const PROPOSAL_PLACES: &[&str] = &["proposals", "ideas", "accepted"];

/// Makes the vocabulary and its groups, as the moderator mira_k; returns how many tags.
pub fn vocabulary(
    conn: &mut AnyConnection,
    moderator: &Guardian,
    categories: &[Category],
    at: NaiveDateTime,
) -> anyhow::Result<usize> {
    services::run_at(conn, at, |tx| {
        for (name, about) in VOCABULARY {
            services::tags::save_tag(tx, moderator, name, Some(about))?;
        }
        let places = categories
            .iter()
            .filter(|c| PROPOSAL_PLACES.contains(&c.slug.as_str()))
            .map(|c| c.id)
            .collect();
        services::tags::save_group(
            tx,
            moderator,
            None,
            &GroupDraft {
                name: "Proposals".to_owned(),
                tags: Some(vec!["spec".to_owned(), "governance".to_owned()]),
                categories: Some(places),
            },
        )?;
        services::tags::save_group(
            tx,
            moderator,
            None,
            &GroupDraft {
                name: "Engineering".to_owned(),
                tags: Some(
                    ["performance", "packaging", "testing", "free-threading"]
                        .map(str::to_owned)
                        .to_vec(),
                ),
                categories: Some(Vec::new()),
            },
        )?;
        Ok(())
    })?;
    Ok(VOCABULARY.len())
}

/// The tags a topic called `title` in the category `slug` starts with (at most three, and
/// the proposal tags only where their group allows them).
pub fn for_topic(title: &str, slug: &str) -> Vec<String> {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let proposals_here = PROPOSAL_PLACES.contains(&slug);
    let mut tags: Vec<String> = Vec::new();
    for (keyword, tag) in KEYWORDS {
        let proposal_tag = matches!(*tag, "spec" | "governance");
        let named = words.iter().any(|w| w.starts_with(keyword));
        if named && (proposals_here || !proposal_tag) && !tags.iter().any(|t| t == tag) {
            tags.push((*tag).to_owned());
        }
    }
    if slug == "contributor-experience" && !tags.iter().any(|t| t == "community") {
        tags.push("community".to_owned());
    }
    tags.truncate(3);
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_choose_tags_their_groups_allow() {
        assert_eq!(
            for_topic(
                "Speeding up a pure-Python loop: Numba, Cython or vectorise?",
                "q-and-a"
            ),
            ["performance"]
        );
        assert_eq!(
            for_topic("SPEC 8 — Securing the Release Process", "accepted"),
            ["packaging", "security", "spec"]
        );
        // The proposal tags stay in the proposal categories.
        assert!(for_topic("A SPEC for everyone", "meta").is_empty());
        assert_eq!(
            for_topic(
                "Recognising non-code contributions",
                "contributor-experience"
            ),
            ["community"]
        );
    }
}
