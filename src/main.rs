//! Tailor in the browser: the Leptos app an account manager uses in front of a client.

mod components;
mod files;
mod format;
mod i18n;
mod loader;
mod probe;
mod state;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
