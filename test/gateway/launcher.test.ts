import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, type SubgraphEntry } from "@platform/registry";
import { postGraphQL } from "../support/graphqlClient";
import { composeOrThrow, FIXTURES } from "./support/fixtureSubgraphs";

/**
 * `npm start` (scripts/start.ts) as a user runs it: a real launcher process starting real child
 * processes (fixture subgraphs and the gateway) from a registry of its own, on free ports.
 */
describe("the launcher (scripts/start.ts)", () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), "launcher-"));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("starts the subgraphs, then the gateway; SIGTERM stops the gateway first, then the rest, exit 0", async () => {
    const setup = await fixtureSetup();
    const launcher = runLauncher(setup);
    const ready = await launcher.waitFor(/Gateway ready at (http:\/\/127\.0\.0\.1:\d+\/graphql) \(started in [\d.]+ s\)/);
    expect(ready[1]).toBe(`http://127.0.0.1:${setup.gatewayPort}/graphql`);
    expect(launcher.stdout()).toMatch(/\[products\] INFO  fixture subgraph ready url=http:\/\/127\.0\.0\.1:\d+\/graphql/);

    const response = await postGraphQL(ready[1]!, "{ products { id description inStock } }");
    expect(response.body.data.products).toEqual([
      { id: "p1", description: "1.7 l, stainless steel", inStock: true },
      { id: "p2", description: "Two slots", inStock: false },
    ]);

    launcher.process.kill("SIGTERM");
    expect(await launcher.exitCode).toBe(0);
    const output = launcher.stdout();
    const gatewayStopping = output.indexOf("[gateway]  INFO  stopping");
    expect(gatewayStopping).toBeGreaterThan(0);
    expect(output.indexOf("[products] INFO  stopping")).toBeGreaterThan(gatewayStopping);
    expect(output.indexOf("[stock]    INFO  stopping")).toBeGreaterThan(gatewayStopping);
    await expectPortsFree(setup.ports);
  });

  it("stops everything and exits 1, naming it, when a subgraph dies while running", async () => {
    const setup = await fixtureSetup();
    const launcher = runLauncher(setup);
    await launcher.waitFor(/\[start\] +Gateway ready at/);
    const health = (await (await fetch(`http://127.0.0.1:${setup.ports[1]}/health`)).json()) as { pid: number };
    process.kill(health.pid, "SIGKILL");

    expect(await launcher.exitCode).toBe(1);
    expect(launcher.stderr()).toContain("✖ products was killed by SIGKILL while running.");
    expect(launcher.stderr()).toMatch(/Last output of products:\n\s+INFO  fixture subgraph ready/);
    expect(launcher.stdout()).toContain("[gateway]  INFO  stopping");
    await expectPortsFree(setup.ports);
  });

  it("fails the start, naming the subgraph and showing its last output, when one exits early", async () => {
    const setup = await fixtureSetup({ products: "brokenProcess.ts" });
    const launcher = runLauncher(setup);

    expect(await launcher.exitCode).toBe(1);
    expect(launcher.stderr()).toContain("✖ products exited with code 3 before it was ready.");
    expect(launcher.stderr()).toMatch(/Last output of products:\n\s+connecting to the database…\n\s+Error: connect ECONNREFUSED/);
    expect(launcher.stdout()).not.toContain("[gateway]");
    await expectPortsFree(setup.ports);
  });

  it("fails the start when a subgraph is not ready in time, and stops it", async () => {
    const setup = await fixtureSetup({ stock: "hangingProcess.ts" });
    // Long enough for the healthy fixtures to start on a loaded two-core machine: only stock may miss it.
    const launcher = runLauncher(setup, { START_TIMEOUT_MS: "6000" });

    expect(await launcher.exitCode).toBe(1);
    expect(launcher.stderr()).toContain(`✖ stock did not answer http://127.0.0.1:${setup.ports[2]}/health within 6 s.`);
    expect(launcher.stderr()).toMatch(/Last output of stock:\n\s+applying migrations…/);
    await expectPortsFree(setup.ports);
  });

  it("refuses to start, naming the service, when its port is taken", async () => {
    const setup = await fixtureSetup();
    const squatter = await listenOn(setup.gatewayPort);
    try {
      const launcher = runLauncher(setup);
      expect(await launcher.exitCode).toBe(1);
      expect(launcher.stderr()).toContain(`gateway cannot start: port ${setup.gatewayPort} on 127.0.0.1 is already in use`);
      expect(launcher.stdout()).not.toContain("[products]");
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it("refuses to start, before starting anything, without a supergraph file", async () => {
    const setup = await fixtureSetup();
    const launcher = runLauncher({ ...setup, supergraphPath: path.join(directory, "absent.graphql") });
    expect(await launcher.exitCode).toBe(1);
    expect(launcher.stderr()).toMatch(/absent\.graphql does not exist: run `npm run compose` first\./);
    expect(launcher.stdout()).not.toContain("[products]");
  });

  interface Setup {
    registryPath: string;
    supergraphPath: string;
    gatewayPort: number;
    /** gateway, products, stock */
    ports: number[];
  }

  async function fixtureSetup(entries: { products?: string; stock?: string } = {}): Promise<Setup> {
    const ports = await freePorts(3);
    const [gatewayPort, productsPort, stockPort] = ports as [number, number, number];
    const urls = { products: `http://127.0.0.1:${productsPort}/graphql`, stock: `http://127.0.0.1:${stockPort}/graphql` };
    const registry: SubgraphEntry[] = [
      { name: "products", url: urls.products, sdl: path.join(FIXTURES, "products-v2.graphql"), entry: path.join(FIXTURES, entries.products ?? "productsProcess.ts") },
      { name: "stock", url: urls.stock, module: path.join(FIXTURES, "stockSubgraph.ts"), entry: path.join(FIXTURES, entries.stock ?? "stockProcess.ts") },
    ];
    const id = ports.join("-");
    const registryPath = path.join(directory, `subgraphs-${id}.json`);
    const supergraphPath = path.join(directory, `supergraph-${id}.graphql`);
    writeFileSync(registryPath, JSON.stringify({ subgraphs: registry }));
    writeFileSync(supergraphPath, await composeOrThrow(registry));
    return { registryPath, supergraphPath, gatewayPort, ports };
  }
});

interface Launcher {
  process: ChildProcess;
  exitCode: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function runLauncher(setup: { registryPath: string; supergraphPath: string; gatewayPort: number }, env: Record<string, string> = {}): Launcher {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--registry", setup.registryPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(setup.gatewayPort), SUPERGRAPH_PATH: setup.supergraphPath, LOG_LEVEL: "info", STOP_GRACE_MS: "5000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    exitCode,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitFor(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill("SIGTERM");
          throw new Error(`launcher never printed ${pattern}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenOn(0)));
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/** Nothing the launcher started is left listening. */
async function expectPortsFree(ports: number[]): Promise<void> {
  const servers = await Promise.all(ports.map((port) => listenOn(port)));
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
}
