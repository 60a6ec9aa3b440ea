import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { as, signedForSubgraph } from "../../support/callers";
import { postGraphQL } from "../../support/graphqlClient";
import { startSubgraphProcess } from "../../support/subgraphProcess";

/**
 * Each subgraph as its own process, the way `npm start` runs it: first start migrates and seeds
 * its embedded database, a restart on the same data directory does neither, and both SIGTERM
 * and SIGINT stop it with exit code 0.
 */
const cases: [name: string, query: string, expected: Record<string, unknown>][] = [
  ["catalog", '{ product(id: "prod-0007") { id } }', { product: { id: "prod-0007" } }],
  ["inventory", '{ store(id: "store-london-oxford-st") { code } }', { store: { code: "LON01" } }],
  ["customer", '{ customer(id: "cust-0007") { id } }', { customer: { id: "cust-0007" } }],
  ["orders", '{ order(id: "order-0008") { number } }', { order: { number: "NW-100008" } }],
];

describe.each(cases)("the %s subgraph process", (name, query, expected) => {
  let dataDir: string;
  const messages = (logs: { msg: string }[]) => logs.map((entry) => entry.msg);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `${name}-process-`));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates and seeds on first start, answers, and exits 0 on SIGTERM", async () => {
    const running = await startSubgraphProcess(name, dataDir);
    expect((await postGraphQL(running.url, query, {}, signedForSubgraph(as.admin()))).body.data).toEqual(expected);
    expect(messages(running.logs)).toContain("applied migrations");
    expect(messages(running.logs).some((message) => message.startsWith("seeded demo"))).toBe(true);
    expect(await running.stop("SIGTERM")).toBe(0);
  });

  it("on a second start applies and writes nothing, serves the same data, and exits 0 on SIGINT", async () => {
    const running = await startSubgraphProcess(name, dataDir);
    expect((await postGraphQL(running.url, query, {}, signedForSubgraph(as.admin()))).body.data).toEqual(expected);
    expect(messages(running.logs)).not.toContain("applied migrations");
    expect(messages(running.logs).some((message) => message.startsWith("seeded demo"))).toBe(false);
    expect(await running.stop("SIGINT")).toBe(0);
  });
});
