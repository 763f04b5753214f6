//! Letter avatars: a member's initial in white on a circle of a colour chosen from their name,
//! as SVG (the letter drawn by the reader's own fonts, so no font is shipped or rasterised).
//! The picture is a pure function of its address (name, size, version: `models::user::
//! avatar_path`), so it is cached for good; change `models::user::AVATAR_VERSION` when the
//! drawing changes.

use maud::html;
use sha2::{Digest, Sha256};

/// Colours white text reads on at 4.5:1 or better (WCAG AA for text), so the letter is legible
/// at every size.
const PALETTE: [&str; 12] = [
    "#1a7f37", "#0969da", "#8250df", "#9a6700", "#cf222e", "#116329", "#0550ae", "#953800",
    "#bf3989", "#1b7c83", "#5a32a3", "#a40e26",
];

/// The colour of `username`'s avatar: the same for every spelling of the name's case, and
/// stable across releases (a digest, not the standard library's seeded hasher).
pub fn colour(username: &str) -> &'static str {
    let digest = Sha256::digest(username.to_lowercase().as_bytes());
    PALETTE[usize::from(digest[0]) % PALETTE.len()]
}

/// `username`'s avatar, `size` pixels square. Decorative where it sits beside the name (pages
/// give it `alt=""`); standing alone, it is labelled with the name.
pub fn letter_avatar(username: &str, size: u32) -> String {
    let initial: String = username
        .chars()
        .find(char::is_ascii_alphanumeric)
        .unwrap_or('?')
        .to_uppercase()
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(size) height=(size) viewBox="0 0 100 100"
            role="img" aria-label=(username) {
            circle cx="50" cy="50" r="50" fill=(colour(username)) {}
            text x="50" y="50" dy="0.35em" text-anchor="middle" fill="#ffffff"
                font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
                font-size="52" { (initial) }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_keeps_its_colour_and_shows_its_initial() {
        assert_eq!(colour("Ada"), colour("ada"));
        let svg = letter_avatar("m.brett", 48);
        assert!(svg.contains(">M</text>"), "{svg}");
        assert!(svg.contains("width=\"48\""), "{svg}");
        assert!(svg.contains(colour("m.brett")));
        assert!(letter_avatar("_x_", 20).contains(">X</text>"));
        let many: std::collections::HashSet<_> =
            ["ada", "bob", "carol", "dmitri", "erin", "fatima", "gus"]
                .map(colour)
                .into();
        assert!(many.len() > 3, "names spread over the palette: {many:?}");
    }
}
