import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** ajv-formats is CommonJS; its default export arrives wrapped under NodeNext. */
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The one ajv instance of the engine: all errors, defaults filled in, strict.
 * Schemas are compiled once and cached by object identity.
 */
export const ajv = addFormats(new Ajv({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true }));

/** Texts whose format answers are remembered at a time (`remembered`). */
const REMEMBERED_ANSWERS = 4_096;

// ajv-formats' full `date-time` check splits the text and matches two regular expressions, allocating each time; a
// large feed repeats a few timestamps (every inventory record of a snapshot has its `asOf`), so answers are remembered.
const dateTime = ajv.formats['date-time'] as { validate: (text: string) => boolean; compare: (a: string, b: string) => number | undefined };
ajv.addFormat('date-time', { ...dateTime, validate: remembered(dateTime.validate) });

/** Remembers a text check's answers: up to `REMEMBERED_ANSWERS` texts at a time, forgotten all at once when full. */
function remembered(check: (text: string) => boolean): (text: string) => boolean {
  const answers = new Map<string, boolean>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      if (answers.size === REMEMBERED_ANSWERS) answers.clear();
      answers.set(text, (answer = check(text)));
    }
    return answer;
  };
}

const compiled = new WeakMap<object, ValidateFunction>();

export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export interface FieldError {
  /** Dotted path of the failing field, e.g. `lines[0].quantity`; empty for the record itself. */
  field: string;
  message: string;
}

/** Validates (and fills defaults into) `value`; returns the field errors, empty when valid. */
export function validateAgainst(schema: object, value: unknown): FieldError[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  // A bad property name is reported by its own error (with the name); ajv's summary "property name must be valid" adds nothing.
  return (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map(toFieldError);
}

function toFieldError(error: ErrorObject): FieldError {
  let field = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  let message = error.message ?? 'is invalid';
  if (error.propertyName !== undefined) {
    field = field ? `${field}.${error.propertyName}` : error.propertyName;
    message = `is not an allowed name: ${message}`;
  } else if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    field = field ? `${field}.${missing}` : missing;
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    field = field ? `${field}.${extra}` : extra;
    message = 'is not a known field';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { field, message };
}
