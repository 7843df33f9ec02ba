//! What an approval binds: the digests of a quote's binding content and of its priced result's
//! role-independent content (the `approval` module docs list what is bound and what is not).

use super::{LineDigest, PartDigests, QuoteDigests};
use crate::money::{Bp, Fen};
use crate::pricing::{Amounts, Priced, TaxTotal, Totals, Waterfall};
use crate::quote::{Quote, Site};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const QUOTE_DOMAIN: &[u8] = b"tailor-quote-v1\n";
const PART_DOMAIN: &[u8] = b"tailor-quote-part-v1\n";
const LINE_DOMAIN: &[u8] = b"tailor-quote-line-v1\n";
const PRICED_DOMAIN: &[u8] = b"tailor-priced-v1\n";

fn sha256_hex(domain: &[u8], parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    h.update(domain);
    for p in parts {
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn part_digest<T: Serialize>(name: &str, value: &T) -> String {
    sha256_hex(
        PART_DOMAIN,
        &[name.as_bytes(), b"\n", &crate::canonical::to_bytes(value)],
    )
}

/// The digests of a quote's binding content (see the `approval` module docs).
pub fn quote_digests(quote: &Quote) -> QuoteDigests {
    #[derive(Serialize)]
    struct CustomerPart<'a> {
        name: &'a str,
        uscc: &'a str,
    }
    #[derive(Serialize)]
    struct VersionsPart<'a> {
        catalog: &'a str,
        policy: &'a str,
    }
    #[derive(Serialize)]
    struct LinePart<'a> {
        id: &'a str,
        offering: &'a str,
        options: &'a BTreeMap<String, String>,
        quantity: u32,
        discount_bp: Bp,
        site_id: Option<&'a str>,
        site: Option<&'a Site>,
        /// Why the discount is above normal: bound when given (a line without one digests as
        /// before reasons existed).
        #[serde(skip_serializing_if = "str::is_empty")]
        reason: &'a str,
    }
    #[derive(Serialize)]
    struct Whole<'a> {
        id: &'a str,
        parts: &'a PartDigests,
        lines: &'a [LineDigest],
    }
    let parts = PartDigests {
        customer: part_digest(
            "customer",
            &CustomerPart {
                name: &quote.customer.name,
                uscc: &quote.customer.uscc,
            },
        ),
        term: part_digest("term", &quote.term_months),
        at_risk: part_digest("at_risk", &quote.at_risk),
        date: part_digest("date", &quote.date),
        versions: part_digest(
            "versions",
            &VersionsPart {
                catalog: &quote.catalog_version,
                policy: &quote.policy_version,
            },
        ),
    };
    let lines: Vec<LineDigest> = quote
        .lines
        .iter()
        .map(|l| LineDigest {
            line: l.id.clone(),
            digest: sha256_hex(
                LINE_DOMAIN,
                &[&crate::canonical::to_bytes(&LinePart {
                    id: &l.id,
                    offering: &l.offering,
                    options: &l.options,
                    quantity: l.quantity,
                    discount_bp: l.discount_bp,
                    site_id: l.site.as_deref(),
                    site: l.site.as_deref().and_then(|s| quote.site(s)),
                    reason: &l.reason,
                })],
            ),
        })
        .collect();
    let quote_digest = sha256_hex(
        QUOTE_DOMAIN,
        &[&crate::canonical::to_bytes(&Whole {
            id: &quote.id,
            parts: &parts,
            lines: &lines,
        })],
    );
    QuoteDigests {
        quote: quote_digest,
        parts,
        lines,
    }
}

/// The digest of a priced result's role-independent content (see the `approval` module docs).
pub fn priced_digest(priced: &Priced) -> String {
    #[derive(Serialize)]
    struct LineView<'a> {
        line_id: &'a str,
        offering: &'a str,
        family: &'a str,
        tax_class: &'a str,
        rate_bp: Bp,
        quantity: u32,
        unit_list_mrc: Fen,
        unit_list_nrc: Fen,
        term_bp: Bp,
        bundle_bp: Bp,
        requested_bp: Bp,
        waterfall: &'a Waterfall,
        net: &'a Amounts,
        tax: &'a Amounts,
        gross: &'a Amounts,
        cost: &'a Amounts,
        margin: Fen,
        margin_bp: Bp,
        effective_bp: Bp,
        needs: usize,
        beyond_ladder: bool,
        below_floor: bool,
    }
    #[derive(Serialize)]
    struct View<'a> {
        currency: &'a str,
        term_months: u32,
        term_bp: Bp,
        bundle_bp: Bp,
        families: u32,
        lines: Vec<LineView<'a>>,
        totals: &'a Totals,
        taxes: &'a [TaxTotal],
        required: usize,
        beyond_ladder: bool,
        refused: bool,
        reasons: &'a [crate::authority::Reason],
    }
    let view = View {
        currency: &priced.currency,
        term_months: priced.term_months,
        term_bp: priced.term_bp,
        bundle_bp: priced.bundle_bp,
        families: priced.families,
        lines: priced
            .lines
            .iter()
            .map(|l| LineView {
                line_id: &l.line_id,
                offering: &l.offering,
                family: &l.family,
                tax_class: &l.tax_class,
                rate_bp: l.rate_bp,
                quantity: l.quantity,
                unit_list_mrc: l.unit_list_mrc,
                unit_list_nrc: l.unit_list_nrc,
                term_bp: l.term_bp,
                bundle_bp: l.bundle_bp,
                requested_bp: l.requested_bp,
                waterfall: &l.waterfall,
                net: &l.net,
                tax: &l.tax,
                gross: &l.gross,
                cost: &l.cost,
                margin: l.margin,
                margin_bp: l.margin_bp,
                effective_bp: l.effective_bp,
                needs: l.authority.needs,
                beyond_ladder: l.authority.beyond_ladder,
                below_floor: l.authority.below_floor,
            })
            .collect(),
        totals: &priced.totals,
        taxes: &priced.taxes,
        required: priced.authority.required,
        beyond_ladder: priced.authority.beyond_ladder,
        refused: priced.authority.refused,
        reasons: &priced.authority.reasons,
    };
    sha256_hex(PRICED_DOMAIN, &[&crate::canonical::to_bytes(&view)])
}
