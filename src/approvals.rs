//! A quote file the user chose in the browser, handed to the core to read with the signed
//! approvals it carries (the approval file format lives in `tailor_core::approval::file`).

use crate::files::Chosen;
use tailor_core::approval::{file, Approval};
use tailor_core::link::{self, Kind};
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

/// The name a request opened from a link is reviewed under (a link has no file name).
pub const LINK_NAME: &str = "审批申请链接 · request link";

/// What a pasted or opened link holds for the approver's page.
pub enum Linked {
    /// A request to review, read exactly as its quote file would be.
    Request(Box<QuoteFile>, Vec<Approval>),
    /// A decision or pre-authorisation for the seller's configurator, with its link text.
    ForSeller(Kind, String),
}

/// The item link text `text` carries; a bad or truncated link says why.
pub fn open_link(text: &str) -> Result<Linked, Text> {
    let (kind, bytes) = link::decode(text).map_err(|e| e.text())?;
    if kind != Kind::Request {
        return Ok(Linked::ForSeller(kind, link::encode(kind, &bytes)));
    }
    let (file, approvals) = file::read_quote_file(LINK_NAME, &bytes)?;
    Ok(Linked::Request(Box::new(file), approvals))
}
