//! Signing a proposal statement in a worker of its own (bin `signer`: `signer_loader.js`,
//! `signer.js`, `signer_bg.wasm`), loaded on the first "sign and hand over". Unlocking the seller's
//! key (Argon2id and XChaCha20-Poly1305, or PBKDF2-HMAC-SM3 and SM4-GCM), the signature and the QR
//! code are not in the configurator's first visit, and the seconds of key stretching never block
//! the page.
//!
//! The page prepares the statement's body (`tailor_core::statement::prepare`: the same checks as
//! signing, with the key file's public key) and sends it with the key file and the passphrase;
//! the worker unlocks the key, refuses a key other than the one the body names, signs
//! (`statement::sign_bytes`), and sends back the statement with its verification link and QR code
//! ([`handle`], the whole of the worker's work, tested natively).

use serde::{Deserialize, Serialize};
use tailor_core::keyfile;
use tailor_core::statement::{self, Statement, StatementBody};
use tailor_core::text::Text;
use zeroize::Zeroizing;

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

type Reply = Result<Signed, Text>;

/// The worker's work: the request's key unlocked with its passphrase, the body signed.
pub fn handle(request: &str) -> Reply {
    let mut request: Request = serde_json::from_str(request)
        .map_err(|_| Text::new("签署请求无法读取", "The signing request cannot be read"))?;
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
    let url = crate::links::verify_url(&request.page, &statement::to_link(&statement));
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
            let reply = serde_json::to_string(&handle(&request)).unwrap_or_default();
            // The page hears nothing back only if the worker itself has gone.
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message posted before this handler was set is lost: the page waits for this one first.
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// The worker's first message: it is listening.
const READY: &str = "ready";

mod page {
    //! The page's side: one worker, started on the first request and kept; one request at a time.
    use super::{Reply, Request, Signed, READY};
    use std::cell::RefCell;
    use tailor_core::text::Text;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use zeroize::Zeroizing;

    const LOADER: &str = "signer_loader.js";

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
        let (worker, ready) = worker()?;
        let first = wasm_bindgen_futures::JsFuture::from(ready).await;
        let first = first.ok().and_then(|v| v.as_string()).unwrap_or_default();
        if first != READY {
            return Err(unavailable(&first));
        }
        let text = Zeroizing::new(serde_json::to_string(&request).unwrap_or_default());
        drop(request);
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

pub use page::sign;

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
        serde_json::to_string(&Request {
            key_file: file.to_json(),
            passphrase: passphrase.into(),
            body,
            page: "https://tailor.example/index.html".into(),
        })
        .expect("a request serialises")
    }

    const PASS: &str = "correct horse battery staple";

    #[test]
    fn signs_the_body_with_the_unlocked_key_and_draws_its_link() {
        let key = ApproverKey::from_seed([7; 32]);
        let file = key.seal([1; 16], [2; 24], PASS, "seller").expect("sealed");
        let body = body_for(&key);
        let signed = handle(&request(&file, PASS, body.clone())).expect("signed");
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
        assert!(handle(&request(&file, "wrong passphrase here", body_for(&key))).is_err());
        let err = handle(&request(&file, PASS, body_for(&other))).expect_err("another key");
        assert!(err.en.contains("not the seller key"), "{}", err.en);
        assert!(handle("{not json").is_err());
    }
}
