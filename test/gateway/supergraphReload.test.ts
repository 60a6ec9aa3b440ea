import { mkdtempSync, rmSync, writeFileSync, renameSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { supergraphHash } from "../../gateway/src/supergraph";
import { postGraphQL } from "../support/graphqlClient";
import { captureLogs, eventually, type CapturedLogs } from "./support/captureLogs";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

/**
 * The supergraph file is the gateway's only source of schema: a running gateway picks up a new
 * one (the `products` subgraph already serves v2, with Product.description) and keeps serving
 * the last good one when the file turns invalid.
 */
describe("supergraph file reload", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let supergraphPath: string;
  let v1: string;
  let v2: string;
  let logs: CapturedLogs;
  let gateway: RunningGateway;

  const DESCRIPTION_QUERY = "{ products { id description inStock } }";

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    [v1, v2] = await Promise.all([composeOrThrow(subgraphs.registry("v1")), composeOrThrow(subgraphs.registry("v2"))]);
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-reload-"));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, v1);
    logs = captureLogs();
    gateway = await startGateway(testGatewayConfig({ supergraphPath }), { logger: logs.logger, supergraphDebounceMs: 20 });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function servingHash(): Promise<string> {
    const response = await fetch(new URL("/health", gateway.url));
    return ((await response.json()) as { supergraph: { hash: string } }).supergraph.hash;
  }

  /** The way `npm run compose` writes: a temporary file renamed over the old one. */
  function replaceAtomically(content: string): void {
    const temporary = `${supergraphPath}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, supergraphPath);
  }

  it("serves the v1 supergraph, where Product.description does not exist yet", async () => {
    const response = await postGraphQL(gateway.url, DESCRIPTION_QUERY);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await servingHash()).toBe(supergraphHash(v1));
  });

  it("reloads a supergraph replaced by rename, without a restart", async () => {
    replaceAtomically(v2);
    const data = await eventually(async () => {
      const response = await postGraphQL(gateway.url, DESCRIPTION_QUERY);
      return response.status === 200 ? response.body.data : undefined;
    }, 5000, "Product.description to become queryable");
    expect(data.products).toEqual([
      { id: "p1", description: "1.7 l, stainless steel", inStock: true },
      { id: "p2", description: "Two slots", inStock: false },
    ]);
    expect(await servingHash()).toBe(supergraphHash(v2));
  });

  it("keeps serving the previous supergraph when the new file is not valid GraphQL, and says why", async () => {
    writeFileSync(supergraphPath, "type Query {"); // written in place, as an editor would
    const rejected = await logs.waitFor((record) => record.msg.startsWith("new supergraph rejected"));
    expect(rejected.level).toBe(50);
    expect(rejected.msg).toContain("Syntax Error");
    expect(rejected.serving).toBe(supergraphHash(v2));

    const response = await postGraphQL(gateway.url, DESCRIPTION_QUERY);
    expect(response.status).toBe(200);
    expect(response.body.data.products).toHaveLength(2);
    expect(await servingHash()).toBe(supergraphHash(v2));
  });

  it("keeps serving the previous supergraph when the new file is a schema but not a supergraph", async () => {
    replaceAtomically("type Query { hello: String }\n");
    await logs.waitFor((record) => record.msg.startsWith("new supergraph rejected") && record.rejected === supergraphHash("type Query { hello: String }\n"));
    expect((await postGraphQL(gateway.url, DESCRIPTION_QUERY)).status).toBe(200);
    expect(await servingHash()).toBe(supergraphHash(v2));
  });

  it("keeps serving while the file is missing, and takes the next valid one", async () => {
    unlinkSync(supergraphPath);
    await logs.waitFor((record) => record.msg.startsWith("cannot read the supergraph file"));
    expect((await postGraphQL(gateway.url, DESCRIPTION_QUERY)).status).toBe(200);

    replaceAtomically(v1);
    await eventually(async () => ((await servingHash()) === supergraphHash(v1) ? true : undefined), 5000, "v1 to be served again");
    expect((await postGraphQL(gateway.url, DESCRIPTION_QUERY)).status).toBe(400);
    expect((await postGraphQL(gateway.url, "{ products { id name } }")).body.data.products).toHaveLength(2);
  });
});
