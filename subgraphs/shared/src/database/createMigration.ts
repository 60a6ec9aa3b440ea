import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffSchemaAgainstMigrations } from "./diffSchema";
import { domainPaths, type DomainPathOptions } from "./domainPaths";
import { MIGRATION_FILE, MIGRATION_LOCK_CONTENT, MIGRATION_LOCK_FILE } from "./migrationFiles";

export interface CreateMigrationOptions extends DomainPathOptions {
  /** Clock for the directory's timestamp; tests pin it. */
  now?: Date;
}

export interface CreatedMigration {
  name: string;
  directory: string;
  sql: string;
}

/**
 * Writes prisma/<domain>/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql from the diff between
 * the committed migrations and schema.prisma (and migration_lock.toml when missing).
 * Returns null, writing nothing, when they are already in step.
 */
export async function createMigration(domain: string, name: string, options: CreateMigrationOptions = {}): Promise<CreatedMigration | null> {
  const paths = domainPaths(domain, options);
  const slug = migrationSlug(name);
  const sql = await diffSchemaAgainstMigrations(domain, options);
  if (sql === null) return null;

  const migrationName = `${utcTimestamp(options.now ?? new Date())}_${slug}`;
  const directory = path.join(paths.migrationsDir, migrationName);
  if (existsSync(directory)) throw new Error(`Domain "${domain}": migration directory ${directory} already exists.`);
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, MIGRATION_FILE), sql);
  const lockPath = path.join(paths.migrationsDir, MIGRATION_LOCK_FILE);
  if (!existsSync(lockPath)) await writeFile(lockPath, MIGRATION_LOCK_CONTENT);
  return { name: migrationName, directory, sql };
}

/** Like `prisma migrate dev --name`: lower case, anything but letters and digits becomes `_`. */
export function migrationSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new Error(`Invalid migration name "${name}": it needs at least one letter or digit.`);
  return slug;
}

function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
