import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { supergraphSubgraphs } from "../../gateway/src/supergraph";
import { composeSupergraph, formatCompositionErrors, SUBGRAPH_LOAD_FAILED } from "../../scripts/supergraph";
import type { SubgraphEntry } from "@platform/registry";
import { runCompose } from "../../scripts/compose";
import { FIXTURES } from "./support/fixtureSubgraphs";

const fixture = (file: string) => path.join(FIXTURES, file);

/** `left` and `right` both resolve Query.featured and disagree on Product.weight; the others are fine. */
const CONFLICTING: SubgraphEntry[] = [
  { name: "left", url: "http://left.internal/graphql", sdl: fixture("conflict-left.graphql") },
  { name: "bystander", url: "http://bystander.internal/graphql", sdl: fixture("bystander.graphql") },
  { name: "right", url: "http://right.internal/graphql", sdl: fixture("conflict-right.graphql") },
  { name: "stock", url: "http://stock.internal/graphql", module: fixture("stockSubgraph.ts") },
];

const COMPOSABLE: SubgraphEntry[] = [
  { name: "products", url: "http://products.internal/graphql", sdl: fixture("products.graphql") },
  { name: "stock", url: "http://stock.internal/graphql", module: fixture("stockSubgraph.ts") },
];

describe("composeSupergraph", () => {
  it("composes SDL files and type-graphql modules, with the registry's URLs", async () => {
    const result = await composeSupergraph(COMPOSABLE);
    if (!result.ok) throw new Error(formatCompositionErrors(result.errors));
    expect(result.subgraphs).toEqual(["products", "stock"]);
    expect(supergraphSubgraphs(result.supergraphSdl)).toEqual([
      { name: "products", url: "http://products.internal/graphql" },
      { name: "stock", url: "http://stock.internal/graphql" },
    ]);
    expect(result.supergraphSdl).toMatch(/inStock: Boolean @join__field\(graph: STOCK\)/);
    expect(result.supergraphSdl.endsWith("\n")).toBe(true);
  });

  it("names the subgraphs involved in each composition error, and only those", async () => {
    const result = await composeSupergraph(CONFLICTING);
    if (result.ok) throw new Error("conflicting subgraphs composed");

    expect(result.errors.map(({ code, subgraphs }) => ({ code, subgraphs }))).toEqual(
      expect.arrayContaining([
        { code: "FIELD_TYPE_MISMATCH", subgraphs: ["left", "right"] },
        { code: "INVALID_FIELD_SHARING", subgraphs: ["left", "right"] },
      ]),
    );
    for (const error of result.errors) expect(error.subgraphs).toEqual(["left", "right"]);

    const report = formatCompositionErrors(result.errors);
    expect(report).toMatch(new RegExp(`^Composition failed with ${result.errors.length} errors:`));
    expect(report).toContain("[FIELD_TYPE_MISMATCH] (subgraphs left, right)");
    expect(report).toContain('Type of field "Product.weight" is incompatible across subgraphs');
    expect(report).not.toMatch(/bystander|stock/);
  });

  it("reports a subgraph whose schema cannot be loaded, by name, without composing the rest", async () => {
    const result = await composeSupergraph([
      ...COMPOSABLE,
      { name: "missing", url: "http://missing.internal/graphql", sdl: fixture("does-not-exist.graphql") },
      { name: "noexport", url: "http://noexport.internal/graphql", module: fixture("notASubgraph.ts") },
    ]);
    if (result.ok) throw new Error("composed without two of its subgraphs");
    expect(result.errors).toEqual([
      { code: SUBGRAPH_LOAD_FAILED, subgraphs: ["missing"], message: expect.stringContaining("[missing] ENOENT") },
      { code: SUBGRAPH_LOAD_FAILED, subgraphs: ["noexport"], message: expect.stringContaining("does not export createSubgraphSchema()") },
    ]);
  });
});

