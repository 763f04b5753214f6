//! Polls in Markdown, as Discourse writes them:
//!
//! ```text
//! [poll type=multiple min=1 max=2 results=on_vote public=true close=2027-01-31T12:00:00Z]
//! * Option one
//! * Option two
//! [/poll]
//! ```
//!
//! [`parse`] reads the blocks (what the poll services store); [`mark`] swaps each block for a
//! placeholder before comrak runs and [`place`] turns the placeholder into the poll's static
//! form in the cooked HTML: a `div.poll` with its options as a list, which pages replace with
//! the live poll (`views::poll`) and feeds and mails show as it is. A block that is never
//! closed, or sits in a code fence, is text.

use chrono::NaiveDateTime;

use crate::models::invalid::{Field, FieldError, Problem};

/// Most options a poll may have (Discourse's `poll_maximum_options`).
pub const MAX_OPTIONS: usize = 20;

/// Most polls one post may hold.
pub const MAX_POLLS: usize = 5;

/// Longest option, in characters.
pub const MAX_OPTION_CHARS: usize = 200;

/// The placeholder's fence: a private-use character nobody types (and [`mark`] removes any
/// that were typed, so a placeholder cannot be forged).
const FENCE: char = '\u{E000}';

/// How many options a voter picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Exactly one.
    Single,
    /// Between `min` and `max`.
    Multiple {
        /// Fewest.
        min: usize,
        /// Most.
        max: usize,
    },
}

/// When the results are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Results {
    /// To everyone, always.
    Always,
    /// To those who voted, and to all once it closes.
    OnVote,
    /// Once it closes.
    OnClose,
}

impl Results {
    /// Discourse's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Results::Always => "always",
            Results::OnVote => "on_vote",
            Results::OnClose => "on_close",
        }
    }

    /// The setting named `name` (anything else is `always`, as Discourse reads it).
    pub fn parse(name: &str) -> Results {
        match name {
            "on_vote" => Results::OnVote,
            "on_close" => Results::OnClose,
            _ => Results::Always,
        }
    }
}

/// A poll as its post's Markdown defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSpec {
    /// Its name within the post (`poll` unless named).
    pub name: String,
    /// Single or multiple choice.
    pub kind: Kind,
    /// When the results show.
    pub results: Results,
    /// Whether who voted for what is shown.
    pub public: bool,
    /// When it closes by itself.
    pub closes_at: Option<NaiveDateTime>,
    /// The options' texts, in order.
    pub options: Vec<String>,
}

/// One block found in the Markdown: its spec, or what is wrong with it.
struct Block<'a> {
    /// The lines it spans, from `[poll …]` to `[/poll]`.
    lines: std::ops::Range<usize>,
    /// The attributes' text (`type=multiple max=2`).
    attributes: &'a str,
    /// Its option lines' texts.
    options: Vec<&'a str>,
}

/// The poll blocks of `raw`, outside code fences.
fn blocks<'a>(lines: &[&'a str]) -> Vec<Block<'a>> {
    let mut found = Vec::new();
    let mut fence: Option<&'a str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(open) = fence {
            if line.starts_with(open) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if line.starts_with("```") || line.starts_with("~~~") {
            fence = Some(&line[..3]);
            i += 1;
            continue;
        }
        let opening = line
            .strip_prefix("[poll")
            .filter(|rest| rest.is_empty() || rest.starts_with(' ') || rest.starts_with(']'))
            .and_then(|rest| rest.strip_suffix(']'));
        if let Some(attributes) = opening
            && let Some(end) = (i + 1..lines.len()).find(|&j| lines[j].trim() == "[/poll]")
        {
            let options = lines[i + 1..end]
                .iter()
                .filter_map(|l| option_text(l.trim()))
                .collect();
            found.push(Block {
                lines: i..end + 1,
                attributes: attributes.trim(),
                options,
            });
            i = end + 1;
            continue;
        }
        i += 1;
    }
    found
}

/// The text of an option line (`* text`, `- text`, `1. text`), if it is one.
fn option_text(line: &str) -> Option<&str> {
    let text = line
        .strip_prefix("* ")
        .or_else(|| line.strip_prefix("- "))
        .or_else(|| {
            let digits = line.find(|c: char| !c.is_ascii_digit())?;
            (digits > 0)
                .then(|| line[digits..].strip_prefix(". "))
                .flatten()
        })?;
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// `key=value` pairs (values may be quoted).
fn attributes(text: &str) -> Vec<(&str, &str)> {
    text.split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k, v.trim_matches('"')))
        .collect()
}

