import type { BaseContext } from "@apollo/server";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { type PrismaLike, type RunningSubgraph, type SubgraphDefinition, startSubgraph } from "@subgraph-kit";
import { signedForSubgraph } from "./callers";
import { type GraphQLResponse, postGraphQL } from "./graphqlClient";
import { createTestDatabaseTarget } from "./testDatabase";

export interface TestSubgraph<TPrisma> extends RunningSubgraph<TPrisma> {
  /** An operation as the gateway sends it for the caller `headers` describe (see `as`), signed; `as.service(name)` for another subgraph. */
  query<TData = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<TData>>;
  /** What `action` returned, and how many SQL statements the subgraph sent while it ran. */
  countStatements<T>(action: () => Promise<T>): Promise<{ result: T; statements: number }>;
}

/**
 * Starts a subgraph in this process on a free port of 127.0.0.1, over a fresh database
 * (a new PostgreSQL database when TEST_DATABASE_URL is set, in-memory PGlite otherwise),
 * migrated and seeded, publishing its domain events (and its background work's cache
 * invalidations) to `redisUrl`, by default TEST_REDIS_URL when set (in this process otherwise).
 * `stop()` drops the database too.
 */
export async function startTestSubgraph<TPrisma extends PrismaLike, TContext extends BaseContext>(
  definition: SubgraphDefinition<TPrisma, TContext>,
  options: {
    seed?: boolean;
    redisUrl?: string;
    /** Who calls when a test passes no headers (see `as`): suites about data rather than access read as an admin. */
    caller?: Record<string, string>;
  } = {},
): Promise<TestSubgraph<TPrisma>> {
  const database = await createTestDatabaseTarget();
  let running: RunningSubgraph<TPrisma>;
  try {
    running = await startSubgraph(definition, {
      name: definition.name,
      host: "127.0.0.1",
      port: 0,
      production: false,
      database: database.target,
      seedDemoData: options.seed ?? true,
      logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
      serviceSecret: DEVELOPMENT_SERVICE_SECRET,
      redisUrl: options.redisUrl ?? process.env.TEST_REDIS_URL,
    });
  } catch (error) {
    await database.dispose();
    throw error;
  }
  return {
    ...running,
    query: (query, variables, headers) => postGraphQL(running.url, query, variables, signedForSubgraph(headers ?? options.caller)),
    async countStatements(action) {
      const before = running.sqlStatements.total;
      const result = await action();
      return { result, statements: running.sqlStatements.total - before };
    },
    async stop() {
      await running.stop();
      await database.dispose();
    },
  };
}
