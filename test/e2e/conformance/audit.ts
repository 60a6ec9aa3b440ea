/**
 * Prints graphql-http's server audit of the gateway with its default settings:
 *
 *   npx tsx test/e2e/conformance/audit.ts                      # starts npm start's process tree, audits it, stops it
 *   npx tsx test/e2e/conformance/audit.ts --url <url>          # audits a gateway already running (e.g. http://127.0.0.1:4000/graphql)
 *   npx tsx test/e2e/conformance/audit.ts --key dev-browser-key  # with another key than the demo web key's
 *
 * Figures, not a test: audit.test.ts asserts them. About two minutes the first time (the
 * subgraphs seed a PGlite template), most of it starting processes.
 */
import { parseArgs } from "node:util";
import { auditGateway, formatAuditSummary, startDefaultStack } from "./conformanceAudit";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: "string" }, key: { type: "string" } } });
  if (values.url) {
    console.log(formatAuditSummary(await auditGateway(values.url, values.key)));
    return;
  }
  process.stderr.write("starting npm start's process tree with the default settings...\n");
  const running = await startDefaultStack();
  try {
    process.stderr.write(`auditing ${running.stack.gatewayUrl}${values.key ? ` with key ${values.key}` : ""}\n`);
    console.log(formatAuditSummary(await auditGateway(running.stack.gatewayUrl, values.key)));
  } finally {
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
