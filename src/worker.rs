//! The worker the configurator loads on first use (bin `worker`: `worker_loader.js`, `worker.js`,
//! `worker_bg.wasm`; index.html builds it as a trunk worker), so what a seller needs only now and
//! then is not in the first visit, and long work never blocks the page. Its [`Job`]s:
//!
//! - **Signing a proposal statement** ("sign and hand over"): unlocking the seller's key (Argon2id
//!   and XChaCha20-Poly1305, or PBKDF2-HMAC-SM3 and SM4-GCM), the signature and the QR code. The
//!   page prepares the statement's body (`tailor_core::statement::prepare`: the same checks as
//!   signing, with the key file's public key) and sends it with the key file and the passphrase;
//!   the worker unlocks the key, refuses a key other than the one the body names, signs
//!   (`statement::sign_bytes`), and sends back the statement with its verification link and QR
//!   code.
//! - **The proposal as a TMF648 Quote** (`tailor_core::tmf::quote`) for the operator's BSS.
//! - **The customer's site list** (`tailor_core::site_import`): a CSV file (UTF-8, or GBK decoded
//!   with the browser's own `TextDecoder`) or an XLSX workbook (its first sheet, read with
//!   calamine, which only this worker carries) read into rows ([`Job::ReadSites`]), and what
//!   importing them under a column mapping would do ([`Job::PlanSites`]). The page applies the
//!   plan only when the seller confirms.
//!
//! [`handle`] is the whole of the worker's work, tested natively.

use serde::{Deserialize, Serialize};
use tailor_core::approval::preauth::PreAuthorisation;
use tailor_core::approval::{Approval, Verdict};
use tailor_core::catalog::Catalog;
use tailor_core::keyfile;
use tailor_core::policy::Policy;
use tailor_core::pricing::Priced;
use tailor_core::quote::Quote;
use tailor_core::site_import::{self, Mapping, Plan, Table};
use tailor_core::statement::{self, Statement, StatementBody};
use tailor_core::text::{Lang, Text};
use zeroize::Zeroizing;

/// What the page asks of the worker.
#[derive(Serialize, Deserialize)]
pub enum Job {
    Sign(Box<Request>),
    Tmf648(Box<Proposal>),
    ReadSites(Box<SiteFile>),
    PlanSites(Box<SitePlan>),
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
    Signed(Box<Signed>),
    /// The TMF648 Quote's JSON.
    Tmf648(String),
    Sites(Box<Table>),
    SitePlan(Box<Plan>),
}

/// A proposal as the page judged it, owned, for a job that needs all of it.
#[derive(Serialize, Deserialize)]
pub struct Proposal {
    pub catalog: Catalog,
    pub policy: Policy,
    pub quote: Quote,
    pub priced: Priced,
    pub verdict: Verdict,
    pub approvals: Vec<Approval>,
    pub preauths: Vec<PreAuthorisation>,
    pub lang: Lang,
}

/// What the page asks the worker to sign.
#[derive(Serialize, Deserialize)]
pub struct Request {
    /// The seller's encrypted key file, as JSON.
    pub key_file: String,
    pub passphrase: String,
    pub body: StatementBody,
    /// The page the verification link points beside (`verify.html` next to it).
    pub page: String,
}

/// A signed statement with its verification link and the link's QR code (inline SVG, error
/// correction M, for paper).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub statement: Statement,
    pub url: String,
    pub svg: String,
}

type Reply = Result<Done, Text>;

