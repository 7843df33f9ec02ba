//! XLSX bytes → catalog and policy, every problem found at once at its sheet, row and column, and
//! the places each item came from (for the checker's problems).

use super::cell::{self, CellError};
use super::layout::{self as l, letters, File, Sheet, SHEETS};
use super::{Place, Places, Problem, MAX_BYTES};
use crate::catalog::{
    default_site_types, Catalog, Choice, Family, Industry, Offering, OptionGroup, Rule, RuleKind,
    Severity, SiteType, Template, TemplateLine, Tier,
};
use crate::money::{Bp, Fen};
use crate::policy::{
    Approver, BundleDiscount, Guidance, Level, Policy, Seller, TaxClass, TermDiscount,
};
use crate::quote::{Package, PackageLine};
use crate::suite::Suite;
use crate::text::Text;
use calamine::{open_workbook_from_rs, Data, Reader as _, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// One sheet as read: where each of its columns is, and its non-blank rows.
struct Table {
    sheet: Sheet,
    /// The position of each of the sheet's columns in the file (none: missing).
    at: Vec<Option<usize>>,
    /// Each non-blank row: its number (1-based, as Excel shows it) and its cells.
    rows: Vec<(u32, Vec<Data>)>,
}

/// A row being read: its table and index.
#[derive(Clone, Copy)]
struct Row<'t> {
    table: &'t Table,
    index: usize,
}

impl Row<'_> {
    fn number(&self) -> u32 {
        self.table.rows[self.index].0
    }

    fn place(&self, key: &str) -> Place {
        let col = self.table.sheet.col(key);
        Place {
            sheet: self.table.sheet.name.to_string(),
            row: self.number(),
            column: col
                .and_then(|c| self.table.at[c])
                .map(|at| (letters(at), key.to_string())),
        }
    }

    fn data(&self, key: &str) -> &Data {
        const EMPTY: &Data = &Data::Empty;
        self.table
            .sheet
            .col(key)
            .and_then(|c| self.table.at[c])
            .and_then(|at| self.table.rows[self.index].1.get(at))
            .unwrap_or(EMPTY)
    }
}

struct Reader {
    problems: Vec<Problem>,
    places: Places,
}

impl Reader {
    fn problem(&mut self, place: Place, message: Text) {
        self.problems.push(Problem { place, message });
    }

    fn cell<T>(&mut self, row: Row, key: &str, r: Result<T, CellError>) -> Option<T> {
        r.map_err(|e| self.problem(row.place(key), e.text())).ok()
    }

    fn empty(&mut self, row: Row, key: &str, what: &str) {
        self.problem(
            row.place(key),
            Text::new(
                format!("单元格为空；请填写{what}"),
                format!("the cell is empty; enter the {what}"),
            ),
        );
    }

    fn text(&mut self, row: Row, key: &str) -> String {
        self.cell(row, key, cell::text(row.data(key)))
            .unwrap_or_default()
    }

    fn bilingual(&mut self, row: Row, key: &str) -> Text {
        Text::new(
            self.text(row, &format!("{key}.zh")),
            self.text(row, &format!("{key}.en")),
        )
    }

    fn opt_text(&mut self, row: Row, key: &str) -> Option<String> {
        Some(self.text(row, key)).filter(|s| !s.is_empty())
    }

    fn opt_money(&mut self, row: Row, key: &str) -> Option<Fen> {
        self.cell(row, key, cell::money(row.data(key))).flatten()
    }

    fn money(&mut self, row: Row, key: &str) -> Fen {
        match self.cell(row, key, cell::money(row.data(key))) {
            Some(Some(f)) => f,
            Some(None) => {
                self.empty(row, key, "amount (yuan) / 金额（元）");
                0
            }
            None => 0,
        }
    }

    fn opt_rate(&mut self, row: Row, key: &str) -> Option<Bp> {
        self.cell(row, key, cell::rate(row.data(key))).flatten()
    }

    fn rate(&mut self, row: Row, key: &str) -> Bp {
        match self.cell(row, key, cell::rate(row.data(key))) {
            Some(Some(bp)) => bp,
            Some(None) => {
                self.empty(row, key, "rate (%) / 比率（%）");
                0
            }
            None => 0,
        }
    }

    fn opt_count(&mut self, row: Row, key: &str) -> Option<u32> {
        self.cell(
            row,
            key,
            cell::count(row.data(key), u64::from(u32::MAX)).map(|n| n.map(|n| n as u32)),
        )
        .flatten()
    }

