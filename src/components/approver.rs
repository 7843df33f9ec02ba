//! The approver's area: key pairs kept encrypted in this browser ([`super::keys`]: create,
//! import, back up, change passphrase, remove), reviewing and signing approval requests
//! ([`super::review`]), granting pre-authorisations ([`super::preauth_form`]), and the log of
//! decisions signed here ([`super::decision_log`]). Passphrases are read from password inputs at
//! the moment of use, cleared at once, never kept in a signal, stored or logged.

use super::approver_forms::Status;
use super::decision_log::DecisionLogCard;
use super::keys::KeysCard;
use super::preauth_form::PreAuthCard;
use super::review::ReviewCard;
use crate::decision_log;
use crate::keystore;
use leptos::prelude::*;
use tailor_core::text::Text;

#[component]
pub fn ApproverScreen() -> impl IntoView {
    let (stored, unreadable) = keystore::load();
    let keys = RwSignal::new(stored);
    let (log, log_problem) = decision_log::load();
    let log = RwSignal::new(log);
    let status: Status = RwSignal::new(
        (unreadable > 0)
            .then(|| {
                (
                    false,
                    Text::new(
                        format!("浏览器存储中有 {unreadable} 个密钥无法读取，已忽略"),
                        format!("{unreadable} stored key(s) could not be read and are ignored"),
                    ),
                )
            })
            .or(log_problem.map(|e| (false, e))),
    );
    view! {
        <main class="approver-screen" data-testid="approver-screen">
            <KeysCard keys=keys status=status/>
            <ReviewCard keys=keys log=log/>
            <PreAuthCard keys=keys/>
            <DecisionLogCard log=log/>
        </main>
    }
}
