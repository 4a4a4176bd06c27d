import type { RenderedComponent, RenderedScreen } from '@flowline/core';

const TEXT_TYPES = new Set(['TextHeading', 'TextSubheading', 'TextBody', 'TextCaption', 'RichText']);

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' / ');
  return value === undefined ? '' : JSON.stringify(value);
}

function shortValue(c: RenderedComponent): string {
  if (c.display !== undefined) return c.display;
  if (c.value === undefined || c.value === '' || (Array.isArray(c.value) && c.value.length === 0)) return '';
  return typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
}

function drawComponent(c: RenderedComponent): string[] {
  if (TEXT_TYPES.has(c.type)) {
    const body = text(c.props['text']);
    return [c.type === 'TextHeading' ? body.toUpperCase() : body];
  }
  const label = text(c.props['label'] ?? c.props['text'] ?? c.props['title']);
  const required = c.props['required'] === true ? '*' : '';
  const name = c.name === undefined ? c.type : `${c.type} ${c.name}`;
  const lines: string[] = [];
  if (c.options !== undefined) {
    lines.push(`${label}${required}  (${name})`);
    for (const o of c.options) lines.push(`   ${o.selected ? '[x]' : '[ ]'} ${o.id} — ${o.title}${o.enabled ? '' : ' (disabled)'}`);
  } else if (c.type === 'OptIn') {
    lines.push(`${c.value === true ? '[x]' : '[ ]'} ${label}${required}  (${name})`);
  } else if (c.type === 'EmbeddedLink') {
    lines.push(`<${label}>  (link: press ${label})`);
  } else if (c.type === 'NavigationList') {
    lines.push(`${label || 'List'}  (${name})`);
    const items = c.props['list-items'];
    for (const item of Array.isArray(items) ? items : []) {
      if (typeof item !== 'object' || item === null) continue;
      const record = item as Record<string, unknown>;
      const main = record['main-content'];
      const title = typeof main === 'object' && main !== null ? text((main as Record<string, unknown>)['title']) : '';
      lines.push(`   > ${text(record['id'])} — ${title}`);
    }
  } else if (c.type === 'Image' || c.type === 'ImageCarousel') {
    lines.push(`[${c.type}${typeof c.props['alt-text'] === 'string' ? `: ${c.props['alt-text']}` : ''}]`);
  } else {
    lines.push(`${label}${required}: [${shortValue(c)}]  (${name})`);
  }
  if (!c.enabled) lines[0] += ' (disabled)';
  if (c.error !== undefined) lines.push(`   ! ${c.error}`);
  return lines;
}

const isDisplayOnly = (c: RenderedComponent): boolean => TEXT_TYPES.has(c.type) || c.type === 'Image' || c.type === 'ImageCarousel';

/** The visible components drawn on the screen (the Footer is drawn apart). */
function shownComponents(screen: RenderedScreen): RenderedComponent[] {
  return screen.components.filter((c) => c.visible && c.type !== 'Footer');
}

/** The components the interactive session numbers: the visible ones the customer can act on (not texts, images or the Footer). */
export function numberedComponents(screen: RenderedScreen): RenderedComponent[] {
  return shownComponents(screen).filter((c) => !isDisplayOnly(c));
}

/** Draws a rendered screen for the terminal: title, texts, numbered inputs with values and errors, the Footer. */
export function drawScreen(screen: RenderedScreen): string {
  const out: string[] = [];
  const title = screen.title === undefined ? screen.id : `${screen.title}  [${screen.id}]`;
  out.push('', `== ${title} ${'='.repeat(Math.max(3, 60 - title.length))}`);
  if (screen.notice !== undefined) out.push(`  (!) ${screen.notice}`);
  let number = 0;
  for (const c of shownComponents(screen)) {
    const [first, ...rest] = drawComponent(c);
    const prefix = isDisplayOnly(c) ? '' : String(++number);
    out.push(`${prefix.padStart(3)}  ${first ?? ''}`);
    for (const line of rest) out.push(`     ${line}`);
  }
  if (screen.footer !== undefined) {
    const f = screen.footer;
    const captions = [f.leftCaption, f.centerCaption, f.rightCaption].filter((x) => x !== undefined).join(' · ');
    out.push(`     [ ${f.label} ]${f.enabled ? '' : ' (disabled)'}${captions === '' ? '' : `  ${captions}`}   — press footer`);
  }
  if (screen.canGoBack) out.push('     (back available)');
  return `${out.join('\n')}\n`;
}
