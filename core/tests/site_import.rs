//! The customer's site list from a spreadsheet: decoding (UTF-8 with or without a byte order mark,
//! GBK left to the browser), RFC 4180 CSV, the rows of an XLSX reader, the column mapping guessed
//! from Chinese and English headers, every kind of bad row with its row, column and problem in
//! both languages, and re-importing that updates by name and never duplicates.

mod common;

use tailor_core::catalog::Catalog;
use tailor_core::limits::MAX_SITES;
use tailor_core::quote::{Quote, Site};
use tailor_core::site_import::{
    self, apply, decode, guess, letter, plan, preview, read_csv, read_rows, Decoded, Encoding,
    Field, Mapping, Plan, Table,
};

fn catalog() -> Catalog {
    common::setup().0
}

fn table(csv: &str) -> Table {
    read_csv("sites.csv", csv).unwrap_or_else(|e| panic!("{e:?}"))
}

fn planned(quote: &Quote, csv: &str) -> Plan {
    let t = table(csv);
    plan(&catalog(), quote, &t, &guess(&t.headers)).unwrap_or_else(|e| panic!("{e:?}"))
}

const LIST: &str = "网点名称,城市,区县,地址,网点类型,联系人\r\n\
    福建省分行,福州,鼓楼区,五四路 1 号,总部,张三\r\n\
    鼓楼支行,福州,鼓楼区,\"杨桥路 8 号, 一层\",分支机构,李四\r\n\
    厦门分行,厦门,思明区,\"湖滨南路 \"\"中心\"\"\r\n2 号楼\",branch,\r\n\
    \r\n\
    火车站营业部,福州,台江区,站前路,outlet,王五\r\n";

#[test]
fn utf8_with_or_without_a_byte_order_mark_and_gbk_left_to_the_browser() {
    let plain = "名称\n鼓楼支行\n".as_bytes();
    let text = |d| match d {
        Ok(Decoded::Text(t)) => t,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        text(decode("a.csv", plain, Encoding::Utf8)),
        "名称\n鼓楼支行\n"
    );
    let bom = [b"\xEF\xBB\xBF".as_slice(), plain].concat();
    // A byte order mark settles it, whatever the guess, and is dropped.
    assert_eq!(
        text(decode("a.csv", &bom, Encoding::Gbk)),
        "名称\n鼓楼支行\n"
    );
    // "名称,城市\r\n鼓楼支行,福州\r\n" as Excel in China saves it, in GBK: not UTF-8.
    let gbk: &[u8] = &[
        195, 251, 179, 198, 44, 179, 199, 202, 208, 13, 10, 185, 196, 194, 165, 214, 167, 208, 208,
        44, 184, 163, 214, 221, 13, 10,
    ];
    assert_eq!(decode("a.csv", gbk, Encoding::Utf8), Ok(Decoded::Gbk));
    assert_eq!(decode("a.csv", gbk, Encoding::Gbk), Ok(Decoded::Gbk));
    // Declared GBK: ASCII reads the same; anything else is for the browser's GBK decoder.
    assert_eq!(
        text(decode("a.csv", b"name\nA\n", Encoding::Gbk)),
        "name\nA\n"
    );
    assert_eq!(decode("a.csv", plain, Encoding::Gbk), Ok(Decoded::Gbk));
    // Marked UTF-8 but not: refused, naming the byte.
    let broken = [b"\xEF\xBB\xBFab".as_slice(), &[0xFF]].concat();
    let e = decode("a.csv", &broken, Encoding::Utf8).expect_err("refused");
    assert_eq!(
        e.en,
        "Cannot open 'a.csv': the file is marked as UTF-8 but is not UTF-8 text from byte 6 on"
    );
    assert!(e.zh.contains("「a.csv」") && e.zh.contains("第 6 个字节"));
    let e = site_import::undecodable("a.csv");
    assert!(e.en.contains("neither UTF-8 nor GBK") && e.zh.contains("GBK"));
}

