//! HTML and JSON views: pure functions of data. They never touch the database or HTTP.
//! One file per resource, matching `routes/`.

pub mod category;
pub mod components;
pub mod layout;
pub mod post;
pub mod session;
pub mod site;
pub mod topic;
pub mod user;
