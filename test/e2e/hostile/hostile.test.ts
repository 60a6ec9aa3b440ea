import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiKey, revokeApiKey } from "../../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH } from "../../../gateway/src/config";
import { Channel } from "@platform/caller";
import { startGatewayProcess } from "../../support/gatewayProcess";
import { type RunningStack, startStack } from "../../support/stack";
import { ALLOWED_CODES, type GeneratedRequests, generateHostileRequests, type HostileRequest, REVOKED_KEY_PLACEHOLDER } from "./hostileRequests";
import { type Outcome, problemWith, sendAll } from "./sendRequests";

/**
 * Issue 6: thousands of generated hostile requests against `npm start`'s real process tree (the
 * launcher, four subgraph processes, the gateway process). Every answer must be a clear one:
 * under 500, JSON, every error with a message and a code from a short list (and the status and
 * code the request calls for); the valid requests mixed in must still succeed; and no process
 * may have died or been replaced.
 *
 * Rate limiting is off (GATEWAY_RATE_LIMIT=off): every request comes from 127.0.0.1, so the
 * per-IP limit (600 a minute) and the bot rule's burst limit (20 a second) would answer most of
 * them with 429 before they reached anything this suite is about. The rate-limit suite covers
 * limiting itself.
 */
const CONCURRENCY = 24;

let stack: RunningStack;
let keysDir: string;
let generated: GeneratedRequests;
let services: { pid: number; command: string }[];
let keysPath: string;

beforeAll(async () => {
  keysDir = mkdtempSync(path.join(tmpdir(), "hostile-keys-"));
  keysPath = path.join(keysDir, "api-keys.json");
  copyFileSync(DEVELOPMENT_API_KEYS_PATH, keysPath);
  const revoked = createApiKey(keysPath, { name: "revoked in the hostile suite", channel: Channel.WEB, storeId: null });
  revokeApiKey(keysPath, revoked.record.id);

  const [started, requests] = await Promise.all([startStack({ GATEWAY_RATE_LIMIT: "off", API_KEYS_PATH: keysPath }), generateHostileRequests()]);
  stack = started;
  generated = requests;
  for (const request of generated.requests) {
    if (request.headers["x-api-key"] === REVOKED_KEY_PLACEHOLDER) request.headers["x-api-key"] = revoked.key;
  }
  services = childProcesses(stack.pid);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

/** The launcher's services: one node process per subgraph and the gateway, each running its bundle (dist/…/src/index.js). */
function childProcesses(parent: number): { pid: number; command: string }[] {
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(parent)], { encoding: "utf8" }).trim().split("\n");
  return lines
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && /src\/index\.[jt]s$/.test(match[2]!))
    .map(([, pid, command]) => ({ pid: Number(pid), command: command! }));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Failure {
  request: HostileRequest;
  problem: string;
}

/** Failures grouped by category, each with how many and a few samples, for a readable failure message. */
function report(failures: Failure[]): Record<string, { count: number; samples: string[] }> {
  const grouped: Record<string, { count: number; samples: string[] }> = {};
  for (const { request, problem } of failures) {
    const group = (grouped[request.category] ??= { count: 0, samples: [] });
    group.count++;
    if (group.samples.length < 4) group.samples.push(`#${request.index} ${request.method} ${request.path.slice(0, 60)} [${request.label.slice(0, 80)}] -> ${problem}`);
  }
  return grouped;
}

