//! Why a statement is not genuine, and a figure that differs from a proposal file, in both
//! languages.

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// One reason a statement is not a genuine, current proposal (or cannot be signed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    /// Not a statement this build reads.
    Format { found: String },
    /// The key is not enrolled at all.
    NotEnrolled { fingerprint: String },
    /// The key is an approver's, not a seller's: approvers approve, sellers issue.
    ApproverKey { name: Text },
    /// The key is another seller's than the one stated.
    OtherSeller { stated: String, enrolled: String },
    /// The signature does not verify: some field was changed after signing.
    BadSignature,
    /// The date or valid-until is not a date, or valid-until comes before the date.
    BadDates,
    /// Past its valid-until.
    Expired { valid_until: String },
    /// An approval or pre-authorisation it names is by someone not enrolled as an approver.
    ApproverNotEnrolled { approver: String },
    /// … or by an approver enrolled at another level.
    ApproverLevel {
        approver: String,
        stated: String,
        enrolled: String,
    },
    /// The operator requires SM2 signatures, and this one is in another suite.
    SuiteRequired { found: Text },
    /// Signing: the proposal is not authorised (needs approval, refused or blocked).
    NotAuthorised,
}

impl Why {
    /// In both languages.
    pub fn text(&self) -> Text {
        match self {
            Why::Format { found } => Text::new(
                format!("不是本版本可读的建议书声明（{found}）"),
                format!("Not a statement this version reads ({found})"),
            ),
            Why::NotEnrolled { fingerprint } => Text::new(
                format!("签名密钥（指纹 {fingerprint}）不在运营商公布的客户经理名单中"),
                format!("The signing key (fingerprint {fingerprint}) is not one the operator enrolled for a seller"),
            ),
            Why::ApproverKey { name } => Text::new(
                format!("由审批人「{}」的密钥签署，而非客户经理的密钥", name.zh),
                format!("Signed with approver {}'s key, not a seller's key", name.en),
            ),
            Why::OtherSeller { stated, enrolled } => Text::new(
                format!("声明称由「{stated}」签署，但密钥属于「{enrolled}」"),
                format!("It names seller '{stated}', but the key is '{enrolled}''s"),
            ),
            Why::BadSignature => Text::new(
                "签名无效：声明在签署后被改动过",
                "The signature does not verify: the statement was changed after it was signed",
            ),
            Why::BadDates => Text::new(
                "日期无效，或有效期早于建议书日期",
                "Its dates are invalid, or valid-until comes before the date",
            ),
            Why::Expired { valid_until } => Text::new(
                format!("已过期：有效期至 {valid_until}"),
                format!("Expired: it was valid until {valid_until}"),
            ),
            Why::ApproverNotEnrolled { approver } => Text::new(
                format!("所依据的审批人「{approver}」不在运营商公布的审批人名单中"),
                format!("The approver '{approver}' it rests on is not enrolled"),
            ),
            Why::ApproverLevel {
                approver,
                stated,
                enrolled,
            } => Text::new(
                format!("审批人「{approver}」登记的级别是「{enrolled}」，而非「{stated}」"),
                format!("Approver '{approver}' is enrolled at '{enrolled}', not '{stated}'"),
            ),
            Why::SuiteRequired { found } => Text::new(
                format!("运营商要求国密 SM2/SM3 签名，而本声明的签名为 {}", found.zh),
                format!("The operator requires SM2/SM3 signatures; this statement is signed with {}", found.en),
            ),
            Why::NotAuthorised => Text::new(
                "建议书尚未获得授权（需审批、被拒或有阻断问题），不能签署交付",
                "The proposal is not authorised (it needs approval, is refused or blocked); it cannot be signed for handover",
            ),
        }
    }
}

/// A figure of a statement that differs from the proposal file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub figure: Text,
    /// As the statement states it.
    pub stated: String,
    /// As recomputed from the proposal file.
    pub recomputed: String,
}

impl Difference {
    /// "TCV (excl. tax): ¥x on the statement, ¥y recomputed", in both languages.
    pub fn text(&self) -> Text {
        Text::new(
            format!(
                "{}：声明为 {}，按文件重算为 {}",
                self.figure.zh, self.stated, self.recomputed
            ),
            format!(
                "{}: {} on the statement, {} recomputed",
                self.figure.en, self.stated, self.recomputed
            ),
        )
    }
}
