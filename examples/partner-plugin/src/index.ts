import type { OpenDomPlugin } from 'opendom';
import { co2PerKm } from './co2-per-km.cost-factor.js';
import { hazmatFromDcOnly } from './hazmat-from-dc-only.rule.js';

export { co2PerKm, hazmatFromDcOnly };

/** The package OpenDOM loads (`"plugins": ["acme-opendom-plugins"]` in opendom.config.json). */
const acme: OpenDomPlugin = {
  name: 'acme-opendom-plugins',
  register(api) {
    api.addRule(hazmatFromDcOnly);
    api.addCostFactor(co2PerKm);
  },
};
export default acme;
