//! File size caps side by side: each format's cap is the one in `limits`, and every format refuses
//! a larger file with the same message, naming the file, its size and the cap, in both languages.

use sha2::{Digest, Sha256};
use tailor_core::approval::{file::quote_file_json, ApprovalBody, Decision, Request};
use tailor_core::keyfile::ApproverKey;
use tailor_core::limits::{self, too_large, Limit};
use tailor_core::{backup, defaults, keyfile, pricing, quote_file, sample};

#[test]
fn each_format_has_its_cap_in_the_table() {
    assert_eq!(limits::QUOTE_FILE.max_bytes, 5 * 1024 * 1024);
    assert_eq!(
        limits::APPROVAL_FILE.max_bytes,
        limits::QUOTE_FILE.max_bytes
    );
    assert_eq!(limits::BACKUP.max_bytes, 48 * 1024 * 1024);
    assert_eq!(limits::KEY_FILE.max_bytes, 64 * 1024);
    assert_eq!(quote_file::MAX_FILE_BYTES, limits::QUOTE_FILE.max_bytes);
    assert_eq!(backup::MAX_BYTES, limits::BACKUP.max_bytes);
    assert_eq!(keyfile::MAX_FILE_BYTES, limits::KEY_FILE.max_bytes);
    assert_eq!(limits::SITE_LIST.max_bytes, 8 * 1024 * 1024);
    assert_eq!(quote_file::MAX_SITES, limits::MAX_SITES);
    assert_eq!(
        limits::ALL,
        [
            limits::QUOTE_FILE,
            limits::APPROVAL_FILE,
            limits::BACKUP,
            limits::KEY_FILE,
            limits::PREAUTH_FILE,
            limits::SITE_LIST
        ]
    );
    for l in limits::ALL {
        assert!(l.allows(l.max_bytes) && !l.allows(l.max_bytes + 1), "{l:?}");
    }
}

#[test]
fn the_message_names_the_file_its_size_and_the_cap() {
    let t = too_large("x.tailor.json", 5 * 1024 * 1024 + 1, &limits::QUOTE_FILE);
    assert_eq!(
        t.zh,
        "无法打开「x.tailor.json」：文件过大（5.1 MB），方案文件最大 5.0 MB"
    );
    assert_eq!(
        t.en,
        "Cannot open 'x.tailor.json': the file is too large (5.1 MB); a quote file is at most 5.0 MB"
    );
    let t = too_large("k.json", 70_000, &limits::KEY_FILE);
    assert_eq!(
        t.en,
        "Cannot open 'k.json': the file is too large (68.4 KB); a key file is at most 64.0 KB"
    );
    for l in limits::ALL {
        let t = too_large("f", l.max_bytes + 1, &l);
        assert!(t.zh.contains("「f」") && t.zh.contains("过大") && t.zh.contains(l.zh));
        assert!(t.en.contains("'f'") && t.en.contains("too large") && t.en.contains(l.en));
    }
}

#[test]
fn every_format_refuses_a_larger_file_with_the_one_message() {
    let over = |l: &Limit| vec![b' '; l.max_bytes + 1];
    let bytes = over(&limits::QUOTE_FILE);
    let e = quote_file::import_bytes("q.tailor.json", &bytes).expect_err("refused");
    assert_eq!(
        e.message(),
        too_large("q.tailor.json", bytes.len(), &limits::QUOTE_FILE)
    );
    let bytes = over(&limits::KEY_FILE);
    let e = keyfile::read_bytes("k.tailor-key.json", &bytes).expect_err("refused");
    assert_eq!(
        e,
        too_large("k.tailor-key.json", bytes.len(), &limits::KEY_FILE)
    );
    let bytes = vec![0; limits::BACKUP.max_bytes + 1];
    let e = backup::read("b.json", &bytes).expect_err("refused");
    assert_eq!(e, too_large("b.json", bytes.len(), &limits::BACKUP));
}

/// A proposal of `lines` lines as the library stores it: its quote file carrying the approvals of
/// the default ladder's three levels above the seller (demo keys: only their size matters here).
fn approved_proposal(lines: usize) -> String {
    let (catalog, policy) = defaults::catalog_and_policy().expect("the defaults load");
    let mut quote = sample::quote(&catalog, &policy, lines);
    quote.customer.name = "杭州市数据资源管理局".into();
    let priced = pricing::price(&catalog, &policy, &quote);
    let approvals: Vec<_> = ["sales_manager", "city_branch", "provincial"]
        .iter()
        .map(|level| {
            let mut seed = [0u8; 32];
            seed.copy_from_slice(&Sha256::digest(level.as_bytes()));
            let key = ApproverKey::from_seed(seed);
            let request = Request {
                decision: Decision::Approve,
                approver_id: format!("approver-{level}"),
                level: level.to_string(),
                issued: "2026-11-23".into(),
                expires: "2026-12-23".into(),
                comment: "按季度复核".into(),
                reason: String::new(),
            };
            ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key)
        })
        .collect();
    quote_file_json(&quote, &priced, &approvals)
}

/// The backup cap's figures (see `limits::BACKUP`): 500 approved proposals of 50 lines are a
/// 33 MB backup, within the cap with room for half as much again.
#[test]
fn a_real_library_fits_the_backup_cap_with_room() {
    let file = approved_proposal(50);
    assert!(
        (60_000..75_000).contains(&file.len()),
        "{} bytes",
        file.len()
    );
    let backup = backup::export(
        (0..500).map(|_| backup::Entry {
            name: "某某方案",
            saved_at: 1.7e12,
            file: &file,
        }),
        "2026-12-01",
    );
    assert!(
        backup.len() * 3 / 2 <= limits::BACKUP.max_bytes,
        "{} bytes",
        backup.len()
    );
    let small = approved_proposal(10);
    assert!(
        limits::BACKUP.max_bytes / small.len() > 2_500,
        "{} bytes",
        small.len()
    );
}
