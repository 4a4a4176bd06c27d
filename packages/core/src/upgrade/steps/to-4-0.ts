import { indexFlow } from '../../validator/flow-index.js';
import type { UpgradeStep } from '../upgrade-step.js';

const LABEL_REQUIRED = new Set(['CheckboxGroup', 'RadioButtonsGroup']);

/** 3.1 → 4.0 (spec §1.2, §2.5): `label` becomes required on CheckboxGroup and RadioButtonsGroup. */
export const toVersion4: UpgradeStep = {
  from: '3.1',
  to: '4.0',
  summary: 'label becomes required on CheckboxGroup and RadioButtonsGroup (Form optional, If, Switch, pickers and global references are additions).',
  apply(doc, ctx) {
    for (const screen of indexFlow(doc)?.screens ?? []) {
      for (const component of screen.components) {
        if (component.type === undefined || !LABEL_REQUIRED.has(component.type) || component.node['label'] !== undefined) continue;
        ctx.issue('manual', 'UPGRADE_LABEL_REQUIRED', component.pointer, `${component.type} '${component.name ?? ''}' needs a label from Flow JSON 4.0: write the text shown above the options.`);
      }
    }
  },
};
