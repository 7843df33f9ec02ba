//! Approvals by link, the seller's side (the text format is `tailor_core::link`): the approval
//! request sent as a link to the approver's page, and a decision or a pre-authorisation that
//! comes back as a link — opened (`index.html#tailor1.…`, on start-up once the last proposal is
//! reopened, and on every `hashchange`), pasted or scanned. A link is read by the core, then
//! imported as its file would be: a decision lands on the proposal it was signed for (opened
//! from the library when another one is on screen, else refused, saying so), with the same
//! checks as an approval file; a pre-authorisation goes to `Ctx::keep_preauth`. Every refusal
//! says what is wrong and leaves the quote as it was.

use crate::autosave::{Autosave, OpenError};
use crate::library;
use crate::pages::approver_url;
use crate::state::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::approval::file as approvals;
use tailor_core::approval::preauth::PreAuthorisation;
use tailor_core::approval::Approval;
use tailor_core::link::{self, Kind};
use tailor_core::text::Text;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The longest request link offered for a chat message, in characters; a longer request goes as
/// its file. Measured on `tailor_core::sample`'s quotes (more options and sites per line than
/// most; `a_typical_request_goes_by_link_a_large_one_by_file`): 1 line ≈ 1,200 characters, 10 ≈
/// 4,000, 20 ≈ 6,200, 30 ≈ 8,100; a 10-line proposal from a default template ≈ 2,500. So the
/// proposals sellers make in the room (a few dozen lines) go by link. Every browser opens far
/// longer URLs (the fragment never reaches the server), but chat apps fold or cut messages of
/// several thousand characters, and a cut link is refused by its check: beyond this the file is
/// the reliable way.
pub const CHAT_MAX: usize = 8_000;

/// The seller's link state, in context: the message of the last link opened, pasted or scanned,
/// and whether the paste dialog is open.
#[derive(Clone, Copy)]
pub struct Links {
    /// The outcome of the last link imported: (imported, message).
    pub notice: RwSignal<Option<(bool, Text)>>,
    /// The "paste a link or code" dialog is open.
    pub pasting: RwSignal<bool>,
}

pub fn use_links() -> Links {
    expect_context::<Links>()
}

/// What a link brings to the configurator.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Decision(Approval),
    PreAuth(PreAuthorisation),
}

/// The link text a page's fragment (`location.hash`) holds, if it holds one.
pub fn in_fragment(hash: &str) -> Option<&str> {
    let text = hash.strip_prefix('#').unwrap_or(hash).trim();
    text.starts_with(link::PREFIX)
        .then_some(text)
        .filter(|t| t[link::PREFIX.len()..].starts_with('.'))
}

/// The link to the approver's page carrying the request `request` (a quote file), or its length
/// when it is longer than [`CHAT_MAX`].
pub fn request_link(page: &str, request: &str) -> Result<String, usize> {
    let url = approver_url(page, &link::encode(Kind::Request, request.as_bytes()));
    let length = url.chars().count();
    if length > CHAT_MAX {
        Err(length)
    } else {
        Ok(url)
    }
}

/// What a pasted, scanned or opened link carries, read; a refusal says what is wrong.
pub fn read(text: &str) -> Result<Item, Text> {
    let (kind, bytes) = link::decode(text).map_err(|e| e.text())?;
    let json = std::str::from_utf8(&bytes).map_err(|e| unreadable(kind, &e.to_string()))?;
    match kind {
        Kind::Decision => Approval::parse(json)
            .map(Item::Decision)
            .map_err(|e| unreadable(kind, &e)),
        Kind::PreAuth => PreAuthorisation::parse(json)
            .map(Item::PreAuth)
            .map_err(|e| unreadable(kind, &e)),
        Kind::Request => Err(Text::new(
            "这是审批申请链接：请在审批页打开（approver.html），配置页只导入审批决定或预授权",
            "This is an approval request link: open it on the approver's page (approver.html); the configurator imports only decisions and pre-authorisations",
        )),
        Kind::Statement => Err(Text::new(
            "这是建议书验证链接：请在验证页打开（verify.html）",
            "This is a proposal verification link: open it on the verification page (verify.html)",
        )),
    }
}

fn unreadable(kind: Kind, detail: &str) -> Text {
    let (zh, en) = match kind {
        Kind::Decision => ("审批决定", "decision"),
        Kind::PreAuth => ("预授权", "pre-authorisation"),
        Kind::Request => ("审批申请", "approval request"),
        Kind::Statement => ("建议书声明", "proposal statement"),
    };
    Text::new(
        format!("链接校验通过，但其中的{zh}无法读取：{detail}"),
        format!("The link passes its check, but the {en} in it cannot be read: {detail}"),
    )
}

/// Imports `item`: a decision onto the proposal it was signed for, a pre-authorisation into
/// the ones kept. Ok: what was done; Err: why nothing was.
pub async fn import(ctx: Ctx, auto: Autosave, item: Item) -> Result<Text, Text> {
    match item {
        Item::Decision(a) => import_decision(ctx, auto, a).await,
        Item::PreAuth(pre) => ctx.keep_preauth(pre),
    }
}

