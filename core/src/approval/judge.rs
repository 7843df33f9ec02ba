//! The verdict on a proposal: its approval chain ([`verify_chain`]), then the
//! pre-authorisations for its customer, under the standing of the policy in force.

use super::preauth::{self, PreAuthorisation};
use super::verify::verify_chain;
use super::{Approval, Problem, Status, Verdict, Why};
use crate::policy::Policy;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::trust::Standing;

/// The verdict on a proposal's approvals and pre-authorisations under `standing`:
/// [`verify_chain`]; then, when the proposal still needs approval, the first pre-authorisation
/// that verifies and covers it authorises it in advance, and each one that verifies but does not
/// cover it names what lies beyond it. When no signed policy in force vouches for the approvers
/// (an unsigned or expired policy, or a quote priced on versions the device does not have), a
/// proposal that needs approval is never approved or pre-authorised, and the first problem says
/// why.
pub fn judge(
    standing: &Standing,
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    approvals: &[Approval],
    preauths: &[PreAuthorisation],
    today: &str,
) -> Verdict {
    let mut verdict = verify_chain(policy, quote, priced, approvals, today);
    verdict.preauths = preauths
        .iter()
        .enumerate()
        .map(|(i, p)| preauth::check(policy, p, i, quote, priced, today))
        .collect();
    let why = match standing {
        Standing::Trusted { .. } => {
            pre_authorise(&mut verdict);
            return verdict;
        }
        Standing::Expired { expires } => Why::PolicyExpired {
            expires: expires.clone(),
        },
        Standing::Unverifiable { why } => Why::Unverifiable { why: why.clone() },
    };
    for c in &mut verdict.preauths {
        c.why.insert(0, why.clone());
    }
    if matches!(verdict.status, Status::Approved | Status::NotApproved) {
        verdict.status = Status::NotApproved;
        verdict.chain.clear();
        verdict.problems.insert(
            0,
            Problem {
                approval: None,
                why,
            },
        );
    }
    verdict
}

/// A proposal still needing approval rests on the first pre-authorisation that holds; else each
/// one that verifies says what lies beyond it.
fn pre_authorise(verdict: &mut Verdict) {
    let rejected = verdict
        .problems
        .iter()
        .any(|p| matches!(p.why, Why::Rejected { .. }));
    if verdict.status != Status::NotApproved || rejected {
        return;
    }
    if verdict.preauths.iter().any(preauth::Check::holds) {
        verdict.status = Status::PreAuthorised;
        verdict.problems.clear();
        return;
    }
    let beyond = verdict.preauths.iter().filter(|c| c.why.is_empty());
    let problems: Vec<Problem> = beyond
        .map(|c| Problem {
            approval: None,
            why: Why::BeyondPreAuth {
                approver: c.approver_id.clone(),
                lines: c.beyond.lines.clone(),
                tcv: c.beyond.tcv,
                max_tcv: c.beyond.max_tcv,
            },
        })
        .collect();
    verdict.problems.splice(0..0, problems);
}
