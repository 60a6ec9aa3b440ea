import { z } from "zod";

/**
 * The latency objectives a registry entry may name, in milliseconds: the bounds of the latency
 * histograms' buckets (LATENCY_BUCKETS_SECONDS, from 100 ms), so that the alerting rules can read
 * the share of fetches within the objective straight from one bucket.
 */
export const LATENCY_OBJECTIVES_MS = [100, 250, 500, 1000, 2500, 5000] as const;

/** The percentiles a latency objective may be stated for. */
export const OBJECTIVE_PERCENTILES = [0.95, 0.99] as const;

/**
 * A subgraph's service levels, as the gateway sees its fetches: `latency` (the share
 * `percentile` of fetches answer within `objectiveMs`) and `availability` (the share `target`
 * of fetches succeed). Strict objects: a misspelt field fails validation.
 */
export const serviceLevelsSchema = z.strictObject({
  latency: z
    .strictObject({
      percentile: z.union([z.literal(0.95), z.literal(0.99)]),
      objectiveMs: z
        .number()
        .int()
        .refine((ms) => (LATENCY_OBJECTIVES_MS as readonly number[]).includes(ms), `one of ${LATENCY_OBJECTIVES_MS.join(", ")} (a latency histogram bucket)`),
    })
    .optional(),
  availability: z.strictObject({ target: z.number().min(0.9).max(0.99999) }).optional(),
});

export type ServiceLevelsInput = z.infer<typeof serviceLevelsSchema>;

/** A subgraph's service levels, complete. */
export interface ServiceLevels {
  latency: { percentile: (typeof OBJECTIVE_PERCENTILES)[number]; objectiveMs: number };
  availability: { target: number };
}

/** What an entry without `serviceLevels` (or without one of its parts) gets: p99 within 500 ms, 99.9% of fetches succeed. */
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = Object.freeze({
  latency: Object.freeze({ percentile: 0.99 as const, objectiveMs: 500 }),
  availability: Object.freeze({ target: 0.999 }),
});

/** An entry's `serviceLevels` over the defaults (each part, latency and availability, is taken whole). */
export function resolveServiceLevels(input: ServiceLevelsInput = {}): ServiceLevels {
  return {
    latency: { ...(input.latency ?? DEFAULT_SERVICE_LEVELS.latency) },
    availability: { ...(input.availability ?? DEFAULT_SERVICE_LEVELS.availability) },
  };
}
