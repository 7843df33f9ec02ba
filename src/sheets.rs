//! The spreadsheet worker the configurator loads on first use (bin `sheets`: `sheets_loader.js`,
//! `sheets.js`, `sheets_bg.wasm`; index.html builds it as a trunk worker, `crate::background`).
//! Everything spreadsheet is here, so neither the configurator's first visit nor the signing
//! worker carries an XLSX reader or writer. Its [`Job`]s:
//!
//! - **The customer's site list** (`tailor_core::site_import`): a CSV file (UTF-8, or GBK decoded
//!   with the browser's own `TextDecoder`) or an XLSX workbook (its first sheet, read with
//!   calamine) read into rows ([`Job::ReadSites`]), and what importing them under a column
//!   mapping would do ([`Job::PlanSites`]). The page applies the plan only when the seller
//!   confirms.
//! - **The per-site sheet** ([`Job::SiteSheet`]) for the delivery team: the rows
//!   `tailor_core::site_sheet` makes of the quote as priced, as its CSV or written as XLSX with
//!   rust_xlsxwriter (amounts as numbers in yuan with two decimals, text stays text), so the
//!   configurator's bundle carries neither.
//!
//! [`handle`] is the whole of the worker's work, tested natively.

use serde::{Deserialize, Serialize};
use tailor_core::catalog::Catalog;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::site_import::{self, Mapping, Plan, Table};
use tailor_core::site_sheet::{self, Cell, Sheet};
use tailor_core::text::{Lang, Text};

/// What the page asks of the worker.
#[derive(Serialize, Deserialize)]
pub enum Job {
    ReadSites(Box<SiteFile>),
    PlanSites(Box<SitePlan>),
    SiteSheet(Box<SiteSheet>),
}

/// The per-site sheet of a quote as priced, to write as CSV or XLSX (`mark`: a row before the
/// CSV's header, the demo mark).
#[derive(Serialize, Deserialize)]
pub struct SiteSheet {
    pub catalog: Catalog,
    pub quote: Quote,
    pub priced: Priced,
    pub lang: Lang,
    pub xlsx: bool,
    pub mark: Option<String>,
}

/// A site list file the seller chose: its name and bytes.
#[derive(Serialize, Deserialize)]
pub struct SiteFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A site list read into rows, with the columns it maps and the quote whose sites it updates.
#[derive(Serialize, Deserialize)]
pub struct SitePlan {
    pub catalog: Catalog,
    pub quote: Quote,
    pub table: Table,
    pub mapping: Mapping,
}

/// What the worker sends back for a [`Job`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Done {
    Sites(Box<Table>),
    SitePlan(Box<Plan>),
    /// A file's bytes.
    File(Vec<u8>),
}

type Reply = Result<Done, Text>;

/// The worker's work: one [`Job`], as JSON. `gbk` decodes bytes that are not UTF-8 as GBK
/// (the browser's `TextDecoder`; none when they are not GBK either).
pub fn handle(job: &str, gbk: &dyn Fn(&[u8]) -> Option<String>) -> Reply {
    let job: Job = serde_json::from_str(job).map_err(|_| {
        Text::new(
            "表格组件的任务无法读取",
            "The spreadsheet worker's job cannot be read",
        )
    })?;
    match job {
        Job::ReadSites(file) => rows_of(&file, gbk).map(|t| Done::Sites(Box::new(t))),
        Job::PlanSites(p) => site_import::plan(&p.catalog, &p.quote, &p.table, &p.mapping)
            .map(|plan| Done::SitePlan(Box::new(plan))),
        Job::SiteSheet(job) => site_sheet_of(&job).map(Done::File),
    }
}

/// A site list's rows: an XLSX workbook (a ZIP file: `PK`) from its first sheet, else CSV text.
fn rows_of(file: &SiteFile, gbk: &dyn Fn(&[u8]) -> Option<String>) -> Result<Table, Text> {
    let decoded = site_import::decode(&file.name, &file.bytes, site_import::Encoding::Utf8)?;
    if file.bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(&file.name, &file.bytes);
    }
    let text = match decoded {
        site_import::Decoded::Text(text) => text,
        site_import::Decoded::Gbk => {
            gbk(&file.bytes).ok_or_else(|| site_import::undecodable(&file.name))?
        }
    };
    site_import::read_csv(&file.name, &text)
}