    fn count(&mut self, row: Row, key: &str) -> u32 {
        match self.cell(row, key, cell::count(row.data(key), u64::from(u32::MAX))) {
            Some(Some(n)) => n as u32,
            Some(None) => {
                self.empty(row, key, "number / 数量");
                0
            }
            None => 0,
        }
    }

    fn boolean(&mut self, row: Row, key: &str) -> bool {
        self.cell(row, key, cell::boolean(row.data(key)))
            .flatten()
            .unwrap_or(false)
    }

    fn place_of(&mut self, file: File, path: String, row: Row) {
        self.places
            .put(file, path, row.table.sheet.name, row.number());
    }

    /// The index of the parent a child row names (its id, and which of that id: `# ` blank = 1).
    fn parent<'a>(
        &mut self,
        row: Row,
        key: &str,
        ids: impl Iterator<Item = &'a str>,
        sheet: &str,
    ) -> Option<usize> {
        let id = self.text(row, key);
        let nth = self.opt_count(row, &format!("{key} #")).unwrap_or(1).max(1) as usize;
        let found = ids
            .enumerate()
            .filter(|(_, i)| *i == id)
            .nth(nth - 1)
            .map(|(i, _)| i);
        if found.is_none() {
            let which = if nth > 1 {
                format!(" (#{nth})")
            } else {
                String::new()
            };
            self.problem(
                row.place(key),
                Text::new(
                    format!("工作表“{sheet}”中没有 id 为“{id}”{which}的行"),
                    format!("no row with id '{id}'{which} on the sheet '{sheet}'"),
                ),
            );
        }
        found
    }
}

fn rows(table: &Table) -> impl Iterator<Item = Row<'_>> {
    (0..table.rows.len()).map(move |index| Row { table, index })
}

/// Reads every sheet's table; a missing sheet or column is a problem and reads as blank.
fn tables(bytes: &[u8], problems: &mut Vec<Problem>) -> Option<Vec<Table>> {
    let whole = |message: Text| Problem {
        place: Place {
            sheet: String::new(),
            row: 0,
            column: None,
        },
        message,
    };
    if bytes.len() > MAX_BYTES {
        problems.push(whole(Text::new(
            format!("工作簿过大（{} 字节，上限 {MAX_BYTES} 字节）", bytes.len()),
            format!(
                "the workbook is too large ({} bytes; at most {MAX_BYTES})",
                bytes.len()
            ),
        )));
        return None;
    }
    let mut book: Xlsx<_> = match open_workbook_from_rs(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => {
            problems.push(whole(Text::new(
                format!("不是可读的 XLSX 工作簿：{e}"),
                format!("not a readable XLSX workbook: {e}"),
            )));
            return None;
        }
    };
    let mut out = Vec::new();
    for sheet in SHEETS {
        let range = book.worksheet_range(sheet.name);
        let place = |row| Place {
            sheet: sheet.name.to_string(),
            row,
            column: None,
        };
        let Ok(range) = range else {
            problems.push(Problem {
                place: place(0),
                message: Text::new(
                    format!("缺少工作表“{}”", sheet.name),
                    format!("the sheet '{}' is missing", sheet.name),
                ),
            });
            out.push(Table {
                sheet: *sheet,
                at: vec![None; sheet.cols.len()],
                rows: vec![],
            });
            continue;
        };
        let (end_row, end_col) = range.end().unwrap_or((0, 0));
        let get = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        let headers: Vec<String> = (0..=end_col)
            .map(|c| {
                cell::text(&get(0, c))
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            })
            .collect();
        let at: Vec<Option<usize>> = sheet
            .cols
            .iter()
            .map(|c| headers.iter().position(|h| *h == c.header()))
            .collect();
        for (c, found) in sheet.cols.iter().zip(&at) {
            // A parent's occurrence column may be left out: every id is then the first.
            if found.is_none() && !c.key.ends_with(" #") {
                problems.push(Problem {
                    place: place(1),
                    message: Text::new(
                        format!("缺少列“{}”", c.header()),
                        format!("the column '{}' is missing", c.header()),
                    ),
                });
            }
        }
        let rows = (1..=end_row)
            .map(|r| (r + 1, (0..=end_col).map(|c| get(r, c)).collect::<Vec<_>>()))
            .filter(|(_, cells)| cells.iter().any(|d| !is_blank(d)))
            .collect();
        out.push(Table {
            sheet: *sheet,
            at,
            rows,
        });
    }
    Some(out)
}

