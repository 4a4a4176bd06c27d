import { getComponent } from '../model/components.js';

/** What one file chosen in a PhotoPicker or DocumentPicker may be, as the component says (platform spec §2.14). */
export interface MediaPickerLimits {
  /** Largest file in bytes: `max-file-size-kb` (1–25 600 KiB, default 25 600) times 1024. */
  readonly maxBytes: number;
  /** The media types accepted: for a PhotoPicker the image types of Meta's list; for a DocumentPicker its `allowed-mime-types`, else the whole list. */
  readonly mimeTypes: readonly string[];
}

const fileSize = getComponent('DocumentPicker').properties['max-file-size-kb'];
const META_TYPES: readonly string[] = getComponent('DocumentPicker').properties['allowed-mime-types']?.items?.enum ?? [];
const MAX_KB = fileSize?.max ?? 25600;
const DEFAULT_KB = typeof fileSize?.default === 'number' ? fileSize.default : MAX_KB;

/**
 * The limits of a file chosen in a picker, from its (resolved) properties; undefined for a component
 * that is no picker. The media types come from the registry, the one list of Meta's supported types.
 */
export function mediaPickerLimits(component: { readonly type: string; readonly props: Readonly<Record<string, unknown>> }): MediaPickerLimits | undefined {
  if (component.type !== 'PhotoPicker' && component.type !== 'DocumentPicker') return undefined;
  const kb = component.props['max-file-size-kb'];
  const maxKb = typeof kb === 'number' && Number.isInteger(kb) && kb >= 1 && kb <= MAX_KB ? kb : DEFAULT_KB;
  const allowed = component.props['allowed-mime-types'];
  const mimeTypes = component.type === 'PhotoPicker'
    ? META_TYPES.filter((t) => t.startsWith('image/'))
    : Array.isArray(allowed) && allowed.length > 0 ? META_TYPES.filter((t) => allowed.includes(t)) : META_TYPES;
  return { maxBytes: maxKb * 1024, mimeTypes };
}
