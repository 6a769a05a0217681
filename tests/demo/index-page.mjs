// The demo's index page: one link per running scenario with what to expect, served by node:http on
// 127.0.0.1. Scenarios with an outage that ends by itself are linked through /go/<name>, which starts
// their outage anew, so "comes back after a minute" counts from the click, not from the demo's start.
import http from 'node:http';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One line on what the browser gets, from the scenario's expected diagnosis. */
export function summary(def) {
  const e = def.expected;
  if (def.payment) {
    return `page ${e.status}; payment ${def.payment.method} ${def.payment.path} → ${def.payment.expected.status}`;
  }
  if (def.recoverAfterMs) return `${e.status} for ${Math.round(def.recoverAfterMs / 1000)} s, then 200`;
  return e.status >= 200 && e.status < 300 ? `${e.status}, healthy` : `${e.status} from ${e.generated_by === 'gateway' ? e.vendor : 'the application'}`;
}

/** What the extension should do there, in one line (the demo's own words, keyed on the scenario's shape). */
export function whatToExpect(def) {
  if (def.payment) {
    return 'Click "Place order": the payment POST fails with a 502. Go back and click it again: the guard asks before paying twice.';
  }
  if (def.recoverAfterMs) {
    return 'The panel explains the 502 and counts down to a hard refresh; after a minute the page comes back by itself.';
  }
  if (def.expected.status < 500) return 'A healthy page: no panel, no badge.';
  if (def.backend === 'app_503_retry_after') {
    return 'The panel says the application itself answered 503 and asked to wait; the refresh honours its Retry-After.';
  }
  return 'The panel names who failed and what to do, and counts down to a paced hard refresh; the toolbar popup says the same.';
}

function pageHtml(runs) {
  const items = runs.map((run) => {
    const def = run.scenario;
    const href = run.outage ? `/go/${encodeURIComponent(run.name)}` : run.url;
    return `<li>
  <a href="${esc(href)}">${esc(run.name)}</a> <span class="status">${esc(summary(def))}</span>
  <p>${esc(whatToExpect(def))}</p>
  <p class="what">Gateway: ${esc(def.description)} <span class="url">(${esc(run.url)})</span></p>
</li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Gateway Guard demo</title>
<style>
  :root { color-scheme: light dark; }
  body { font: 16px/1.45 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
  li { margin-bottom: 1.1rem; } li p { margin: .2rem 0; }
  a { font-weight: 600; } .status { font-variant-numeric: tabular-nums; opacity: .8; }
  .what, .url { font-size: .85rem; opacity: .7; }
</style></head>
<body>
<h1>Gateway Guard demo</h1>
<p>Each link is a real gateway from Debian's packages on 127.0.0.1, in front of a backend that misbehaves
in one way. Open one, look at the panel on the page and at the toolbar popup.</p>
<ol>
${items}
</ol>
</body>
</html>
`;
}

/**
 * Serve the index for `runs` (from startScenario) on 127.0.0.1:`port` (0 = any free port).
 * @returns {Promise<{url: string, stop(): Promise<void>}>}
 */
export async function startIndex(runs, port = 0) {
  const byName = new Map(runs.map((r) => [r.name, r]));
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(pageHtml(runs));
    }
    const run = path.startsWith('/go/') && byName.get(path.slice(4));
    if (run) {
      await run.outage?.restart();
      res.writeHead(302, { Location: run.url, 'Cache-Control': 'no-store' });
      return res.end();
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('not found\n');
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
