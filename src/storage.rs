//! The browser's IndexedDB, reduced to what the proposal library needs: one database, a few
//! object stores of JSON strings, transactions and requests as futures, and every failure named
//! (unavailable or blocked storage, a full quota) so the app can say what happened.

use std::cell::RefCell;
use std::fmt;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction};

const DB_NAME: &str = "tailor";
/// 2: the `contracts` store added (an upgrade from 1 keeps every proposal).
const DB_VERSION: u32 = 2;
/// One small JSON summary per proposal, keyed by quote id: what the library list shows.
pub const SUMMARIES: &str = "summaries";
/// The quote file (quote, priced snapshot, approvals) per proposal, keyed by quote id.
pub const FILES: &str = "files";
/// Small facts about the library: `last` is the id of the proposal last opened or edited.
pub const META: &str = "meta";
/// The contracts (`core::contract::Contract` as JSON), keyed by the contract's id.
pub const CONTRACTS: &str = "contracts";

/// Why storage failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No IndexedDB, or the browser refuses it: private mode, storage disabled or blocked by
    /// settings or policy.
    Unavailable(String),
    /// The browser's storage quota for the app is used up.
    Full(String),
    /// Another Tailor tab holds an older version of the database open.
    Blocked,
    /// Anything else, in the browser's words.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(m) | StorageError::Full(m) | StorageError::Failed(m) => {
                f.write_str(m)
            }
            StorageError::Blocked => f.write_str("blocked by another tab"),
        }
    }
}

/// Names a JavaScript failure: DOMExceptions by their name, other errors by their message.
fn classify(e: &JsValue) -> StorageError {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        let msg = format!("{}: {}", d.name(), d.message());
        return match d.name().as_str() {
            "QuotaExceededError" => StorageError::Full(msg),
            "SecurityError" | "InvalidStateError" | "NotAllowedError" | "UnknownError" => {
                StorageError::Unavailable(msg)
            }
            _ => StorageError::Failed(msg),
        };
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return StorageError::Unavailable(String::from(err.message()));
    }
    StorageError::Failed(e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// The database, opened (and created or upgraded) on first use and kept open.
pub async fn db() -> Result<IdbDatabase, StorageError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let window = web_sys::window().ok_or(StorageError::Unavailable("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| classify(&e))?
        .ok_or_else(|| StorageError::Unavailable("IndexedDB is not available".into()))?;
    let req: IdbOpenDbRequest = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|e| classify(&e))?;
    let upgrade = {
        let req = req.clone();
        Closure::<dyn FnMut()>::new(move || {
            let Ok(db) = req.result().and_then(|r| r.dyn_into::<IdbDatabase>()) else {
                return;
            };
            let names = db.object_store_names();
            for store in [SUMMARIES, FILES, META, CONTRACTS] {
                if !names.contains(store) {
                    // Only fails on a name already taken, which the check above rules out.
                    let _ = db.create_object_store(store);
                }
            }
        })
    };
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
        let blocked = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("blocked"));
        });
        req.set_onblocked(Some(blocked.unchecked_ref()));
    }))
    .await;
    req.set_onupgradeneeded(None);
    drop(upgrade);
    if let Err(e) = outcome {
        if e.as_string().as_deref() == Some("blocked") {
            return Err(StorageError::Blocked);
        }
        return Err(request_error(req.unchecked_ref()));
    }
    let db: IdbDatabase = req
        .result()
        .map_err(|e| classify(&e))?
        .dyn_into()
        .map_err(|e| classify(&e))?;
    // Let a newer build's upgrade in: close, and reopen on the next use.
    let on_version_change = {
        let db = db.clone();
        Closure::<dyn FnMut()>::new(move || {
            db.close();
            DB.with(|d| d.borrow_mut().take());
        })
    };
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn request_error(req: &IdbRequest) -> StorageError {
    match req.error() {
        Ok(Some(e)) => classify(&e.into()),
        _ => StorageError::Failed("IndexedDB request failed".into()),
    }
}

/// A transaction over some stores; [`Tx::commit`] waits for it to be written.
pub struct Tx {
    tx: IdbTransaction,
    done: JsFuture,
}

impl Tx {
    /// Starts a transaction over `stores`, read-write or read-only.
    pub fn new(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<Tx, StorageError> {
        let names = js_sys::Array::new();
        for s in stores {
            names.push(&JsValue::from_str(s));
        }
        let mode = if write {
            web_sys::IdbTransactionMode::Readwrite
        } else {
            web_sys::IdbTransactionMode::Readonly
        };
        let tx = db
            .transaction_with_str_sequence_and_mode(&names, mode)
            .map_err(|e| classify(&e))?;
        let done = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onerror(Some(&reject));
            tx.set_onabort(Some(&reject));
        }));
        Ok(Tx { tx, done })
    }

    pub fn store(&self, name: &str) -> Result<IdbObjectStore, StorageError> {
        self.tx.object_store(name).map_err(|e| classify(&e))
    }

    /// Waits until everything the transaction did is written; a full quota shows here.
    pub async fn commit(self) -> Result<(), StorageError> {
        match self.done.await {
            Ok(_) => Ok(()),
            Err(_) => Err(self
                .tx
                .error()
                .map(|e| classify(&e.into()))
                .unwrap_or_else(|| StorageError::Failed("the transaction was aborted".into()))),
        }
    }

    /// Gives up the transaction: nothing it did is written.
    pub fn abort(&self) {
        // Fails only on a transaction already finished, which then wrote nothing more anyway.
        let _ = self.tx.abort();
    }
}

/// The result of a request, once it succeeds.
pub async fn request(req: Result<IdbRequest, JsValue>) -> Result<JsValue, StorageError> {
    let req = req.map_err(|e| classify(&e))?;
    let outcome = JsFuture::from(js_sys::Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    }))
    .await;
    match outcome {
        Ok(_) => req.result().map_err(|e| classify(&e)),
        Err(_) => Err(request_error(&req)),
    }
}

/// The string stored under `key`, if any.
pub async fn get(store: &IdbObjectStore, key: &str) -> Result<Option<String>, StorageError> {
    Ok(request(store.get(&JsValue::from_str(key)))
        .await?
        .as_string())
}

/// Every string in the store.
pub async fn get_all(store: &IdbObjectStore) -> Result<Vec<String>, StorageError> {
    let all = request(store.get_all()).await?;
    Ok(js_sys::Array::from(&all)
        .iter()
        .filter_map(|v| v.as_string())
        .collect())
}

/// Stores `value` under `key`.
pub async fn put(store: &IdbObjectStore, key: &str, value: &str) -> Result<(), StorageError> {
    request(store.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))).await?;
    Ok(())
}

/// Removes `key`.
pub async fn delete(store: &IdbObjectStore, key: &str) -> Result<(), StorageError> {
    request(store.delete(&JsValue::from_str(key))).await?;
    Ok(())
}

/// Asks the browser to keep the app's storage under storage pressure (best effort: browsers
/// grant it to installed apps and sites the user engages with).
pub fn ask_persistence() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if js_sys::Reflect::has(&navigator, &JsValue::from_str("storage")).unwrap_or(false) {
        if let Ok(p) = navigator.storage().persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    }
}
