import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findSubgraph, loadSubgraphRegistry, REGISTRY_PATH, registryPath, REPO_ROOT, subgraphUrl } from ".";

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

describe("registryPath", () => {
  it("is schema/subgraphs.json unless SUBGRAPH_REGISTRY_PATH names another file", () => {
    expect(registryPath({})).toBe(REGISTRY_PATH);
    expect(registryPath({ SUBGRAPH_REGISTRY_PATH: "test/registry.json" })).toBe(path.join(REPO_ROOT, "test/registry.json"));
    expect(registryPath({ SUBGRAPH_REGISTRY_PATH: "/etc/registry.json" })).toBe("/etc/registry.json");
  });
});
