//! The message at the top of the library list: what an action did, or why it failed.

use crate::storage::StorageError;
use tailor_core::text::Text;

/// A message at the top of the list.
#[derive(Clone)]
pub struct Notice {
    pub error: bool,
    pub text: Text,
}

/// The library's storage failed.
pub fn failed(e: &StorageError) -> Notice {
    Notice {
        error: true,
        text: Text::new(
            format!("方案库存储出错：{e}"),
            format!("The library's storage failed: {e}"),
        ),
    }
}
