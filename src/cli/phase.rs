//! `coord phase …`: where phases stand, and their gates.

use clap::Subcommand;

use super::{Ctx, HUMAN_JSON};
use crate::error::Result;
use crate::output::Format;
use crate::phases;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Atoms and molecules of a phase (or every phase) by status, integration points, dates
    /// against today, and the gate's criteria.
    Status {
        /// Phase number (else every phase).
        id: Option<u32>,
    },
    /// Evaluate a phase's gate: each check with its evidence; exit 0 for GO, 1 for NO-GO.
    Gate {
        /// Phase number.
        id: u32,
        /// Also record the outcome as an ACCEPTED decision (DEC file) with the evidence.
        #[arg(long)]
        record: bool,
    },
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    match command {
        Command::Status { id } => {
            let list = phases::statuses(&ws, id, ctx.now()?.at())?;
            if ctx.format == Format::Json {
                ctx.out.json(&list);
                return Ok(0);
            }
            let mut text = String::new();
            for p in &list {
                let counts = |c: &phases::Counts| {
                    c.iter()
                        .filter(|(_, n)| *n > 0)
                        .map(|(w, n)| format!("{n} {w}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let dates = match (&p.start, &p.end, p.days_left) {
                    (s, Some(e), Some(d)) if d >= 0 => {
                        format!("{} → {e}, {d} days left", s.as_deref().unwrap_or("?"))
                    }
                    (s, Some(e), Some(d)) => {
                        format!(
                            "{} → {e}, {} days past its end",
                            s.as_deref().unwrap_or("?"),
                            -d
                        )
                    }
                    (s, e, _) => format!(
                        "{} → {}",
                        s.as_deref().unwrap_or("?"),
                        e.as_deref().unwrap_or("?")
                    ),
                };
                text.push_str(&format!("Phase {}: {} ({dates})\n", p.id, p.name));
                if let Some(o) = &p.objective {
                    text.push_str(&format!("  objective:  {o}\n"));
                }
                text.push_str(&format!("  atoms:      {}\n", or_none(counts(&p.atoms))));
                text.push_str(&format!(
                    "  molecules:  {}\n",
                    or_none(counts(&p.molecules))
                ));
                text.push_str(&format!(
                    "  integration points: {} of {} validated\n",
                    p.points_validated, p.points
                ));
                for g in &p.gate {
                    text.push_str(&format!("  gate:       {g}\n"));
                }
            }
            if list.is_empty() {
                text.push_str("No phases in zones.yaml.\n");
            }
            ctx.show(&text);
            Ok(0)
        }
        Command::Gate { id, record } => {
            let gate = phases::gate_of(&ws, id, ctx.now()?.at())?;
            let recorded = if record {
                Some(phases::record(&ws, &gate, &ctx.now()?)?)
            } else {
                None
            };
            if ctx.format == Format::Json {
                ctx.out.json(&serde_json::json!({
                    "gate": gate,
                    "recorded": recorded.as_ref().map(|d| &d.id),
                }));
            } else {
                let mut text = format!(
                    "Phase {} ({}): {}\n",
                    gate.phase,
                    gate.name,
                    if gate.go { "GO" } else { "NO-GO" }
                );
                for c in &gate.checks {
                    let mark = if c.passed { "✓" } else { "✗" };
                    text.push_str(&format!("  {mark} {}: {}\n", c.name, c.detail));
                }
                for g in &gate.criteria {
                    text.push_str(&format!("  ? {g} (for people to confirm)\n"));
                }
                if let Some(d) = &recorded {
                    text.push_str(&format!("Recorded as {} ({})\n", d.id, d.path));
                }
                ctx.show(&text);
            }
            Ok(i32::from(!gate.go))
        }
    }
}

fn or_none(s: String) -> String {
    if s.is_empty() { "none".to_owned() } else { s }
}