fn is_blank(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

/// The catalog and policy a workbook holds, with the places their items came from.
pub(crate) fn read(bytes: &[u8]) -> Result<(Catalog, Policy, Places), Vec<Problem>> {
    let mut problems = Vec::new();
    let Some(tables) = tables(bytes, &mut problems) else {
        return Err(problems);
    };
    let mut r = Reader {
        problems,
        places: Places::default(),
    };
    let table = |sheet: Sheet| {
        tables
            .iter()
            .find(|t| t.sheet.name == sheet.name)
            .unwrap_or(&tables[0])
    };
    let catalog = read_catalog(&mut r, &table);
    let policy = read_policy(&mut r, &table);
    if r.problems.is_empty() {
        Ok((catalog, policy, r.places))
    } else {
        Err(r.problems)
    }
}

/// The one row of a settings sheet (`catalog`, `policy`); none is a problem.
fn single<'t>(r: &mut Reader, t: &'t Table) -> Option<Row<'t>> {
    let mut all = rows(t);
    let first = all.next();
    if first.is_none() && t.at.iter().any(Option::is_some) {
        r.problem(
            Place {
                sheet: t.sheet.name.to_string(),
                row: 2,
                column: None,
            },
            Text::new("第 2 行须填写设置", "row 2 must hold the settings"),
        );
    }
    if let Some(extra) = all.next() {
        r.problem(
            extra.place(t.sheet.cols[0].key),
            Text::new(
                "此工作表只有一行设置（第 2 行）",
                "this sheet holds one row of settings (row 2)",
            ),
        );
    }
    first
}

