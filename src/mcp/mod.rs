//! `coord mcp`: coord as a Model Context Protocol server over stdio, for coding agents. Each tool
//! opens the workspace afresh and calls the same library function as the command of its name;
//! results are JSON, errors are MCP errors carrying coord's diagnostic.

mod params;

use std::path::PathBuf;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, ServerCapabilities, ServerConfig};
use rmcp::{ErrorData, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde::Serialize;

use crate::atoms::{self, Filter, StartOptions, lifecycle};
use crate::clock::Stamp;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use params::*;

/// The server: where it runs and the environment it was started with.
#[derive(Clone)]
pub struct Server {
    cwd: PathBuf,
    env: Env,
    tool_router: ToolRouter<Self>,
}

/// A coord error as an MCP error: bad input as invalid parameters, anything else as an internal
/// error; the message is coord's, with its hint.
fn mcp_error(e: Error) -> ErrorData {
    let text = match miette::Diagnostic::help(&e) {
        Some(h) => format!("{e} ({h})"),
        None => e.to_string(),
    };
    if e.exit_code() == 2 {
        ErrorData::invalid_params(text, None)
    } else {
        ErrorData::internal_error(text, None)
    }
}

fn json<T: Serialize>(value: &T) -> std::result::Result<CallToolResult, ErrorData> {
    Ok(CallToolResult::success(vec![ContentBlock::json(value)?]))
}

impl Server {
    /// A server working in `cwd`.
    pub fn new(cwd: PathBuf, env: Env) -> Server {
        Server {
            cwd,
            env,
            tool_router: Self::tool_router(),
        }
    }

    fn run<T: Serialize>(
        &self,
        work: impl FnOnce(&Workspace, &Stamp) -> Result<T>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        let now = self.env.now().map_err(mcp_error)?;
        let mut ws = Workspace::open(&self.cwd).map_err(mcp_error)?;
        ws.offline = ws.offline || self.env.offline;
        let value = work(&ws, &Stamp::new(now.at)).map_err(mcp_error)?;
        json(&value)
    }
}

#[tool_router]
impl Server {
    #[tool(
        description = "Overview: teams, atoms by status, blocked and ready work, molecules, problems."
    )]
    fn status(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| Ok(crate::overview::overview(ws)))
    }

    #[tool(description = "List atoms, filtered by team, status, assignee.")]
    fn atoms_list(
        &self,
        Parameters(p): Parameters<ListParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| {
            let filter = Filter {
                team: p.team,
                status: p.status.as_deref().map(atoms::parse_status).transpose()?,
                assigned: p.assigned,
                ..Filter::default()
            };
            atoms::list(ws, &filter)
        })
    }

    #[tool(
        description = "One atom in full, with the status of what it waits for and, with dependents: true, who waits for it."
    )]
    fn atoms_show(
        &self,
        Parameters(p): Parameters<ShowParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| atoms::details::details(ws, &atoms::id(&p.id)?, p.dependents))
    }

    #[tool(description = "NOT_STARTED atoms whose dependencies are all COMPLETED.")]
    fn atoms_ready(
        &self,
        Parameters(p): Parameters<TeamParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| atoms::ready(ws, p.team.as_deref()))
    }

    #[tool(
        description = "Claim the most urgent ready atom (of a team) for WHO on the shared remote and start it, atomically."
    )]
    fn atoms_next(
        &self,
        Parameters(p): Parameters<NextParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| Ok(atoms::next(ws, p.team.as_deref(), &p.assign, now)?.atom))
    }

    #[tool(
        description = "Start an atom: claim it on the shared remote, IN_PROGRESS, `started` set."
    )]
    fn atoms_start(
        &self,
        Parameters(p): Parameters<StartParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| {
            let options = StartOptions {
                who: p.assign.as_deref(),
                force: p.force.unwrap_or(false),
                take_over: false,
            };
            Ok(atoms::start(ws, &atoms::id(&p.id)?, options, now)?.atom)
        })
    }

    #[tool(description = "Check (or, with undo, uncheck) completion criterion N (from 1).")]
    fn atoms_tick(
        &self,
        Parameters(p): Parameters<TickParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| {
            atoms::step(ws, &atoms::id(&p.id)?, now, |a| {
                lifecycle::tick(a, p.n, p.undo.unwrap_or(false))
            })
        })
    }

    #[tool(
        description = "Finish an atom: COMPLETED, `actual` set, its claim released. Refused while a criterion is unchecked."
    )]
    fn atoms_done(
        &self,
        Parameters(p): Parameters<DoneParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| atoms::done(ws, &atoms::id(&p.id)?, p.force.unwrap_or(false), now))
    }

    #[tool(description = "Mark an atom BLOCKED, saying why.")]
    fn atoms_block(
        &self,
        Parameters(p): Parameters<ReasonParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| {
            atoms::step(ws, &atoms::id(&p.id)?, now, |a| {
                lifecycle::block(a, &p.reason)
            })
        })
    }

    #[tool(description = "Give an atom back: NOT_STARTED, nobody assigned, its claim released.")]
    fn atoms_release(
        &self,
        Parameters(p): Parameters<IdParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| Ok(atoms::release(ws, &atoms::id(&p.id)?, now)?.0))
    }

    #[tool(description = "Create an atom with the next free id (reserved on the shared remote).")]
    fn atoms_new(
        &self,
        Parameters(p): Parameters<NewParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| {
            let spec = atoms::NewAtom {
                title: p.title,
                team: p.team,
                priority: atoms::parse_priority(p.priority.as_deref().unwrap_or("MEDIUM"))?,
                depends: p.depends.unwrap_or_default(),
                files: p.files.unwrap_or_default(),
                estimate: p.estimate,
                due: p.due,
                criteria: p.criteria.unwrap_or_default(),
                assign: p.assign,
                phase: p.phase,
            };
            atoms::create(ws, &spec)
        })
    }

    #[tool(description = "Who owns each path (zones.yaml).")]
    fn zones_who(
        &self,
        Parameters(p): Parameters<PathsParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| crate::zones::who::who(ws, &ws.root, &p.paths, false))
    }

    #[tool(
        description = "May TEAM change these paths? The zone check of paths, as findings (empty: yes)."
    )]
    fn zones_check(
        &self,
        Parameters(p): Parameters<CheckParams>,
    ) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| {
            ws.zones.require_team(&p.team)?;
            let map = crate::zones::ZoneMap::new(&ws.zones);
            let paths: Vec<String> = p
                .paths
                .iter()
                .map(|x| ws.path_arg(&ws.root, x))
                .collect::<Result<_>>()?;
            Ok(crate::zones::check::check_paths(
                &map,
                ws.zones.unowned,
                std::slice::from_ref(&p.team),
                &paths,
            ))
        })
    }

    #[tool(
        description = "Overlapping claims between atoms, here and on other branches and worktrees."
    )]
    fn conflicts(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| crate::conflicts::gather(ws, crate::conflicts::Reach::Everywhere))
    }

    #[tool(description = "Claims on atoms, as the shared remote has them.")]
    fn claims(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| {
            let ledger = ws.claims()?;
            ledger.refresh()?;
            ledger.list()
        })
    }

    #[tool(description = "The decision log, newest first.")]
    fn decisions_list(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| Ok(crate::decisions::list(ws, None)))
    }

    #[tool(description = "The risk register, the most severe first.")]
    fn risks_list(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, _| Ok(crate::risks::list(ws, false, None)))
    }

    #[tool(description = "Escalations with their effective level and who they involve.")]
    fn escalations_list(&self) -> std::result::Result<CallToolResult, ErrorData> {
        self.run(|ws, now| Ok(crate::escalations::list(ws, now.at())))
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(rmcp::model::Implementation::new(
                "coord",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions(
            "coord coordinates teams working on one git repository: atoms are tasks, zones say who may change which files. Claim work with atoms_next or atoms_start before touching files, ask zones_check before editing paths, and finish with atoms_tick and atoms_done.",
        )
    }
}

/// Serve MCP on standard input and output until the client goes away.
pub fn serve(cwd: PathBuf, env: Env) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| Error::usage(format!("cannot start the MCP server: {e}"), None))?;
    runtime.block_on(async move {
        let running = Server::new(cwd, env)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::usage(format!("MCP: {e}"), None))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::usage(format!("MCP: {e}"), None))?;
        Ok(())
    })
}
