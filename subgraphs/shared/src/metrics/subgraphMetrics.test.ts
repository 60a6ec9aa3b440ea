import { demoDataset } from "../../../../prisma/seed";
import { entitiesQuery } from "../../../../test/support/graphqlClient";
import { parseExposition, type Sample, samplesOf, sumOf } from "../../../../test/support/prometheusText";
import { startTestSubgraph, type TestSubgraph } from "../../../../test/support/startTestSubgraph";
import { catalogSubgraph } from "../../../catalog/src/subgraph";
import type { PrismaClient as CatalogPrisma } from "../../../catalog/src/generated/prisma/client";
import { inventorySubgraph } from "../../../inventory/src/subgraph";
import type { PrismaClient as InventoryPrisma } from "../../../inventory/src/generated/prisma/client";

/** Every subgraph's /metrics, from the kit's bootstrap: no domain code involved (catalog and inventory as examples). */
describe("subgraph metrics", () => {
  let catalog: TestSubgraph<CatalogPrisma>;
  let inventory: TestSubgraph<InventoryPrisma>;

  beforeAll(async () => {
    [catalog, inventory] = await Promise.all([startTestSubgraph(catalogSubgraph), startTestSubgraph(inventorySubgraph)]);
  });

  afterAll(async () => {
    await Promise.all([catalog?.stop(), inventory?.stop()]);
  });

  const scrape = async (url: string): Promise<Sample[]> => {
    const response = await fetch(new URL("/metrics", url));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return parseExposition(await response.text());
  };

  it("counts requests by operation and outcome, their SQL statements and DataLoader batch sizes", async () => {
    const skus = demoDataset()
      .products.flatMap((product) => product.variants)
      .slice(0, 7)
      .map((variant) => variant.sku);
    const before = await scrape(catalog.url);
    const named = `query VariantsForTest${entitiesQuery("ProductVariant", "sku price { amountMinor }").slice("query".length)}`;
    const { statements } = await catalog.countStatements(async () => {
      const response = await catalog.query(named, { representations: skus.map((sku) => ({ __typename: "ProductVariant", sku })) });
      expect(response.body.errors).toBeUndefined();
    });
    expect((await catalog.query("{ nope }")).status).toBe(400);

    const after = await scrape(catalog.url);
    const delta = (name: string, labels: Record<string, string> = {}) => sumOf(after, name, labels) - sumOf(before, name, labels);
    expect(delta("subgraph_requests_total", { subgraph: "catalog", operation: "VariantsForTest", outcome: "ok" })).toBe(1);
    expect(delta("subgraph_requests_total", { subgraph: "catalog", operation: "unknown", outcome: "http_4xx" })).toBe(1);
    expect(delta("subgraph_request_duration_seconds_count", { subgraph: "catalog", operation: "VariantsForTest" })).toBe(1);
    // Both requests' statements are counted against them: the named one's, the refused one's none.
    expect(statements).toBeGreaterThan(0);
    expect(delta("subgraph_sql_statements_per_request_sum", { subgraph: "catalog" })).toBe(statements);
    expect(delta("subgraph_sql_statements_per_request_count", { subgraph: "catalog" })).toBe(2);
    // One batch of the 7 variants (and one of their prices), each of 7 keys.
    expect(delta("subgraph_dataloader_batch_size_count", { subgraph: "catalog" })).toBeGreaterThanOrEqual(1);
    expect(delta("subgraph_dataloader_batch_size_bucket", { subgraph: "catalog", le: "5" })).toBe(0);
    expect(delta("subgraph_dataloader_batch_size_bucket", { subgraph: "catalog", le: "10" })).toBe(delta("subgraph_dataloader_batch_size_count", { subgraph: "catalog" }));
    for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) expect(after.some((sample) => sample.name === name)).toBe(true);
    // Another subgraph of the process serves its own requests only.
    expect(samplesOf(await scrape(inventory.url), "subgraph_requests_total", { subgraph: "catalog" })).toEqual([]);
  });

  it("reports the outbox's backlog where a domain has one", async () => {
    await inventory.events.flush();
    const samples = await scrape(inventory.url);
    expect(samplesOf(samples, "subgraph_outbox_backlog_events", { subgraph: "inventory" }).map((sample) => sample.value)).toEqual([0]);
    expect(samplesOf(samples, "subgraph_outbox_oldest_event_age_seconds", { subgraph: "inventory" }).map((sample) => sample.value)).toEqual([0]);
    expect(samplesOf(await scrape(catalog.url), "subgraph_outbox_backlog_events")).toEqual([]);
  });

  it("answers 405 to other methods", async () => {
    expect((await fetch(new URL("/metrics", catalog.url), { method: "DELETE" })).status).toBe(405);
  });
});
