//! A quote file the user chose in the browser, handed to the core to read with the signed
//! approvals it carries (the approval file format lives in `tailor_core::approval::file`).

use crate::files::Chosen;
use tailor_core::approval::{file, Approval};
use tailor_core::quote_file::{self, QuoteFile};
use tailor_core::text::Text;

/// A quote file the user chose, read with the signed approvals it carries; one refused before it
/// was read (too large) says so.
pub fn open_chosen(chosen: Chosen) -> Result<(String, QuoteFile, Vec<Approval>), Text> {
    match chosen {
        Err((name, bytes)) => Err(quote_file::ImportError::new(
            &name,
            quote_file::ImportErrorKind::TooLarge {
                bytes,
                max: quote_file::MAX_FILE_BYTES,
            },
        )
        .message()),
        Ok((name, bytes)) => {
            let (file, approvals) = file::read_quote_file(&name, &bytes)?;
            Ok((name, file, approvals))
        }
    }
}
