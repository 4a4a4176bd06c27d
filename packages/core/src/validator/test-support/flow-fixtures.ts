/** Builders for minimal Flow JSON documents used by the rule tests. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A Footer with the given action. */
export function footer(action: Json, label = 'Go'): Json {
  return { type: 'Footer', label, 'on-click-action': action };
}

/** A `complete` action. */
export function complete(payload: Json = {}): Json {
  return { name: 'complete', payload };
}

/** A `navigate` action. */
export function navigate(next: string, payload: Json = {}): Json {
  return { name: 'navigate', next: { type: 'screen', name: next }, payload };
}

/** A screen with a SingleColumnLayout. */
export function screen(id: string, children: Json[], extra: { [key: string]: Json } = {}): Json {
  return { id, title: 'T', ...extra, layout: { type: 'SingleColumnLayout', children } };
}

/** A terminal screen ending with a complete Footer. */
export function terminal(id: string, children: Json[] = [], extra: { [key: string]: Json } = {}): Json {
  return screen(id, [...children, footer(complete())], { terminal: true, ...extra });
}

/** A Flow document of the given version. */
export function flow(screens: Json[], extra: { [key: string]: Json } = {}, version = '7.2'): Json {
  return { version, ...extra, screens };
}

/** Pretty JSON text as an editor would hold it. */
export function text(doc: Json): string {
  return JSON.stringify(doc, null, 2);
}

/** 1-based line and column of the n-th occurrence (0-based) of `needle` in `source`. */
export function positionOf(source: string, needle: string, occurrence = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i += 1) {
    at = source.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`'${needle}' occurs fewer than ${occurrence + 1} times`);
  }
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}
