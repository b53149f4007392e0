/**
 * What the machine gives a single thread at the moment of a benchmark, so that a reading can be
 * compared with another taken on a different day: the same code has run the preset at 0.9M and at
 * 2.0M model-periods a second on machines of one kind (bench/README.md). Two probes, ~1 s in all:
 *
 * - a chain of dependent float adds: ns an add. Its latency is 3 cycles on AMD Zen 3 and 4 on recent
 *   Intel cores, so it reads the clock the core actually ran at (3 / ns GHz on Zen 3);
 * - reads that each depend on the one before, from random lines of a block of 0.5, 4 and 32 MB: ns
 *   a read. They tell which cache level holds a block of that size for this process (a neighbour on
 *   a shared last-level cache shows as DRAM latency at 4 MB).
 */

/** ns a dependent float add, best of three timed runs. */
function addLatencyNs(): number {
  const steps = 50_000_000;
  const chain = (n: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += i * 1.0000001;
    return s;
  };
  chain(1_000_000); // compile before timing
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const t0 = process.hrtime.bigint();
    if (chain(steps) < 0) throw new Error('unreachable: the sum of non-negative terms');
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / steps);
  }
  return best;
}

/** Ints a 64-byte line. */
const LINE = 16;

/**
 * ns a dependent read from random lines of a block of `mb` MB: the lines form one cycle in an order
 * drawn by xorshift32 (fixed seed), and each read's address is the value the read before returned.
 */
function readLatencyNs(mb: number): number {
  const lines = (mb * 1024 * 1024) / 64;
  const next = new Int32Array(lines * LINE);
  const order = new Int32Array(lines);
  for (let i = 0; i < lines; i++) order[i] = i;
  let x = 2463534242;
  for (let i = lines - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  for (let i = 0; i < lines; i++) next[order[i]! * LINE] = order[(i + 1) % lines]! * LINE;
  const walk = (n: number, from: number): number => {
    let at = from;
    for (let i = 0; i < n; i++) at = next[at]!;
    return at;
  };
  let at = walk(Math.max(lines, 1_000_000), 0); // warm: every line, and the walk compiled
  const steps = 2_000_000;
  const t0 = process.hrtime.bigint();
  at = walk(steps, at);
  const ns = Number(process.hrtime.bigint() - t0) / steps;
  if (at < 0) throw new Error('unreachable: indices are non-negative');
  return ns;
}

export interface MachineProbe {
  addNs: number;
  /** ns a dependent read, by block size. */
  reads: { mb: number; ns: number }[];
}

export function probeMachine(): MachineProbe {
  const reads = [0.5, 4, 32].map((mb) => ({ mb, ns: readLatencyNs(mb) }));
  return { addNs: addLatencyNs(), reads };
}

export function describeProbe(probe: MachineProbe): string {
  const reads = probe.reads.map(({ mb, ns }) => `${mb} MB ${ns.toFixed(0)} ns`).join(', ');
  return `dependent float add ${probe.addNs.toFixed(2)} ns (~${(3 / probe.addNs).toFixed(1)} GHz on Zen 3); dependent random read in ${reads}`;
}
