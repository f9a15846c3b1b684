import loadGlpk, { type LP, type Result } from 'glpk.js/node';
import {
  OpenDomError,
  humanNumber,
  arcQuantitiesFromColumns,
  emptyModelOutcome,
  failedOutcome,
  loadOnce,
  mergedRows,
  type LinearModel,
  type SolveInput,
  type SolveOutcome,
  type SolveStatus,
  type SolverPlugin,
} from '../../../core/index.js';

/**
 * A second production solver: hands the linear model to GLPK (the
 * WebAssembly build of the `glpk.js` package). It solves the same models
 * as dom/highs, far more slowly: it needs the small batches and the
 * decomposed parts the engine gives production solvers, and always stops at
 * a time limit. glpk.js has no MIP start and reports no MIP bound, so a
 * solve stopped by the time limit takes its bound from the LP relaxation.
 */

export interface GlpkSolverOptions {
  /** Longest a solve may take, in seconds; the run's time limit applies when it is smaller. */
  timeLimitSeconds?: number;
}

type Glpk = Awaited<ReturnType<typeof loadGlpk>>;

const PLUGIN_ID = 'dom/glpk';
const DEFAULT_TIME_LIMIT_SECONDS = 30;

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeLimitSeconds: {
      type: 'number',
      exclusiveMinimum: 0,
      default: DEFAULT_TIME_LIMIT_SECONDS,
      description: 'Longest a solve may take, in seconds (the run time limit applies when smaller).',
    },
  },
} as const;

/** The wasm runtime, loaded (compiled) once per process. */
const loadRuntime = loadOnce<Glpk>(() => loadGlpk());

export const glpkSolver: SolverPlugin<GlpkSolverOptions> = {
  meta: {
    id: PLUGIN_ID,
    version: '1.0.0',
    compatibility: '^1.0.0',
    kind: 'production',
    defaultBatchSize: 150,
    maxBatchLines: 300,
    description: 'Solves the linear model (MIP) with GLPK, compiled to WebAssembly: slower than dom/highs, for small batches.',
    optionsSchema,
  },
  /** Loads the runtime and solves a one-column MIP, so no batch pays for compiling GLPK. */
  async create(options) {
    const glpk = await loadRuntime();
    glpk.solve(toLp(glpk, ONE_COLUMN), { msglev: glpk.GLP_MSG_OFF });
    const ceiling = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
    return { solve: async (input) => solveWithGlpk(glpk, input, ceiling) };
  },
};

