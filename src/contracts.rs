//! The contracts kept in the browser (IndexedDB store `contracts`, keyed by the contract's id,
//! its lineage): each a `core::contract::Contract` as JSON, the accepted version inside it.
//! Written when the seller marks a version accepted; read for the library's contracts and the
//! renewals due; in the library backup, and added from one (never replacing a contract kept). A record that no longer reads is left out of the list, never shown half.

use crate::storage::{self, StorageError, Tx, CONTRACTS};
use tailor_core::contract::Contract;

/// Stores a contract (a new one, or one an amendment changed).
pub async fn save(contract: &Contract) -> Result<(), StorageError> {
    let json = serde_json::to_string(contract).map_err(|e| {
        StorageError::Failed(format!(
            "the contract {} cannot be written: {e}",
            contract.id
        ))
    })?;
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[CONTRACTS], true)?;
    storage::put(&tx.store(CONTRACTS)?, &contract.id, &json).await?;
    tx.commit().await
}

/// Adds contracts (from a backup) in one transaction, skipping any whose id is stored: a
/// contract kept is never replaced. Returns how many were added.
pub async fn add_new(contracts: &[Contract]) -> Result<usize, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[CONTRACTS], true)?;
    let store = tx.store(CONTRACTS)?;
    let mut added = 0;
    for c in contracts {
        if storage::get(&store, &c.id).await?.is_none() {
            let json = serde_json::to_string(c).map_err(|e| {
                StorageError::Failed(format!("the contract {} cannot be written: {e}", c.id))
            })?;
            storage::put(&store, &c.id, &json).await?;
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// Every contract kept, the soonest ending first.
pub async fn list() -> Result<Vec<Contract>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[CONTRACTS], false)?;
    let all = storage::get_all(&tx.store(CONTRACTS)?).await?;
    Ok(in_order(
        all.iter()
            .filter_map(|t| serde_json::from_str(t).ok())
            .collect(),
    ))
}

/// The contract with `id`, if kept.
pub async fn get(id: &str) -> Result<Option<Contract>, StorageError> {
    let db = storage::db().await?;
    let tx = Tx::new(&db, &[CONTRACTS], false)?;
    Ok(storage::get(&tx.store(CONTRACTS)?, id)
        .await?
        .and_then(|t| serde_json::from_str(&t).ok()))
}

/// Contracts the soonest ending first, then by id.
fn in_order(mut all: Vec<Contract>) -> Vec<Contract> {
    all.sort_by(|a, b| (&a.end, &a.id).cmp(&(&b.end, &b.id)));
    all
}
