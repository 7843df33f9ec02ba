//! Signed approvals: an approval is an Ed25519 signature, by an approver enrolled in the policy,
//! over one exact quote for one customer and its priced result. It verifies anywhere, offline,
//! and a copy made for another customer or a changed quote does not verify.
//!
//! # What an approval binds
//!
//! The signed message is `b"tailor-approval-v1\n"` followed by the canonical JSON
//! ([`crate::canonical`]) of the [`ApprovalBody`]: every field of the approval file except the
//! signature, in declaration order.
//!
//! **The quote digest** ([`quote_digests`]) is SHA-256 over `b"tailor-quote-v1\n"` and the
//! canonical JSON of `{id, parts, lines}`, where each part and each line is itself a
//! domain-separated SHA-256 digest (so verification can say *what* changed):
//!
//! | bound | part |
//! |---|---|
//! | the quote's stable `id` (a duplicated proposal gets a new id and loses its approvals) | `id` |
//! | customer name and USCC | `customer` |
//! | contract term | `term` |
//! | at-risk flag, competitor and reason | `at_risk` |
//! | catalog and policy versions | `versions` |
//! | per line, in order: id, offering, chosen options, quantity, requested discount, and the site the line is at (its id, name, city and address) | `lines[i]` |
//!
//! Deliberately **not** bound, so editing them keeps the approval: the pricing `role` (who is
//! looking at the quote: the approver opens it at their own level), the proposal `version` and
//! `date` (bookkeeping raised on handover), `schema_version`, the customer's industry, size,
//! contacts and needs notes, and sites no line is at. A site a line *is* at is bound through that
//! line, so moving a dedicated line's site voids exactly the lines at that site.
//!
//! **The priced digest** ([`priced_digest`]) is SHA-256 over `b"tailor-priced-v1\n"` and the
//! canonical JSON of the priced result's role-independent content: currency, term, term and
//! bundle discounts, families, every line's amounts, waterfall, cost, margin and effective
//! discount and the level it needs, the totals, the tax totals, and the proposal's required level,
//! beyond-ladder and refused flags and reasons. Left out: the pricing role, each line's
//! role-dependent limit and headroom (they depend on who is looking), and the configuration-rule
//! findings (messages). So the same quote priced on a changed catalog or policy no longer verifies
//! ([`Why::PriceChanged`]) even if the version strings were not raised.
//!
//! # The chain
//!
//! A proposal whose priced result needs level `N` (`priced.authority.required`, an index into
//! `policy.levels`; 0 is the account manager, who needs no approval) is approved by a complete
//! chain: one valid `approve` from each level `1..=N`. A level above another does not stand in for
//! it, nor the other way round. The quote's own `role` plays no part: it is not authenticated.
//! Each approval binds the same quote and price independently, so the levels may sign in any
//! order (or in parallel); the verdict lists the chain in level order. A valid rejection of the
//! same quote by an enrolled approver blocks approval while it is attached.
//!
//! An approval is valid when its signature verifies *strictly* (`verify_strict`: canonical `s`,
//! no small-order points) under the key enrolled **now** in the policy for its approver, the key
//! it names is that enrolled key, its level is the approver's enrolled level, it is for the
//! quote's customer (USCC), both digests match, and `issued ≤ today ≤ expires` with
//! `expires − issued ≤ policy.max_approval_days`. Dates are `YYYY-MM-DD`, compared as calendar
//! days; the app passes today's local date.

use crate::keyfile::{self, ApproverKey};
use crate::money::{Bp, Fen};
use crate::policy::Policy;
use crate::pricing::{Amounts, Priced, TaxTotal, Totals, Waterfall};
use crate::quote::{Quote, Site};
use crate::text::Text;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The `format` of every approval.
pub const FORMAT: &str = "tailor-approval";
/// The approval version this build reads and writes.
pub const VERSION: u32 = 1;

const SIGNING_DOMAIN: &[u8] = b"tailor-approval-v1\n";
const QUOTE_DOMAIN: &[u8] = b"tailor-quote-v1\n";
const PART_DOMAIN: &[u8] = b"tailor-quote-part-v1\n";
const LINE_DOMAIN: &[u8] = b"tailor-quote-line-v1\n";
const PRICED_DOMAIN: &[u8] = b"tailor-priced-v1\n";

