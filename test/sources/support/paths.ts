import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
/** Third-party material (captures, corpora, seed); absent on some machines, so tests skip without it. */
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const hasShared = (...parts: string[]): boolean => existsSync(path.join(sharedDir, ...parts));

/** Every file under `dir`, walked iteratively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) stack.push(full);
      else out.push(full);
    }
  }
  return out.sort();
}
