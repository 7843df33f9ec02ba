//! Why an approval does not count, or why a proposal is not approved or cannot be signed: the
//! reasons verification and signing give, and their words in both languages, with the level and
//! approver names of the policy.

use super::QuotePart;
use crate::policy::Policy;
use crate::text::Text;
use serde::{Deserialize, Serialize};

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
    /// The approval names a signature suite other than the one its approver's key is enrolled
    /// in (an artefact without a `suite` is Ed25519).
    SuiteMismatch {
        approver: String,
        enrolled: crate::suite::Suite,
        claimed: crate::suite::Suite,
    },
    /// An Ed25519 signature under a policy that requires SM2 (`require_sm2`).
    Sm2Required { approver: String },
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
    /// Issued after today plus one day (a day's grace for time zones): a signer cannot date an
    /// approval in the future.
    NotYetValid { issued: String },
    /// A published demo key, under a policy not marked demo.
    DemoKey { approver: String },
    /// A pre-authorisation names a family the approver's level has no limit for.
    UnknownFamily { family: String },
    /// A pre-authorisation grants more on a family than the approver's level may.
    LimitAboveLevel {
        family: String,
        limit: crate::money::Bp,
        level_limit: crate::money::Bp,
    },
    /// A pre-authorisation grants a larger TCV than the approver's level may sign off.
    TcvAboveLevel {
        max_tcv: crate::money::Fen,
        level_max: crate::money::Fen,
    },
    /// A pre-authorisation for another account manager.
    OtherAccountManager { named: String },
    /// No signed policy is in force: no approval can be verified.
    Unverifiable { why: Text },
    /// The signed policy in force has expired: approvals wait for a newer one.
    PolicyExpired { expires: String },
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
    /// A pre-authorisation for the customer verifies but does not cover the proposal: these
    /// lines exceed its limit for their family, or the TCV its largest.
    BeyondPreAuth {
        approver: String,
        lines: Vec<super::preauth::LineBeyond>,
        tcv: Option<crate::money::Fen>,
        max_tcv: crate::money::Fen,
    },
    /// Below the cost floor or beyond the top of the ladder: no approval can allow it.
    CannotBeApproved,
    /// The proposal has blocking findings (configuration rules or quote checks of severity
    /// error), these: it cannot be approved until they are fixed (refused when signing).
    Blocked { findings: Vec<Text> },
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
            Why::SuiteMismatch {
                approver,
                enrolled,
                claimed,
            } => {
                let n = who(approver);
                let (e, c) = (enrolled.name(), claimed.name());
                Text::new(
                    format!("{}的签名声明为{}，但其登记的密钥是{}", n.zh, c.zh, e.zh),
                    format!("{}'s signature claims {}, but their enrolled key is {}", n.en, c.en, e.en),
                )
            }
            Why::Sm2Required { approver } => {
                let n = who(approver);
                Text::new(
                    format!("{}的签名是 Ed25519，而当前策略要求国密 SM2/SM3 签名", n.zh),
                    format!("{}'s signature is Ed25519, but the policy requires SM2/SM3 signatures", n.en),
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
                        QuotePart::Date => ("建议书日期", "the proposal's date"),
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
                format!("审批签发日期 {issued} 晚于今天（已留一天时差），不予认可"),
                format!("Issued {issued}, later than today plus one day: refused"),
            ),
            Why::DemoKey { approver } => Text::new(
                format!("{} 使用的是公开的演示密钥，只在演示政策下有效", who(approver).zh),
                format!("{} signed with a published demo key, valid only under a demo policy", who(approver).en),
            ),
            Why::UnknownFamily { family } => Text::new(
                format!("审批人所在级别没有产品族「{family}」的折扣权限"),
                format!("The approver's level has no discount limit for family '{family}'"),
            ),
            Why::LimitAboveLevel {
                family,
                limit,
                level_limit,
            } => Text::new(
                format!(
                    "产品族「{family}」的预授权折扣 {} 超出审批人级别的权限 {}",
                    crate::money::format_percent(*limit),
                    crate::money::format_percent(*level_limit)
                ),
                format!(
                    "The pre-authorised discount on family '{family}', {}, is above the approver's level limit of {}",
                    crate::money::format_percent(*limit),
                    crate::money::format_percent(*level_limit)
                ),
            ),
            Why::TcvAboveLevel { max_tcv, level_max } => Text::new(
                format!(
                    "预授权合同总价上限 {} 超出审批人级别可审批的 {}",
                    crate::money::format_yuan(*max_tcv),
                    crate::money::format_yuan(*level_max)
                ),
                format!(
                    "The pre-authorised TCV of {} is above the {} the approver's level may sign off",
                    crate::money::format_yuan(*max_tcv),
                    crate::money::format_yuan(*level_max)
                ),
            ),
            Why::OtherAccountManager { named } => Text::new(
                format!("该预授权仅限客户经理「{named}」使用"),
                format!("This pre-authorisation is for account manager '{named}' only"),
            ),
            Why::Unverifiable { why } => Text::new(
                format!("审批无法验证：{}", why.zh),
                format!("Approvals cannot be verified: {}", why.en),
            ),
            Why::PolicyExpired { expires } => Text::new(
                format!("政策已于 {expires} 过期，请联网刷新后再验证审批"),
                format!("Policy expired on {expires}: connect to refresh"),
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
            Why::BeyondPreAuth {
                approver,
                lines,
                tcv,
                max_tcv,
            } => {
                let n = who(approver);
                let pct = crate::money::format_percent;
                let mut zh: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        format!(
                            "第 {} 行实际折扣 {} 超出上限 {}",
                            l.number,
                            pct(l.effective_bp),
                            pct(l.limit_bp)
                        )
                    })
                    .collect();
                let mut en: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        format!(
                            "line {} at {} effective is beyond its limit of {}",
                            l.number,
                            pct(l.effective_bp),
                            pct(l.limit_bp)
                        )
                    })
                    .collect();
                if let Some(tcv) = tcv {
                    let (t, m) = (
                        crate::money::format_yuan(*tcv),
                        crate::money::format_yuan(*max_tcv),
                    );
                    zh.push(format!("合同总价 {t} 超出上限 {m}"));
                    en.push(format!("the TCV of {t} is beyond its limit of {m}"));
                }
                Text::new(
                    format!("超出{}的预授权，需走审批：{}", n.zh, zh.join("；")),
                    format!(
                        "Beyond {}'s pre-authorisation, so it needs the approval chain: {}",
                        n.en,
                        en.join("; ")
                    ),
                )
            }
            Why::CannotBeApproved => Text::new(
                "价格低于成本底价或超出最高审批权限，任何审批都不能放行",
                "Below the cost floor or beyond the top of the ladder: no approval can allow it",
            ),
            Why::Blocked { findings } => Text::new(
                format!(
                    "方案有 {} 个阻止性问题，修正前不能批准：{}",
                    findings.len(),
                    findings.iter().map(|t| t.zh.as_str()).collect::<Vec<_>>().join("；")
                ),
                format!(
                    "The proposal has {} blocking finding(s) and cannot be approved until they are fixed: {}",
                    findings.len(),
                    findings.iter().map(|t| t.en.as_str()).collect::<Vec<_>>().join("; ")
                ),
            ),
        }
    }
}
