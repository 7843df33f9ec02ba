//! The statement-signing worker (`signer_loader.js`), started by the configurator on the first
//! "sign and hand over" (`src/signing.rs`).

fn main() {
    tailor::signer();
}