fn poll_error(problem: Problem) -> FieldError {
    FieldError::new(Field::Poll, problem)
}

/// The polls `raw` defines, checked: 2–[`MAX_OPTIONS`] distinct options each, a readable
/// closing time and choice counts, names unique in the post, at most [`MAX_POLLS`].
pub fn parse(raw: &str) -> Result<Vec<PollSpec>, FieldError> {
    if !raw.contains("[poll") {
        return Ok(Vec::new());
    }
    let lines: Vec<&str> = raw.lines().collect();
    let found = blocks(&lines);
    if found.len() > MAX_POLLS {
        return Err(FieldError::new(
            Field::Polls,
            Problem::TooMany {
                max: MAX_POLLS,
                actual: found.len(),
            },
        ));
    }
    let mut specs: Vec<PollSpec> = Vec::with_capacity(found.len());
    for block in found {
        let mut spec = PollSpec {
            name: "poll".to_owned(),
            kind: Kind::Single,
            results: Results::Always,
            public: false,
            closes_at: None,
            options: Vec::new(),
        };
        let (mut multiple, mut min, mut max) = (false, None, None);
        for (key, value) in attributes(block.attributes) {
            match key {
                "name" if !value.is_empty() && value.len() <= 50 => {
                    value.clone_into(&mut spec.name)
                }
                "type" => match value {
                    "regular" => multiple = false,
                    "multiple" => multiple = true,
                    _ => return Err(poll_error(Problem::Malformed)),
                },
                "results" => spec.results = Results::parse(value),
                "public" => spec.public = value == "true",
                "min" => {
                    min = Some(
                        value
                            .parse::<usize>()
                            .map_err(|_| poll_error(Problem::Malformed))?,
                    )
                }
                "max" => {
                    max = Some(
                        value
                            .parse::<usize>()
                            .map_err(|_| poll_error(Problem::Malformed))?,
                    )
                }
                "close" => {
                    let at = chrono::DateTime::parse_from_rfc3339(value)
                        .map(|t| t.naive_utc())
                        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M"))
                        .map_err(|_| FieldError::new(Field::PollClose, Problem::Malformed))?;
                    spec.closes_at = Some(at);
                }
                _ => {}
            }
        }
        for text in block.options {
            if text.chars().count() > MAX_OPTION_CHARS {
                return Err(FieldError::new(
                    Field::PollOption,
                    Problem::TooLong {
                        max: MAX_OPTION_CHARS,
                        actual: text.chars().count(),
                    },
                ));
            }
            if spec.options.iter().any(|o| o == text) {
                return Err(FieldError::new(Field::PollOption, Problem::NotAllowed));
            }
            spec.options.push(text.to_owned());
        }
        let count = spec.options.len();
        if count < 2 {
            return Err(poll_error(Problem::TooShort { min: 2 }));
        }
        if count > MAX_OPTIONS {
            return Err(poll_error(Problem::TooMany {
                max: MAX_OPTIONS,
                actual: count,
            }));
        }
        if multiple {
            let min = min.unwrap_or(1);
            let max = max.unwrap_or(count);
            if min < 1 || min > max || max > count {
                return Err(FieldError::new(Field::PollChoices, Problem::Malformed));
            }
            spec.kind = Kind::Multiple { min, max };
        }
        if specs.iter().any(|s| s.name == spec.name) {
            return Err(poll_error(Problem::NotAllowed));
        }
        specs.push(spec);
    }
    Ok(specs)
}