/// The first sheet of an XLSX workbook, every cell as text, numbered as the spreadsheet numbers
/// its rows and columns.
fn read_xlsx(name: &str, bytes: &[u8]) -> Result<Table, Text> {
    use calamine::{open_workbook_from_rs, Data, Reader as _, Xlsx};
    let refuse = |zh: &str, en: &str| {
        tailor_core::limits::cannot_open(name, &Text::new(zh.to_string(), en.to_string()))
    };
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| {
        refuse(
            "不是可读取的 XLSX 工作簿",
            "it is not a readable XLSX workbook",
        )
    })?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| refuse("工作簿中没有工作表", "the workbook has no sheet"))?
        .map_err(|_| refuse("第一张工作表无法读取", "its first sheet cannot be read"))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        other => other.to_string(),
    };
    let cap = site_import::MAX_COLUMNS;
    let blank = || vec![String::new(); (left as usize).min(cap)];
    let mut rows: Vec<Vec<String>> = (0..top.min(1 << 20)).map(|_| Vec::new()).collect();
    for row in range.rows().take(tailor_core::limits::MAX_SITES + 2) {
        let mut cells = blank();
        cells.extend(row.iter().take(cap).map(text));
        rows.push(cells);
    }
    Ok(site_import::read_rows(rows))
}

/// The per-site sheet's file: CSV (the core's, with the mark if any) or XLSX.
fn site_sheet_of(job: &SiteSheet) -> Result<Vec<u8>, Text> {
    let sheet = site_sheet::sheet(&job.catalog, &job.quote, &job.priced, job.lang);
    if job.xlsx {
        return xlsx_of(&sheet);
    }
    let csv = site_sheet::to_csv(&sheet);
    Ok(match &job.mark {
        Some(mark) => tailor_core::csv::with_mark(&csv, mark),
        None => csv,
    })
}

/// The per-site sheet as an XLSX workbook: a bold, frozen header row, amounts as numbers with two
/// decimals (yuan: fen ÷ 100, for the spreadsheet to show, never to price), an autofilter.
fn xlsx_of(sheet: &Sheet) -> Result<Vec<u8>, Text> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |_| {
        Text::new(
            "站点明细 XLSX 无法写出",
            "The per-site XLSX cannot be written",
        )
    };
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(&sheet.name).map_err(failed)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("0.00");
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(failed)?;
    }
    for (r, cells) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            let written = match cell {
                Cell::Text(t) if t.is_empty() => continue,
                Cell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
                Cell::Count(n) => ws.write_number(r, c, *n).map(|_| ()),
                Cell::Amount(f) => ws
                    .write_number_with_format(r, c, *f as f64 / 100.0, &money)
                    .map(|_| ()),
            };
            written.map_err(failed)?;
        }
    }
    let last = sheet.header.len().saturating_sub(1) as u16;
    ws.set_freeze_panes(1, 0).map_err(failed)?;
    ws.autofilter(0, 0, sheet.rows.len() as u32, last)
        .map_err(failed)?;
    ws.set_column_range_width(0, last, 14).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// The worker's entry point: answers every message with [`handle`]'s reply, as JSON.
pub fn serve() {
    crate::background::serve(|job| serde_json::to_string(&handle(job, &gbk)).unwrap_or_default());
}

/// `bytes` decoded as GBK by the browser (`new TextDecoder("gbk", { fatal: true })`), or none.
fn gbk(bytes: &[u8]) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    web_sys::TextDecoder::new_with_label_and_options("gbk", &options)
        .ok()?
        .decode_with_u8_array(bytes)
        .ok()
}

/// The spreadsheet worker's bundle.
static BUNDLE: crate::background::Bundle = crate::background::Bundle {
    loader: "sheets_loader.js",
    name: || Text::new("表格组件", "spreadsheet component"),
};