async fn import_decision(ctx: Ctx, auto: Autosave, a: Approval) -> Result<Text, Text> {
    let id = a.body.quote_id.clone();
    let on_screen = ctx.quote.with_untracked(|q| q.id == id);
    if !on_screen {
        let stored = matches!(library::load(&id).await, Ok(Some(_)));
        if !stored {
            return Err(Text::new(
                format!(
                    "该审批属于另一份报价（客户「{}」，报价编号 {id}），本设备的方案库中没有它：请先打开该报价文件，再导入此审批。当前报价未作改动。",
                    a.body.customer_name
                ),
                format!(
                    "This approval belongs to another proposal (customer '{}', quote {id}), which is not in this device's library: open that quote file first, then import the approval. The quote on screen is unchanged.",
                    a.body.customer_name
                ),
            ));
        }
        auto.open(ctx, &id, false).await.map_err(|e| match e {
            OpenError::Unsaved => Text::new(
                "该审批属于方案库中的另一份报价，但屏幕上的报价尚未保存，无法切换：审批未导入",
                "This approval belongs to another proposal in the library, but the proposal on screen is not saved, so it cannot be switched: the approval was not imported",
            ),
            OpenError::Gone | OpenError::Storage(_) => Text::new(
                "无法从方案库打开该审批所属的报价：审批未导入",
                "The proposal this approval belongs to cannot be opened from the library: the approval was not imported",
            ),
        })?;
    }
    ctx.approvals
        .with_untracked(|held| approvals::check_merge(held, std::slice::from_ref(&a)))?;
    let customer = a.body.customer_name.clone();
    let added = ctx.add_approvals(vec![a]);
    let opened = if on_screen {
        (String::new(), String::new())
    } else {
        (
            format!("已打开「{customer}」的报价；"),
            format!("Opened the proposal for '{customer}'; "),
        )
    };
    Ok(if added == 0 {
        Text::new(
            format!("{}此审批已在报价中", opened.0),
            format!("{}this approval is already on the quote", opened.1),
        )
    } else {
        Text::new(
            format!("{}已从链接导入审批，已立即核验", opened.0),
            format!("{}approval imported from the link and verified", opened.1),
        )
    })
}

/// Reads and imports `text` (a link or its bare text).
pub async fn take(ctx: Ctx, auto: Autosave, text: &str) -> Result<Text, Text> {
    import(ctx, auto, read(text)?).await
}

impl Links {
    /// Shows the outcome of a link imported.
    pub fn tell(self, outcome: Result<Text, Text>) {
        self.notice
            .set(Some(outcome.map_or_else(|e| (false, e), |t| (true, t))));
    }
}

/// Follows a link in the page's fragment once start-up has reopened the last proposal, and on
/// every `hashchange` after; the fragment is cleared first, so a reload does not import again.
pub fn follow_fragment(ctx: Ctx, auto: Autosave, links: Links) {
    let follow = move || {
        let Some(text) = take_fragment() else { return };
        spawn_local(async move {
            links.tell(take(ctx, auto, &text).await);
        });
    };
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let ready = auto.started();
        if ready {
            follow();
        }
        ready
    });
    let on_change = Closure::<dyn Fn()>::new(move || {
        if auto.started_untracked() {
            follow();
        }
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    }
    on_change.forget();
}

/// The link in the fragment, which is cleared (`history.replaceState`, no new history entry).
pub fn take_fragment() -> Option<String> {
    let w = web_sys::window()?;
    let hash = w.location().hash().ok()?;
    let text = in_fragment(&hash)?.to_string();
    let href = w.location().href().ok()?;
    let bare = href.split('#').next().unwrap_or(&href).to_string();
    if let Ok(history) = w.history() {
        // If the browser refuses, a reload imports the same link again: harmless, it is merged.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&bare));
    }
    Some(text)
}

fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()
}

/// Copies `text` to the clipboard (`navigator.clipboard.writeText`); false where the browser
/// has no clipboard or refuses.
pub async fn copy(text: &str) -> bool {
    let Some(clipboard) = navigator()
        .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("clipboard")).ok())
        .filter(|c| !c.is_undefined())
    else {
        return false;
    };
    let Some(write) = method(&clipboard, "writeText") else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p))
            .await
            .is_ok(),
        Err(_) => false,
    }
}

/// Whether the browser can hand a link to another app (`navigator.share`).
pub fn can_share() -> bool {
    navigator().is_some_and(|n| method(&n, "share").is_some())
}