/// `raw` with each poll block swapped for a placeholder paragraph (and any typed placeholder
/// fence removed), ready for comrak; unchanged when it has no poll.
pub(super) fn mark(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains("[poll") && !raw.contains(FENCE) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let clean: String = raw.chars().filter(|&c| c != FENCE).collect();
    let lines: Vec<&str> = clean.lines().collect();
    let found = blocks(&lines);
    let mut out = String::with_capacity(clean.len());
    let mut i = 0;
    for (index, block) in found.iter().enumerate() {
        for line in &lines[i..block.lines.start] {
            out.push_str(line);
            out.push('\n');
        }
        let name = attributes(block.attributes)
            .into_iter()
            .find(|(k, v)| *k == "name" && !v.is_empty())
            .map_or_else(|| "poll".to_owned(), |(_, v)| v.to_owned());
        // The options ride along in the placeholder, one per fence, to be listed by `place`.
        out.push_str(&format!("\n{FENCE}{index}{FENCE}{}", name_for_html(&name)));
        for option in &block.options {
            out.push(FENCE);
            out.push_str(option);
        }
        out.push_str(&format!("{FENCE}\n\n"));
        i = block.lines.end;
    }
    for line in &lines[i.min(lines.len())..] {
        out.push_str(line);
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

/// A poll name safe inside an attribute: letters, digits, `-` and `_` kept, the rest `_`.
fn name_for_html(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The cooked HTML with each placeholder paragraph (as comrak escaped and wrapped it) turned
/// into the poll's static form: `<div class="poll" data-poll="NAME"><ul><li>…</li></ul></div>`.
pub(super) fn place(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains(FENCE) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(&format!("<p>{FENCE}")) {
        let Some(end) = rest[start..].find("</p>").map(|e| start + e) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + "<p>".len()..end];
        let mut parts = inner.split(FENCE).skip(2);
        let name = parts.next().unwrap_or("poll");
        out.push_str(&format!("<div class=\"poll\" data-poll=\"{name}\"><ul>"));
        for option in parts.filter(|p| !p.is_empty()) {
            // Already escaped by comrak, which rendered it as text.
            out.push_str(&format!("<li>{option}</li>"));
        }
        out.push_str("</ul></div>");
        rest = &rest[end + "</p>".len()..];
    }
    out.push_str(rest);
    // A fence left anywhere else (inside another construct) is dropped, never shown.
    std::borrow::Cow::Owned(out.replace(FENCE, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_read_with_their_settings() {
        let raw = "Which?\n\n[poll type=multiple max=2 results=on_vote public=true close=2027-01-31T12:00:00Z name=tools]\n* NumPy\n- SciPy\n3. pandas\n[/poll]\n\n[poll]\n* yes\n* no\n[/poll]\n";
        let polls = parse(raw).expect("valid");
        assert_eq!(polls.len(), 2);
        assert_eq!(polls[0].name, "tools");
        assert_eq!(polls[0].kind, Kind::Multiple { min: 1, max: 2 });
        assert_eq!(polls[0].results, Results::OnVote);
        assert!(polls[0].public);
        assert!(polls[0].closes_at.is_some());
        assert_eq!(polls[0].options, ["NumPy", "SciPy", "pandas"]);
        assert_eq!(polls[1].name, "poll");
        assert_eq!(polls[1].kind, Kind::Single);
    }

    #[test]
    fn bad_polls_say_what_is_wrong() {
        let problem = |raw: &str| parse(raw).map(|_| ()).expect_err("refused");
        assert_eq!(
            problem("[poll]\n[/poll]").problem,
            Problem::TooShort { min: 2 }
        );
        assert_eq!(
            problem("[poll]\n* one\n[/poll]").problem,
            Problem::TooShort { min: 2 }
        );
        let many: String = (0..1000).map(|i| format!("* option {i}\n")).collect();
        assert_eq!(
            problem(&format!("[poll]\n{many}[/poll]")).problem,
            Problem::TooMany {
                max: MAX_OPTIONS,
                actual: 1000
            }
        );
        assert_eq!(
            problem("[poll]\n* a\n* a\n[/poll]").field,
            Field::PollOption
        );
        assert_eq!(
            problem("[poll close=someday]\n* a\n* b\n[/poll]").field,
            Field::PollClose
        );
        assert_eq!(
            problem("[poll type=multiple min=3]\n* a\n* b\n[/poll]").field,
            Field::PollChoices
        );
        assert_eq!(
            problem("[poll]\n* a\n* b\n[/poll]\n[poll]\n* c\n* d\n[/poll]").problem,
            Problem::NotAllowed
        );
        // Unclosed, or in a code fence: text, not a poll.
        assert_eq!(parse("[poll]\n* a\n* b\n"), Ok(Vec::new()));
        assert_eq!(parse("```\n[poll]\n* a\n[/poll]\n```"), Ok(Vec::new()));
    }

    #[test]
    fn cooked_polls_are_a_static_list_where_the_block_was() {
        let cooked = crate::markdown::cook(
            "Before\n\n[poll name=x]\n* <b>bold</b>\n* two\n[/poll]\n\nAfter",
        );
        let html = cooked.as_str();
        assert!(
            html.contains("<div class=\"poll\" data-poll=\"x\"><ul><li>&lt;b&gt;bold&lt;/b&gt;</li><li>two</li></ul></div>"),
            "{html}"
        );
        assert!(
            html.find("Before") < html.find("data-poll")
                && html.find("data-poll") < html.find("After"),
            "{html}"
        );
        // A typed fence character forges nothing.
        let forged = crate::markdown::cook("\u{E000}0\u{E000}x\u{E000}a\u{E000}");
        assert!(
            !forged.as_str().contains("data-poll"),
            "{}",
            forged.as_str()
        );
    }
}
