import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { REPO_ROOT } from "@platform/registry";
import type { GatewayConfig } from "../../../gateway/src/config";
import { type RunningGateway, startGateway } from "../../../gateway/src/server";
import type { StatusReport } from "../../../gateway/src/statusPage";
import { describeWithChromium, launchChromium, localOnlyContext } from "../../support/chromium";
import { postGraphQL } from "../../support/graphqlClient";
import { type FaultFixtures, startFaultFixtures } from "../../gateway/support/controllableSubgraph";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";

/** The test's screenshot of the status page with the stock breaker open, a test artifact (git-ignored). */
const SCREENSHOT = path.join(REPO_ROOT, ".artifacts/status.png");
const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
const PRODUCTS_WITH_STOCK = "{ products { id name inStock } }";
/** Opens after 4 calls in the window if more than half failed, and stays open; no retries, so each query is one call. */
const STOCK_BREAKER = { retry: { maxRetries: 0 }, breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 } };

/**
 * The status page in a real browser (headless Chromium, playwright-core), over the controllable
 * fixture subgraphs: it loads from the gateway alone (any other request fails the test), shows
 * each subgraph's breaker closed, and, once `stock` fails (HTTP 503) and its breaker opens under
 * the test's queries, shows it open by refreshing itself. (A stopped subgraph would do in a real
 * process; under Jest, Node's connection errors come from another realm and are not classified as
 * connection failures, so the fixture answers 503 instead.)
 */
describeWithChromium("the status page in Chromium", () => {
  let fixtures: FaultFixtures;
  let directory: string;
  let supergraphPath: string;
  let browser: Browser;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    fixtures = await startFaultFixtures();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-status-browser-"));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, fixtures.supergraphSdl);
    browser = await launchChromium();
  });

  afterEach(() => fixtures.reset());

  afterAll(async () => {
    await browser?.close();
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await fixtures?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const gatewayWith = async (overrides: Partial<GatewayConfig> = {}) => {
    const gateway = await startGateway(testGatewayConfig({ supergraphPath, statusPage: true, subgraphResilience: { stock: STOCK_BREAKER }, ...overrides }));
    gateways.push(gateway);
    return gateway;
  };
  const statusUrl = (gateway: RunningGateway) => new URL("/status", gateway.url).href;
  /** The breaker badge of a subgraph's row. */
  const breaker = (page: Page, subgraph: string) => page.locator(`tr[data-subgraph="${subgraph}"] .breaker`);
  const watchProblems = (page: Page) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // CSP violations and failed loads are reported on the console.
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text().slice(0, 300)}`));
    return problems;
  };

  it("shows each breaker closed, then stock's open once it fails, refreshing by itself", async () => {
    // Rate limiting on (the default limits), for its section of the page; the cache stays off, so every query reaches stock.
    const gateway = await gatewayWith({ rateLimit: { ...testGatewayConfig({ supergraphPath }).rateLimit, enabled: true } });
    const { context, elsewhere } = await localOnlyContext(browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const problems = watchProblems(page);

    const opened = await page.goto(statusUrl(gateway));
    expect(opened?.status()).toBe(200);
    await breaker(page, "products").filter({ hasText: "closed" }).waitFor({ timeout: 15_000 });
    await breaker(page, "stock").filter({ hasText: "closed" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#supergraph").textContent()).toMatch(/^Serving supergraph [0-9a-f]{12}, loaded /);

    // A few good queries, for latency figures; then stock fails until its breaker opens (bounded).
    for (let i = 0; i < 3; i++) expect((await postGraphQL(gateway.url, PRODUCTS_WITH_STOCK)).status).toBe(200);
    fixtures.stock.setMode("http503");
    let state: string | undefined;
    for (let i = 0; i < 20 && state !== "open"; i++) {
      await postGraphQL(gateway.url, PRODUCTS_WITH_STOCK);
      const report = (await (await fetch(new URL("/status.json", gateway.url))).json()) as StatusReport;
      state = report.subgraphs.find((subgraph) => subgraph.name === "stock")?.breaker.state;
    }
    expect(state).toBe("open");
    // One more query, refused by the open breaker without a call.
    await postGraphQL(gateway.url, PRODUCTS_WITH_STOCK);

    // No reload: the page's own polling brings the change.
    await breaker(page, "stock").filter({ hasText: "open" }).waitFor({ timeout: 20_000 });
    expect(await breaker(page, "stock").getAttribute("data-state")).toBe("open");
    expect(await breaker(page, "stock").getAttribute("class")).toBe("breaker open");
    expect(await breaker(page, "products").textContent()).toBe("closed");
    await page.locator('tr[data-subgraph="stock"]', { hasText: "%" }).waitFor({ timeout: 5000 });
    const stockRow = (await page.locator('tr[data-subgraph="stock"]').textContent()) ?? "";
    expect(stockRow).toMatch(/\d+(\.\d)? %/);
    expect(await page.locator('#rate-limit tr[data-reason="total"]').textContent()).toBe("all refusals00");

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await context.close();
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  it("asks for the operator token when one is required, keeps it for the tab, and shows the data with it", async () => {
    const gateway = await gatewayWith({ operatorToken: OPERATOR_TOKEN });
    const { context, elsewhere } = await localOnlyContext(browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const sent: (string | undefined)[] = [];
    page.on("request", (request) => request.url().endsWith("/status.json") && sent.push(request.headers().authorization));

    await page.goto(statusUrl(gateway));
    await page.locator("#token-panel:not(.hidden)").waitFor({ timeout: 15_000 });
    expect(await breaker(page, "stock").count()).toBe(0);
    await page.fill("#token", OPERATOR_TOKEN);
    await page.click("#token-form button");
    await breaker(page, "stock").filter({ hasText: "closed" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#token-panel").getAttribute("class")).toContain("hidden");
    expect(sent[0]).toBeUndefined();
    expect(sent.at(-1)).toBe(`Bearer ${OPERATOR_TOKEN}`);

    // Kept in sessionStorage: a reload of the tab does not ask again.
    await page.reload();
    await breaker(page, "stock").filter({ hasText: "closed" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#token-panel").getAttribute("class")).toContain("hidden");
    await context.close();
    // The first request's 401 is logged by Chromium as a failed load; nothing else may be.
    expect(problems.filter((problem) => !/status\.json.*401|401.*Unauthorized/.test(problem))).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
