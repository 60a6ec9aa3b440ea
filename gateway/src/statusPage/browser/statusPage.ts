/**
 * The status page's script (served at /status.js, transpiled from this file by the gateway on
 * first request): polls `status.json` every few seconds and renders it. With the operator token
 * required (401), asks for it once and keeps it in sessionStorage (this tab only), sent as a
 * bearer token. Builds the DOM with textContent only: nothing from the data becomes markup.
 */
import type { BreakerStateName, CacheLayerStatus, StatusReport, SubgraphStatus } from "../statusReport";

const TOKEN_KEY = "gateway-operator-token";
const BREAKER_TEXT: Record<BreakerStateName, string> = { closed: "closed", halfOpen: "half-open", open: "open" };
const SVG = "http://www.w3.org/2000/svg";

const refreshMs = Number(document.currentScript?.dataset.refreshMs ?? "3000") || 3000;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function cell(text: string, numeric = false): HTMLTableCellElement {
  return element("td", text, numeric ? "num" : undefined);
}

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)} %`);
const ms = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${value.toFixed(1)} ms`);
const time = (iso: string) => new Date(iso).toLocaleTimeString();

function show(id: string, visible: boolean): void {
  byId(id).classList.toggle("hidden", !visible);
}

function problem(message: string | undefined, severe = false): void {
  const banner = byId("problem");
  banner.textContent = message ?? "";
  banner.classList.toggle("error", severe);
  show("problem", message !== undefined);
}

/** The slices as bars: height by fetches, red for failures, pink for refusals (open breaker). */
function sliceChart(subgraph: SubgraphStatus): SVGSVGElement {
  const width = 180;
  const height = 28;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "slices");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("role", "img");
  const most = Math.max(1, ...subgraph.slices.map((slice) => slice.fetches + slice.rejected));
  const barWidth = width / Math.max(1, subgraph.slices.length);
  subgraph.slices.forEach((slice, i) => {
    let y = height;
    for (const [count, kind] of [
      [slice.fetches - slice.failures, "ok"],
      [slice.failures, "failed"],
      [slice.rejected, "refused"],
    ] as const) {
      if (count <= 0) continue;
      const barHeight = Math.max(1, (count / most) * height);
      y -= barHeight;
      const bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("class", kind);
      bar.setAttribute("x", (i * barWidth + 0.5).toFixed(1));
      bar.setAttribute("y", y.toFixed(1));
      bar.setAttribute("width", Math.max(1, barWidth - 1).toFixed(1));
      bar.setAttribute("height", barHeight.toFixed(1));
      svg.appendChild(bar);
    }
  });
  const title = document.createElementNS(SVG, "title");
  title.textContent = `${subgraph.name}: fetches (green), failures (red) and refusals (pink) per slice`;
  svg.appendChild(title);
  return svg;
}

function renderSubgraphs(report: StatusReport): void {
  const body = byId("subgraphs").querySelector("tbody")!;
  body.replaceChildren(
    ...report.subgraphs.map((subgraph) => {
      const row = element("tr");
      row.dataset.subgraph = subgraph.name;
      const name = element("td");
      name.append(element("strong", subgraph.name), element("span", subgraph.url, "since"));
      const breaker = element("td");
      const badge = element("span", BREAKER_TEXT[subgraph.breaker.state], `breaker ${subgraph.breaker.state}`);
      badge.dataset.state = subgraph.breaker.state;
      breaker.append(badge, element("span", `since ${time(subgraph.breaker.since)}`, "since"));
      const chart = element("td");
      chart.append(sliceChart(subgraph));
      row.append(
        name,
        breaker,
        cell(String(subgraph.fetches), true),
        cell(percent(subgraph.errorRate), true),
        cell(String(subgraph.rejected), true),
        cell(ms(subgraph.latencyMs?.p50), true),
        cell(ms(subgraph.latencyMs?.p95), true),
        cell(ms(subgraph.latencyMs?.p99), true),
        chart,
      );
      return row;
    }),
  );
}

