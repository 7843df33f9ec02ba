//! Tailor's pure core: catalog, policy, quote, pricing, authority, headroom,
//! configuration rules, customer checks, the pricing team's checker, and signed approvals with
//! encrypted approver key files.
//!
//! Nothing here touches a UI or a browser: the same code runs natively under
//! `cargo test` and inside the app compiled to WebAssembly.

pub mod approval;
pub mod authority;
pub mod backup;
pub mod bulk_edit;
pub mod canonical;
pub mod catalog;
pub mod check;
pub mod csv;
pub mod date;
pub mod decision_log;
pub mod defaults;
pub mod demo;
pub mod guidance;
pub mod headroom;
pub mod incremental;
pub mod json_path;
pub mod keyfile;
pub mod keys;
pub mod limits;
pub mod link;
pub mod money;
pub mod package;
pub mod passphrase;
pub mod policy;
pub mod pricing;
pub mod publication;
pub mod quote;
pub mod quote_file;
pub mod reprice;
pub mod rules;
pub mod sample;
mod serde_message;
pub mod site_import;
pub mod statement;
pub mod suite;
pub mod template;
pub mod text;
pub mod trust;
pub mod uscc;
pub mod waterfall;

/// The file format version this build reads and writes for catalog, policy and quote files.
pub const SCHEMA_VERSION: u32 = 1;