it("answers thousands of hostile requests with clear 4xx errors, serves the valid ones, and no process dies", async () => {
  const { requests, countsByCategory } = generated;
  const hostileCount = requests.filter((request) => request.category !== "valid").length;
  expect(hostileCount).toBeGreaterThanOrEqual(5000);
  expect(services).toHaveLength(5); // catalog, inventory, customer, orders, gateway

  const started = performance.now();
  const outcomes: Outcome[] = await sendAll(new URL(stack.gatewayUrl), requests, CONCURRENCY);
  const seconds = (performance.now() - started) / 1000;

  const failures: Failure[] = [];
  const statuses: Record<number | string, number> = {};
  requests.forEach((request, index) => {
    const outcome = outcomes[index]!;
    const status = "response" in outcome ? outcome.response.status : "none";
    statuses[status] = (statuses[status] ?? 0) + 1;
    const problem = problemWith(request, outcome, ALLOWED_CODES);
    if (problem) failures.push({ request, problem });
  });

  // One line: what was sent, what came back, how long it took.
  const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
  console.log(
    `hostile: ${requests.length} requests (${hostileCount} hostile) in ${seconds.toFixed(1)} s at ${CONCURRENCY} in flight, slowest ${slowest} ms; ` +
      `by category ${JSON.stringify(countsByCategory)}; by status ${JSON.stringify(statuses)}; ${failures.length} unclear answers`,
  );

  if (failures.length > 0) {
    // Everything, for a closer look than the samples below; and what the services logged as errors.
    const dump = path.join(tmpdir(), "hostile-failures.json");
    writeFileSync(dump, JSON.stringify(failures.map(({ request: { body: _body, ...request }, problem }) => ({ ...request, problem })), null, 1));
    const errors = stack.output().split("\n").filter((line) => / ERROR /.test(line)).slice(0, 5);
    console.log(`hostile: every unclear answer is in ${dump}; first errors the services logged:\n${errors.join("\n")}`);
  }
  expect(report(failures)).toEqual({});

  // Nothing died or was restarted: the launcher stops everything when a service exits.
  expect(stack.running()).toBe(true);
  expect(services.filter((service) => !alive(service.pid))).toEqual([]);
  expect(childProcesses(stack.pid).map((service) => service.pid).sort()).toEqual(services.map((service) => service.pid).sort());
  const ready = await fetch(new URL("/health/ready", stack.gatewayUrl), { signal: AbortSignal.timeout(5000) });
  expect(ready.status).toBe(200);
  for (const [name, url] of Object.entries(stack.subgraphUrls)) {
    const health = await fetch(new URL("/health", url), { signal: AbortSignal.timeout(5000) });
    expect({ name, status: health.status }).toEqual({ name, status: 200 });
  }
  // No request reached the server's last-resort handler (which answers 500).
  expect(stack.output()).not.toMatch(/unhandled error while answering a request/);
}, 240_000);

/**
 * With rate limiting on (defaults: 600 a minute per address and 20 a second in a burst for the
 * requests without a valid key; the per-key limit lowered to 100 a minute, since most of the
 * barrage carries the demo web key, which counts against the key and not the address), the same
 * barrage from one address is mostly refused with 429: a bounded check that a refusal by the
 * limiter is as clear as any other (JSON, RATE_LIMITED, Retry-After) and fails nothing. A second
 * gateway process over the same subgraphs.
 */
it("with rate limiting on, answers a hostile burst with clear 429s or the same clear errors", async () => {
  const gateway = await startGatewayProcess({ subgraphUrls: stack.subgraphUrls, resilience: {}, env: { GATEWAY_RATE_LIMIT: "on", GATEWAY_RATE_LIMIT_KEY_PER_MINUTE: "100", API_KEYS_PATH: keysPath } });
  try {
    const burst = generated.requests.slice(0, 400);
    const outcomes = await sendAll(new URL(gateway.url), burst, CONCURRENCY);
    const failures: Failure[] = [];
    let limited = 0;
    burst.forEach((request, index) => {
      const outcome = outcomes[index]!;
      if ("response" in outcome && outcome.response.status === 429) {
        limited++;
        const body = JSON.parse(outcome.response.body.toString("utf8")) as { errors?: { message?: string; extensions?: { code?: string } }[] };
        const clear = body.errors?.[0]?.extensions?.code === "RATE_LIMITED" && !!body.errors[0]!.message && Number(outcome.response.headers["retry-after"]) >= 1;
        if (!clear) failures.push({ request, problem: `unclear 429: ${outcome.response.body.toString("utf8").slice(0, 200)}` });
        return;
      }
      const problem = problemWith(request, outcome, ALLOWED_CODES);
      if (problem) failures.push({ request, problem });
    });
    console.log(`hostile, rate limiting on: ${burst.length} requests, ${limited} answered 429 RATE_LIMITED, ${failures.length} unclear answers`);
    expect(report(failures)).toEqual({});
    expect(limited).toBeGreaterThan(0);
    expect((await gateway.health()).status).toBe("ready");
  } finally {
    await gateway.stop();
  }
}, 120_000);
