import type { Id, Location } from '../domain/types.js';
import type { Candidate, RuleHandlers, RulePlugin, RuleReport } from '../plugin-api/contracts.js';
import { templateOf } from '../plugin-api/messages.js';

/** A rule plugin with its handlers for one batch and iteration. */
export interface RuleSet {
  plugin: RulePlugin;
  handlers: RuleHandlers;
}

/** A rule's removal of a candidate, with its report (rendered only if the removal is listed). */
export interface CandidateRemoval {
  plugin: RulePlugin;
  report: RuleReport & { ruleId: Id };
}

type Report = RuleReport & { ruleId: Id };
type LimitReport = (candidate: Candidate) => Report;

/** One rule set's answers to its fast hooks: per location asked up front, per (variant, location) when first met. */
interface Answers {
  plugin: RulePlugin;
  handlers: RuleHandlers;
  /** `filterLocation`'s removal at each location (null: kept), or null when the rule has no such hook. */
  byLocation: Array<Report | null> | null;
  /** `distanceLimit` at each location (Infinity: none), with its report, or null when the rule has no such hook. */
  limits: Float64Array | null;
  limitReports: Array<LimitReport | null>;
  byVariant: Map<Id, Array<Report | null | undefined>>;
}

/**
 * The rules' candidate filters of one batch and iteration. For each
 * candidate the rules are asked in the profile's order; each rule by its
 * fast forms first — `filterLocation` and `distanceLimit` answered once per
 * location, `filterVariant` once per (variant, location) — then by its
 * per-candidate `filterCandidate`, the slow path. The first rule that removes
 * the candidate gives the reason.
 */
export class CandidateRules {
  private readonly answers: Answers[];

  constructor(
    sets: readonly RuleSet[],
    private readonly locations: readonly Location[],
  ) {
    this.answers = sets.map(({ plugin, handlers }) => {
      const limits = handlers.distanceLimit ? new Float64Array(locations.length).fill(Infinity) : null;
      const limitReports: Array<LimitReport | null> = [];
      if (limits) {
        locations.forEach((location, position) => {
          const limit = handlers.distanceLimit!(location);
          if (limit) limits[position] = limit.limit;
          limitReports.push(limit ? limit.report : null);
        });
      }
      return {
        plugin,
        handlers,
        byLocation: handlers.filterLocation ? locations.map((location) => handlers.filterLocation!(location) ?? null) : null,
        limits,
        limitReports,
        byVariant: new Map(),
      };
    });
  }

  /**
   * The first rule that removes the candidate of the variant at the location
   * (its position in the run's locations) at `distance`, or undefined.
   * `candidateAt` makes the candidate, only when a rule needs it whole.
   */
  removal(position: number, variantId: Id, distance: number, candidateAt: (position: number, distance: number) => Candidate): CandidateRemoval | undefined {
    for (const answers of this.answers) {
      const { handlers } = answers;
      let report = answers.byLocation?.[position] ?? null;
      if (!report && handlers.filterVariant) report = this.variantAnswer(answers, variantId, position);
      if (!report && answers.limits && distance > answers.limits[position]!) report = answers.limitReports[position]!(candidateAt(position, distance));
      if (!report && handlers.filterCandidate) report = handlers.filterCandidate(candidateAt(position, distance)) ?? null;
      if (report) {
        templateOf(answers.plugin.meta.id, answers.plugin.meta.messages, report.messageId);
        return { plugin: answers.plugin, report };
      }
    }
    return undefined;
  }

  private variantAnswer(answers: Answers, variantId: Id, position: number): Report | null {
    let atVariant = answers.byVariant.get(variantId);
    if (!atVariant) answers.byVariant.set(variantId, (atVariant = new Array<Report | null | undefined>(this.locations.length).fill(undefined)));
    return (atVariant[position] ??= answers.handlers.filterVariant!(variantId, this.locations[position]!) ?? null);
  }
}
