/**
 * The address-space cap (RLIMIT_AS) of an account's engine process. What the cap must leave room
 * for, measured on Linux x86-64 with Node 20–24 and DuckDB 1.5: node with DuckDB loaded and a
 * query run reserves about 1.4 GB of address space before any data; each DuckDB thread adds its
 * stack (8 MiB) and malloc arenas are held to four (engine-process.ts). DuckDB's own buffers stay
 * within memory_limit; strings built by concatenation are not counted there and are what the cap
 * stops, so it allows them as much again as memory_limit before DuckDB's allocations fail.
 */
import { availableParallelism, totalmem } from 'node:os';

const MiB = 1024 * 1024;
const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: MiB, gib: 1024 * MiB, tib: 1024 * 1024 * MiB };

/** Bytes of a DuckDB memory size (`'4GB'`, `'1536MiB'`); undefined when it is not one. */
export function bytesOf(size: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?i?b)$/i.exec(size.trim());
  const unit = match && UNITS[match[2]!.toLowerCase()];
  return match && unit ? Math.floor(Number(match[1]) * unit) : undefined;
}

/** Address space of the process before any query data: node, DuckDB, one stack per thread. */
export function baseAddressSpace(threads: number = availableParallelism()): number {
  return 1536 * MiB + threads * 16 * MiB;
}

/**
 * @example
 * addressSpaceOf({ memoryLimit: '256MiB', threads: 2 }); // 1.5 GiB + 32 MiB + 2 × 256 MiB
 */
export function addressSpaceOf(options: { memoryLimit?: string; threads?: number; addressSpaceBytes?: number }): number {
  if (options.addressSpaceBytes) return options.addressSpaceBytes;
  // DuckDB's own default memory_limit is 80% of the host's memory.
  const memory = (options.memoryLimit && bytesOf(options.memoryLimit)) || Math.floor(totalmem() * 0.8);
  return baseAddressSpace(options.threads) + 2 * memory;
}

/**
 * The account's spill space (DuckDB's max_temp_directory_size): four times its memory limit
 * unless set. DuckDB's own default, 90% of the free disk, would let one account's sort fill the
 * disk every account and the server write to.
 *
 * @example
 * spillLimitOf({ memoryLimit: '1536MiB' }); // '6144MiB'
 */
export function spillLimitOf(options: { memoryLimit?: string; spillLimit?: string }): string {
  if (options.spillLimit) return options.spillLimit;
  const memory = (options.memoryLimit && bytesOf(options.memoryLimit)) || Math.floor(totalmem() * 0.8);
  return `${Math.max(64, Math.floor((4 * memory) / MiB))}MiB`;
}
