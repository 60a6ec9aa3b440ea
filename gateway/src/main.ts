import { createLogger } from "@platform/logging";
import type { Tracing } from "@platform/tracing";
import { loadGatewayConfig } from "./config";
import { startGateway } from "./server";

/** The gateway process, once tracing is started (index.ts): start, say where, stop cleanly on SIGINT/SIGTERM. */
export async function main(tracing: Tracing): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    console.error((error as Error).message);
    await tracing.shutdown();
    process.exit(1);
  }
  const logger = createLogger("gateway", config.logLevel);
  const gateway = await startGateway(config, { logger }).catch(async (error: unknown) => {
    logger.fatal({ err: error }, "gateway failed to start");
    await tracing.shutdown();
    process.exit(1);
  });
  logger.info({ url: gateway.url, supergraph: config.supergraphPath }, `Gateway ready at ${gateway.url}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A repeated signal (a terminal and a supervisor both forwarding Ctrl-C) changes nothing:
    // close() forces lingering connections after its grace period.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    // The HTTP server first (in-flight requests finish, their spans end), then the last spans are sent.
    gateway
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "error while stopping");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
