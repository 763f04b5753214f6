//! The site itself as Discourse's JSON has it: `GET /site/basic-info.json`
//! (`getSiteBasicInfo`).

use serde::Serialize;

/// `GET /site/basic-info.json`: what a client needs to show the forum's name and icons.
#[derive(Debug, Serialize)]
pub struct SiteBasicInfo {
    /// The logo: the site icon.
    pub logo_url: String,
    /// The small logo: the site icon.
    pub logo_small_url: String,
    /// The touch icon: the site icon.
    pub apple_touch_icon_url: String,
    /// The favicon.
    pub favicon_url: String,
    /// The forum's name.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// Header text colour.
    pub header_primary_color: &'static str,
    /// Header background colour.
    pub header_background_color: &'static str,
    /// Whether reading needs an account: never.
    pub login_required: bool,
    /// The interface language.
    pub locale: &'static str,
    /// Listed in Discourse Discover: no.
    pub include_in_discourse_discover: bool,
    /// The logo on phones: the site icon.
    pub mobile_logo_url: String,
}

/// The basic information for a forum called `title`, described by `description`, whose icon
/// is at `icon`.
pub fn basic_info(title: &str, description: &str, icon: &str) -> SiteBasicInfo {
    SiteBasicInfo {
        logo_url: icon.to_owned(),
        logo_small_url: icon.to_owned(),
        apple_touch_icon_url: icon.to_owned(),
        favicon_url: icon.to_owned(),
        title: title.to_owned(),
        description: description.to_owned(),
        header_primary_color: "1f2328",
        header_background_color: "f6f8fa",
        login_required: false,
        locale: "en",
        include_in_discourse_discover: false,
        mobile_logo_url: icon.to_owned(),
    }
}