#[test]
fn csv_follows_rfc_4180() {
    let t = table(LIST);
    assert_eq!(
        t.headers,
        ["网点名称", "城市", "区县", "地址", "网点类型", "联系人"]
    );
    // The blank row 5 is left out; a line break inside quotes does not start a row.
    let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [2, 3, 4, 6]);
    assert_eq!(t.rows[1].cells[3], "杨桥路 8 号, 一层");
    assert_eq!(t.rows[2].cells[3], "湖滨南路 \"中心\"\r\n2 号楼");
    assert_eq!(t.rows[2].cells[5], "");
    // LF, CR alone, no final line break, a byte order mark left by a decoder.
    let t = table("\u{FEFF}name,city\nA,x\rB,y");
    assert_eq!(t.headers, ["name", "city"]);
    assert_eq!(t.rows[1].cells, ["B", "y"]);
    assert_eq!(t.rows[1].number, 3);
    // A quote inside an unquoted field is text.
    assert_eq!(table("name\n5\"3 店\n").rows[0].cells, ["5\"3 店"]);
    let e = read_csv("s.csv", "name\n\"a\"b\n").expect_err("refused");
    assert_eq!(
        e.en,
        "Cannot open 's.csv': row 2, column A: text follows a closing quote (a quote inside \
         quotes is written twice)"
    );
    let e = read_csv("s.csv", "name,city\nA,\"x\n").expect_err("refused");
    assert_eq!(
        e.zh,
        "无法打开「s.csv」：第 2 行 B 列：引号内的内容没有结束（缺少右引号）"
    );
}

#[test]
fn the_rows_of_an_xlsx_reader_go_through_the_same_reading() {
    let rows: Vec<Vec<String>> = table(LIST).rows.iter().map(|r| r.cells.clone()).collect();
    let mut all = vec![table(LIST).headers];
    all.extend(rows);
    let t = read_rows(all);
    assert_eq!(t.headers[0], "网点名称");
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.rows[3].number, 5);
    let t = read_rows(vec![vec!["".into()], vec!["name".into()], vec!["A".into()]]);
    assert_eq!((t.headers[0].as_str(), t.rows[0].number), ("name", 3));
}

#[test]
fn the_mapping_is_guessed_from_chinese_or_english_headers() {
    let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let m = guess(&h(&[
        "网点名称",
        "城市",
        "区县",
        "地址",
        "网点类型",
        "联系人",
        "电话",
    ]));
    assert_eq!(
        m.columns,
        [
            Some(Field::Name),
            Some(Field::City),
            Some(Field::District),
            Some(Field::Address),
            Some(Field::SiteType),
            Some(Field::Contact),
            None
        ]
    );
    let m = guess(&h(&[
        "Site Name",
        " CITY ",
        "address",
        "Site_Type",
        "phone",
        "*名称",
    ]));
    assert_eq!(m.column(Field::Name), Some(0), "the first column naming it");
    assert_eq!(m.column(Field::City), Some(1));
    assert_eq!(m.column(Field::Address), Some(2));
    assert_eq!(m.column(Field::SiteType), Some(3));
    assert_eq!(m.column(Field::District), None);
    let p = preview(&table("编号,备注\n1,x\n"));
    assert_eq!(p.unmapped_required, [Field::Name]);
    assert_eq!((p.rows, p.first_rows.len()), (1, 1));
    assert_eq!(
        (letter(1), letter(26), letter(27), letter(53)),
        ("A".into(), "Z".into(), "AA".into(), "BA".into())
    );
}

#[test]
fn the_seller_can_override_the_mapping() {
    let t = table("编号,店名,所在地\n1,鼓楼店,福州\n");
    let quote = Quote::default();
    let e = plan(&catalog(), &quote, &t, &guess(&t.headers)).expect_err("no name column");
    assert_eq!(e.en, "Choose the column that holds the site names");
    let mapping = Mapping {
        columns: vec![None, Some(Field::Name), Some(Field::City)],
    };
    let p = plan(&catalog(), &quote, &t, &mapping).expect("planned");
    assert_eq!(
        (p.new[0].name.as_str(), p.new[0].city.as_str()),
        ("鼓楼店", "福州")
    );
    let twice = Mapping {
        columns: vec![Some(Field::Name), Some(Field::Name), None],
    };
    let e = plan(&catalog(), &quote, &t, &twice).expect_err("two name columns");
    assert_eq!(e.en, "Only one column can fill the name");
}

