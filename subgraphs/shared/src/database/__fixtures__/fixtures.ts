import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Test domains: `widgets` (enum, relation, index) and `gadgets` (one table), each in its own PostgreSQL schema. */
export type FixtureDomain = "widgets" | "gadgets";

export const fixtureMigrationNames: Record<FixtureDomain, string[]> = {
  widgets: ["20240101000000_init"],
  gadgets: ["20240102000000_init"],
};

export function fixturePrismaDir(domain: FixtureDomain): string {
  return path.join(__dirname, domain);
}

const copies: string[] = [];

/** A writable copy of a fixture's prisma folder; removed by removeFixtureCopies(). */
export async function copyFixture(domain: FixtureDomain): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `db-fixture-${domain}-`));
  copies.push(root);
  const prismaDir = path.join(root, domain);
  await cp(fixturePrismaDir(domain), prismaDir, { recursive: true });
  return prismaDir;
}

export async function removeFixtureCopies(): Promise<void> {
  await Promise.all(copies.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

interface QueriesThroughAdapter {
  adapter: {
    connect(): Promise<{ queryRaw(query: { sql: string; args: unknown[]; argTypes: [] }): Promise<{ rows: unknown[][] }>; dispose(): Promise<void> }>;
  };
}

/** Runs SQL through the very adapter PrismaClient would get, proving it reaches the migrated database. */
export async function queryRows(database: QueriesThroughAdapter, sql: string): Promise<unknown[][]> {
  const connection = await database.adapter.connect();
  try {
    return (await connection.queryRaw({ sql, args: [], argTypes: [] })).rows;
  } finally {
    await connection.dispose();
  }
}

/** `schema.table` names in the given schemas, sorted. */
export function tablesInSchemasSql(schemas: string[]): string {
  const list = schemas.map((schema) => `'${schema}'`).join(", ");
  return `SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN (${list}) ORDER BY 1`;
}
