/**
 * File name of an exported LP model: the name given for the first model;
 * `<stem>.b<batch>-i<iteration>.lp` for the others, so that a run of several
 * batches or iterations writes one file per model.
 */
export function lpFileName(file: string, where: { batch: number; iteration: 1 | 2 }, ordinal: number): string {
  if (ordinal === 0) return file;
  const stem = file.replace(/\.lp$/i, '');
  return `${stem}.b${where.batch}-i${where.iteration}.lp`;
}
