//! Signed approvals and catalog validation: signing a complete approval chain with the demo
//! approvers' keys and verifying it (as the app does on every edit of an approved proposal), on
//! the deterministic sample quotes of `tailor_core::sample`; and the pricing team's checks of the
//! default catalog and policy.
//!
//! `cargo bench -p tailor-core --bench approval -- --warm-up-time 1 --measurement-time 3`

use criterion::{BenchmarkId, Criterion};
use std::hint::black_box;
use tailor_core::approval::{verify_chain, Approval, ApprovalBody, Decision, Request};
use tailor_core::catalog::Catalog;
use tailor_core::keyfile::ApproverKey;
use tailor_core::policy::Policy;
use tailor_core::pricing::{price, Priced};
use tailor_core::quote::Quote;
use tailor_core::{check, defaults, sample};

const TODAY: &str = "2026-03-10";
/// Quote sizes: a typical proposal, the edit-to-paint benchmark's and a large one.
const SIZES: [usize; 3] = [10, 200, 1_000];

/// A demo approver's key, enrolled in the demo policy.
fn demo_key(id: &str) -> ApproverKey {
    ApproverKey::from_seed(tailor_core::demo::seed(id))
}

/// The sample quote of `n` lines with one requested discount on every line, the one needing the
/// highest approval level that can still be approved (so the chain is as long as it gets).
fn approvable(catalog: &Catalog, policy: &Policy, n: usize) -> (Quote, Priced) {
    let base = sample::quote(catalog, policy, n);
    (0..=5_000)
        .step_by(50)
        .map(|d| {
            let mut q = base.clone();
            q.lines.iter_mut().for_each(|l| l.discount_bp = d);
            let p = price(catalog, policy, &q);
            (q, p)
        })
        .filter(|(_, p)| !p.authority.refused && !p.authority.beyond_ladder)
        .max_by_key(|(_, p)| p.authority.required)
        .expect("an approvable discount")
}

/// One approval from each level the proposal needs, signed with the demo keys.
fn chain(policy: &Policy, quote: &Quote, priced: &Priced) -> Vec<Approval> {
    (1..=priced.authority.required)
        .map(|level| {
            let level_id = &policy.levels[level].id;
            let approver = policy
                .approvers
                .iter()
                .find(|a| &a.level == level_id)
                .expect("a demo approver at every level");
            let request = Request {
                decision: Decision::Approve,
                approver_id: approver.id.clone(),
                level: level_id.clone(),
                issued: "2026-03-09".into(),
                expires: "2026-04-08".into(),
                comment: "同意".into(),
                reason: String::new(),
            };
            // The signature itself: the sample quotes carry configuration findings (an MPLS VPN
            // line without sites) that `sign` would refuse to approve.
            let key = demo_key(&approver.id);
            ApprovalBody::new(quote, priced, &request, &key.public_key_hex()).sign(&key)
        })
        .collect()
}

fn bench_approval(c: &mut Criterion, catalog: &Catalog, policy: &Policy) {
    let mut group = c.benchmark_group("approval");
    for n in SIZES {
        let (quote, priced) = approvable(catalog, policy, n);
        let approvals = chain(policy, &quote, &priced);
        let levels = approvals.len();
        assert!(
            verify_chain(policy, &quote, &priced, &approvals, TODAY).approved(),
            "the demo chain verifies"
        );
        eprintln!("approval: {n} lines need {levels} approval(s)");
        group.bench_with_input(BenchmarkId::new("sign chain", n), &n, |b, _| {
            b.iter(|| chain(black_box(policy), black_box(&quote), black_box(&priced)))
        });
        group.bench_with_input(BenchmarkId::new("verify chain", n), &n, |b, _| {
            b.iter(|| {
                verify_chain(
                    black_box(policy),
                    black_box(&quote),
                    black_box(&priced),
                    black_box(&approvals),
                    TODAY,
                )
            })
        });
        // What the app pays on every edit of a proposal with no approvals yet.
        group.bench_with_input(BenchmarkId::new("verify none", n), &n, |b, _| {
            b.iter(|| {
                verify_chain(
                    black_box(policy),
                    black_box(&quote),
                    black_box(&priced),
                    &[],
                    TODAY,
                )
            })
        });
    }
    group.finish();
}

fn bench_check(c: &mut Criterion, catalog: &Catalog, policy: &Policy) {
    let mut group = c.benchmark_group("catalog");
    group.bench_function("check default", |b| {
        b.iter(|| {
            check::check(
                black_box(catalog),
                "catalog.json",
                black_box(policy),
                "policy.json",
            )
        })
    });
    group.bench_function("parse and check default", |b| {
        b.iter(|| {
            check::load(
                "catalog.json",
                black_box(defaults::CATALOG_JSON),
                "policy.json",
                black_box(defaults::POLICY_JSON),
            )
        })
    });
    group.finish();
}

fn main() {
    let (catalog, policy) = defaults::catalog_and_policy().expect("the default catalog loads");
    let mut c = Criterion::default().configure_from_args();
    bench_check(&mut c, &catalog, &policy);
    // The approvals under the demo policy, which enrols the demo approvers.
    let demo: Policy = serde_json::from_str(include_str!("../../demo/policy.json"))
        .expect("the demo policy parses");
    bench_approval(&mut c, &catalog, &demo);
    c.final_summary();
}
