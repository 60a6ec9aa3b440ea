import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { demoDataset } from "../../../prisma/seed";
import { as, clientCredentials } from "../../support/callers";
import { type GatewayProcess, startGatewayProcess } from "../../support/gatewayProcess";
import { postGraphQL } from "../../support/graphqlClient";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver, traceTree } from "../../support/otlpReceiver";
import { copySeeded, seededTemplate } from "../../support/seededDataDir";
import { freePort } from "../../support/stack";
import { type SubgraphProcess, type SubgraphStorage, startSubgraphProcess } from "../../support/subgraphProcess";
import { createTestDatabaseTarget } from "../../support/testDatabase";

/**
 * OpenTelemetry traces across processes (issue 15): catalog and inventory as their own processes
 * (on PostgreSQL with TEST_DATABASE_URL, on a copy of the seeded PGlite data otherwise) and the
 * gateway entry, all with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP receiver on
 * 127.0.0.1. A client request with its own `traceparent` must come back as one trace with that
 * trace id: the gateway's server span parented to the client's span, Apollo Gateway's spans under
 * it, each subgraph's operation span under the `gateway.fetch` span that called it, and Prisma's
 * SQL spans under the operation spans. A handheld's barcode lookup adds the service call from
 * inventory to catalog.
 */
const dataset = demoDataset();
const london = dataset.stores.find((store) => store.code === "LON01")!;
const scanned = dataset.products[7]!.variants[0]!;

const LISTING = `query Listing($storeId: ID!) {
  products(first: 2) { edges { node { id name variants { sku availability(storeId: $storeId) { available } } } } }
}`;
const LOCATE = `query Locate($storeId: ID!, $barcode: String!) {
  locateItem(storeId: $storeId, barcode: $barcode) { variant { sku } stock { onHand } }
}`;

const SERVER = 2;
const CLIENT = 3;

