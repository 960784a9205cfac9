//! The stable codes of findings: one list, each with the line of text that explains it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal : $description:literal, )*) => {
        /// What a finding is about; printed in kebab-case.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( #[doc = $description] $variant, )*
        }

        impl Code {
            /// Every code, in the order the README's table lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// One line saying what the code means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }
        }
    };
}

codes! {
    MissingYamlBlock = "missing-yaml-block": "a status file has no fenced YAML block",
    InvalidYaml = "invalid-yaml": "the YAML block does not parse (syntax, duplicate keys, wrong types)",
    UnknownField = "unknown-field": "the YAML block has a key coord does not know (a warning: the file still loads, and coord keeps the key)",
    SecondYamlBlock = "second-yaml-block": "a status file with more than one YAML block: coord reads and edits only the first",
    YamlTag = "yaml-tag": "a YAML tag (`!!binary`, `!custom`) in a status file, which coord does not read",
    HeadingMismatch = "heading-mismatch": "the file's H1 heading names another id than the file",
    InvalidUtf8 = "invalid-utf8": "a status file that is not UTF-8 text",
    MissingField = "missing-field": "the YAML block lacks a required key",
    InvalidId = "invalid-id": "an id is not of the form ATOM-007 or MOLECULE-002",
    InvalidStatus = "invalid-status": "a status outside the allowed values",
    InvalidPriority = "invalid-priority": "a priority other than CRITICAL, HIGH, MEDIUM or LOW",
    InvalidTimestamp = "invalid-timestamp": "a time that is not RFC 3339",
    InvalidDuration = "invalid-duration": "an estimate or actual that is not a duration such as 4h or 1d2h",
    InvalidRiskField = "invalid-risk-field": "a risk's probability, impact or status outside its words",
    DanglingLink = "dangling-link": "a decision or risk names an id that does not exist",
    UnknownRiskOwner = "unknown-risk-owner": "a risk owned by a team zones.yaml does not define",
    InvalidDue = "invalid-due": "a due date that is neither a date such as 2026-12-01 nor an RFC 3339 time",
    InvalidDependency = "invalid-dependency": "a dependency that is not an atom or molecule id",
    InvalidComplexity = "invalid-complexity": "a molecule complexity other than SIMPLE, MODERATE or COMPLEX",
    InvalidPointStatus = "invalid-point-status": "an integration point or success criterion status outside PENDING, IN_PROGRESS, VALIDATED, FAILED",
    MissingBlockedReason = "missing-blocked-reason": "a BLOCKED atom without a blocked_reason",
    UnreadableFile = "unreadable-file": "a status file that cannot be read",
    IdMismatch = "id-mismatch": "a file whose name differs from the id in its YAML block",
    UnknownTeam = "unknown-team": "an atom or molecule names a team zones.yaml does not define",
    WrongTeamFolder = "wrong-team-folder": "an atom lives in another team's folder",
    DuplicateId = "duplicate-id": "two status files carry the same id",
    DanglingDependency = "dangling-dependency": "a dependency on an atom or molecule that does not exist",
    WaitsForCancelled = "waits-for-cancelled": "open work that depends on a CANCELLED atom, which will never finish",
    DependencyCycle = "dependency-cycle": "atoms and molecules that wait for each other in a ring",
    InvalidZones = "invalid-zones": "zones.yaml is invalid",
    CodeownersLineSkipped = "codeowners-line-skipped": "a CODEOWNERS line GitHub skips (an invalid pattern or owner); import leaves it out",
    CrossTeamChange = "cross-team-change": "a change touching the zones of as many teams as `coordinate_when.teams`: call the coordinator",
    PatternMatchesNothing = "pattern-matches-nothing": "a zones.yaml pattern matches no tracked file",
    ShadowedPattern = "shadowed-pattern": "a zones.yaml pattern never decides: a stronger rule governs every file it matches",
    DuplicatePattern = "duplicate-pattern": "the same pattern appears twice in one zones.yaml list",
    ClaimedTwice = "claimed-twice": "two teams claim the same pattern exclusively",
    UnownedFiles = "unowned-files": "tracked files that are in no zone",
    ZoneReadonly = "zone-readonly": "a change to a read-only file",
    ZoneExclusive = "zone-exclusive": "a change to another team's exclusive zone",
    ZoneJoint = "zone-joint": "a change to a joint zone by a team that is not among its owners",
    ZoneSharedSection = "zone-shared-section": "a change to a section of a shared file that another team owns",
    ZoneUnowned = "zone-unowned": "a change to a file in no zone, under `unowned: warn` or `deny`",
    TeamUnknown = "team-unknown": "a change to a zoned file by a committer coord cannot place in a team",
    TeamTrailerNotMember = "team-trailer-not-member": "a `Coord-Team:` trailer names a team the commit's trusted identity is not a member of",
    UnsignedCommit = "unsigned-commit": "under `identity: signed`, a commit without a signature",
    UnknownSigner = "unknown-signer": "under `identity: signed`, a commit signed by a key the signers file does not list",
    InvalidSignature = "invalid-signature": "under `identity: signed`, a signature that does not verify",
    RefDeletion = "ref-deletion": "a push that deletes a branch or tag, where the server does not allow it",
    ClaimedByActiveAtom = "claimed-by-active-atom": "a change to a file another team's IN_PROGRESS atom claims",
    OverlappingFiles = "overlapping-files": "two active atoms claim the same files",
    ClaimsForeignZone = "claims-foreign-zone": "an atom claims files in another team's exclusive zone",
    ClaimsReadonly = "claims-readonly": "an atom claims read-only files",
    CrossBranchOverlap = "cross-branch-overlap": "active atoms here and on another branch or worktree claim the same files",
    IdCollision = "id-collision": "one id names different atoms here and on another branch or worktree",
    DoubleClaim = "double-claim": "one atom IN_PROGRESS for two different people, here and on another branch or worktree",
    StaleDashboard = "stale-dashboard": "a generated dashboard differs from what `coord dashboard` would write",
    DashboardOffBranch = "dashboard-off-branch": "a branch changes a generated dashboard that CI regenerates on the default branch (`dashboard.update: ci`)",
}

impl Code {
    /// The code named `text`.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code `{text}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
            assert_eq!(Code::parse(name), Some(code));
            assert!(!code.description().is_empty());
        }
        assert_eq!(Code::parse("no-such-code"), None);
    }

    #[test]
    fn the_readme_lists_every_code_with_its_description() {
        let readme = include_str!("../../README.md");
        for &code in Code::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.description());
            assert!(readme.contains(&row), "README lacks the row:\n{row}");
        }
    }
}
