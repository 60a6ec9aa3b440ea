/**
 * For the Prisma CLI on a machine with internet (the CLI downloads its native engine), e.g.
 *   PRISMA_DOMAIN=catalog DATABASE_URL=postgresql://... npx prisma migrate status --config prisma/prisma.config.ts
 * The project itself never needs it: subgraphs apply these same migrations on start with the
 * bundled WebAssembly engine. `schema=<domain>` keeps `_prisma_migrations` in the domain's own
 * PostgreSQL schema, where the subgraphs keep it too.
 */
import path from "node:path";
import { defineConfig } from "prisma/config";
// Relative, not @platform/env: Prisma loads this file without the repository's path aliases.
import { envValue } from "../platform/src/env";

const domain = envValue(process.env, "PRISMA_DOMAIN");
if (!domain || !/^[a-z][a-z0-9_]*$/.test(domain)) {
  throw new Error("Set PRISMA_DOMAIN to the subgraph whose migrations to use: catalog, inventory, customer or orders");
}
// Read process.env directly: Prisma's env() throws when the variable is unset, even for commands that need no database.
// Empty is not set (platform/src/env), as for every process.
const url = new URL(envValue(process.env, "DATABASE_URL") ?? "postgresql://postgres@127.0.0.1:5432/postgres");
url.searchParams.set("schema", domain);

export default defineConfig({
  schema: path.join(__dirname, domain, "schema.prisma"),
  migrations: { path: path.join(__dirname, domain, "migrations") },
  datasource: { url: url.toString() },
});
