//! The workers the configurator loads on first use, each a trunk worker of its own (bin
//! `worker`: signing, `crate::worker`; bin `sheets`: spreadsheets, `crate::sheets`), so what a
//! seller needs only now and then is not in the first visit and long work never blocks the page.
//! Both talk alike: the page sends one job as JSON and waits for its reply; the worker says
//! [`READY`] before the page sends anything. [`serve`] is the worker's side, [`run`] the page's.

use std::cell::RefCell;
use tailor_core::text::Text;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

/// The worker's first message: it is listening.
const READY: &str = "ready";

/// A worker bundle: its loader script and what the seller is told when it cannot load.
pub struct Bundle {
    pub loader: &'static str,
    pub name: fn() -> Text,
}

impl Bundle {
    fn unavailable(&self, why: &str) -> Text {
        let name = (self.name)();
        Text::new(
            format!("{}无法加载（{why}）：请联网打开一次 Tailor 后重试", name.zh),
            format!(
                "The {} cannot be loaded ({why}): open Tailor once online, then try again",
                name.en
            ),
        )
    }

    /// The reply a job gets when the worker could not answer: as if the worker said so.
    fn unavailable_reply(&self, why: &str) -> String {
        let err: Result<(), Text> = Err(self.unavailable(why));
        serde_json::to_string(&err).unwrap_or_default()
    }
}

/// One started worker: the worker, a promise of its first message ([`READY`], or why it failed to
/// load), `resolve` of that promise, and the pending request's `resolve`.
struct Started {
    loader: &'static str,
    worker: web_sys::Worker,
    ready: js_sys::Promise,
    starting: Option<js_sys::Function>,
    pending: Option<js_sys::Function>,
}

thread_local! {
    /// The workers started, one per bundle, kept; one request at a time each.
    static WORKERS: RefCell<Vec<Started>> = const { RefCell::new(Vec::new()) };
}

/// Settles the promise the worker of `loader` keeps in the slot `which` picks, if any.
fn settle(loader: &str, which: fn(&mut Started) -> &mut Option<js_sys::Function>, value: &JsValue) {
    let resolve = WORKERS.with(|w| {
        w.borrow_mut()
            .iter_mut()
            .find(|s| s.loader == loader)
            .and_then(|s| which(s).take())
    });
    if let Some(resolve) = resolve {
        let _ = resolve.call1(&JsValue::NULL, value);
    }
}

fn start(bundle: &'static Bundle) -> Result<(web_sys::Worker, js_sys::Promise), Text> {
    let loader = bundle.loader;
    let worker = web_sys::Worker::new(loader).map_err(|_| bundle.unavailable(loader))?;
    let mut starting = None;
    let ready = js_sys::Promise::new(&mut |resolve, _| starting = Some(resolve));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            if data.as_string().as_deref() == Some(READY) {
                settle(loader, |s| &mut s.starting, &data);
            } else {
                settle(loader, |s| &mut s.pending, &data);
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        let why = JsValue::from_str(&e.message());
        settle(loader, |s| &mut s.starting, &why);
        let reply = JsValue::from_str(&bundle.unavailable_reply(&e.message()));
        settle(loader, |s| &mut s.pending, &reply);
        // A worker that failed to load is dropped, so the next request starts it again.
        WORKERS.with(|w| w.borrow_mut().retain(|s| s.loader != loader));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    WORKERS.with(|w| {
        w.borrow_mut().push(Started {
            loader,
            worker: worker.clone(),
            ready: ready.clone(),
            starting,
            pending: None,
        })
    });
    Ok((worker, ready))
}

fn worker(bundle: &'static Bundle) -> Result<(web_sys::Worker, js_sys::Promise), Text> {
    let started = WORKERS.with(|w| {
        w.borrow()
            .iter()
            .find(|s| s.loader == bundle.loader)
            .map(|s| (s.worker.clone(), s.ready.clone()))
    });
    match started {
        Some(s) => Ok(s),
        None => start(bundle),
    }
}

/// Runs one job (its JSON) in the worker of `bundle`, started on first use; the reply's JSON.
pub async fn run(bundle: &'static Bundle, job: Zeroizing<String>) -> Result<String, Text> {
    let (worker, ready) = worker(bundle)?;
    let first = wasm_bindgen_futures::JsFuture::from(ready).await;
    let first = first.ok().and_then(|v| v.as_string()).unwrap_or_default();
    if first != READY {
        return Err(bundle.unavailable(&first));
    }
    let reply = js_sys::Promise::new(&mut |resolve, _| {
        WORKERS.with(|w| {
            if let Some(s) = w
                .borrow_mut()
                .iter_mut()
                .find(|s| s.loader == bundle.loader)
            {
                s.pending = Some(resolve);
            }
        })
    });
    worker
        .post_message(&JsValue::from_str(&job))
        .map_err(|_| bundle.unavailable("postMessage"))?;
    drop(job);
    Ok(wasm_bindgen_futures::JsFuture::from(reply)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default())
}

/// The worker's entry point: answers every message with `handle`'s reply (JSON in, JSON out).
pub fn serve(handle: fn(&str) -> String) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = Zeroizing::new(e.data().as_string().unwrap_or_default());
            let reply = handle(&request);
            // The page hears nothing back only if the worker itself has gone.
            let _ = reply_to.post_message(&JsValue::from_str(&reply));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A message posted before this handler was set is lost: the page waits for this one first.
    let _ = scope.post_message(&JsValue::from_str(READY));
}
