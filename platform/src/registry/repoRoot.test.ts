import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findRepoRoot, REPO_ROOT } from "./repoRoot";

describe("findRepoRoot", () => {
  it("is the directory of schema/subgraphs.json, from any depth below it", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "repo-root-"));
    mkdirSync(path.join(root, "schema"));
    writeFileSync(path.join(root, "schema/subgraphs.json"), "{}");
    const deep = path.join(root, "dist/gateway/src");
    mkdirSync(deep, { recursive: true });
    expect(findRepoRoot(deep)).toBe(root);
    expect(findRepoRoot(root)).toBe(root);
  });

  it("says what is missing outside a checkout", () => {
    expect(() => findRepoRoot(os.tmpdir())).toThrow(/No schema\/subgraphs.json in/);
  });

  it("finds this checkout from the sources", () => {
    expect(REPO_ROOT).toBe(path.resolve(__dirname, "../../.."));
  });
});
