import path from "node:path";
import { repoRoot, resolveDatabaseTarget } from ".";

describe("resolveDatabaseTarget", () => {
  it("uses PostgreSQL when DATABASE_URL is set", () => {
    expect(resolveDatabaseTarget("catalog", { DATABASE_URL: "postgres://db/shop", DATA_DIR: "/ignored" })).toEqual({
      kind: "postgres",
      url: "postgres://db/shop",
    });
  });

  it("defaults to PGlite in .data/<domain> under the repository root", () => {
    expect(resolveDatabaseTarget("orders", {})).toEqual({ kind: "pglite", dataDir: path.join(repoRoot, ".data", "orders") });
  });

  it("honours DATA_DIR, relative ones from the repository root", () => {
    expect(resolveDatabaseTarget("orders", { DATA_DIR: "/var/lib/shop" })).toEqual({ kind: "pglite", dataDir: "/var/lib/shop/orders" });
    expect(resolveDatabaseTarget("orders", { DATA_DIR: "tmp/data" })).toEqual({
      kind: "pglite",
      dataDir: path.join(repoRoot, "tmp", "data", "orders"),
    });
  });

  it("rejects a domain name that cannot be a PostgreSQL schema or folder name", () => {
    expect(() => resolveDatabaseTarget("../orders", {})).toThrow(/Invalid domain name "\.\.\/orders"/);
  });
});