/** A W3C traceparent of a client span of our own, sampled. */
function clientTraceparent(): { traceparent: string; traceId: string; spanId: string } {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

describe("one trace per client request, across the gateway, the subgraphs and their SQL", () => {
  let receiver: OtlpReceiver;
  let storage: SubgraphStorage;
  let cleanup: () => Promise<void> = async () => {};
  const subgraphs: SubgraphProcess[] = [];
  let gateway: GatewayProcess | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    if (process.env.TEST_DATABASE_URL) {
      const database = await createTestDatabaseTarget();
      if (database.target.kind !== "postgres") throw new Error("expected a PostgreSQL test database");
      storage = { databaseUrl: database.target.url };
      cleanup = database.dispose;
    } else {
      const dataDir = copySeeded((await seededTemplate()).dir);
      storage = dataDir;
      cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    }
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, SEED_DEMO_DATA: "true" };
    const catalog = await startSubgraphProcess("catalog", storage, { env: tracing, readyTimeoutMs: 180_000 });
    subgraphs.push(catalog);
    // inventory calls catalog for barcodes: it is told where catalog runs.
    const inventory = await startSubgraphProcess("inventory", storage, { env: { ...tracing, SUBGRAPH_CATALOG_URL: catalog.url }, readyTimeoutMs: 180_000 });
    subgraphs.push(inventory);
    const closed = async () => `http://127.0.0.1:${await freePort()}/graphql`;
    gateway = await startGatewayProcess({
      subgraphUrls: { catalog: catalog.url, inventory: inventory.url, customer: await closed(), orders: await closed() },
      resilience: {},
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, GATEWAY_CACHE: "off" },
    });
  }, 400_000);

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(subgraphs.map((subgraph) => subgraph.stop("SIGTERM").catch(() => subgraph.kill())));
    await receiver?.close();
    await cleanup();
  });

  /** The trace's spans once every service named has sent its server span, and the spans stop coming (bounded: 30 s). */
  async function collectTrace(traceId: string, services: string[]): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + 30_000;
    let seen = -1;
    for (;;) {
      const spans = receiver.spans.filter((span) => span.traceId === traceId);
      const complete = services.every((service) => spans.some((span) => span.service === service && span.kind === SERVER));
      if (complete && spans.length === seen) return spans;
      if (Date.now() > deadline) return spans;
      seen = complete ? spans.length : -1;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }

  it("follows a product listing from the client's span through the gateway to catalog, inventory and their SQL", async () => {
    const client = clientTraceparent();
    const response = await postGraphQL(gateway!.url, LISTING, { storeId: london.id }, { traceparent: client.traceparent });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.products.edges).toHaveLength(2);

    const spans = await collectTrace(client.traceId, ["gateway", "catalog", "inventory"]);
    console.log(`trace ${client.traceId} (client span ${client.spanId}):\n${traceTree(spans)}`);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId);

    // Every span of every process is in the client's trace: nothing from this request went elsewhere.
    expect(receiver.requests.unreadable).toBe(0);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(["gateway", "catalog", "inventory"]));

    // The gateway's server span continues the client's span; Apollo Gateway's spans hang under it.
    const server = spans.filter((span) => span.service === "gateway" && span.kind === SERVER);
    expect(server).toHaveLength(1);
    expect(server[0]!.parentSpanId).toBe(client.spanId);
    expect(server[0]!.name).toBe("query Listing");
    const request = spans.find((span) => span.name === "gateway.request")!;
    expect(parentOf(request)).toBe(server[0]);
    for (const name of ["gateway.validate", "gateway.plan", "gateway.execute"]) expect(parentOf(spans.find((span) => span.name === name)!)).toBe(request);
    const fetches = spans.filter((span) => span.name === "gateway.fetch");
    expect(fetches.map((fetch) => fetch.attributes.service).sort()).toEqual(["catalog", "inventory"]);

    // Each subgraph's operation span is the child of the gateway.fetch span that called it.
    for (const subgraph of ["catalog", "inventory"]) {
      const operations = spans.filter((span) => span.service === subgraph && span.kind === SERVER);
      expect(operations).toHaveLength(1);
      const caller = parentOf(operations[0]!)!;
      expect(caller.name).toBe("gateway.fetch");
      expect(caller.attributes.service).toBe(subgraph);
      expect(operations[0]!.name).toMatch(new RegExp(`^graphql\\.operation Listing__${subgraph}__\\d+$`));

      // Prisma's spans are in the operation's subtree, the SQL among them, all in this process.
      const inOperation = (span: ReceivedSpan): boolean => {
        for (let at = parentOf(span); at; at = parentOf(at)) if (at === operations[0]) return true;
        return false;
      };
      const prisma = spans.filter((span) => span.service === subgraph && span.name.startsWith("prisma:"));
      const sql = prisma.filter((span) => span.name === "prisma:client:db_query");
      expect(sql.length).toBeGreaterThan(0);
      expect(prisma.every(inOperation)).toBe(true);
      for (const statement of sql) {
        expect(statement.kind).toBe(CLIENT);
        expect(String(statement.attributes["db.query.text"])).toMatch(/^SELECT /);
      }
      const operation = prisma.find((span) => span.name === "prisma:client:operation");
      expect(operation && parentOf(operation)).toBe(operations[0]);
    }
  });

  it("follows a handheld's barcode lookup through inventory's service call to catalog", async () => {
    const client = clientTraceparent();
    const credentials = await clientCredentials(as.associate(london.id));
    const response = await postGraphQL(gateway!.url, LOCATE, { storeId: london.id, barcode: scanned.barcode }, { ...credentials, traceparent: client.traceparent });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.locateItem[0].variant.sku).toBe(scanned.sku);

    const spans = await collectTrace(client.traceId, ["gateway", "catalog", "inventory"]);
    console.log(`trace ${client.traceId} (client span ${client.spanId}):\n${traceTree(spans)}`);
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId);

    // inventory's operation (called by the gateway) makes a CLIENT span for its call to catalog,
    // and catalog's operation for that call is its child.
    const call = spans.find((span) => span.service === "inventory" && span.name === "service call catalog")!;
    expect(call).toBeDefined();
    expect(call.kind).toBe(CLIENT);
    const inventoryOperation = parentOf(call)!;
    expect(inventoryOperation.service).toBe("inventory");
    expect(inventoryOperation.kind).toBe(SERVER);
    expect(parentOf(inventoryOperation)?.name).toBe("gateway.fetch");
    const calledOperation = spans.filter((span) => span.service === "catalog" && span.kind === SERVER && parentOf(span) === call);
    expect(calledOperation).toHaveLength(1);
    expect(calledOperation[0]!.name).toBe("graphql.operation VariantByBarcode");
  });
});
