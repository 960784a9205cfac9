//! `coord mcp` end to end: a client speaking the Model Context Protocol over the binary's stdio
//! initializes, lists the tools, claims an atom and finishes it.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use crate::support::team;

struct Client {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
    next: u64,
}

impl Client {
    fn send(&mut self, message: serde_json::Value) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{message}").unwrap();
        stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next += 1;
        let id = self.next;
        self.send(
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        loop {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).unwrap() > 0,
                "the server closed"
            );
            let reply: serde_json::Value = serde_json::from_str(&line).unwrap();
            if reply["id"] == id {
                return reply;
            }
        }
    }

    fn call(&mut self, tool: &str, arguments: serde_json::Value) -> serde_json::Value {
        self.request(
            "tools/call",
            serde_json::json!({"name": tool, "arguments": arguments}),
        )
    }
}

/// The JSON a tool returned.
fn content(reply: &serde_json::Value) -> serde_json::Value {
    let text = reply["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{reply}"));
    serde_json::from_str(text).unwrap()
}

#[test]
fn an_agent_initializes_lists_tools_claims_an_atom_and_finishes_it() {
    let (repo, _origin, clones) = team(1, 1, "");
    let dir = &clones[0];
    let mut cmd = std::process::Command::new(crate::support::coord_bin());
    cmd.arg("mcp");
    repo.seal(&mut cmd, "agent@backend.example.com");
    cmd.current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let mut c = Client {
        child,
        out,
        next: 0,
    };

    let init = c.request(
        "initialize",
        serde_json::json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
    );
    assert!(
        init["result"]["capabilities"]["tools"].is_object(),
        "{init}"
    );
    c.send(serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    let tools = c.request("tools/list", serde_json::json!({}));
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for want in [
        "status",
        "atoms_next",
        "atoms_start",
        "atoms_done",
        "zones_check",
        "claims",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let next = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "atoms_next")
        .unwrap();
    assert_eq!(
        next["inputSchema"]["required"],
        serde_json::json!(["assign"])
    );

    // Claim the ready atom, on the shared remote.
    let started = content(&c.call("atoms_next", serde_json::json!({"assign": "agent-7"})));
    assert_eq!(started["id"], "ATOM-001");
    assert_eq!(started["status"], "IN_PROGRESS");
    let claims = content(&c.call("claims", serde_json::json!({})));
    assert_eq!(claims[0]["holder"], "agent-7");
    // May the backend touch its own folder? Yes: no findings.
    let ok = content(&c.call(
        "zones_check",
        serde_json::json!({"team": "backend", "paths": ["VSCodeDev/x.md"]}),
    ));
    assert_eq!(ok, serde_json::json!([]));
    // An error is an MCP error with coord's diagnostic.
    let bad = c.call("atoms_start", serde_json::json!({"id": "ATOM-404"}));
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ATOM-404"),
        "{bad}"
    );
    // Finish it.
    let done = content(&c.call("atoms_done", serde_json::json!({"id": "1"})));
    assert_eq!(done["status"], "COMPLETED");
    let claims = content(&c.call("claims", serde_json::json!({})));
    assert_eq!(claims, serde_json::json!([]));
    drop(c.child.stdin.take());
    assert!(c.child.wait().unwrap().success());
}
