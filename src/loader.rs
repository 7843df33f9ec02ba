//! Start-up: the last good signed catalog and policy kept on this device (else the embedded
//! default, under which no approval verifies); then fetch `catalog.json` and `policy.json` with
//! their signatures from beside `index.html`, verify and check them with the core, and use them
//! at once. On any failure the pair in use stays: a fallback never widens trust.

use crate::published::{self, Pair};
use crate::state::{Banner, Ctx, Data, Source};
use gloo_net::http::Request;
use leptos::prelude::*;
use std::sync::Arc;
use tailor_core::check;
use tailor_core::defaults;
use tailor_core::text::Text;
use tailor_core::trust::Versions;

/// The embedded default catalog and policy. The test suite guarantees they load. Never signed:
/// it prices, but no approval verifies under it.
pub fn embedded() -> Data {
    let loaded = check::load(
        "catalog.json",
        defaults::CATALOG_JSON,
        "policy.json",
        defaults::POLICY_JSON,
    );
    let (catalog, policy) = match loaded {
        Ok(l) => (l.catalog, l.policy),
        Err(problems) => panic!("embedded catalog is broken: {problems:?}"),
    };
    Data {
        catalog: Arc::new(catalog),
        policy: Arc::new(policy),
        source: Source::Embedded,
        versions: Arc::new(Versions::default()),
        trust: Err(Text::new(
            "尚未获取到已签名的资费政策（内置默认目录不带签名）",
            "no signed policy has been fetched yet (the embedded default is not signed)",
        )),
    }
}

/// What the app starts on: the last good signed pair kept on this device, with every version it
/// keeps; else the embedded default.
pub fn initial() -> Data {
    let (versions, last) = published::kept();
    match last {
        Some(signed) => Data {
            catalog: Arc::new(signed.catalog),
            policy: Arc::new(signed.policy),
            source: Source::Kept,
            versions: Arc::new(versions),
            trust: Ok(signed.publisher.name),
        },
        None => embedded(),
    }
}

pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    resp.text().await.map_err(|e| e.to_string())
}

/// A signature file: absent (HTTP 404) is "not signed", which the core says in its words.
pub(crate) async fn fetch_signature(url: &str) -> Result<Option<String>, String> {
    match fetch_text(url).await {
        Ok(text) => Ok(Some(text)),
        Err(e) if e == "HTTP 404" => Ok(None),
        Err(e) => Err(e),
    }
}

/// Fetches, verifies and checks the published files; on success switches the app to them (see
/// [`Ctx::use_data`]) and keeps them on the device, otherwise says why in the banner and keeps
/// the pair in use.
pub async fn load_published(ctx: Ctx) {
    let fetched = (
        fetch_text("catalog.json").await,
        fetch_signature("catalog.sig.json").await,
        fetch_text("policy.json").await,
        fetch_signature("policy.sig.json").await,
    );
    let pair = match fetched {
        (Ok(catalog), Ok(catalog_sig), Ok(policy), Ok(policy_sig)) => Pair {
            catalog,
            catalog_sig,
            policy,
            policy_sig,
        },
        (c, cs, p, ps) => {
            let mut msgs = Vec::new();
            for (file, e) in [
                ("catalog.json", c.err()),
                ("catalog.sig.json", cs.err()),
                ("policy.json", p.err()),
                ("policy.sig.json", ps.err()),
            ] {
                if let Some(e) = e {
                    msgs.push(format!("{file}: {e}"));
                }
            }
            refuse(ctx, Banner::Unreachable(msgs));
            return;
        }
    };
    match pair.verify() {
        Ok(signed) => {
            let mut versions = ctx.data.with_untracked(|d| (*d.versions).clone());
            let (catalog, policy) = (Arc::new(signed.catalog), Arc::new(signed.policy));
            versions.keep(catalog.clone(), policy.clone());
            published::keep(pair);
            ctx.see(policy.published.as_deref());
            ctx.use_data(Data {
                catalog,
                policy,
                source: Source::Published,
                versions: Arc::new(versions),
                trust: Ok(signed.publisher.name),
            });
        }
        Err(problems) => refuse(
            ctx,
            Banner::Rejected(problems.iter().map(ToString::to_string).collect()),
        ),
    }
}

/// The published files cannot be used: the banner says why, and with no signed pair in use
/// approvals cannot be verified, for that reason.
fn refuse(ctx: Ctx, banner: Banner) {
    let lines = match &banner {
        Banner::Unreachable(l) | Banner::Rejected(l) => l.join("; "),
    };
    ctx.distrust(Text::new(
        format!("发布的目录与政策无法使用（{lines}）"),
        format!("the published catalog and policy cannot be used ({lines})"),
    ));
    ctx.show_banner(Some(banner));
}

/// How often an open page fetches the published files again.
const REFRESH_EVERY_MS: i32 = 30 * 60 * 1000;

/// Fetches the published files again every half hour and whenever the device comes back online,
/// so a newly signed policy (revoking an approver, say) reaches a page left open.
pub fn keep_fresh(ctx: Ctx) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else {
        return;
    };
    let again = Closure::<dyn Fn()>::new(move || {
        leptos::task::spawn_local(load_published(ctx));
    });
    let f = again.as_ref().unchecked_ref();
    let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(f, REFRESH_EVERY_MS);
    let _ = w.add_event_listener_with_callback("online", f);
    again.forget();
}
