import type { RenderedScreen } from '../runtime/index.js';

function addText(out: Set<string>, value: unknown): void {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') out.add(item);
}

/**
 * The names and texts a customer can see on a rendered screen, for `expect.visible`/`hidden`:
 * each visible component's `name`, `text`, `label` and (for the Footer) label, the ids and
 * titles of NavigationList items, and the `alt-text` of an Image or of each ImageCarousel image.
 */
export function findVisibleLabels(screen: RenderedScreen | undefined): Set<string> {
  const out = new Set<string>();
  if (screen === undefined) return out;
  for (const component of screen.components) {
    if (!component.visible) continue;
    if (component.name !== undefined) out.add(component.name);
    addText(out, component.props['text']);
    addText(out, component.props['label']);
    addText(out, component.props['alt-text']);
    const images = component.props['images'];
    if (Array.isArray(images)) for (const image of images) if (typeof image === 'object' && image !== null) addText(out, (image as Record<string, unknown>)['alt-text']);
    const items = component.props['list-items'];
    if (Array.isArray(items)) {
      for (const item of items) {
        if (typeof item !== 'object' || item === null) continue;
        const record = item as Record<string, unknown>;
        addText(out, record['id']);
        const main = record['main-content'];
        if (typeof main === 'object' && main !== null) addText(out, (main as Record<string, unknown>)['title']);
      }
    }
  }
  return out;
}
