import type { S3MediaStoreConfig } from '@flowline/worker';

/** Where and how the files of PhotoPicker/DocumentPicker answers are fetched and kept (docs/media.md). */
export interface MediaConfig {
  /** Largest CDN file downloaded (FLOWLINE_MEDIA_MAX_BYTES, default 100 MiB). */
  readonly maxBytes: number;
  /** Deadline of one download, body included (FLOWLINE_MEDIA_TIMEOUT_MS, default 120,000). */
  readonly timeoutMs: number;
  /** The S3-compatible bucket when FLOWLINE_MEDIA_S3_* are set; undefined keeps files under FLOWLINE_DATA_DIR/media. */
  readonly s3: S3MediaStoreConfig | undefined;
}

const S3_VARIABLES = ['ENDPOINT', 'BUCKET', 'REGION', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY'] as const;

/** Reads FLOWLINE_MEDIA_*: all five S3 variables or none (a half-configured bucket is an error, not a silent fallback). */
export function readMediaConfig(env: Readonly<Record<string, string | undefined>>, integer: (name: string, fallback: number, min: number, max: number) => number): { config: MediaConfig; errors: string[] } {
  const errors: string[] = [];
  const maxBytes = integer('FLOWLINE_MEDIA_MAX_BYTES', 100 * 1024 * 1024, 1024, 1024 * 1024 * 1024);
  const timeoutMs = integer('FLOWLINE_MEDIA_TIMEOUT_MS', 120_000, 1000, 3_600_000);
  const values = Object.fromEntries(S3_VARIABLES.map((name) => [name, env[`FLOWLINE_MEDIA_S3_${name}`]?.trim() || undefined])) as Record<(typeof S3_VARIABLES)[number], string | undefined>;
  const set = S3_VARIABLES.filter((name) => values[name] !== undefined);
  let s3: S3MediaStoreConfig | undefined;
  if (set.length > 0 && set.length < S3_VARIABLES.length) {
    errors.push(`FLOWLINE_MEDIA_S3_* must be set together; missing: ${S3_VARIABLES.filter((name) => values[name] === undefined).map((name) => `FLOWLINE_MEDIA_S3_${name}`).join(', ')}`);
  } else if (set.length === S3_VARIABLES.length) {
    const { ENDPOINT: endpoint = '', BUCKET: bucket = '', REGION: region = '', ACCESS_KEY_ID: accessKeyId = '', SECRET_ACCESS_KEY: secretAccessKey = '' } = values;
    if (!/^https?:\/\/[^\s]+$/.test(endpoint) || !URL.canParse(endpoint)) errors.push(`FLOWLINE_MEDIA_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
    if (!/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket)) errors.push(`FLOWLINE_MEDIA_S3_BUCKET must be an S3 bucket name, got "${bucket}"`);
    const prefix = env['FLOWLINE_MEDIA_S3_PREFIX']?.trim() || undefined;
    if (prefix !== undefined && !/^[A-Za-z0-9._/-]{1,200}\/$/.test(prefix)) errors.push('FLOWLINE_MEDIA_S3_PREFIX must be letters, digits, ".", "_", "-" or "/" and end with "/"');
    s3 = { endpoint, bucket, region, accessKeyId, secretAccessKey, ...(prefix === undefined ? {} : { prefix }) };
  }
  return { config: { maxBytes, timeoutMs, s3 }, errors };
}
