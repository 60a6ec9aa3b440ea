import "reflect-metadata";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startGateway } from "../../gateway/src/server";
import { composeSupergraph, formatCompositionErrors } from "../../scripts/supergraph";
import { loadSubgraphRegistry, REPO_ROOT } from "@platform/registry";
import { withApiKey } from "../support/graphqlClient";
import { testGatewayConfig } from "./support/gatewayConfig";

const SUPERGRAPH_PATH = path.join(REPO_ROOT, "schema/supergraph.graphql");
const API_SCHEMA_PATH = path.join(REPO_ROOT, "schema/api.graphql");

/**
 * schema/supergraph.graphql is committed and is what the gateway serves: it must be exactly
 * what the registry's subgraphs compose to today. Change a subgraph's schema without running
 * `npm run compose`, and this fails.
 */
describe("the committed supergraph", () => {
  it("is what the registry's subgraphs compose to (run `npm run compose` when this fails)", async () => {
    const result = await composeSupergraph(loadSubgraphRegistry());
    if (!result.ok) throw new Error(`The subgraphs do not compose.\n${formatCompositionErrors(result.errors)}`);
    if (!existsSync(SUPERGRAPH_PATH)) throw new Error("schema/supergraph.graphql is missing: run `npm run compose` and commit it.");

    const committed = readFileSync(SUPERGRAPH_PATH, "utf8");
    if (committed !== result.supergraphSdl) throw new Error(`schema/supergraph.graphql is stale: run \`npm run compose\` and commit it.\n${firstDifference(committed, result.supergraphSdl)}`);
  });

  it("comes with its client-facing API schema, schema/api.graphql, as compose writes it now (run `npm run compose` when this fails)", async () => {
    const result = await composeSupergraph(loadSubgraphRegistry());
    if (!result.ok) throw new Error(`The subgraphs do not compose.\n${formatCompositionErrors(result.errors)}`);
    if (!existsSync(API_SCHEMA_PATH)) throw new Error("schema/api.graphql is missing: run `npm run compose` and commit it.");

    const committed = readFileSync(API_SCHEMA_PATH, "utf8");
    if (committed !== result.apiSchemaSdl) throw new Error(`schema/api.graphql is stale: run \`npm run compose\` and commit it.\n${firstDifference(committed, result.apiSchemaSdl)}`);
    // The service operations stay out of the clients' schema (they are @inaccessible in the supergraph).
    expect(readFileSync(SUPERGRAPH_PATH, "utf8")).toMatch(/@inaccessible/);
    expect(committed).not.toMatch(/join__|@inaccessible|@link/);
  });

  it("has its API schema served by the gateway at /schema/api.graphql, byte for byte the committed file", async () => {
    const gateway = await startGateway(testGatewayConfig({ supergraphPath: SUPERGRAPH_PATH, serveSchema: true }));
    try {
      const response = await fetch(new URL("/schema/api.graphql", gateway.url));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response.text()).toBe(readFileSync(API_SCHEMA_PATH, "utf8"));
    } finally {
      await gateway.stop();
    }
  });

  it("is served by the gateway", async () => {
    const gateway = await startGateway(testGatewayConfig({ supergraphPath: SUPERGRAPH_PATH }));
    try {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: withApiKey({ "content-type": "application/json" }),
        body: JSON.stringify({ query: "{ __schema { queryType { fields { name } } } }" }),
      });
      const body = (await response.json()) as { data: { __schema: { queryType: { fields: { name: string }[] } } } };
      expect(body.data.__schema.queryType.fields.length).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
    }
  });
});

function firstDifference(committed: string, composed: string): string {
  const [left, right] = [committed.split("\n"), composed.split("\n")];
  const line = left.findIndex((text, index) => text !== right[index]);
  const at = line === -1 ? left.length : line;
  return `First difference at line ${at + 1}:\n  committed: ${left[at] ?? "(end of file)"}\n  composed:  ${right[at] ?? "(end of file)"}`;
}
