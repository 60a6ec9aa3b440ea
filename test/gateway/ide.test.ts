import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { get } from "node:http";
import { gunzipSync } from "node:zlib";
import type { GatewayConfig } from "../../gateway/src/config";
import { IDE_CONTENT_SECURITY_POLICY, IdeBundle } from "../../gateway/src/ide";
import type { RunningGateway } from "../../gateway/src/server";
import { DEV_API_KEYS } from "../support/callers";
import { captureLogs } from "./support/captureLogs";
import { useFixtureSubgraphGateways } from "./support/fixtureGateways";
import { testGatewayConfig } from "./support/gatewayConfig";

/** What Chromium sends when it opens a URL. */
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

/**
 * The IDE over real HTTP (the browser test, test/e2e/ide, runs it in Chromium): a browser's GET
 * gets the page, before authentication; every other request is answered as without the IDE.
 */
describe("the gateway's IDE (GATEWAY_IDE)", () => {
  const suite = useFixtureSubgraphGateways("gateway-ide-");

  const gatewayWith = (settings: Partial<GatewayConfig>): Promise<RunningGateway> => suite.start(settings);

  const browse = (url: string | URL) => fetch(url, { headers: { accept: BROWSER_ACCEPT } });
  const settingsOf = (html: string) => JSON.parse(/<script type="application\/json" id="ide-settings">(.*?)<\/script>/s.exec(html)![1]!) as { endpoint: string; headers: string };

  describe("on", () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      gateway = await gatewayWith({ ide: true });
    });

    it("answers a browser's GET /graphql with the page, without a key, and with the demo key in the header editor", async () => {
      const response = await browse(gateway.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toBe(IDE_CONTENT_SECURITY_POLICY);
      // Still inside the envelope: the page has its request id like every answer.
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      const html = await response.text();
      expect(html).toMatch(/<script type="module" src="ide\/[0-9a-f]{16}\/ide\.js"><\/script>/);
      expect(html).not.toMatch(/https?:\/\//);
      expect(settingsOf(html)).toMatchObject({ endpoint: "graphql", headers: JSON.stringify({ "x-api-key": DEV_API_KEYS.web }, null, 2) });
    });

    it("answers a browser's GET / with the same page, and anything else at / as before (404)", async () => {
      const root = new URL("/", gateway.url);
      const page = await browse(root);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/id="graphiql"/);
      const json = await fetch(root, { headers: { accept: "application/json" } });
      expect(json.status).toBe(404);
      expect(await json.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
    });

    it("leaves every GraphQL request as it was: POST, and GET asking for JSON, without a key 401, with one answered", async () => {
      const post = (headers: Record<string, string>) =>
        fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json", accept: BROWSER_ACCEPT, ...headers }, body: JSON.stringify({ query: "{ products { name } }" }) });
      const get = (accept: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}?query=${encodeURIComponent("{ products { name } }")}`, { headers: { accept, ...headers } });

      for (const refused of [await post({}), await get("application/json"), await get("*/*"), await get("application/graphql-response+json, text/html")]) {
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
      }
      for (const answered of [await post({ "x-api-key": DEV_API_KEYS.web }), await get("application/json", { "x-api-key": DEV_API_KEYS.web, "apollo-require-preflight": "true" })]) {
        expect(answered.status).toBe(200);
        expect(await answered.json()).toEqual({ data: { products: [{ name: "Kettle" }, { name: "Toaster" }] } });
      }
    });

    it("serves the page's files from its own origin, gzipped when asked, and refuses other paths and methods with a code", async () => {
      const html = await (await browse(gateway.url)).text();
      const script = new URL(/src="(ide\/[^"]+\/ide\.js)"/.exec(html)![1]!, gateway.url);
      const plain = await fetch(script, { headers: { "accept-encoding": "identity" } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(plain.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const body = Buffer.from(await plain.arrayBuffer());
      expect(body.length).toBeGreaterThan(100_000);

      // fetch() decodes gzip itself; node:http shows the bytes as sent.
      const raw = await rawGet(script, { "accept-encoding": "gzip" });
      expect(raw.headers["content-encoding"]).toBe("gzip");
      expect(gunzipSync(raw.body).equals(body)).toBe(true);

      for (const file of ["ide.css", "editor.worker.js", "json.worker.js", "graphql.worker.js"]) {
        expect((await fetch(new URL(file, script))).status).toBe(200);
      }
      for (const missing of ["ide/0000000000000000/ide.js", "ide/", "ide/x/y/z", script.pathname.replace("ide.js", "nothing.js")]) {
        const response = await fetch(new URL(missing, gateway.url));
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
      }
      const posted = await fetch(script, { method: "POST", body: "{}" });
      expect(posted.status).toBe(405);
      expect(await posted.json()).toMatchObject({ errors: [{ extensions: { code: "METHOD_NOT_ALLOWED" } }] });
    });
  });

  it("is off when the configuration leaves it out: a browser gets today's 401, and with a key no CDN landing page", async () => {
    const gateway = await gatewayWith({});
    const page = await browse(gateway.url);
    expect(page.status).toBe(401);
    expect(page.headers.get("content-type")).toMatch(/^application\/json/);
    const withKey = await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT, "x-api-key": DEV_API_KEYS.web } });
    expect(withKey.status).toBe(400);
    expect(withKey.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await withKey.text()).not.toMatch(/<html|sandbox|cdn/i);
    expect((await browse(new URL("/ide/0000000000000000/ide.js", gateway.url))).status).toBe(404);
  });

  it("prefills no key where the gateway's key file does not accept the demo key (a production key file)", async () => {
    const gateway = await gatewayWith({ ide: true, auth: { ...testGatewayConfig({ supergraphPath: suite.supergraphPath }).auth, apiKeysPath: path.join(suite.directory, "no-keys-yet.json") } });
    const html = await (await browse(gateway.url)).text();
    expect(settingsOf(html).headers).toBe(JSON.stringify({ "x-api-key": "" }, null, 2));
  });
});

describe("IdeBundle", () => {
  let cacheDir: string;
  beforeAll(() => {
    cacheDir = mkdtempSync(path.join(os.tmpdir(), "gateway-ide-cache-"));
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it("builds GraphiQL and Monaco's workers on first use, caches them on disk, and a second instance reads the cache instead of building", async () => {
    const first = captureLogs();
    const bundle = new IdeBundle({ logger: first.logger, cacheDir });
    const version = await bundle.version();
    expect(readdirSync(cacheDir)).toEqual([]);

    const files = await bundle.files();
    expect([...files.keys()].sort()).toEqual(expect.arrayContaining(["editor.worker.js", "graphql.worker.js", "ide.css", "ide.js", "json.worker.js"]));
    expect(first.records.filter((record) => record.msg.startsWith("IDE bundled"))).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual([version]);
    // Bundled from node_modules: no URL of another origin for the browser to load.
    expect(files.get("ide.css")!.body.toString()).not.toMatch(/url\(\s*["']?https?:/);

    const second = captureLogs();
    const again = await new IdeBundle({ logger: second.logger, cacheDir }).files();
    expect(second.records.filter((record) => record.msg.startsWith("IDE bundled"))).toHaveLength(0);
    expect(again.get("ide.js")!.body.equals(files.get("ide.js")!.body)).toBe(true);
  });
});

function rawGet(url: URL, headers: Record<string, string>): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}
