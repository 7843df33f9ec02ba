//! Pricing benchmark: quotes of 10, 100, 1,000 and 10,000 lines built from the default catalog
//! (loading the catalog is measured with the approval chain, in `approval.rs`), and at 5,000 lines
//! a one-line edit repriced incrementally (`incremental::Repricer`) against the full price. After
//! the criterion runs, a plain table of nanoseconds per line is printed, the incremental figures,
//! and the time to load the default catalog and policy.
//!
//! `cargo bench -p tailor-core --bench pricing -- --warm-up-time 1 --measurement-time 2`

use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tailor_core::catalog::Catalog;
use tailor_core::incremental::Repricer;
use tailor_core::policy::Policy;
use tailor_core::pricing::price;
use tailor_core::sample::quote;
use tailor_core::{check, defaults};

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// The default catalog and policy, or the mini test fixture when the default does not load
/// (`public/catalog.json` still empty while it is being written).
fn catalog_and_policy() -> (Catalog, Policy, &'static str) {
    match defaults::catalog_and_policy() {
        Ok((c, p)) => (c, p, "default catalog"),
        Err(problems) => {
            eprintln!(
                "default catalog does not load ({} problem(s), first: {}); using the mini fixture",
                problems.len(),
                problems.first().map(|p| p.to_string()).unwrap_or_default()
            );
            let c = check::parse(
                "catalog.json",
                include_str!("../tests/fixtures/mini/catalog.json"),
            )
            .expect("mini catalog");
            let p = check::parse(
                "policy.json",
                include_str!("../tests/fixtures/mini/policy.json"),
            )
            .expect("mini policy");
            (c, p, "mini fixture")
        }
    }
}

fn bench_pricing(c: &mut Criterion, catalog: &Catalog, policy: &Policy) {
    let mut group = c.benchmark_group("price");
    for n in SIZES {
        let q = quote(catalog, policy, n);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::new("lines", n), &q, |b, q| {
            b.iter(|| price(black_box(catalog), black_box(policy), black_box(q)))
        });
    }
    group.finish();
}

/// The quote size of the incremental figures: a provincial deal.
const INCREMENTAL_LINES: usize = 5_000;

/// A one-line quantity edit at 5,000 lines: repriced incrementally, and the full price of the same
/// quote. Each incremental iteration edits line 2,500 up or down by one unit, so the quote stays
/// the same size and the edit always changes something.
fn bench_incremental(c: &mut Criterion, catalog: &Catalog, policy: &Policy) {
    let q = quote(catalog, policy, INCREMENTAL_LINES);
    let mut group = c.benchmark_group("reprice_5000_lines");
    group.bench_function("full", |b| {
        b.iter(|| price(black_box(catalog), black_box(policy), black_box(&q)))
    });
    let mut r = Repricer::new(
        Arc::new(catalog.clone()),
        Arc::new(policy.clone()),
        q.clone(),
    );
    let mut up = false;
    group.bench_function("one_line", |b| {
        b.iter(|| {
            up = !up;
            r.edit_line(black_box(INCREMENTAL_LINES / 2), |l| {
                l.quantity = if up { l.quantity + 1 } else { l.quantity - 1 }
            })
        })
    });
    group.finish();
}

/// The incremental figures as plain numbers: the fastest of 7 batches of each.
fn incremental_summary(catalog: &Catalog, policy: &Policy) {
    let q = quote(catalog, policy, INCREMENTAL_LINES);
    let fastest = |iters: u32, f: &mut dyn FnMut()| {
        (0..7)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..iters {
                    f();
                }
                start.elapsed() / iters
            })
            .min()
            .unwrap_or_default()
    };
    let full = fastest(20, &mut || {
        black_box(price(black_box(catalog), black_box(policy), black_box(&q)));
    });
    let mut r = Repricer::new(
        Arc::new(catalog.clone()),
        Arc::new(policy.clone()),
        q.clone(),
    );
    let mut up = false;
    let one = fastest(2_000, &mut || {
        up = !up;
        black_box(r.edit_line(INCREMENTAL_LINES / 2, |l| {
            l.quantity = if up { l.quantity + 1 } else { l.quantity - 1 }
        }));
    });
    println!(
        "{INCREMENTAL_LINES} lines: full price {full:.2?}, one line repriced incrementally {one:.2?}"
    );
}

/// Plain ns-per-line table, timed with `Instant`: the fastest of several batches of about 50 ms
/// each (the minimum is the least disturbed by whatever else the machine is doing).
fn summary(catalog: &Catalog, policy: &Policy, source: &str) {
    println!();
    println!(
        "pricing summary ({source}: {} offerings, {} rules; fastest of 7 batches)",
        catalog.offerings.len(),
        catalog.rules.len()
    );
    println!(
        "{:>8}  {:>12}  {:>10}  {:>7}",
        "lines", "per quote", "ns/line", "iters"
    );
    for n in SIZES {
        let q = quote(catalog, policy, n);
        let once = Instant::now();
        black_box(price(catalog, policy, &q));
        let first = once.elapsed().max(Duration::from_nanos(1));
        let iters = (Duration::from_millis(50).as_nanos() / first.as_nanos()).clamp(2, 100_000);
        let per_quote = (0..7)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..iters {
                    black_box(price(black_box(catalog), black_box(policy), black_box(&q)));
                }
                start.elapsed() / iters as u32
            })
            .min()
            .unwrap_or_default();
        println!(
            "{:>8}  {:>12}  {:>10.0}  {:>7}",
            n,
            format!("{per_quote:.2?}"),
            per_quote.as_nanos() as f64 / n as f64,
            iters * 7
        );
    }
    let load = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..5 {
                let _ = black_box(check::load(
                    "catalog.json",
                    black_box(defaults::CATALOG_JSON),
                    "policy.json",
                    black_box(defaults::POLICY_JSON),
                ));
            }
            start.elapsed() / 5
        })
        .min()
        .unwrap_or_default();
    println!("check::load default catalog and policy: {load:.2?}");
}

fn main() {
    let (catalog, policy, source) = catalog_and_policy();
    // For profilers (`perf stat`, `perf record`): price one size a fixed number of times, no
    // criterion. TAILOR_BENCH_LINES=1000 TAILOR_BENCH_ITERS=2000 cargo bench --bench pricing
    let fixed = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    if let (Some(n), Some(iters)) = (fixed("TAILOR_BENCH_LINES"), fixed("TAILOR_BENCH_ITERS")) {
        let q = quote(&catalog, &policy, n);
        let start = Instant::now();
        for _ in 0..iters {
            black_box(price(
                black_box(&catalog),
                black_box(&policy),
                black_box(&q),
            ));
        }
        let per_quote = start.elapsed() / iters as u32;
        println!("{n} lines × {iters}: {per_quote:.2?} per quote (wall clock)");
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    bench_pricing(&mut c, &catalog, &policy);
    bench_incremental(&mut c, &catalog, &policy);
    c.final_summary();
    summary(&catalog, &policy, source);
    incremental_summary(&catalog, &policy);
}
