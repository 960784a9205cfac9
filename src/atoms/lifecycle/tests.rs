//! Unit tests of the module above.
use super::*;
use crate::doc::{Criterion, Priority};

const NOW: &str = "2026-11-20T14:30:00Z";

fn now() -> Stamp {
    Stamp::parse(NOW)
}

fn atom(status: Status) -> Atom {
    Atom {
        id: "ATOM-001".into(),
        title: "T".into(),
        team: "a".into(),
        priority: Priority::Medium,
        status,
        assigned: None,
        started: None,
        estimated: None,
        due: None,
        actual: None,
        files: vec![],
        dependencies: vec![],
        dependency_notes: Default::default(),
        criteria: vec![
            Criterion {
                text: "one".into(),
                done: true,
            },
            Criterion {
                text: "two".into(),
                done: false,
            },
        ],
        phase: None,
        blocked_reason: None,
        cancelled_reason: None,
        reopened_reason: None,
        extra: Default::default(),
        escalations: vec![],
        last_updated: None,
        path: "A/ATOMIC_TASKS/ATOM-001.md".into(),
    }
}

fn claim(who: &str) -> Claim<'_> {
    Claim {
        who: Some(who),
        force: false,
    }
}

#[test]
fn start_sets_status_started_and_assignee() {
    let a = atom(Status::NotStarted);
    assert_eq!(
        start(&a, claim("ann"), &[], &now()).unwrap(),
        vec![
            AtomField::Status(Status::InProgress),
            AtomField::Started(Some(now())),
            AtomField::Assigned(Some("ann".into())),
        ]
    );
}

#[test]
fn start_keeps_the_first_start_time_and_clears_a_block_when_forced() {
    let mut a = atom(Status::Blocked);
    a.started = Some(Stamp::parse("2026-11-01T00:00:00Z"));
    a.blocked_reason = Some("waiting".into());
    let forced = Claim {
        who: None,
        force: true,
    };
    assert_eq!(
        start(&a, forced, &[], &now()).unwrap(),
        vec![
            AtomField::Status(Status::InProgress),
            AtomField::BlockedReason(None),
        ]
    );
}

#[test]
fn start_refuses_unfinished_dependencies_unless_forced() {
    let a = atom(Status::NotStarted);
    let waiting = vec!["ATOM-000 (IN_PROGRESS)".to_owned()];
    let r = start(&a, claim("ann"), &waiting, &now()).unwrap_err();
    assert_eq!(r.message, "ATOM-001 waits for ATOM-000 (IN_PROGRESS)");
    assert!(!r.bad_input);
    let forced = Claim {
        who: Some("ann"),
        force: true,
    };
    assert!(start(&a, forced, &waiting, &now()).is_ok());
}

#[test]
fn start_refuses_someone_elses_finished_and_blocked_work() {
    let mut a = atom(Status::InProgress);
    a.assigned = Some("bob".into());
    assert_eq!(
        start(&a, claim("ann"), &[], &now()).unwrap_err().message,
        "ATOM-001 is already IN_PROGRESS, assigned to bob"
    );
    assert!(start(&a, claim("bob"), &[], &now()).is_ok());
    assert_eq!(
        start(&atom(Status::Completed), claim("ann"), &[], &now())
            .unwrap_err()
            .message,
        "ATOM-001 is already COMPLETED"
    );
    let mut b = atom(Status::Blocked);
    b.blocked_reason = Some("waiting".into());
    assert_eq!(
        start(&b, claim("ann"), &[], &now()).unwrap_err().message,
        "ATOM-001 is BLOCKED: waiting"
    );
}

#[test]
fn restarting_finished_work_with_force_sets_a_new_start() {
    let mut a = atom(Status::Completed);
    a.started = Some(Stamp::parse("2026-11-01T00:00:00Z"));
    let forced = Claim {
        who: None,
        force: true,
    };
    assert!(
        start(&a, forced, &[], &now())
            .unwrap()
            .contains(&AtomField::Started(Some(now())))
    );
}

#[test]
fn done_refuses_unchecked_criteria_and_records_the_actual_time() {
    let mut a = atom(Status::InProgress);
    a.started = Some(Stamp::parse("2026-11-20T10:00:00Z"));
    let r = done(&a, false, &now()).unwrap_err();
    assert_eq!(r.message, "ATOM-001 has unchecked criteria: 2. two");
    assert_eq!(
        done(&a, true, &now()).unwrap(),
        vec![
            AtomField::Status(Status::Completed),
            AtomField::BlockedReason(None),
            AtomField::Actual(Some("4h30m".into())),
        ]
    );
}