function solveWithGlpk(glpk: Glpk, input: SolveInput, ceiling: number): SolveOutcome {
  const model = input.model;
  if (!model) {
    throw OpenDomError.of({ code: 'E_SOLVER', pluginId: PLUGIN_ID, message: 'needs the linear model, but input.model is null (dom/glpk is a production solver)' });
  }
  if (model.numCols === 0) return emptyModelOutcome(model);
  const timeLimit = input.timeLimitSeconds > 0 ? Math.min(input.timeLimitSeconds, ceiling) : ceiling;
  const isMip = model.colInteger.includes(1);
  try {
    const lp = toLp(glpk, model);
    const { result } = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: timeLimit, mipgap: Math.max(0, input.relativeGap) });
    const status = classify(glpk, result.status, isMip);
    if (status !== 'optimal' && status !== 'feasible') {
      return { ...failedOutcome(model, statusNotes(status, timeLimit)), status };
    }
    const columnValues = Float64Array.from({ length: model.numCols }, (_, col) => result.vars[columnName(col)] ?? 0);
    const objective = result.z + model.objectiveOffset;
    const bound = status === 'optimal' ? optimalBound(result, model, isMip ? Math.max(0, input.relativeGap) : 0) : relaxationBound(glpk, lp, model, timeLimit);
    return {
      status,
      arcQuantities: arcQuantitiesFromColumns(model, columnValues),
      columnValues,
      objective,
      bound,
      gap: bound === null ? null : Math.abs(objective - bound) / Math.max(1, Math.abs(objective)),
      notes: statusNotes(status, timeLimit),
    };
  } catch (error) {
    return failedOutcome(model, [`GLPK failed: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/** What GLPK's solution status means for the engine (a MIP reports GLP_FEAS only when stopped with an incumbent). */
function classify(glpk: Glpk, status: number, isMip: boolean): SolveStatus {
  switch (status) {
    case glpk.GLP_OPT:
      return 'optimal';
    case glpk.GLP_FEAS:
      return isMip ? 'feasible' : 'no-solution';
    case glpk.GLP_NOFEAS:
      return 'infeasible';
    case glpk.GLP_UNDEF:
    case glpk.GLP_INFEAS:
      return 'no-solution';
    default:
      return 'error';
  }
}

function statusNotes(status: SolveStatus, timeLimit: number): string[] {
  switch (status) {
    case 'feasible':
      return [`GLPK reached the time limit of ${humanNumber(timeLimit)} s: returning the best solution found (bound from the LP relaxation).`];
    case 'no-solution':
      return [`GLPK found no solution within the time limit of ${humanNumber(timeLimit)} s.`];
    case 'error':
      return ['GLPK ended with an unexpected status.'];
    default:
      return [];
  }
}

/** GLPK stops a MIP when |z − best bound| ≤ gap × (|z| + ε), so the bound is at least z less that. */
function optimalBound(result: Result['result'], model: LinearModel, gap: number): number {
  return result.z - gap * (Math.abs(result.z) + Number.EPSILON) + model.objectiveOffset;
}

/** The LP relaxation's optimum, a valid bound when the MIP search was cut short (null if that LP does not finish). */
function relaxationBound(glpk: Glpk, lp: LP, model: LinearModel, timeLimit: number): number | null {
  const { result } = glpk.solve({ ...lp, generals: [] }, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: timeLimit });
  return result.status === glpk.GLP_OPT ? result.z + model.objectiveOffset : null;
}

// ------------------------------------------------------------ model data ----

const columnName = (col: number) => `c${col}`;

/** The model in glpk.js's form: columns c0…, rows r0…, repeated row entries summed (GLPK refuses them). */
function toLp(glpk: Glpk, model: LinearModel): LP {
  const { starts, indices, values } = mergedRows(model);
  const subjectTo: LP['subjectTo'] = [];
  for (let row = 0; row < model.rows.lower.length; row++) {
    const vars = [];
    for (let k = starts[row]!; k < starts[row + 1]!; k++) vars.push({ name: columnName(indices[k]!), coef: values[k]! });
    subjectTo.push({ name: `r${row}`, vars, bnds: bounds(glpk, model.rows.lower[row]!, model.rows.upper[row]!) });
  }
  const names = Array.from({ length: model.numCols }, (_, col) => columnName(col));
  return {
    name: 'opendom',
    objective: { direction: glpk.GLP_MIN, name: 'objective', vars: names.map((name, col) => ({ name, coef: model.colCost[col]! })) },
    subjectTo,
    bounds: names.map((name, col) => ({ name, ...bounds(glpk, model.colLower[col]!, model.colUpper[col]!) })),
    generals: names.filter((_, col) => model.colInteger[col] === 1),
  };
}

function bounds(glpk: Glpk, lower: number, upper: number): { type: number; lb: number; ub: number } {
  const hasLower = Number.isFinite(lower);
  const hasUpper = Number.isFinite(upper);
  if (hasLower && hasUpper) return { type: lower === upper ? glpk.GLP_FX : glpk.GLP_DB, lb: lower, ub: upper };
  if (hasLower) return { type: glpk.GLP_LO, lb: lower, ub: 0 };
  if (hasUpper) return { type: glpk.GLP_UP, lb: 0, ub: upper };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

/** The warm-up model: min x, x ≥ 0.5, x integer in [0, 2]. */
const ONE_COLUMN: LinearModel = {
  numCols: 1,
  colNames: ['x'],
  colLower: Float64Array.of(0),
  colUpper: Float64Array.of(2),
  colInteger: Uint8Array.of(1),
  rows: { names: ['r'], lower: Float64Array.of(0.5), upper: Float64Array.of(Infinity), starts: Int32Array.of(0, 1), indices: Int32Array.of(0), values: Float64Array.of(1) },
  levels: [],
  colCost: Float64Array.of(1),
  objectiveOffset: 0,
  arcColumns: new Int32Array(0),
  arcUnits: new Float64Array(0),
};
