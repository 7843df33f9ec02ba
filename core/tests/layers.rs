//! The core's layers run one way, and neither the core nor the app has an import circle.
//!
//! Every `.rs` file under `core/src` and the app's `src` is read (not `lib.rs`, `main.rs` or
//! `bin/`), and a module's imports are taken to be the `crate::…`, `super::…` and `self::…` paths
//! it names outside comments, string literals and `#[cfg(test)]` modules (unit tests may look
//! anywhere). A path names the deepest module it reaches; a module naming its own parent or child
//! is not an import.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The core's layers, lowest first. A module may import modules of its own layer and below, never
/// above; a module in a folder counts as its top module.
#[rustfmt::skip]
const CORE_LAYERS: &[(&str, &[&str])] = &[
    ("foundations", &["text", "money", "date", "canonical", "json_path", "uscc", "limits", "passphrase", "suite"]),
    ("the published data and the quote", &["catalog", "policy", "quote", "template", "sample"]),
    ("one line's price", &["waterfall"]),
    ("judgements of a line", &["authority", "headroom", "rules", "guidance", "end_of_sale"]),
    ("the whole quote's price", &["pricing", "incremental"]),
    ("after the signature: versions, contracts, amendments, renewals", &[
        "version", "diff", "contract", "amendment", "renewal",
    ]),
    ("files, approvals, repricing and the checker", &[
        "quote_file", "approval", "keyfile", "backup", "serde_message", "csv", "decision_log",
        "reprice", "check", "defaults", "demo", "publication", "trust", "link", "keys", "statement",
        "workbook", "impact", "changes", "tmf", "site_import",
    ]),
    ("sites at scale", &["package", "bulk_edit", "site_sheet", "site_summary"]),
];

#[test]
fn core_modules_import_only_their_own_layer_and_below() {
    let problems = layer_problems(&top_level(&imports(&read_modules(&core_src()))));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn core_has_no_import_circle() {
    let circles = all_circles(&imports(&read_modules(&core_src())));
    assert!(circles.is_empty(), "core/src: {}", circles.join("\n"));
}

#[test]
fn app_has_no_import_circle() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let circles = all_circles(&imports(&read_modules(&app)));
    assert!(circles.is_empty(), "src: {}", circles.join("\n"));
}

/// The circles among modules, and among top modules (a folder's modules counted as one).
fn all_circles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let top = top_level(graph)
        .into_iter()
        .map(|(m, deps)| (vec![m], deps.into_iter().map(|d| vec![d]).collect()))
        .collect();
    let mut found = circles(graph);
    for circle in circles(&top) {
        if !found.contains(&circle) {
            found.push(circle);
        }
    }
    found
}

/// The checks themselves: a comment, a string, a test module and a parent are not imports; a
/// circle and a layer crossing are found.
#[test]
fn the_checks_see_imports_and_only_imports() {
    let modules: BTreeMap<Vec<String>, String> = [
        (
            "a",
            "use crate::b::{X, c::Y};\n// crate::d\nconst S: &str = \"crate::d\";\n\
             #[cfg(test)]\nmod tests { use crate::d; }",
        ),
        ("b", "fn f() -> crate::a::Z { z() }"),
        ("b::c", "use super::super::d::W; use super::V;"),
        ("d", "/* crate::a */ fn g(c: char) -> bool { c == '\"' }"),
    ]
    .into_iter()
    .map(|(path, text)| (path.split("::").map(String::from).collect(), clean(text)))
    .collect();
    let graph = imports(&modules);
    let names = |m: &str| {
        graph[&path(m)]
            .iter()
            .map(|p| p.join("::"))
            .collect::<Vec<_>>()
    };
    assert_eq!(names("a"), ["b", "b::c"]);
    assert_eq!(names("b::c"), ["d"]);
    assert!(graph[&path("d")].is_empty());
    assert_eq!(circles(&graph), ["a <-> b"]);
    let top = top_level(&graph);
    assert_eq!(top["b"], BTreeSet::from(["a".to_string(), "d".to_string()]));
    // `d` importing `b::c` closes a circle between the top modules `b` and `d` only.
    let mut graph = graph;
    graph.insert(path("d"), BTreeSet::from([path("b::c")]));
    assert_eq!(
        all_circles(&graph),
        ["a <-> b", "b::c <-> d", "a <-> b <-> d"]
    );
}

/// A module in no layer, or importing from a layer above its own, is reported.
#[test]
fn the_layer_check_sees_a_crossing_and_a_missing_module() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("money", &["text"][..]),
        ("authority", &["waterfall", "headroom"]),
        ("waterfall", &["pricing"]),
        ("newcomer", &[]),
    ]
    .into_iter()
    .map(|(m, deps)| (m.to_string(), deps.iter().map(|d| d.to_string()).collect()))
    .collect();
    let problems = layer_problems(&graph);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("core module `newcomer` is in no layer"));
    assert!(problems[1].starts_with("`waterfall` (one line's price) imports `pricing`"));
}

