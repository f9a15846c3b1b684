import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OpenDomError, type ErrorCode, type Issue } from '../../index.js';

/**
 * Errors as RFC 9457 problem details (`application/problem+json`): a type
 * naming the project's error code, a title, the HTTP status, what happened
 * (`detail`), each field at fault (`errors`, with the field's path) and,
 * where the code has one, what to do (`todo`). Never a stack trace.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: Array<{ field?: string; file?: string; recordNumber?: number; recordId?: string; message: string }>;
  todo?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The HTTP status of each code, and what to do about it. */
const BY_CODE: Partial<Record<ErrorCode | 'E_NOT_FOUND' | 'E_AUTH' | 'E_FORBIDDEN' | 'E_TOO_LARGE' | 'E_RATE' | 'E_INTERNAL' | 'E_UNAVAILABLE', { status: number; title: string; todo?: string }>> = {
  E_USAGE: { status: 400, title: 'Bad request', todo: 'correct the request as the errors say' },
  E_DATASET: { status: 400, title: 'Invalid data', todo: 'correct the records the errors name' },
  E_CONFIG: { status: 422, title: 'Invalid configuration', todo: 'correct the configuration the errors name, then try again' },
  E_PROFILE: { status: 422, title: 'Invalid profile' },
  E_GEOCODE: { status: 422, title: 'Address not placed', todo: 'give coordinates, or an address the geocoder knows' },
  E_PLUGIN_UNKNOWN: { status: 422, title: 'Unknown plugin' },
  E_PLUGIN_OPTIONS: { status: 422, title: 'Invalid plugin options' },
  E_PLUGIN_INVALID: { status: 500, title: 'Invalid plugin' },
  E_PLUGIN_DUPLICATE: { status: 500, title: 'Duplicate plugin' },
  E_PLUGIN_INCOMPATIBLE: { status: 500, title: 'Incompatible plugin' },
  E_SOLVER: { status: 500, title: 'Solver failed' },
  E_LIFECYCLE: { status: 409, title: 'Not possible in the line\'s state' },
  E_STORE_LOCKED: { status: 409, title: 'Busy', todo: 'wait for the work under way to finish, then try again' },
  E_CANCELLED: { status: 409, title: 'Cancelled' },
  E_HOOK: { status: 502, title: 'A plugin hook failed', todo: 'see docs/errors/E_HOOK.md' },
  E_HOOK_TIMEOUT: { status: 504, title: 'A plugin hook did not answer in time', todo: 'see docs/errors/E_HOOK_TIMEOUT.md' },
  E_STORE: { status: 503, title: 'Store unavailable', todo: 'check the store (opendom serve --database / --store) and try again' },
  E_QUEUE: { status: 503, title: 'Queue unavailable', todo: 'check the Redis of the batch queue (opendom serve --redis) and try again' },
  E_NOT_FOUND: { status: 404, title: 'Not found' },
  E_AUTH: { status: 401, title: 'Unauthorized', todo: 'send a valid API key: Authorization: Bearer <key> (opendom keys create)' },
  E_FORBIDDEN: { status: 403, title: 'Forbidden', todo: 'use a key of a role that may do this (opendom keys create --role …)' },
  E_TOO_LARGE: { status: 413, title: 'Body too large', todo: 'send the records in several requests' },
  E_RATE: { status: 429, title: 'Too many failed authentications', todo: 'wait, then send a valid key' },
  E_UNAVAILABLE: { status: 503, title: 'Shutting down', todo: 'try again on another instance, or once it has restarted' },
  E_INTERNAL: { status: 500, title: 'Internal error', todo: 'report the request id; the service log has the details' },
};

/** An error the service raises itself, with a code of {@link BY_CODE}. */
export class HttpProblem extends Error {
  constructor(readonly code: keyof typeof BY_CODE, message: string, readonly errors: Problem['errors'] = []) {
    super(message);
  }
}

export function problemOf(error: unknown, request: FastifyRequest): Problem {
  const base = (code: keyof typeof BY_CODE, detail: string, errors?: Problem['errors']): Problem => {
    const known = BY_CODE[code] ?? BY_CODE.E_INTERNAL!;
    return {
      type: `urn:opendom:error:${code}`,
      title: known.title,
      status: known.status,
      detail,
      instance: request.url.split('?')[0]!,
      code,
      requestId: request.id,
      ...(errors && errors.length > 0 ? { errors } : {}),
      ...(known.todo ? { todo: known.todo } : {}),
    };
  };
  if (error instanceof HttpProblem) return base(error.code, error.message, error.errors);
  if (error instanceof OpenDomError) return base(error.code, error.message.split('\n')[0]!, error.issues.map(issueOf));
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((v) => ({ field: fieldOf(fastifyError.validationContext ?? 'body', v.instancePath, v.params as Record<string, unknown>), message: messageOf(v.keyword, v.message ?? 'is invalid', v.params as Record<string, unknown>) }));
    return base('E_USAGE', `invalid request ${fastifyError.validationContext ?? 'body'}: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return base('E_TOO_LARGE', 'the request body is larger than the service accepts');
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (fastifyError.statusCode === 400 && fastifyError.message.includes('JSON'))) {
    return base('E_USAGE', `the body is not valid JSON: ${fastifyError.message}`, [{ field: 'body', message: 'is not valid JSON' }]);
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return base('E_USAGE', `unsupported content type: ${fastifyError.message}`, [{ field: 'content-type', message: 'is not supported' }]);
  if (fastifyError.statusCode === 404) return base('E_NOT_FOUND', fastifyError.message);
  if (fastifyError.statusCode === 429) return base('E_RATE', 'too many failed authentications from this address');
  return base('E_INTERNAL', 'the request failed unexpectedly');
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function issueOf(issue: Issue): NonNullable<Problem['errors']>[number] {
  return {
    message: issue.message,
    ...(issue.field !== undefined ? { field: issue.field } : {}),
    ...(issue.file !== undefined ? { file: issue.file } : {}),
    ...(issue.recordNumber !== undefined ? { recordNumber: issue.recordNumber } : {}),
    ...(issue.recordId !== undefined ? { recordId: issue.recordId } : {}),
  };
}

/** `body.lines[0].quantity`: the part of the request, then the JSON path. */
function fieldOf(context: string, instancePath: string, params: Record<string, unknown>): string {
  const path = instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
  const extra = typeof params.missingProperty === 'string' ? `.${params.missingProperty}` : typeof params.additionalProperty === 'string' ? `.${params.additionalProperty}` : '';
  return `${context}${path}${extra}`;
}

function messageOf(keyword: string, message: string, params: Record<string, unknown>): string {
  if (keyword === 'required') return 'is required';
  if (keyword === 'additionalProperties') return 'is not a known field';
  if (keyword === 'enum') return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return message;
}
