import { rmSync } from "node:fs";
import { type AuditResult, serverAudits } from "graphql-http";
import { DEV_API_KEYS } from "../../support/callers";
import { copySeeded, seededTemplate } from "../../support/seededDataDir";
import { type RunningStack, startStack } from "../../support/stack";

export interface AuditCount {
  passed: number;
  total: number;
}

export interface AuditSummary {
  must: AuditCount;
  all: AuditCount;
  /** Every audit that did not pass: its id, name, status and reason. */
  failures: { id: string; name: string; status: string; reason: string }[];
  /** The HTTP statuses of the failing audits' responses (429s would mean the limits refused the audit). */
  failureStatuses: number[];
}

/**
 * graphql-http's server audit (the GraphQL-over-HTTP spec's rules, each MUST, SHOULD or MAY)
 * against a gateway, all audits at once as `auditServer` runs them. Every request carries an
 * API key, added by the audit's `fetchFn`: the gateway answers nothing without one (401), as
 * the spec allows a server to require authentication; the key is the demo web storefront's, a
 * client app's ordinary key (rate-limited per key), and nothing else of the audit's requests
 * is changed.
 */
export async function auditGateway(url: string, apiKey: string = DEV_API_KEYS.web): Promise<AuditSummary> {
  const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-api-key", apiKey);
    return fetch(input, { ...init, headers });
  };
  const results: AuditResult[] = await Promise.all(serverAudits({ url, fetchFn }).map((audit) => audit.fn()));
  const count = (subset: AuditResult[]): AuditCount => ({ passed: subset.filter((result) => result.status === "ok").length, total: subset.length });
  const failures = results.filter((result) => result.status !== "ok");
  return {
    must: count(results.filter((result) => result.name.startsWith("MUST"))),
    all: count(results),
    failures: failures.map((result) => ({ id: result.id, name: result.name, status: result.status, reason: "reason" in result ? result.reason : "" })),
    failureStatuses: failures.map((result) => ("response" in result ? result.response.status : 0)),
  };
}

export function formatAuditSummary(summary: AuditSummary): string {
  const statuses = summary.failureStatuses.filter((status) => status === 429).length;
  const lines = [`graphql-http server audit: MUST ${summary.must.passed}/${summary.must.total}, all rules ${summary.all.passed}/${summary.all.total}${statuses ? ` (${statuses} failing audits answered 429)` : ""}`];
  for (const failure of summary.failures) lines.push(`  ${failure.status.padEnd(6)} ${failure.name} [${failure.id}]: ${failure.reason}`);
  return lines.join("\n");
}

/**
 * `npm start`'s process tree (the launcher, each subgraph and the gateway in its own process) on
 * free ports, with the gateway's default settings: none of the process's GATEWAY_* or API key
 * settings reach it (rate limits, the response cache and coalescing on, the demo keys).
 * The subgraphs start from a copy of the seeded PGlite template.
 */
export async function startDefaultStack(): Promise<{ stack: RunningStack; stop(): Promise<void> }> {
  const template = await seededTemplate();
  const dataDir = copySeeded(template.dir);
  const unset: NodeJS.ProcessEnv = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => /^(GATEWAY_\w+|API_KEYS_PATH|JWT_\w+|SERVICE_SECRET|REQUEST_DEADLINE_MS|SUBGRAPH_REGISTRY_PATH)$/.test(name))
      .map((name) => [name, undefined]),
  );
  try {
    const stack = await startStack({ ...unset, DATA_DIR: dataDir });
    return {
      stack,
      async stop() {
        await stack.stop();
        rmSync(dataDir, { recursive: true, force: true });
        if (template.owned) rmSync(template.dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    if (template.owned) rmSync(template.dir, { recursive: true, force: true });
    throw error;
  }
}
