/**
 * `npm start`: every subgraph of the registry that has an `entry`, each as its own process,
 * then the gateway; ready when it prints the gateway's URL.
 *
 * - Every process is first bundled to JavaScript (`npm run build`, scripts/build.ts: esbuild, a
 *   fraction of a second) and runs as `node --enable-source-maps dist/<entry>.js`: no TypeScript
 *   is compiled while the processes start. A build error stops the start with esbuild's message.
 * - Each subgraph listens on the port of its URL (the registry's, or SUBGRAPH_<NAME>_URL) and
 *   inherits this environment (DATABASE_URL, REDIS_URL, NODE_ENV, LOG_LEVEL pass through).
 * - It refuses to start when the supergraph file is missing or a port is taken.
 * - Start-up waits for each subgraph's /health, then for the gateway's /health/ready. A process
 *   that exits or is not ready within START_TIMEOUT_MS (120 s) fails the start: it is named, its
 *   last output lines are shown, the others are stopped, the exit code is 1.
 * - Output is prefixed with the process name; pino's JSON lines are shown as readable text.
 * - SIGINT/SIGTERM stop the gateway first, then the subgraphs, each with SIGTERM and, after
 *   STOP_GRACE_MS (10 s), SIGKILL; the exit code is 0. A child that dies while running stops
 *   everything with exit code 1.
 *
 * Options: --registry <file> (default schema/subgraphs.json).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { graphqlEndpoint, loadGatewayConfig } from "../gateway/src/config";
import { envValue } from "@platform/env";
import { loadSubgraphRegistry, REPO_ROOT, registryPath, subgraphUrl } from "@platform/registry";
import { buildProcesses, builtEntry, GATEWAY_ENTRY } from "./build";

const START_TIMEOUT_MS = Number(envValue(process.env, "START_TIMEOUT_MS") ?? 120_000);
const STOP_GRACE_MS = Number(envValue(process.env, "STOP_GRACE_MS") ?? 10_000);
const POLL_INTERVAL_MS = 100;
const LAST_LINES = 25;

interface ProcessSpec {
  name: string;
  entry: string;
  /** What is polled until it answers 200. */
  healthUrl: string;
  env: NodeJS.ProcessEnv;
  host: string;
  port: number;
}

/** Why the start failed, with the output that explains it. */
class StartError extends Error {
  constructor(
    message: string,
    readonly child?: ManagedProcess,
  ) {
    super(message);
  }
}

