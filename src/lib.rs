//! Tailor in the browser, as pages sharing these modules: the configurator an account manager
//! uses in front of a client (`index.html`, `src/main.rs`), the library of stored proposals and
//! contracts (`library.html`, `src/bin/library.rs`), the approver's page (`approver.html`,
//! `src/bin/approver.rs`) and the customer's verification page (`verify.html`), with a worker
//! loaded on first use, so the seller's first visit loads neither the library's screens nor the
//! approver's key store, key derivation and signing. Only the pages' entry points are public, so
//! the compiler still finds code no page uses.

mod approvals;
mod autosave;
mod background;
mod backup;
mod camera;
mod components;
mod contracts;
mod decision_log;
mod enrolment;
mod files;
mod focus;
mod format;
mod grouping;
mod i18n;
mod keystore;
mod library;
mod line_tree;
mod links;
mod loader;
mod navigation;
mod pages;
mod preauths;
mod probe;
mod published;
mod pwa;
mod qr;
mod repricing;
mod sheets;
mod state;
mod storage;
mod strength;
mod worker;

/// Mounts the configurator (`index.html`).
pub fn configurator() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}

/// Mounts the library page (`library.html`): the proposals stored on this device, the contracts
/// and the changes between versions.
pub fn library() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::LibraryApp);
}

/// Runs the signing worker the configurator loads on first use (`worker_loader.js`: signing a
/// statement, the TMF648 export).
pub fn worker() {
    console_error_panic_hook::set_once();
    worker::serve();
}

/// Runs the spreadsheet worker the configurator loads on first use (`sheets_loader.js`: reading
/// site lists, writing the per-site XLSX).
pub fn sheets() {
    console_error_panic_hook::set_once();
    sheets::serve();
}

/// Mounts the customer's verification page (`verify.html`).
pub fn verify() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::verify_page::VerifyPage);
}

/// Mounts the approver's page (`approver.html`).
pub fn approver() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::approver_page::ApproverPage);
}
