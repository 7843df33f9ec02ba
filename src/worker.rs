//! The signing worker the configurator loads on first use (bin `worker`: `worker_loader.js`,
//! `worker.js`, `worker_bg.wasm`; index.html builds it as a trunk worker, `crate::background`), so
//! what a seller needs only now and then is not in the first visit, and long work never blocks the
//! page. Spreadsheets have a worker of their own (`crate::sheets`), so signing never loads an XLSX
//! reader. Its [`Job`]s:
//!
//! - **Signing a proposal statement** ("sign and hand over"): unlocking the seller's key (Argon2id
//!   and XChaCha20-Poly1305, or PBKDF2-HMAC-SM3 and SM4-GCM), the signature and the QR code. The
//!   page prepares the statement's body (`tailor_core::statement::prepare`: the same checks as
//!   signing, with the key file's public key) and sends it with the key file and the passphrase;
//!   the worker unlocks the key, refuses a key other than the one the body names, signs
//!   (`statement::sign_bytes`), and sends back the statement with its verification link and QR
//!   code.
//! - **The proposal as a TMF648 Quote** (`tailor_core::tmf::quote`) for the operator's BSS.
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
use tailor_core::statement::{self, Statement, StatementBody};
use tailor_core::text::{Lang, Text};
use zeroize::Zeroizing;

/// What the page asks of the worker.
#[derive(Serialize, Deserialize)]
pub enum Job {
    Sign(Box<Request>),
    Tmf648(Box<Proposal>),
}

/// What the worker sends back for a [`Job`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Done {
    Signed(Box<Signed>),
    /// The TMF648 Quote's JSON.
    Tmf648(String),
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

/// The worker's work: one [`Job`], as JSON.
pub fn handle(job: &str) -> Reply {
    let job: Job = serde_json::from_str(job)
        .map_err(|_| Text::new("后台任务无法读取", "The worker's job cannot be read"))?;
    match job {
        Job::Sign(request) => sign_in_worker(*request).map(|s| Done::Signed(Box::new(s))),
        Job::Tmf648(p) => tmf648_of(&p).map(Done::Tmf648),
    }
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
    crate::background::serve(|job| serde_json::to_string(&handle(job)).unwrap_or_default());
}

/// The signing worker's bundle.
static BUNDLE: crate::background::Bundle = crate::background::Bundle {
    loader: "worker_loader.js",
    name: || Text::new("签署组件", "signing component"),
};

/// Runs `job` in the worker.
async fn run(job: Job) -> Reply {
    let text = Zeroizing::new(serde_json::to_string(&job).unwrap_or_default());
    drop(job);
    let reply = crate::background::run(&BUNDLE, text).await?;
    serde_json::from_str::<Reply>(&reply).unwrap_or_else(|_| Err(unexpected()))
}

fn unexpected() -> Text {
    Text::new(
        "签署组件的回复无法读取",
        "The signing component's reply cannot be read",
    )
}

/// Signs `request` in the worker.
pub async fn sign(request: Request) -> Result<Signed, Text> {
    match run(Job::Sign(Box::new(request))).await? {
        Done::Signed(s) => Ok(*s),
        Done::Tmf648(_) => Err(unexpected()),
    }
}

/// The TMF648 Quote of `proposal`, as JSON.
pub async fn tmf648(proposal: Proposal) -> Result<String, Text> {
    match run(Job::Tmf648(Box::new(proposal))).await? {
        Done::Tmf648(json) => Ok(json),
        Done::Signed(_) => Err(unexpected()),
    }
}

/// [`handle`] natively.
#[cfg(test)]
fn handle_json(job: &str) -> Reply {
    handle(job)
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
