//! Watched words: admins add and remove them (each change in the staff action log), and every
//! title and body written or edited is checked against them here, inside the transaction that
//! saves it, so a word added a moment ago already applies on every node.

use crate::auth::Guardian;
use crate::models::invalid::{Field, Problem};
use crate::models::staff_log::StaffAction;
use crate::models::watched_word::{self, WatchList, WatchedAction, WatchedWord};
use crate::services::effects::StaffRecord;
use crate::services::{Blocked, Clash, Event, Found, Missing, ServiceError, Tx};

/// Adds `typed` to the list with `action`. For admins.
pub fn add(
    tx: &mut Tx,
    guardian: &Guardian,
    typed: &str,
    action: WatchedAction,
) -> Result<WatchedWord, ServiceError> {
    guardian.can_manage_watched_words()?;
    let Some(word) = watched_word::normalise(typed) else {
        let problem = if typed.trim().chars().all(|c| c == '*') {
            Problem::Blank
        } else {
            Problem::TooLong {
                max: watched_word::MAX_WORD_CHARS,
                actual: typed.trim().chars().count(),
            }
        };
        return Err(ServiceError::invalid(Field::Word, problem));
    };
    if usize::try_from(WatchedWord::count(tx.conn())?).unwrap_or(usize::MAX)
        >= watched_word::MAX_WORDS
    {
        return Err(ServiceError::invalid(Field::Word, Problem::NotAllowed));
    }
    let by = guardian.actor().map(|a| a.id);
    let now = tx.now();
    let added = match WatchedWord::insert(tx.conn(), &word, action, by, now) {
        Err(error) if crate::models::is_unique_violation(&error) => {
            return Err(Clash::WordWatched.into());
        }
        other => other?,
    };
    tx.record(Event::Staff(
        StaffRecord::new(StaffAction::WatchedWordAdded, by)
            .change("", format!("{}: {}", action.as_str(), added.word)),
    ))?;
    Ok(added)
}

/// Removes a word from the list. For admins.
pub fn remove(tx: &mut Tx, guardian: &Guardian, id: i64) -> Result<WatchedWord, ServiceError> {
    guardian.can_manage_watched_words()?;
    let word = WatchedWord::find(tx.conn(), id).found_or(Missing::WatchedWord(id))?;
    WatchedWord::delete(tx.conn(), id)?;
    tx.record(Event::Staff(
        StaffRecord::new(
            StaffAction::WatchedWordRemoved,
            guardian.actor().map(|a| a.id),
        )
        .change(format!("{}: {}", word.action, word.word), ""),
    ))?;
    Ok(word)
}

/// The list as it is now, after refusing `title` and `body` if either has a word that
/// blocks posts. Everyone's posts are checked, staff's too: a blocked word is one the forum
/// does not publish.
pub(crate) fn refuse_blocked(
    tx: &mut Tx,
    title: Option<&str>,
    body: &str,
) -> Result<std::sync::Arc<WatchList>, ServiceError> {
    let list = WatchList::load(tx.conn())?;
    let checks = title
        .map(|t| (Field::Title, t))
        .into_iter()
        .chain([(Field::Body, body)]);
    for (field, text) in checks {
        if let Some(found) = list.first(WatchedAction::Block, &[text]) {
            return Err(ServiceError::Blocked(Blocked {
                field,
                found: found.found,
            }));
        }
    }
    Ok(list)
}

/// `title` as the forum stores it: refused if it has a word that blocks posts, with the
/// censored words masked. A body keeps its source and masks only its HTML (a rebake shows an
/// uncensored word again), but a title is printed as text in every list, page, feed, mail
/// and JSON document, so it is masked once, here, where every title is written.
pub(crate) fn stored_title(tx: &mut Tx, title: &str) -> Result<String, ServiceError> {
    let list = refuse_blocked(tx, Some(title), "")?;
    Ok(list.censor(title).into_owned())
}
