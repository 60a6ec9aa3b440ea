import { rmSync } from "node:fs";
import { SEEDED_TEMPLATE_VARIABLE } from "./seededTemplateVariable";

/** Removes this run's seeded template, if globalSetup named it and a suite made it. */
export default function globalTeardown(): void {
  const dir = process.env[SEEDED_TEMPLATE_VARIABLE];
  if (dir && process.env.SEEDED_DATA_TEMPLATE_OWNED === "1") rmSync(dir, { recursive: true, force: true });
}
