//! What the approver's forms share: the message they report in, reading a passphrase (cleared
//! from its input at once, held only in a `Zeroizing` string), and storing the keys.

use crate::keystore;
use leptos::html::Input;
use leptos::prelude::*;
use tailor_core::keyfile::KeyFile;
use tailor_core::text::Text;
use zeroize::Zeroizing;

/// A message for the user: success or error.
pub type Status = RwSignal<Option<(bool, Text)>>;

/// Reads a password input and clears it at once.
pub fn take(input: NodeRef<Input>) -> Zeroizing<String> {
    input.get_untracked().map_or_else(Zeroizing::default, |i| {
        let v = Zeroizing::new(i.value());
        i.set_value("");
        v
    })
}

/// Stores `keys`, reporting a failure in `status`.
pub fn store(keys: RwSignal<Vec<KeyFile>>, status: Status) -> bool {
    match keys.with_untracked(|k| keystore::save(k)) {
        Ok(()) => true,
        Err(e) => {
            status.set(Some((false, e)));
            false
        }
    }
}
