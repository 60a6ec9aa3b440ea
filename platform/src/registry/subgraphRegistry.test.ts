import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_SERVICE_LEVELS, findSubgraph, loadSubgraphRegistry, REGISTRY_PATH, registryPath, REPO_ROOT, resolveServiceLevels, subgraphUrl } from ".";

function registryFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "registry-")), "subgraphs.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const entry = { name: "catalog", url: "http://127.0.0.1:4001/graphql", module: "subgraphs/catalog/src/subgraph.ts" };

describe("subgraph registry", () => {
  it("loads the committed registry", () => {
    expect(loadSubgraphRegistry().map((subgraph) => subgraph.name)).toEqual(["catalog", "inventory", "customer", "orders"]);
  });

  it("rejects a malformed entry, naming the problem", () => {
    expect(() => loadSubgraphRegistry(registryFile({ subgraphs: [{ ...entry, url: "not a url" }] }))).toThrow(/url/);
    expect(() => loadSubgraphRegistry(registryFile({ subgraphs: [{ ...entry, name: "Bad Name" }] }))).toThrow(/lower-case/);
  });

  it("rejects a duplicate name and an entry that cannot be composed", () => {
    expect(() => loadSubgraphRegistry(registryFile({ subgraphs: [entry, entry] }))).toThrow(/"catalog" is listed twice/);
    expect(() => loadSubgraphRegistry(registryFile({ subgraphs: [{ name: "x", url: entry.url }] }))).toThrow(/"module" or "sdl"/);
  });

  it("finds a subgraph and lets the environment override its URL", () => {
    const catalog = findSubgraph("catalog", [entry]);
    expect(subgraphUrl(catalog, {})).toBe(entry.url);
    expect(subgraphUrl(catalog, { SUBGRAPH_CATALOG_URL: "http://catalog:4001/graphql" })).toBe("http://catalog:4001/graphql");
    expect(() => findSubgraph("billing", [entry])).toThrow(/"billing" is not in the registry \(catalog\)/);
  });
});

describe("resilience settings in the registry", () => {
  it("accepts a partial block", () => {
    const [loaded] = loadSubgraphRegistry(registryFile({ subgraphs: [{ ...entry, resilience: { timeoutMs: 800, breaker: { volumeThreshold: 5 } } }] }));
    expect(loaded!.resilience).toEqual({ timeoutMs: 800, breaker: { volumeThreshold: 5 } });
  });

  it("rejects out-of-range values and misspelt settings, naming them", () => {
    const load = (resilience: unknown) => () => loadSubgraphRegistry(registryFile({ subgraphs: [{ ...entry, resilience }] }));
    expect(load({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(load({ breaker: { errorThresholdPercentage: 150 } })).toThrow(/errorThresholdPercentage/);
    expect(load({ retry: { budgetRatio: -0.1 } })).toThrow(/budgetRatio/);
    expect(load({ timeoutMS: 800 })).toThrow(/timeoutMS/);
    expect(load({ retry: { maxRetry: 3 } })).toThrow(/maxRetry/);
  });
});

describe("service levels in the registry", () => {
  const load = (serviceLevels: unknown) => () => loadSubgraphRegistry(registryFile({ subgraphs: [{ ...entry, serviceLevels }] }));

  it("sets them explicitly for the four committed subgraphs, inventory and orders looser on latency", () => {
    const levels = Object.fromEntries(loadSubgraphRegistry().map((subgraph) => [subgraph.name, subgraph.serviceLevels]));
    for (const name of ["catalog", "inventory", "customer", "orders"]) {
      expect(levels[name]).toEqual({ latency: { percentile: expect.any(Number), objectiveMs: expect.any(Number) }, availability: { target: expect.any(Number) } });
    }
    expect(levels.inventory!.latency!.objectiveMs).toBeGreaterThan(levels.catalog!.latency!.objectiveMs);
    expect(levels.orders!.latency!.objectiveMs).toBeGreaterThan(levels.catalog!.latency!.objectiveMs);
  });

  it("accepts a partial block; what is left out takes the defaults (p99 within 500 ms, 99.9%)", () => {
    const [loaded] = load({ availability: { target: 0.995 } })();
    expect(loaded!.serviceLevels).toEqual({ availability: { target: 0.995 } });
    expect(resolveServiceLevels(loaded!.serviceLevels)).toEqual({ latency: { percentile: 0.99, objectiveMs: 500 }, availability: { target: 0.995 } });
    expect(resolveServiceLevels()).toEqual(DEFAULT_SERVICE_LEVELS);
    expect(DEFAULT_SERVICE_LEVELS).toEqual({ latency: { percentile: 0.99, objectiveMs: 500 }, availability: { target: 0.999 } });
  });

  it("rejects a percentile other than 0.95 or 0.99, an objective that is no histogram bucket, a target out of range, misspelt fields", () => {
    expect(load({ latency: { percentile: 0.9, objectiveMs: 500 } })).toThrow(/percentile/);
    expect(load({ latency: { percentile: 0.99, objectiveMs: 300 } })).toThrow(/one of 100, 250, 500, 1000, 2500, 5000[\s\S]*objectiveMs/);
    expect(load({ latency: { percentile: 0.99 } })).toThrow(/objectiveMs/);
    expect(load({ availability: { target: 1 } })).toThrow(/target/);
    expect(load({ availability: { target: 99.9 } })).toThrow(/target/);
    expect(load({ availability: { targt: 0.999 } })).toThrow(/targt/);
    expect(load({ latencyMs: 500 })).toThrow(/latencyMs/);
  });
});

describe("registryPath", () => {
  it("is schema/subgraphs.json unless SUBGRAPH_REGISTRY_PATH names another file", () => {
    expect(registryPath({})).toBe(REGISTRY_PATH);
    expect(registryPath({ SUBGRAPH_REGISTRY_PATH: "test/registry.json" })).toBe(path.join(REPO_ROOT, "test/registry.json"));
    expect(registryPath({ SUBGRAPH_REGISTRY_PATH: "/etc/registry.json" })).toBe("/etc/registry.json");
  });
});
