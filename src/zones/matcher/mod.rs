//! Who owns a path: zone patterns compiled into glob sets, classified by precedence:
//! generated dashboard, read-only, shared file, exclusive, joint, unowned.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::config::{PatternSet, Zones};

#[derive(Debug, Clone)]
enum Rule {
    Readonly {
        pattern: String,
    },
    Exclusive {
        team: String,
        pattern: String,
        implicit: bool,
    },
    Joint {
        zone: String,
        owners: Vec<String>,
        pattern: String,
    },
    /// One of the ordered `rules:`; `index` is its place in the list.
    Ordered {
        index: usize,
        owners: Vec<String>,
        pattern: String,
    },
}

/// What owns a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A dashboard coord regenerates: anyone may commit it.
    Generated,
    /// Nobody may change it.
    Readonly {
        /// The matching pattern.
        pattern: String,
    },
    /// A shared file: sections belong to teams.
    Shared {
        /// Section → team.
        sections: Vec<(String, String)>,
    },
    /// Exclusive to these teams (two only when zones overlap).
    Exclusive {
        /// Owning teams.
        teams: Vec<String>,
        /// Matching patterns.
        patterns: Vec<String>,
    },
    /// Joint zones and their owners.
    Joint {
        /// Zone names.
        zones: Vec<String>,
        /// Owning teams, union of all matching zones.
        owners: Vec<String>,
    },
    /// No zone covers it.
    Unowned,
}

impl Owner {
    /// The zone's name for messages.
    pub fn zone_name(&self) -> String {
        match self {
            Owner::Generated => "generated dashboard".to_owned(),
            Owner::Readonly { pattern } => format!("read-only `{pattern}`"),
            Owner::Shared { .. } => "shared file".to_owned(),
            Owner::Exclusive { teams, patterns } => format!(
                "exclusive to {} (`{}`)",
                teams.join(", "),
                patterns.join("`, `")
            ),
            Owner::Joint { zones, .. } => format!("joint zone {}", zones.join(", ")),
            Owner::Unowned => "unowned".to_owned(),
        }
    }

