//! The catalog and policy as TMF620 Product Catalog Management v4 resources.
//!
//! One document `{catalog, category, productOffering, productOfferingPrice}`:
//!
//! | Tailor | TMF620 |
//! |---|---|
//! | the catalog (version, operator) | `Catalog`, its categories referenced |
//! | a product family | `Category` (root), its offerings referenced |
//! | an offering | `ProductOffering`: its family as `category`, its quantity range and option groups as `prodSpecCharValueUse`, the policy's contract terms as `productOfferingTerm`, its prices referenced |
//! | base MRC, all-units tiers | `ProductOfferingPrice` `recurring` per month, each for a `quantity` range (`prodSpecCharValueUse` `valueFrom`–`valueTo`), the pricing logic `all-units` |
//! | base NRC | `ProductOfferingPrice` `oneTime` (when not zero) |
//! | a choice's surcharge | `ProductOfferingPrice` `recurring` or `oneTime` for that choice of its group (zero surcharges are not written: the choice is in the base price) |
//! | a tax class | `tax` of each price: its id and rate in percent |
//! | a term discount | `ProductOfferingPrice` `discount` with `percentage`, for the contract terms it applies to (`productOfferingTerm`), within the policy's `published`–`expires` |
//! | a bundle discount | `ProductOfferingPrice` `discount` for a range of `productFamilies` |
//!
//! Ids: the offering's id; `{offering}.mrc`, `{offering}.mrc.from{N}` (tier from N units),
//! `{offering}.nrc`, `{offering}.{group}.{choice}.mrc|nrc`; `term.{months}`, `bundle.{families}`.

use super::{day_end, day_start, money, percent};
use crate::catalog::{Catalog, Offering};
use crate::money::format_percent;
use crate::policy::Policy;
use crate::text::{Lang, Text};
use serde_json::{json, Map, Value};

/// Lifecycle status of everything exported: on sale.
const LAUNCHED: &str = "Launched";

/// The catalog and policy as TMF620 v4 resources, names and descriptions in `lang`.
pub fn product_catalog(catalog: &Catalog, policy: &Policy, lang: Lang) -> Result<Value, Text> {
    let discounts = discounts(policy, lang)?;
    let mut prices = Vec::new();
    let mut offerings = Vec::with_capacity(catalog.offerings.len());
    for o in &catalog.offerings {
        let own = offering_prices(catalog, policy, o, lang)?;
        let refs: Vec<Value> = own
            .iter()
            .chain(&discounts)
            .map(|p| json!({ "id": p["id"], "name": p["name"] }))
            .collect();
        offerings.push(offering(catalog, policy, o, refs, lang)?);
        prices.extend(own);
    }
    prices.extend(discounts);
    let categories: Vec<Value> = catalog
        .families
        .iter()
        .map(|f| {
            let members: Vec<Value> = catalog
                .offerings
                .iter()
                .filter(|o| o.family == f.id)
                .map(|o| json!({ "id": o.id, "name": o.name.get(lang) }))
                .collect();
            json!({
                "id": f.id,
                "name": f.name.get(lang),
                "isRoot": true,
                "version": catalog.version,
                "lifecycleStatus": LAUNCHED,
                "productOffering": members,
            })
        })
        .collect();
    let category_refs: Vec<Value> = catalog
        .families
        .iter()
        .map(|f| json!({ "id": f.id, "name": f.name.get(lang), "version": catalog.version }))
        .collect();
    Ok(json!({
        "catalog": {
            "id": catalog.version,
            "name": catalog.operator.get(lang),
            "version": catalog.version,
            "catalogType": "productCatalog",
            "lifecycleStatus": LAUNCHED,
            "category": category_refs,
            "relatedParty": [{
                "id": catalog.operator.zh,
                "name": catalog.operator.get(lang),
                "role": "owner",
                "@referredType": "Organization",
            }],
        },
        "category": categories,
        "productOffering": offerings,
        "productOfferingPrice": prices,
    }))
}

/// One offering's `ProductOffering`, its prices referenced by `prices`.
fn offering(
    catalog: &Catalog,
    policy: &Policy,
    o: &Offering,
    prices: Vec<Value>,
    lang: Lang,
) -> Result<Value, Text> {
    let family = catalog.family(&o.family).map_or("", |f| f.name.get(lang));
    let mut uses = vec![quantity_use(
        o.min_qty,
        Some(o.max_qty),
        o.unit.get(lang),
        lang,
    )];
    for g in &o.options {
        let values: Vec<Value> = g
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| json!({ "value": c.id, "valueType": "string", "isDefault": i == 0 }))
            .collect();
        uses.push(json!({
            "name": g.id,
            "description": g.name.get(lang),
            "valueType": "string",
            "minCardinality": 1,
            "maxCardinality": 1,
            "productSpecCharacteristicValue": values,
        }));
    }
    let terms: Vec<Value> = policy
        .terms
        .iter()
        .map(|m| term(*m, policy, lang))
        .collect();
    Ok(json!({
        "id": o.id,
        "name": o.name.get(lang),
        "description": o.description.get(lang),
        "version": catalog.version,
        "lifecycleStatus": LAUNCHED,
        "isBundle": false,
        "isSellable": true,
        "category": [{ "id": o.family, "name": family, "version": catalog.version }],
        "prodSpecCharValueUse": uses,
        "productOfferingTerm": terms,
        "productOfferingPrice": prices,
    }))
}

