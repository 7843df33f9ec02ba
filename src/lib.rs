//! Tailor in the browser, as two pages sharing these modules: the configurator an account manager
//! uses in front of a client (`index.html`, `src/main.rs`), and the approver's page
//! (`approver.html`, `src/bin/approver.rs`), so the seller's first visit does not load the
//! approver's key store, key derivation and signing screens. Only the two pages' entry points are
//! public, so the compiler still finds code neither page uses.

mod approvals;
mod autosave;
mod backup;
mod camera;
mod components;
mod contracts;
mod decision_log;
mod enrolment;
mod files;
mod format;
mod grouping;
mod i18n;
mod keystore;
mod library;
mod line_tree;
mod links;
mod loader;
mod pages;
mod preauths;
mod probe;
mod published;
mod pwa;
mod qr;
mod repricing;
mod state;
mod storage;
mod strength;
mod worker;

/// Mounts the configurator (`index.html`).
pub fn configurator() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}

/// Runs the worker the configurator loads on first use (`worker_loader.js`: signing a statement,
/// the TMF648 export).
pub fn worker() {
    console_error_panic_hook::set_once();
    worker::serve();
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
