// A repository of N atoms in three teams, with molecules, phases and dependencies, committed:
// the 300- and 10,000-atom cases the dashboard check renders. Deterministic for a given N.
// Usage: node generate.mjs DIR N
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, count] = [process.argv[2], Number(process.argv[3])];
let seed = 7;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return Math.floor((seed / 2147483648) * n);
};
const pick = (list) => list[rand(list.length)];
const teams = [['backend', 'ServerTeam'], ['frontend', 'WebTeam'], ['devops', 'OpsTeam']];
const width = String(count).length < 3 ? 3 : String(count).length;
const id = (i) => `ATOM-${String(i).padStart(width, '0')}`;
const write = (path, text) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

let zones = 'version: 1\nteams:\n';
for (const [t, d] of teams) zones += `  ${t}:\n    dir: ${d}\n    members: ["*@${t}.example.com"]\n`;
zones += 'exclusive:\n  backend: ["server/**"]\n  frontend: ["web/**"]\n  devops: ["deploy/**"]\n';
zones += 'phases:\n  - { id: 1, name: Foundation, start: 2026-10-01, end: 2026-10-31 }\n';
zones += '  - { id: 2, name: Integration, start: 2026-11-01, end: 2026-11-30 }\n  - { id: 3, name: Launch }\n';
write('zones.yaml', zones);

const verbs = ['Add', 'Fix', 'Migrate', 'Document', 'Measure', 'Replace', 'Harden'];
const things = ['the upload endpoint', 'session storage', 'the billing webhook retry queue',
  'the search index', 'login rate limits', 'the CDN cache rules for static assets', 'audit logging'];
const reasons = ['waiting for the schema from the data team',
  'the staging cluster is down until the network change window on Thursday night',
  'needs a decision on the retention period', 'vendor API keys not issued yet'];
const statuses = ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'IN_PROGRESS', 'IN_PROGRESS',
  'BLOCKED', 'NOT_STARTED', 'NOT_STARTED', 'NOT_STARTED', 'NOT_STARTED', 'CANCELLED'];
const atoms = [];
for (let i = 1; i <= count; i++) {
  const [team, teamDir] = teams[i % 3];
  const status = pick(statuses);
  const deps = [];
  for (let k = rand(3); k > 0 && i > 5; k--) {
    const d = id(Math.max(1, i - 1 - rand(12)));
    if (!deps.includes(d)) deps.push(d);
  }
  const started = status === 'NOT_STARTED' ? 'null' : `2026-11-${String(1 + rand(20)).padStart(2, '0')}T${String(8 + rand(10)).padStart(2, '0')}:00:00Z`;
  const title = `${pick(verbs)} ${pick(things)}${rand(4) === 0 ? ' for the mobile clients and the partner API' : ''}`;
  const area = ['server', 'web', 'deploy'][i % 3];
  const done = status === 'COMPLETED';
  atoms.push(id(i));
  write(`${teamDir}/ATOMIC_TASKS/${id(i)}.md`, `# ${id(i)}: ${title}

\`\`\`yaml
id: ${id(i)}
title: ${title}
team: ${team}
priority: ${pick(['CRITICAL', 'HIGH', 'MEDIUM', 'MEDIUM', 'LOW'])}
status: ${status}
assigned: ${status === 'NOT_STARTED' ? 'null' : `dev${rand(9)}@${team}.example.com`}
started: ${started}
estimated: ${1 + rand(16)}h
actual: ${done ? `${1 + rand(20)}h` : 'null'}
files:
  - ${area}/module${rand(40)}/**
dependencies:${deps.length ? deps.map((d) => `\n  - ${d}`).join('') : ' []'}
criteria:
  - text: It works end to end
    done: ${done}
  - text: It is tested
    done: ${done || rand(2) === 0}
phase: ${1 + rand(3)}
blocked_reason: ${status === 'BLOCKED' ? pick(reasons) : 'null'}
cancelled_reason: ${status === 'CANCELLED' ? 'superseded by a later plan' : 'null'}
escalations: []
last_updated: 2026-11-${String(1 + rand(20)).padStart(2, '0')}T12:00:00Z
\`\`\`

## Notes

Written by the team.
`);
}
const molecules = Math.max(2, Math.floor(count / 50));
for (let m = 1; m <= molecules; m++) {
  const [lead] = teams[m % 3];
  const [support] = teams[(m + 1) % 3];
  const parts = [];
  for (let k = 3 + rand(6); k > 0; k--) {
    const a = atoms[rand(atoms.length)];
    if (!parts.includes(a)) parts.push(a);
  }
  const mid = `MOLECULE-${String(m).padStart(3, '0')}`;
  write(`JOINT_COORDINATION/MOLECULES/${mid}.md`, `# ${mid}: Integration ${m}

\`\`\`yaml
id: ${mid}
title: Integration ${m}
teams: [${lead}, ${support}]
complexity: MODERATE
status: ${pick(['ACTIVE', 'ACTIVE', 'PLANNING', 'TESTING', 'COMPLETE'])}
lead: ${lead}
support: [${support}]
atoms: [${parts.join(', ')}]
dependencies: []
integration_points:
  API contract: ${pick(['VALIDATED', 'PENDING'])}
  Deployment: PENDING
success_criteria:
  Latency under 200 ms: PENDING
phase: ${1 + rand(3)}
escalations: []
last_updated: 2026-11-20T12:00:00Z
\`\`\`
`);
}
const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'inherit' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('-c', 'user.name=Gen', '-c', 'user.email=gen@backend.example.com', 'commit', '-q', '-m', 'generated');
