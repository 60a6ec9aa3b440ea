/**
 * Generates each domain's Prisma client (postinstall, pretest, `npm run generate -- --force`).
 * A domain is regenerated only when its schema.prisma or the Prisma version changed since the last run,
 * recorded in a stamp file next to the generated client; --force regenerates all.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { domainPaths, domainsWithPrismaSchema, repoRoot } from "@subgraph-kit/database";
import { envValue } from "@platform/env";

const prismaPackageJson = require.resolve("prisma/package.json");
const prismaCli = path.join(path.dirname(prismaPackageJson), "build", "index.js");
const prismaVersion = (JSON.parse(readFileSync(prismaPackageJson, "utf8")) as { version: string }).version;
const engineStubPath = path.join(repoRoot, ".prisma-engine-stub");

function main(): void {
  const force = process.argv.includes("--force");
  const domains = domainsWithPrismaSchema();
  if (domains.length === 0) {
    console.log("prisma generate: no domain has a prisma/<domain>/schema.prisma yet.");
    return;
  }
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBinaryForGenerate() };
  const failed = domains.filter((domain) => !generateDomain(domain, force, env));
  if (failed.length > 0) process.exitCode = 1;
}

/** Returns false when generation failed (after printing why). */
function generateDomain(domain: string, force: boolean, env: NodeJS.ProcessEnv): boolean {
  const { schemaPath } = domainPaths(domain);
  const schema = readFileSync(schemaPath, "utf8");
  const outputDir = generatedClientDir(schemaPath, schema);
  const stampPath = outputDir && `${outputDir}.schema-hash`;
  const hash = createHash("sha256").update(`prisma ${prismaVersion}\n`).update(schema).digest("hex");

  if (!force && stampPath && existsSync(outputDir) && existsSync(stampPath) && readFileSync(stampPath, "utf8").trim() === hash) {
    console.log(`${domain}: up to date, skipped (${relative(outputDir)})`);
    return true;
  }

  const started = Date.now();
  const run = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schemaPath], { cwd: repoRoot, env, encoding: "utf8" });
  if (run.status !== 0) {
    console.log(`${domain}: prisma generate FAILED (exit ${run.status ?? run.signal})\n${run.stdout}${run.stderr}`);
    return false;
  }
  if (stampPath) writeFileSync(stampPath, `${hash}\n`);
  const where = outputDir ? relative(outputDir) : "generator output (no `output` in schema.prisma, not stamped)";
  console.log(`${domain}: generated ${where} in ${Date.now() - started} ms`);
  return true;
}

/** The `output` of the `generator client` block, resolved like Prisma does (relative to the schema file). */
function generatedClientDir(schemaPath: string, schema: string): string | undefined {
  const output = /generator\s+client\s*\{[^}]*?\boutput\s*=\s*"([^"]+)"/.exec(schema)?.[1];
  return output && path.resolve(path.dirname(schemaPath), output);
}

/**
 * `prisma generate` does not need the native schema engine but tries to download it first, which fails
 * offline. Unless the user chose an engine or one is installed, point it at a stub that explains itself.
 */
function schemaEngineBinaryForGenerate(): string | undefined {
  if (envValue(process.env, "PRISMA_SCHEMA_ENGINE_BINARY") || nativeSchemaEngineInstalled()) return envValue(process.env, "PRISMA_SCHEMA_ENGINE_BINARY");
  writeFileSync(
    engineStubPath,
    [
      "#!/bin/sh",
      "echo 'This is not the Prisma schema engine but a stub written by scripts/prisma-generate.ts, so that' >&2",
      "echo '`prisma generate` works without downloading the native engine. Migrations here run through' >&2",
      "echo '@prisma/schema-engine-wasm: npm run migrate:create / migrate:check, and Database.migrate().' >&2",
      "echo 'For other prisma commands, leave PRISMA_SCHEMA_ENGINE_BINARY unset (they download the engine).' >&2",
      "exit 1",
      "",
    ].join("\n"),
  );
  chmodSync(engineStubPath, 0o755);
  return engineStubPath;
}

/** Prisma installs the native engine as @prisma/engines/schema-engine-<platform>. */
function nativeSchemaEngineInstalled(): boolean {
  const enginesDir = path.join(path.dirname(prismaPackageJson), "..", "@prisma", "engines");
  return existsSync(enginesDir) && readdirSync(enginesDir).some((name) => /^schema-engine-[^.]+(\.exe)?$/.test(name));
}

function relative(file: string): string {
  return path.relative(repoRoot, file);
}

main();