function renderCache(report: StatusReport): void {
  const body = byId("cache").querySelector("tbody")!;
  if (!report.cache.enabled) {
    const row = element("tr");
    const off = cell("The cache is off (GATEWAY_CACHE=off).");
    off.colSpan = 5;
    row.append(off);
    body.replaceChildren(row);
    return;
  }
  const { window, sinceStart } = report.cache;
  body.replaceChildren(
    ...(Object.entries(window) as [string, CacheLayerStatus][]).map(([layer, figures]) => {
      const row = element("tr");
      row.dataset.layer = layer;
      row.append(cell(layer), cell(String(figures.hits), true), cell(String(figures.misses), true), cell(percent(figures.hitRate), true), cell(percent(sinceStart[layer as keyof typeof sinceStart].hitRate), true));
      return row;
    }),
  );
}

function renderRateLimit(report: StatusReport): void {
  const body = byId("rate-limit").querySelector("tbody")!;
  if (!report.rateLimit.enabled) {
    const row = element("tr");
    const off = cell("Rate limiting is off (GATEWAY_RATE_LIMIT=off).");
    off.colSpan = 3;
    row.append(off);
    body.replaceChildren(row);
    return;
  }
  const { window, sinceStart } = report.rateLimit;
  const labels: [keyof typeof window, string][] = [
    ["ip", "limit per IP address (429)"],
    ["key", "limit per API key (429)"],
    ["serverKey", "limit per trusted server key (429)"],
    ["burst", "burst rule (429)"],
    ["noAgent", "no User-Agent rule (429)"],
    ["deniedAgents", "denied User-Agent (403)"],
    ["total", "all refusals"],
  ];
  body.replaceChildren(
    ...labels.map(([reason, label]) => {
      const row = element("tr");
      row.dataset.reason = reason;
      row.append(cell(label), cell(String(window[reason]), true), cell(String(sinceStart[reason]), true));
      return row;
    }),
  );
}

function render(report: StatusReport): void {
  byId("supergraph").textContent = report.supergraph
    ? `Serving supergraph ${report.supergraph.hash.slice(0, 12)}, loaded ${report.supergraph.loadedAt ? new Date(report.supergraph.loadedAt).toLocaleString() : "–"}`
    : "No supergraph loaded yet";
  byId("updated").textContent = `Updated ${time(report.generatedAt)}; refreshes every ${Math.round(refreshMs / 1000)} s`;
  const minutes = (report.window.slices * report.window.sliceMs) / 60_000;
  byId("window-note").textContent = `Figures cover the last ${minutes} minutes (${Math.round(report.window.coveredMs / 1000)} s seen since the gateway started), in slices of ${report.window.sliceMs / 1000} s; a fetch's latency includes its retries.`;
  renderSubgraphs(report);
  renderCache(report);
  renderRateLimit(report);
}

let waitingForToken = false;

async function refresh(): Promise<void> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  show("forget-token", token !== null);
  let response: Response;
  try {
    response = await fetch("status.json", { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: "no-store" });
  } catch {
    problem("The gateway does not answer; showing the last figures received.", true);
    return;
  }
  if (response.status === 401) {
    if (token !== null) sessionStorage.removeItem(TOKEN_KEY);
    byId("token-reason").textContent = token === null ? "This gateway requires the operator token (GATEWAY_OPERATOR_TOKEN)." : "That token was refused: enter the operator token (GATEWAY_OPERATOR_TOKEN).";
    show("token-panel", true);
    waitingForToken = true;
    problem(undefined);
    return;
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] };
    problem(body.errors?.[0]?.message ?? `The gateway answered ${response.status}.`, true);
    return;
  }
  show("token-panel", false);
  waitingForToken = false;
  problem(undefined);
  render((await response.json()) as StatusReport);
}

byId<HTMLFormElement>("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>("token");
  const token = input.value.trim();
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  input.value = "";
  waitingForToken = false;
  void refresh();
});

byId("forget-token").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  waitingForToken = false;
  void refresh();
});

async function poll(): Promise<void> {
  // While the page waits for a token, the form submits it: polling would only ask again.
  if (!waitingForToken) await refresh().catch((error: unknown) => problem(`Could not show the status: ${String(error)}`, true));
  setTimeout(() => void poll(), refreshMs);
}

void poll();
