import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mediaPickerLimits } from './media-picker-limits.js';

describe('mediaPickerLimits', () => {
  it("a PhotoPicker takes the image types of Meta's list, up to 25 600 KiB unless it says less", () => {
    const limits = mediaPickerLimits({ type: 'PhotoPicker', props: {} });
    assert.equal(limits?.maxBytes, 25600 * 1024);
    assert.deepEqual(limits?.mimeTypes, ['image/avif', 'image/gif', 'image/heic', 'image/heif', 'image/jpeg', 'image/png', 'image/tiff', 'image/webp']);
    assert.equal(mediaPickerLimits({ type: 'PhotoPicker', props: { 'max-file-size-kb': 2 } })?.maxBytes, 2048);
    assert.equal(mediaPickerLimits({ type: 'PhotoPicker', props: { 'max-file-size-kb': 99999 } })?.maxBytes, 25600 * 1024, 'out of range: the default');
  });

  it("a DocumentPicker takes its allowed-mime-types (only Meta's), else every supported type", () => {
    assert.deepEqual(mediaPickerLimits({ type: 'DocumentPicker', props: { 'allowed-mime-types': ['application/pdf', 'text/html'] } })?.mimeTypes, ['application/pdf']);
    const all = mediaPickerLimits({ type: 'DocumentPicker', props: {} })?.mimeTypes ?? [];
    assert.ok(all.includes('application/zip') && all.includes('video/mp4') && !all.includes('text/html') && !all.includes('image/svg+xml'));
  });

  it('is undefined for any other component', () => {
    assert.equal(mediaPickerLimits({ type: 'TextInput', props: {} }), undefined);
  });
});
