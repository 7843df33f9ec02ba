//! The installed app: registers the service worker (`sw.js`, written into the build by
//! `pwa/precache.mjs`) and says when a new version of Tailor is ready. The code changes only when
//! the user says so: the page then asks the worker to take over and reloads. A newly published
//! catalog or policy needs no click: the worker fetches it first and the page uses it at once
//! (`loader`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The service worker's news, in context.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new build of the app is installed and waits for the user's word.
    pub update: RwSignal<bool>,
}

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set once the user asked for the update: only then does a change of worker reload.
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
}

/// How often an open app asks whether a new version is published.
const CHECK_EVERY_MS: i32 = 30 * 60 * 1000;

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    has.then(|| navigator.service_worker())
}

fn message(kind: &str) -> JsValue {
    let m = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&m, &"type".into(), &kind.into());
    m.into()
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

impl Pwa {
    /// Registers the service worker and starts listening to it.
    pub fn start() -> Pwa {
        let pwa = Pwa {
            update: RwSignal::new(false),
        };
        let Some(c) = container() else {
            return pwa;
        };
        let on_change = Closure::<dyn Fn()>::new(|| {
            if RELOAD_ON_CHANGE.with(Cell::get) {
                reload();
            }
        });
        c.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        spawn_local(register(c, pwa));
        pwa
    }

    /// Uses the new version, then reloads. Call it only on the user's word, with the proposal
    /// on screen stored.
    pub fn apply(self) {
        if !self.update.get_untracked() {
            return;
        }
        let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.waiting()));
        match waiting {
            Some(w) => {
                RELOAD_ON_CHANGE.with(|f| f.set(true));
                let _ = w.post_message(&message("skip-waiting"));
            }
            None => reload(),
        }
    }
}

async fn register(c: ServiceWorkerContainer, pwa: Pwa) {
    let reg = match JsFuture::from(c.register("sw.js")).await {
        Ok(r) => r.unchecked_into::<ServiceWorkerRegistration>(),
        Err(e) => {
            // Without a worker the app still runs; it just does not open offline.
            leptos::logging::warn!("service worker not registered: {e:?}");
            return;
        }
    };
    let has_controller = {
        let c = c.clone();
        move || c.controller().is_some()
    };
    if reg.waiting().is_some() && has_controller() {
        pwa.update.set(true);
    }
    let on_found = {
        let reg = reg.clone();
        let has_controller = has_controller.clone();
        Closure::<dyn Fn()>::new(move || {
            let Some(installing) = reg.installing() else {
                return;
            };
            let sw = installing.clone();
            let has_controller = has_controller.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                // The first install has no page to update: it just takes control.
                if sw.state() == ServiceWorkerState::Installed && has_controller() {
                    pwa.update.set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        })
    };
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
    let check = {
        let reg = reg.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Ok(p) = reg.update() {
                spawn_local(async move {
                    let _ = JsFuture::from(p).await;
                });
            }
        })
    };
    if let Some(w) = web_sys::window() {
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            CHECK_EVERY_MS,
        );
        let _ = w.add_event_listener_with_callback("online", check.as_ref().unchecked_ref());
    }
    check.forget();
    REGISTRATION.with(|r| *r.borrow_mut() = Some(reg));
}
