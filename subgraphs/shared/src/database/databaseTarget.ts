import path from "node:path";
import { envValue } from "@platform/env";
import { assertValidDomainName, repoRoot } from "./domainPaths";

/** Where a domain's data lives: a PostgreSQL server, or PGlite in-process (in memory when `dataDir` is absent). */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir?: string };

/**
 * DATABASE_URL set: PostgreSQL (every domain may share the database, each in its own schema).
 * Otherwise PGlite in `<DATA_DIR or <repo>/.data>/<domain>`; a relative DATA_DIR is taken from the repository root.
 */
export function resolveDatabaseTarget(domain: string, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  assertValidDomainName(domain);
  const url = envValue(env, "DATABASE_URL");
  if (url) return { kind: "postgres", url };
  const dataRoot = path.resolve(repoRoot, envValue(env, "DATA_DIR") ?? ".data");
  return { kind: "pglite", dataDir: path.join(dataRoot, domain) };
}
