//! Discount guidance (PRODUCT.md "Guidance"): where a line's effective discount sits against the
//! policy's target and normal discount for its family (and the customer's industry), and the rule
//! that a discount above normal needs a reason on the line. Guidance informs the seller; authority
//! alone decides what needs approval. Customers never see it.

use crate::catalog::Severity;
use crate::money::{format_percent, Bp};
use crate::policy::Policy;
use crate::rules::Finding;
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// Where a line's effective discount sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// At or under the target discount.
    Target,
    /// Above target, at or under normal.
    Normal,
    /// Above normal: the line needs a reason.
    AboveNormal,
    /// Beyond the seller's own authority: it needs approval (whatever the guidance).
    NeedsApproval,
}

impl Band {
    /// The band in words, for the seller.
    pub fn text(self) -> Text {
        match self {
            Band::Target => Text::new("目标折扣以内", "At or under target"),
            Band::Normal => Text::new("常规折扣以内", "Within normal"),
            Band::AboveNormal => {
                Text::new("高于常规折扣，须填写原因", "Above normal: give a reason")
            }
            Band::NeedsApproval => Text::new(
                "超出本人权限，需审批",
                "Beyond your authority: needs approval",
            ),
        }
    }
}

/// The band of a line of `family` for a customer in `industry` with `effective_bp`, and whether it
/// is within the seller's own authority. None: no guidance for the family and within authority.
pub fn band(
    policy: &Policy,
    family: &str,
    industry: &str,
    effective_bp: Bp,
    within_authority: bool,
) -> Option<Band> {
    if !within_authority {
        return Some(Band::NeedsApproval);
    }
    let g = policy.guidance(family, industry)?;
    Some(if effective_bp <= g.target_bp {
        Band::Target
    } else if effective_bp <= g.normal_bp {
        Band::Normal
    } else {
        Band::AboveNormal
    })
}

/// The finding for line `index` (`line_id`) of `family` whose effective discount is above the
/// normal discount, when its reason is blank: an error, so no approval is signed without it.
pub fn missing_reason(
    policy: &Policy,
    (index, line_id): (usize, &str),
    (family, industry): (&str, &str),
    effective_bp: Bp,
    reason: &str,
) -> Option<Finding> {
    let g = policy.guidance(family, industry)?;
    (effective_bp > g.normal_bp && reason.trim().is_empty()).then(|| Finding {
        code: "line.reason".to_string(),
        severity: Severity::Error,
        message: Text::new(
            format!(
                "第 {line_id} 行折扣 {} 高于常规折扣 {}，请填写原因",
                format_percent(effective_bp),
                format_percent(g.normal_bp)
            ),
            format!(
                "Line {line_id}: the discount of {} is above the normal {}; give a reason",
                format_percent(effective_bp),
                format_percent(g.normal_bp)
            ),
        ),
        lines: vec![index],
    })
}
