//! A priced proposal as a TMF648 Quote Management v4 `Quote`.
//!
//! | Tailor | TMF648 |
//! |---|---|
//! | the quote's id, version, date; valid-until (`statement::valid_until`) | `id`, `version`, `quoteDate`, `validFor` |
//! | the verdict | `state`: `approved` (within authority, approved or pre-authorised), `pending` (needs approval), `inProgress` (a blocking finding), `rejected` (refused: below the cost floor or beyond the ladder, or a valid rejection) |
//! | a line | `quoteItem` (`id`, `action` `add`, `quantity`, `state` the quote's, the offering as `productOffering`) with `product`: the chosen choice of every option group (a group not named: its default) as `productCharacteristic`, the line's site as `place` (role `installationSite`) |
//! | the line's reason for a discount above normal | a `note` of the item (`id` `reason`) |
//! | the line's net MRC and NRC | `quoteItemPrice` `recurring` (per month) and `oneTime`: `dutyFreeAmount` net, `taxIncludedAmount` gross, `taxRate` in percent, the list price's `productOfferingPrice` (TMF620 ids) |
//! | the waterfall | `priceAlteration` of each price, in order (`priority` 1, 2, 3): the term, bundle and requested discounts that apply (not 0 %, on an amount not zero), each with its `percentage` and the amount it takes off (`dutyFreeAmount`: the previous step's rounded amount less this step's, so list − the alterations = net exactly); the term discount applies for the term (`applicationDuration`) |
//! | the totals | `quoteTotalPrice`: `recurring`, `oneTime` and `total` (TCV), each net and gross, each the sum of its rounded lines |
//! | the approvals of the chain, the pre-authorisation | `authorization` per level needed: `approved` with the approver, the day signed (`givenDate`) and the signature (`{suite}:{hex}`), or `requested` while missing; a valid rejection `declined` |
//! | the customer, the account manager, the operator | `relatedParty`: `customer` (`Organization`, id the USCC), `seller` (`Individual`, the account manager as typed), `provider` (`Organization`) |
//!
//! Nothing internal is exported: no cost, margin, limit, headroom or guidance band.

use super::{day_end, day_start, money, percent};
use crate::approval::{Status, Why};
use crate::catalog::Catalog;
use crate::money::{Bp, Fen};
use crate::pricing::PricedLine;
use crate::quote::Line;
use crate::statement::Proposal;
use crate::text::{Lang, Text};
use serde_json::{json, Map, Value};

