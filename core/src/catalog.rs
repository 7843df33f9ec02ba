//! The product catalog the pricing team publishes as `catalog.json`, and its offerings indexed by
//! id for one pricing call.

use crate::money::Fen;
use crate::quote::Package;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The whole catalog: families, offerings, configuration rules, industries and solution templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub schema_version: u32,
    /// The published version, e.g. `2026.11`; quotes record the version they were priced on.
    pub version: String,
    /// ISO 4217 code of every amount in the catalog, e.g. `CNY`.
    pub currency: String,
    /// The operator's name as printed on proposals.
    pub operator: Text,
    pub families: Vec<Family>,
    pub offerings: Vec<Offering>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    pub industries: Vec<Industry>,
    pub templates: Vec<Template>,
    /// The kinds of customer site (PRODUCT.md "Sites at scale"). Absent: headquarters, branch and
    /// outlet ([`default_site_types`]), and then not written, so a catalog keeps its bytes.
    #[serde(
        default = "default_site_types",
        skip_serializing_if = "is_default_site_types"
    )]
    pub site_types: Vec<SiteType>,
}

/// A kind of customer site: site packages and bulk edits select sites by it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteType {
    pub id: String,
    pub name: Text,
}

/// The site types of a catalog that declares none: headquarters 总部, branch 分支机构, outlet
/// 营业网点.
pub fn default_site_types() -> Vec<SiteType> {
    [
        ("headquarters", "总部", "Headquarters"),
        ("branch", "分支机构", "Branch"),
        ("outlet", "营业网点", "Outlet"),
    ]
    .into_iter()
    .map(|(id, zh, en)| SiteType {
        id: id.into(),
        name: Text::new(zh, en),
    })
    .collect()
}

fn is_default_site_types(types: &[SiteType]) -> bool {
    types == default_site_types()
}

/// A product family (basic communications, dedicated lines and data, office, marketing services,
/// production control / IoT). Discount authority is set per family.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub id: String,
    pub name: Text,
}

/// Something the operator sells, priced per unit per month (MRC) and once (NRC), tax-exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: String,
    pub family: String,
    pub name: Text,
    /// The unit a quantity counts: seat, line, mailbox, SIM, camera…
    pub unit: Text,
    pub description: Text,
    /// A tax class id from the policy.
    pub tax_class: String,
    /// Base monthly recurring charge per unit, in fen.
    pub mrc: Fen,
    /// Base one-time charge per unit, in fen.
    pub nrc: Fen,
    /// Unit monthly cost: the MRC cost floor per unit before options.
    pub mrc_cost: Fen,
    /// Unit one-time cost: the NRC cost floor per unit before options.
    pub nrc_cost: Fen,
    pub min_qty: u32,
    pub max_qty: u32,
    /// All-units volume tiers, ascending by `min_qty`: the tier containing the quantity sets the
    /// base unit MRC for every unit. None is not written, as the published files leave it out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// None is not written, as the published files leave it out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionGroup>,
    /// The first day the offering is no longer sold, `YYYY-MM-DD`: from then on it cannot be added
    /// to a new proposal ([`crate::end_of_sale`]), but contracts that hold it still amend and renew
    /// it. None: on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_sale: Option<String>,
    /// The offering that replaces it once it is no longer sold, an offering id of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// The successor is of another product family, on purpose (the checker otherwise asks for
    /// the same family).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub successor_other_family: bool,
}

/// An all-units volume tier: from `min_qty` units on, every unit's base MRC is `mrc`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub min_qty: u32,
    pub mrc: Fen,
}

/// A choice the seller makes on a line: bandwidth, storage, SLA grade… Choices are ordered from
/// the lowest to the highest; the first is the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionGroup {
    pub id: String,
    pub name: Text,
    pub choices: Vec<Choice>,
}

/// One choice of an option group, with the surcharges and costs it adds per unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub name: Text,
    /// What the choice promises in words (an SLA grade's availability and response time…).
    #[serde(default)]
    pub description: Text,
    #[serde(default)]
    pub mrc: Fen,
    #[serde(default)]
    pub nrc: Fen,
    #[serde(default)]
    pub mrc_cost: Fen,
    #[serde(default)]
    pub nrc_cost: Fen,
}

/// How bad a configuration-rule violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informs the seller; the proposal may still be handed over.
    Warning,
    /// Blocks the proposal until fixed.
    Error,
}

/// A configuration rule, as data, with the message shown when it is broken.
// No `deny_unknown_fields` here: serde does not support it together with `flatten` (every rule's
// `kind` and its fields would be rejected as unknown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub message: Text,
    #[serde(flatten)]
    pub kind: RuleKind,
}

