import type { ScenarioStep } from './scenario.js';

/**
 * A step as written against the source language, for a Flow played in another language: the texts
 * it names (a link pressed by its text, texts expected visible or hidden, expected error messages)
 * become that language's texts; names, option ids and values stay as written (docs/localization.md).
 */
export function localizeStep(step: ScenarioStep, texts: ReadonlyMap<string, string>): ScenarioStep {
  const text = (value: string) => texts.get(value) ?? value;
  switch (step.kind) {
    case 'press':
      return step.target === 'footer' ? step : { kind: 'press', target: text(step.target) };
    case 'expect': {
      const { visible, hidden, errors } = step.expect;
      return {
        kind: 'expect',
        expect: {
          ...step.expect,
          ...(visible === undefined ? {} : { visible: visible.map(text) }),
          ...(hidden === undefined ? {} : { hidden: hidden.map(text) }),
          ...(errors === undefined ? {} : { errors: Object.fromEntries(Object.entries(errors).map(([name, message]) => [name, message === true ? true : text(message)])) }),
        },
      };
    }
    case 'fill':
    case 'back':
      return step;
  }
}
