import { renameSync, writeFileSync } from "node:fs";
import { composeSupergraph } from "../../scripts/supergraph";
import { captureLogs, eventually } from "./support/captureLogs";
import { useFixtureSubgraphGateways } from "./support/fixtureGateways";
import { composeOrThrow } from "./support/fixtureSubgraphs";

/** GATEWAY_SERVE_SCHEMA: the API schema of the supergraph being served, at /schema/api.graphql (committedSupergraph.test.ts checks it against schema/api.graphql). */
describe("the served API schema (GATEWAY_SERVE_SCHEMA)", () => {
  const suite = useFixtureSubgraphGateways("gateway-api-schema-");

  const apiSchemaOf = async (version: "v1" | "v2") => {
    const result = await composeSupergraph(suite.fixtures.registry(version));
    if (!result.ok) throw new Error("the fixture subgraphs compose");
    return result.apiSchemaSdl;
  };

  it("is the API schema compose writes, follows a supergraph reload, and refuses other methods with a code", async () => {
    const logs = captureLogs();
    const gateway = await suite.start({ serveSchema: true }, { logger: logs.logger, supergraphDebounceMs: 20 });
    const schemaUrl = new URL("/schema/api.graphql", gateway.url);

    const served = await fetch(schemaUrl);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(await apiSchemaOf("v1"));

    // The way `npm run compose` writes: a temporary file renamed over the old one.
    const temporary = `${suite.supergraphPath}.tmp`;
    writeFileSync(temporary, await composeOrThrow(suite.fixtures.registry("v2")));
    renameSync(temporary, suite.supergraphPath);
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
    const gateway = await suite.start();
    const response = await fetch(new URL("/schema/api.graphql", gateway.url));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });
});
