// Render every page `coord dashboard` wrote in a repository as GitHub does (GitHub-flavoured
// Markdown, Mermaid 11) and fail on what a reviewer would see broken:
// - a Mermaid diagram that does not parse, or a flowchart too large to read (over MAX_NODES);
// - a table wider than MAX_COLUMNS, or a table row that did not render as a table;
// - a relative link to a file that does not exist, or one that leaves its folder to come back;
// - a page larger than MAX_BYTES.
// Usage: node check.mjs REPO
import { JSDOM } from 'jsdom';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { execFileSync } from 'node:child_process';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const MAX_COLUMNS = 6;
const MAX_NODES = 60;
const MAX_BYTES = 256 * 1024;

const repo = process.argv[2];
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

const files = execFileSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', '*.md'], { cwd: repo })
  .toString().split('\n')
  .filter((f) => f.endsWith('REAL_TIME_STATUS.md') || /^JOINT_COORDINATION\/[^/]+\.md$/.test(f));
if (files.length === 0) throw new Error(`${repo}: no dashboards found`);
const problems = [];
let diagrams = 0;
for (const file of files) {
  const text = readFileSync(join(repo, file), 'utf8');
  const say = (what) => problems.push(`${repo}/${file}: ${what}`);
  if (text.length > MAX_BYTES) say(`${text.length} bytes, over ${MAX_BYTES}`);
  const html = micromark(text, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  const page = new JSDOM(html).window.document;
  for (const code of page.querySelectorAll('code.language-mermaid')) {
    diagrams++;
    const source = code.textContent;
    try {
      await mermaid.parse(source);
    } catch (e) {
      say(`Mermaid does not parse it: ${String(e.message).split('\n').slice(0, 3).join(' ')}`);
    }
    if (/^\s*click /m.test(source)) say('a Mermaid `click` line (GitHub ignores them)');
    const nodes = source.split('\n').filter((l) => /^\s+[A-Za-z0-9_]+[[{(]/.test(l)).length;
    if (nodes > MAX_NODES) say(`a flowchart of ${nodes} nodes (at most ${MAX_NODES} can be read)`);
  }
  for (const table of page.querySelectorAll('table')) {
    const columns = table.querySelectorAll('thead th').length;
    if (columns > MAX_COLUMNS) say(`a table of ${columns} columns (${table.querySelector('thead').textContent.trim().replace(/\s+/g, ' | ')})`);
  }
  for (const p of page.querySelectorAll('p')) {
    if (/^\|.*\|$/m.test(p.textContent)) say(`a table row rendered as text: ${p.textContent.slice(0, 80)}`);
  }
  for (const a of page.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (/^[a-z]+:|^#/.test(href)) continue;
    const path = decodeURIComponent(href.split('#')[0]);
    const target = normalize(join(dirname(file), path));
    if (!existsSync(join(repo, target))) say(`a link to ${href}, which does not exist`);
    const folder = dirname(file);
    if (path.startsWith('../') && target.startsWith(`${folder}/`)) say(`a link out of its folder and back: ${href}`);
  }
}
console.log(`${repo}: ${files.length} pages, ${diagrams} diagrams`);
if (problems.length) {
  for (const p of problems.slice(0, 40)) console.error(p);
  if (problems.length > 40) console.error(`… and ${problems.length - 40} more`);
  process.exit(1);
}
