import type { OpenDomPlugin } from 'opendom';
import { co2PerKm } from './co2-per-km.cost-factor.js';
import { hazmatFromDcOnly } from './hazmat-from-dc-only.rule.js';
import { shipmentsFile } from './shipments-file.apply-hook.js';

export { co2PerKm, hazmatFromDcOnly, shipmentsFile };

/** The package OpenDOM loads (`"plugins": ["acme-opendom-plugins"]` in opendom.config.json). */
const acme: OpenDomPlugin = {
  name: 'acme-opendom-plugins',
  register(api) {
    api.addRule(hazmatFromDcOnly);
    api.addCostFactor(co2PerKm);
    api.addApplyHook(shipmentsFile);
  },
};
export default acme;
