//! An escalation's life as pure functions: raise (checked against the levels), acknowledge,
//! resolve; and resolving the escalations older files carry inside an atom or a molecule.

use crate::clock::Stamp;
use crate::config::EscalationLevel;
use crate::doc::Escalation;
use crate::doc::escalation::EscalationRecord;
use crate::doc::record::Set;
use crate::error::Refusal;
use crate::yaml::edit::Value;

/// Whether an escalation at `level` (one of `levels`) for `reason` may be raised.
pub fn check_raise(levels: &[EscalationLevel], level: u32, reason: &str) -> Result<(), Refusal> {
    if !levels.iter().any(|l| l.level == level) {
        let known: Vec<String> = levels
            .iter()
            .map(|l| format!("{} ({}, {})", l.level, l.name, l.response))
            .collect();
        return Err(Refusal::input(
            format!("no escalation level {level}"),
            format!("levels: {}", known.join(", ")),
        ));
    }
    if reason.trim().is_empty() {
        return Err(Refusal::input(
            "the reason is empty",
            "say what needs attention".to_owned(),
        ));
    }
    Ok(())
}

fn open(r: &EscalationRecord) -> Result<(), Refusal> {
    match &r.resolved {
        None => Ok(()),
        Some(at) => Err(Refusal::state(
            format!("{} was resolved at {at}", r.id),
            "raise a new one with `coord escalate ID --level N --reason TEXT`".to_owned(),
        )),
    }
}

/// Someone answers it: `acknowledged` (and who) set; the level stops rising.
pub fn acknowledge(
    r: &EscalationRecord,
    who: Option<&str>,
    now: &Stamp,
) -> Result<Vec<Set>, Refusal> {
    open(r)?;
    if let Some(at) = &r.acknowledged {
        return Err(Refusal::state(
            format!("{} was acknowledged at {at}", r.id),
            None,
        ));
    }
    Ok(vec![
        Set::new("acknowledged", Value::Str(now.as_str().to_owned())),
        Set::optional("acknowledged_by", Value::opt(who)),
    ])
}

/// Resolve it, saying how.
pub fn resolve(r: &EscalationRecord, resolution: &str, now: &Stamp) -> Result<Vec<Set>, Refusal> {
    open(r)?;
    if resolution.trim().is_empty() {
        return Err(Refusal::input(
            "the resolution is empty",
            "say how it was resolved".to_owned(),
        ));
    }
    Ok(vec![
        Set::new("resolved", Value::Str(now.as_str().to_owned())),
        Set::new("resolution", Value::Str(resolution.trim().to_owned())),
    ])
}

/// Resolve every open escalation inside a status file at `now`; refused when none is open.
pub fn resolve_embedded(
    id: &str,
    list: &[Escalation],
    now: &Stamp,
) -> Result<Vec<Escalation>, Refusal> {
    if !list.iter().any(Escalation::is_open) {
        return Err(Refusal::state(format!("{id} has no open escalation"), None));
    }
    let mut out = list.to_vec();
    for e in out.iter_mut().filter(|e| e.is_open()) {
        e.resolved = Some(now.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Vec<EscalationLevel> {
        vec![EscalationLevel {
            involves: vec!["lead".into()],
            level: 1,
            name: "Team".into(),
            response_minutes: 15,
            response: "15m".into(),
        }]
    }

    fn record() -> EscalationRecord {
        let text = "```yaml\nid: ESC-001\nsubject: ATOM-001\nlevel: 1\nreason: down\nraised: 2026-11-20T10:00:00Z\nacknowledged: null\nresolved: null\n```\n";
        crate::doc::escalation::parse("e.md", text).0.unwrap()
    }

    #[test]
    fn raise_checks_the_level_and_the_reason() {
        let r = check_raise(&levels(), 2, "x").unwrap_err();
        assert_eq!(r.message, "no escalation level 2");
        assert_eq!(r.hint.as_deref(), Some("levels: 1 (Team, 15m)"));
        assert!(check_raise(&levels(), 1, " ").unwrap_err().bad_input);
        assert!(check_raise(&levels(), 1, "down").is_ok());
    }

    #[test]
    fn acknowledged_once_resolved_once() {
        let now = Stamp::parse("2026-11-20T10:40:00Z");
        let fields = acknowledge(&record(), Some("ann"), &now).unwrap();
        assert_eq!(fields[0].value, Value::Str("2026-11-20T10:40:00Z".into()));
        let mut acked = record();
        acked.acknowledged = Some(now.clone());
        assert!(acknowledge(&acked, None, &now).is_err());
        assert!(resolve(&acked, " ", &now).unwrap_err().bad_input);
        let done = resolve(&acked, "sandbox back", &now).unwrap();
        assert_eq!(done[1].value, Value::Str("sandbox back".into()));
        acked.resolved = Some(now.clone());
        assert!(resolve(&acked, "again", &now).is_err());
        assert!(acknowledge(&acked, None, &now).is_err());
    }

    #[test]
    fn embedded_ones_resolve_together_and_refuse_when_none_is_open() {
        let t1 = Stamp::parse("2026-11-20T10:00:00Z");
        let t2 = Stamp::parse("2026-11-20T11:00:00Z");
        assert!(
            !resolve_embedded("ATOM-001", &[], &t1)
                .unwrap_err()
                .bad_input
        );
        let e = |reason: &str| Escalation {
            level: 1,
            reason: reason.into(),
            raised: t1.clone(),
            resolved: None,
        };
        let done = resolve_embedded("ATOM-001", &[e("a"), e("b")], &t2).unwrap();
        assert!(done.iter().all(|e| e.resolved.as_ref() == Some(&t2)));
    }
}
