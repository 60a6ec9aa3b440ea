import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";

/** Debian's chromium (`.ci/run` installs it when missing); CHROMIUM_PATH names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ON_CI = process.env.CI === "true";
const haveChromium = existsSync(CHROMIUM);

/**
 * `describe` for a suite that drives Chromium: without one it is skipped with a warning on a
 * developer's machine, and runs (and fails in `launchChromium`) on CI, where it must never be skipped.
 */
export function describeWithChromium(suite: string, body: () => void): void {
  if (haveChromium || ON_CI) return describe(suite, body);
  console.warn(`Skipping "${suite}": no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). On CI (CI=true) it fails instead.`);
  describe.skip(suite, body);
}

/** Headless Chromium that resolves no host but 127.0.0.1, whatever a page asks for. */
export async function launchChromium(): Promise<Browser> {
  if (!haveChromium) throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium; it must not be skipped on CI.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--headless=new",
      "--disable-gpu",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/**
 * A fresh browser context (no cache, no cached preflights) whose pages reach 127.0.0.1 only:
 * every other request is aborted and listed in `elsewhere`, for the test to assert it empty.
 */
export async function localOnlyContext(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; elsewhere: string[] }> {
  const context = await browser.newContext({ viewport });
  const elsewhere: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    elsewhere.push(url.href);
    return route.abort("blockedbyclient");
  });
  return { context, elsewhere };
}
