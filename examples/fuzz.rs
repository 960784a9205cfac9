//! A mutational fuzzer for coord's parsers and its surgical YAML editor, on stable Rust:
//! `cargo run --release --example fuzz -- [SECONDS] [SEED]`. It mutates real files (the atom and
//! molecule templates, the demo's zones.yaml, edge cases) and feeds every parser and the editor;
//! an input that panics is written to `target/fuzz-crashes/` and the run fails.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use coord::doc::block::find_yaml_block;
use coord::doc::{atom, molecule};
use coord::yaml::edit::{Value, set};

const SEEDS: &[&str] = &[
    "# ATOM-001: T\n\n```yaml\nid: ATOM-001\ntitle: T\nteam: a\npriority: HIGH   # agreed\nstatus: BLOCKED\nblocked_reason: \"waits: for x\"\nassigned: null\nstarted: 2026-01-01T00:00:00Z\nestimated: 1d4h\nfiles:\n  - src/a.rs\ndependencies: [ATOM-002, MOLECULE-001]\ncriteria:\n  - text: works\n    done: false\nescalations:\n  - { level: 1, reason: r, raised: 2026-01-01T00:00:00Z, resolved: null }\nlast_updated: 2026-01-01T00:00:00Z\n```\n\n## Notes\n\nprose\n",
    "# MOLECULE-001: M\r\n\r\n```yaml\r\nid: MOLECULE-001\r\ntitle: M\r\nteams: [a, b]\r\ncomplexity: COMPLEX\r\nstatus: ACTIVE\r\nlead: a\r\nsupport: [b]\r\natoms: [ATOM-001]\r\nintegration_points:\r\n  API: VALIDATED\r\nsuccess_criteria: {}\r\nphase: 1\r\n```\r\n",
    include_str!("../templates/demo/zones.yaml"),
    include_str!("../templates/zones.yaml"),
    "```yaml\n```\n",
    "Backend\n=======\n\n    # indented\n\n<div>\n# html\n</div>\n\n```yaml\na: !!binary aGk=\n```\n",
];

const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    ": ",
    "- ",
    "#",
    "```",
    "```yaml\n",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!str ",
    "|\n",
    ">-\n",
    "\t",
    "\u{feff}",
    "é",
    "\u{202e}",
    "---\n",
    "...\n",
    "null",
    "~",
    "status: ",
    "id: ATOM-0",
    "  ",
    "\\",
    "%YAML 1.2\n",
    "<<: *a\n",
    "? ",
    "\0",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let at = rng.below(input.len() + 1);
        match rng.below(5) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            2 if !input.is_empty() => {
                let end = (at + rng.below(16)).min(input.len());
                input.drain(at.min(end)..end);
            }
            3 => {
                let other = SEEDS[rng.below(SEEDS.len())].as_bytes();
                let from = rng.below(other.len());
                let to = (from + rng.below(64)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
            _ => {
                let byte = rng.next() as u8;
                input.insert(at, byte);
            }
        }
    }
}

fn exercise(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = atom::parse("A/ATOMIC_TASKS/ATOM-001.md", &text);
    let _ = molecule::parse("JOINT_COORDINATION/MOLECULES/MOLECULE-001.md", &text);
    let _ = coord::config::parse_bytes("zones.yaml", bytes);
    for path in ["x.md", "x.yaml", "x.toml", "x.rs"] {
        let _ = coord::zones::sections::line_sections(path, &text, &["a".to_owned()]);
    }
    if let Some(range) = find_yaml_block(&text) {
        for (key, value) in [
            ("status", Value::Str("IN_PROGRESS".into())),
            ("criteria", Value::List(vec!["x: y".into()])),
            ("zzz", Value::Null),
        ] {
            let edited = set(&text, range.clone(), key, &value, atom::KEYS);
            let _ = atom::parse("A/ATOMIC_TASKS/ATOM-001.md", &edited);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let mut rng = Rng(seed | 1);
    std::panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut crashes) = (0u64, 0u64);
    while Instant::now() < deadline {
        let mut input = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
        for _ in 0..=rng.below(8) {
            mutate(&mut rng, &mut input);
        }
        runs += 1;
        if catch_unwind(AssertUnwindSafe(|| exercise(&input))).is_err() {
            crashes += 1;
            let dir = std::path::Path::new("target/fuzz-crashes");
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("crash-{seed}-{runs}")), &input);
        }
    }
    println!("fuzz: {runs} inputs in {seconds} s (seed {seed}), {crashes} panics");
    if crashes > 0 {
        println!("the inputs are in target/fuzz-crashes/");
        std::process::exit(1);
    }
}
