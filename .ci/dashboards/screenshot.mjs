// Take a screenshot of each dashboard of a repository as a reviewer sees it on GitHub: the
// Markdown rendered as GitHub-flavoured Markdown in GitHub's own stylesheet, 980 px wide, and the
// Mermaid diagrams drawn by Mermaid 11 in headless Chromium. PNGs go to OUT.
// Usage: node screenshot.mjs REPO OUT [PAGE...]
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const require = createRequire(import.meta.url);
const [repo, out, ...only] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const mermaidJs = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
const pages = only.length ? only : execFileSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', '*.md'], { cwd: repo })
  .toString().split('\n')
  .filter((f) => f.endsWith('REAL_TIME_STATUS.md') || /^JOINT_COORDINATION\/[^/]+\.md$/.test(f));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1012, height: 800 } });
for (const file of pages) {
  const html = micromark(readFileSync(join(repo, file), 'utf8'), { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })
    .replace(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g, '<pre class="mermaid">$1</pre>');
  const doc = `<!doctype html><meta charset="utf-8"><style>${css}
    body { margin: 0; background: #fff } .markdown-body { box-sizing: border-box; max-width: 980px; margin: 16px auto; padding: 32px; border: 1px solid #d0d7de; border-radius: 6px }</style>
    <article class="markdown-body">${html}</article><script>${mermaidJs}</script>
    <script>mermaid.initialize({ startOnLoad: false }); mermaid.run().then(() => document.title = 'drawn', (e) => document.title = 'failed: ' + e);</script>`;
  const path = join(out, 'page.html');
  writeFileSync(path, doc);
  await page.goto(`file://${path}`);
  await page.waitForFunction(() => document.title !== '', null, { timeout: 60000 });
  const title = await page.title();
  if (title !== 'drawn') console.error(`${file}: ${title}`);
  const png = join(out, `${file.replaceAll('/', '__')}.png`);
  await page.screenshot({ path: png, fullPage: true });
  console.log(png);
}
await browser.close();