/// Approve or reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// A signed approval (or rejection): the file an approver sends back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// What is signed.
    pub body: ApprovalBody,
    /// The Ed25519 signature of [`ApprovalBody::message`], 128 hexadecimal digits.
    pub signature: String,
}

/// Everything an approval says; all of it is signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalBody {
    /// Always `tailor-approval`.
    pub format: String,
    pub version: u32,
    pub decision: Decision,
    /// The approved quote's stable id.
    pub quote_id: String,
    /// The customer the approval is for, as the approver saw it.
    pub customer_name: String,
    pub uscc: String,
    /// SHA-256 of the quote's binding content (see the module docs), 64 hexadecimal digits.
    pub quote_digest: String,
    /// Digests of the quote's parts, to tell what changed.
    pub parts: PartDigests,
    /// Digests of the quote's lines, in order, to tell which lines changed.
    pub lines: Vec<LineDigest>,
    /// SHA-256 of the priced result's binding content.
    pub priced_digest: String,
    /// The approver's id in the policy.
    pub approver_id: String,
    /// The public key that signed, 64 hexadecimal digits.
    pub public_key: String,
    /// The level id the approver signs at.
    pub level: String,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`, the last day the approval holds.
    pub expires: String,
    #[serde(default)]
    pub comment: String,
    /// Why the proposal is rejected (required for a rejection).
    #[serde(default)]
    pub reason: String,
}

/// Digests of the parts of a quote other than its lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartDigests {
    pub customer: String,
    pub term: String,
    pub at_risk: String,
    pub versions: String,
}

/// A line's id and digest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineDigest {
    pub line: String,
    pub digest: String,
}

/// All digests of a quote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QuoteDigests {
    pub quote: String,
    pub parts: PartDigests,
    pub lines: Vec<LineDigest>,
}

/// A part of the quote outside its lines that changed since approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotePart {
    /// Another proposal (a different quote id).
    Id,
    /// The customer's name (a different USCC is [`Why::OtherCustomer`]).
    Customer,
    Term,
    AtRisk,
    Versions,
    /// The same lines in another order.
    LineOrder,
}

/// What an approver asks to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub decision: Decision,
    pub approver_id: String,
    /// The level id, which must be the approver's enrolled level.
    pub level: String,
    /// `YYYY-MM-DD`, normally today.
    pub issued: String,
    /// `YYYY-MM-DD`, at most `policy.max_approval_days` after `issued`.
    pub expires: String,
    pub comment: String,
    /// Required for a rejection.
    pub reason: String,
}

/// Why an approval does not count, or why a proposal is not approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Why {
    /// Not an approval this build reads.
    Unsupported { format: String, version: u32 },
    /// No approver with this id is enrolled in the current policy (never was, or was removed).
    UnknownApprover { approver: String },
    /// The approval was signed with a key other than the one enrolled now for its approver (a
    /// replaced or revoked key, or an impostor).
    KeyMismatch { approver: String },
    /// The signature does not verify: the approval was altered, or is not a signature at all.
    BadSignature { approver: String },
    /// The approval names a level the policy does not have.
    UnknownLevel { level: String },
    /// The approver signed at a level other than the one they are enrolled at.
    WrongLevel {
        approver: String,
        enrolled: String,
        claimed: String,
    },
    /// The approval is for another customer.
    OtherCustomer {
        approved_uscc: String,
        approved_name: String,
    },
    /// The quote changed since approval: these line ids changed, were added or removed, and these
    /// other parts changed.
    QuoteChanged {
        lines: Vec<String>,
        parts: Vec<QuotePart>,
    },
    /// The quote is the same but prices differently now (catalog or policy changed).
    PriceChanged,
    /// A date is not a `YYYY-MM-DD` calendar date.
    BadDate { field: String, value: String },
    /// Issued after today.
    NotYetValid { issued: String },
    /// Expired before today.
    Expired { expires: String },
    /// The validity period is negative or longer than the policy allows.
    ValidityTooLong { days: i64, max: u32 },
    /// A rejection without a reason (refused when signing).
    MissingReason,
    /// The proposal does not need this level's approval (refused when signing).
    NotNeeded { level: String, required: String },
    /// A valid rejection of this exact quote.
    Rejected {
        approver: String,
        level: String,
        reason: String,
    },
    /// The chain lacks a valid approval from these levels.
    ChainIncomplete { missing: Vec<String> },
    /// Below the cost floor or beyond the top of the ladder: no approval can allow it.
    CannotBeApproved,
}

impl Why {
    /// The reason in both languages, with level and approver names from `policy`.
    pub fn text(&self, policy: &Policy) -> Text {
        let level = |id: &str| {
            policy
                .levels
                .iter()
                .find(|l| l.id == id)
                .map_or_else(|| Text::new(id, id), |l| l.name.clone())
        };
        let who = |id: &str| {
            policy
                .approver(id)
                .map_or_else(|| Text::new(id, id), |a| a.name.clone())
        };
        let levels = |ids: &[String]| {
            let names: Vec<Text> = ids.iter().map(|id| level(id)).collect();
            Text::new(
                names
                    .iter()
                    .map(|t| t.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                names
                    .iter()
                    .map(|t| t.en.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        };
        match self {
            Why::Unsupported { format, version } => Text::new(
                format!("无法识别的审批文件（格式「{format}」版本 {version}）"),
                format!("Not an approval this version reads (format '{format}' version {version})"),
            ),
            Why::UnknownApprover { approver } => Text::new(
                format!("审批人「{approver}」不在当前政策的审批人名单中（未登记或已撤销）"),
                format!("Approver '{approver}' is not enrolled in the current policy (never enrolled, or revoked)"),
            ),
            Why::KeyMismatch { approver } => {
                let n = who(approver);
                Text::new(
                    format!("{}的审批所用密钥不是当前登记的密钥（密钥已更换或撤销）", n.zh),
                    format!("{}'s approval was signed with a key other than the one enrolled now (replaced or revoked key)", n.en),
                )
            }
            Why::BadSignature { approver } => {
                let n = who(approver);
                Text::new(
                    format!("{}的签名无效：审批文件已被改动", n.zh),
                    format!("{}'s signature does not verify: the approval was altered", n.en),
                )
            }
            Why::UnknownLevel { level } => Text::new(
                format!("审批级别「{level}」在当前政策中不存在"),
                format!("Approval level '{level}' does not exist in the current policy"),
            ),
            Why::WrongLevel {
                approver,
                enrolled,
                claimed,
            } => {
                let (n, e, c) = (who(approver), level(enrolled), level(claimed));
                Text::new(
                    format!("{}登记的级别是{}，不能以{}级别审批", n.zh, e.zh, c.zh),
                    format!("{} is enrolled as {} and cannot approve as {}", n.en, e.en, c.en),
                )
            }
            Why::OtherCustomer {
                approved_uscc,
                approved_name,
            } => Text::new(
                format!("该审批是给另一客户的（{approved_name}，统一社会信用代码 {approved_uscc}），对本客户无效"),
                format!("This approval is for another customer ({approved_name}, USCC {approved_uscc}) and does not hold here"),
            ),
            Why::QuoteChanged { lines, parts } => {
                let mut zh: Vec<String> = Vec::new();
                let mut en: Vec<String> = Vec::new();
                if !lines.is_empty() {
                    zh.push(format!("行 {}", lines.join("、")));
                    en.push(format!("lines {}", lines.join(", ")));
                }
                for p in parts {
                    let (z, e) = match p {
                        QuotePart::Id => ("方案编号（另一份方案）", "the proposal id (another proposal)"),
                        QuotePart::Customer => ("客户名称", "the customer's name"),
                        QuotePart::Term => ("合同期", "the contract term"),
                        QuotePart::AtRisk => ("流失风险标记", "the at-risk flag"),
                        QuotePart::Versions => ("产品目录或政策版本", "the catalog or policy version"),
                        QuotePart::LineOrder => ("行的顺序", "the order of the lines"),
                    };
                    zh.push(z.to_string());
                    en.push(e.to_string());
                }
                if zh.is_empty() {
                    Text::new("审批后方案已被修改", "The quote changed since approval")
                } else {
                    Text::new(
                        format!("审批后方案已被修改：{}", zh.join("；")),
                        format!("The quote changed since approval: {}", en.join("; ")),
                    )
                }
            }
            Why::PriceChanged => Text::new(
                "方案未变，但按当前产品目录和政策计算的价格与审批时不同",
                "The quote is unchanged but prices differently on the current catalog and policy than when approved",
            ),
            Why::BadDate { field, value } => Text::new(
                format!("日期「{value}」（{field}）不是有效的 YYYY-MM-DD 日期"),
                format!("'{value}' ({field}) is not a valid YYYY-MM-DD date"),
            ),
            Why::NotYetValid { issued } => Text::new(
                format!("审批签发日期 {issued} 晚于今天，尚未生效"),
                format!("Issued {issued}, after today: not yet valid"),
            ),
            Why::Expired { expires } => Text::new(
                format!("审批已于 {expires} 过期"),
                format!("The approval expired on {expires}"),
            ),
            Why::ValidityTooLong { days, max } => Text::new(
                format!("有效期 {days} 天不在政策允许的 0 至 {max} 天之内"),
                format!("A validity of {days} days is outside the 0 to {max} days the policy allows"),
            ),
            Why::MissingReason => Text::new("驳回时须填写原因", "A rejection needs a reason"),
            Why::NotNeeded { level: l, required } => {
                let (l, r) = (level(l), level(required));
                Text::new(
                    format!("本方案最高只需{}审批，无需{}审批", r.zh, l.zh),
                    format!("This proposal needs approval up to {} only, not {}", r.en, l.en),
                )
            }
            Why::Rejected {
                approver,
                level: l,
                reason,
            } => {
                let (n, l) = (who(approver), level(l));
                Text::new(
                    format!("{}（{}）已驳回：{}", n.zh, l.zh, reason),
                    format!("Rejected by {} ({}): {}", n.en, l.en, reason),
                )
            }
            Why::ChainIncomplete { missing } => {
                let m = levels(missing);
                Text::new(
                    format!("审批链不完整：缺少{}的有效审批", m.zh),
                    format!("The approval chain is incomplete: no valid approval from {}", m.en),
                )
            }
            Why::CannotBeApproved => Text::new(
                "价格低于成本底价或超出最高审批权限，任何审批都不能放行",
                "Below the cost floor or beyond the top of the ladder: no approval can allow it",
            ),
        }
    }
}

/// One reason a proposal is not approved; `approval` is the index of the approval it concerns in
/// the list given to [`verify_chain`], if it concerns one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub approval: Option<usize>,
    pub why: Why,
}

/// The approval state of a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Within the account manager's authority: no approval needed.
    NotNeeded,
    /// A complete, valid chain.
    Approved,
    /// Needs approval it does not (yet) have; the problems say why.
    NotApproved,
    /// Below the cost floor or beyond the ladder: no approval can allow it.
    Refused,
}

/// One valid approval of the chain, for the proposal to state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Its index in the list given to [`verify_chain`].
    pub approval: usize,
    pub approver_id: String,
    pub approver_name: Text,
    pub fingerprint: String,
    pub level: String,
    pub level_index: usize,
    pub level_name: Text,
    pub issued: String,
    pub expires: String,
    pub comment: String,
}

/// The verdict on a proposal's approvals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub status: Status,
    /// The level the proposal needs (index into `policy.levels`).
    pub required: usize,
    /// The valid approvals making up the chain, in level order (partial when incomplete).
    pub chain: Vec<Link>,
    /// Why the proposal is not approved; empty when approved or not needed.
    pub problems: Vec<Problem>,
    /// For each approval given, in order, why it does not count (empty: it is valid). An invalid
    /// approval not needed by a complete chain does not block, but shows here.
    pub checks: Vec<Vec<Why>>,
}

impl Verdict {
    /// Approved by a complete chain.
    pub fn approved(&self) -> bool {
        self.status == Status::Approved
    }

    /// The last day the whole chain holds: the earliest expiry in it.
    pub fn valid_until(&self) -> Option<&str> {
        self.chain.iter().map(|l| l.expires.as_str()).min()
    }
}

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

/// The digests of a quote's binding content (see the module docs).
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

/// The digest of a priced result's role-independent content (see the module docs).
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

impl ApprovalBody {
    /// The body of an approval of `quote` as priced in `priced`, by `request`, signed with the
    /// key whose public half is `public_key` (hex). Checks nothing; see [`sign`].
    pub fn new(quote: &Quote, priced: &Priced, request: &Request, public_key: &str) -> Self {
        let digests = quote_digests(quote);
        ApprovalBody {
            format: FORMAT.to_string(),
            version: VERSION,
            decision: request.decision,
            quote_id: quote.id.clone(),
            customer_name: quote.customer.name.clone(),
            uscc: quote.customer.uscc.clone(),
            quote_digest: digests.quote,
            parts: digests.parts,
            lines: digests.lines,
            priced_digest: priced_digest(priced),
            approver_id: request.approver_id.clone(),
            public_key: public_key.to_string(),
            level: request.level.clone(),
            issued: request.issued.clone(),
            expires: request.expires.clone(),
            comment: request.comment.clone(),
            reason: request.reason.clone(),
        }
    }

    /// The exact bytes the signature covers: the domain tag and the body's canonical JSON.
    pub fn message(&self) -> Vec<u8> {
        let mut out = SIGNING_DOMAIN.to_vec();
        out.extend(crate::canonical::to_bytes(self));
        out
    }

    /// Signs this body as it stands. Checks nothing; see [`sign`].
    pub fn sign(self, key: &ApproverKey) -> Approval {
        let signature = hex::encode(key.sign(&self.message()));
        Approval {
            body: self,
            signature,
        }
    }
}

impl Approval {
    /// Reads an approval file.
    pub fn parse(text: &str) -> Result<Approval, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The approval as pretty-printed JSON, ready to send.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Whether the signature verifies strictly under `public_key`.
    pub fn signature_verifies(&self, public_key: &[u8; 32]) -> bool {
        let Some(sig) = keyfile::decode_array::<64>(&self.signature) else {
            return false;
        };
        let Ok(key) = VerifyingKey::from_bytes(public_key) else {
            return false;
        };
        key.verify_strict(&self.body.message(), &Signature::from_bytes(&sig))
            .is_ok()
    }
}

/// Signs `request` on `quote` as priced in `priced` with `key`, after checking what the approver
/// can get wrong: the approver is enrolled with this key at this level, the dates are valid and
/// within the policy's maximum, an approval is for a level the proposal needs and a proposal that
/// can be approved at all, and a rejection has a reason.
pub fn sign(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    request: &Request,
    key: &ApproverKey,
) -> Result<Approval, Vec<Why>> {
    let mut why = Vec::new();
    match policy.approver(&request.approver_id) {
        None => why.push(Why::UnknownApprover {
            approver: request.approver_id.clone(),
        }),
        Some(a) => {
            if keyfile::parse_public_key(&a.public_key) != Some(key.public_key()) {
                why.push(Why::KeyMismatch {
                    approver: a.id.clone(),
                });
            }
            if a.level != request.level {
                why.push(Why::WrongLevel {
                    approver: a.id.clone(),
                    enrolled: a.level.clone(),
                    claimed: request.level.clone(),
                });
            }
        }
    }
    let level = policy.level_index(&request.level);
    if level.is_none() {
        why.push(Why::UnknownLevel {
            level: request.level.clone(),
        });
    }
    why.extend(validity(policy, &request.issued, &request.expires));
    match request.decision {
        Decision::Approve => {
            if priced.authority.refused || priced.authority.beyond_ladder {
                why.push(Why::CannotBeApproved);
            } else if let Some(l) = level {
                let required = priced.authority.required;
                if l == 0 || l > required {
                    why.push(Why::NotNeeded {
                        level: request.level.clone(),
                        required: policy
                            .levels
                            .get(required)
                            .map_or_else(String::new, |l| l.id.clone()),
                    });
                }
            }
        }
        Decision::Reject => {
            if request.reason.trim().is_empty() {
                why.push(Why::MissingReason);
            }
        }
    }
    if !why.is_empty() {
        return Err(why);
    }
    Ok(ApprovalBody::new(quote, priced, request, &key.public_key_hex()).sign(key))
}

/// The problems with a validity period, regardless of today.
fn validity(policy: &Policy, issued: &str, expires: &str) -> Vec<Why> {
    let bad = |field: &str, value: &str| Why::BadDate {
        field: field.to_string(),
        value: value.to_string(),
    };
    match (crate::date::parse(issued), crate::date::parse(expires)) {
        (Some(i), Some(e)) => {
            let days = e - i;
            if days < 0 || days > i64::from(policy.max_approval_days) {
                vec![Why::ValidityTooLong {
                    days,
                    max: policy.max_approval_days,
                }]
            } else {
                Vec::new()
            }
        }
        (i, e) => {
            let mut out = Vec::new();
            if i.is_none() {
                out.push(bad("issued", issued));
            }
            if e.is_none() {
                out.push(bad("expires", expires));
            }
            out
        }
    }
}

/// What an approval is checked against, computed once per verification.
struct Current<'a> {
    quote: &'a Quote,
    digests: QuoteDigests,
    priced: String,
}

/// Why one approval does not hold for `quote` as priced in `priced` on `today` (empty: it holds).
pub fn verify_one(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    approval: &Approval,
    today: &str,
) -> Vec<Why> {
    let current = Current {
        quote,
        digests: quote_digests(quote),
        priced: priced_digest(priced),
    };
    check(policy, &current, approval, today)
}

fn check(policy: &Policy, current: &Current, approval: &Approval, today: &str) -> Vec<Why> {
    let a = &approval.body;
    if a.format != FORMAT || a.version != VERSION {
        return vec![Why::Unsupported {
            format: a.format.clone(),
            version: a.version,
        }];
    }
    // Who signed: only the key enrolled now counts, and until the signature holds nothing else
    // the approval says can be trusted.
    let Some(approver) = policy.approver(&a.approver_id) else {
        return vec![Why::UnknownApprover {
            approver: a.approver_id.clone(),
        }];
    };
    let Some(enrolled) = keyfile::parse_public_key(&approver.public_key) else {
        return vec![Why::KeyMismatch {
            approver: a.approver_id.clone(),
        }];
    };
    if keyfile::decode_array::<32>(&a.public_key) != Some(enrolled) {
        return vec![Why::KeyMismatch {
            approver: a.approver_id.clone(),
        }];
    }
    if !approval.signature_verifies(&enrolled) {
        return vec![Why::BadSignature {
            approver: a.approver_id.clone(),
        }];
    }

    let mut why = Vec::new();
    if policy.level_index(&a.level).is_none() {
        why.push(Why::UnknownLevel {
            level: a.level.clone(),
        });
    }
    if approver.level != a.level {
        why.push(Why::WrongLevel {
            approver: a.approver_id.clone(),
            enrolled: approver.level.clone(),
            claimed: a.level.clone(),
        });
    }

    let quote = current.quote;
    let other_customer = a.uscc != quote.customer.uscc;
    if other_customer {
        why.push(Why::OtherCustomer {
            approved_uscc: a.uscc.clone(),
            approved_name: a.customer_name.clone(),
        });
    }
    let now = &current.digests;
    if a.quote_digest != now.quote {
        let mut parts = Vec::new();
        if a.quote_id != quote.id {
            parts.push(QuotePart::Id);
        }
        if a.parts.customer != now.parts.customer && !other_customer {
            parts.push(QuotePart::Customer);
        }
        if a.parts.term != now.parts.term {
            parts.push(QuotePart::Term);
        }
        if a.parts.at_risk != now.parts.at_risk {
            parts.push(QuotePart::AtRisk);
        }
        if a.parts.versions != now.parts.versions {
            parts.push(QuotePart::Versions);
        }
        let lines = changed_lines(&a.lines, &now.lines);
        if lines.is_empty() && a.lines != now.lines {
            parts.push(QuotePart::LineOrder);
        }
        // A quote that differs only in its customer's identity is "another customer", said above.
        let only_customer = other_customer
            && lines.is_empty()
            && parts.is_empty()
            && a.parts.customer != now.parts.customer;
        if !only_customer {
            why.push(Why::QuoteChanged { lines, parts });
        }
    } else if a.priced_digest != current.priced {
        why.push(Why::PriceChanged);
    }

    match crate::date::parse(today) {
        None => why.push(Why::BadDate {
            field: "today".to_string(),
            value: today.to_string(),
        }),
        Some(t) => {
            let v = validity(policy, &a.issued, &a.expires);
            if v.is_empty() {
                if crate::date::parse(&a.issued).is_some_and(|i| t < i) {
                    why.push(Why::NotYetValid {
                        issued: a.issued.clone(),
                    });
                }
                if crate::date::parse(&a.expires).is_some_and(|e| t > e) {
                    why.push(Why::Expired {
                        expires: a.expires.clone(),
                    });
                }
            }
            why.extend(v);
        }
    }
    why
}

/// The ids of lines changed, added or removed between `then` and `now`: the current lines in
/// order, then the removed ones. Lines are compared per id as multisets of digests, so even
/// duplicate line ids (which the rules flag) cannot hide a change.
fn changed_lines(then: &[LineDigest], now: &[LineDigest]) -> Vec<String> {
    let group = |ls: &[LineDigest]| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in ls {
            m.entry(l.line.clone()).or_default().push(l.digest.clone());
        }
        for v in m.values_mut() {
            v.sort_unstable();
        }
        m
    };
    let (old, new) = (group(then), group(now));
    let mut out: Vec<String> = Vec::new();
    for l in now.iter().chain(then) {
        if old.get(&l.line) != new.get(&l.line) && !out.contains(&l.line) {
            out.push(l.line.clone());
        }
    }
    out
}

/// Verifies the approvals of `quote` as priced in `priced` (which must be
/// `pricing::price(catalog, policy, quote)`), against the approvers enrolled in `policy`, on
/// `today` (`YYYY-MM-DD`). See the module docs for what makes a complete chain.
pub fn verify_chain(
    policy: &Policy,
    quote: &Quote,
    priced: &Priced,
    approvals: &[Approval],
    today: &str,
) -> Verdict {
    // The digests are only needed to check approvals: with none attached (every edit of a
    // proposal not yet sent for approval) the verdict costs next to nothing.
    let checks: Vec<Vec<Why>> = if approvals.is_empty() {
        Vec::new()
    } else {
        let current = Current {
            quote,
            digests: quote_digests(quote),
            priced: priced_digest(priced),
        };
        approvals
            .iter()
            .map(|a| check(policy, &current, a, today))
            .collect()
    };
    let valid = |i: usize| checks.get(i).is_some_and(Vec::is_empty);
    let required = priced.authority.required;
    let refused = priced.authority.refused || priced.authority.beyond_ladder;

    let mut problems = Vec::new();
    if refused {
        problems.push(Problem {
            approval: None,
            why: Why::CannotBeApproved,
        });
    }
    for (i, a) in approvals.iter().enumerate() {
        if valid(i) && a.body.decision == Decision::Reject {
            problems.push(Problem {
                approval: Some(i),
                why: Why::Rejected {
                    approver: a.body.approver_id.clone(),
                    level: a.body.level.clone(),
                    reason: a.body.reason.clone(),
                },
            });
        }
    }
    let mut chain = Vec::new();
    let mut missing = Vec::new();
    for level in 1..=required {
        let Some(lvl) = policy.levels.get(level) else {
            // Priced on another ladder than this policy's: that level can never be signed for.
            missing.push(format!("#{level}"));
            continue;
        };
        let found = approvals.iter().enumerate().find(|(i, a)| {
            valid(*i) && a.body.decision == Decision::Approve && a.body.level == lvl.id
        });
        match found {
            Some((i, a)) => chain.push(Link {
                approval: i,
                approver_id: a.body.approver_id.clone(),
                approver_name: policy
                    .approver(&a.body.approver_id)
                    .map_or_else(Text::default, |x| x.name.clone()),
                fingerprint: keyfile::decode_array::<32>(&a.body.public_key)
                    .map_or_else(String::new, |k| keyfile::fingerprint(&k)),
                level: lvl.id.clone(),
                level_index: level,
                level_name: lvl.name.clone(),
                issued: a.body.issued.clone(),
                expires: a.body.expires.clone(),
                comment: a.body.comment.clone(),
            }),
            None => missing.push(lvl.id.clone()),
        }
    }
    if !missing.is_empty() {
        problems.push(Problem {
            approval: None,
            why: Why::ChainIncomplete { missing },
        });
    }
    if !problems.is_empty() {
        for (i, c) in checks.iter().enumerate() {
            problems.extend(c.iter().map(|w| Problem {
                approval: Some(i),
                why: w.clone(),
            }));
        }
    }
    let status = if refused {
        Status::Refused
    } else if !problems.is_empty() {
        Status::NotApproved
    } else if required == 0 {
        Status::NotNeeded
    } else {
        Status::Approved
    };
    Verdict {
        status,
        required,
        chain,
        problems,
        checks,
    }
}