/// The worker's work: one [`Job`], as JSON. `gbk` decodes bytes that are not UTF-8 as GBK
/// (the browser's `TextDecoder`; none when they are not GBK either).
pub fn handle(job: &str, gbk: &dyn Fn(&[u8]) -> Option<String>) -> Reply {
    let job: Job = serde_json::from_str(job)
        .map_err(|_| Text::new("后台任务无法读取", "The worker's job cannot be read"))?;
    match job {
        Job::Sign(request) => sign_in_worker(*request).map(|s| Done::Signed(Box::new(s))),
        Job::Tmf648(p) => tmf648_of(&p).map(Done::Tmf648),
        Job::ReadSites(file) => rows_of(&file, gbk).map(|t| Done::Sites(Box::new(t))),
        Job::PlanSites(p) => site_import::plan(&p.catalog, &p.quote, &p.table, &p.mapping)
            .map(|plan| Done::SitePlan(Box::new(plan))),
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

fn tmf648_of(p: &Proposal) -> Result<String, Text> {
    let proposal = statement::Proposal {
        catalog: &p.catalog,
        policy: &p.policy,
        quote: &p.quote,
        priced: &p.priced,
        verdict: &p.verdict,
        approvals: &p.approvals,
        preauths: &p.preauths,
    };
    let doc = tailor_core::tmf::quote(&proposal, p.lang)?;
    serde_json::to_string_pretty(&doc)
        .map_err(|_| Text::new("TMF648 报价无法写出", "The TMF648 quote cannot be written"))
}

/// The request's key unlocked with its passphrase, the body signed.
fn sign_in_worker(mut request: Request) -> Result<Signed, Text> {
    let passphrase = Zeroizing::new(std::mem::take(&mut request.passphrase));
    let file = keyfile::read(&request.key_file).map_err(|e| e.text())?;
    let key = keyfile::unlock(&file, &passphrase).map_err(|e| e.text())?;
    if key.public_key_hex() != request.body.public_key || key.suite() != request.body.suite {
        return Err(Text::new(
            "此密钥不是建议书声明所写的客户经理密钥",
            "This key is not the seller key the statement names",
        ));
    }
    let signature = statement::sign_bytes(&key, &request.body.message());
    let statement = Statement {
        body: request.body,
        signature,
    };
    let url = crate::pages::verify_url(&request.page, &statement::to_link(&statement));
    let svg = crate::qr::for_paper(&url).map(|q| q.svg).ok_or_else(|| {
        Text::new(
            "声明过长，无法印成二维码",
            "The statement is too long for a QR code",
        )
    })?;
    Ok(Signed {
        statement,
        url,
        svg,
    })
}

/// The worker's entry point: answers every message with [`handle`]'s reply, as JSON.
pub fn serve() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = Zeroizing::new(e.data().as_string().unwrap_or_default());
            let reply = serde_json::to_string(&handle(&request, &gbk)).unwrap_or_default();
            // The page hears nothing back only if the worker itself has gone.
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message posted before this handler was set is lost: the page waits for this one first.
    let _ = scope.post_message(&JsValue::from_str(READY));
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

/// The worker's first message: it is listening.
const READY: &str = "ready";

mod page {
    //! The page's side: one worker, started on the first request and kept; one request at a time.
    use super::{Done, Job, Reply, Request, Signed, READY};
    use std::cell::RefCell;
    use tailor_core::text::Text;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use zeroize::Zeroizing;

    const LOADER: &str = "worker_loader.js";

    thread_local! {
        /// The worker, and a promise of its first message ([`READY`], or why it failed to load).
        static WORKER: RefCell<Option<(web_sys::Worker, js_sys::Promise)>> = const { RefCell::new(None) };
        /// `resolve` of the promise the worker's first message settles.
        static STARTING: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
        /// The pending request's `resolve`, called with the reply's JSON.
        static PENDING: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    }

    fn unavailable(why: &str) -> Text {
        Text::new(
            format!("签署组件无法加载（{why}）：请联网打开一次 Tailor 后重试"),
            format!("The signing component cannot be loaded ({why}): open Tailor once online, then try again"),
        )
    }

    fn settle(
        slot: &'static std::thread::LocalKey<RefCell<Option<js_sys::Function>>>,
        value: &JsValue,
    ) {
        if let Some(resolve) = slot.with(|p| p.borrow_mut().take()) {
            let _ = resolve.call1(&JsValue::NULL, value);
        }
    }

    fn start() -> Result<(web_sys::Worker, js_sys::Promise), Text> {
        let worker = web_sys::Worker::new(LOADER).map_err(|_| unavailable(LOADER))?;
        let ready = js_sys::Promise::new(&mut |resolve, _| {
            STARTING.with(|s| *s.borrow_mut() = Some(resolve));
        });
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
                let data = e.data();
                if data.as_string().as_deref() == Some(READY) {
                    settle(&STARTING, &data);
                } else {
                    settle(&PENDING, &data);
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|e: web_sys::ErrorEvent| {
            // A worker that failed to load is dropped, so the next request starts it again.
            WORKER.with(|w| w.borrow_mut().take());
            let why = JsValue::from_str(&e.message());
            settle(&STARTING, &why);
            let err: Reply = Err(unavailable(&e.message()));
            settle(
                &PENDING,
                &JsValue::from_str(&serde_json::to_string(&err).unwrap_or_default()),
            );
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok((worker, ready))
    }

    fn worker() -> Result<(web_sys::Worker, js_sys::Promise), Text> {
        WORKER.with(|w| {
            if let Some(started) = w.borrow().as_ref() {
                return Ok(started.clone());
            }
            let started = start()?;
            *w.borrow_mut() = Some(started.clone());
            Ok(started)
        })
    }

    /// Signs `request` in the worker.
    pub async fn sign(request: Request) -> Result<Signed, Text> {
        match run(Job::Sign(Box::new(request))).await? {
            Done::Signed(s) => Ok(*s),
            _ => Err(unavailable("reply")),
        }
    }

    /// The TMF648 Quote of `proposal`, as JSON.
    pub async fn tmf648(proposal: super::Proposal) -> Result<String, Text> {
        match run(Job::Tmf648(Box::new(proposal))).await? {
            Done::Tmf648(json) => Ok(json),
            _ => Err(unavailable("reply")),
        }
    }

    /// The rows of the site list file `name`.
    pub async fn read_sites(name: String, bytes: Vec<u8>) -> Result<super::Table, Text> {
        match run(Job::ReadSites(Box::new(super::SiteFile { name, bytes }))).await? {
            Done::Sites(table) => Ok(*table),
            _ => Err(unavailable("reply")),
        }
    }

    /// What importing the site list would do.
    pub async fn plan_sites(plan: super::SitePlan) -> Result<super::Plan, Text> {
        match run(Job::PlanSites(Box::new(plan))).await? {
            Done::SitePlan(plan) => Ok(*plan),
            _ => Err(unavailable("reply")),
        }
    }

    /// Runs `job` in the worker.
    async fn run(job: Job) -> Result<Done, Text> {
        let (worker, ready) = worker()?;
        let first = wasm_bindgen_futures::JsFuture::from(ready).await;
        let first = first.ok().and_then(|v| v.as_string()).unwrap_or_default();
        if first != READY {
            return Err(unavailable(&first));
        }
        let text = Zeroizing::new(serde_json::to_string(&job).unwrap_or_default());
        drop(job);
        let reply = js_sys::Promise::new(&mut |resolve, _| {
            PENDING.with(|p| *p.borrow_mut() = Some(resolve));
        });
        worker
            .post_message(&JsValue::from_str(&text))
            .map_err(|_| unavailable("postMessage"))?;
        drop(text);
        let reply = wasm_bindgen_futures::JsFuture::from(reply)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        serde_json::from_str::<Reply>(&reply).unwrap_or_else(|_| Err(unavailable("reply")))
    }
}

pub use page::{plan_sites, read_sites, sign, tmf648};

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
mod tests {
    use super::*;
    use tailor_core::keyfile::ApproverKey;

    fn body_for(key: &ApproverKey) -> StatementBody {
        StatementBody {
            format: statement::FORMAT.into(),
            version: statement::VERSION,
            proposal: "Q-1".into(),
            proposal_version: 1,
            lineage: String::new(),
            customer: "某市公安局".into(),
            uscc: "11440300007528436A".into(),
            date: "2026-12-01".into(),
            valid_until: "2026-12-31".into(),
            term_months: 36,
            totals: statement::Totals::default(),
            content: "00".repeat(32),
            rests_on: Vec::new(),
            seller: "s1".into(),
            public_key: key.public_key_hex(),
            suite: key.suite(),
        }
    }

    fn request(file: &keyfile::KeyFile, passphrase: &str, body: StatementBody) -> String {
        serde_json::to_string(&Job::Sign(Box::new(Request {
            key_file: file.to_json(),
            passphrase: passphrase.into(),
            body,
            page: "https://tailor.example/index.html".into(),
        })))
        .expect("a request serialises")
    }

    fn signed(reply: Reply) -> Signed {
        match reply {
            Ok(Done::Signed(s)) => *s,
            other => panic!("not signed: {other:?}"),
        }
    }

    const PASS: &str = "correct horse battery staple";

    #[test]
    fn signs_the_body_with_the_unlocked_key_and_draws_its_link() {
        let key = ApproverKey::from_seed([7; 32]);
        let file = key.seal([1; 16], [2; 24], PASS, "seller").expect("sealed");
        let body = body_for(&key);
        let signed = signed(handle_json(&request(&file, PASS, body.clone())));
        assert_eq!(signed.statement.body, body);
        let public = tailor_core::suite::PublicKey::parse(key.suite(), &key.public_key_hex())
            .expect("a key");
        assert!(statement::verifies(
            &public,
            &body.message(),
            &signed.statement.signature
        ));
        assert!(signed
            .url
            .starts_with("https://tailor.example/verify.html#tailor1.s."));
        assert!(signed.svg.starts_with("<svg"));
    }

    #[test]
    fn refuses_a_wrong_passphrase_another_key_and_junk() {
        let key = ApproverKey::from_seed([7; 32]);
        let other = ApproverKey::from_seed([8; 32]);
        let file = key.seal([1; 16], [2; 24], PASS, "seller").expect("sealed");
        assert!(handle_json(&request(&file, "wrong passphrase here", body_for(&key))).is_err());
        let err = handle_json(&request(&file, PASS, body_for(&other))).expect_err("another key");
        assert!(err.en.contains("not the seller key"), "{}", err.en);
        assert!(handle_json("{not json").is_err());
    }
}

#[cfg(test)]
mod tmf_tests {
    use super::*;
    use tailor_core::approval::judge;
    use tailor_core::trust::Standing;

    #[test]
    fn the_tmf648_quote_is_the_core_s_and_reads_back() {
        let (catalog, policy) = tailor_core::defaults::catalog_and_policy().expect("defaults");
        let quote = tailor_core::sample::quote(&catalog, &policy, 5);
        let priced = tailor_core::pricing::price(&catalog, &policy, &quote);
        let standing = Standing::Trusted { demo: false };
        let verdict = judge(&standing, &policy, &quote, &priced, &[], &[], "2026-12-01");
        let p = statement::Proposal {
            catalog: &catalog,
            policy: &policy,
            quote: &quote,
            priced: &priced,
            verdict: &verdict,
            approvals: &[],
            preauths: &[],
        };
        let expected = tailor_core::tmf::quote(&p, Lang::En).expect("exports");
        let job = Job::Tmf648(Box::new(Proposal {
            catalog: catalog.clone(),
            policy: policy.clone(),
            quote: quote.clone(),
            priced: priced.clone(),
            verdict: verdict.clone(),
            approvals: vec![],
            preauths: vec![],
            lang: Lang::En,
        }));
        let reply = handle_json(&serde_json::to_string(&job).expect("a job serialises"));
        let Ok(Done::Tmf648(json)) = reply else {
            panic!("no quote: {reply:?}");
        };
        let got: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(got, expected);
        assert_eq!(got["quoteItem"].as_array().map(Vec::len), Some(5));
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
