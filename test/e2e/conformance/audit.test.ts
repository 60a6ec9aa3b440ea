import type { RunningStack } from "../../support/stack";
import { auditGateway, formatAuditSummary, startDefaultStack } from "./conformanceAudit";

/**
 * The GraphQL-over-HTTP conformance audit (graphql-http's `serverAudits`) against `npm start`'s
 * real gateway process with its default settings, rate limits and response cache on, all
 * audits in parallel: every MUST rule passes (before issue 13 the burst rule refused the
 * audit's parallel requests: 6 of 13). The SHOULD and MAY rules Apollo Server itself does not
 * meet are listed by `npx tsx test/e2e/conformance/audit.ts`; the count of all rules is held
 * at least where it stands (55 of 61, as vanilla Apollo Server).
 */
let running: { stack: RunningStack; stop(): Promise<void> };

beforeAll(async () => {
  running = await startDefaultStack();
}, 300_000);

afterAll(async () => {
  await running?.stop();
});

it("passes every MUST rule of the GraphQL-over-HTTP audit with the default settings, none refused 429", async () => {
  const summary = await auditGateway(running.stack.gatewayUrl);
  console.log(formatAuditSummary(summary));
  expect(summary.failureStatuses).not.toContain(429);
  expect(summary.failures.filter((failure) => failure.name.startsWith("MUST"))).toEqual([]);
  expect(summary.must.total).toBe(13);
  expect(summary.must.passed).toBe(13);
  expect(summary.all.total).toBe(61);
  expect(summary.all.passed).toBeGreaterThanOrEqual(55);
});
