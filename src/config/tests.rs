//! zones.yaml: the seed example, every problem at once with its position, and the schema in sync.

use super::*;

const SEED: &str = r#"version: 1
teams:
  backend:
    name: VSCode Team (Backend)
    dir: VSCodeDev
    members: ["*@backend.example.com", "alice@example.com"]
  frontend: { dir: CursorDev }
  devops:   { dir: MustiDev }
exclusive:
  backend:  ["upload/system/library/meschain/*.php", "database/migrations/*.sql"]
  frontend: ["assets/js/meschain/*.js", "pwa/*.json"]
  devops:   ["deployment/*.yml"]
shared:
  config/settings.yaml:
    backend_config: backend
    frontend_config: frontend
    deployment_config: devops
joint:
  api_specifications: { paths: ["api/**"], owners: [backend, frontend] }
readonly: ["vendor/astro-rust/**"]
unowned: allow
escalation:
  - { level: 1, name: Team internal, response: 15m }
  - { level: 2, name: Cross team,    response: 30m }
  - { level: 3, name: All teams,     response: 60m }
  - { level: 4, name: Management,    response: 2h }
phases: [ { id: 1, name: Foundation }, { id: 2, name: Staging } ]
"#;

#[test]
fn the_seed_example_loads() {
    let zones = parse("zones.yaml", SEED).unwrap();
    assert_eq!(zones.team_ids(), ["backend", "frontend", "devops"]);
    assert_eq!(zones.team("backend").unwrap().name, "VSCode Team (Backend)");
    assert_eq!(zones.exclusive.iter().filter(|z| z.implicit).count(), 3);
    assert_eq!(zones.shared[0].sections.len(), 3);
    assert_eq!(zones.escalation[3].response_minutes, 120);
    assert_eq!(zones.phases[1].name, "Staging");
    assert_eq!(zones.offline_days, 7);
}

fn problems(text: &str) -> Vec<String> {
    match parse("zones.yaml", text) {
        Ok(_) => Vec::new(),
        Err(Error::Many { problems, .. }) => problems.iter().map(render).collect(),
        Err(e) => vec![render(&e)],
    }
}

fn render(e: &Error) -> String {
    match e {
        Error::InFile(problem) => {
            let (line, col) = crate::error::line_col(problem.src.inner(), problem.span.offset());
            format!("{line}:{col} {}", problem.message)
        }
        other => other.to_string(),
    }
}

#[test]
fn every_problem_is_reported_with_its_line() {
    let text = "version: 1\nteams:\n  a: { dir: A }\n  b: { dir: A }\n  c: { dir: ../out }\nexclusive:\n  ghost: [\"x/**\"]\n  a: [\"src/[x\"]\njoint:\n  j: { paths: [api], owners: [a, nobody] }\nunowned: maybe\n";
    let found = problems(text);
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(
        found[0].starts_with("4:") && found[0].contains("same dir"),
        "{found:#?}"
    );
    assert!(
        found[1].starts_with("5:") && found[1].contains(".."),
        "{found:#?}"
    );
    assert!(
        found[2].starts_with("7:3") && found[2].contains("ghost"),
        "{found:#?}"
    );
    assert!(
        found[3].starts_with("8:") && found[3].contains("invalid pattern"),
        "{found:#?}"
    );
    assert!(
        found[4].starts_with("10:") && found[4].contains("nobody"),
        "{found:#?}"
    );
    assert!(
        found[5].starts_with("11:") && found[5].contains("maybe"),
        "{found:#?}"
    );
}

#[test]
fn unknown_keys_are_refused_with_position() {
    let found = problems("version: 1\nteam:\n  a: { dir: A }\n");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("2:1") && found[0].contains("team"),
        "{found:#?}"
    );
    let found = problems("version: 1\nteams:\n  a: { dir: A, colour: red }\n");
    assert!(
        found[0].starts_with("3:") && found[0].contains("colour"),
        "{found:#?}"
    );
}

#[test]
fn shared_file_inside_a_foreign_exclusive_zone_is_refused() {
    let text = "version: 1\nteams:\n  a: { dir: A }\n  b: { dir: B }\n  c: { dir: C }\nexclusive:\n  c: [\"config/**\"]\nshared:\n  config/settings.yaml: { one: a, two: b }\n";
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("9:") && found[0].contains("exclusive zone"),
        "{found:#?}"
    );
}

/// The JSON Schema and the loader accept the same keys, at every level.
#[test]
fn schema_matches_the_loader() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let expected = |text: &str| -> BTreeSet<String> {
        let err = crate::yaml::parse::<raw::RawZones>(text)
            .unwrap_err()
            .message;
        let list = err
            .split("expected one of")
            .nth(1)
            .unwrap_or_else(|| panic!("no list in {err}"));
        list.split(',')
            .map(|s| {
                s.trim()
                    .trim_matches('`')
                    .trim_matches('.')
                    .trim_matches('`')
                    .to_owned()
            })
            .filter(|s| !s.is_empty())
            .collect()
    };
    assert_eq!(keys(&schema), expected("version: 1\nzzz: 1\n"), "top level");
    assert_eq!(
        keys(&schema["properties"]["teams"]["additionalProperties"]),
        expected("version: 1\nteams: { a: { dir: A, zzz: 1 } }\n"),
        "team"
    );
    assert_eq!(
        keys(&schema["properties"]["joint"]["additionalProperties"]),
        expected("version: 1\njoint: { j: { paths: [], owners: [], zzz: 1 } }\n"),
        "joint"
    );
    assert_eq!(
        keys(&schema["properties"]["escalation"]["items"]),
        expected("version: 1\nescalation: [ { level: 1, name: x, response: 1m, zzz: 1 } ]\n"),
        "escalation"
    );
    assert_eq!(
        keys(&schema["properties"]["phases"]["items"]),
        expected("version: 1\nphases: [ { id: 1, name: x, zzz: 1 } ]\n"),
        "phases"
    );
    assert_eq!(
        keys(&schema["properties"]["claims"]),
        expected("version: 1\nteams: {}\nclaims: { zzz: 1 }\n"),
        "claims"
    );
    assert_eq!(
        keys(&schema["properties"]["dashboard"]),
        expected("version: 1\ndashboard: { zzz: 1 }\n"),
        "dashboard"
    );
}
