//! `convene demo`: placeholder replaced below.
use crate::db::AnyConnection;
/// Loads the demo community.
pub fn load(_conn: &mut AnyConnection, _progress: &mut dyn FnMut(&str)) -> anyhow::Result<String> {
    Ok(String::new())
}
