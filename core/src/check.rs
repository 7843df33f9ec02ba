//! The pricing team's checker: parses `catalog.json` and `policy.json` and reports every problem at
//! once, each with the file, the JSON path and what is wrong. The app runs the same checks on the
//! files it fetches.

mod approvers;
mod of_catalog;
mod of_policy;

pub use approvers::check_approvers;

use crate::catalog::{Catalog, Severity};
use crate::money::{Bp, FULL};
use crate::policy::Policy;
use crate::text::Text;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One problem found in a catalog or policy file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    /// Where in the file: a JSON path such as `offerings[3].tiers[1].mrc`, or `line 4, column 7`.
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {}: {}: {}", self.file, self.path, sev, self.message)
    }
}

/// A parsed and checked catalog and policy, with any warnings.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub catalog: Catalog,
    pub policy: Policy,
    pub warnings: Vec<Problem>,
}

/// Parses one JSON file into `T`, naming the path and the line and column of any failure.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_str(text);
    let at = |e: &serde_json::Error| format!("line {}, column {}", e.line(), e.column());
    let problem = |path: String, message: String| Problem {
        file: file.to_string(),
        path,
        severity: Severity::Error,
        message,
    };
    let value = T::deserialize(&mut de).map_err(|e| {
        let path = match crate::json_path::of_error(text, &e) {
            Some(path) => format!("{path} ({})", at(&e)),
            None => at(&e),
        };
        problem(path, e.to_string())
    })?;
    de.end().map_err(|e| problem(at(&e), e.to_string()))?;
    Ok(value)
}

/// [`load`] of `catalog.json` and `policy.json` with every problem on a line of its own: what the
/// native tools print.
pub fn load_reported(catalog_text: &str, policy_text: &str) -> Result<Loaded, String> {
    load("catalog.json", catalog_text, "policy.json", policy_text).map_err(|ps| {
        ps.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Parses and checks a catalog and a policy. Errors stop the load; warnings come back with it.
pub fn load(
    catalog_file: &str,
    catalog_text: &str,
    policy_file: &str,
    policy_text: &str,
) -> Result<Loaded, Vec<Problem>> {
    let catalog = parse::<Catalog>(catalog_file, catalog_text);
    let policy = parse::<Policy>(policy_file, policy_text);
    let (catalog, policy) = match (catalog, policy) {
        (Ok(c), Ok(p)) => (c, p),
        (c, p) => return Err(c.err().into_iter().chain(p.err()).collect()),
    };
    let problems = check(&catalog, catalog_file, &policy, policy_file);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(problems);
    }
    Ok(Loaded {
        catalog,
        policy,
        warnings: problems,
    })
}

/// Every semantic problem of a parsed catalog and policy: the catalog's problems first, then the
/// policy's. References across the two files are reported in the file that holds the reference
/// (an offering's tax class in the catalog, a discount limit's family in the policy).
pub fn check(
    catalog: &Catalog,
    catalog_file: &str,
    policy: &Policy,
    policy_file: &str,
) -> Vec<Problem> {
    let mut out = Vec::new();
    of_catalog::check(catalog, policy, &mut Sink::new(catalog_file, &mut out));
    of_policy::check(policy, catalog, &mut Sink::new(policy_file, &mut out));
    out
}

/// Collects the problems of one file.
struct Sink<'a> {
    file: &'a str,
    out: &'a mut Vec<Problem>,
}

impl<'a> Sink<'a> {
    fn new(file: &'a str, out: &'a mut Vec<Problem>) -> Self {
        Sink { file, out }
    }

    fn push(&mut self, severity: Severity, path: &str, message: String) {
        self.out.push(Problem {
            file: self.file.to_string(),
            path: path.to_string(),
            severity,
            message,
        });
    }

    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    fn warning(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    /// The file's schema version must be the one this build reads.
    fn schema_version(&mut self, found: u32) {
        if found != crate::SCHEMA_VERSION {
            self.error(
                "schema_version",
                format!(
                    "unknown schema_version {found}; this build of Tailor reads schema_version {}",
                    crate::SCHEMA_VERSION
                ),
            );
        }
    }

    /// A required string that may not be empty or blank.
    fn not_empty(&mut self, path: &str, value: &str, what: &str) {
        if value.trim().is_empty() {
            self.error(path, format!("{what} is empty"));
        }
    }

    /// Both languages of a text must be present.
    fn text(&mut self, path: &str, text: &Text, what: &str) {
        if text.zh.trim().is_empty() {
            self.error(
                &format!("{path}.zh"),
                format!("{what} is missing its Chinese (zh) text"),
            );
        }
        if text.en.trim().is_empty() {
            self.error(
                &format!("{path}.en"),
                format!("{what} is missing its English (en) text"),
            );
        }
    }

    /// A rate or discount must lie within 0..=10 000 bp (0 % to 100 %).
    fn rate(&mut self, path: &str, bp: Bp, what: &str) {
        if !(0..=FULL).contains(&bp) {
            self.error(
                path,
                format!("{what} is {bp} bp, outside 0..=10000 bp (0% to 100%)"),
            );
        }
    }
}

/// Checks the ids of a list (`base[i].id`) as the list is walked: non-empty and unique.
struct Ids<'b> {
    base: String,
    what: &'static str,
    seen: BTreeMap<&'b str, usize>,
}

impl<'b> Ids<'b> {
    fn new(base: impl Into<String>, what: &'static str) -> Self {
        Ids {
            base: base.into(),
            what,
            seen: BTreeMap::new(),
        }
    }

    fn check(&mut self, s: &mut Sink, i: usize, id: &'b str) {
        let (base, what) = (&self.base, self.what);
        let path = format!("{base}[{i}].id");
        if id.trim().is_empty() {
            s.error(&path, format!("{what} id is empty"));
        } else if let Some(first) = self.seen.get(id) {
            s.error(
                &path,
                format!("duplicate {what} id '{id}' (first used at {base}[{first}])"),
            );
        } else {
            self.seen.insert(id, i);
        }
    }
}

/// The ids in a list, quoted and comma-separated, for "unknown id" messages.
fn known<'b>(ids: impl IntoIterator<Item = &'b str>) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let ids: Vec<String> = ids
        .into_iter()
        .filter(|id| seen.insert(*id))
        .map(|id| format!("'{id}'"))
        .collect();
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}
