import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COLLECTION_NAMES, type MemoryRecords } from '../../index.js';

/** The repository root: the CLI runs from here (`node --import tsx adapters/cli/main.ts`). */
export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ARGS = ['--import', 'tsx', 'adapters/cli/main.ts'];

/** Runs the CLI to its end. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [...ARGS, ...args], { cwd: ROOT, timeout: 180_000, maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** Starts the CLI and leaves it running (to be killed by the test). */
export function startCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [...ARGS, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes records as a dataset directory (JSON files; NDJSON for orders). */
export function writeDatasetDir(dir: string, records: MemoryRecords): void {
  mkdirSync(dir, { recursive: true });
  if (records.parameters !== undefined) writeFileSync(join(dir, 'parameters.json'), JSON.stringify(records.parameters));
  for (const name of COLLECTION_NAMES) {
    const values = records[name];
    if (!values) continue;
    const base = name === 'costFactors' ? 'cost-factors' : name;
    if (name === 'orders') writeFileSync(join(dir, `${base}.ndjson`), values.map((v) => `${JSON.stringify(v)}\n`).join(''));
    else writeFileSync(join(dir, `${base}.json`), JSON.stringify(values, null, 2));
  }
}

/**
 * Resolves when a CLI started with `--progress lines` reports `label done/total`
 * with `when(done, total)`; rejects with its output when it exits first.
 */
export function progressReached(child: ChildProcess, label: string, when: (done: number, total: number) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const pattern = new RegExp(`^${label} (\\d+)/(\\d+)$`, 'gm');
    const onData = (chunk: Buffer) => {
      stderr += String(chunk);
      for (const match of stderr.matchAll(pattern)) {
        if (when(Number(match[1]), Number(match[2]))) {
          child.stderr!.off('data', onData);
          return resolve();
        }
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before ${label} was reached: ${stderr.slice(-2000)}`)));
  });
}

/** Collects a started CLI's output from now on; resolves with its exit code, stdout and stderr when it ends. Call it right after starting it. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts `opendom serve` on any free port; resolves with its URL once it listens. */
export async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = startCli(['serve', ...args, '--port', '0']);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const match = /"msg":"OpenDOM serving at (http:\/\/[^"]+)"/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
  });
  return { child, url };
}