/// Each module of `graph` in no layer of [`CORE_LAYERS`], and each import from a layer above.
fn layer_problems(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let layer_of = |m: &str| CORE_LAYERS.iter().position(|(_, ms)| ms.contains(&m));
    let mut problems = Vec::new();
    for (module, deps) in graph {
        let Some(own) = layer_of(module) else {
            problems.push(format!(
                "core module `{module}` is in no layer: add it to CORE_LAYERS in {}",
                file!()
            ));
            continue;
        };
        for dep in deps {
            match layer_of(dep) {
                Some(layer) if layer > own => problems.push(format!(
                    "`{module}` ({}) imports `{dep}` ({}), a layer above it",
                    CORE_LAYERS[own].0, CORE_LAYERS[layer].0
                )),
                _ => {}
            }
        }
    }
    problems
}

fn path(m: &str) -> Vec<String> {
    m.split("::").map(String::from).collect()
}

fn core_src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module of the crate whose sources are in `src`, by path, with its text cleaned of
/// comments, strings and test modules. A file a `#[cfg(test)] mod name;` brings in is left out.
fn read_modules(src: &Path) -> BTreeMap<Vec<String>, String> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let mut path: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if path.last().is_some_and(|l| l == "mod") {
            path.pop();
        }
        if path == ["lib"] || path == ["main"] || path.first().is_some_and(|p| p == "bin") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        modules.insert(path, clean(&text));
    }
    let tests: Vec<Vec<String>> = modules
        .iter()
        .flat_map(|(path, text)| {
            test_files(text).into_iter().map(move |name| {
                let mut p = path.clone();
                p.push(name);
                p
            })
        })
        .collect();
    for t in tests {
        modules.remove(&t);
    }
    assert!(!modules.is_empty(), "no module under {}", src.display());
    modules
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments, string and character literals blanked out and every
/// `#[cfg(test)] mod name { … }` removed.
fn clean(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(k).copied().unwrap_or('\0');
        if c[i] == '/' && at(i + 1) == '/' {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r' && (at(i + 1) == '"' || at(i + 1) == '#') && raw_start(&c, i) {
            // A raw string: r"…", r#"…"#, br"…" (the `b` is kept as a letter).
            let mut j = i + 1;
            while at(j) == '#' {
                j += 1;
            }
            if at(j) != '"' {
                out.push(c[i]);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            j += 1;
            while j < c.len() && !(c[j] == '"' && (1..=hashes).all(|h| at(j + h) == '#')) {
                j += 1;
            }
            i = j + 1 + hashes;
            out.push_str("\"\"");
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            // A character literal ('x', '\n', '\'', '\u{…}'); otherwise a lifetime, kept.
            i += if at(i + 1) == '\\' { 3 } else { 2 };
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    without_test_modules(&out)
}

/// Whether the `r` at `i` begins a word (or follows a word-initial `b`).
fn raw_start(c: &[char], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map_or('\0', |k| c[k]);
    !ident(before(1)) || (before(1) == 'b' && !ident(before(2)))
}

fn ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` without its `#[cfg(test)] mod name { … }` blocks (comments and strings already gone).
fn without_test_modules(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        let Some(body) = item
            .strip_prefix("mod ")
            .and_then(|m| m.find(['{', ';']).map(|k| (m, k)))
            .filter(|(m, k)| m.as_bytes()[*k] == b'{')
        else {
            rest = after;
            continue;
        };
        let (m, open) = body;
        let mut depth = 0;
        let mut end = m.len();
        for (k, ch) in m[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &m[end..];
    }
    out.push_str(rest);
    out
}

/// The names of the `#[cfg(test)] mod name;` files a module brings in.
fn test_files(text: &str) -> Vec<String> {
    text.match_indices("#[cfg(test)]")
        .filter_map(|(at, tag)| {
            let item = text[at + tag.len()..].trim_start().strip_prefix("mod ")?;
            let end = item.find(['{', ';'])?;
            (item.as_bytes()[end] == b';').then(|| item[..end].trim().to_string())
        })
        .collect()
}

/// Each module's imports: the other modules its paths reach, neither its parent nor its child.
fn imports(
    modules: &BTreeMap<Vec<String>, String>,
) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    modules
        .iter()
        .map(|(me, text)| {
            let deps = paths(text)
                .into_iter()
                .filter_map(|p| resolve(me, &p, modules))
                .filter(|d| !d.starts_with(me) && !me.starts_with(d))
                .collect();
            (me.clone(), deps)
        })
        .collect()
}

/// The deepest module a path in module `me` reaches, if it is one of `modules`.
fn resolve(
    me: &[String],
    path: &[String],
    modules: &BTreeMap<Vec<String>, String>,
) -> Option<Vec<String>> {
    let mut full: Vec<String> = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.next()?.as_str() {
        "crate" => {}
        "self" => full.extend_from_slice(me),
        _ => {
            // `super`, then any more `super`s.
            full.extend_from_slice(&me[..me.len().saturating_sub(1)]);
            while segments.peek().is_some_and(|s| *s == "super") {
                segments.next();
                full.pop();
            }
        }
    }
    full.extend(segments.cloned());
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|p| modules.contains_key(p))
}

