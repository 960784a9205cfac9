//! Findings as the reports CI systems read: SARIF 2.1.0 (GitHub code scanning) and GitLab's
//! Code Quality JSON. Built from the same findings as every other format.

use serde_json::{Value, json};

use super::{Code, Finding, Severity};

/// Where a finding points, when it points into a file (lines and columns from 1).
fn region(f: &Finding) -> Option<(u32, Option<u32>)> {
    let line = f.line.filter(|l| *l > 0)?;
    Some((line, f.column.filter(|c| *c > 0)))
}

/// The message with its hint, as one text.
fn text(f: &Finding) -> String {
    match &f.hint {
        Some(h) => format!("{} ({h})", f.message),
        None => f.message.clone(),
    }
}

/// A stable fingerprint of a finding: FNV-1a over its code, place and message.
fn fingerprint(f: &Finding) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!(
        "{}\0{}\0{}\0{}\0{}",
        f.code.as_str(),
        f.path.as_deref().unwrap_or(""),
        f.line.unwrap_or(0),
        f.detail.commit.as_deref().unwrap_or(""),
        f.message
    );
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The SARIF log of `findings`: one run of coord, a rule for each code found.
pub fn sarif(findings: &[Finding]) -> Value {
    let mut codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": { "text": c.description() },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": codes.iter().position(|c| *c == f.code).unwrap_or(0),
                "level": match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                "message": { "text": text(f) },
                "partialFingerprints": { "coord/v1": fingerprint(f) },
            });
            if let Some(path) = &f.path {
                let mut physical = json!({ "artifactLocation": { "uri": path } });
                if let Some((line, column)) = region(f) {
                    let mut r = json!({ "startLine": line });
                    if let Some(c) = column {
                        r["startColumn"] = json!(c);
                    }
                    physical["region"] = r;
                }
                result["locations"] = json!([{ "physicalLocation": physical }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "coord",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// The GitLab Code Quality report of `findings`.
pub fn gitlab(findings: &[Finding]) -> Value {
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "description": text(f),
                "check_name": f.code.as_str(),
                "fingerprint": fingerprint(f),
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {
                    "path": f.path.as_deref().unwrap_or("zones.yaml"),
                    "lines": { "begin": region(f).map_or(1, |r| r.0) },
                },
            })
        })
        .collect();
    Value::Array(issues)
}
