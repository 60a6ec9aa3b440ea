/**
 * Where Monaco (GraphiQL's editor) finds its web workers: the files the gateway bundled next to
 * this script (`ideBundle.ts` builds them), on the gateway's own origin. Imported before GraphiQL,
 * so Monaco sees it when it starts its first worker; GraphiQL's own `setup-workers/*` presets
 * assume a Vite or webpack build, or esm.sh (a CDN).
 */
const ASSETS = new URL(".", import.meta.url);

const WORKER_FILES: Record<string, string> = {
  graphql: "graphql.worker.js",
  json: "json.worker.js",
};

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    return new Worker(new URL(WORKER_FILES[label] ?? "editor.worker.js", ASSETS), { name: label });
  },
};
