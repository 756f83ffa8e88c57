import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of this process (worker threads included) since the last
 * {@link resetPeakRss}, in MiB: the kernel's high-water mark (`VmHWM`), so no peak between two
 * samples is missed. Null where `/proc` is not available.
 */
export function peakRssMb(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Resets the high-water mark to the current resident size (Linux `clear_refs` 5); false where unsupported. */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU milliseconds (user + system) this process has used, every thread included. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * The id of the local server process started with `port` among its arguments (DynamoDB Local's
 * `-port N`, s3rver's `-p N`) whose command line mentions `marker`; null when not found.
 */
export function serverPid(port: number | string, marker: string): number | null {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let args: string[];
      try {
        args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue;
      }
      // The watchdog's own command line repeats the server's: the server is the one that is not node -e.
      if (args.includes('-e')) continue;
      if (args.includes(String(port)) && args.some((arg) => arg.includes(marker))) return Number(entry);
    }
  } catch {
    return null;
  }
  return null;
}

/** CPU milliseconds (user + system) another process has used; null when it cannot be read. */
export function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
