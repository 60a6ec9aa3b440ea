import type { BackgroundTaskRunner } from "../cache";
import type { Logger } from "@platform/logging";
import type { BackgroundWork } from "./startSubgraph";

export interface PeriodicWorkOptions {
  /** Names the work in its log lines. */
  name: string;
  /** The pause between the end of one run and the start of the next. */
  intervalMs: number;
  run: () => Promise<unknown>;
  runTask: BackgroundTaskRunner;
  logger: Logger;
}

/**
 * Runs `run` once at start (what a crash left behind is handled first), then `intervalMs` after
 * each run ends, so runs never overlap; each inside `runTask`, which publishes the invalidations
 * it causes. A failed run is logged and the schedule goes on. `stop()` waits for a run under way.
 */
export function startPeriodicWork(options: PeriodicWorkOptions): BackgroundWork {
  const { name, intervalMs, run, runTask, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    timer = undefined;
    running = runTask(run).then(
      () => undefined,
      (error: unknown) => logger.warn({ err: error, work: name }, "background work failed; it runs again on schedule"),
    );
    void running.then(() => {
      if (stopped) return;
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Several pieces of background work as one: stopped together, in reverse order of start. */
export function combineBackgroundWork(works: readonly BackgroundWork[]): BackgroundWork {
  return {
    async stop() {
      for (const work of [...works].reverse()) await work.stop();
    },
  };
}
