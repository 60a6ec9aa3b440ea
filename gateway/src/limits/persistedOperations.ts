import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type KeyValueCache, PrefixingKeyValueCache } from "@apollo/utils.keyvaluecache";
import { type GraphQLError, Kind, parse } from "graphql";
import { z } from "zod";
import { persistedQueryNotAllowed } from "./limitErrors";

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The trusted manifest, in any of three shapes: `{ "<sha256>": "query ..." }`, an array of
 * documents, or Apollo's persisted query manifest (`format: "apollo-persisted-query-manifest"`).
 */
const manifestSchema = z.union([
  z.object({
    format: z.literal("apollo-persisted-query-manifest"),
    version: z.literal(1),
    operations: z.array(z.object({ id: z.string(), body: z.string() })),
  }),
  z.array(z.string()),
  z.record(z.string(), z.string()),
]);

/**
 * Persisted-operations-only mode: the operations a production gateway runs, and nothing else.
 * Each is known by the sha256 of its text, which is what APQ clients send as
 * `extensions.persistedQuery.sha256Hash`.
 */
export class PersistedOperations {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  /** Reads the manifest file; throws, naming the file, when it is missing, not JSON, or an id is not the sha256 of its document. */
  static fromFile(file: string): PersistedOperations {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`Cannot read the persisted operations manifest ${file}: ${(error as Error).message}`);
    }
    return PersistedOperations.fromManifest(json, file);
  }

  static fromManifest(json: unknown, source = "the persisted operations manifest"): PersistedOperations {
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) throw new Error(`Invalid persisted operations manifest ${source}:\n${z.prettifyError(parsed.error)}`);
    const manifest = parsed.data;
    const entries: [string | undefined, string][] = Array.isArray(manifest)
      ? manifest.map((body) => [undefined, body])
      : "format" in manifest && manifest.format === "apollo-persisted-query-manifest"
        ? (manifest.operations as { id: string; body: string }[]).map(({ id, body }) => [id, body])
        : Object.entries(manifest as Record<string, string>);

    const byHash = new Map<string, string>();
    for (const [id, body] of entries) {
      const hash = sha256(body);
      if (id !== undefined && id !== hash) {
        throw new Error(`Invalid persisted operations manifest ${source}: ${id} is not the sha256 of its document (${hash})`);
      }
      byHash.set(hash, body);
    }
    return new PersistedOperations(byHash);
  }

  get size(): number {
    return this.byHash.size;
  }

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  /** The names of the manifest's named operations (the metrics label them by name). */
  operationNames(): string[] {
    const names = new Set<string>();
    for (const body of this.byHash.values()) {
      try {
        for (const definition of parse(body, { noLocation: true }).definitions) {
          if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
        }
      } catch {
        // A document that does not parse runs as nothing; it names no operation.
      }
    }
    return [...names];
  }

  /**
   * The refusal (PERSISTED_QUERY_NOT_ALLOWED, 400) of a request whose query text, or whose APQ
   * hash without text, is not in the manifest; registering an unknown query through APQ is such
   * a request. Undefined for a trusted one, and for one with neither (Apollo Server answers it).
   */
  refusal(request: { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } }): GraphQLError | undefined {
    const hash = request.extensions?.persistedQuery?.sha256Hash;
    if (typeof request.query === "string") {
      return this.has(sha256(request.query)) ? undefined : notPersisted();
    }
    if (typeof hash === "string" && !this.has(hash)) {
      return persistedQueryNotAllowed(`Unknown persisted operation ${hash.slice(0, 80)}: only the operations of the trusted manifest may run (GATEWAY_PERSISTED_OPERATIONS)`);
    }
    return undefined;
  }

  /**
   * Apollo Server's `persistedQueries.cache` in this mode: a hash resolves to the manifest's
   * document, and what APQ would register is dropped (only the manifest's own documents get that
   * far, see refusal). Keys are hashes as they are: the manifest is shared by no one.
   */
  apqCache(): KeyValueCache<string> {
    const byHash = this.byHash;
    return PrefixingKeyValueCache.cacheDangerouslyDoesNotNeedPrefixesForIsolation({
      async get(hash: string) {
        return SHA256_HEX.test(hash) ? byHash.get(hash) : undefined;
      },
      async set() {},
      async delete() {},
    });
  }
}

/** The refusal of a query whose text is not one of the manifest's. */
export function notPersisted(): GraphQLError {
  return persistedQueryNotAllowed("Only persisted operations may run on this gateway, and this query is not one of them (GATEWAY_PERSISTED_OPERATIONS)");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
