//! What the app believes (PRODUCT.md, "Trust"): a catalog and policy only when both are signed
//! by a publisher it was built to trust and pass the checker; approvals only under such a policy,
//! before it expires; "today" never earlier than the latest date the device has seen.

use crate::catalog::{Catalog, Severity};
use crate::check::{self, Problem};
use crate::policy::Policy;
use crate::pricing::{price, Priced};
use crate::publication::{self, Kind, Publisher, Publishers, Refusal};
use crate::quote::Quote;
use crate::text::Text;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A catalog and policy whose signatures verify and which pass the checker.
#[derive(Clone, Debug)]
pub struct Signed {
    pub catalog: Catalog,
    pub policy: Policy,
    /// Who signed the policy.
    pub publisher: Publisher,
    /// Signed by a demo publisher, or a policy marked demo: nothing made under it is an offer.
    pub demo: bool,
    pub warnings: Vec<Problem>,
}

/// One published file as fetched or kept: its text and its signature file's text, if any.
#[derive(Clone, Copy, Debug)]
pub struct Published<'a> {
    pub text: &'a str,
    pub signature: Option<&'a str>,
}

fn problem(file: &str, path: &str, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        path: path.to_string(),
        severity: Severity::Error,
        message,
    }
}

/// Parses, checks and verifies a published catalog and policy. Every problem is reported at
/// once; the pair is believed only with none. With `allow_demo` false a demo pair is refused
/// (the pricing team's checker); the app passes true and marks everything made under it.
pub fn load(
    publishers: &Publishers,
    catalog: Published,
    policy: Published,
    allow_demo: bool,
) -> Result<Signed, Vec<Problem>> {
    let (cf, pf) = (Kind::Catalog.file_name(), Kind::Policy.file_name());
    // The signatures first: a file changed by whoever could write on the web server says so
    // before anything it contains is read further.
    let signed = signatures(publishers, (cf, catalog), (pf, policy));
    let mut problems = signed.problems;
    let loaded = match check::load(cf, catalog.text, pf, policy.text) {
        Ok(l) => l,
        Err(more) => {
            problems.extend(more);
            return Err(problems);
        }
    };
    let signers: Vec<&Publisher> = [&signed.catalog, &signed.policy]
        .into_iter()
        .flatten()
        .collect();
    problems.extend(policy_problems(&loaded.policy, pf, allow_demo, &signers));
    match (problems.is_empty(), signed.catalog, signed.policy) {
        (true, Some(_), Some(publisher)) => Ok(Signed {
            demo: loaded.policy.demo,
            catalog: loaded.catalog,
            policy: loaded.policy,
            publisher,
            warnings: loaded.warnings,
        }),
        _ => Err(problems),
    }
}

/// Who signed each file of a published pair, and why a signature is refused.
#[derive(Clone, Debug)]
pub struct Signatures {
    pub catalog: Option<Publisher>,
    pub policy: Option<Publisher>,
    pub problems: Vec<Problem>,
}

/// Verifies the signatures of a catalog and a policy, each given with the name to report it by.
pub fn signatures(
    publishers: &Publishers,
    catalog: (&str, Published),
    policy: (&str, Published),
) -> Signatures {
    let mut problems = Vec::new();
    let mut verify = |kind: Kind, (name, file): (&str, Published)| {
        let version = declared_version(file.text);
        let bytes = file.text.as_bytes();
        match publication::verify(publishers, kind, &version, bytes, file.signature) {
            Ok(p) => Some(p.clone()),
            Err(r) => {
                let text = r.text(kind.file_name()).en;
                problems.push(problem(name, kind.signature_file_name(), text));
                None
            }
        }
    };
    let catalog = verify(Kind::Catalog, catalog);
    let policy = verify(Kind::Policy, policy);
    Signatures {
        catalog,
        policy,
        problems,
    }
}

