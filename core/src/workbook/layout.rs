//! The workbook's sheets and columns: the one definition the writer, the reader and the checker's
//! places share. A column's key is the JSON field it holds, relative to the row's item
//! (`name.zh`, `mrc`), so a checker path maps back to a column.

/// What a column holds, and so how its cells are written and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Text; also ids, lists (`a, b`) and maps (`k=v; k=v`).
    Text,
    /// Yuan with two decimals, exact to the fen.
    Money,
    /// A percentage with two decimals, exact to the bp.
    Rate,
    /// A whole number of 0 or more.
    Count,
    Bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    pub key: &'static str,
    pub kind: Kind,
}

impl Col {
    /// The header cell: the key, with the unit of money and rate columns.
    pub(crate) fn header(&self) -> String {
        match self.kind {
            Kind::Money => format!("{} (¥)", self.key),
            Kind::Rate => format!("{} (%)", self.key),
            _ => self.key.to_string(),
        }
    }
}

/// Which published file a sheet's rows belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum File {
    Catalog,
    Policy,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Sheet {
    pub name: &'static str,
    pub cols: &'static [Col],
}

impl Sheet {
    pub(crate) fn col(&self, key: &str) -> Option<usize> {
        self.cols.iter().position(|c| c.key == key)
    }
}

const fn t(key: &'static str) -> Col {
    Col {
        key,
        kind: Kind::Text,
    }
}
const fn m(key: &'static str) -> Col {
    Col {
        key,
        kind: Kind::Money,
    }
}
const fn r(key: &'static str) -> Col {
    Col {
        key,
        kind: Kind::Rate,
    }
}
const fn n(key: &'static str) -> Col {
    Col {
        key,
        kind: Kind::Count,
    }
}
const fn b(key: &'static str) -> Col {
    Col {
        key,
        kind: Kind::Bool,
    }
}

