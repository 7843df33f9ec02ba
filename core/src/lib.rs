//! Tailor's pure core: catalog, policy, quote, pricing, authority, headroom,
//! configuration rules, customer checks, the pricing team's checker, and signed approvals with
//! encrypted approver key files.
//!
//! Nothing here touches a UI or a browser: the same code runs natively under
//! `cargo test` and inside the app compiled to WebAssembly.

pub mod amendment;
pub mod approval;
pub mod authority;
pub mod backup;
pub mod bulk_edit;
pub mod canonical;
pub mod catalog;
pub mod changes;
pub mod check;
pub mod contract;
pub mod csv;
pub mod date;
pub mod decision_log;
pub mod defaults;
pub mod demo;
pub mod diff;
pub mod end_of_sale;
pub mod guidance;
pub mod headroom;
/// The impact of a catalog and policy change on a set of proposals: native tools only.
#[cfg(not(target_arch = "wasm32"))]
pub mod impact;
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
pub mod renewal;
pub mod reprice;
pub mod rules;
pub mod sample;
mod serde_message;
pub mod site_import;
pub mod site_sheet;
pub mod site_summary;
pub mod statement;
pub mod suite;
pub mod template;
pub mod text;
pub mod tmf;
pub mod trust;
pub mod uscc;
pub mod version;
pub mod waterfall;
/// The pricing team's workbook (XLSX): native tools only, never in the browser bundle.
#[cfg(not(target_arch = "wasm32"))]
pub mod workbook;

/// The file format version this build reads and writes for catalog, policy and quote files.
pub const SCHEMA_VERSION: u32 = 1;
