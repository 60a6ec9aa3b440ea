import { createHash } from "node:crypto";

/** The page's script, served by the gateway (relative to the page, so it works behind a path prefix). */
export const STATUS_SCRIPT_PATH = "/status.js";

const STYLE = `
:root { color-scheme: light; font: 14px/1.4 system-ui, sans-serif; color: #1d2430; background: #f5f6f8; }
body { margin: 0 auto; max-width: 1100px; padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.meta, .muted { color: #5b6472; }
.banner { padding: 8px 12px; border-radius: 6px; margin: 12px 0; background: #fff4d6; border: 1px solid #e8c766; }
.banner.error { background: #fde8e8; border-color: #e0a3a3; }
.hidden { display: none; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #d9dde3; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e6e9ee; vertical-align: middle; }
th { background: #eef0f3; font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.breaker { display: inline-block; min-width: 76px; text-align: center; padding: 2px 8px; border-radius: 10px; font-weight: 600; color: #fff; }
.breaker.closed { background: #1f8a4c; }
.breaker.halfOpen { background: #c77c00; }
.breaker.open { background: #c62828; }
.since { display: block; font-size: 12px; color: #5b6472; }
svg.slices { display: block; }
svg.slices .ok { fill: #9cc7ad; }
svg.slices .failed { fill: #c62828; }
svg.slices .refused { fill: #e0a3a3; }
form { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
input { font: inherit; padding: 4px 8px; min-width: 320px; }
button { font: inherit; padding: 4px 12px; }
`;

/**
 * The page's Content-Security-Policy: nothing but the gateway's own origin: its script
 * (`/status.js`), its data (`/status.json`), this one inline stylesheet by its hash; no inline
 * script, no eval, no other origin (no CDN), not framed.
 */
export const STATUS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The status page's HTML: its skeleton; the script fills it from `/status.json` and refreshes it every few seconds. */
export function renderStatusPage(refreshMs: number): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>Status · commerce gateway</title>
    <style>${STYLE}</style>
    <script src="${STATUS_SCRIPT_PATH.slice(1)}" data-refresh-ms="${refreshMs}" defer></script>
  </head>
  <body>
    <h1>Gateway status</h1>
    <div class="meta" id="supergraph">Loading…</div>
    <div class="meta" id="updated"></div>
    <div class="banner hidden" id="problem" role="alert"></div>
    <div class="banner hidden" id="token-panel">
      <div id="token-reason">This gateway requires the operator token (GATEWAY_OPERATOR_TOKEN).</div>
      <form id="token-form">
        <input type="password" id="token" autocomplete="off" placeholder="operator token" aria-label="operator token" />
        <button type="submit">Use token</button>
      </form>
    </div>
    <h2>Subgraphs</h2>
    <table id="subgraphs">
      <thead>
        <tr><th>subgraph</th><th>breaker</th><th class="num">fetches</th><th class="num">error rate</th><th class="num">refused</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th>fetches per 10 s</th></tr>
      </thead>
      <tbody></tbody>
    </table>
    <h2>Cache hit rates</h2>
    <table id="cache"><thead><tr><th>layer</th><th class="num">hits</th><th class="num">misses</th><th class="num">hit rate</th><th class="num">since start</th></tr></thead><tbody></tbody></table>
    <h2>Rate limiting</h2>
    <table id="rate-limit"><thead><tr><th>refused by</th><th class="num">in the window</th><th class="num">since start</th></tr></thead><tbody></tbody></table>
    <p class="muted" id="window-note"></p>
    <p class="muted"><button type="button" id="forget-token" class="hidden">Forget the token</button></p>
  </body>
</html>
`;
}
