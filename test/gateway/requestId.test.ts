import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { DEV_API_KEYS } from "../support/callers";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

/** The example capability of gateway/README.md ("Adding a capability"), through a real gateway. */
describe("x-request-id", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-request-id-"));
    const supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v1")));
    gateway = await startGateway(testGatewayConfig({ supergraphPath }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const send = (headers: Record<string, string>) =>
    fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "{ __typename }" }) });

  it("echoes a well-formed id the client sent", async () => {
    const response = await send({ "x-api-key": DEV_API_KEYS.web, "x-request-id": "checkout-7f3a.2" });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("checkout-7f3a.2");
  });

  it("makes one up for a request without one, or with one that is not well-formed, refusals included", async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const plain = await send({ "x-api-key": DEV_API_KEYS.web });
    const malformed = await send({ "x-api-key": DEV_API_KEYS.web, "x-request-id": "x".repeat(129) });
    const refused = await send({});
    expect(refused.status).toBe(401);
    const ids = [plain, malformed, refused].map((response) => response.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(3);
  });
});
