//! Numbers as people read them: ¥ with thousands separators, percentages with two decimals.

use tailor_core::money::{format_yuan, Fen};

/// `¥12,345.67`.
pub fn yuan(fen: Fen) -> String {
    format!("¥{}", format_yuan(fen))
}

pub use tailor_core::money::format_percent as percent;
