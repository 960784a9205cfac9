//! `coord escalate`: raise or resolve an escalation on an atom or a molecule.

use super::{Ctx, atoms, molecules};
use crate::clock;
use crate::doc::edit::Value;
use crate::doc::{Escalation, normalize_id};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Atom or molecule id.
    id: String,
    /// Escalation level (from zones.yaml `escalation`).
    #[arg(long, required_unless_present = "resolve")]
    level: Option<u32>,
    /// Why.
    #[arg(long, required_unless_present = "resolve")]
    reason: Option<String>,
    /// Resolve its open escalations instead.
    #[arg(long, conflicts_with_all = ["level", "reason"])]
    resolve: bool,
}

fn value(list: &[Escalation]) -> Value {
    Value::Records(list.iter().map(Escalation::record).collect())
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let ws = ctx.workspace()?;
    let id = normalize_id(&args.id)?;
    let now = clock::format_time(clock::now()?);
    let change = |current: &[Escalation]| -> Result<Vec<(&'static str, Value)>> {
        let mut list = current.to_vec();
        if args.resolve {
            if !list.iter().any(Escalation::is_open) {
                return Err(Error::refused(format!("{id} has no open escalation"), None));
            }
            for e in list.iter_mut().filter(|e| e.is_open()) {
                e.resolved = Some(now.clone());
            }
        } else {
            let level = args.level.expect("required by clap");
            let reason = args.reason.clone().expect("required by clap");
            if ws.zones.level(level).is_none() {
                let levels: Vec<String> = ws
                    .zones
                    .escalation
                    .iter()
                    .map(|l| format!("{} ({}, {})", l.level, l.name, l.response))
                    .collect();
                return Err(Error::usage(
                    format!("no escalation level {level}"),
                    Some(format!("levels: {}", levels.join(", "))),
                ));
            }
            if reason.trim().is_empty() {
                return Err(Error::usage("the reason is empty", None));
            }
            list.push(Escalation {
                level,
                reason,
                raised: now.clone(),
                resolved: None,
            });
        }
        Ok(vec![("escalations", value(&list))])
    };
    let summary = if id.starts_with("ATOM-") {
        let a = atoms::edit(&ws, &id, |a| change(&a.escalations))?;
        a.escalations.iter().filter(|e| e.is_open()).count()
    } else {
        let m = molecules::edit(&ws, &id, |m| change(&m.escalations))?;
        m.escalations.iter().filter(|e| e.is_open()).count()
    };
    if args.resolve {
        ctx.out.line(format!("{id}: escalations resolved"));
    } else {
        let level = ws.zones.level(args.level.unwrap_or(0)).expect("checked");
        ctx.out.line(format!(
            "{id}: escalated to level {} ({}, response within {}); {summary} open",
            level.level, level.name, level.response
        ));
    }
    Ok(0)
}