fn read_catalog<'t>(r: &mut Reader, table: &impl Fn(Sheet) -> &'t Table) -> Catalog {
    let mut c = Catalog {
        schema_version: 0,
        version: String::new(),
        currency: String::new(),
        operator: Text::default(),
        families: vec![],
        offerings: vec![],
        rules: vec![],
        industries: vec![],
        templates: vec![],
        site_types: vec![],
    };
    if let Some(row) = single(r, table(l::CATALOG)) {
        r.place_of(File::Catalog, String::new(), row);
        c.schema_version = r.count(row, "schema_version");
        c.version = r.text(row, "version");
        c.currency = r.text(row, "currency");
        c.operator = r.bilingual(row, "operator");
    }
    for row in rows(table(l::FAMILIES)) {
        r.place_of(
            File::Catalog,
            format!("families[{}]", c.families.len()),
            row,
        );
        c.families.push(Family {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
        });
    }
    for row in rows(table(l::OFFERINGS)) {
        r.place_of(
            File::Catalog,
            format!("offerings[{}]", c.offerings.len()),
            row,
        );
        c.offerings.push(Offering {
            id: r.text(row, "id"),
            family: r.text(row, "family"),
            name: r.bilingual(row, "name"),
            unit: r.bilingual(row, "unit"),
            description: r.bilingual(row, "description"),
            tax_class: r.text(row, "tax_class"),
            mrc: r.money(row, "mrc"),
            nrc: r.money(row, "nrc"),
            mrc_cost: r.money(row, "mrc_cost"),
            nrc_cost: r.money(row, "nrc_cost"),
            min_qty: r.count(row, "min_qty"),
            max_qty: r.count(row, "max_qty"),
            tiers: vec![],
            options: vec![],
            end_of_sale: r.opt_text(row, "end_of_sale"),
            successor: r.opt_text(row, "successor"),
            successor_other_family: r.boolean(row, "successor_other_family"),
        });
    }
    let offering = |r: &mut Reader, c: &Catalog, row| {
        let ids = c.offerings.iter().map(|o| o.id.as_str());
        r.parent(row, "offering", ids, l::OFFERINGS.name)
    };
    for row in rows(table(l::TIERS)) {
        let tier = Tier {
            min_qty: r.count(row, "min_qty"),
            mrc: r.money(row, "mrc"),
        };
        if let Some(i) = offering(r, &c, row) {
            let o = &mut c.offerings[i];
            let path = format!("offerings[{i}].tiers[{}]", o.tiers.len());
            o.tiers.push(tier);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::OPTIONS)) {
        let group = OptionGroup {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            choices: vec![],
        };
        if let Some(i) = offering(r, &c, row) {
            let o = &mut c.offerings[i];
            let path = format!("offerings[{i}].options[{}]", o.options.len());
            o.options.push(group);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::CHOICES)) {
        let choice = Choice {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            description: r.bilingual(row, "description"),
            mrc: r.opt_money(row, "mrc").unwrap_or(0),
            nrc: r.opt_money(row, "nrc").unwrap_or(0),
            mrc_cost: r.opt_money(row, "mrc_cost").unwrap_or(0),
            nrc_cost: r.opt_money(row, "nrc_cost").unwrap_or(0),
        };
        let Some(i) = offering(r, &c, row) else {
            continue;
        };
        let ids = c.offerings[i].options.iter().map(|g| g.id.as_str());
        if let Some(g) = r.parent(row, "option", ids, l::OPTIONS.name) {
            let group = &mut c.offerings[i].options[g];
            let path = format!(
                "offerings[{i}].options[{g}].choices[{}]",
                group.choices.len()
            );
            group.choices.push(choice);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::RULES)) {
        r.place_of(File::Catalog, format!("rules[{}]", c.rules.len()), row);
        if let Some(rule) = rule(r, row) {
            c.rules.push(rule);
        }
    }
    for row in rows(table(l::INDUSTRIES)) {
        r.place_of(
            File::Catalog,
            format!("industries[{}]", c.industries.len()),
            row,
        );
        c.industries.push(Industry {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
        });
    }
    for row in rows(table(l::TEMPLATES)) {
        r.place_of(
            File::Catalog,
            format!("templates[{}]", c.templates.len()),
            row,
        );
        c.templates.push(Template {
            id: r.text(row, "id"),
            industry: r.text(row, "industry"),
            name: r.bilingual(row, "name"),
            description: r.bilingual(row, "description"),
            lines: vec![],
            packages: vec![],
        });
    }
    for row in rows(table(l::TEMPLATE_LINES)) {
        let line = TemplateLine {
            offering: r.text(row, "offering"),
            options: options(r, row),
            base: r.opt_count(row, "base").unwrap_or(0),
            per_hundred: r.opt_count(row, "per_hundred").unwrap_or(0),
        };
        let ids = c.templates.iter().map(|t| t.id.as_str());
        if let Some(i) = r.parent(row, "template", ids, l::TEMPLATES.name) {
            let t = &mut c.templates[i];
            let path = format!("templates[{i}].lines[{}]", t.lines.len());
            t.lines.push(line);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::TEMPLATE_PACKAGES)) {
        let package = Package {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            site_type: r.text(row, "site_type"),
            lines: vec![],
        };
        let ids = c.templates.iter().map(|t| t.id.as_str());
        if let Some(i) = r.parent(row, "template", ids, l::TEMPLATES.name) {
            let t = &mut c.templates[i];
            let path = format!("templates[{i}].packages[{}]", t.packages.len());
            t.packages.push(package);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::PACKAGE_LINES)) {
        let line = PackageLine {
            id: r.text(row, "id"),
            offering: r.text(row, "offering"),
            options: options(r, row),
            quantity: r.count(row, "quantity"),
            discount_bp: r.opt_rate(row, "discount_bp").unwrap_or(0),
        };
        let ids = c.templates.iter().map(|t| t.id.as_str());
        let Some(i) = r.parent(row, "template", ids, l::TEMPLATES.name) else {
            continue;
        };
        let ids = c.templates[i].packages.iter().map(|p| p.id.as_str());
        if let Some(p) = r.parent(row, "package", ids, l::TEMPLATE_PACKAGES.name) {
            let package = &mut c.templates[i].packages[p];
            let path = format!(
                "templates[{i}].packages[{p}].lines[{}]",
                package.lines.len()
            );
            package.lines.push(line);
            r.place_of(File::Catalog, path, row);
        }
    }
    for row in rows(table(l::SITE_TYPES)) {
        r.place_of(
            File::Catalog,
            format!("site_types[{}]", c.site_types.len()),
            row,
        );
        c.site_types.push(SiteType {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
        });
    }
    // No rows: the defaults, which the catalog leaves out.
    if c.site_types.is_empty() {
        c.site_types = default_site_types();
    }
    c
}