/// Hands `url` to the system's share sheet (a chat app, mail); the user may cancel.
pub fn share(title: &str, url: &str) {
    let Some(n) = navigator() else { return };
    let Some(share) = method(&n, "share") else {
        return;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(title));
    let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(url));
    if let Ok(p) = share.call1(&n, &data) {
        // A cancelled share rejects; nothing to do.
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p)).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::embedded;
    use crate::pages::configurator_url;
    use tailor_core::approval::{ApprovalBody, Decision, Request};
    use tailor_core::keyfile::ApproverKey;
    use tailor_core::link::LinkError;
    use tailor_core::pricing::price;
    use tailor_core::sample;

    fn signed() -> Approval {
        let d = embedded();
        let q = sample::quote(&d.catalog, &d.policy, 3);
        let request = Request {
            decision: Decision::Approve,
            approver_id: "a".into(),
            level: "sales_manager".into(),
            issued: "2026-12-01".into(),
            expires: "2026-12-31".into(),
            comment: "同意".into(),
            reason: String::new(),
        };
        let key = ApproverKey::from_seed([7; 32]);
        let p = price(&d.catalog, &d.policy, &q);
        ApprovalBody::new(&q, &p, &request, &key.public_key_hex()).sign(&key)
    }

    #[test]
    fn only_a_tailor_link_in_the_fragment_is_followed() {
        assert_eq!(in_fragment("#tailor1.d.abc.def"), Some("tailor1.d.abc.def"));
        assert_eq!(in_fragment("tailor1.p.x.y"), Some("tailor1.p.x.y"));
        assert_eq!(in_fragment("#tailor1.d.x.y%20"), Some("tailor1.d.x.y%20"));
        for other in [
            "",
            "#",
            "#top",
            "#tailor2.d.x.y",
            "#tailor1",
            "#tailor10.d.x.y",
        ] {
            assert_eq!(in_fragment(other), None, "{other}");
        }
    }

    #[test]
    fn the_approver_page_and_the_configurator_sit_side_by_side() {
        let l = "tailor1.r.abc.def";
        for page in [
            "https://x.example/tailor/",
            "https://x.example/tailor/index.html",
            "https://x.example/tailor/index.html?lang=en#tailor1.d.q.w",
            "https://x.example/tailor/#old",
        ] {
            assert_eq!(
                approver_url(page, l),
                "https://x.example/tailor/approver.html#tailor1.r.abc.def",
                "{page}"
            );
        }
        for page in [
            "https://x.example/tailor/approver.html",
            "https://x.example/tailor/approver.html?lang=en#tailor1.r.q.w",
        ] {
            assert_eq!(
                configurator_url(page, "tailor1.d.abc.def"),
                "https://x.example/tailor/#tailor1.d.abc.def",
                "{page}"
            );
        }
    }

    #[test]
    fn a_typical_request_goes_by_link_a_large_one_by_file() {
        let d = embedded();
        let page = "https://tailor.example/app/index.html";
        let length = |n: usize| {
            let q = sample::quote(&d.catalog, &d.policy, n);
            let json = approvals::quote_file_json(&q, &price(&d.catalog, &d.policy, &q), &[]);
            request_link(page, &json)
        };
        let ten = length(10).expect("a 10-line request goes by link");
        assert!(ten.starts_with("https://tailor.example/app/approver.html#tailor1.r."));
        let (_, bytes) = link::decode(&ten).expect("it reads back");
        assert_eq!(link::decode(&ten).map(|(k, _)| k), Ok(Kind::Request));
        assert!(!bytes.is_empty());
        assert!(matches!(length(100), Err(n) if n > CHAT_MAX));
    }

    #[test]
    fn a_decision_link_reads_back_and_a_damaged_one_says_why() {
        let a = signed();
        let text = link::encode(Kind::Decision, a.to_json().as_bytes());
        assert_eq!(read(&text), Ok(Item::Decision(a.clone())));
        assert_eq!(
            read(&format!("https://t.example/index.html#{text}")),
            Ok(Item::Decision(a))
        );
        assert_eq!(
            read(&text[..text.len() - 3]),
            Err(LinkError::CheckFailed.text())
        );
        assert_eq!(
            read(&text[..text.len() / 2]),
            Err(LinkError::Damaged.text())
        );
        let mut tampered = text.clone().into_bytes();
        tampered[20] = if tampered[20] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("ascii");
        assert!(read(&tampered).is_err());
        assert_eq!(read("hello"), Err(LinkError::NotALink.text()));
    }

    #[test]
    fn a_request_or_an_unreadable_item_is_refused_in_both_languages() {
        let request = link::encode(Kind::Request, b"{}");
        let e = read(&request).expect_err("a request is for the approver");
        assert!(e.zh.contains("审批页") && e.en.contains("approver's page"));
        let junk = link::encode(Kind::Decision, b"{\"not\":1}");
        let e = read(&junk).expect_err("not an approval");
        assert!(e.zh.contains("审批决定") && e.en.contains("decision"));
        let pre = link::encode(Kind::PreAuth, b"[]");
        let e = read(&pre).expect_err("not a pre-authorisation");
        assert!(e.en.contains("pre-authorisation"));
    }
}
