//! Raising and resolving escalations as pure functions over an atom's or a molecule's list.

use crate::clock::Stamp;
use crate::config::EscalationLevel;
use crate::doc::Escalation;
use crate::error::Refusal;

/// Add an open escalation at `level` (one of `levels`) for `reason`.
pub fn raise(
    list: &[Escalation],
    levels: &[EscalationLevel],
    level: u32,
    reason: &str,
    now: &Stamp,
) -> Result<Vec<Escalation>, Refusal> {
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
    let mut out = list.to_vec();
    out.push(Escalation {
        level,
        reason: reason.to_owned(),
        raised: now.clone(),
        resolved: None,
    });
    Ok(out)
}

/// Resolve every open escalation at `now`; refused when none is open.
pub fn resolve(id: &str, list: &[Escalation], now: &Stamp) -> Result<Vec<Escalation>, Refusal> {
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
            level: 1,
            name: "Team".into(),
            response_minutes: 15,
            response: "15m".into(),
        }]
    }

    #[test]
    fn raise_checks_the_level_and_the_reason() {
        let now = Stamp::parse("2026-11-20T10:00:00Z");
        let r = raise(&[], &levels(), 2, "x", &now).unwrap_err();
        assert_eq!(r.message, "no escalation level 2");
        assert_eq!(r.hint.as_deref(), Some("levels: 1 (Team, 15m)"));
        assert!(raise(&[], &levels(), 1, " ", &now).unwrap_err().bad_input);
        let list = raise(&[], &levels(), 1, "down", &now).unwrap();
        assert_eq!(list.len(), 1);
        assert!(list[0].is_open() && list[0].raised == now && list[0].reason == "down");
    }

    #[test]
    fn resolve_closes_every_open_one_and_refuses_when_none_is_open() {
        let t1 = Stamp::parse("2026-11-20T10:00:00Z");
        let t2 = Stamp::parse("2026-11-20T11:00:00Z");
        assert!(!resolve("ATOM-001", &[], &t1).unwrap_err().bad_input);
        let list = raise(&[], &levels(), 1, "a", &t1).unwrap();
        let list = raise(&list, &levels(), 1, "b", &t1).unwrap();
        let done = resolve("ATOM-001", &list, &t2).unwrap();
        assert!(done.iter().all(|e| e.resolved.as_ref() == Some(&t2)));
    }
}
