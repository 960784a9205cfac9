//! Who made a commit, as the range check may trust it: the author email (anyone can type it),
//! an SSH signature verified against the allowed-signers file, or the actor the forge
//! authenticated. A `Coord-Team:` trailer may only narrow that identity to one of its teams.

use ssh_key::{PublicKey, SshSig};

use super::team::teams_of;
use crate::config::Zones;
use crate::error::{Error, Result};
use crate::finding::{Code, Finding};
use crate::git::{CommitInfo, Signed};

/// One line of an allowed-signers file.
#[derive(Debug, Clone)]
pub struct AllowedSigner {
    /// Who the key belongs to (emails, possibly with `*` and `?`).
    pub principals: Vec<String>,
    /// The namespaces the key may sign for (None: all).
    pub namespaces: Option<Vec<String>>,
    /// The key.
    pub key: PublicKey,
}

/// The allowed-signers file (git's `gpg.ssh.allowedSignersFile` format).
#[derive(Debug, Clone, Default)]
pub struct Signers(pub Vec<AllowedSigner>);

/// Read an allowed-signers file named `name`: `PRINCIPALS [OPTIONS] KEYTYPE BASE64 [COMMENT]`
/// per line; `#` comments and blank lines are skipped. A line coord cannot read is an error
/// pointing at it, never a key silently dropped.
pub fn parse_signers(name: &str, text: &str) -> Result<Signers> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let bad = |why: String| {
            Error::in_file(
                name,
                text,
                crate::error::pos_of(text, here, line.trim_end().len().max(1)),
                format!("{name}: {why}"),
                "allowed signer",
                Some("write `EMAIL namespaces=\"git\" ssh-ed25519 AAAA…`, as for git's gpg.ssh.allowedSignersFile".to_owned()),
            )
        };
        let mut words = trimmed.split_whitespace();
        let principals: Vec<String> = words
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::to_owned)
            .collect();
        let rest: Vec<&str> = words.collect();
        // Options come before the key type when present; they never start with a key type name.
        let key_at = rest
            .iter()
            .position(|w| w.starts_with("ssh-") || w.starts_with("ecdsa-") || w.starts_with("sk-"))
            .ok_or_else(|| {
                bad("no key type (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa…)".to_owned())
            })?;
        let options = rest[..key_at].join(" ");
        if options.contains("cert-authority") {
            return Err(bad("certificate authorities are not supported".to_owned()));
        }
        let namespaces =
            option_value(&options, "namespaces").map(|v| v.split(',').map(str::to_owned).collect());
        let key_text = rest[key_at..].join(" ");
        let key = PublicKey::from_openssh(&key_text)
            .map_err(|e| bad(format!("the key cannot be read ({e})")))?;
        out.push(AllowedSigner {
            principals,
            namespaces,
            key,
        });
    }
    Ok(Signers(out))
}

/// The value of `name="…"` (or `name=…`) among comma-separated options.
fn option_value(options: &str, name: &str) -> Option<String> {
    let at = options.find(&format!("{name}="))? + name.len() + 1;
    let rest = &options[at..];
    match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next().map(str::to_owned),
        None => rest.split([',', ' ']).next().map(str::to_owned),
    }
}

/// What a commit's signature says about who made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by a key of this principal (an email), and the signature verifies.
    Signer(String),
    /// Not signed.
    Unsigned,
    /// Signed with a key the allowed-signers file does not list.
    UnknownKey(String),
    /// Signed with a listed key, but the signature does not verify (altered commit, wrong
    /// namespace) or cannot be read.
    Invalid(String),
}

fn glob_match(pattern: &str, text: &str) -> bool {
    globset::GlobBuilder::new(&pattern.to_ascii_lowercase())
        .literal_separator(false)
        .build()
        .map(|g| g.compile_matcher().is_match(text.to_ascii_lowercase()))
        .unwrap_or(false)
}