/// A contract term of `months` as a `ProductOfferingTerm`, with the term discount it brings.
fn term(months: u32, policy: &Policy, lang: Lang) -> Value {
    let discount = format_percent(policy.term_discount(months));
    let (name, description) = match lang {
        Lang::Zh => (
            format!("合同期 {months} 个月"),
            format!("合同期折扣 {discount}，用于月租"),
        ),
        Lang::En => (
            format!("{months}-month contract term"),
            format!("term discount {discount} on the monthly charge"),
        ),
    };
    json!({
        "name": name,
        "description": description,
        "duration": { "amount": months, "units": "month" },
    })
}

/// A use of the characteristic `quantity`: from `from` units up to `to` (none: no upper bound).
fn quantity_use(from: u32, to: Option<u32>, unit: &str, lang: Lang) -> Value {
    let description = match lang {
        Lang::Zh => "数量",
        Lang::En => "quantity",
    };
    json!({
        "name": "quantity",
        "description": description,
        "valueType": "integer",
        "minCardinality": 1,
        "maxCardinality": 1,
        "productSpecCharacteristicValue": [range(from, to, Some(unit))],
    })
}

/// A characteristic value range `from..=to` (none: from on).
fn range(from: u32, to: Option<u32>, unit: Option<&str>) -> Value {
    let mut v = Map::new();
    v.insert("valueType".into(), "integer".into());
    v.insert("valueFrom".into(), from.to_string().into());
    match to {
        Some(to) => {
            v.insert("valueTo".into(), to.to_string().into());
            v.insert("rangeInterval".into(), "closed".into());
        }
        None => {
            v.insert("rangeInterval".into(), "closedBottom".into());
        }
    }
    if let Some(unit) = unit {
        v.insert("unitOfMeasure".into(), unit.into());
    }
    Value::Object(v)
}

/// What every price of one offering shares: its currency, unit and tax.
struct PriceBase<'a> {
    currency: &'a str,
    version: &'a str,
    unit: &'a str,
    tax: Value,
}

impl PriceBase<'_> {
    /// A recurring monthly (`mrc`) or one-time price of `fen` per unit.
    fn price(&self, id: String, name: String, fen: i64, mrc: bool) -> Result<Value, Text> {
        let mut p = Map::new();
        p.insert("id".into(), id.into());
        p.insert("name".into(), name.into());
        p.insert("version".into(), self.version.into());
        p.insert("lifecycleStatus".into(), LAUNCHED.into());
        p.insert("isBundle".into(), false.into());
        if mrc {
            p.insert("priceType".into(), "recurring".into());
            p.insert("recurringChargePeriodType".into(), "month".into());
            p.insert("recurringChargePeriodLength".into(), 1.into());
        } else {
            p.insert("priceType".into(), "oneTime".into());
        }
        p.insert("price".into(), money(self.currency, fen)?);
        p.insert(
            "unitOfMeasure".into(),
            json!({ "amount": 1, "units": self.unit }),
        );
        p.insert("tax".into(), self.tax.clone());
        Ok(Value::Object(p))
    }
}