pub(crate) const CATALOG: Sheet = Sheet {
    name: "catalog",
    cols: &[
        n("schema_version"),
        t("version"),
        t("currency"),
        t("operator.zh"),
        t("operator.en"),
    ],
};
pub(crate) const FAMILIES: Sheet = Sheet {
    name: "families",
    cols: &[t("id"), t("name.zh"), t("name.en")],
};
pub(crate) const OFFERINGS: Sheet = Sheet {
    name: "offerings",
    cols: &[
        t("id"),
        t("family"),
        t("name.zh"),
        t("name.en"),
        t("unit.zh"),
        t("unit.en"),
        t("description.zh"),
        t("description.en"),
        t("tax_class"),
        m("mrc"),
        m("nrc"),
        m("mrc_cost"),
        m("nrc_cost"),
        n("min_qty"),
        n("max_qty"),
        t("end_of_sale"),
        t("successor"),
        b("successor_other_family"),
    ],
};
// A child row names its parent by id; its `#` column (blank: 1) says which of several parents
// with that id, so even a catalog with duplicate ids (which the checker reports) round-trips.
pub(crate) const TIERS: Sheet = Sheet {
    name: "tiers",
    cols: &[t("offering"), n("offering #"), n("min_qty"), m("mrc")],
};
pub(crate) const OPTIONS: Sheet = Sheet {
    name: "options",
    cols: &[
        t("offering"),
        n("offering #"),
        t("id"),
        t("name.zh"),
        t("name.en"),
    ],
};
pub(crate) const CHOICES: Sheet = Sheet {
    name: "choices",
    cols: &[
        t("offering"),
        n("offering #"),
        t("option"),
        n("option #"),
        t("id"),
        t("name.zh"),
        t("name.en"),
        t("description.zh"),
        t("description.en"),
        m("mrc"),
        m("nrc"),
        m("mrc_cost"),
        m("nrc_cost"),
    ],
};
pub(crate) const RULES: Sheet = Sheet {
    name: "rules",
    cols: &[
        t("id"),
        t("severity"),
        t("message.zh"),
        t("message.en"),
        t("kind"),
        t("offering"),
        t("any_of"),
        t("other"),
        n("min"),
        r("per_employee_bp"),
        t("group"),
        t("choice"),
        t("needs_group"),
        t("min_choice"),
    ],
};
pub(crate) const INDUSTRIES: Sheet = Sheet {
    name: "industries",
    cols: &[t("id"), t("name.zh"), t("name.en")],
};
pub(crate) const TEMPLATES: Sheet = Sheet {
    name: "templates",
    cols: &[
        t("id"),
        t("industry"),
        t("name.zh"),
        t("name.en"),
        t("description.zh"),
        t("description.en"),
    ],
};
pub(crate) const TEMPLATE_LINES: Sheet = Sheet {
    name: "template lines",
    cols: &[
        t("template"),
        n("template #"),
        t("offering"),
        t("options"),
        n("base"),
        n("per_hundred"),
    ],
};
// A template's site packages, and their lines (a line names its template and its package).
pub(crate) const TEMPLATE_PACKAGES: Sheet = Sheet {
    name: "template packages",
    cols: &[
        t("template"),
        n("template #"),
        t("id"),
        t("name.zh"),
        t("name.en"),
        t("site_type"),
    ],
};
pub(crate) const PACKAGE_LINES: Sheet = Sheet {
    name: "package lines",
    cols: &[
        t("template"),
        n("template #"),
        t("package"),
        n("package #"),
        t("id"),
        t("offering"),
        t("options"),
        n("quantity"),
        r("discount_bp"),
    ],
};
// No rows: the default site types (headquarters, branch, outlet), which the catalog leaves out.
pub(crate) const SITE_TYPES: Sheet = Sheet {
    name: "site types",
    cols: &[t("id"), t("name.zh"), t("name.en")],
};
pub(crate) const POLICY: Sheet = Sheet {
    name: "policy",
    cols: &[
        n("schema_version"),
        t("version"),
        b("demo"),
        t("published"),
        t("expires"),
        t("terms"),
        n("validity_days"),
        n("max_approval_days"),
        b("require_sm2"),
        r("early_termination_bp"),
    ],
};
pub(crate) const TAX_CLASSES: Sheet = Sheet {
    name: "tax classes",
    cols: &[t("id"), t("name.zh"), t("name.en"), r("rate_bp")],
};
pub(crate) const LEVELS: Sheet = Sheet {
    name: "levels",
    cols: &[t("id"), t("name.zh"), t("name.en"), m("max_tcv")],
};
pub(crate) const LIMITS: Sheet = Sheet {
    name: "limits",
    cols: &[t("level"), n("level #"), t("family"), r("discount_limit")],
};
pub(crate) const AT_RISK: Sheet = Sheet {
    name: "at-risk widening",
    cols: &[t("family"), r("widening")],
};
pub(crate) const TERM_DISCOUNTS: Sheet = Sheet {
    name: "term discounts",
    cols: &[n("min_months"), r("discount_bp")],
};
pub(crate) const BUNDLE_DISCOUNTS: Sheet = Sheet {
    name: "bundle discounts",
    cols: &[n("min_families"), r("discount_bp")],
};
pub(crate) const GUIDANCE: Sheet = Sheet {
    name: "guidance",
    cols: &[t("family"), t("industry"), r("target_bp"), r("normal_bp")],
};
pub(crate) const REASONS: Sheet = Sheet {
    name: "reasons",
    cols: &[t("zh"), t("en")],
};
pub(crate) const APPROVERS: Sheet = Sheet {
    name: "approvers",
    cols: &[
        t("id"),
        t("name.zh"),
        t("name.en"),
        t("level"),
        t("public_key"),
        t("suite"),
    ],
};
pub(crate) const SELLERS: Sheet = Sheet {
    name: "sellers",
    cols: &[
        t("id"),
        t("name.zh"),
        t("name.en"),
        t("public_key"),
        t("suite"),
    ],
};

/// The column holding a map entry's value, on the sheets that hold a map (family → rate).
pub(crate) fn entry_value(sheet: &str) -> Option<&'static str> {
    match sheet {
        s if s == LIMITS.name => Some("discount_limit"),
        s if s == AT_RISK.name => Some("widening"),
        _ => None,
    }
}

/// Every sheet, in the workbook's order.
pub(crate) const SHEETS: &[Sheet] = &[
    CATALOG,
    FAMILIES,
    OFFERINGS,
    TIERS,
    OPTIONS,
    CHOICES,
    RULES,
    INDUSTRIES,
    TEMPLATES,
    TEMPLATE_LINES,
    TEMPLATE_PACKAGES,
    PACKAGE_LINES,
    SITE_TYPES,
    POLICY,
    TAX_CLASSES,
    LEVELS,
    LIMITS,
    AT_RISK,
    TERM_DISCOUNTS,
    BUNDLE_DISCOUNTS,
    GUIDANCE,
    REASONS,
    APPROVERS,
    SELLERS,
];

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
