//! The library backup in the app: the format, reading and the merge plan are the core's
//! ([`tailor_core::backup`]); here the library's records are written out and turned back into
//! records (summary and quote file text) to store.

use crate::library::Summary;
use tailor_core::approval::file as approvals;
use tailor_core::approval::verify_chain;
use tailor_core::backup::Entry;
pub use tailor_core::backup::{content, file_name, plan, read_all, Fate, Incoming, MAX_BYTES};
use tailor_core::contract::Contract;
use tailor_core::policy::Policy;

/// The backup's text for the stored proposals (summary and quote file text each) and contracts.
pub fn export(stored: &[(Summary, String)], contracts: &[Contract], today: &str) -> String {
    tailor_core::backup::export_with(
        stored.iter().map(|(s, file)| Entry {
            name: &s.name,
            saved_at: s.saved_at,
            file,
        }),
        contracts,
        today,
    )
}

/// The summary and quote file text to store for an incoming proposal: as it is, or as a copy
/// under `new_id` without approvals, named `copy_name` ([`Incoming::into_copy`]).
pub fn to_store(
    incoming: &Incoming,
    copy: Option<(&str, &str)>,
    policy: &Policy,
    today: &str,
) -> (Summary, String) {
    let mut incoming = incoming.clone();
    if let Some((new_id, copy_name)) = copy {
        incoming = incoming.into_copy(new_id, copy_name);
    }
    let file = &incoming.file;
    let signed = approvals::from_values(&file.quote.id, &file.approvals).unwrap_or_default();
    let verdict = verify_chain(policy, &file.quote, &file.priced, &signed, today);
    let mut summary = Summary::of(&file.quote, &file.priced, &verdict, policy, signed.len());
    summary.name = incoming.name.clone();
    if incoming.saved_at > 0.0 {
        summary.saved_at = incoming.saved_at;
    }
    (summary, file.to_json())
}
