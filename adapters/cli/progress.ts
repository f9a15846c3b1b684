import cliProgress from 'cli-progress';
import { InvalidArgumentError } from 'commander';

/** How progress is shown: a bar on a terminal, one line per update (for logs and scripts), or not at all. */
export type ProgressMode = 'bar' | 'lines' | 'none';

/** The mode of `--progress`, default: a bar on a terminal, nothing otherwise (pipes and logs stay clean). */
export function progressMode(option: string | undefined): ProgressMode {
  return option === 'lines' || option === 'none' || option === 'bar' ? option : process.stderr.isTTY ? 'bar' : 'none';
}

/** Parses `--progress`. */
export function progressChoice(value: string): string {
  if (!['bar', 'lines', 'none'].includes(value)) throw new InvalidArgumentError('must be bar, lines or none');
  return value;
}

/**
 * Progress of a run of several batches (or an apply of many orders) on
 * stderr. Returns the callback to feed and a `stop` for the end.
 */
export function progressBar(label: string, mode: ProgressMode = progressMode(undefined)): { update(done: number, total: number): void; stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (mode === 'lines') return void process.stderr.write(`${label} ${done}/${total}\n`);
      if (mode !== 'bar' || total < 2) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} {percentage}% | {duration_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