/// Verify `signed` against `signers`. A principal written with wildcards names the author when
/// the author's email matches it.
pub fn verify(signers: &Signers, signed: Option<&Signed>, author_email: &str) -> Verdict {
    let Some(signed) = signed else {
        return Verdict::Unsigned;
    };
    let sig = match signed.signature.parse::<SshSig>() {
        Ok(sig) => sig,
        Err(e) => return Verdict::Invalid(format!("not an SSH signature ({e})")),
    };
    let fingerprint = PublicKey::from(sig.public_key().clone())
        .fingerprint(ssh_key::HashAlg::Sha256)
        .to_string();
    let listed: Vec<&AllowedSigner> = signers
        .0
        .iter()
        .filter(|s| s.key.key_data() == sig.public_key())
        .filter(|s| {
            s.namespaces
                .as_ref()
                .is_none_or(|n| n.iter().any(|n| n == "git"))
        })
        .collect();
    let Some(signer) = listed.first() else {
        return Verdict::UnknownKey(fingerprint);
    };
    if let Err(e) = signer.key.verify("git", &signed.payload, &sig) {
        return Verdict::Invalid(format!(
            "the signature by {fingerprint} does not verify ({e})"
        ));
    }
    let principal = signer
        .principals
        .iter()
        .find(|p| glob_match(p, author_email))
        .map(|_| author_email.to_owned())
        .unwrap_or_else(|| signer.principals[0].clone());
    Verdict::Signer(principal)
}