/// What a published policy (reported as `file`) must be beyond the checker's rules: dated
/// (published, then expires); not demo unless `allow_demo`; and, if any of `signers` is a demo
/// publisher, marked demo.
pub fn policy_problems(
    p: &Policy,
    file: &str,
    allow_demo: bool,
    signers: &[&Publisher],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(d) = signers.iter().find(|x| x.demo) {
        if !p.demo {
            let text = Refusal::DemoPublisher(d.id.clone()).text(Kind::Policy.file_name());
            problems.push(problem(file, "demo", text.en));
        }
    }
    if p.demo && !allow_demo {
        problems.push(problem(
            file,
            "demo",
            "a demo policy (its approvers' keys are public); pass --allow-demo to accept it"
                .to_string(),
        ));
    }
    problems.extend(dates(p, file));
    problems
}

/// The `version` a published file declares (empty if it declares none: its signature, naming a
/// version, then cannot match).
fn declared_version(text: &str) -> String {
    #[derive(serde::Deserialize)]
    struct Version {
        #[serde(default)]
        version: String,
    }
    serde_json::from_str::<Version>(text)
        .map(|v| v.version)
        .unwrap_or_default()
}

/// A signed policy must say when it was published and when it expires, in that order.
fn dates(p: &Policy, file: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut date = |field: &str, value: &Option<String>| match value {
        None => {
            out.push(problem(
                file,
                field,
                format!("a published policy needs its {field} date (YYYY-MM-DD)"),
            ));
            None
        }
        Some(v) => {
            let d = crate::date::parse(v);
            if d.is_none() {
                out.push(problem(
                    file,
                    field,
                    format!("'{v}' is not a YYYY-MM-DD date"),
                ));
            }
            d
        }
    };
    let published = date("published", &p.published);
    let expires = date("expires", &p.expires);
    if let (Some(from), Some(to)) = (published, expires) {
        if to < from {
            out.push(problem(
                file,
                "expires",
                "the policy expires before it is published".to_string(),
            ));
        }
    }
    out
}

/// Whether approvals can be believed now, and if not why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Under a signed policy, before it expires.
    Trusted { demo: bool },
    /// The signed policy in force expired: "connect to refresh".
    Expired { expires: String },
    /// No signed policy is in force (the embedded default, or the published files failed with
    /// no good pair kept on the device).
    Unverifiable { why: Text },
}

impl Standing {
    /// The standing of approvals under the signed `policy` on `today`.
    pub fn of_signed(policy: &Policy, today: &str) -> Standing {
        let expired = policy.expires.as_deref().is_some_and(|e| {
            matches!((crate::date::parse(e), crate::date::parse(today)), (Some(e), Some(t)) if t > e)
        });
        match (&policy.expires, expired) {
            (Some(e), true) => Standing::Expired { expires: e.clone() },
            _ => Standing::Trusted { demo: policy.demo },
        }
    }
}

/// "Today" for every validity check: the later of the device's clock and the latest date the
/// device has seen, and whether the clock is behind it (to be flagged). Dates that do not parse
/// are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Today {
    pub date: String,
    pub clock_behind: bool,
}

/// See [`Today`]. `seen` is every date the device has seen: signed policies' `published`,
/// verified approvals' `issued`, the clock at earlier starts.
pub fn today<'a>(clock: &str, seen: impl IntoIterator<Item = &'a str>) -> Today {
    let clock_day = crate::date::parse(clock);
    let latest = seen.into_iter().filter_map(crate::date::parse).max();
    match (clock_day, latest) {
        (Some(c), Some(l)) if l > c => Today {
            date: crate::date::format(l),
            clock_behind: true,
        },
        (None, Some(l)) => Today {
            date: crate::date::format(l),
            clock_behind: true,
        },
        _ => Today {
            date: clock.to_string(),
            clock_behind: false,
        },
    }
}

