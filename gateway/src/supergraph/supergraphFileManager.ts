import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SupergraphManager } from "@apollo/gateway";
import type { Logger } from "@platform/logging";
import { supergraphHash } from "./supergraphInfo";

/** What ApolloGateway hands a supergraph manager (the type is not exported by name). */
type SupergraphSdlHookOptions = Parameters<SupergraphManager["initialize"]>[0];
type SupergraphSdlUpdateFunction = SupergraphSdlHookOptions["update"];

export interface SupergraphFileManagerOptions {
  /** The composed supergraph file (`npm run compose` writes it). */
  path: string;
  logger: Logger;
  /** Quiet time after the last file-system event before the file is re-read. */
  debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 150;

/**
 * An ApolloGateway `supergraphSdl` manager over a static supergraph file that it keeps watching.
 *
 * It watches the file's directory rather than the file: a watch on the file itself goes deaf
 * after an atomic replace (write a temporary file, rename it over the old one), which is how
 * `npm run compose`, editors and Kubernetes ConfigMap volumes (a symlink swap) update files.
 * Every event in the directory schedules a debounced re-read; the content hash decides whether
 * anything changed. A new supergraph the gateway rejects is logged with the reason and the
 * previous one keeps serving; the same rejected content is not reported twice.
 */
export class SupergraphFileManager implements SupergraphManager {
  private readonly debounceMs: number;
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;
  /** Reloads run one after another, never interleaved. */
  private reloads: Promise<void> = Promise.resolve();
  private servingHash?: string;
  private rejectedHash?: string;
  private stopped = false;

  constructor(private readonly options: SupergraphFileManagerOptions) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  }

  async initialize({ update }: SupergraphSdlHookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> {
    const supergraphSdl = await this.readInitial();
    this.servingHash = supergraphHash(supergraphSdl);

    this.watcher = watch(path.dirname(this.options.path), { persistent: false }, () => this.scheduleReload(update));
    this.watcher.on("error", (error) =>
      this.options.logger.error({ err: error, path: this.options.path }, "stopped watching the supergraph file"),
    );
    this.options.logger.info({ path: this.options.path, hash: this.servingHash }, "supergraph loaded; watching for changes");

    return { supergraphSdl, cleanup: () => this.cleanup() };
  }

  private async readInitial(): Promise<string> {
    try {
      return await readFile(this.options.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(`Supergraph file not found: ${this.options.path} (run \`npm run compose\` to create it)`);
      }
      throw error;
    }
  }

  private scheduleReload(update: SupergraphSdlUpdateFunction): void {
    if (this.stopped) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.reloads = this.reloads.then(() => this.reload(update));
    }, this.debounceMs);
  }

  private async reload(update: SupergraphSdlUpdateFunction): Promise<void> {
    if (this.stopped) return;
    const { logger } = this.options;
    let supergraphSdl: string;
    try {
      supergraphSdl = await readFile(this.options.path, "utf8");
    } catch (error) {
      // Between the unlink and the rename of a replace, or deleted: keep serving what we have.
      logger.warn({ err: error, path: this.options.path, serving: this.servingHash }, "cannot read the supergraph file; still serving the previous supergraph");
      return;
    }
    const hash = supergraphHash(supergraphSdl);
    if (hash === this.servingHash || hash === this.rejectedHash || this.stopped) return;

    try {
      update(supergraphSdl);
    } catch (error) {
      this.rejectedHash = hash;
      logger.error(
        { err: error, path: this.options.path, rejected: hash, serving: this.servingHash },
        `new supergraph rejected, still serving the previous one: ${(error as Error).message}`,
      );
      return;
    }
    logger.info({ path: this.options.path, hash, previous: this.servingHash }, "supergraph reloaded");
    this.servingHash = hash;
    this.rejectedHash = undefined;
  }

  private async cleanup(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.debounce);
    this.watcher?.close();
    await this.reloads;
  }
}