describe("npm run compose (runCompose)", () => {
  let directory: string;
  let output: string[];
  const print = (line: string) => output.push(line);

  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), "compose-"));
    output = [];
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  function registryFile(entries: SubgraphEntry[]): string {
    const file = path.join(directory, "subgraphs.json");
    writeFileSync(file, JSON.stringify({ subgraphs: entries }));
    return file;
  }

  it("writes the supergraph and its API schema next to it, then leaves up-to-date files alone", async () => {
    const registryPath = registryFile(COMPOSABLE);
    const outPath = path.join(directory, "supergraph.graphql");
    const apiPath = path.join(directory, "api.graphql");

    expect(await runCompose({ registryPath, outPath, print, printError: print })).toBe(0);
    expect(output.join("\n")).toMatch(/^Wrote .*supergraph\.graphql: composed from 2 subgraphs \(products, stock\)/m);
    expect(output.join("\n")).toMatch(/^Wrote .*api\.graphql: composed from 2 subgraphs/m);
    const written = readFileSync(outPath, "utf8");
    const result = await composeSupergraph(COMPOSABLE);
    expect(result.ok && result.supergraphSdl).toBe(written);
    expect(result.ok && result.apiSchemaSdl).toBe(readFileSync(apiPath, "utf8"));

    const before = [statSync(outPath).mtimeMs, statSync(apiPath).mtimeMs];
    output = [];
    expect(await runCompose({ registryPath, outPath, print, printError: print })).toBe(0);
    expect(output.filter((line) => /is up to date/.test(line))).toHaveLength(2);
    expect([statSync(outPath).mtimeMs, statSync(apiPath).mtimeMs]).toEqual(before);
  });

  it("writes the API schema without the supergraph's machinery: no join__ or link elements, nothing @inaccessible, descriptions kept", async () => {
    const result = await composeSupergraph(COMPOSABLE);
    if (!result.ok) throw new Error("the fixture subgraphs compose");
    expect(result.supergraphSdl).toMatch(/join__/);
    expect(result.apiSchemaSdl).not.toMatch(/join__|link__|@link|@inaccessible|_entities|_service|_Any/);
    expect(result.apiSchemaSdl).toMatch(/type Query \{/);
    // products.graphql describes Query.failing; the description survives.
    expect(result.apiSchemaSdl).toContain('"""Fails with an unexpected error, as a bug would."""');
  });

  it("exits 1 on composition errors, printing each with its subgraphs, and does not touch the file", async () => {
    const outPath = path.join(directory, "supergraph.graphql");
    writeFileSync(outPath, "# the previous supergraph\n");
    const errors: string[] = [];
    const code = await runCompose({ registryPath: registryFile(CONFLICTING), outPath, print, printError: (line) => errors.push(line) });

    expect(code).toBe(1);
    expect(errors.join("\n")).toMatch(/Composition failed with \d+ errors:[\s\S]*\(subgraphs left, right\)[\s\S]*left unchanged\./);
    expect(readFileSync(outPath, "utf8")).toBe("# the previous supergraph\n");
  });

  it("--check exits 1 on a stale file and writes nothing", async () => {
    const outPath = path.join(directory, "supergraph.graphql");
    writeFileSync(outPath, "# stale\n");
    const errors: string[] = [];
    expect(await runCompose({ registryPath: registryFile(COMPOSABLE), outPath, check: true, print, printError: (line) => errors.push(line) })).toBe(1);
    expect(errors.join("\n")).toMatch(/supergraph\.graphql is stale/);
    expect(readFileSync(outPath, "utf8")).toBe("# stale\n");
  });

  it("--check exits 1 when only the API schema is stale", async () => {
    const registryPath = registryFile(COMPOSABLE);
    const outPath = path.join(directory, "supergraph.graphql");
    const apiOutPath = path.join(directory, "client", "schema.graphql");
    mkdirSync(path.dirname(apiOutPath));
    expect(await runCompose({ registryPath, outPath, apiOutPath, print, printError: print })).toBe(0);
    writeFileSync(apiOutPath, "type Query { stale: String }\n");
    const errors: string[] = [];
    expect(await runCompose({ registryPath, outPath, apiOutPath, check: true, print, printError: (line) => errors.push(line) })).toBe(1);
    expect(errors).toEqual([expect.stringMatching(/schema\.graphql is stale/)]);
    expect(readFileSync(apiOutPath, "utf8")).toBe("type Query { stale: String }\n");
  });
});
