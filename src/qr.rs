//! A link as a QR code, drawn as inline SVG: what the seller's tablet scans from the approver's
//! phone. Only approver components call it, so the configurator's bundle carries none of it.
//!
//! Error correction L (7 %): the code is shown on a clean screen, not printed, so what counts is
//! the size of a module; L keeps a 1,500-character link at version 28 (129 modules), where M
//! would need version 32 (145). The code has its 4-module quiet zone, and `crispEdges` keeps every
//! module sharp at any scale. Dark modules are one path of horizontal runs.

use qrcode::{Color, EcLevel, QrCode, Version};
use std::fmt::Write;

/// The margin of light modules around the code the standard asks for (ISO/IEC 18004).
const QUIET: usize = 4;

/// A link's QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qr {
    /// The SVG element, scaled by its container (`viewBox` in modules).
    pub svg: String,
    /// The QR version (1 to 40).
    pub version: i16,
}

/// The QR code of `text`; `None` beyond what version 40 holds (2,953 bytes at L).
pub fn of(text: &str) -> Option<Qr> {
    at(text, EcLevel::L)
}

/// The QR code of `text` for paper (a printed proposal): error correction M (15 %), which
/// survives a crease or a smudge.
pub fn for_paper(text: &str) -> Option<Qr> {
    at(text, EcLevel::M)
}

fn at(text: &str, level: EcLevel) -> Option<Qr> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), level).ok()?;
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    Some(Qr {
        svg: svg(code.width(), &code.to_colors()),
        version,
    })
}

/// The SVG of a `width`×`width` matrix (row by row) with its quiet zone.
fn svg(width: usize, modules: &[Color]) -> String {
    let size = width + 2 * QUIET;
    let mut path = String::new();
    for (y, row) in modules.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            if run > 0 {
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
            }
            x += run.max(1);
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" aria-hidden="true"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use tailor_core::approval::{ApprovalBody, Decision, Request};
    use tailor_core::keyfile::ApproverKey;
    use tailor_core::link::{self, Kind};

    /// The SVG's dark runs read back as a bitmap, `scale` pixels a module.
    fn bitmap(svg: &str, scale: usize) -> (usize, Vec<bool>) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("a viewBox");
        let d = svg
            .split(" d=\"")
            .nth(1)
            .expect("a path")
            .trim_end_matches("\"/></svg>");
        let px = size * scale;
        let mut dark = vec![false; px * px];
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = run.split_once('h').expect("a run");
            let (x, y) = xy.split_once(' ').expect("x y");
            let n = rest.split('v').next().expect("a length");
            let [x, y, n]: [usize; 3] = [x, y, n].map(|v| v.parse().expect("a number"));
            for row in y * scale..(y + 1) * scale {
                for col in x * scale..(x + n) * scale {
                    dark[row * px + col] = true;
                }
            }
        }
        (px, dark)
    }

    /// A decision signed by the demo sales manager on a 12-line quote, as its link.
    fn decision_link() -> String {
        let data = embedded();
        let quote = tailor_core::sample::quote(&data.catalog, &data.policy, 12);
        let priced = tailor_core::pricing::price(&data.catalog, &data.policy, &quote);
        let key = ApproverKey::from_seed(tailor_core::demo::seed("demo-sales-manager"));
        let request = Request {
            decision: Decision::Approve,
            approver_id: "demo-sales-manager".into(),
            level: "sales_manager".into(),
            issued: "2026-11-23".into(),
            expires: "2026-12-23".into(),
            comment: "同意，请尽快签约".into(),
            reason: String::new(),
        };
        let a = ApprovalBody::new(&quote, &priced, &request, &key.public_key_hex()).sign(&key);
        format!(
            "https://tailor.example.cn/app/#{}",
            link::encode(Kind::Decision, a.to_json().as_bytes())
        )
    }

    fn read_back(svg: &str) -> Vec<u8> {
        let (px, dark) = bitmap(svg, 3);
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(px, px, |x, y| dark[y * px + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        let mut out = Vec::new();
        grids[0].decode_to(&mut out).expect("it decodes");
        out
    }

    #[test]
    fn a_decision_link_reads_back_byte_for_byte() {
        let text = decision_link();
        let qr = of(&text).expect("it fits");
        println!(
            "decision link: {} characters, QR version {}",
            text.len(),
            qr.version
        );
        assert!(qr.svg.contains(r#"shape-rendering="crispEdges""#));
        assert_eq!(read_back(&qr.svg), text.as_bytes());
    }

    #[test]
    fn a_1500_character_link_fits_at_version_28_and_reads_back() {
        let text = format!(
            "https://tailor.example.cn/#tailor1.d.{}",
            "aZ09-_".repeat(243)
        );
        assert!(text.len() >= 1_480, "{}", text.len());
        let qr = of(&text).expect("it fits");
        assert!(qr.version <= 28, "version {}", qr.version);
        assert_eq!(read_back(&qr.svg), text.as_bytes());
    }

    #[test]
    fn beyond_version_40_there_is_no_code() {
        assert_eq!(of(&"x".repeat(2_954)), None);
        assert!(of(&"x".repeat(2_953)).is_some());
    }
}