#[test]
fn done_without_a_start_time_records_no_actual() {
    let mut a = atom(Status::NotStarted);
    a.criteria.clear();
    assert_eq!(done(&a, false, &now()).unwrap().len(), 2);
}

#[test]
fn block_needs_a_reason() {
    let a = atom(Status::InProgress);
    assert!(block(&a, "  ").unwrap_err().bad_input);
    assert_eq!(
        block(&a, "review").unwrap(),
        vec![
            AtomField::Status(Status::Blocked),
            AtomField::BlockedReason(Some("review".into())),
        ]
    );
}

#[test]
fn unblock_returns_to_where_the_atom_was() {
    assert!(unblock(&atom(Status::InProgress)).is_err());
    let never_started = atom(Status::Blocked);
    assert_eq!(
        unblock(&never_started).unwrap()[0],
        AtomField::Status(Status::NotStarted)
    );
    let mut started = atom(Status::Blocked);
    started.started = Some(now());
    assert_eq!(
        unblock(&started).unwrap()[0],
        AtomField::Status(Status::InProgress)
    );
}

#[test]
fn tick_checks_and_unchecks_existing_criteria_only() {
    let a = atom(Status::InProgress);
    let Ok(edits) = tick(&a, 2, false) else {
        panic!("tick 2")
    };
    let AtomField::Criteria(c) = &edits[0] else {
        panic!("criteria")
    };
    assert!(c[0].done && c[1].done);
    let Ok(edits) = tick(&a, 1, true) else {
        panic!("untick 1")
    };
    assert_eq!(
        edits,
        vec![AtomField::Criteria(vec![
            Criterion {
                text: "one".into(),
                done: false
            },
            Criterion {
                text: "two".into(),
                done: false
            },
        ])]
    );
    assert!(tick(&a, 0, false).unwrap_err().bad_input);
    assert_eq!(
        tick(&a, 3, false).unwrap_err().message,
        "ATOM-001 has 2 criteria; there is no criterion 3"
    );
}

#[test]
fn release_gives_active_work_back() {
    let mut a = atom(Status::Blocked);
    a.assigned = Some("ann".into());
    a.blocked_reason = Some("x".into());
    assert_eq!(
        release(&a).unwrap(),
        vec![
            AtomField::Status(Status::NotStarted),
            AtomField::Assigned(None),
            AtomField::BlockedReason(None),
        ]
    );
    assert!(release(&atom(Status::NotStarted)).is_err());
    assert!(release(&atom(Status::Completed)).is_err());
}

#[test]
fn assign_needs_a_name() {
    let a = atom(Status::NotStarted);
    assert!(assign(&a, "").is_err());
    assert_eq!(
        assign(&a, "ann").unwrap(),
        vec![AtomField::Assigned(Some("ann".into()))]
    );
}

#[test]
fn reopen_takes_finished_or_dropped_work_back_with_a_reason() {
    let mut done = atom(Status::Completed);
    done.actual = Some("4h".into());
    let fields = reopen(&done, " tests fail on main ").unwrap();
    assert_eq!(fields[0], AtomField::Status(Status::InProgress));
    assert_eq!(fields[1], AtomField::Actual(None));
    assert_eq!(
        fields[3],
        AtomField::ReopenedReason(Some("tests fail on main".into()))
    );
    let dropped = atom(Status::Cancelled);
    assert_eq!(
        reopen(&dropped, "needed after all").unwrap()[0],
        AtomField::Status(Status::NotStarted)
    );
    assert!(
        !reopen(&atom(Status::InProgress), "x")
            .unwrap_err()
            .bad_input
    );
    assert!(reopen(&done, "  ").unwrap_err().bad_input);
}

#[test]
fn cancel_drops_open_work_and_refuses_finished_work() {
    let mut blocked = atom(Status::Blocked);
    blocked.blocked_reason = Some("waits".into());
    assert_eq!(
        cancel(&blocked, "out of scope").unwrap(),
        vec![
            AtomField::Status(Status::Cancelled),
            AtomField::BlockedReason(None),
            AtomField::CancelledReason(Some("out of scope".into())),
        ]
    );
    let refused = cancel(&atom(Status::Completed), "x").unwrap_err();
    assert!(refused.message.contains("already COMPLETED"));
    assert!(cancel(&blocked, "").unwrap_err().bad_input);
}

#[test]
fn cancelled_work_is_neither_started_nor_finished() {
    let mut dropped = atom(Status::Cancelled);
    dropped.cancelled_reason = Some("out of scope".into());
    let refused = start(&dropped, Claim::default(), &[], &now()).unwrap_err();
    assert!(refused.message.contains("CANCELLED: out of scope"));
    assert!(done(&dropped, true, &now()).is_err());
}
