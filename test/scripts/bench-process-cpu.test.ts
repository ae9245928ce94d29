import { describe, expect, it } from "vitest";
import { listeningPorts, openFilesLimit } from "../../scripts/bench/worker-process.ts";
import { coresUsed, cpuSecondsUsed, descendantsOf, machineBusyS, parseProcStat, roleOf, type CpuSnapshot } from "../../scripts/bench/process-cpu.ts";

describe("reading /proc", () => {
  it("parses a stat line, even when the command name holds spaces and parentheses", () => {
    const line = "4242 (node (worker) x) S 7 4242 4242 0 -1 4194560 1 0 0 0 150 25 3 4 20 0 11 0 5 0 0";
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 7, ticks: 175 });
    expect(parseProcStat("garbage")).toBeNull();
  });

  it("finds every descendant of a process", () => {
    const table = [
      { pid: 10, ppid: 1, ticks: 0 },
      { pid: 11, ppid: 10, ticks: 0 },
      { pid: 12, ppid: 11, ticks: 0 },
      { pid: 13, ppid: 10, ticks: 0 },
      { pid: 20, ppid: 1, ticks: 0 },
    ];
    expect(descendantsOf(10, table).sort()).toEqual([11, 12, 13]);
    expect(descendantsOf(20, table)).toEqual([]);
  });

  it("sums the busy states of the machine", () => {
    expect(machineBusyS("cpu  100 0 50 900 10 0 5 0 0 0\ncpu0 1 2 3")).toBeCloseTo(1.55);
    expect(machineBusyS("nonsense")).toBeNull();
  });
});

describe("roles", () => {
  it("tells the dev proxy (on the API port) from the Worker's workerd, wrangler and known scripts", () => {
    expect(roleOf("/x/workerd serve --binary --socket-addr=entry=127.0.0.1:8787 --external-addr=loopback=127.0.0.1:4 -", 8787)).toBe("proxy");
    expect(roleOf("/x/workerd serve --binary --socket-addr=entry=127.0.0.1:0 --external-addr=loopback=127.0.0.1:8787 -", 8787)).toBe("worker");
    expect(roleOf("/x/workerd serve --socket-addr=entry=127.0.0.1:87870 -", 8787)).toBe("worker");
    expect(roleOf("node /x/wrangler/bin/wrangler.js dev --port 8787", 8787)).toBe("wrangler");
    expect(roleOf("node /x/scripts/bench/stub-process.ts", 8787, { stub: "stub-process.ts" })).toBe("stub");
    expect(roleOf("/x/esbuild --service", 8787)).toBe("other");
    // The workerd host: one workerd, its socket in its config file; its watchdog only names it.
    expect(roleOf("/x/node_modules/wrangler/node_modules/workerd/bin/workerd serve /d/workerd/bundle/workerd.capnp --experimental", 8787)).toBe("worker");
    expect(roleOf("/x/node /x/scripts/stack/watchdog.ts /x/node_modules/workerd/bin/workerd serve /d/workerd.capnp", 8787)).not.toBe("worker");
  });
});

describe("coresUsed", () => {
  const snapshot = (benchS: number, machineS: number | null, processes: CpuSnapshot["processes"]): CpuSnapshot => ({ benchS, machineS, processes });

  it("turns CPU seconds into cores per role, and leaves the rest of the machine as foreign", () => {
    const before = snapshot(1, 100, [
      { pid: 10, role: "proxy", ticks: 100 },
      { pid: 11, role: "worker", ticks: 200 },
    ]);
    const after = snapshot(2, 110, [
      { pid: 10, role: "proxy", ticks: 300 },
      { pid: 11, role: "worker", ticks: 600 },
    ]);
    const used = coresUsed(before, after, 10);
    expect(used.proxy).toBe(0.2);
    expect(used.worker).toBe(0.4);
    expect(used.bench).toBe(0.1);
    // 10 busy seconds on the machine, 7 of them ours.
    expect(used.foreign).toBe(0.3);
  });

  it("counts a process that started in between from zero (a restarted Worker), and drops one that ended", () => {
    const before = snapshot(0, null, [{ pid: 11, role: "worker", ticks: 5_000 }]);
    const after = snapshot(0, null, [{ pid: 12, role: "worker", ticks: 300 }]);
    const used = coresUsed(before, after, 10);
    expect(used.worker).toBe(0.3);
    expect(used.foreign).toBe(0);
  });

  it("gives CPU seconds unrounded, for CPU per request finer than a hundredth of a core", () => {
    const before = snapshot(0, null, [{ pid: 11, role: "worker", ticks: 1_000 }]);
    const after = snapshot(0, null, [{ pid: 11, role: "worker", ticks: 1_363 }]);
    expect(cpuSecondsUsed(before, after).worker).toBeCloseTo(3.63, 10);
    expect(coresUsed(before, after, 15).worker).toBe(0.24);
  });
});

describe("the Worker's process", () => {
  it("reads the soft limit on open files", () => {
    const limits = ["Limit                     Soft Limit           Hard Limit           Units", "Max processes             95000                95000                processes", "Max open files            20000                40000                files"].join("\n");
    expect(openFilesLimit(limits)).toBe(20_000);
    expect(openFilesLimit("nothing here")).toBeNull();
  });


  it("lists the loopback ports a process listens on, from /proc/net/tcp", () => {
    const table = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:A1B2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0",
      "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9999 1 0000000000000000 100 0 0 10 0",
      "   2: 0100007F:C350 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 4243 1 0000000000000000 20 4 30 10 -1",
      "   3: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4244 1 0000000000000000 100 0 0 10 0",
    ].join("\n");
    // 9999 belongs to someone else, 4243 is an established connection, 4244 listens on 0.0.0.0.
    expect(listeningPorts(table, new Set([4242, 4243, 4244]))).toEqual([0xa1b2]);
  });
});
