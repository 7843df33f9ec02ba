//! The configurator page (`index.html`): the app an account manager uses in front of a client.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tailor::components::app::App);
}
