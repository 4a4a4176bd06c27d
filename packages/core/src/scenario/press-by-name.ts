import type { PressTarget } from '../runtime/index.js';
import type { Simulator, SimulatorResult } from './simulator.js';

/**
 * Presses what a scenario names: `"footer"`, else a NavigationList item id, an EmbeddedLink or
 * OptIn link text, or an OptIn name — whichever the current screen shows. The runtime rejects a
 * target it cannot find without changing anything, so the candidates are tried in turn.
 */
export async function pressByName(sim: Simulator, name: string): Promise<SimulatorResult> {
  if (name === 'footer') return sim.dispatch({ type: 'press', target: 'footer' });
  const candidates: PressTarget[] = [{ navigationItem: name }, { link: name }, { optIn: name }];
  for (const target of candidates) {
    const result = await sim.dispatch({ type: 'press', target });
    if (result.ok || result.code !== 'UNKNOWN_COMPONENT') return result;
  }
  const screen = sim.state()?.stack.at(-1) ?? '(none)';
  return { ok: false, message: `nothing named "${name}" can be pressed on screen ${screen} (not "footer", a link, an OptIn or a list item)`, code: 'UNKNOWN_COMPONENT' };
}
