import type { UpgradeStep } from './upgrade-step.js';
import { toVersion3 } from './steps/to-3-0.js';
import { toVersion4 } from './steps/to-4-0.js';
import { toVersion5 } from './steps/to-5-0.js';
import { toVersion6 } from './steps/to-6-0.js';
import { toVersion7 } from './steps/to-7-0.js';
import { toVersion73 } from './steps/to-7-3.js';

/**
 * Every transition between consecutive Flow JSON versions of the registry, oldest first (spec §1.2). Steps
 * without `apply` only added things (components, properties, actions): a valid document keeps its meaning.
 */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  toVersion3,
  { from: '3.0', to: '3.1', summary: 'No documented change.' },
  toVersion4,
  toVersion5,
  { from: '5.0', to: '5.1', summary: 'Additions only: RichText, markdown on TextBody/TextCaption, screen sensitive fields.' },
  toVersion6,
  { from: '6.0', to: '6.1', summary: 'Addition only: CalendarPicker.' },
  { from: '6.1', to: '6.2', summary: 'Additions only: NavigationList, TextInput pattern.' },
  { from: '6.2', to: '6.3', summary: 'Addition and a relaxation: ChipsSelector; RichText may share its screen with a Footer.' },
  toVersion7,
  { from: '7.0', to: '7.1', summary: 'Additions only: ChipsSelector in If/Switch with actions, ImageCarousel.' },
  {
    from: '7.1',
    to: '7.2',
    summary: 'Variables referenced in nested expressions inside actions must exist in the data model (not rewritable: the validator reports each).',
  },
  toVersion73,
];
