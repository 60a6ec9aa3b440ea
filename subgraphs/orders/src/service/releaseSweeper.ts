import type { BackgroundTaskRunner, BackgroundWork } from "@subgraph-kit";
import type { Logger } from "@platform/logging";
import type { StockReleases } from "./stockReleases";

/**
 * Retries the stock releases inventory has not confirmed: once at start (what a crash left
 * behind), then every `intervalMs` while any is pending. Idle, it sends no query.
 *
 * Each sweep runs in `runTask`: inventory reports the stock it released as invalidation tags, and
 * with no gateway request to carry them back, the runner publishes them to the gateways.
 */
export function startReleaseSweeper(
  releases: StockReleases,
  logger: Logger,
  runTask: BackgroundTaskRunner,
  intervalMs = 5000,
): BackgroundWork {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let sweeping: Promise<void> = Promise.resolve();

  const sweep = () => {
    timer = undefined;
    sweeping = runTask(() => releases.sweep()).then(
      (left) => {
        if (left > 0) sweepLater();
      },
      (error: unknown) => {
        logger.warn({ err: error }, "sweeping pending stock releases failed");
        sweepLater();
      },
    );
  };
  const sweepLater = () => {
    if (stopped || timer) return;
    timer = setTimeout(sweep, intervalMs);
    timer.unref();
  };

  const unsubscribe = releases.onPending(sweepLater);
  sweep();
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      await sweeping;
    },
  };
}