/// The prices of one offering: base MRC and its tiers, base NRC, and the choices' surcharges.
fn offering_prices(
    catalog: &Catalog,
    policy: &Policy,
    o: &Offering,
    lang: Lang,
) -> Result<Vec<Value>, Text> {
    let rate = policy.tax_class(&o.tax_class).map_or(0, |t| t.rate_bp);
    let base = PriceBase {
        currency: &catalog.currency,
        version: &catalog.version,
        unit: o.unit.get(lang),
        tax: json!([{ "taxCategory": o.tax_class, "taxRate": percent(rate)? }]),
    };
    let name = o.name.get(lang);
    let (mrc, nrc) = match lang {
        Lang::Zh => ("月租", "一次性费用"),
        Lang::En => ("monthly charge", "one-time charge"),
    };
    let mut prices = Vec::new();
    // The base MRC and each all-units tier, each for its quantity range: the tier containing the
    // quantity prices every unit.
    let mut steps = vec![(o.min_qty, o.mrc, format!("{}.mrc", o.id))];
    for t in &o.tiers {
        steps.push((t.min_qty, t.mrc, format!("{}.mrc.from{}", o.id, t.min_qty)));
    }
    for (i, (from, fen, id)) in steps.iter().enumerate() {
        let to = steps
            .get(i + 1)
            .map_or(o.max_qty, |next| next.0.saturating_sub(1));
        let mut p = base.price(id.clone(), format!("{name} {mrc}"), *fen, true)?;
        p["prodSpecCharValueUse"] = json!([quantity_use(*from, Some(to), base.unit, lang)]);
        p["pricingLogicAlgorithm"] = json!([{
            "id": "all-units",
            "name": "all-units volume tiers",
            "description": "the tier whose quantity range contains the quantity prices every unit",
        }]);
        prices.push(p);
    }
    if o.nrc != 0 {
        prices.push(base.price(
            format!("{}.nrc", o.id),
            format!("{name} {nrc}"),
            o.nrc,
            false,
        )?);
    }
    for g in &o.options {
        for c in &g.choices {
            for (fen, kind, is_mrc, words) in
                [(c.mrc, "mrc", true, mrc), (c.nrc, "nrc", false, nrc)]
            {
                if fen == 0 {
                    continue;
                }
                let id = format!("{}.{}.{}.{kind}", o.id, g.id, c.id);
                let label = format!("{name} {} {} {words}", g.name.get(lang), c.name.get(lang));
                let mut p = base.price(id, label, fen, is_mrc)?;
                p["prodSpecCharValueUse"] = json!([{
                    "name": g.id,
                    "description": g.name.get(lang),
                    "valueType": "string",
                    "productSpecCharacteristicValue": [{ "value": c.id, "valueType": "string" }],
                }]);
                prices.push(p);
            }
        }
    }
    Ok(prices)
}

/// The policy's term and bundle discounts as discount prices, valid while the policy is.
fn discounts(policy: &Policy, lang: Lang) -> Result<Vec<Value>, Text> {
    let valid_for = match (&policy.published, &policy.expires) {
        (Some(from), Some(to)) => {
            Some(json!({ "startDateTime": day_start(from), "endDateTime": day_end(to) }))
        }
        (Some(from), None) => Some(json!({ "startDateTime": day_start(from) })),
        _ => None,
    };
    let discount = |id: String, name: String, description: &str, bp| -> Result<Value, Text> {
        let mut p = Map::new();
        p.insert("id".into(), id.into());
        p.insert("name".into(), name.into());
        p.insert("description".into(), description.into());
        p.insert("version".into(), policy.version.clone().into());
        p.insert("lifecycleStatus".into(), LAUNCHED.into());
        p.insert("isBundle".into(), false.into());
        p.insert("priceType".into(), "discount".into());
        p.insert("percentage".into(), percent(bp)?.into());
        if let Some(v) = &valid_for {
            p.insert("validFor".into(), v.clone());
        }
        Ok(Value::Object(p))
    };
    let mut out = Vec::new();
    let mut terms: Vec<_> = policy.term_discounts.iter().collect();
    terms.sort_by_key(|t| t.min_months);
    for (i, t) in terms.iter().enumerate() {
        // The offered terms this entry is the one for: from its minimum up to the next entry's.
        let next = terms.get(i + 1).map_or(u32::MAX, |n| n.min_months);
        let applies: Vec<u32> = policy
            .terms
            .iter()
            .copied()
            .filter(|m| (t.min_months..next).contains(m))
            .collect();
        let (name, description) = match lang {
            Lang::Zh => (
                format!("合同期折扣（{} 个月起）", t.min_months),
                "用于月租，在捆绑折扣和申请折扣之前",
            ),
            Lang::En => (
                format!("term discount from {} months", t.min_months),
                "on the monthly charge, before the bundle and requested discounts",
            ),
        };
        let mut p = discount(
            format!("term.{}", t.min_months),
            name,
            description,
            t.discount_bp,
        )?;
        p["productOfferingTerm"] = applies.iter().map(|m| term(*m, policy, lang)).collect();
        out.push(p);
    }
    let mut bundles: Vec<_> = policy.bundle_discounts.iter().collect();
    bundles.sort_by_key(|b| b.min_families);
    for (i, b) in bundles.iter().enumerate() {
        let to = bundles
            .get(i + 1)
            .map(|next| next.min_families.saturating_sub(1));
        let (name, description, families) = match lang {
            Lang::Zh => (
                format!("捆绑折扣（{} 个产品族起）", b.min_families),
                "用于月租，在合同期折扣之后、申请折扣之前；按方案中有数量的行所属的不同产品族计数",
                "产品族数",
            ),
            Lang::En => (
                format!("bundle discount from {} product families", b.min_families),
                "on the monthly charge, after the term discount and before the requested discount; counting the distinct product families of the lines with a quantity",
                "product families",
            ),
        };
        let mut p = discount(
            format!("bundle.{}", b.min_families),
            name,
            description,
            b.discount_bp,
        )?;
        p["prodSpecCharValueUse"] = json!([{
            "name": "productFamilies",
            "description": families,
            "valueType": "integer",
            "productSpecCharacteristicValue": [range(b.min_families, to, None)],
        }]);
        out.push(p);
    }
    Ok(out)
}
