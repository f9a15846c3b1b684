import { describe, it } from 'vitest';
import { describeSolverConformance } from 'opendom/testing';
import { glpkSolver } from '../../plugins/solvers/glpk/glpk.solver.js';
import { greedySolver } from '../../plugins/solvers/greedy/greedy.solver.js';
import { highsSolver } from '../../plugins/solvers/highs/highs.solver.js';

describeSolverConformance(highsSolver, { describe, it });
describeSolverConformance(glpkSolver, { describe, it });
describeSolverConformance(greedySolver, { describe, it });
