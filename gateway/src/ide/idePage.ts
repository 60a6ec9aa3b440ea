/** What the page hands the IDE's script (read by `browser/ide.tsx`). */
export interface IdePageSettings {
  /** The GraphQL endpoint, relative to the page. */
  endpoint: string;
  /** The header editor's content for a new tab, JSON. */
  headers: string;
  /** The query editor's content for a new tab. */
  query: string;
}

/** Where the IDE's files are served: `/ide/<version>/<file>`; relative to the page, so it works behind a path prefix. */
export const IDE_ASSETS_PATH = "/ide/";

/**
 * The page's Content-Security-Policy: scripts, workers, fonts and requests from the gateway's
 * own origin only (a page that reached for a CDN would break, visibly). Styles may be inline:
 * Monaco and GraphiQL set them at run time.
 */
export const IDE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The HTML of the IDE page, its script and stylesheet named by the bundle's version. */
export function renderIdePage(version: string, settings: IdePageSettings): string {
  const assets = `${IDE_ASSETS_PATH.slice(1)}${version}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <link rel="icon" href="data:," />
    <title>GraphiQL · commerce gateway</title>
    <link rel="stylesheet" href="${assets}/ide.css" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
    <script type="application/json" id="ide-settings">${scriptSafeJson(settings)}</script>
    <script type="module" src="${assets}/ide.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
  </body>
</html>
`;
}

/** JSON that cannot end the `<script>` element it sits in. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
