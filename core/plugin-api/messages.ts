import { OpenDomError } from '../errors/errors.js';
import { humanNumber } from '../plan/human-number.js';
import type { RuleVerdict } from '../model/problem.js';
import type { MessageTemplates, RuleReport } from './contracts.js';

/** A template split at its placeholders: literal text at even positions, placeholder names at odd ones. */
const compiled = new Map<string, string[]>();

/**
 * Fills `{name}` placeholders of a template from data, numbers rounded for
 * people (`humanNumber`; the data keeps every digit); an unknown name stays
 * as written. Templates are split once: a run renders one message per
 * removed candidate, millions on large pools.
 */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{(\w+)\}/)));
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = data[name];
    text += (value === undefined ? `{${name}}` : typeof value === 'number' ? humanNumber(value) : value) + parts[i + 1]!;
  }
  return text;
}

/** Turns a plugin's report into a verdict with its rendered message; an unknown message id is the plugin's bug. */
export function toVerdict(pluginId: string, messages: MessageTemplates | undefined, ruleId: string, report: RuleReport): RuleVerdict {
  const template = templateOf(pluginId, messages, report.messageId);
  return { ruleId, pluginId, messageId: report.messageId, message: renderMessage(template, report.data), data: report.data };
}

/** The template of a reported message id; an unknown id is the plugin's bug. */
export function templateOf(pluginId: string, messages: MessageTemplates | undefined, messageId: string): string {
  const template = messages?.[messageId];
  if (template === undefined) {
    throw OpenDomError.of({
      code: 'E_PLUGIN_INVALID',
      pluginId,
      field: 'meta.messages',
      message: `reported message id "${messageId}" which its meta.messages does not define`,
    });
  }
  return template;
}
