//! Unit tests of the zone matcher.
use super::*;

fn zones(extra: &str) -> Zones {
    crate::config::parse(
        "zones.yaml",
        &format!("version: 1\nteams:\n  a: {{ dir: A }}\n  b: {{ dir: B }}\n{extra}"),
    )
    .unwrap()
}

#[test]
fn precedence_is_generated_readonly_shared_exclusive_joint_unowned() {
    let z = zones(
        "exclusive:\n  a: [\"src/**\"]\njoint:\n  api: { paths: [\"src/**\", \"api/**\"], owners: [a, b] }\nreadonly: [\"src/vendor/**\"]\nshared:\n  src/config.yaml: { a_part: a, b_part: b }\n",
    );
    let map = ZoneMap::new(&z);
    assert_eq!(map.owner("A/REAL_TIME_STATUS.md"), Owner::Generated);
    assert_eq!(
        map.owner("src/vendor/lib.rs"),
        Owner::Readonly {
            pattern: "src/vendor/**".into()
        }
    );
    assert!(matches!(map.owner("src/config.yaml"), Owner::Shared { .. }));
    assert_eq!(
        map.owner("src/main.rs"),
        Owner::Exclusive {
            teams: vec!["a".into()],
            patterns: vec!["src/**".into()]
        }
    );
    assert!(
        matches!(map.owner("api/v1.yaml"), Owner::Joint { ref owners, .. } if owners == &["a", "b"])
    );
    assert_eq!(map.owner("README.md"), Owner::Unowned);
}

#[test]
fn a_team_folder_is_its_own_and_the_joint_folder_is_everyones() {
    let map = ZoneMap::new(&zones(""));
    assert!(
        matches!(map.owner("A/ATOMIC_TASKS/ATOM-001.md"), Owner::Exclusive { ref teams, .. } if teams == &["a"])
    );
    assert!(
        matches!(map.owner("JOINT_COORDINATION/MOLECULES/MOLECULE-001.md"), Owner::Joint { ref owners, .. } if owners == &["a", "b"])
    );
}

#[test]
fn overlapping_exclusive_zones_name_both_teams() {
    let map = ZoneMap::new(&zones(
        "exclusive:\n  a: [\"lib/**\"]\n  b: [\"lib/*.rs\"]\n",
    ));
    let Owner::Exclusive { teams, .. } = map.owner("lib/x.rs") else {
        panic!("exclusive")
    };
    assert_eq!(teams, ["a", "b"]);
}