/// Which identity the range check trusts.
#[derive(Debug, Clone, Copy)]
pub enum Trust<'a> {
    /// `--team`: the person running the check says which team (the CI configuration).
    Team(&'a [String]),
    /// `--actor`: the forge-authenticated user, matched against members written `@login`.
    Actor(&'a str),
    /// The author email.
    Email,
    /// The SSH signature.
    Signed(&'a Signers),
}

/// Who a commit is judged as: its teams, in words, and the findings about its identity.
#[derive(Debug, Default)]
pub struct Judged {
    /// The teams the commit counts as (empty: unknown).
    pub teams: Vec<String>,
    /// Findings about the identity itself.
    pub findings: Vec<Finding>,
    /// The identity the commit was judged by, in words (`author …`, `signer …`, `actor @…`).
    pub who: String,
}

/// Judge `commit` under `trust`, then let its `Coord-Team:` trailer narrow the teams.
pub fn judge(zones: &Zones, trust: Trust, commit: &CommitInfo) -> Judged {
    let mut findings = Vec::new();
    let (teams, who) = match trust {
        Trust::Team(teams) => (teams.to_vec(), "--team".to_owned()),
        Trust::Actor(actor) => {
            let login = format!("@{}", actor.trim_start_matches('@'));
            (teams_of(zones, &login), format!("actor {login}"))
        }
        Trust::Email => (
            teams_of(zones, &commit.author_email),
            format!("author {}", commit.author_email),
        ),
        Trust::Signed(signers) => {
            match verify(signers, commit.signature.as_ref(), &commit.author_email) {
                Verdict::Signer(principal) => {
                    (teams_of(zones, &principal), format!("signer {principal}"))
                }
                verdict => {
                    findings.push(signature_finding(&verdict, commit));
                    (Vec::new(), "an unverified signer".to_owned())
                }
            }
        }
    };
    let teams = match &commit.team_trailer {
        Some(t) if teams.contains(t) => vec![t.clone()],
        Some(t) => {
            findings.push(
                Finding::error(
                    Code::TeamTrailerNotMember,
                    format!(
                        "commit {} says `Coord-Team: {t}`, but its {who} is not a member of {t}",
                        commit.short_id
                    ),
                )
                .hint("a trailer can only pick one of the committer's own teams; remove it, or add the committer to the team's members"),
            );
            teams
        }
        None => teams,
    };
    Judged {
        teams,
        findings,
        who,
    }
}

fn signature_finding(verdict: &Verdict, commit: &CommitInfo) -> Finding {
    let id = &commit.short_id;
    match verdict {
        Verdict::Unsigned => Finding::error(
            Code::UnsignedCommit,
            format!("commit {id} is not signed, and zones.yaml says `identity: signed`"),
        )
        .hint("sign commits with an SSH key listed in the signers file (git config gpg.format ssh; commit.gpgsign true)"),
        Verdict::UnknownKey(fingerprint) => Finding::error(
            Code::UnknownSigner,
            format!("commit {id} is signed by a key the signers file does not list ({fingerprint})"),
        )
        .hint("add the key to the signers file on the base branch, or sign with a listed key"),
        Verdict::Invalid(why) => Finding::error(
            Code::InvalidSignature,
            format!("commit {id} has a signature that does not verify: {why}"),
        )
        .hint("the commit was changed after it was signed; sign it again"),
        Verdict::Signer(_) => unreachable!("a verified signer is no finding"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ssh_key::{HashAlg, PrivateKey, private::Ed25519Keypair};

    fn key(seed: u8) -> PrivateKey {
        PrivateKey::from(Ed25519Keypair::from_seed(&[seed; 32]))
    }

    fn line(principals: &str, options: &str, key: &PrivateKey) -> String {
        format!(
            "{principals} {options} {} comment\n",
            key.public_key().to_openssh().unwrap()
        )
    }

    fn signed(key: &PrivateKey, payload: &[u8], namespace: &str) -> Signed {
        Signed {
            signature: key
                .sign(namespace, HashAlg::Sha512, payload)
                .unwrap()
                .to_pem(ssh_key::LineEnding::LF)
                .unwrap(),
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn allowed_signers_lines_are_read_with_their_options() {
        let text = format!(
            "# team keys\n\n{}{}",
            line("a@x.org,b@x.org", "namespaces=\"git,file\"", &key(1)),
            line("*@y.org", "", &key(2)).replace("  ", " ")
        );
        let signers = parse_signers("signers", &text).unwrap();
        assert_eq!(signers.0.len(), 2);
        assert_eq!(signers.0[0].principals, ["a@x.org", "b@x.org"]);
        assert_eq!(
            signers.0[0].namespaces.as_deref(),
            Some(&["git".to_owned(), "file".to_owned()][..])
        );
        assert_eq!(signers.0[1].namespaces, None);
        let bad = parse_signers("signers", "a@x.org namespaces=\"git\"\n").unwrap_err();
        assert!(bad.to_string().contains("no key type"), "{bad}");
    }

    #[test]
    fn verdicts_name_the_signer_or_say_what_is_wrong() {
        let text = line("*@x.org", "namespaces=\"git\"", &key(1))
            + &line("ops@x.org", "namespaces=\"file\"", &key(3));
        let signers = parse_signers("signers", &text).unwrap();
        let payload = b"tree 0\\n\\nmessage\\n";
        assert_eq!(
            verify(
                &signers,
                Some(&signed(&key(1), payload, "git")),
                "ann@x.org"
            ),
            Verdict::Signer("ann@x.org".into()),
            "a wildcard principal names the author it matches"
        );
        assert_eq!(verify(&signers, None, "ann@x.org"), Verdict::Unsigned);
        assert!(matches!(
            verify(
                &signers,
                Some(&signed(&key(2), payload, "git")),
                "ann@x.org"
            ),
            Verdict::UnknownKey(_)
        ));
        // A key allowed only for another namespace does not sign commits.
        assert!(matches!(
            verify(
                &signers,
                Some(&signed(&key(3), payload, "git")),
                "ops@x.org"
            ),
            Verdict::UnknownKey(_)
        ));
        let mut altered = signed(&key(1), payload, "git");
        altered.payload.push(b'!');
        assert!(matches!(
            verify(&signers, Some(&altered), "ann@x.org"),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            verify(
                &signers,
                Some(&signed(&key(1), payload, "file")),
                "ann@x.org"
            ),
            Verdict::Invalid(_)
        ));
    }
}