/// A list of ids in one cell, `a, b`.
fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A template or package line's chosen options in one cell, `group=choice; group=choice`.
fn options(r: &mut Reader, row: Row) -> BTreeMap<String, String> {
    let cell = r.text(row, "options");
    let mut out = BTreeMap::new();
    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((g, ch)) if !g.trim().is_empty() => {
                out.insert(g.trim().to_string(), ch.trim().to_string());
            }
            _ => r.problem(
                row.place("options"),
                Text::new(
                    format!("“{part}”应写作 选项组=选择，以分号分隔"),
                    format!("'{part}' should read group=choice, separated by semicolons"),
                ),
            ),
        }
    }
    out
}

fn rule(r: &mut Reader, row: Row) -> Option<Rule> {
    let severity = match r.text(row, "severity").trim() {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        other => {
            r.problem(
                row.place("severity"),
                Text::new(
                    format!("严重程度“{other}”无效：应为 error 或 warning"),
                    format!("severity '{other}' is not error or warning"),
                ),
            );
            None
        }
    };
    let id = r.text(row, "id");
    let message = r.bilingual(row, "message");
    let offering = r.text(row, "offering");
    let kind = match r.text(row, "kind").trim() {
        "requires" => RuleKind::Requires {
            offering,
            any_of: list(&r.text(row, "any_of")),
        },
        "excludes" => RuleKind::Excludes {
            offering,
            other: r.text(row, "other"),
        },
        "min_sites" => RuleKind::MinSites {
            offering,
            min: r.count(row, "min"),
        },
        "max_per_employee" => {
            let bp = r.rate(row, "per_employee_bp");
            let per_employee_bp = u32::try_from(bp).unwrap_or_else(|_| {
                r.problem(
                    row.place("per_employee_bp"),
                    Text::new("比率不能为负", "the rate cannot be negative"),
                );
                0
            });
            RuleKind::MaxPerEmployee {
                offering,
                per_employee_bp,
            }
        }
        "option_requires" => RuleKind::OptionRequires {
            offering,
            group: r.text(row, "group"),
            choice: r.text(row, "choice"),
            needs_group: r.text(row, "needs_group"),
            min_choice: r.text(row, "min_choice"),
        },
        other => {
            r.problem(
                row.place("kind"),
                Text::new(
                    format!("规则类型“{other}”无效"),
                    format!(
                        "rule kind '{other}' is none of requires, excludes, min_sites, max_per_employee, option_requires"
                    ),
                ),
            );
            return None;
        }
    };
    Some(Rule {
        id,
        severity: severity?,
        message,
        kind,
    })
}

