import { LIMITS, type ConfigProblem } from '../../core/index.js';

/** A half-open distance interval [from, to); `to: null` is open-ended. */
export interface DistanceBand {
  from: number;
  to: number | null;
}

/** Schema properties of a band. */
export const bandProperties = {
  from: { type: 'number', minimum: 0, maximum: LIMITS.distance },
  to: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: LIMITS.distance, default: null },
} as const;

/** The index of the band that holds `distance`, or -1. */
export function bandAt(bands: readonly DistanceBand[], distance: number): number {
  return bands.findIndex((b) => b.from <= distance && (b.to === null || distance < b.to));
}

/**
 * Problems of a list of bands (`path` is its config path, e.g.
 * `options.tiers`): a band that ends before it starts, and — in order of
 * `from`, whatever the order given — overlaps and gaps between neighbours.
 * With `cover`, the bands must also start at 0 and end open, so that every
 * distance falls in one.
 */
export function checkBands(bands: readonly DistanceBand[], path: string, cover = false): ConfigProblem[] {
  const list = path.replace(/^options\./, '');
  const label = (i: number) => `${list}[${i}]`;
  const described = (i: number) => `${label(i)} ${show(bands[i]!)}`;
  const problems: ConfigProblem[] = [];
  bands.forEach((b, i) => {
    if (b.to !== null && b.to <= b.from) problems.push({ field: `${path}[${i}].to`, message: `${described(i)} ends before it starts: to must be greater than from` });
  });
  if (problems.length > 0) return problems;
  const order = bands.map((_, i) => i).sort((a, b) => bands[a]!.from - bands[b]!.from);
  for (let k = 1; k < order.length; k++) {
    const [prev, next] = [order[k - 1]!, order[k]!];
    const end = bands[prev]!.to;
    const start = bands[next]!.from;
    if (end === null) {
      problems.push({ field: `${path}[${prev}].to`, message: `${described(prev)} and ${described(next)} overlap; end ${label(prev)} at ${start}` });
    } else if (end > start) {
      problems.push({ field: `${path}[${next}].from`, message: `${described(prev)} and ${described(next)} overlap; start ${label(next)} at ${end}` });
    } else if (end < start) {
      problems.push({ field: `${path}[${next}].from`, message: `${described(prev)} and ${described(next)} leave a gap [${end}, ${start}) that no band covers; start ${label(next)} at ${end}` });
    }
  }
  if (cover && order.length > 0) {
    const [first, last] = [order[0]!, order.at(-1)!];
    if (bands[first]!.from !== 0) problems.push({ field: `${path}[${first}].from`, message: `${described(first)} must start at 0 so that every distance falls in a band` });
    if (bands[last]!.to !== null) problems.push({ field: `${path}[${last}].to`, message: `${described(last)} must be open-ended (null) so that every distance falls in a band` });
  }
  return problems;
}

function show(band: DistanceBand): string {
  return `[${band.from}, ${band.to ?? '∞'})`;
}
