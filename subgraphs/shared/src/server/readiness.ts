/** One dependency a subgraph needs to serve (its database, Redis when configured). */
export interface ReadinessProbe {
  name: string;
  probe(): Promise<unknown>;
}

export interface CheckResult {
  ok: boolean;
  /** Why not, when not ok: the error's message, at most 200 characters. */
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** How long one probe may take before it counts as failed. */
export const READINESS_PROBE_TIMEOUT_MS = 2000;

/** Runs every probe at once, each within `timeoutMs`; ready when all succeed. */
export async function checkReadiness(probes: readonly ReadinessProbe[], timeoutMs = READINESS_PROBE_TIMEOUT_MS): Promise<Readiness> {
  const results = await Promise.all(
    probes.map(async ({ name, probe }): Promise<[string, CheckResult]> => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
        return [name, { ok: true }];
      } catch (error) {
        return [name, { ok: false, error: String((error as Error)?.message ?? error).slice(0, 200) }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, result]) => result.ok), checks: Object.fromEntries(results) };
}
