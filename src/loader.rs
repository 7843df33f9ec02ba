//! Start-up: fetch `catalog.json` and `policy.json` from beside `index.html`, check them with the
//! core's checker, and fall back to the embedded default on any problem or with no network.

use crate::state::{Banner, Ctx, Data, Source};
use gloo_net::http::Request;
use std::sync::Arc;
use tailor_core::check;
use tailor_core::defaults;

/// The embedded default catalog and policy. The test suite guarantees they load.
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
    }
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    resp.text().await.map_err(|e| e.to_string())
}

/// Fetches and checks the published files; on success switches the app to them (see
/// [`Ctx::use_data`]), otherwise lists the problems in the banner.
pub async fn load_published(ctx: Ctx) {
    let (catalog, policy) = (
        fetch_text("catalog.json").await,
        fetch_text("policy.json").await,
    );
    let (catalog, policy) = match (catalog, policy) {
        (Ok(c), Ok(p)) => (c, p),
        (c, p) => {
            let mut msgs = Vec::new();
            if let Err(e) = c {
                msgs.push(format!("catalog.json: {e}"));
            }
            if let Err(e) = p {
                msgs.push(format!("policy.json: {e}"));
            }
            ctx.show_banner(Some(Banner::Unreachable(msgs)));
            return;
        }
    };
    match check::load("catalog.json", &catalog, "policy.json", &policy) {
        Ok(l) => {
            let data = Data {
                catalog: Arc::new(l.catalog),
                policy: Arc::new(l.policy),
                source: Source::Published,
            };
            ctx.use_data(data);
        }
        Err(problems) => ctx.show_banner(Some(Banner::Rejected(
            problems.iter().map(ToString::to_string).collect(),
        ))),
    }
}
