import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../support/stack";
import { startSubgraphProcess, type SubgraphProcess } from "../../support/subgraphProcess";

/**
 * A subgraph's health tells the truth: liveness is the process answering; readiness runs
 * `SELECT 1` on its database and, with REDIS_URL, a PING on its Redis, and answers 503 saying
 * which failed and why. Here Redis is a closed port of 127.0.0.1: the subgraph serves, but is not ready.
 */
describe("subgraph readiness", () => {
  let dataDir: string;
  let running: SubgraphProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "catalog-readiness-"));
    running = await startSubgraphProcess("catalog", dataDir, { env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}` } });
  }, 120_000);

  afterAll(async () => {
    await running?.stop("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  });

  const get = async (pathname: string) => {
    const response = await fetch(new URL(pathname, running.url));
    return { status: response.status, body: (await response.json()) as any };
  };

  it("is live, and not ready while its Redis is unreachable, saying why; its database is fine", async () => {
    expect(await get("/health/live")).toEqual({ status: 200, body: { status: "live" } });
    const ready = await get("/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe("not ready");
    expect(ready.body.checks.database).toEqual({ ok: true });
    expect(ready.body.checks.redis.ok).toBe(false);
    expect(ready.body.checks.redis.error).toEqual(expect.any(String));
    const detailed = await get("/health");
    expect(detailed.status).toBe(503);
    expect(detailed.body).toMatchObject({ status: "not ready", subgraph: "catalog", checks: { database: { ok: true }, redis: { ok: false } } });
    expect(detailed.body.http).toBeDefined();
  });
});

describe("subgraph readiness without Redis", () => {
  let dataDir: string;
  let running: SubgraphProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "catalog-ready-"));
    running = await startSubgraphProcess("catalog", dataDir, { env: { REDIS_URL: "" } });
  }, 120_000);

  afterAll(async () => {
    await running?.stop("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is ready when its database answers, with no Redis check", async () => {
    const response = await fetch(new URL("/health/ready", running.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", checks: { database: { ok: true } } });
  });
});