/// What a configuration rule demands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// A quote with `offering` must also hold at least one of `any_of`.
    Requires {
        offering: String,
        any_of: Vec<String>,
    },
    /// `offering` and `other` may not be in the same quote.
    Excludes { offering: String, other: String },
    /// The lines of `offering` must be spread over at least `min` distinct customer sites.
    MinSites { offering: String, min: u32 },
    /// The total quantity of `offering` may not exceed employees × `per_employee_bp` / 10 000.
    MaxPerEmployee {
        offering: String,
        per_employee_bp: u32,
    },
    /// On a line of `offering`, choosing `choice` (or a higher one) in `group` needs at least
    /// `min_choice` in `needs_group`.
    OptionRequires {
        offering: String,
        group: String,
        choice: String,
        needs_group: String,
        min_choice: String,
    },
}

/// A customer industry (government, finance, hotels…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub id: String,
    pub name: Text,
}

/// An industry solution template: the recommended lines, with quantities that follow the
/// customer's size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub industry: String,
    pub name: Text,
    pub description: Text,
    pub lines: Vec<TemplateLine>,
    /// Site packages the template brings, per site type (optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Package>,
}

/// One recommended line: quantity = `base` + ⌈employees × `per_hundred` / 100⌉, kept within the
/// offering's minimum and maximum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateLine {
    pub offering: String,
    /// None is not written, as the published files leave it out.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    #[serde(default)]
    pub base: u32,
    #[serde(default)]
    pub per_hundred: u32,
}

impl Catalog {
    pub fn offering(&self, id: &str) -> Option<&Offering> {
        self.offerings.iter().find(|o| o.id == id)
    }

    pub fn family(&self, id: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }

    pub fn site_type(&self, id: &str) -> Option<&SiteType> {
        self.site_types.iter().find(|t| t.id == id)
    }

    pub fn industry(&self, id: &str) -> Option<&Industry> {
        self.industries.iter().find(|i| i.id == id)
    }

    /// The templates recommended for an industry.
    pub fn templates_for<'a>(&'a self, industry: &'a str) -> impl Iterator<Item = &'a Template> {
        self.templates
            .iter()
            .filter(move |t| t.industry == industry)
    }
}

impl Offering {
    pub fn group(&self, id: &str) -> Option<&OptionGroup> {
        self.options.iter().find(|g| g.id == id)
    }

    /// Whether the offering is no longer sold on `date` (`YYYY-MM-DD`): its end of sale is on or
    /// before it. A date that does not parse counts as not sold, never as on sale.
    pub fn retired_on(&self, date: &str) -> bool {
        self.end_of_sale.as_deref().is_some_and(|eos| {
            match (crate::date::parse(eos), crate::date::parse(date)) {
                (Some(eos), Some(day)) => day >= eos,
                _ => true,
            }
        })
    }

    /// The base unit MRC for `qty` units: the all-units tier that contains `qty`, else the base MRC.
    pub(crate) fn base_unit_mrc(&self, qty: u32) -> Fen {
        self.tiers
            .iter()
            .rev()
            .find(|t| t.min_qty <= qty)
            .map_or(self.mrc, |t| t.mrc)
    }
}

impl OptionGroup {
    /// The position of a choice in the group (its rank, lowest first).
    pub(crate) fn rank(&self, choice: &str) -> Option<usize> {
        self.choices.iter().position(|c| c.id == choice)
    }

    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    pub fn default_choice(&self) -> Option<&Choice> {
        self.choices.first()
    }

    /// The choice in force for a line whose chosen options are `options`: its own when the group
    /// has it, else the group's default. What is priced, shown and exported.
    pub fn in_force(&self, options: &BTreeMap<String, String>) -> Option<&Choice> {
        options
            .get(&self.id)
            .and_then(|id| self.choice(id))
            .or_else(|| self.default_choice())
    }
}

/// The catalog's offerings by id, built once per pricing call and shared by its lines and its
/// configuration rules. The first offering of an id wins, as in [`Catalog::offering`].
pub(crate) struct OfferingIndex<'a> {
    offerings: &'a [Offering],
    by_id: IdMap<'a, usize>,
}

impl<'a> OfferingIndex<'a> {
    pub(crate) fn new(catalog: &'a Catalog) -> Self {
        let mut by_id =
            IdMap::with_capacity_and_hasher(catalog.offerings.len(), Default::default());
        for (i, o) in catalog.offerings.iter().enumerate() {
            by_id.entry(o.id.as_str()).or_insert(i);
        }
        OfferingIndex {
            offerings: &catalog.offerings,
            by_id,
        }
    }

    /// The position in the catalog of the offering with `id`.
    #[inline]
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The offering with `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&'a Offering> {
        self.position(id).map(|i| &self.offerings[i])
    }
}

/// A map keyed by the short ids of one pricing call (offerings, sites), with [`IdHasher`].
pub(crate) type IdMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<IdHasher>>;

/// A set of the short ids of one pricing call, with [`IdHasher`].
pub(crate) type IdSet<'a> = HashSet<&'a str, BuildHasherDefault<IdHasher>>;

/// A fast hash for the short ids of one pricing call, eight bytes at a time (FxHash's mixing). No
/// untrusted key flooding to defend against: the tables hold one catalog's and one quote's ids
/// (the app also tells with it whether a quote's lines and sites were rearranged).
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
