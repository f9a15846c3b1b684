/**
 * Coded errors. Every error says what failed, where (plugin, stage, file,
 * record, config path) and, where it can, what to do.
 */

export type ErrorCode =
  | 'E_CONFIG'
  | 'E_DATASET'
  | 'E_GEOCODE'
  | 'E_PLUGIN_DUPLICATE'
  | 'E_PLUGIN_UNKNOWN'
  | 'E_PLUGIN_OPTIONS'
  | 'E_PLUGIN_INVALID'
  | 'E_PLUGIN_INCOMPATIBLE'
  | 'E_PROFILE'
  | 'E_SOLVER'
  | 'E_STORE'
  | 'E_STORE_LOCKED'
  | 'E_QUEUE'
  | 'E_LIFECYCLE'
  | 'E_USAGE'
  | 'E_CANCELLED'
  | 'E_HOOK'
  | 'E_HOOK_TIMEOUT';

/** Where a problem was found; every field is optional, the more the better. */
export interface IssueLocation {
  pluginId?: string;
  stage?: string;
  file?: string;
  /** Record number (1-based line of an NDJSON file, or position in a JSON array). */
  recordNumber?: number;
  recordId?: string;
  /** JSON path of the failing field inside the record, e.g. `options.maxDistance`. */
  field?: string;
}

/** One problem with an input record or a piece of configuration. */
export interface Issue extends IssueLocation {
  code: ErrorCode;
  message: string;
}

/** Renders `E_CODE: file#record id "X" at field: message` for one issue. */
export function formatIssue(issue: Issue): string {
  const where: string[] = [];
  if (issue.pluginId) where.push(`plugin "${issue.pluginId}"`);
  if (issue.file) where.push(issue.recordNumber ? `${issue.file}#${issue.recordNumber}` : issue.file);
  if (issue.recordId) where.push(`record "${issue.recordId}"`);
  if (issue.field) where.push(`at ${issue.field}`);
  return `${issue.code}: ${where.length > 0 ? `${where.join(' ')}: ` : ''}${issue.message}`;
}

/** The codes with a page of their own in docs/errors/ (test/docs/error-pages.test.ts keeps the two equal). */
export const CODES_WITH_PAGES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['E_CONFIG', 'E_PLUGIN_UNKNOWN', 'E_PLUGIN_DUPLICATE', 'E_PLUGIN_INVALID', 'E_PLUGIN_INCOMPATIBLE', 'E_PLUGIN_OPTIONS', 'E_HOOK', 'E_HOOK_TIMEOUT']);

export class OpenDomError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  /** The message lists every issue below its first line, unless the message is already the single issue. */
  constructor(code: ErrorCode, message: string, issues: Issue[] = []) {
    const single = issues.length === 1 && message === formatIssue(issues[0]!);
    super(issues.length > 0 && !single ? `${message}\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}` : message);
    this.name = 'OpenDomError';
    this.code = code;
    this.issues = issues;
  }

  /** The pages of docs/errors/ about this error's codes (its own and its issues'), for the errors a partner meets. */
  get helpPages(): string[] {
    const codes = new Set([this.code, ...this.issues.map((i) => i.code)]);
    return [...codes].filter((code) => CODES_WITH_PAGES.has(code)).map((code) => `docs/errors/${code}.md`);
  }

  /** An error made of exactly one issue. */
  static of(issue: Issue): OpenDomError {
    return new OpenDomError(issue.code, formatIssue(issue), [issue]);
  }
}
