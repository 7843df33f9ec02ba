//! The approver's page (`approver.html`): key pairs, and reviewing and signing approval requests.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tailor::components::approver_page::ApproverPage);
}
