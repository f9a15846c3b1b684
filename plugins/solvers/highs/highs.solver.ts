import highsModule, { type Highs, type Model, type ModelData, type ModelStatusCode, type SparseMatrixInput } from 'highs';
import {
  OpenDomError,
  humanNumber,
  arcQuantitiesFromColumns,
  columnValuesOf,
  emptyModelOutcome,
  failedOutcome,
  loadOnce,
  mergedRows,
  noShipments,
  type LinearModel,
  type SolveInput,
  type SolveOutcome,
  type SolveStatus,
  type SolverPlugin,
} from '../../../core/index.js';

/**
 * The production solver: hands the linear model to HiGHS (WebAssembly build
 * of the `highs` package) through its persistent sparse-array API.
 */

export interface HighsSolverOptions {
  /** HiGHS `presolve`. */
  presolve?: 'choose' | 'on' | 'off';
  /** HiGHS `random_seed`: equal seeds make equal runs on the same model. */
  randomSeed?: number;
  /** HiGHS `mip_feasibility_tolerance`; HiGHS's own default (1e-6) when absent. */
  mipFeasibilityTolerance?: number;
}

const PLUGIN_ID = 'dom/highs';
const DEFAULT_PRESOLVE = 'choose';
const DEFAULT_RANDOM_SEED = 0;

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    presolve: { type: 'string', enum: ['choose', 'on', 'off'], default: DEFAULT_PRESOLVE, description: 'HiGHS presolve.' },
    randomSeed: { type: 'integer', minimum: 0, maximum: 2147483647, default: DEFAULT_RANDOM_SEED, description: 'HiGHS random_seed.' },
    mipFeasibilityTolerance: { type: 'number', minimum: 1e-10, description: 'HiGHS mip_feasibility_tolerance (HiGHS default 1e-6).' },
  },
} as const;

// --------------------------------------------------------------- runtime ----

/**
 * `highs` has one types.d.ts for its CommonJS and ES builds; under NodeNext
 * TypeScript takes the default import for the CommonJS exports object, while
 * Node loads the ES build whose default export is the loader itself.
 */
const loadHighs = highsModule as unknown as typeof highsModule.default;

/** The wasm runtime, loaded (compiled) once per process. */
const loadRuntime = loadOnce<Highs>(() => loadHighs());

/** Loads HiGHS and solves a one-column MIP, so the first real solve does not pay for compilation. */
export async function warmUpHighs(): Promise<void> {
  const highs = await loadRuntime();
  const solver = highs.createModel({
    numCols: 1,
    numRows: 1,
    colCost: [1],
    colLower: [0],
    colUpper: [2],
    rowLower: [0.5],
    rowUpper: [Infinity],
    matrix: { format: 'csr', numRows: 1, numCols: 1, starts: [0, 1], indices: [0], values: [1] },
    integrality: [1],
  });
  try {
    solver.options.set({ output_flag: false });
    solver.run();
  } finally {
    solver.dispose();
  }
}

// ---------------------------------------------------------------- plugin ----

export const highsSolver: SolverPlugin<HighsSolverOptions> = {
  meta: {
    id: PLUGIN_ID,
    version: '1.0.0',
    compatibility: '^1.0.0',
    kind: 'production',
    defaultBatchSize: 1500,
    description: 'Solves the linear model (MIP) with HiGHS, compiled to WebAssembly: exact optima, or the best solution within the time limit.',
    optionsSchema,
  },
  /** Warms the runtime up first, so no batch's solve time includes compiling HiGHS. */
  async create(options) {
    await warmUpHighs();
    const settings: HighsSolverOptions = { ...options }; // a copy: later edits of the caller's object do not leak in
    return {
      solve: (input) => solveWithHighs(input, settings),
    };
  },
};

async function solveWithHighs(input: SolveInput, settings: HighsSolverOptions): Promise<SolveOutcome> {
  const model = input.model;
  if (!model) {
    throw OpenDomError.of({ code: 'E_SOLVER', pluginId: PLUGIN_ID, message: 'needs the linear model, but input.model is null (dom/highs is a production solver)' });
  }
  if (model.numCols === 0) return emptyModelOutcome(model);

  const highs = await loadRuntime();
  let solver: Model | undefined;
  try {
    solver = highs.createModel(toModelData(model));
    solver.options.set(highsOptions(settings, input));
    // A MIP start: HiGHS checks it and keeps it as the first incumbent when feasible.
    if (input.start && model.colInteger.includes(1)) solver.setSolution({ colValue: columnValuesOf(model, input.start) });
    const { modelStatus } = solver.run();
    return readOutcome(highs, solver, model, modelStatus, input);
  } catch (error) {
    return failedOutcome(model, [`HiGHS failed: ${error instanceof Error ? error.message : String(error)}`]);
  } finally {
    solver?.dispose();
  }
}

/** The HiGHS option values of one solve (snake_case names as HiGHS knows them). */
function highsOptions(settings: HighsSolverOptions, input: SolveInput): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {
    output_flag: false,
    presolve: settings.presolve ?? DEFAULT_PRESOLVE,
    random_seed: settings.randomSeed ?? DEFAULT_RANDOM_SEED,
    // A limit that is not a positive number means no limit (HiGHS reads 0 as "stop at once").
    time_limit: input.timeLimitSeconds > 0 ? input.timeLimitSeconds : Infinity,
  };
  if (Number.isFinite(input.relativeGap) && input.relativeGap >= 0) values.mip_rel_gap = input.relativeGap;
  if (settings.mipFeasibilityTolerance !== undefined) values.mip_feasibility_tolerance = settings.mipFeasibilityTolerance;
  return values;
}