fn unexpected() -> Text {
    Text::new(
        "表格组件的回复无法读取",
        "The spreadsheet component's reply cannot be read",
    )
}

/// Runs `job` in the worker.
async fn run(job: Job) -> Reply {
    let text = zeroize::Zeroizing::new(serde_json::to_string(&job).unwrap_or_default());
    drop(job);
    let reply = crate::background::run(&BUNDLE, text).await?;
    serde_json::from_str::<Reply>(&reply).unwrap_or_else(|_| Err(unexpected()))
}

/// The rows of the site list file `name`.
pub async fn read_sites(name: String, bytes: Vec<u8>) -> Result<Table, Text> {
    match run(Job::ReadSites(Box::new(SiteFile { name, bytes }))).await? {
        Done::Sites(table) => Ok(*table),
        _ => Err(unexpected()),
    }
}

/// What importing the site list would do.
pub async fn plan_sites(plan: SitePlan) -> Result<Plan, Text> {
    match run(Job::PlanSites(Box::new(plan))).await? {
        Done::SitePlan(plan) => Ok(*plan),
        _ => Err(unexpected()),
    }
}

/// The per-site sheet's file (CSV or XLSX) bytes.
pub async fn site_file(job: SiteSheet) -> Result<Vec<u8>, Text> {
    match run(Job::SiteSheet(Box::new(job))).await? {
        Done::File(bytes) => Ok(bytes),
        _ => Err(unexpected()),
    }
}

/// [`handle`] natively, GBK decoded by `encoding_rs` where the browser's `TextDecoder` would.
#[cfg(test)]
fn handle_json(job: &str) -> Reply {
    handle(job, &|bytes| {
        encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
    })
}

#[cfg(test)]
mod xlsx_tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader as _, Xlsx};

    #[test]
    fn the_per_site_xlsx_holds_the_sheet_s_rows_with_amounts_as_numbers() {
        let (catalog, policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
        let mut quote = tailor_core::sample::quote(&catalog, &policy, 3);
        quote.customer.sites = vec![tailor_core::quote::Site {
            id: "S1".into(),
            name: "=1+1 北京分行".into(),
            city: "北京".into(),
            site_type: "branch".into(),
            ..Default::default()
        }];
        quote.lines[0].site = Some("S1".into());
        let priced = tailor_core::pricing::price(&catalog, &policy, &quote);
        let sheet = tailor_core::site_sheet::sheet(&catalog, &quote, &priced, Lang::Zh);
        let job = |xlsx: bool, mark: Option<&str>| {
            let job = Job::SiteSheet(Box::new(SiteSheet {
                catalog: catalog.clone(),
                quote: quote.clone(),
                priced: priced.clone(),
                lang: Lang::Zh,
                xlsx,
                mark: mark.map(str::to_string),
            }));
            match handle_json(&serde_json::to_string(&job).expect("job")) {
                Ok(Done::File(bytes)) => bytes,
                other => panic!("no file: {other:?}"),
            }
        };
        // The CSV is the core's, with the demo mark before it when asked.
        let csv = tailor_core::site_sheet::to_csv(&sheet);
        assert_eq!(job(false, None), csv);
        assert_eq!(
            job(false, Some("演示")),
            tailor_core::csv::with_mark(&csv, "演示")
        );
        let bytes = job(true, None);
        let mut book: Xlsx<_> =
            open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("an XLSX workbook");
        let range = book
            .worksheet_range("站点明细")
            .expect("the sheet named as the sheet is");
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows.len(), 1 + sheet.rows.len());
        assert_eq!(rows[0][0], Data::String("站点".into()));
        // Text stays text, formula-looking or not (a string cell is never a formula).
        assert_eq!(rows[1][0], Data::String("=1+1 北京分行".into()));
        assert_eq!(rows[1][2], Data::String("北京".into()));
        let total = rows.last().expect("the totals row");
        assert_eq!(total[0], Data::String("合计".into()));
        assert_eq!(total[9], Data::Float(priced.totals.net.mrc as f64 / 100.0));
        assert_eq!(total[10], Data::Float(priced.totals.net.nrc as f64 / 100.0));
    }
}

