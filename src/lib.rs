//! Tailor in the browser, as two pages sharing these modules: the configurator an account manager
//! uses in front of a client (`index.html`, `src/main.rs`), and the approver's page
//! (`approver.html`, `src/bin/approver.rs`), so the seller's first visit does not load the
//! approver's key store, key derivation and signing screens.

pub mod approvals;
pub mod autosave;
pub mod backup;
pub mod components;
pub mod files;
pub mod format;
pub mod i18n;
pub mod keystore;
pub mod library;
pub mod loader;
pub mod probe;
pub mod pwa;
pub mod state;
pub mod storage;
