//! The banner saying the published catalog or policy is not in use, and why. The pair in use
//! stays (the last good signed one kept on this device, else the embedded default, under which
//! no approval verifies): the top bar says which.

use crate::i18n::Pick;
use crate::state::{use_ctx, Banner};
use leptos::prelude::*;

#[component]
pub fn LoadBanner() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        ctx.banner.get().map(|b| {
            let l = lang.get();
            let (class, title, lines) = match b {
                Banner::Rejected(lines) => (
                    "banner banner-error",
                    l.pick(
                        "发布的产品目录或资费政策未通过签名验证或校验，未予采用（继续使用顶栏所示版本）：",
                        "The published catalog or policy failed its signature or the checks and is not used (the version in the top bar stays):",
                    ),
                    lines,
                ),
                Banner::Unreachable(lines) => (
                    "banner banner-info",
                    l.pick(
                        "无法获取发布的产品目录（可能没有网络），继续使用顶栏所示版本：",
                        "Could not fetch the published catalog (perhaps no network); the version in the top bar stays:",
                    ),
                    lines,
                ),
            };
            view! {
                <div class=class role="alert" data-testid="load-banner">
                    <strong>{title}</strong>
                    <ul>{lines.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    <button class="link" on:click=move |_| ctx.show_banner(None)>{l.pick("关闭", "Dismiss")}</button>
                </div>
            }
        })
    }
}
