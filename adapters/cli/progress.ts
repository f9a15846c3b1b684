import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr for runs of several batches (or applies of many
 * orders), shown only on a terminal so that pipes and logs stay clean.
 * Returns the callback to feed and a `stop` for the end.
 */
export function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (!process.stderr.isTTY || total < 2) return;
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
