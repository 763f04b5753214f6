//! Creating and changing categories (admins, and the operator at the command line).

use crate::auth::Guardian;
use crate::models::category::{Category, CategoryInput};
use crate::models::ids::CategoryId;
use crate::models::invalid::{Field, Problem};
use crate::services::{Clash, Event, Found, Missing, ServiceError, Tx};

/// Checks that `input`'s parent exists and is top-level, and that a category which is to
/// become a subcategory has none of its own: categories nest one level deep.
fn check_nesting(
    tx: &mut Tx,
    input: &CategoryInput,
    own_id: Option<CategoryId>,
) -> Result<(), ServiceError> {
    let Some(parent_id) = input.parent_id else {
        return Ok(());
    };
    let parent = match Category::find(tx.conn(), parent_id) {
        Err(diesel::result::Error::NotFound) => {
            return Err(ServiceError::invalid(
                Field::Parent,
                Problem::Unknown(parent_id.0),
            ));
        }
        other => other?,
    };
    let has_children = match own_id {
        Some(id) => Category::has_children(tx.conn(), id)?,
        None => false,
    };
    if parent.parent_id.is_some() || Some(parent.id) == own_id || has_children {
        return Err(ServiceError::invalid(Field::Parent, Problem::NotAllowed));
    }
    Ok(())
}

/// A taken slug is a clash; anything else the database says is its failure.
fn slug_clash(error: diesel::result::Error) -> ServiceError {
    if crate::models::is_unique_violation(&error) {
        Clash::SlugTaken.into()
    } else {
        error.into()
    }
}

/// Creates a category.
pub fn create(
    tx: &mut Tx,
    guardian: &Guardian,
    input: &CategoryInput,
) -> Result<Category, ServiceError> {
    guardian.can_manage_categories()?;
    check_nesting(tx, input, None)?;
    let now = tx.now();
    let category = input.values().insert(tx.conn(), now).map_err(slug_clash)?;
    tx.record(Event::CategoryCreated {
        category: category.id,
        by: guardian.actor().map(|a| a.id),
    })?;
    Ok(category)
}

/// Changes a category.
pub fn update(
    tx: &mut Tx,
    guardian: &Guardian,
    id: CategoryId,
    input: &CategoryInput,
) -> Result<Category, ServiceError> {
    guardian.can_manage_categories()?;
    Category::find(tx.conn(), id).found_or(Missing::Category(id))?;
    check_nesting(tx, input, Some(id))?;
    let category = input.values().update(tx.conn(), id).map_err(slug_clash)?;
    tx.record(Event::CategoryUpdated {
        category: category.id,
        by: guardian.actor().map(|a| a.id),
    })?;
    Ok(category)
}
