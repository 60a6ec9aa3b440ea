/**
 * The top of a V8 CPU profile (`--cpu-prof`, or a bench run with BENCH_CPU_PROFILE_DIR) as text:
 * functions by self time, and this repository's files by inclusive time (a file counted once per
 * sample, however deep it recurses).
 *
 *   npx tsx bench/cpuProfileSummary.ts CPU.20261206.002208.28388.0.001.cpuprofile [--top 25] [--skip 20]
 *
 * `--skip N` leaves out the first N seconds of the profile: a process profiled from its start
 * spends them migrating, seeding and building its schema, not serving the load.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "@platform/registry";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, skip: { type: "string", default: "0" } } });
if (positionals.length !== 1) {
  console.error("usage: npx tsx bench/cpuProfileSummary.ts <file.cpuprofile> [--top N] [--skip seconds]");
  process.exit(2);
}
const top = Number(values.top);
const skipMicroseconds = Number(values.skip) * 1e6;
const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const where = (url: string) => {
  if (!url) return "(native)";
  const file = url.replace(/^file:\/\//, "");
  return file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file.replace(/^.*node_modules\//, "~");
};
const label = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"}  ${where(node.callFrame.url)}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ""}`;

const self = new Map<string, number>();
const inclusiveByFile = new Map<string, number>();
let total = 0;
let elapsed = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  if (elapsed < skipMicroseconds) return;
  total += delta;
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + delta);
  const files = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const url = byId.get(current)!.callFrame.url;
    if (url.includes(REPO_ROOT) && !url.includes("node_modules")) files.add(where(url));
  }
  for (const file of files) inclusiveByFile.set(file, (inclusiveByFile.get(file) ?? 0) + delta);
});

const idle = [...self.entries()].filter(([name]) => name.startsWith("(idle)")).reduce((sum, [, time]) => sum + time, 0);
const busy = total - idle;
const percent = (time: number) => `${((time / busy) * 100).toFixed(1).padStart(5)}%`;
console.log(`${positionals[0]}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages of busy time)\n`);
console.log("self time, by function");
for (const [name, time] of [...self.entries()].filter(([name]) => !name.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${percent(time)}  ${name}`);
console.log("\ninclusive time, by file of this repository");
for (const [file, time] of [...inclusiveByFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${percent(time)}  ${file}`);
