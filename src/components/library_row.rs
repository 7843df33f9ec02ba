//! One proposal in the library list: its name (renamed in place), customer, industry, date, TCV,
//! approval standing and when it was saved, with open, duplicate, rename and delete. A row is
//! built in the language of the moment; the list builds its rows again when it changes.

use super::library_notice::{failed, Notice};
use super::save_status::clock;
use crate::autosave::use_autosave;
use crate::format::yuan;
use crate::i18n::Pick;
use crate::library::{self, Standing, Summary};
use crate::state::{use_ctx, Ctx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use tailor_core::text::Lang;

/// A standing in words, and the class of its badge.
fn standing_words(s: &Standing, ctx: Ctx, l: Lang) -> (String, &'static str) {
    match s {
        Standing::NotNeeded => (l.pick("权限内", "Within authority").into(), "ok"),
        Standing::Approved { until } => (
            format!("{}{}", l.pick("已审批，有效至 ", "Approved until "), until),
            "ok",
        ),
        Standing::PreAuthorised { until } => (
            format!(
                "{}{}",
                l.pick("已预授权，有效至 ", "Authorised in advance until "),
                until
            ),
            "ok",
        ),
        Standing::Needs { level } => {
            let name = ctx.data.with_untracked(|d| {
                d.policy
                    .levels
                    .iter()
                    .find(|x| x.id == *level)
                    .map_or_else(|| level.clone(), |x| x.name.get(l).to_string())
            });
            (
                format!(
                    "{}{}{}",
                    l.pick("需", "Needs "),
                    name,
                    l.pick("审批", " approval")
                ),
                "needs",
            )
        }
        Standing::Refused => (l.pick("低于成本底价", "Below cost floor").into(), "refused"),
    }
}

fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:04}-{:02}-{:02} {}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        clock(ms)
    )
}

/// A row of the library table; `current` is the id of the proposal on screen, `versions` how
/// many versions its lineage has in the library (more than one: they can be compared).
#[component]
pub fn Row(
    s: Summary,
    versions: usize,
    current: String,
    renaming: RwSignal<Option<String>>,
    open: impl Fn(String, bool) + Copy + Send + Sync + 'static,
    duplicate: impl Fn(String) + Copy + Send + Sync + 'static,
    delete: impl Fn(String) + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let l = ctx.lang.get_untracked();
    let id = StoredValue::new(s.id.clone());
    let title = if s.title().trim().is_empty() {
        l.pick("（未命名）", "(untitled)").to_string()
    } else {
        s.title().to_string()
    };
    let industry = ctx.data.with_untracked(|d| {
        d.catalog
            .industries
            .iter()
            .find(|i| i.id == s.industry)
            .map_or_else(|| s.industry.clone(), |i| i.name.get(l).to_string())
    });
    let (standing, standing_class) = standing_words(&s.standing, ctx, l);
    let is_current = s.id == current;
    let editing = move || renaming.get().as_deref() == Some(id.get_value().as_str());
    let name_now = StoredValue::new(s.name.clone());
    let commit = move |value: String| {
        renaming.set(None);
        if value.trim() == name_now.get_value().trim() {
            return;
        }
        let id = id.get_value();
        spawn_local(async move {
            if let Err(e) = library::rename(&id, &value).await {
                notice.set(Some(failed(&e)));
            }
            auto.changed.update(|n| *n += 1);
        });
    };
    let label = title.clone();
    let version = tailor_core::version::label(&tailor_core::quote::Quote {
        version: s.version,
        handed_over: s.handed_over.clone(),
        ..Default::default()
    })
    .get(l)
    .to_string();
    let lineage = StoredValue::new(s.lineage().to_string());
    let compare = move |_| {
        ctx.show_changes(lineage.get_value());
    };
    view! {
        <tr data-testid="library-row" data-id=s.id.clone() data-lineage=s.lineage().to_string() class:current=is_current>
            <th scope="row">
                {move || if editing() {
                    view! {
                        <input type="text" class="rename" data-testid="rename-input"
                            aria-label=l.pick("方案名称", "Proposal name")
                            prop:value=name_now.get_value()
                            autofocus
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    commit(event_target_value(&ev));
                                } else if ev.key() == "Escape" {
                                    renaming.set(None);
                                }
                            }
                            on:blur=move |ev| {
                                if editing() {
                                    commit(event_target_value(&ev));
                                }
                            }/>
                    }.into_any()
                } else {
                    view! { <span class="title" data-testid="row-title">{title.clone()}</span> }.into_any()
                }}
                {(!s.name.trim().is_empty() && s.name.trim() != s.customer.trim()).then(|| view! { <span class="sub">{s.customer.clone()}</span> })}
                <span class="badge version" data-testid="row-version">{version}</span>
                {is_current.then(|| view! { <span class="badge ok">{l.pick("当前", "On screen")}</span> })}
            </th>
            <td>{industry}</td>
            <td>{s.date.clone()}</td>
            <td class="num" data-testid="row-tcv">{yuan(s.tcv)}</td>
            <td><span class=format!("badge {standing_class}") data-testid="row-standing">{standing}</span>
                {(s.approvals > 0).then(|| format!(" · {} {}", s.approvals, l.pick("份签名", "signed")))}</td>
            <td>{date_time(s.saved_at)}</td>
            <td class="row-actions">
                <button class="secondary" data-testid="open-proposal" aria-label=format!("{} {label}", l.pick("打开", "Open"))
                    on:click=move |_| open(id.get_value(), false)>{l.pick("打开", "Open")}</button>
                {(versions > 1).then(|| view! {
                    <button class="secondary" data-testid="compare-versions" aria-label=format!("{} {label}", l.pick("比较版本", "Compare versions"))
                        on:click=compare>{l.pick("比较版本", "Compare versions")}</button>
                })}
                <button class="secondary" data-testid="duplicate-proposal" aria-label=format!("{} {label}", l.pick("复制", "Duplicate"))
                    on:click=move |_| duplicate(id.get_value())>{l.pick("复制", "Duplicate")}</button>
                <button class="secondary" data-testid="rename-proposal" aria-label=format!("{} {label}", l.pick("重命名", "Rename"))
                    on:click=move |_| renaming.set(Some(id.get_value()))>{l.pick("重命名", "Rename")}</button>
                <button class="secondary danger" data-testid="delete-proposal" aria-label=format!("{} {label}", l.pick("删除", "Delete"))
                    on:click=move |_| delete(id.get_value())>{l.pick("删除", "Delete")}</button>
            </td>
        </tr>
    }
}
