//! Whether the approvals a statement rests on verify, given the proposal file (the quote file,
//! which carries its signed approvals): what the customer's verification page can check with the
//! operator's public keys alone, no policy.

use super::{signature_digest, BasisKind, Statement};
use crate::approval::Approval;
use crate::approval::{priced_digest, quote_digests};
use crate::keys::Keys;
use crate::pricing::Priced;
use crate::quote::Quote;
use crate::suite::PublicKey as SuiteKey;
use crate::text::Text;

/// What the page can say of one approval or pre-authorisation a statement rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Held {
    /// Found in the file, signed by the key enrolled for that approver at that level, for exactly
    /// this proposal and these prices.
    Verified,
    /// Not in the file: a pre-authorisation (it travels apart from the proposal), or an approval
    /// the file does not carry.
    NotInFile,
    /// In the file, and it does not hold: why.
    Fails(Text),
}

impl Held {
    pub fn text(&self) -> Text {
        match self {
            Held::Verified => Text::new(
                "✓ 审批签名有效，且针对本建议书及其价格",
                "✓ its signature verifies, for this proposal and these prices",
            ),
            Held::NotInFile => Text::new(
                "文件中未附此项，无法核验其签名",
                "not in the file: its signature cannot be checked here",
            ),
            Held::Fails(why) => Text::new(format!("✗ {}", why.zh), format!("✗ {}", why.en)),
        }
    }
}

/// For each approval and pre-authorisation `statement` rests on, in order, whether it holds among
/// the `approvals` of the proposal file whose quote and snapshot are `quote` and `priced`.
pub fn held(
    keys: &Keys,
    statement: &Statement,
    quote: &Quote,
    priced: &Priced,
    approvals: &[Approval],
) -> Vec<Held> {
    let quote_digest = quote_digests(quote).quote;
    let priced = priced_digest(priced);
    statement
        .body
        .rests_on
        .iter()
        .map(|r| {
            if r.kind == BasisKind::Preauth {
                return Held::NotInFile;
            }
            let Some(a) = approvals
                .iter()
                .find(|a| signature_digest(&a.signature) == r.digest)
            else {
                return Held::NotInFile;
            };
            let b = &a.body;
            let enrolled = keys
                .approver(&r.approver)
                .filter(|k| k.role == r.level && k.suite == b.suite)
                .and_then(|k| SuiteKey::parse(k.suite, &k.public_key))
                .filter(|k| SuiteKey::parse(b.suite, &b.public_key).as_ref() == Some(k));
            let Some(key) = enrolled.filter(|_| b.approver_id == r.approver && b.level == r.level)
            else {
                return Held::Fails(Text::new(
                    "签名密钥不是该审批人在所列级别登记的密钥",
                    "signed by a key not enrolled for this approver at this level",
                ));
            };
            if !key.verifies(&b.message(), &a.signature) {
                return Held::Fails(Text::new("审批签名无效", "its signature does not verify"));
            }
            if b.quote_digest != quote_digest || b.priced_digest != priced {
                return Held::Fails(Text::new(
                    "所批准的不是本建议书或其价格",
                    "it approves another proposal or other prices",
                ));
            }
            Held::Verified
        })
        .collect()
}
