import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type RunningGateway, startGateway } from "../../gateway/src/server";
import { composeSupergraph } from "../../scripts/supergraph";
import { captureLogs, eventually } from "./support/captureLogs";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

/** GATEWAY_SERVE_SCHEMA: the API schema of the supergraph being served, at /schema/api.graphql (committedSupergraph.test.ts checks it against schema/api.graphql). */
describe("the served API schema (GATEWAY_SERVE_SCHEMA)", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let supergraphPath: string;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-api-schema-"));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v1")));
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const apiSchemaOf = async (version: "v1" | "v2") => {
    const result = await composeSupergraph(subgraphs.registry(version));
    if (!result.ok) throw new Error("the fixture subgraphs compose");
    return result.apiSchemaSdl;
  };

  it("is the API schema compose writes, follows a supergraph reload, and refuses other methods with a code", async () => {
    const logs = captureLogs();
    const gateway = await startGateway(testGatewayConfig({ supergraphPath, serveSchema: true }), { logger: logs.logger, supergraphDebounceMs: 20 });
    gateways.push(gateway);
    const schemaUrl = new URL("/schema/api.graphql", gateway.url);

    const served = await fetch(schemaUrl);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(await apiSchemaOf("v1"));

    // The way `npm run compose` writes: a temporary file renamed over the old one.
    const temporary = `${supergraphPath}.tmp`;
    writeFileSync(temporary, await composeOrThrow(subgraphs.registry("v2")));
    renameSync(temporary, supergraphPath);
    await logs.waitFor((record) => record.msg === "supergraph reloaded");
    const reloaded = await eventually(async () => {
      const text = await (await fetch(schemaUrl)).text();
      return text.includes("description") ? text : undefined;
    }, 5000, "the served API schema to follow the reload");
    expect(reloaded).toBe(await apiSchemaOf("v2"));
    expect(reloaded).toContain("description: String");

    const posted = await fetch(schemaUrl, { method: "POST", body: "{}" });
    expect(posted.status).toBe(405);
    expect(await posted.json()).toMatchObject({ errors: [{ extensions: { code: "METHOD_NOT_ALLOWED" } }] });
  });

  it("is not served when the configuration leaves it out (404, as any unknown path)", async () => {
    const gateway = await startGateway(testGatewayConfig({ supergraphPath }));
    gateways.push(gateway);
    const response = await fetch(new URL("/schema/api.graphql", gateway.url));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });
});
