import { OpenDomError } from '../errors/errors.js';
import type { RuleVerdict } from '../model/problem.js';
import type { MessageTemplates, RuleReport } from './contracts.js';

/** Fills `{name}` placeholders of a template from data. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** Turns a plugin's report into a verdict with its rendered message; an unknown message id is the plugin's bug. */
export function toVerdict(pluginId: string, messages: MessageTemplates | undefined, ruleId: string, report: RuleReport): RuleVerdict {
  const template = messages?.[report.messageId];
  if (template === undefined) {
    throw OpenDomError.of({
      code: 'E_PLUGIN_INVALID',
      pluginId,
      field: 'meta.messages',
      message: `reported message id "${report.messageId}" which its meta.messages does not define`,
    });
  }
  return { ruleId, pluginId, messageId: report.messageId, message: renderMessage(template, report.data), data: report.data };
}
