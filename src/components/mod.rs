//! The UI, one small component per domain word.

pub mod app;
pub mod banner;
pub mod browser;
pub mod customer;
pub mod files;
pub mod guided;
pub mod line;
pub mod lines;
pub mod price_panel;
pub mod proposal;
pub mod topbar;
