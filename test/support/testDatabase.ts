import { randomUUID } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "@subgraph-kit/database";

export interface TestDatabaseTarget {
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

/**
 * With TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): a fresh database of its own
 * on that server, dropped by dispose(), so parallel runs never meet. Without: an in-memory PGlite.
 */
export async function createTestDatabaseTarget(): Promise<TestDatabaseTarget> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { target: { kind: "pglite" }, dispose: async () => {} };

  const name = `test_${randomUUID().replaceAll("-", "")}`;
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    target: { kind: "postgres", url: url.toString() },
    dispose: async () => {
      if (dropped) return;
      dropped = true;
      // FORCE: a test that failed half-way may have left a connection open.
      await runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Runs one statement on a server (CREATE/DROP DATABASE), on a connection of its own. */
export async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
