import { execFileSync } from "node:child_process";
import path from "node:path";
import { readTracingSettings, tracingSettings } from ".";

describe("tracingSettings", () => {
  it("is off without an endpoint, and with OTEL_SDK_DISABLED=true", () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" })).toBeUndefined();
  });

  it("sends to <endpoint>/v1/traces, or to the traces endpoint as given", () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toEqual({ tracesUrl: "http://collector:4318/v1/traces", sampleRatio: 1 });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://other:4318/traces" })?.tracesUrl).toBe("http://other:4318/traces");
  });

  it("takes the service name and the sampling ratio", () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SERVICE_NAME: "edge-gateway", OTEL_TRACES_SAMPLER_ARG: 0.25 })).toEqual({
      tracesUrl: "http://c:4318/v1/traces",
      serviceName: "edge-gateway",
      sampleRatio: 0.25,
    });
  });

  it("reads an environment, empty variables not set, and refuses bad values", () => {
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: " ", OTEL_TRACES_SAMPLER_ARG: "" })).toBeUndefined();
    expect(readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_SAMPLER_ARG: "0.5" })?.sampleRatio).toBe(0.5);
    expect(() => readTracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://c" }, "gateway environment")).toThrow(/Invalid gateway environment:[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => readTracingSettings({ OTEL_TRACES_SAMPLER_ARG: "2" })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });
});

/**
 * Tracing off costs nothing at start: `startTracing` without settings requires none of the SDK.
 * Checked in a fresh node process (jest's module registry is not node's): the modules of the
 * process's `require.cache` after `startTracing`, with settings (the control: the check can see
 * them) and without.
 */
describe("startTracing", () => {
  const SDK = /node_modules\/@opentelemetry\/(sdk-trace|exporter-trace-otlp-http|context-async-hooks|core|resources|instrumentation|instrumentation-ioredis|otlp-[a-z-]+)\/|node_modules\/@prisma\/instrumentation\//;

  function loadedAfterStart(settings: string): string[] {
    const script = `
      const { startTracing } = require(${JSON.stringify(path.join(__dirname, "index.ts"))});
      const { createLogger } = require(${JSON.stringify(path.join(__dirname, "../logging/index.ts"))});
      const tracing = startTracing({ serviceName: "probe", settings: ${settings}, logger: createLogger("probe", "silent"), prisma: true, redis: true });
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
      tracing.shutdown();
    `;
    const output = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: "" } });
    return (JSON.parse(output) as string[]).filter((file) => SDK.test(file.replaceAll("\\", "/")));
  }

  it("loads the SDK and the instrumentations when tracing is on (the control)", () => {
    const loaded = loadedAfterStart(`{ tracesUrl: "http://127.0.0.1:9/v1/traces", sampleRatio: 1 }`);
    for (const name of ["sdk-trace", "exporter-trace-otlp-http", "context-async-hooks", "resources"]) expect(loaded.some((file) => file.includes(`@opentelemetry/${name}/`))).toBe(true);
    expect(loaded.some((file) => file.includes("@prisma/instrumentation/"))).toBe(true);
  });

  it("loads none of it when tracing is off", () => {
    expect(loadedAfterStart("undefined")).toEqual([]);
  });
});
