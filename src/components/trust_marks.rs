//! What the user must know about trust, on every screen: the demo mark (also on every printed
//! page), and a device clock behind the latest date the device has seen.

use crate::i18n::Pick;
use crate::state::use_ctx;
use leptos::prelude::*;
use tailor_core::demo;

/// "演示 / DEMO — not an offer", while a signed demo policy is in use: fixed at the top of the
/// screen and of every printed page.
#[component]
pub fn DemoMark() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        ctx.data.with(|d| d.demo()).then(|| {
            view! { <div class="demo-mark" role="note" data-testid="demo-mark">{demo::MARK}</div> }
        })
    }
}

/// The device's clock is behind the latest date it has seen: validity is checked against that
/// date, and the user is told.
#[component]
pub fn ClockNotice() -> impl IntoView {
    let ctx = use_ctx();
    let lang = ctx.lang;
    move || {
        ctx.today.with(|t| t.clock_behind.then(|| t.date.clone())).map(|date| {
            let l = lang.get();
            view! {
                <div class="banner banner-error" role="alert" data-testid="clock-behind">
                    {format!(
                        "{}{date}{}",
                        l.pick("本机时钟早于本设备已见过的最新日期 ", "This device's clock is behind the latest date it has seen, "),
                        l.pick("：所有有效期按该日期核对。请校正系统时间。", ": every validity is checked against that date. Please correct the clock."),
                    )}
                </div>
            }
        })
    }
}