#[test]
fn a_list_gives_new_sites_with_their_types_and_fresh_ids() {
    let mut quote = Quote::default();
    quote.customer.sites = vec![Site {
        id: "S3".into(),
        name: "已有网点".into(),
        ..Site::default()
    }];
    let p = planned(&quote, LIST);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!((p.new.len(), p.updated.len(), p.unchanged), (4, 0, 0));
    let q = apply(&quote, &p);
    let ids: Vec<&str> = q.customer.sites.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S3", "S4", "S5", "S6", "S7"]);
    let types: Vec<&str> = q
        .customer
        .sites
        .iter()
        .map(|s| s.site_type.as_str())
        .collect();
    // 总部 and 分支机构 by their Chinese names, branch and outlet by their ids.
    assert_eq!(types, ["", "headquarters", "branch", "branch", "outlet"]);
    let xm = &q.customer.sites[3];
    assert_eq!(
        (xm.city.as_str(), xm.district.as_str(), xm.contact.as_str()),
        ("厦门", "思明区", "")
    );
}

#[test]
fn importing_again_updates_by_name_and_never_duplicates() {
    let first = apply(&Quote::default(), &planned(&Quote::default(), LIST));
    let again = planned(&first, LIST);
    assert_eq!(
        (again.new.len(), again.updated.len(), again.unchanged),
        (0, 0, 4)
    );
    assert_eq!(apply(&first, &again), first);
    // A moved branch and a new outlet: one updated (same id), one new; the rest unchanged.
    let changed = LIST.replace("鼓楼支行,福州,鼓楼区", "鼓楼支行,福州,仓山区")
        + "五一广场营业部,福州,鼓楼区,五一路,营业网点,赵六\r\n";
    let p = planned(&first, &changed);
    assert_eq!((p.new.len(), p.updated.len(), p.unchanged), (1, 1, 3));
    let q = apply(&first, &p);
    assert_eq!(q.customer.sites.len(), 5);
    let gl = q
        .customer
        .sites
        .iter()
        .find(|s| s.name == "鼓楼支行")
        .expect("kept");
    assert_eq!((gl.id.as_str(), gl.district.as_str()), ("S2", "仓山区"));
    // A list without some columns leaves those fields as they were.
    let p = planned(&q, "名称,城市\n鼓楼支行,莆田\n");
    let q2 = apply(&q, &p);
    let gl = q2
        .customer
        .sites
        .iter()
        .find(|s| s.name == "鼓楼支行")
        .expect("kept");
    assert_eq!(
        (
            gl.city.as_str(),
            gl.district.as_str(),
            gl.site_type.as_str()
        ),
        ("莆田", "仓山区", "branch")
    );
}

#[test]
fn every_bad_row_is_reported_with_its_row_column_and_problem() {
    let long = "长".repeat(501);
    let csv = format!(
        "名称,城市,类型\n\
         鼓楼支行,福州,分支机构\n\
         ,福州,分支机构\n\
         鼓楼支行,厦门,branch\n\
         台江支行,福州,旗舰店\n\
         仓山支行,{long},outlet\n\
         晋安支行,福州,outlet\n"
    );
    let p = planned(&Quote::default(), &csv);
    let found: Vec<(usize, Option<usize>, Option<Field>)> = p
        .errors
        .iter()
        .map(|e| (e.row, e.column, e.field))
        .collect();
    assert_eq!(
        found,
        [
            (3, Some(1), Some(Field::Name)),
            (4, Some(1), Some(Field::Name)),
            (5, Some(3), Some(Field::SiteType)),
            (6, Some(2), Some(Field::City)),
        ]
    );
    let en: Vec<&str> = p.errors.iter().map(|e| e.message.en.as_str()).collect();
    assert_eq!(en[0], "Row 3, column A (名称): the site name is empty");
    assert_eq!(
        en[1],
        "Row 4, column A (名称): the name '鼓楼支行' is already on row 2"
    );
    assert_eq!(
        en[2],
        "Row 5, column C (类型): there is no site type '旗舰店' (the types are Headquarters, Branch, Outlet)"
    );
    assert_eq!(
        en[3],
        "Row 6, column B (城市): the city is too long (501 characters, at most 500)"
    );
    assert_eq!(p.errors[0].message.zh, "第 3 行 A 列（名称）：网点名称为空");
    assert_eq!(
        p.errors[2].message.zh,
        "第 5 行 C 列（类型）：网点类型「旗舰店」不存在（可选：总部、分支机构、营业网点）"
    );
    // Only the good rows would be imported.
    let names: Vec<&str> = p.new.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["鼓楼支行", "晋安支行"]);
}

