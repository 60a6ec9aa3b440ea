import { z } from "zod";
import { withoutEmptyVariables } from "../env";

/**
 * The standard OpenTelemetry variables a process reads to trace (every one optional; empty is not
 * set, as everywhere): tracing is on exactly when an OTLP endpoint is named and the SDK is not
 * disabled. Spread into a process's zod schema (the gateway's, the kit's), read back with
 * `tracingSettings`.
 */
export const TRACING_ENV = {
  /** The collector's base URL: spans go to `<endpoint>/v1/traces`, OTLP/HTTP with JSON bodies. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** The traces URL itself, used as is (wins over the base URL). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** `service.name` of every span of the process (default: the process's own name, `gateway`, `catalog`...). */
  OTEL_SERVICE_NAME: z.string().max(200).optional(),
  /** The share of new traces (no sampled parent) recorded, 0 to 1 (default 1); a client's sampled flag is followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** `true`: no tracing whatever the endpoint says (the SDK's standard switch). */
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).optional(),
};

export type TracingEnv = { [K in keyof typeof TRACING_ENV]?: z.infer<(typeof TRACING_ENV)[K]> };

export interface TracingSettings {
  /** Where the OTLP/HTTP exporter posts spans (`…/v1/traces`). */
  tracesUrl: string;
  /** `service.name` override (OTEL_SERVICE_NAME). */
  serviceName?: string;
  /** The root sampler's ratio (OTEL_TRACES_SAMPLER_ARG), 1 by default. */
  sampleRatio: number;
}

/** The tracing settings of a parsed environment; undefined (tracing off) without an endpoint or with OTEL_SDK_DISABLED=true. */
export function tracingSettings(env: TracingEnv): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED === "true") return undefined;
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT && `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`);
  if (!tracesUrl) return undefined;
  return { tracesUrl, ...(env.OTEL_SERVICE_NAME ? { serviceName: env.OTEL_SERVICE_NAME } : {}), sampleRatio: env.OTEL_TRACES_SAMPLER_ARG ?? 1 };
}

/**
 * The tracing settings straight from an environment (empty variables not set), for a process
 * entry that must start tracing before it loads the rest of the process (the gateway: Apollo
 * Gateway takes its tracer as it is loaded). Throws, listing the problems, on an invalid value:
 * the same check the process's configuration makes.
 */
export function readTracingSettings(env: NodeJS.ProcessEnv, what = "environment"): TracingSettings | undefined {
  const parsed = z.object(TRACING_ENV).safeParse(withoutEmptyVariables(env));
  if (!parsed.success) throw new Error(`Invalid ${what}:\n${z.prettifyError(parsed.error)}`);
  return tracingSettings(parsed.data);
}
