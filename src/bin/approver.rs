//! The approver's page (`approver.html`): key pairs, and reviewing and signing approval requests.

fn main() {
    tailor::approver();
}
