//! Tailor in the browser: the Leptos app an account manager uses in front of a client.

mod approvals;
mod autosave;
mod backup;
mod components;
mod files;
mod format;
mod i18n;
mod keystore;
mod library;
mod loader;
mod probe;
mod pwa;
mod state;
mod storage;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