#[test]
fn no_more_than_the_cap_of_sites() {
    // A list longer than the cap: the rows after it are not read, and the plan says so.
    let csv: String = std::iter::once("名称\n".to_string())
        .chain((0..MAX_SITES + 3).map(|i| format!("网点{i}\n")))
        .collect();
    let p = planned(&Quote::default(), &csv);
    assert_eq!(p.new.len(), MAX_SITES);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].row, MAX_SITES + 2);
    assert!(p.errors[0].message.en.contains("more than 5000 sites"));
    // A quote with sites already: the new ones stop at the cap, row by row.
    let mut quote = Quote::default();
    quote.customer.sites = (0..MAX_SITES - 1)
        .map(|i| Site {
            id: format!("S{i}"),
            name: format!("旧{i}"),
            ..Site::default()
        })
        .collect();
    let p = planned(&quote, "名称\n旧1\n新1\n新2\n");
    assert_eq!((p.new.len(), p.unchanged), (1, 1));
    assert_eq!(p.errors.len(), 1);
    assert_eq!(
        p.errors[0].message.en,
        "Row 4: more than 5000 sites: this row is not imported"
    );
    assert_eq!(apply(&quote, &p).customer.sites.len(), MAX_SITES);
}

#[test]
fn a_realistic_list_of_five_thousand_sites_fits_the_byte_cap_eight_times() {
    let row = "中国工商银行福建省分行鼓楼支行第一营业部,福州,鼓楼区,福建省福州市鼓楼区五四路一百五十八号环球广场一层,分支机构,张三 13800000000\r\n";
    let bytes = row.len() * MAX_SITES;
    assert!(
        bytes * 8 <= tailor_core::limits::SITE_LIST.max_bytes,
        "{bytes}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A cell as a spreadsheet may hold it: Chinese and ASCII text with commas, quotes, spaces and
    /// line breaks (CRLF or LF).
    fn cell() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("鼓楼".to_string()),
                Just("Zhongshan Rd".to_string()),
                Just(",".to_string()),
                Just("\"".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just(" ".to_string()),
                "[a-z0-9]{1,3}",
            ],
            0..5,
        )
        .prop_map(|parts| parts.concat())
    }

    /// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
    fn quoted(cell: &str) -> String {
        if cell.contains([',', '"', '\r', '\n']) || cell.starts_with(' ') {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    }

    proptest! {
        /// Any table written as CSV (CRLF or LF between rows) reads back cell for cell, blank rows
        /// left out, each row numbered as the spreadsheet numbers it.
        #[test]
        fn csv_reads_back_what_was_written(
            rows in proptest::collection::vec(proptest::collection::vec(cell(), 3), 1..20),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let text: String = rows
                .iter()
                .map(|r| r.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(",") + end)
                .collect();
            let t = read_csv("p.csv", &text).expect("reads");
            let kept: Vec<(usize, &Vec<String>)> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
                .map(|(i, r)| (i + 1, r))
                .collect();
            let read: Vec<(usize, &Vec<String>)> = std::iter::once(&t.headers)
                .zip(kept.first().map(|k| k.0))
                .map(|(h, n)| (n, h))
                .chain(t.rows.iter().map(|r| (r.number, &r.cells)))
                .collect();
            prop_assert_eq!(read, kept);
        }

        /// Importing any list twice: the second plan changes nothing and applying it leaves the
        /// quote as it was.
        #[test]
        fn importing_twice_changes_nothing(
            names in proptest::collection::vec("[A-E]{1,2}", 0..30),
            cities in proptest::collection::vec(prop_oneof![Just("福州"), Just("厦门"), Just("")], 30),
        ) {
            let text: String = std::iter::once("名称,城市\n".to_string())
                .chain(names.iter().zip(&cities).map(|(n, c)| format!("{n},{c}\n")))
                .collect();
            let first = apply(&Quote::default(), &planned(&Quote::default(), &text));
            let again = planned(&first, &text);
            prop_assert!(again.new.is_empty() && again.updated.is_empty());
            prop_assert_eq!(apply(&first, &again), first.clone());
            let mut seen: Vec<&String> = names.iter().collect();
            seen.sort();
            seen.dedup();
            prop_assert_eq!(first.customer.sites.len(), seen.len());
        }
    }
}

#[test]
fn messages_repeat_at_most_forty_characters_of_a_cell() {
    let long = "名".repeat(300);
    let p = planned(
        &Quote::default(),
        &format!("名称,类型\n{long},\n{long},{long}\n"),
    );
    let en = &p.errors[0].message.en;
    assert!(en.chars().count() < 120, "{en}");
    assert!(p.errors.iter().all(|e| e.message.zh.chars().count() < 160));
}
