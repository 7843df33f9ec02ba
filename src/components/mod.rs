//! The UI, one small component per domain word.

pub mod app;
pub mod approval_status;
pub mod approver;
pub mod approver_page;
pub mod banner;
pub mod browser;
pub mod contacts;
pub mod customer;
pub mod files;
pub mod guided;
pub mod library;
pub mod line;
pub mod line_figures;
pub mod lines;
pub mod price_panel;
pub mod proposal;
pub mod review;
pub mod rows;
pub mod save_status;
pub mod sites;
pub mod topbar;
pub mod update_bar;