    /// Teams that may change the whole file.
    pub fn owners(&self) -> Vec<String> {
        match self {
            Owner::Exclusive { teams, .. } => teams.clone(),
            Owner::Joint { owners, .. } => owners.clone(),
            Owner::Shared { sections } => sections
                .iter()
                .map(|(_, t)| t.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// zones.yaml compiled for fast lookups. Globs are grouped by the folder their literal prefix
/// names, so a path is matched only against the groups of its own ancestor folders.
pub struct ZoneMap {
    set: PatternSet,
    rules: Vec<Rule>,
    shared: HashMap<String, Vec<(String, String)>>,
    generated: HashSet<String>,
}

impl ZoneMap {
    /// Compile every pattern of `zones` into one set.
    pub fn new(zones: &Zones) -> ZoneMap {
        ZoneMap::build(zones, None)
    }

    /// Compile only the patterns that could match one of `paths`: a glob matches nothing that
    /// does not start with its literal prefix, so the answers for `paths` are the same as with
    /// every pattern, and far fewer globs are compiled.
    pub fn for_paths(zones: &Zones, paths: &[&str]) -> ZoneMap {
        ZoneMap::build(zones, Some(paths))
    }

    fn build(zones: &Zones, only: Option<&[&str]>) -> ZoneMap {
        // Every (glob, rule) of zones.yaml, in precedence order.
        let mut all: Vec<(&str, Rule)> = Vec::new();
        for p in &zones.readonly {
            for g in &p.globs {
                all.push((
                    g,
                    Rule::Readonly {
                        pattern: p.text.clone(),
                    },
                ));
            }
        }
        for z in &zones.exclusive {
            for p in &z.patterns {
                for g in &p.globs {
                    all.push((
                        g,
                        Rule::Exclusive {
                            team: z.team.clone(),
                            pattern: p.text.clone(),
                            implicit: z.implicit,
                        },
                    ));
                }
            }
        }
        for z in &zones.joint {
            for p in &z.patterns {
                for g in &p.globs {
                    all.push((
                        g,
                        Rule::Joint {
                            zone: z.name.clone(),
                            owners: z.owners.clone(),
                            pattern: p.text.clone(),
                        },
                    ));
                }
            }
        }
        for (index, rule) in zones.rules.iter().enumerate() {
            for g in &rule.pattern.globs {
                all.push((
                    g,
                    Rule::Ordered {
                        index,
                        owners: rule.owners.clone(),
                        pattern: rule.pattern.text.clone(),
                    },
                ));
            }
        }
        let relevant = |glob: &str| {
            let prefix = &glob[..glob.find(['*', '?', '[', '{', '\\']).unwrap_or(glob.len())];
            only.is_none_or(|paths| paths.iter().any(|p| p.starts_with(prefix)))
        };
        let mut globs = Vec::new();
        let mut rules = Vec::new();
        for (glob, rule) in all {
            if relevant(glob) {
                globs.push((glob, rules.len()));
                rules.push(rule);
            }
        }
        let set = PatternSet::new(globs);
        let shared = zones
            .shared
            .iter()
            .map(|s| (s.path.clone(), s.sections.clone()))
            .collect();
        let generated = crate::config::layout::generated_paths(zones)
            .into_iter()
            .collect();
        ZoneMap {
            set,
            rules,
            shared,
            generated,
        }
    }

    /// Who owns `path` (repository-relative, `/`-separated).
    pub fn owner(&self, path: &str) -> Owner {
        if self.generated.contains(path) {
            return Owner::Generated;
        }
        let hits = self.matches(path);
        let rules = || hits.iter().map(|&i| &self.rules[i]);
        if let Some(Rule::Readonly { pattern }) =
            rules().find(|r| matches!(r, Rule::Readonly { .. }))
        {
            return Owner::Readonly {
                pattern: pattern.clone(),
            };
        }
        if let Some(sections) = self.shared.get(path) {
            return Owner::Shared {
                sections: sections.clone(),
            };
        }
        if let Some(owner) = self.by_rules(&hits) {
            return owner;
        }
        let mut teams = BTreeSet::new();
        let mut patterns = BTreeSet::new();
        // An explicit exclusive zone wins over a team's implicit folder.
        let explicit = rules().any(|r| {
            matches!(
                r,
                Rule::Exclusive {
                    implicit: false,
                    ..
                }
            )
        });
        for r in rules() {
            if let Rule::Exclusive {
                team,
                pattern,
                implicit,
            } = r
            {
                if explicit && *implicit {
                    continue;
                }
                teams.insert(team.clone());
                patterns.insert(pattern.clone());
            }
        }
        if !teams.is_empty() {
            return Owner::Exclusive {
                teams: teams.into_iter().collect(),
                patterns: patterns.into_iter().collect(),
            };
        }
        let mut zones = BTreeSet::new();
        let mut owners = BTreeSet::new();
        for r in rules() {
            if let Rule::Joint {
                zone, owners: o, ..
            } = r
            {
                zones.insert(zone.clone());
                owners.extend(o.iter().cloned());
            }
        }
        if !zones.is_empty() {
            return Owner::Joint {
                zones: zones.into_iter().collect(),
                owners: owners.into_iter().collect(),
            };
        }
        Owner::Unowned
    }

    /// The owner the ordered rules give (the last matching rule decides), unless a team's own
    /// folder or JOINT_COORDINATION/ covers the path: those keep their owners.
    fn by_rules(&self, hits: &[usize]) -> Option<Owner> {
        let mut last: Option<(usize, &Vec<String>, &String)> = None;
        for &i in hits {
            match &self.rules[i] {
                Rule::Exclusive { implicit: true, .. } => return None,
                Rule::Joint { zone, .. } if zone == crate::config::layout::JOINT_DIR => {
                    return None;
                }
                Rule::Ordered {
                    index,
                    owners,
                    pattern,
                } if last.is_none_or(|(at, _, _)| *index > at) => {
                    last = Some((*index, owners, pattern));
                }
                _ => {}
            }
        }
        let (_, owners, pattern) = last?;
        Some(match owners.len() {
            0 => Owner::Unowned,
            1 => Owner::Exclusive {
                teams: owners.clone(),
                patterns: vec![pattern.clone()],
            },
            _ => Owner::Joint {
                zones: vec![format!("rule `{pattern}`")],
                owners: owners.clone(),
            },
        })
    }

    /// Indices of the rules matching `path`, with a label of each (for `zones who` and lint).
    pub fn matching_patterns(&self, path: &str) -> Vec<(String, String)> {
        self.matches(path)
            .into_iter()
            .map(|i| match &self.rules[i] {
                Rule::Readonly { pattern } => ("readonly".to_owned(), pattern.clone()),
                Rule::Exclusive { team, pattern, .. } => {
                    (format!("exclusive:{team}"), pattern.clone())
                }
                Rule::Joint { zone, pattern, .. } => (format!("joint:{zone}"), pattern.clone()),
                Rule::Ordered { index, pattern, .. } => {
                    (format!("rule:{}", index + 1), pattern.clone())
                }
            })
            .collect()
    }
}

impl ZoneMap {
    /// Globs matching `path`, in rule order.
    pub fn matches(&self, path: &str) -> Vec<usize> {
        self.set.owners(path)
    }

    /// Whether glob `i` is what decides `owner` (rather than being overridden by a stronger rule).
    pub fn decides(&self, i: usize, owner: &Owner) -> bool {
        match (&self.rules[i], owner) {
            (Rule::Readonly { pattern }, Owner::Readonly { pattern: p }) => pattern == p,
            (Rule::Exclusive { pattern, .. }, Owner::Exclusive { patterns, .. }) => {
                patterns.contains(pattern)
            }
            (Rule::Joint { zone, .. }, Owner::Joint { zones, .. }) => zones.contains(zone),
            (Rule::Ordered { pattern, .. }, Owner::Exclusive { patterns, .. }) => {
                patterns.contains(pattern)
            }
            (Rule::Ordered { pattern, .. }, Owner::Joint { zones, .. }) => {
                zones.contains(&format!("rule `{pattern}`"))
            }
            (Rule::Ordered { owners, .. }, Owner::Unowned) => owners.is_empty(),
            _ => false,
        }
    }
}

mod info;
pub use info::RuleInfo;

#[cfg(test)]
mod tests;
