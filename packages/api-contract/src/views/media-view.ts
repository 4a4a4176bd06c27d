import { integer, nullable, object, oneOf, string, type Infer } from '../schema.js';
import { epochMs } from './vocabulary.js';

/** One file of a submission as the API shows it (never its storage key or the decryption keys). */
export const mediaView = object({
  id: string(),
  submissionId: string(),
  field: string({ description: 'the answer field (PhotoPicker/DocumentPicker) that holds the file' }),
  index: integer({ description: 'its position in that field' }),
  fileName: string(),
  mimeType: string(),
  size: nullable(integer()),
  sha256: nullable(string({ description: 'SHA-256 (hex) of the decrypted file' })),
  status: oneOf(['stored', 'failed', 'uploaded'], 'stored: the file can be downloaded; failed: see error; uploaded: sent by the sandbox phone, not yet part of a submission (docs/media.md)'),
  error: nullable(string()),
  contentUrl: nullable(string({ description: 'where the file is served (images inline, other files as attachments)' })),
  createdAt: epochMs(),
});
/** One file of a submission as the API answers it. */
export type MediaView = Infer<typeof mediaView>;