/** A child process running the bundle of an entry, its output prefixed and remembered. */
class ManagedProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly lastLines: string[] = [];

  constructor(
    readonly spec: ProcessSpec,
    private readonly label: string,
  ) {
    // One node process per service, running its bundle (no npm or tsx CLI in between to relay signals).
    // Its own process group (detached), so a terminal's Ctrl-C reaches only this launcher, which
    // then stops the gateway before the subgraphs.
    this.child = spawn(process.execPath, ["--enable-source-maps", builtEntry(spec.entry)], {
      cwd: REPO_ROOT,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    this.child.once("error", (error) => this.remember(`failed to spawn: ${error.message}`));
    this.relay(this.child.stdout!, process.stdout);
    this.relay(this.child.stderr!, process.stderr);
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.lastLines.length ? this.lastLines.map((line) => `    ${line}`).join("\n") : "    (no output)";
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running) return;
    this.signal("SIGTERM");
    const killer = setTimeout(() => {
      log(`${this.name} did not stop within ${graceMs / 1000} s: killing it`);
      this.signal("SIGKILL");
    }, graceMs);
    await this.exited;
    clearTimeout(killer);
  }

  /** Signals the whole process group, so nothing the child started outlives it. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || !this.running) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  private relay(stream: NodeJS.ReadableStream, to: NodeJS.WriteStream): void {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      const text = formatLogLine(line);
      this.remember(text);
      to.write(text.replace(/^/gm, `${this.label} `) + "\n");
    });
  }

  private remember(line: string): void {
    this.lastLines.push(...line.split("\n"));
    this.lastLines.splice(0, Math.max(0, this.lastLines.length - LAST_LINES));
  }
}

/** Starts, watches and stops the children; the first unexpected exit rejects `failure`. */
class Supervisor {
  readonly processes: ManagedProcess[] = [];
  readonly failure: Promise<never>;
  private rejectFailure!: (error: StartError) => void;
  private stopping = false;
  private ready = false;

  constructor() {
    this.failure = new Promise<never>((_, reject) => (this.rejectFailure = reject));
    this.failure.catch(() => undefined);
  }

  spawn(spec: ProcessSpec): ManagedProcess {
    const managed = new ManagedProcess(spec, colour(`[${spec.name}]`.padEnd(labelWidth), this.processes.length));
    this.processes.push(managed);
    void managed.exited.then(({ code, signal }) => {
      if (this.stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.rejectFailure(new StartError(`${spec.name} ${how} ${this.ready ? "while running" : "before it was ready"}.`, managed));
    });
    return managed;
  }

  markReady(): void {
    this.ready = true;
  }

  /** The gateway first, so no request reaches a subgraph that is already gone; then the rest together. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const [gateway, subgraphs] = partition(this.processes, (child) => child.spec.entry === GATEWAY_ENTRY);
    await Promise.all(gateway.map((child) => child.stop(STOP_GRACE_MS)));
    await Promise.all(subgraphs.map((child) => child.stop(STOP_GRACE_MS)));
  }

  killAll(): void {
    for (const child of this.processes) child.signal("SIGKILL");
  }
}

let labelWidth = 0;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { registry: { type: "string" } } });
  // Every child reads the same registry as this launcher.
  const env = { ...process.env, SUBGRAPH_REGISTRY_PATH: values.registry ? path.resolve(values.registry) : registryPath() };
  const registry = loadSubgraphRegistry(env.SUBGRAPH_REGISTRY_PATH);
  const gatewayConfig = loadGatewayConfig(env, registry);

  const subgraphSpecs: ProcessSpec[] = registry.flatMap((entry) => {
    if (!entry.entry) return [];
    const url = new URL(subgraphUrl(entry));
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    return [{ name: entry.name, entry: entry.entry, healthUrl: new URL("/health", url).href, env: { ...env, PORT: String(port) }, host: url.hostname, port }];
  });
  const gatewayUrl = graphqlEndpoint(gatewayConfig.host, gatewayConfig.port);
  const gatewaySpec: ProcessSpec = {
    name: "gateway",
    entry: GATEWAY_ENTRY,
    healthUrl: new URL("/health/ready", gatewayUrl).href,
    env,
    host: gatewayConfig.host,
    port: gatewayConfig.port,
  };
  labelWidth = Math.max("[start]".length, ...[...subgraphSpecs, gatewaySpec].map((spec) => spec.name.length + 2));

  const supervisor = new Supervisor();
  installSignalHandlers(supervisor);
  process.on("exit", () => supervisor.killAll());

  try {
    if (!existsSync(gatewayConfig.supergraphPath)) {
      throw new StartError(`${path.relative(process.cwd(), gatewayConfig.supergraphPath)} does not exist: run \`npm run compose\` first.`);
    }
    await Promise.all([...subgraphSpecs, gatewaySpec].map((spec) => assertPortFree(spec)));
    await buildProcesses([...subgraphSpecs, gatewaySpec].map((spec) => spec.entry)).catch((error: unknown) => {
      throw new StartError(`The build failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    log(`Starting ${subgraphSpecs.map((spec) => spec.name).join(", ")}…`);
    await Promise.race([
      Promise.all(subgraphSpecs.map((spec) => waitUntilHealthy(supervisor.spawn(spec)))),
      supervisor.failure,
    ]);
    log("Subgraphs ready; starting the gateway…");
    await Promise.race([waitUntilHealthy(supervisor.spawn(gatewaySpec)), supervisor.failure]);
  } catch (error) {
    await fail(supervisor, error);
  }
  supervisor.markReady();

  const seconds = (performance.now() / 1000).toFixed(1);
  log(`Gateway ready at ${gatewayUrl} (started in ${seconds} s)`);
  for (const spec of subgraphSpecs) log(`  ${spec.name.padEnd(labelWidth)} ${new URL("/graphql", spec.healthUrl).href}`);
  log("Ctrl-C stops everything.");

  await supervisor.failure.catch((error: unknown) => fail(supervisor, error));
}

async function fail(supervisor: Supervisor, error: unknown): Promise<never> {
  const child = error instanceof StartError ? error.child : undefined;
  logError(`✖ ${error instanceof Error ? error.message : String(error)}`);
  if (child) logError(`  Last output of ${child.name}:\n${child.output()}`);
  log("Stopping the other processes…");
  await supervisor.stopAll();
  process.exit(1);
}

/** Polls the health URL until it answers 200; the child's exit is raced by the caller. */
async function waitUntilHealthy(child: ManagedProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (child.running) {
    try {
      const response = await fetch(child.spec.healthUrl, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.ok) {
        log(`${child.name} ready (${(performance.now() / 1000).toFixed(1)} s)`);
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new StartError(`${child.name} did not answer ${child.spec.healthUrl} within ${START_TIMEOUT_MS / 1000} s.`, child);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  await child.exited; // the supervisor reports the exit
}

/** Fails fast, naming the service, when its port is taken (another `npm start` still running?). */
async function assertPortFree(spec: ProcessSpec): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new StartError(
          error.code === "EADDRINUSE"
            ? `${spec.name} cannot start: port ${spec.port} on ${spec.host} is already in use (is another \`npm start\` running?).`
            : `${spec.name} cannot start: ${spec.host}:${spec.port}: ${error.message}`,
        ),
      ),
    );
    probe.listen({ port: spec.port, host: spec.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * SIGINT/SIGTERM stop everything and exit 0. The same Ctrl-C often arrives twice (from the
 * terminal and forwarded by npm): a repeat within a second is ignored, a later one kills at once.
 */
function installSignalHandlers(supervisor: Supervisor): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < 1000) return;
      log(`${signal} again: killing every process now`);
      supervisor.killAll();
      process.exit(1);
    }
    firstSignalAt = Date.now();
    log(`${signal}: stopping the gateway, then the subgraphs…`);
    supervisor.stopAll().then(
      () => {
        log("Stopped.");
        process.exit(0);
      },
      (error: unknown) => {
        logError(`Error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO ", 40: "WARN ", 50: "ERROR", 60: "FATAL" };
const PINO_FIELDS = new Set(["level", "time", "pid", "hostname", "name", "service", "msg", "err"]);

/** A pino JSON line as `LEVEL message key=value…` (and the error's stack); anything else unchanged. */
function formatLogLine(line: string): string {
  if (!line.startsWith("{")) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof record.level !== "number" || typeof record.msg !== "string") return line;
  const fields = Object.entries(record)
    .filter(([key]) => !PINO_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const text = [LEVELS[record.level] ?? String(record.level), record.msg, ...fields].join(" ");
  const err = record.err as { stack?: string; message?: string } | undefined;
  return err ? `${text}\n${err.stack || err.message || JSON.stringify(err)}` : text;
}

function partition<T>(items: T[], predicate: (item: T) => boolean): [T[], T[]] {
  return [items.filter(predicate), items.filter((item) => !predicate(item))];
}

const COLOURS = [36, 33, 35, 32, 34, 91];

function colour(text: string, index: number): string {
  return process.stdout.isTTY ? `\x1b[${COLOURS[index % COLOURS.length]}m${text}\x1b[0m` : text;
}

function log(message: string): void {
  process.stdout.write(`${colour("[start]".padEnd(labelWidth), 5)} ${message}\n`);
}

function logError(message: string): void {
  process.stderr.write(`${colour("[start]".padEnd(labelWidth), 5)} ${message}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    logError(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
