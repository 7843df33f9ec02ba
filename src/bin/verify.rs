//! The customer's verification page (`verify.html`): a proposal statement checked against the
//! operator's published public keys, offline once cached.

fn main() {
    tailor::verify();
}
