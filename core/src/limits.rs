//! How large each file Tailor reads may be, side by side, and the one message that refuses a
//! larger file (in the frame every refusal of a file shares, [`cannot_open`]).
//!
//! Every file a person hands the app is refused above its format's cap before it is read, so a
//! wrong or hostile file cannot make the browser decode or parse hundreds of megabytes:
//!
//! | format                                     | cap     | why                                  |
//! |--------------------------------------------|---------|--------------------------------------|
//! | quote file, `.tailor.json`                 | 5 MiB   | a 5,000-line quote with its snapshot |
//! | approval file                              | 5 MiB   | its input also takes quote files     |
//! | library backup, `tailor-library-….json`    | 48 MiB  | 500 large approved proposals, 33 MB  |
//! | approver key file, `.tailor-key.json`      | 64 KiB  | a key file is a few hundred bytes    |
//! | pre-authorisation, `.tailor-preauth.json`  | 64 KiB  | one is about a kilobyte              |
//! | site list, `.csv` (or `.xlsx`)             | 8 MiB   | 5,000 sites at 1.6 KB a row          |
//!
//! The catalog and policy are fetched from the app's own server, not handed in by a person, and
//! have no cap here.

use crate::text::Text;

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// A file format's size cap: the most bytes a file of it may have, and what the format is called
/// in the message refusing a larger file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Files larger than this are refused before they are read.
    pub max_bytes: usize,
    /// The format's name in a sentence, e.g. `方案文件`.
    pub zh: &'static str,
    /// The format's name in a sentence, with its article, e.g. `a quote file`.
    pub en: &'static str,
}

/// A quote file: even a 5,000-line quote with its snapshot stays well under this.
pub const QUOTE_FILE: Limit = Limit {
    max_bytes: 5 * MIB,
    zh: "方案文件",
    en: "a quote file",
};

/// An approval file. The input that reads approval files also reads quote files carrying
/// approvals, so it takes what a quote file may be.
pub const APPROVAL_FILE: Limit = Limit {
    max_bytes: QUOTE_FILE.max_bytes,
    zh: "审批文件",
    en: "an approval file",
};

/// A library backup: every proposal of the library, each a quote file.
///
/// Sized for a real library on a phone or tablet. A proposal of 50 lines is a 49.6 KB quote file,
/// 66.3 KB with the three approvals of the default ladder (measured with [`crate::sample`]); 500
/// of them make a 33.2 MB backup, which fits with room for half as much again (a library of
/// ten-line proposals, 17.4 KB each approved, fits nearly 3,000). Reading never holds much more
/// than the file and the proposals read from it ([`crate::backup::read`] takes one proposal at a
/// time, measured natively: 1.1 times the file's size at most), but the tab holds the file twice
/// (the browser's buffer and the app's copy) and an import writes the proposals out once more:
/// an estimated 150 to 250 MB at this cap, which a phone's tab survives. The former 256 MiB cap,
/// with the file parsed whole (some thirteen times its size), would have needed gigabytes.
pub const BACKUP: Limit = Limit {
    max_bytes: 48 * MIB,
    zh: "方案库备份",
    en: "a library backup",
};

/// An approver key file: a few hundred bytes; anything much larger is not one.
pub const KEY_FILE: Limit = Limit {
    max_bytes: 64 * KIB,
    zh: "密钥文件",
    en: "a key file",
};

/// A pre-authorisation file: a customer, a few family limits and a signature, about a kilobyte.
pub const PREAUTH_FILE: Limit = Limit {
    max_bytes: 64 * KIB,
    zh: "预授权文件",
    en: "a pre-authorisation file",
};

/// The customer's site list, a spreadsheet saved as CSV (or an XLSX, read by the app's own
/// reader, which hands the core its rows).
///
/// A site's row as customers' lists have it is about 200 bytes in UTF-8: a 20-character name
/// (`中国工商银行福建省分行鼓楼支行第一营业部`, 60 bytes), a 30-character address (90 bytes), city,
/// district, type and contact (about 50 bytes together). [`MAX_SITES`] such rows are 1 MB; the cap
/// leaves eight times that, for lists carrying columns Tailor does not read (phone numbers, notes,
/// coordinates), and is still small enough to decode and split in a phone's tab at once.
pub const SITE_LIST: Limit = Limit {
    max_bytes: 8 * MIB,
    zh: "网点清单",
    en: "a site list",
};

/// The most sites a customer may have, and so the most rows a site list may hold: the largest
/// networks Tailor is made for (a provincial bank's 1,500 branches, a police department's 2,000
/// camera sites) with room to spare; a quote file holds as many ([`crate::quote_file`]).
pub const MAX_SITES: usize = 5_000;

/// Every format's cap, in the order of the table above.
pub const ALL: [Limit; 6] = [
    QUOTE_FILE,
    APPROVAL_FILE,
    BACKUP,
    KEY_FILE,
    PREAUTH_FILE,
    SITE_LIST,
];

impl Limit {
    /// Whether a file of `size` bytes may be read.
    pub fn allows(&self, size: usize) -> bool {
        size <= self.max_bytes
    }

    /// The problem alone, without the file's name: `文件过大（5.1 MB），方案文件最大 5.0 MB`.
    /// Messages that name the file themselves use it; everyone else uses [`too_large`].
    pub fn problem(&self, size: usize) -> Text {
        let (size, max) = (human(size), human(self.max_bytes));
        Text::new(
            format!("文件过大（{size}），{}最大 {max}", self.zh),
            format!(
                "the file is too large ({size}); {} is at most {max}",
                self.en
            ),
        )
    }
}

/// The message refusing the file `file_name` of `size` bytes, larger than its format's `limit`:
/// `无法打开「x.tailor.json」：文件过大（5.1 MB），方案文件最大 5.0 MB`.
pub fn too_large(file_name: &str, size: usize, limit: &Limit) -> Text {
    cannot_open(file_name, &limit.problem(size))
}

/// The frame of a refusal of a file a person handed in: `无法打开「<file_name>」：<problem>`.
pub fn cannot_open(file_name: &str, problem: &Text) -> Text {
    Text::new(
        format!("无法打开「{file_name}」：{}", problem.zh),
        format!("Cannot open '{file_name}': {}", problem.en),
    )
}

/// A size for people: megabytes from one megabyte up, kilobytes below, to a tenth, rounded up
/// (so a file just over a cap never reads as the cap itself).
fn human(bytes: usize) -> String {
    let (unit, name) = if bytes >= MIB {
        (MIB, "MB")
    } else {
        (KIB, "KB")
    };
    let tenths = (bytes as u64 * 10).div_ceil(unit as u64);
    format!("{}.{} {name}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_round_up() {
        assert_eq!(human(5 * 1024 * 1024), "5.0 MB");
        assert_eq!(human(10 * 1024 * 1024 + 1), "10.1 MB");
    }

    #[test]
    fn small_sizes_in_kilobytes() {
        assert_eq!(human(64 * 1024), "64.0 KB");
        assert_eq!(human(64 * 1024 + 1), "64.1 KB");
        assert_eq!(human(1), "0.1 KB");
        assert_eq!(human(1024 * 1024), "1.0 MB");
    }
}
