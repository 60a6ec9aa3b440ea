import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadSubgraphRegistry } from "@platform/registry";
import { startSubgraphProcess } from "./subgraphProcess";
import { SEEDED_TEMPLATE_VARIABLE } from "./seededTemplateVariable";

export { SEEDED_TEMPLATE_VARIABLE };
const COMPLETE_MARKER = ".seeded";

/**
 * A PGlite DATA_DIR in which every subgraph of the registry has migrated and seeded its demo
 * data, made by starting each subgraph process once on it (in parallel) and stopping it.
 * The first start of a subgraph (migrations, seed) costs several times a restart, so the
 * template is made once per jest run, in the directory SEEDED_DATA_TEMPLATE names (globalSetup
 * sets it, globalTeardown removes it), and copied for each user. Without the variable (a script),
 * it is made in a new temporary directory that the caller removes.
 */
export async function seededTemplate(): Promise<{ dir: string; owned: boolean }> {
  const configured = process.env[SEEDED_TEMPLATE_VARIABLE];
  const dir = configured ?? mkdtempSync(path.join(tmpdir(), "commerce-seeded-"));
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return { dir, owned: false };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = loadSubgraphRegistry().flatMap((entry) => (entry.entry ? [entry.name] : []));
  const started = await Promise.allSettled(names.map((name) => startSubgraphProcess(name, dir, { readyTimeoutMs: 240_000 })));
  await Promise.all(started.map((outcome) => (outcome.status === "fulfilled" ? outcome.value.stop("SIGTERM") : undefined)));
  const failed = started.find((outcome) => outcome.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  writeFileSync(path.join(dir, COMPLETE_MARKER), new Date().toISOString());
  return { dir, owned: configured === undefined };
}

/** A fresh copy of the template, in a new temporary directory the caller removes. */
export function copySeeded(template: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), "commerce-data-"));
  cpSync(template, copy, { recursive: true });
  return copy;
}