/// `p` as a TMF648 v4 `Quote`, names in `lang`. Lines and priced lines go together by position,
/// as `pricing::price` makes them.
pub fn quote(p: &Proposal, lang: Lang) -> Result<Value, Text> {
    let q = p.quote;
    let currency = p.priced.currency.as_str();
    let items = q
        .lines
        .iter()
        .zip(&p.priced.lines)
        .map(|(line, priced)| item(p, line, priced, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let t = &p.priced.totals;
    let (monthly, once, total) = words(lang);
    let totals = vec![
        total_price(
            currency,
            monthly,
            "recurring",
            Some("month"),
            t.net.mrc,
            t.gross.mrc,
        )?,
        total_price(currency, once, "oneTime", None, t.net.nrc, t.gross.nrc)?,
        total_price(currency, total, "total", None, t.net.tcv, t.gross.tcv)?,
    ];
    let mut parties = vec![json!({
        "id": q.customer.uscc,
        "name": q.customer.name,
        "role": "customer",
        "@referredType": "Organization",
    })];
    if !q.account_manager.trim().is_empty() {
        parties.push(json!({
            "id": q.account_manager,
            "name": q.account_manager,
            "role": "seller",
            "@referredType": "Individual",
        }));
    }
    parties.push(json!({
        "id": p.catalog.operator.zh,
        "name": p.catalog.operator.get(lang),
        "role": "provider",
        "@referredType": "Organization",
    }));
    let until = crate::statement::valid_until(p.policy.validity_days, q, p.verdict);
    let mut out = Map::new();
    out.insert("id".into(), q.id.clone().into());
    out.insert("version".into(), q.version.to_string().into());
    out.insert("category".into(), q.customer.industry.clone().into());
    out.insert("quoteDate".into(), day_start(&q.date).into());
    out.insert("state".into(), state(p).into());
    out.insert(
        "validFor".into(),
        json!({ "startDateTime": day_start(&q.date), "endDateTime": day_end(&until) }),
    );
    let authorizations = authorizations(p, lang);
    if !authorizations.is_empty() {
        out.insert("authorization".into(), authorizations.into());
    }
    out.insert("relatedParty".into(), parties.into());
    out.insert("quoteItem".into(), items.into());
    out.insert("quoteTotalPrice".into(), totals.into());
    Ok(Value::Object(out))
}

/// The names of the three kinds of price in `lang`.
fn words(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Zh => ("月租", "一次性费用", "合同总价"),
        Lang::En => ("monthly charge", "one-time charge", "total contract value"),
    }
}

/// The quote's state from its verdict and findings.
fn state(p: &Proposal) -> &'static str {
    let rejected = p
        .verdict
        .problems
        .iter()
        .any(|pr| matches!(pr.why, Why::Rejected { .. }));
    match p.verdict.status {
        Status::Refused => "rejected",
        _ if rejected => "rejected",
        _ if p.priced.blocked() => "inProgress",
        Status::NotApproved => "pending",
        Status::NotNeeded | Status::Approved | Status::PreAuthorised => "approved",
    }
}

/// A quote total: its net and gross amounts.
fn total_price(
    currency: &str,
    name: &str,
    kind: &str,
    period: Option<&str>,
    net: Fen,
    gross: Fen,
) -> Result<Value, Text> {
    let mut p = Map::new();
    p.insert("name".into(), name.into());
    p.insert("priceType".into(), kind.into());
    if let Some(period) = period {
        p.insert("recurringChargePeriod".into(), period.into());
    }
    p.insert(
        "price".into(),
        json!({
            "dutyFreeAmount": money(currency, net)?,
            "taxIncludedAmount": money(currency, gross)?,
        }),
    );
    Ok(Value::Object(p))
}

/// One line as a quote item.
fn item(p: &Proposal, line: &Line, priced: &PricedLine, lang: Lang) -> Result<Value, Text> {
    let offering = p.catalog.offering(&line.offering);
    let mut characteristics = Vec::new();
    for g in offering.map_or(&[][..], |o| &o.options) {
        if let Some(c) = g.in_force(&line.options) {
            characteristics.push(json!({ "name": g.id, "valueType": "string", "value": c.id }));
        }
    }
    let mut product = Map::new();
    if let Some(o) = offering {
        product.insert("name".into(), o.name.get(lang).into());
    }
    product.insert("productCharacteristic".into(), characteristics.into());
    if let Some(site) = line.site.as_deref().and_then(|s| p.quote.site(s)) {
        let name = [&site.name, &site.city, &site.address]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        product.insert(
            "place".into(),
            json!([{
                "id": site.id,
                "name": name,
                "role": "installationSite",
                "@referredType": "GeographicSite",
            }]),
        );
    }
    let currency = p.priced.currency.as_str();
    let (monthly, once, _) = words(lang);
    let mut item = Map::new();
    item.insert("id".into(), line.id.clone().into());
    item.insert("action".into(), "add".into());
    item.insert("quantity".into(), line.quantity.into());
    item.insert("state".into(), state(p).into());
    let mut offering_ref = json!({ "id": line.offering, "@referredType": "ProductOffering" });
    if let Some(o) = offering {
        offering_ref["name"] = o.name.get(lang).into();
    }
    item.insert("productOffering".into(), offering_ref);
    item.insert("product".into(), Value::Object(product));
    let w = &priced.waterfall;
    let steps = Steps {
        currency,
        lang,
        term: p.quote.term_months,
    };
    let (mrc_id, nrc_id) = base_price_ids(p.catalog, line);
    let prices = vec![
        steps.price(
            Kind::Recurring(mrc_id),
            monthly,
            (priced.net.mrc, priced.gross.mrc),
            priced.rate_bp,
            &[
                (Step::Term, priced.term_bp, w.list.mrc, w.after_term.mrc),
                (
                    Step::Bundle,
                    priced.bundle_bp,
                    w.after_term.mrc,
                    w.after_bundle.mrc,
                ),
                (
                    Step::Requested,
                    priced.requested_bp,
                    w.after_bundle.mrc,
                    w.after_requested.mrc,
                ),
            ],
        )?,
        steps.price(
            Kind::OneTime(nrc_id),
            once,
            (priced.net.nrc, priced.gross.nrc),
            priced.rate_bp,
            &[(
                Step::Requested,
                priced.requested_bp,
                w.list.nrc,
                w.after_requested.nrc,
            )],
        )?,
    ];
    item.insert("quoteItemPrice".into(), prices.into());
    if !line.reason.trim().is_empty() {
        item.insert(
            "note".into(),
            json!([{ "id": "reason", "text": line.reason }]),
        );
    }
    Ok(Value::Object(item))
}

