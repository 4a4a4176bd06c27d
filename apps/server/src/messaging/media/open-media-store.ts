import { join } from 'node:path';
import { createFileMediaStore, createS3MediaStore, type MediaStore } from '@flowline/worker';
import type { MediaConfig } from '../../config/read-media-config.js';

/**
 * The media store of a process: the S3-compatible bucket when FLOWLINE_MEDIA_S3_* are set, else files
 * under FLOWLINE_DATA_DIR/media. Downloads in progress always sit in FLOWLINE_DATA_DIR/media/.incoming.
 */
export function openMediaStore(media: MediaConfig, dataDir: string): MediaStore {
  const root = join(dataDir, 'media');
  return media.s3 === undefined ? createFileMediaStore(root) : createS3MediaStore(media.s3, join(root, '.incoming'));
}
