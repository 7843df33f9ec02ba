//! The spreadsheet worker the configurator starts on first use (`sheets_loader.js`;
//! `src/sheets.rs`): reading the customer's site list (CSV, GBK, XLSX), writing the per-site XLSX.

fn main() {
    tailor::sheets();
}
