import type { Id, Location } from '../domain/types.js';
import type { Candidate, DistanceLimit, RuleHandlers, RulePlugin, RuleReport } from '../plugin-api/contracts.js';
import { templateOf, toVerdict } from '../plugin-api/messages.js';
import type { RuleVerdict } from '../model/problem.js';

/** A rule plugin with its handlers for one batch and iteration. */
export interface RuleSet {
  plugin: RulePlugin;
  handlers: RuleHandlers;
}

type Report = RuleReport & { ruleId: Id };
type CandidateAt = (position: number, distance: number) => Candidate;

/** One rule set's answers to its fast hooks: per location asked up front, per (variant, location) when first met. */
interface Answers {
  plugin: RulePlugin;
  handlers: RuleHandlers;
  /** `filterLocation`'s removal at each location (null: kept), or null when the rule has no such hook. */
  byLocation: Array<Report | null> | null;
  /** `distanceLimit`'s limit at each location (Infinity: none), or null when the rule has no such hook. */
  limits: Float64Array | null;
  limitAt: Array<DistanceLimit | null>;
  byVariant: Map<Id, Array<Report | null | undefined>>;
}

/**
 * A rule's removal of a candidate: counted by rule and message for every
 * candidate, its report made only when the removal is listed one by one. One
 * object per `CandidateRules`, valid until its next `removal` call: the
 * filter meets millions of removed candidates on large pools.
 */
export class CandidateRemoval {
  plugin!: RulePlugin;
  ruleId!: Id;
  messageId!: string;
  private made: Report | null = null;
  private limit: DistanceLimit | null = null;
  private candidateAt: CandidateAt | null = null;
  private position = 0;
  private distance = 0;

  /** A removal with its report, or (report null) by a distance limit, whose report is made on request from the candidate. */
  set(plugin: RulePlugin, report: Report | null, limit: DistanceLimit | null, candidateAt: CandidateAt, position: number, distance: number): this {
    const by = (report ?? limit)!;
    this.plugin = plugin;
    this.made = report;
    this.limit = limit;
    this.ruleId = by.ruleId;
    this.messageId = by.messageId;
    this.candidateAt = candidateAt;
    this.position = position;
    this.distance = distance;
    return this;
  }

  /** The removal's verdict, made when called (a listed removal may be displaced by a nearer one before then); valid after later `removal` calls. */
  verdictLater(): () => RuleVerdict {
    const { plugin, made, limit, candidateAt, position, distance, ruleId, messageId } = this;
    return () => toVerdict(plugin.meta.id, plugin.meta.messages, ruleId, made ?? { messageId, data: limit!.data(candidateAt!(position, distance)) });
  }
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
  private readonly found = new CandidateRemoval();

  constructor(
    sets: readonly RuleSet[],
    private readonly locations: readonly Location[],
  ) {
    this.answers = sets.map(({ plugin, handlers }) => {
      const limits = handlers.distanceLimit ? new Float64Array(locations.length).fill(Infinity) : null;
      const limitAt: Array<DistanceLimit | null> = [];
      if (limits) {
        locations.forEach((location, position) => {
          const limit = handlers.distanceLimit!(location) ?? null;
          if (limit) {
            templateOf(plugin.meta.id, plugin.meta.messages, limit.messageId);
            limits[position] = limit.limit;
          }
          limitAt.push(limit);
        });
      }
      return {
        plugin,
        handlers,
        byLocation: handlers.filterLocation ? locations.map((location) => handlers.filterLocation!(location) ?? null) : null,
        limits,
        limitAt,
        byVariant: new Map(),
      };
    });
  }

  /**
   * The first rule that removes the candidate of the variant at the location
   * (its position in the run's locations) at `distance`, or undefined.
   * `candidateAt` makes the candidate, only when a rule needs it whole.
   */
  removal(position: number, variantId: Id, distance: number, candidateAt: CandidateAt): CandidateRemoval | undefined {
    for (const answers of this.answers) {
      const { handlers, plugin } = answers;
      let report = answers.byLocation?.[position] ?? null;
      if (!report && handlers.filterVariant) report = this.variantAnswer(answers, variantId, position);
      if (!report && answers.limits && distance > answers.limits[position]!) return this.found.set(plugin, null, answers.limitAt[position]!, candidateAt, position, distance);
      if (!report && handlers.filterCandidate) report = handlers.filterCandidate(candidateAt(position, distance)) ?? null;
      if (report) {
        templateOf(plugin.meta.id, plugin.meta.messages, report.messageId);
        return this.found.set(plugin, report, null, candidateAt, position, distance);
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
