/** A named pipeline stage with typed input and output. */
export interface Stage<I, O> {
  readonly name: StageName;
  run(input: I): Promise<O>;
}

export type StageName = 'load' | 'filter' | 'build-model' | 'solve' | 'post-process';

/** Milliseconds spent in each stage of a run (summed over batches and iterations). */
export type StageTimings = Record<StageName, number>;

export function emptyTimings(): StageTimings {
  return { load: 0, filter: 0, 'build-model': 0, solve: 0, 'post-process': 0 };
}

/** Runs a stage and adds its wall time to the timings. */
export async function runTimed<I, O>(stage: Stage<I, O>, input: I, timings: StageTimings): Promise<O> {
  const start = performance.now();
  try {
    return await stage.run(input);
  } finally {
    timings[stage.name] += performance.now() - start;
  }
}
