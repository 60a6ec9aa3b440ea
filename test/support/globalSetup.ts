import { tmpdir } from "node:os";
import path from "node:path";
import { SEEDED_TEMPLATE_VARIABLE } from "./seededTemplateVariable";

/**
 * Names (does not create) this run's seeded PGlite template directory: the first suite that
 * needs it seeds it (test/support/seededDataDir.ts), so runs that do not need it pay nothing.
 * A SEEDED_DATA_TEMPLATE set beforehand is used as it is and kept (reuse across runs).
 */
export default function globalSetup(): void {
  if (process.env[SEEDED_TEMPLATE_VARIABLE]) return;
  process.env[SEEDED_TEMPLATE_VARIABLE] = path.join(tmpdir(), `commerce-seeded-${process.pid}-${Date.now()}`);
  process.env.SEEDED_DATA_TEMPLATE_OWNED = "1";
}
