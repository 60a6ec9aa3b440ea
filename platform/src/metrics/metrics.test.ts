import type { Server } from "node:http";
import { createServer } from "node:http";
import { Counter, Registry } from "prom-client";
import { close, listen } from "../http";
import { ANONYMOUS, BoundedLabel, metricsRoute, OTHER, processRegistry, statusClass } from ".";

describe("BoundedLabel", () => {
  it("keeps known names and the first N others, then answers other", () => {
    const label = new BoundedLabel(2, ["Persisted"]);
    expect(label.admit("Persisted")).toBe("Persisted");
    expect(label.admit("First")).toBe("First");
    expect(label.admit("Second")).toBe("Second");
    expect(label.admit("Third")).toBe(OTHER);
    expect(label.admit("First")).toBe("First");
    expect(label.admit("Persisted")).toBe("Persisted");
  });

  it("names no operation anonymous and never admits free text or ids", () => {
    const label = new BoundedLabel(10);
    expect(label.admit(undefined)).toBe(ANONYMOUS);
    expect(label.admit("")).toBe(ANONYMOUS);
    expect(label.admit("hello world")).toBe(OTHER);
    expect(label.admit("3f2a-uuid-like")).toBe(OTHER);
    expect(label.admit("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig")).toBe(OTHER);
    expect(label.admit("A".repeat(65))).toBe(OTHER);
    expect(label.admit("Fine_Name1")).toBe("Fine_Name1");
  });

  it("peeks without admitting", () => {
    const label = new BoundedLabel(10);
    expect(label.peek("Later", "unknown")).toBe("unknown");
    label.admit("Later");
    expect(label.peek("Later", "unknown")).toBe("Later");
    expect(label.peek(undefined, "unknown")).toBe("unknown");
  });
});

describe("statusClass", () => {
  it("classes statuses", () => {
    expect([200, 204, 400, 429, 503, 42].map(statusClass)).toEqual(["2xx", "2xx", "4xx", "4xx", "5xx", "other"]);
  });
});

describe("metricsRoute", () => {
  let server: Server;
  let base: string;
  const own = new Registry();
  new Counter({ name: "test_things_total", help: "things", labelNames: ["kind"], registers: [own] }).inc({ kind: "a" }, 3);

  const serve = async (options: Parameters<typeof metricsRoute>[0]) => {
    const route = metricsRoute(options);
    server = createServer(async (request, response) => {
      if (!(await route(request, response))) {
        response.statusCode = 404;
        response.end();
      }
    });
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  };
  afterEach(() => close(server));

  it("serves every registry in the text format, the process's default metrics included", async () => {
    await serve({ registries: [processRegistry(), own] });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    expect(text).toContain('test_things_total{kind="a"} 3');
    for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes", "nodejs_gc_duration_seconds"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });

  it("answers 405 to other methods", async () => {
    await serve({ registries: [own] });
    const response = await fetch(`${base}/metrics`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });

  it("asks for the bearer token when one is set", async () => {
    await serve({ registries: [own], token: "s3cret-token" });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const response = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer s3cret-token" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("test_things_total");
  });

  it("refuses every scrape when told to", async () => {
    await serve({ registries: [own], refuse: "set the token" });
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("test_things_total");
  });
});
