import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrefixingKeyValueCache } from "@apollo/utils.keyvaluecache";
import type { GraphQLError } from "graphql";
import { PersistedOperations } from "./persistedOperations";

const PRODUCT = `query Product($slug: String!) { product(slug: $slug) { name } }`;
const STORES = `query Stores { stores { name } }`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function refusal(error: GraphQLError | undefined): { code: unknown; status: unknown; message: string } | undefined {
  return error && { code: error.extensions.code, status: (error.extensions.http as { status: number }).status, message: error.message };
}

describe("PersistedOperations", () => {
  it.each([
    ["a map of sha256 to document", { [sha256(PRODUCT)]: PRODUCT, [sha256(STORES)]: STORES }],
    ["an array of documents", [PRODUCT, STORES]],
    [
      "Apollo's persisted query manifest",
      {
        format: "apollo-persisted-query-manifest",
        version: 1,
        operations: [
          { id: sha256(PRODUCT), body: PRODUCT, name: "Product", type: "query" },
          { id: sha256(STORES), body: STORES, name: "Stores", type: "query" },
        ],
      },
    ],
  ])("reads %s", (_, manifest) => {
    const persisted = PersistedOperations.fromManifest(manifest);
    expect(persisted.size).toBe(2);
    expect(persisted.has(sha256(PRODUCT))).toBe(true);
    expect(persisted.has(sha256(STORES))).toBe(true);
    expect(persisted.has(sha256(`${STORES} `))).toBe(false);
  });

  it("refuses a manifest whose id is not the sha256 of its document, or that is not a manifest", () => {
    expect(() => PersistedOperations.fromManifest({ ["0".repeat(64)]: PRODUCT })).toThrow(`${"0".repeat(64)} is not the sha256 of its document`);
    expect(() => PersistedOperations.fromManifest({ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: "abc", body: PRODUCT }] })).toThrow(
      /abc is not the sha256/,
    );
    expect(() => PersistedOperations.fromManifest(42)).toThrow(/Invalid persisted operations manifest/);
  });

  it("reads a file, and names it when it cannot", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "persisted-"));
    try {
      const file = path.join(directory, "manifest.json");
      writeFileSync(file, JSON.stringify([PRODUCT]));
      expect(PersistedOperations.fromFile(file).has(sha256(PRODUCT))).toBe(true);
      writeFileSync(file, "{ not json");
      expect(() => PersistedOperations.fromFile(file)).toThrow(file);
      expect(() => PersistedOperations.fromFile(path.join(directory, "absent.json"))).toThrow(/absent\.json/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  describe("refusal", () => {
    const persisted = PersistedOperations.fromManifest([PRODUCT]);
    const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

    it("lets a trusted operation through, by hash or by its exact text", () => {
      expect(refusal(persisted.refusal({ extensions: apq(sha256(PRODUCT)) }))).toBeUndefined();
      expect(refusal(persisted.refusal({ query: PRODUCT }))).toBeUndefined();
      expect(refusal(persisted.refusal({ query: PRODUCT, extensions: apq(sha256(PRODUCT)) }))).toBeUndefined();
    });

    it("refuses any other text, an APQ registration of it, and an unknown hash, with 400 PERSISTED_QUERY_NOT_ALLOWED", () => {
      for (const request of [{ query: STORES }, { query: `${PRODUCT} ` }, { query: STORES, extensions: apq(sha256(STORES)) }, { extensions: apq(sha256(STORES)) }]) {
        expect(refusal(persisted.refusal(request))).toEqual({
          code: "PERSISTED_QUERY_NOT_ALLOWED",
          status: 400,
          message: expect.stringContaining("GATEWAY_PERSISTED_OPERATIONS"),
        });
      }
    });

    it("leaves a request with neither text nor hash to Apollo Server", () => {
      expect(refusal(persisted.refusal({}))).toBeUndefined();
    });
  });

  it("answers Apollo Server's APQ lookups from the manifest (Apollo prefixes keys; this cache opts out) and registers nothing", async () => {
    const asApolloUsesIt = new PrefixingKeyValueCache(PersistedOperations.fromManifest([PRODUCT]).apqCache(), "apq:");
    expect(await asApolloUsesIt.get(sha256(PRODUCT))).toBe(PRODUCT);
    await asApolloUsesIt.set(sha256(STORES), STORES);
    expect(await asApolloUsesIt.get(sha256(STORES))).toBeUndefined();
  });
});
