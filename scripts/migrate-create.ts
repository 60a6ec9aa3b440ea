/** npm run migrate:create -- <domain> <name> */
import { createMigration, registeredDomains } from "@subgraph-kit/database";

async function main(): Promise<void> {
  const [domain, name, ...extra] = process.argv.slice(2);
  if (!domain || !name || extra.length > 0) {
    throw new Error("Usage: npm run migrate:create -- <domain> <name>   (e.g. npm run migrate:create -- catalog add_barcode)");
  }
  const domains = registeredDomains();
  if (!domains.includes(domain)) {
    throw new Error(`Unknown domain "${domain}". Domains in schema/subgraphs.json: ${domains.join(", ")}.`);
  }

  const started = Date.now();
  const created = await createMigration(domain, name);
  const took = `${Date.now() - started} ms`;
  if (created) console.log(`${domain}: wrote ${created.directory}/migration.sql (${took})`);
  else console.log(`${domain}: no changes, prisma/${domain}/schema.prisma matches its migrations (${took})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