// ------------------------------------------------------------ model data ----

function toModelData(model: LinearModel): ModelData {
  const rows = model.rows;
  const hasInteger = model.colInteger.some((flag) => flag === 1);
  return {
    numCols: model.numCols,
    numRows: rows.lower.length,
    offset: model.objectiveOffset,
    colCost: model.colCost,
    colLower: model.colLower,
    colUpper: model.colUpper,
    rowLower: rows.lower,
    rowUpper: rows.upper,
    matrix: csrMatrix(model),
    ...(hasInteger ? { integrality: Int32Array.from(model.colInteger) } : {}),
  };
}

/** The rows as HiGHS wants them: CSR, with a column named twice in a row summed (HiGHS refuses repeats). */
function csrMatrix(model: LinearModel): SparseMatrixInput {
  return { format: 'csr', numRows: model.rows.lower.length, numCols: model.numCols, ...mergedRows(model) };
}

// --------------------------------------------------------------- outcome ----

/** What HiGHS's model status means for the engine. */
function classify(highs: Highs, status: ModelStatusCode, hasSolution: boolean, model: LinearModel): SolveStatus {
  const codes = highs.constants.modelStatus;
  switch (status) {
    case codes.optimal:
      return 'optimal';
    case codes.infeasible:
      return 'infeasible';
    case codes.unboundedOrInfeasible:
      // Presolve may not tell the two apart; with every column bounded the model cannot be unbounded.
      return allColumnsBounded(model) ? 'infeasible' : 'error';
    case codes.timeLimit:
    case codes.iterationLimit:
    case codes.solutionLimit:
    case codes.interrupted:
      return hasSolution ? 'feasible' : 'no-solution';
    default:
      return 'error';
  }
}

function readOutcome(highs: Highs, solver: Model, model: LinearModel, status: ModelStatusCode, input: SolveInput): SolveOutcome {
  const hasSolution = readInfo(solver, 'primal_solution_status') === highs.constants.solutionStatus.feasible;
  const solveStatus = classify(highs, status, hasSolution, model);
  const usable = hasSolution && (solveStatus === 'optimal' || solveStatus === 'feasible');
  const isMip = model.colInteger.some((flag) => flag === 1);

  const objective = usable ? solver.getObjectiveValue() : null;
  const columnValues = usable ? solver.getSolution().colValue : undefined;
  const bound = isMip ? (readInfo(solver, 'mip_dual_bound') ?? null) : solveStatus === 'optimal' ? objective : null;
  const gap = relativeGap(objective, bound, isMip ? readInfo(solver, 'mip_gap') : solveStatus === 'optimal' ? 0 : undefined);
  return {
    status: solveStatus,
    arcQuantities: columnValues ? arcQuantitiesFromColumns(model, columnValues) : noShipments(model),
    ...(columnValues ? { columnValues } : {}),
    objective,
    bound,
    gap,
    notes: statusNotes(highs, status, solveStatus, input, gap),
  };
}

/** HiGHS's gap when it has one, else |objective − bound| / max(1, |objective|). */
function relativeGap(objective: number | null, bound: number | null, reported: number | undefined): number | null {
  if (objective === null) return null;
  if (reported !== undefined) return reported;
  if (bound === null) return null;
  return Math.abs(objective - bound) / Math.max(1, Math.abs(objective));
}

function statusNotes(highs: Highs, status: ModelStatusCode, solveStatus: SolveStatus, input: SolveInput, gap: number | null): string[] {
  const codes = highs.constants.modelStatus;
  const found = solveStatus === 'feasible' ? `returning the best solution found${gap === null ? '' : ` (relative gap ${gap.toPrecision(3)})`}` : 'no solution found';
  switch (status) {
    case codes.timeLimit:
      return [`HiGHS reached the time limit of ${humanNumber(input.timeLimitSeconds)} s: ${found}.`];
    case codes.iterationLimit:
    case codes.solutionLimit:
    case codes.interrupted:
      return [`HiGHS stopped early (${statusName(highs, status)}): ${found}.`];
    case codes.unboundedOrInfeasible:
      return solveStatus === 'infeasible'
        ? ['HiGHS reported "infeasible or unbounded"; every column is bounded, so the model is infeasible.']
        : [`HiGHS ended with model status ${statusName(highs, status)} (${status}).`];
    default:
      return solveStatus === 'error' ? [`HiGHS ended with model status ${statusName(highs, status)} (${status}).`] : [];
  }
}

/** The constant's name of a model status code, e.g. `timeLimit`. */
function statusName(highs: Highs, status: ModelStatusCode): string {
  return Object.entries(highs.constants.modelStatus).find(([, code]) => code === status)?.[0] ?? 'unknown';
}

/** A finite info value, or undefined when HiGHS has none (unknown names throw; ±inf means "none"). */
function readInfo(solver: Model, name: string): number | undefined {
  try {
    const value = Number(solver.info.get(name));
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function allColumnsBounded(model: LinearModel): boolean {
  for (let col = 0; col < model.numCols; col++) {
    if (!Number.isFinite(model.colLower[col]!) || !Number.isFinite(model.colUpper[col]!)) return false;
  }
  return true;
}
