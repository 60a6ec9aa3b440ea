/** npm run migrate:check — exits 1 when a domain's schema.prisma has changes no migration covers. */
import { diffSchemaAgainstMigrations, domainsWithPrismaSchema } from "@subgraph-kit/database";

async function main(): Promise<void> {
  const domains = domainsWithPrismaSchema();
  if (domains.length === 0) {
    console.log("No domain has a prisma/<domain>/schema.prisma yet.");
    return;
  }
  const drifting: string[] = [];
  for (const domain of domains) {
    const sql = await diffSchemaAgainstMigrations(domain);
    if (sql === null) {
      console.log(`${domain}: in step`);
    } else {
      drifting.push(domain);
      console.log(`${domain}: DRIFT, schema.prisma needs a migration:\n${indent(sql)}`);
    }
  }
  if (drifting.length > 0) {
    console.error(`Schema drift in ${drifting.join(", ")}. Create the migration(s): npm run migrate:create -- <domain> <name>`);
    process.exitCode = 1;
  }
}

function indent(text: string): string {
  return text.trimEnd().replace(/^(?=.)/gm, "    ");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
