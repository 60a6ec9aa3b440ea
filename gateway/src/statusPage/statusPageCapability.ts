import type { IncomingMessage, ServerResponse } from "node:http";
import { requestTarget, sendJson } from "@platform/http";
import type { CacheMetrics } from "../cache";
import { cacheResource } from "../cache/cacheCapabilities";
import type { CapabilityFactory } from "../capability";
import { operatorAccess } from "../operator";
import type { RateLimitCounts } from "../rateLimit";
import { rateLimitMetricsResource } from "../rateLimit/rateLimitCapability";
import type { SupergraphVersion } from "../supergraph";
import { renderStatusPage, STATUS_CONTENT_SECURITY_POLICY, STATUS_SCRIPT_PATH } from "./statusPageHtml";
import type { CacheLayerName, CacheLayerStatus, RefusalCounts, StatusReport } from "./statusReport";
import { statusScript } from "./statusScript";
import { SLICE_MS, SLICES, StatusWindow } from "./statusWindow";

/** How often the page asks for `/status.json`. */
export const STATUS_REFRESH_MS = 3000;
export const STATUS_PATH = "/status";
export const STATUS_DATA_PATH = "/status.json";

const LAYERS: readonly CacheLayerName[] = ["response", "entity", "apq"];
const REFUSALS = ["ip", "key", "serverKey", "burst", "noAgent"] as const;

/**
 * GATEWAY_STATUS_PAGE: a status page served by the gateway itself (on outside production, off in
 * production unless turned on). `GET /status` is the page (no data in it; same-origin
 * Content-Security-Policy, nothing from a CDN), `GET /status.js` its script, `GET /status.json`
 * its data, behind the operator token (operatorAccess: required when GATEWAY_OPERATOR_TOKEN is
 * set, 403 in production without one). The data: each subgraph's breaker, error rate and
 * latency over the last five minutes (StatusWindow, fed by the data sources' fetch events), the
 * cache layers' hit rates and rate limiting's refusals (the counters those capabilities keep,
 * read through their shared resources), the serving supergraph and when it was loaded.
 */
export const statusPageCapability: CapabilityFactory = async ({ config, supergraph, shared }) => {
  if (!config.statusPage) return undefined;
  const cache = config.cache.enabled ? (await shared(cacheResource)).metrics : undefined;
  const rateLimit = config.rateLimit.enabled ? await shared(rateLimitMetricsResource) : undefined;
  const window = new StatusWindow({ counters: () => counters(cache, rateLimit?.snapshot()) });
  // A slice begins every SLICE_MS even when nothing happens, so the counters' baseline moves on.
  const timer = setInterval(() => window.tick(), SLICE_MS);
  timer.unref();
  const access = operatorAccess(config, `The status page's data (${STATUS_DATA_PATH})`);

  const report = (): StatusReport => {
    const growth = window.counterGrowth();
    return {
      generatedAt: new Date().toISOString(),
      window: { sliceMs: SLICE_MS, slices: SLICES, coveredMs: window.coveredMs() },
      supergraph: supergraph.hash ? { hash: supergraph.hash, loadedAt: supergraph.loadedAt ?? null } : null,
      subgraphs: (supergraph.subgraphs ?? []).map(({ name, url }) => ({ name, url, ...window.subgraph(name) })),
      cache: cache ? { enabled: true, window: cacheLayers(growth.window), sinceStart: cacheLayers(growth.now) } : { enabled: false },
      rateLimit: rateLimit ? { enabled: true, window: refusals(growth.window), sinceStart: refusals(growth.now) } : { enabled: false },
    };
  };

  return {
    name: "statusPage",
    subgraphFetch: { events: { sent: (fetch) => window.record(fetch), breakerChanged: (change) => window.breakerChanged(change) } },
    routes: [
      async (request, response) => {
        const pathname = requestTarget(request).pathname;
        if (pathname !== STATUS_PATH && pathname !== STATUS_SCRIPT_PATH && pathname !== STATUS_DATA_PATH) return false;
        if (request.method !== "GET" && request.method !== "HEAD") {
          response.setHeader("allow", "GET, HEAD");
          sendJson(response, 405, { errors: [{ message: `${request.method} is not allowed on ${pathname}`, extensions: { code: "METHOD_NOT_ALLOWED" } }] });
          return true;
        }
        response.setHeader("cache-control", "no-store");
        response.setHeader("x-content-type-options", "nosniff");
        if (pathname === STATUS_PATH) send(request, response, "text/html; charset=utf-8", renderStatusPage(STATUS_REFRESH_MS), { "content-security-policy": STATUS_CONTENT_SECURITY_POLICY });
        else if (pathname === STATUS_SCRIPT_PATH) await sendScript(request, response);
        else if (access(request, response)) sendJson(response, 200, report());
        return true;
      },
    ],
    close: () => clearInterval(timer),
  };
};

function send(request: IncomingMessage, response: ServerResponse, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body), ...headers });
  response.end(request.method === "HEAD" ? undefined : body);
}

async function sendScript(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let script: string;
  try {
    script = await statusScript();
  } catch (failure) {
    sendJson(response, 503, { errors: [{ message: `The status page's script could not be built: ${(failure as Error).message}`, extensions: { code: "STATUS_PAGE_UNAVAILABLE" } }] });
    return;
  }
  send(request, response, "text/javascript; charset=utf-8", script);
}

/** The cumulative counters the window follows, flat: `cache.<layer>.hits|misses`, `rateLimit.<reason>`. */
function counters(cache: CacheMetrics | undefined, limits: RateLimitCounts | undefined): Record<string, number> {
  const flat: Record<string, number> = {};
  if (cache) {
    for (const [layer, figures] of Object.entries(cache.snapshot())) {
      flat[`cache.${layer}.hits`] = figures.hits;
      flat[`cache.${layer}.misses`] = figures.misses;
    }
  }
  if (limits) {
    for (const reason of REFUSALS) flat[`rateLimit.${reason}`] = limits.limited[reason];
    flat["rateLimit.deniedAgents"] = limits.deniedAgents;
  }
  return flat;
}

function cacheLayers(flat: Readonly<Record<string, number>>): Record<CacheLayerName, CacheLayerStatus> {
  const layers = {} as Record<CacheLayerName, CacheLayerStatus>;
  for (const layer of LAYERS) {
    const hits = flat[`cache.${layer}.hits`] ?? 0;
    const misses = flat[`cache.${layer}.misses`] ?? 0;
    layers[layer] = { hits, misses, hitRate: hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 1000) / 1000 };
  }
  return layers;
}

function refusals(flat: Readonly<Record<string, number>>): RefusalCounts {
  const counts = { ip: 0, key: 0, serverKey: 0, burst: 0, noAgent: 0, deniedAgents: flat["rateLimit.deniedAgents"] ?? 0 };
  for (const reason of REFUSALS) counts[reason] = flat[`rateLimit.${reason}`] ?? 0;
  return { ...counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
}

