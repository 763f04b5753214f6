//! HTML pages: pure functions of data (maud). They never touch the database or HTTP, and they
//! ask no permission question: what the viewer may do arrives already answered by the
//! guardian. One file per resource, matching `routes/`; JSON lives in `api/`.

pub mod alternate;
pub mod api_key;
pub mod avatar;
pub mod bookmark;
pub mod category;
pub mod components;
pub mod digest;
pub mod email;
pub mod group;
pub mod layout;
pub mod moderation;
pub mod notification;
pub mod poll;
pub mod post;
pub mod preferences;
pub mod proposals;
pub mod search;
pub mod session;
pub mod site;
pub mod tag;
pub mod topic;
pub mod unsubscribe;
pub mod user;
pub mod watched_words;
