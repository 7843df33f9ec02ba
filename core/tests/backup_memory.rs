//! Reading a library backup holds little more than the proposals it returns: the backup is read
//! one proposal at a time, never whole into a JSON tree (which took some thirteen times the file's
//! size). Counted by an allocator of this test binary's own, so it is the only test here.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use tailor_core::{backup, defaults, pricing, quote_file, sample};

/// The system allocator, counting the bytes allocated now and the most at once.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), SeqCst) + layout.size();
        PEAK.fetch_max(now, SeqCst);
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), SeqCst);
        // SAFETY: the caller's contract for `dealloc` is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn reading_a_backup_holds_little_more_than_its_proposals() {
    let (catalog, policy) = defaults::catalog_and_policy().expect("the defaults load");
    let quote = sample::quote(&catalog, &policy, 50);
    let priced = pricing::price(&catalog, &policy, &quote);
    let file = quote_file::export(&quote, &priced);
    let text = backup::export(
        (0..40).map(|_| backup::Entry {
            name: "某某方案",
            saved_at: 1.7e12,
            file: &file,
        }),
        "2026-12-01",
    );
    drop(file);
    let before = NOW.load(SeqCst);
    PEAK.store(before, SeqCst);
    let read = backup::read("b.json", text.as_bytes()).expect("reads");
    let (peak, held) = (PEAK.load(SeqCst) - before, NOW.load(SeqCst) - before);
    assert_eq!(read.len(), 40);
    // What is returned is about the file's size, and reading needs at most one proposal's
    // working memory beyond it (a quote file's JSON tree: about eleven times the file, measured).
    let one = text.len() / 40;
    assert!(
        held < 2 * text.len(),
        "{held} bytes held for {} read",
        text.len()
    );
    assert!(
        peak < held + 20 * one,
        "{peak} bytes at most, {held} held, for {} read",
        text.len()
    );
}