fn read_policy<'t>(r: &mut Reader, table: &impl Fn(Sheet) -> &'t Table) -> Policy {
    let mut p = Policy {
        schema_version: 0,
        version: String::new(),
        demo: false,
        published: None,
        expires: None,
        tax_classes: vec![],
        levels: vec![],
        term_discounts: vec![],
        bundle_discounts: vec![],
        at_risk_widening: BTreeMap::new(),
        terms: vec![],
        validity_days: 0,
        max_approval_days: 0,
        guidance: vec![],
        reasons: vec![],
        approvers: vec![],
        require_sm2: false,
        sellers: vec![],
        early_termination_bp: None,
    };
    if let Some(row) = single(r, table(l::POLICY)) {
        r.place_of(File::Policy, String::new(), row);
        p.schema_version = r.count(row, "schema_version");
        p.version = r.text(row, "version");
        p.demo = r.boolean(row, "demo");
        p.published = r.opt_text(row, "published");
        p.expires = r.opt_text(row, "expires");
        p.terms = terms(r, row);
        p.validity_days = r.count(row, "validity_days");
        p.max_approval_days = r.count(row, "max_approval_days");
        p.require_sm2 = r.boolean(row, "require_sm2");
        p.early_termination_bp = r.opt_rate(row, "early_termination_bp");
    }
    for row in rows(table(l::TAX_CLASSES)) {
        r.place_of(
            File::Policy,
            format!("tax_classes[{}]", p.tax_classes.len()),
            row,
        );
        p.tax_classes.push(TaxClass {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            rate_bp: r.rate(row, "rate_bp"),
        });
    }
    for row in rows(table(l::LEVELS)) {
        r.place_of(File::Policy, format!("levels[{}]", p.levels.len()), row);
        p.levels.push(Level {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            discount_limits: BTreeMap::new(),
            max_tcv: r.opt_money(row, "max_tcv"),
        });
    }
    for row in rows(table(l::LIMITS)) {
        let family = r.text(row, "family");
        let bp = r.rate(row, "discount_limit");
        let ids = p.levels.iter().map(|l| l.id.as_str());
        let Some(i) = r.parent(row, "level", ids, l::LEVELS.name) else {
            continue;
        };
        if p.levels[i]
            .discount_limits
            .insert(family.clone(), bp)
            .is_some()
        {
            r.problem(row.place("family"), duplicate("family", &family));
        }
        r.place_of(
            File::Policy,
            format!("levels[{i}].discount_limits.{family}"),
            row,
        );
    }
    for row in rows(table(l::AT_RISK)) {
        let family = r.text(row, "family");
        let bp = r.rate(row, "widening");
        if p.at_risk_widening.insert(family.clone(), bp).is_some() {
            r.problem(row.place("family"), duplicate("family", &family));
        }
        r.place_of(File::Policy, format!("at_risk_widening.{family}"), row);
    }
    for row in rows(table(l::TERM_DISCOUNTS)) {
        r.place_of(
            File::Policy,
            format!("term_discounts[{}]", p.term_discounts.len()),
            row,
        );
        p.term_discounts.push(TermDiscount {
            min_months: r.count(row, "min_months"),
            discount_bp: r.rate(row, "discount_bp"),
        });
    }
    for row in rows(table(l::BUNDLE_DISCOUNTS)) {
        r.place_of(
            File::Policy,
            format!("bundle_discounts[{}]", p.bundle_discounts.len()),
            row,
        );
        p.bundle_discounts.push(BundleDiscount {
            min_families: r.count(row, "min_families"),
            discount_bp: r.rate(row, "discount_bp"),
        });
    }
    for row in rows(table(l::GUIDANCE)) {
        r.place_of(File::Policy, format!("guidance[{}]", p.guidance.len()), row);
        p.guidance.push(Guidance {
            family: r.text(row, "family"),
            industry: r.opt_text(row, "industry"),
            target_bp: r.rate(row, "target_bp"),
            normal_bp: r.rate(row, "normal_bp"),
        });
    }
    for row in rows(table(l::REASONS)) {
        r.place_of(File::Policy, format!("reasons[{}]", p.reasons.len()), row);
        p.reasons
            .push(Text::new(r.text(row, "zh"), r.text(row, "en")));
    }
    for row in rows(table(l::APPROVERS)) {
        r.place_of(
            File::Policy,
            format!("approvers[{}]", p.approvers.len()),
            row,
        );
        p.approvers.push(Approver {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            level: r.text(row, "level"),
            public_key: r.text(row, "public_key"),
            suite: suite(r, row),
        });
    }
    for row in rows(table(l::SELLERS)) {
        r.place_of(File::Policy, format!("sellers[{}]", p.sellers.len()), row);
        p.sellers.push(Seller {
            id: r.text(row, "id"),
            name: r.bilingual(row, "name"),
            public_key: r.text(row, "public_key"),
            suite: suite(r, row),
        });
    }
    p
}

fn duplicate(what: &str, id: &str) -> Text {
    Text::new(
        format!("重复的 {what}“{id}”"),
        format!("duplicate {what} '{id}'"),
    )
}

/// The contract terms in one cell, `12, 24, 36`.
fn terms(r: &mut Reader, row: Row) -> Vec<u32> {
    let mut out = Vec::new();
    for part in list(&r.text(row, "terms")) {
        match part.parse::<u32>() {
            Ok(n) => out.push(n),
            Err(_) => r.problem(
                row.place("terms"),
                Text::new(
                    format!("合同期“{part}”不是月数"),
                    format!("the term '{part}' is not a number of months"),
                ),
            ),
        }
    }
    out
}

/// A key's suite: blank is Ed25519.
fn suite(r: &mut Reader, row: Row) -> Suite {
    let s = r.text(row, "suite");
    if s.trim().is_empty() {
        return Suite::Ed25519;
    }
    Suite::from_id(s.trim()).unwrap_or_else(|| {
        r.problem(
            row.place("suite"),
            Text::new(
                format!("签名套件“{s}”无效：应为 ed25519 或 sm2-sm3"),
                format!("suite '{s}' is not ed25519 or sm2-sm3"),
            ),
        );
        Suite::Ed25519
    })
}
