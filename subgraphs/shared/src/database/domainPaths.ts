import path from "node:path";
import { REPO_ROOT } from "@platform/registry";

/** The repository root (the platform's REPO_ROOT, under the name the kit's callers use). */
export const repoRoot = REPO_ROOT;

export interface DomainPathOptions {
  /** Folder holding schema.prisma and migrations/; defaults to `<repo>/prisma/<domain>`. */
  prismaDir?: string;
}

export interface DomainPaths {
  domain: string;
  prismaDir: string;
  schemaPath: string;
  migrationsDir: string;
}

/**
 * The domain name doubles as a PostgreSQL schema name and a folder name,
 * so it is kept to plain lower-case identifiers.
 */
const DOMAIN_NAME = /^[a-z][a-z0-9_]*$/;

export function assertValidDomainName(domain: string): void {
  if (!DOMAIN_NAME.test(domain)) {
    throw new Error(`Invalid domain name "${domain}": expected lower-case letters, digits and underscores, starting with a letter.`);
  }
}

export function domainPaths(domain: string, options: DomainPathOptions = {}): DomainPaths {
  assertValidDomainName(domain);
  const prismaDir = path.resolve(options.prismaDir ?? path.join(repoRoot, "prisma", domain));
  return {
    domain,
    prismaDir,
    schemaPath: path.join(prismaDir, "schema.prisma"),
    migrationsDir: path.join(prismaDir, "migrations"),
  };
}
