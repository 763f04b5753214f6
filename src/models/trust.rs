//! Trust levels, with Discourse's meaning: 0 new (sandboxed: cannot flag), 1 basic member,
//! 2 member, 3 regular, 4 leader. Staff set them; new accounts start at [`NEW`].

/// A new member: limits that stop spam (no flagging), lifted by activity or by staff.
pub const NEW: i32 = 0;
/// A basic member: may flag.
pub const MEMBER: i32 = 1;
/// The highest level.
pub const LEADER: i32 = 4;

/// Discourse's name for a level, for pages and the staff log.
pub fn name(level: i32) -> &'static str {
    match level {
        0 => "new user",
        1 => "basic user",
        2 => "member",
        3 => "regular",
        _ => "leader",
    }
}

/// Whether `level` is one of the five.
pub fn is_valid(level: i32) -> bool {
    (NEW..=LEADER).contains(&level)
}