#[cfg(test)]
mod site_tests {
    use super::*;
    use tailor_core::site_import::{Field, Row};

    fn read(name: &str, bytes: Vec<u8>) -> Result<Table, Text> {
        let job = Job::ReadSites(Box::new(SiteFile {
            name: name.into(),
            bytes,
        }));
        match handle_json(&serde_json::to_string(&job).expect("a job serialises"))? {
            Done::Sites(t) => Ok(*t),
            other => panic!("not a table: {other:?}"),
        }
    }

    fn row(number: usize, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_csv_in_utf8_with_a_bom_and_one_in_gbk_read_alike() {
        let text = "名称,城市\r\n北京分行,北京\r\n上海分行,上海\r\n";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        let a = read("sites.csv", with_bom).expect("UTF-8");
        let b = read("sites.csv", gbk.into_owned()).expect("GBK");
        assert_eq!(a, b);
        assert_eq!(a.headers, ["名称", "城市"]);
        assert_eq!(
            a.rows,
            [row(2, &["北京分行", "北京"]), row(3, &["上海分行", "上海"])]
        );
    }

    #[test]
    fn bytes_neither_utf8_nor_gbk_are_refused_naming_the_file() {
        let err = read("sites.csv", vec![b'a', 0xFF, 0xFF, b'\n']).expect_err("not text");
        assert!(err.en.contains("sites.csv"), "{}", err.en);
        assert!(err.en.contains("neither UTF-8 nor GBK"), "{}", err.en);
    }

    #[test]
    fn an_xlsx_first_sheet_reads_as_its_rows_numbered_as_the_spreadsheet_does() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        // The list starts at B2: row 1 and column A are empty.
        for (r, cells) in [
            vec!["网点名称", "城市", "网点类型"],
            vec!["北京分行", "北京", "分支机构"],
            vec!["", "", ""],
        ]
        .iter()
        .enumerate()
        {
            for (c, v) in cells.iter().enumerate() {
                sheet
                    .write_string(r as u32 + 1, c as u16 + 1, *v)
                    .expect("cell");
            }
        }
        sheet.write_number(4, 1, 1001.0).expect("cell");
        sheet.write_string(4, 2, "杭州").expect("cell");
        let bytes = book.save_to_buffer().expect("workbook");
        let t = read("sites.xlsx", bytes).expect("XLSX");
        assert_eq!(t.headers, ["", "网点名称", "城市", "网点类型"]);
        assert_eq!(
            t.rows,
            [
                row(3, &["", "北京分行", "北京", "分支机构"]),
                row(5, &["", "1001", "杭州", ""])
            ]
        );
        let mapping = site_import::guess(&t.headers);
        assert_eq!(mapping.column(Field::Name), Some(1));
        assert_eq!(mapping.column(Field::SiteType), Some(3));
    }

    #[test]
    fn a_broken_workbook_is_refused_naming_the_file() {
        let err = read("sites.xlsx", b"PK\x03\x04 not a zip".to_vec()).expect_err("broken");
        assert!(err.en.contains("sites.xlsx"), "{}", err.en);
    }

    #[test]
    fn the_plan_of_a_list_lists_every_bad_row_and_changes_nothing() {
        let (catalog, policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
        let quote = tailor_core::sample::quote(&catalog, &policy, 0);
        let table = site_import::read_csv(
            "s.csv",
            "name,city,type\nA,北京,branch\n,上海,\nB,杭州,castle\n",
        )
        .expect("CSV");
        let mapping = site_import::guess(&table.headers);
        let job = Job::PlanSites(Box::new(SitePlan {
            catalog,
            quote,
            table,
            mapping,
        }));
        let Ok(Done::SitePlan(plan)) =
            handle_json(&serde_json::to_string(&job).expect("a job serialises"))
        else {
            panic!("no plan");
        };
        assert_eq!(plan.new.len(), 1);
        let places: Vec<(usize, Option<usize>)> =
            plan.errors.iter().map(|e| (e.row, e.column)).collect();
        assert_eq!(places, [(3, Some(1)), (4, Some(3))]);
    }
}
