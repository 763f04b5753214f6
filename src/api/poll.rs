//! Polls in the Poll plugin's JSON shape: what `PUT /polls/vote`, `DELETE /polls/vote` and
//! `PUT /polls/toggle_status` answer.

use serde::Serialize;

use crate::models::poll::PollView;

/// `{"poll": …, "vote": […]}`.
#[derive(Debug, Serialize)]
pub struct PollResponse {
    /// The poll as it now is.
    pub poll: PollJson,
    /// The options the member chose (ids, as strings, as the plugin's digests are).
    pub vote: Vec<String>,
}

/// A poll.
#[derive(Debug, Serialize)]
pub struct PollJson {
    /// Its name in the post.
    pub name: String,
    /// `regular` or `multiple`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `open` or `closed`.
    pub status: &'static str,
    /// Whether voters are named.
    pub public: bool,
    /// `always`, `on_vote` or `on_close`.
    pub results: String,
    /// Fewest choices (multiple only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<i32>,
    /// Most choices (multiple only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<i32>,
    /// When it closes by itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
    /// Its options with their votes (votes withheld, as 0, while results are hidden).
    pub options: Vec<PollOptionJson>,
    /// How many people voted.
    pub voters: i64,
}

/// An option.
#[derive(Debug, Serialize)]
pub struct PollOptionJson {
    /// What a vote names.
    pub id: String,
    /// Its text (escaped, as the plugin sends HTML).
    pub html: String,
    /// Its votes.
    pub votes: i64,
}

/// The poll as the member who asked sees it.
pub fn poll(view: &PollView) -> PollResponse {
    let poll = &view.poll;
    let shown = match poll.results.as_str() {
        "on_close" => view.closed,
        "on_vote" => view.closed || !view.chosen.is_empty(),
        _ => true,
    };
    PollResponse {
        poll: PollJson {
            name: poll.name.clone(),
            kind: if poll.multiple() {
                "multiple"
            } else {
                "regular"
            },
            status: if view.closed { "closed" } else { "open" },
            public: poll.public,
            results: poll.results.clone(),
            min: poll.multiple().then_some(poll.min_choices),
            max: poll.multiple().then_some(poll.max_choices),
            close: poll.closes_at.map(crate::api::json_time),
            options: view
                .options
                .iter()
                .map(|(option, votes)| PollOptionJson {
                    id: option.id.to_string(),
                    html: maud::html! { (option.text) }.into_string(),
                    votes: if shown { *votes } else { 0 },
                })
                .collect(),
            voters: view.voters,
        },
        vote: view.chosen.iter().map(i64::to_string).collect(),
    }
}
