//! The risk register: risks with probability, impact, owner team, mitigation and trigger, each a
//! file in `JOINT_COORDINATION/RISKS/`. Changes are pure functions of the risk as it is.

use crate::doc::id_of_kind;
use crate::doc::record::{Set, load_all};
use crate::doc::risk::{DIR, IMPACTS, PROBABILITIES, Risk, STATUSES, word};
use crate::error::{Error, Refusal, Result};
use crate::finding::Finding;
use crate::workspace::Workspace;
use crate::yaml::edit::Value;

/// What `risks new` and `risks update` are asked for; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RiskSpec {
    /// What could go wrong.
    pub title: Option<String>,
    /// LOW, MEDIUM or HIGH.
    pub probability: Option<String>,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    pub impact: Option<String>,
    /// Owner team.
    pub owner: Option<String>,
    /// OPEN, MITIGATING, CLOSED or OCCURRED (update only).
    pub status: Option<String>,
    /// What is done about it.
    pub mitigation: Option<String>,
    /// What would show it is happening.
    pub trigger: Option<String>,
    /// Atoms it threatens (added).
    pub atoms: Vec<String>,
}

/// A user-typed risk id.
pub fn id(input: &str) -> Result<String> {
    id_of_kind(input, "RISK")
}

/// Every risk, sorted by id, with the problems of their files.
pub fn load(ws: &Workspace) -> (Vec<Risk>, Vec<Finding>) {
    load_all(&ws.root, DIR)
}

fn checked(list: &[&'static str], what: &str, text: &str) -> Result<&'static str> {
    word(list, text).ok_or_else(|| {
        Error::usage(
            format!("unknown {what} `{text}`"),
            Some(format!("use {}", list.join(", "))),
        )
    })
}

impl RiskSpec {
    /// Every value checked, ids normalised and required to exist.
    pub fn check(mut self, ws: &Workspace) -> Result<RiskSpec> {
        if let Some(t) = &self.title
            && t.trim().is_empty()
        {
            return Err(Error::usage("the title is empty", None));
        }
        if let Some(p) = &self.probability {
            self.probability = Some(checked(&PROBABILITIES, "probability", p)?.to_owned());
        }
        if let Some(i) = &self.impact {
            self.impact = Some(checked(&IMPACTS, "impact", i)?.to_owned());
        }
        if let Some(s) = &self.status {
            self.status = Some(checked(&STATUSES, "risk status", s)?.to_owned());
        }
        if let Some(o) = &self.owner {
            ws.zones.require_team(o)?;
        }
        self.atoms = crate::decisions::check_links(ws, &self.atoms)?;
        Ok(self)
    }
}

/// Register a risk: a new RISK file, OPEN.
pub fn create(ws: &Workspace, spec: RiskSpec) -> Result<Risk> {
    let spec = spec.check(ws)?;
    let (Some(title), Some(probability), Some(impact), Some(owner)) = (
        spec.title.clone(),
        spec.probability.clone(),
        spec.impact.clone(),
        spec.owner.clone(),
    ) else {
        return Err(Error::usage(
            "a risk needs a title, --probability, --impact and --owner",
            None,
        ));
    };
    let title = title.trim().to_owned();
    crate::doc::record::create::<Risk>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        ws.claims()?.remote(),
        DIR,
        "risk.md",
        &title,
        |id| Risk {
            id: id.to_owned(),
            title: title.clone(),
            probability: probability.clone(),
            impact: impact.clone(),
            owner: owner.clone(),
            status: spec.status.clone().unwrap_or_else(|| "OPEN".to_owned()),
            mitigation: spec.mitigation.clone(),
            trigger: spec.trigger.clone(),
            atoms: spec.atoms.clone(),
            path: String::new(),
        },
    )
}

/// The fields an update writes (only those asked, atoms added to the list).
pub fn update(r: &Risk, spec: &RiskSpec) -> std::result::Result<Vec<Set>, Refusal> {
    let mut out = Vec::new();
    let mut put = |key: &'static str, v: &Option<String>| {
        if let Some(v) = v {
            out.push(Set::new(key, Value::Str(v.trim().to_owned())));
        }
    };
    put("title", &spec.title);
    put("probability", &spec.probability);
    put("impact", &spec.impact);
    put("owner", &spec.owner);
    put("status", &spec.status);
    put("mitigation", &spec.mitigation);
    put("trigger", &spec.trigger);
    if !spec.atoms.is_empty() {
        let mut atoms = r.atoms.clone();
        for a in &spec.atoms {
            if !atoms.contains(a) {
                atoms.push(a.clone());
            }
        }
        out.push(Set::list("atoms", &atoms));
    }
    if out.is_empty() {
        return Err(Refusal::input(
            "nothing to change",
            "give at least one flag; see `coord risks update --help`".to_owned(),
        ));
    }
    Ok(out)
}

/// Move to `status` (CLOSED or OCCURRED) from an open state.
pub fn settle(r: &Risk, status: &'static str) -> std::result::Result<Vec<Set>, Refusal> {
    if !r.is_open() {
        return Err(Refusal::state(
            format!("{} is already {}", r.id, r.status),
            format!("reopen it with `coord risks update {} --status OPEN`", r.id),
        ));
    }
    Ok(vec![Set::new("status", Value::Str(status.to_owned()))])
}

/// Apply a change to risk `id`, deciding on its file as it is under its lock.
pub fn step(
    ws: &Workspace,
    id: &str,
    decide: impl FnOnce(&Risk) -> std::result::Result<Vec<Set>, Refusal>,
) -> Result<Risk> {
    crate::doc::record::step(&ws.root, &ws.repo()?.coord_dir(), DIR, id, decide)
}

/// Risks kept by `open` (OPEN or MITIGATING) and `owner`, the most severe first.
pub fn list(ws: &Workspace, open: bool, owner: Option<&str>) -> Vec<Risk> {
    let (mut all, _) = load(ws);
    all.retain(|r| (!open || r.is_open()) && owner.is_none_or(|o| r.owner == o));
    all.sort_by(|a, b| b.severity().cmp(&a.severity()).then(a.id.cmp(&b.id)));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn risk(status: &str) -> Risk {
        let text = format!(
            "```yaml\nid: RISK-001\ntitle: Outage\nprobability: HIGH\nimpact: CRITICAL\nowner: web\nstatus: {status}\natoms: [ATOM-001]\n```\n"
        );
        crate::doc::risk::parse("r.md", &text).0.unwrap()
    }

    #[test]
    fn updates_write_what_is_asked_and_add_atoms() {
        let spec = RiskSpec {
            mitigation: Some(" failover ".into()),
            atoms: vec!["ATOM-002".into(), "ATOM-001".into()],
            ..RiskSpec::default()
        };
        let fields = update(&risk("OPEN"), &spec).unwrap();
        assert_eq!(fields[0].value, Value::Str("failover".into()));
        assert_eq!(
            fields[1].value,
            Value::List(vec!["ATOM-001".into(), "ATOM-002".into()])
        );
        assert!(
            update(&risk("OPEN"), &RiskSpec::default())
                .unwrap_err()
                .bad_input
        );
    }

    #[test]
    fn settling_needs_an_open_risk_and_severity_sorts_by_impact_first() {
        assert!(settle(&risk("MITIGATING"), "CLOSED").is_ok());
        assert!(settle(&risk("CLOSED"), "OCCURRED").is_err());
        let mut low = risk("OPEN");
        low.impact = "LOW".into();
        low.probability = "HIGH".into();
        let mut worse = risk("OPEN");
        worse.probability = "LOW".into();
        assert!(worse.severity() > low.severity());
    }
}
