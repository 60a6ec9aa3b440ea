import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type Request } from "playwright-core";
import { REPO_ROOT } from "@platform/registry";
import { type RunningGateway, startGateway } from "../../../gateway/src/server";
import { DEV_API_KEYS } from "../../support/callers";
import { describeWithChromium, launchChromium, localOnlyContext } from "../../support/chromium";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "../../gateway/support/fixtureSubgraphs";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";

/** The test's screenshot of the IDE, a test artifact (git-ignored). */
const SCREENSHOT = path.join(REPO_ROOT, ".artifacts/ide.png");

const QUERY = `query ProductsWithStock {
  products {
    id
    name
    inStock
  }
}`;

/**
 * GraphiQL in a real browser (headless Chromium driven by playwright-core): the page the gateway
 * serves at /graphql loads with nothing from outside 127.0.0.1 (any other request fails the
 * test, and the browser resolves no other host), its header editor holds the demo key, and it
 * runs a query that needs both fixture subgraphs.
 */
describeWithChromium("the IDE in Chromium", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let gateway: RunningGateway;
  let browser: Browser;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-ide-browser-"));
    const supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v1")));
    gateway = await startGateway(testGatewayConfig({ supergraphPath, ide: true }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await subgraphs?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("loads from the gateway alone, holds the demo key, and runs a query", async () => {
    const { context, elsewhere } = await localOnlyContext(browser, { width: 1280, height: 720 });
    const page = await context.newPage();
    const requests: Request[] = [];
    const problems: string[] = [];
    page.on("request", (request) => requests.push(request));
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // CSP violations and failed loads are reported on the console.
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text().slice(0, 300)}`));

    const opened = await page.goto(`${gateway.url}?query=${encodeURIComponent(QUERY)}`);
    expect(opened?.status()).toBe(200);
    await page.waitForSelector(".graphiql-execute-button", { timeout: 60_000 });
    // Locators by text (no page functions: the page's CSP allows no eval).
    await page.locator(".graphiql-container", { hasText: "ProductsWithStock" }).waitFor({ timeout: 30_000 });
    await page.locator(".graphiql-container", { hasText: DEV_API_KEYS.web }).waitFor({ timeout: 30_000 });

    const sent = page.waitForRequest((request) => request.method() === "POST" && request.url() === gateway.url && (request.postData() ?? "").includes("ProductsWithStock"));
    await page.click(".graphiql-execute-button");
    expect((await sent).headers()["x-api-key"]).toBe(DEV_API_KEYS.web);
    await page.locator(".graphiql-response", { hasText: "Toaster" }).waitFor({ timeout: 30_000 });
    const response = (await page.textContent(".graphiql-response"))!.replace(/\s+/g, "");
    expect(response).toContain('"name":"Kettle","inStock":true');
    expect(response).toContain('"name":"Toaster","inStock":false');

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await context.close();

    expect(elsewhere).toEqual([]);
    const origins = new Set(requests.map((request) => new URL(request.url()).origin).filter((origin) => origin !== "null"));
    expect([...origins]).toEqual([new URL(gateway.url).origin]);
    // The script, its stylesheet and Monaco's workers came from the gateway.
    const paths = requests.map((request) => new URL(request.url()).pathname);
    for (const file of ["ide.js", "ide.css", "editor.worker.js", "graphql.worker.js"]) expect(paths).toContainEqual(expect.stringMatching(new RegExp(`^/ide/[0-9a-f]{16}/${file.replace(".", "\\.")}$`)));
    expect(problems).toEqual([]);
  });
});
