//! The library's backup: every proposal exported as one file, and a backup (or one quote file)
//! imported after a plan the user confirms — new proposals added, identical ones skipped,
//! different ones with a known id added as copies; nothing is ever overwritten.

use super::library_notice::{failed, Notice};
use crate::autosave::{use_autosave, Autosave};
use crate::backup::{self, Fate, Incoming};
use crate::contracts;
use crate::files::{download, on_one_chosen};
use crate::i18n::Pick;
use crate::library;
use crate::state::{quote_id, today, use_ctx, Ctx};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use tailor_core::contract::Contract;
use tailor_core::limits::{self, too_large};
use tailor_core::quote_file;
use tailor_core::text::Text;

/// A backup read and planned, waiting for the user's word.
#[derive(Clone)]
pub struct ImportPlan {
    name: String,
    items: Vec<(Incoming, Fate)>,
    /// The contracts that read (those kept already are skipped on import), and why the others
    /// were refused.
    contracts: Vec<Contract>,
    refused: Vec<Text>,
}

/// The click handler that exports every proposal, after storing the one on screen.
pub fn export_all(
    ctx: Ctx,
    auto: Autosave,
    notice: RwSignal<Option<Notice>>,
) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    move |_| {
        spawn_local(async move {
            auto.flush(ctx).await;
            let stored = match library::everything().await {
                Ok(all) => contracts::list().await.map(|c| (all, c)),
                Err(e) => Err(e),
            };
            match stored {
                Ok((all, contracts)) => {
                    let text = backup::export(&all, &contracts, &today());
                    if let Err(e) = download(
                        &backup::file_name(&today()),
                        "application/json",
                        text.as_bytes(),
                    ) {
                        notice.set(Some(Notice {
                            error: true,
                            text: Text::new(
                                format!("导出失败：{e}"),
                                format!("Export failed: {e}"),
                            ),
                        }));
                    }
                }
                Err(e) => notice.set(Some(failed(&e))),
            }
        });
    }
}

/// The change handler of the backup input: reads the chosen file and plans its import.
pub fn choose_backup(
    notice: RwSignal<Option<Notice>>,
    plan: RwSignal<Option<ImportPlan>>,
) -> impl Fn(web_sys::Event) + Copy + 'static {
    on_one_chosen(backup::MAX_BYTES, move |chosen| async move {
        let (name, bytes) = match chosen {
            Err((name, size)) => {
                notice.set(Some(Notice {
                    error: true,
                    text: too_large(&name, size, &limits::BACKUP),
                }));
                return;
            }
            Ok(r) => r,
        };
        let read = backup::read_all(&name, &bytes);
        // The file's bytes are not needed once read: freed before the library is loaded.
        drop(bytes);
        let (incoming, contracts, refused) = match read {
            Ok(b) => (b.proposals, b.contracts, b.refused),
            Err(t) => {
                notice.set(Some(Notice {
                    error: true,
                    text: t,
                }));
                return;
            }
        };
        let local = match library::everything().await {
            Ok(all) => all
                .into_iter()
                .filter_map(|(s, f)| {
                    quote_file::import(&s.id, &f)
                        .ok()
                        .map(|f| (s.id, backup::content(&f)))
                })
                .collect::<BTreeMap<_, _>>(),
            Err(e) => {
                notice.set(Some(failed(&e)));
                return;
            }
        };
        let fates = backup::plan(&incoming, local);
        plan.set(Some(ImportPlan {
            name,
            items: incoming.into_iter().zip(fates).collect(),
            contracts,
            refused,
        }));
    })
}

/// The plan of a backup import, to confirm: how many proposals are new, already there, or
/// added as copies.
#[component]
pub fn ImportDialog(
    plan: ImportPlan,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let ctx = use_ctx();
    let auto = use_autosave();
    let l = ctx.lang.get_untracked();
    let count = |f: Fate| plan.items.iter().filter(|(_, x)| *x == f).count();
    let (new, same, copies) = (count(Fate::New), count(Fate::Same), count(Fate::Copy));
    let items = StoredValue::new(plan.items);
    let n_contracts = plan.contracts.len();
    let contracts = StoredValue::new(plan.contracts);
    let refused = plan.refused;
    let import = move |_| {
        // Taken before the dialog (and what it owns) goes away.
        let items = items.get_value();
        let contracts = contracts.get_value();
        on_done();
        spawn_local(async move {
            let today = today();
            let to_store = {
                ctx.data.with_untracked(|d| {
                    items
                        .iter()
                        .filter_map(|(i, fate)| match fate {
                            Fate::Same => None,
                            Fate::New => Some(backup::to_store(i, None, &d.policy, &today)),
                            Fate::Copy => {
                                let base = if i.name.trim().is_empty() {
                                    i.file.quote.customer.name.clone()
                                } else {
                                    i.name.clone()
                                };
                                let name =
                                    format!("{base}{}", l.pick("（导入副本）", " (imported copy)"));
                                Some(backup::to_store(
                                    i,
                                    Some((&quote_id(), &name)),
                                    &d.policy,
                                    &today,
                                ))
                            }
                        })
                        .collect::<Vec<_>>()
                })
            };
            let added = match library::add_all(&to_store).await {
                Ok(n) => contracts::add_new(&contracts).await.map(|k| (n, k)),
                Err(e) => Err(e),
            };
            match added {
                Ok((n, k)) => notice.set(Some(Notice {
                    error: false,
                    text: Text::new(
                        format!("已导入 {n} 个方案、{k} 份合同。"),
                        format!("Imported {n} proposals and {k} contracts."),
                    ),
                })),
                Err(e) => notice.set(Some(failed(&e))),
            }
            auto.changed.update(|n| *n += 1);
        });
    };
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-labelledby="backup-h" data-testid="backup-dialog">
                <h2 id="backup-h">{l.pick("导入方案库备份", "Import a library backup")}</h2>
                <p><b>{plan.name}</b></p>
                <ul>
                    <li data-testid="backup-new">{format!("{new} {}", l.pick("个新方案将加入方案库", "new proposals will be added"))}</li>
                    <li data-testid="backup-same">{format!("{same} {}", l.pick("个与方案库中的完全相同，跳过", "are already in the library, unchanged: skipped"))}</li>
                    <li data-testid="backup-copies">{format!("{copies} {}", l.pick(
                        "个与方案库中同编号的方案不同：作为副本加入（新编号，不含审批），方案库中的原方案保持不变",
                        "differ from the library's proposal with the same id: added as copies (new id, without approvals); the library's stay as they are",
                    ))}</li>
                    <li data-testid="backup-contracts">{format!("{n_contracts} {}", l.pick(
                        "份合同（方案库中已有的合同保持不变）",
                        "contracts (those already in the library stay as they are)",
                    ))}</li>
                </ul>
                {(!refused.is_empty()).then(|| view! {
                    <p class="finding error">{l.pick("以下合同无法读取，未导入；其余内容照常导入：", "These contracts cannot be read and are not imported; the rest is imported as usual:")}</p>
                    <ul data-testid="backup-refused">
                        {refused.iter().map(|t| view! { <li>{t.get(l).to_string()}</li> }).collect_view()}
                    </ul>
                })}
                <div class="actions">
                    <button class="primary" data-testid="backup-import" autofocus on:click=import>{l.pick("导入", "Import")}</button>
                    <button class="secondary" data-testid="backup-cancel" on:click=move |_| on_done()>{l.pick("取消", "Cancel")}</button>
                </div>
            </div>
        </div>
    }
}