/// The policy approvals of a quote are checked against: the authority ladder of the policy the
/// quote names (`named`, which priced it), with the approvers, approval bounds, demo mark and
/// `require_sm2` of the policy in force (`current`): a newer signed policy revokes at once.
pub fn enrolment(named: &Policy, current: &Policy) -> Policy {
    Policy {
        approvers: current.approvers.clone(),
        require_sm2: current.require_sm2,
        max_approval_days: current.max_approval_days,
        demo: current.demo,
        published: current.published.clone(),
        expires: current.expires.clone(),
        ..named.clone()
    }
}

/// Every signed catalog and policy the device has seen, by version: a quote is priced on the
/// exact versions it names, or not believed at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Versions {
    catalogs: BTreeMap<String, Arc<Catalog>>,
    policies: BTreeMap<String, Arc<Policy>>,
}

impl Versions {
    /// Keeps a signed catalog and policy (a version seen again replaces the one kept).
    pub fn keep(&mut self, catalog: Arc<Catalog>, policy: Arc<Policy>) {
        self.catalogs.insert(catalog.version.clone(), catalog);
        self.policies.insert(policy.version.clone(), policy);
    }

    pub fn catalog(&self, version: &str) -> Option<&Arc<Catalog>> {
        self.catalogs.get(version)
    }

    pub fn policy(&self, version: &str) -> Option<&Arc<Policy>> {
        self.policies.get(version)
    }
}

/// What a quote's price rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The exact catalog and policy the quote names.
    Named,
    /// The device does not have the signed catalog or policy the quote names: the figures are
    /// the current catalog's, and the quote needs repricing on it before anything is confirmed.
    NeedsRepricing { catalog: String, policy: String },
}

/// The exact signed catalog and policy `quote` names: the pair in use when it names those, else
/// versions kept on the device; `None` when the device lacks either.
pub fn named<'a>(
    versions: &'a Versions,
    catalog: &'a Arc<Catalog>,
    policy: &'a Arc<Policy>,
    quote: &Quote,
) -> Option<(&'a Arc<Catalog>, &'a Arc<Policy>)> {
    let c = if quote.catalog_version == catalog.version {
        Some(catalog)
    } else {
        versions.catalog(&quote.catalog_version)
    };
    let p = if quote.policy_version == policy.version {
        Some(policy)
    } else {
        versions.policy(&quote.policy_version)
    };
    c.zip(p)
}

/// What `quote`'s price rests on (see [`named`]).
pub fn basis(
    versions: &Versions,
    catalog: &Arc<Catalog>,
    policy: &Arc<Policy>,
    quote: &Quote,
) -> Basis {
    match named(versions, catalog, policy, quote) {
        Some(_) => Basis::Named,
        None => Basis::NeedsRepricing {
            catalog: quote.catalog_version.clone(),
            policy: quote.policy_version.clone(),
        },
    }
}

/// A quote's price on the exact catalog and policy it names, or on the pair in use with
/// [`Basis::NeedsRepricing`]: never a figure stored in a file. Also returns the policy its
/// approvals are judged under ([`enrolment`]).
pub fn price_named(
    versions: &Versions,
    catalog: &Arc<Catalog>,
    policy: &Arc<Policy>,
    quote: &Quote,
) -> (Priced, Basis, Policy) {
    let basis = basis(versions, catalog, policy, quote);
    match named(versions, catalog, policy, quote) {
        Some((c, p)) => (price(c, p, quote), basis, enrolment(p, policy)),
        None => (
            price(catalog, policy, quote),
            basis,
            policy.as_ref().clone(),
        ),
    }
}

impl Basis {
    /// Why approvals cannot be verified on this basis, if they cannot.
    pub fn unverifiable(&self) -> Option<Standing> {
        match self {
            Basis::Named => None,
            Basis::NeedsRepricing { catalog, policy } => Some(Standing::Unverifiable {
                why: Text::new(
                    format!("本设备没有方案所用的目录 {catalog} / 政策 {policy}，需按当前目录重新报价"),
                    format!("this device does not have catalog {catalog} / policy {policy} the quote was priced on: it needs repricing on the current catalog"),
                ),
            }),
        }
    }
}