/// The TMF620 ids of the base prices a line's list amounts come from: the MRC of the all-units
/// tier that contains its quantity (else the base MRC), and the base NRC when the offering has one.
fn base_price_ids(catalog: &Catalog, line: &Line) -> (String, Option<String>) {
    let offering = catalog.offering(&line.offering);
    let tier = offering.and_then(|o| o.tiers.iter().rev().find(|t| t.min_qty <= line.quantity));
    let mrc = match tier {
        Some(t) => format!("{}.mrc.from{}", line.offering, t.min_qty),
        None => format!("{}.mrc", line.offering),
    };
    let nrc = offering
        .filter(|o| o.nrc != 0)
        .map(|_| format!("{}.nrc", line.offering));
    (mrc, nrc)
}

/// A waterfall step.
#[derive(Clone, Copy)]
enum Step {
    Term,
    Bundle,
    Requested,
}

/// A recurring or one-time price, with the TMF620 id of its base price (a one-time price may
/// have none: only its options' surcharges).
enum Kind {
    Recurring(String),
    OneTime(Option<String>),
}

/// What the prices of one line share.
struct Steps<'a> {
    currency: &'a str,
    lang: Lang,
    term: u32,
}

impl Steps<'_> {
    /// A quote item price of `net` and `gross`, with a price alteration for each step that
    /// applies a discount to an amount (`(step, rate, before, after)`).
    fn price(
        &self,
        kind: Kind,
        name: &str,
        (net, gross): (Fen, Fen),
        rate_bp: Bp,
        steps: &[(Step, Bp, Fen, Fen)],
    ) -> Result<Value, Text> {
        let (price_type, period, base) = match kind {
            Kind::Recurring(id) => ("recurring", Some("month"), Some(id)),
            Kind::OneTime(id) => ("oneTime", None, id),
        };
        let mut alterations = Vec::new();
        for (step, bp, before, after) in steps {
            // A step at 0 %, or on nothing (no one-time charge), alters nothing.
            if *bp == 0 || *before == 0 {
                continue;
            }
            let mut a = Map::new();
            a.insert("name".into(), self.step_name(*step).into());
            a.insert("priceType".into(), price_type.into());
            a.insert("priority".into(), (alterations.len() + 1).into());
            if let Some(period) = period {
                a.insert("recurringChargePeriod".into(), period.into());
            }
            if matches!(step, Step::Term) {
                a.insert("applicationDuration".into(), self.term.into());
            }
            a.insert(
                "price".into(),
                json!({
                    "percentage": percent(*bp)?,
                    "dutyFreeAmount": money(self.currency, before - after)?,
                }),
            );
            alterations.push(Value::Object(a));
        }
        let mut p = Map::new();
        p.insert("name".into(), name.into());
        p.insert("priceType".into(), price_type.into());
        if let Some(period) = period {
            p.insert("recurringChargePeriod".into(), period.into());
        }
        p.insert(
            "price".into(),
            json!({
                "taxRate": percent(rate_bp)?,
                "dutyFreeAmount": money(self.currency, net)?,
                "taxIncludedAmount": money(self.currency, gross)?,
            }),
        );
        if !alterations.is_empty() {
            p.insert("priceAlteration".into(), alterations.into());
        }
        if let Some(base) = base {
            p.insert(
                "productOfferingPrice".into(),
                json!({ "id": base, "@referredType": "ProductOfferingPrice" }),
            );
        }
        Ok(Value::Object(p))
    }

    fn step_name(&self, step: Step) -> &'static str {
        match (step, self.lang) {
            (Step::Term, Lang::Zh) => "合同期折扣",
            (Step::Term, Lang::En) => "term discount",
            (Step::Bundle, Lang::Zh) => "捆绑折扣",
            (Step::Bundle, Lang::En) => "bundle discount",
            (Step::Requested, Lang::Zh) => "申请折扣",
            (Step::Requested, Lang::En) => "requested discount",
        }
    }
}