/// Every `crate::…`, `self::…` and `super::…` path in `text`, with `use` groups expanded:
/// `crate::a::{b, c::D}` gives `crate::a::b` and `crate::a::c::D`.
fn paths(text: &str) -> Vec<Vec<String>> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let starts_word = i == 0 || !(ident(c[i - 1]) || c[i - 1] == '$' || c[i - 1] == ':');
        if starts_word {
            for root in ["crate", "self", "super"] {
                let r: Vec<char> = root.chars().collect();
                if c[i..].starts_with(&r) && c[i + r.len()..].starts_with(&[':', ':']) {
                    let mut j = i + r.len();
                    tree(&c, &mut j, vec![root.to_string()], &mut out);
                    i = j;
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// Reads `::segment::segment…` or `::{tree, tree}` at `*j` after `prefix`, into `out`.
fn tree(c: &[char], j: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let skip_space = |j: &mut usize| {
        while *j < c.len() && c[*j].is_whitespace() {
            *j += 1;
        }
    };
    let mut path = prefix;
    loop {
        skip_space(j);
        if !(c[*j..].starts_with(&[':', ':'])) {
            break;
        }
        *j += 2;
        skip_space(j);
        if c.get(*j) == Some(&'{') {
            *j += 1;
            loop {
                skip_space(j);
                match c.get(*j) {
                    Some('}') | None => {
                        *j += 1;
                        return;
                    }
                    Some(',') => *j += 1,
                    _ => {
                        let start = *j;
                        while *j < c.len() && ident(c[*j]) {
                            *j += 1;
                        }
                        if *j == start {
                            // `*` or anything else in a group: not a module name.
                            *j += 1;
                            continue;
                        }
                        let mut sub = path.clone();
                        sub.push(c[start..*j].iter().collect());
                        tree(c, j, sub, out);
                    }
                }
            }
        }
        let start = *j;
        while *j < c.len() && ident(c[*j]) {
            *j += 1;
        }
        if *j == start {
            break;
        }
        path.push(c[start..*j].iter().collect());
    }
    // `use crate::a::{self, …}` names `a`.
    if path.last().is_some_and(|s| s == "self") && path.len() > 1 {
        path.pop();
    }
    if path.len() > 1 {
        out.push(path);
    }
}

/// The graph with every module counted as its top module.
fn top_level(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, deps) in graph {
        let entry = top.entry(module[0].clone()).or_default();
        entry.extend(
            deps.iter()
                .map(|d| d[0].clone())
                .filter(|d| *d != module[0]),
        );
    }
    top
}

/// The import circles of a graph, one line each (its modules in order, joined by `<->`): each
/// strongly connected group of more than one module.
fn circles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let names: Vec<&Vec<String>> = graph.keys().collect();
    let index: BTreeMap<&Vec<String>, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            graph[*n]
                .iter()
                .filter_map(|d| index.get(d).copied())
                .collect()
        })
        .collect();
    // Reachability by repeated search; the graphs have a few dozen modules.
    let reach = |from: usize| {
        let mut seen = vec![false; names.len()];
        let mut stack = vec![from];
        while let Some(v) = stack.pop() {
            for &w in &edges[v] {
                if !seen[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
        seen
    };
    let reachable: Vec<Vec<bool>> = (0..names.len()).map(reach).collect();
    let mut done = vec![false; names.len()];
    let mut out = Vec::new();
    for v in 0..names.len() {
        if done[v] {
            continue;
        }
        let group: Vec<usize> = (0..names.len())
            .filter(|&w| w != v && reachable[v][w] && reachable[w][v])
            .chain([v])
            .collect();
        for &w in &group {
            done[w] = true;
        }
        if group.len() > 1 {
            let mut members: Vec<String> = group.iter().map(|&w| names[w].join("::")).collect();
            members.sort();
            out.push(members.join(" <-> "));
        }
    }
    out
}