/// The authorizations: one per level the proposal needs, approved (with the approver and the
/// signature) or requested; a pre-authorisation it rests on; each valid rejection, declined.
fn authorizations(p: &Proposal, lang: Lang) -> Vec<Value> {
    let v = p.verdict;
    let level_name = |id: &str| {
        p.policy
            .levels
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_string(), |l| l.name.get(lang).to_string())
    };
    let approver = |id: &str, level: &str| {
        let name = p
            .policy
            .approver(id)
            .map_or_else(|| id.to_string(), |a| a.name.get(lang).to_string());
        json!([{ "id": id, "name": name, "role": level, "@referredType": "Individual" }])
    };
    let mut out = Vec::new();
    if let Some(c) = v.preauthorised_by() {
        if let Some(pre) = p.preauths.get(c.index) {
            let b = &pre.body;
            let name = match lang {
                Lang::Zh => format!("预授权（{}）", level_name(&b.level)),
                Lang::En => format!("pre-authorisation ({})", level_name(&b.level)),
            };
            out.push(json!({
                "name": name,
                "state": "approved",
                "givenDate": day_start(&b.issued),
                "approver": approver(&b.approver_id, &b.level),
                "signatureRepresentation": format!("{}:{}", b.suite.id(), pre.signature),
            }));
        }
        return out;
    }
    if v.status != Status::Refused {
        for level in p.policy.levels.iter().take(v.required + 1).skip(1) {
            let link = v.chain.iter().find(|l| l.level == level.id);
            let signed = link.and_then(|l| p.approvals.get(l.approval));
            out.push(match (link, signed) {
                (Some(l), Some(a)) => json!({
                    "name": level.name.get(lang),
                    "state": "approved",
                    "givenDate": day_start(&l.issued),
                    "approver": approver(&l.approver_id, &l.level),
                    "signatureRepresentation": format!("{}:{}", a.body.suite.id(), a.signature),
                }),
                _ => json!({
                    "name": level.name.get(lang),
                    "state": "requested",
                    "requestedDate": day_start(&p.quote.date),
                }),
            });
        }
    }
    for pr in &v.problems {
        if let Why::Rejected {
            approver: who,
            level,
            ..
        } = &pr.why
        {
            let given = pr
                .approval
                .and_then(|i| p.approvals.get(i))
                .map(|a| day_start(&a.body.issued));
            let mut d = Map::new();
            d.insert("name".into(), level_name(level).into());
            d.insert("state".into(), "declined".into());
            if let Some(given) = given {
                d.insert("givenDate".into(), given.into());
            }
            d.insert("approver".into(), approver(who, level));
            out.push(Value::Object(d));
        }
    }
    out
}
