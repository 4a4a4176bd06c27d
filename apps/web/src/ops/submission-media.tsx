import { useEffect, useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../auth/session-context.js';
import { useApi } from '../ui/index.js';
import { toMedia, type MediaView } from './ops-views.js';
import { readJson } from './read-json.js';

/** Images the browser shows as pictures (the server serves only these inline). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * The files of one answer field, fetched by the worker from WhatsApp's CDN: images as thumbnails,
 * other files as download links, a file that could not be fetched with the reason. Files are read with
 * the session's token (as blobs), so no token ever sits in a URL.
 */
export function SubmissionMedia({ submissionId, field }: { submissionId: string; field: string }) {
  const { state } = useApi<unknown>(`/submissions/${encodeURIComponent(submissionId)}/media`);
  if (state.kind !== 'ok') return null;
  const items = readJson.list(isJsonObject(state.data) ? state.data['items'] : undefined, toMedia).filter((m) => m.field === field);
  if (items.length === 0) return <span className="muted ops-media-pending"> (files not fetched yet)</span>;
  return (
    <span className="ops-media" data-media-field={field}>
      {items.map((m) => (m.status !== 'stored' ? (
        <span key={m.id} className="muted" title={m.error ?? undefined}>{m.fileName}: not available</span>
      ) : <StoredFile key={m.id} file={m} path={contentPath(m.id)} />))}
    </span>
  );
}

/** A stored file shown as a thumbnail (images the server serves inline) or a download link, read from `path` (relative to `/api/v1`). */
export function StoredFile({ file, path }: { file: Pick<MediaView, 'fileName' | 'mimeType' | 'size'>; path: string }) {
  return IMAGE_TYPES.has(file.mimeType) ? <Thumbnail media={file} path={path} /> : <FileLink media={file} path={path} />;
}

const contentPath = (mediaId: string) => `/media/${encodeURIComponent(mediaId)}/content`;

function useBlobUrl(path: string): string | undefined {
  const { client } = useSession();
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    void client.getBlob(path).then((result) => {
      if (!live || !result.ok) return;
      made = URL.createObjectURL(result.data);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made !== undefined) URL.revokeObjectURL(made);
    };
  }, [client, path]);
  return url;
}

type FileProps = { media: Pick<MediaView, 'fileName' | 'mimeType' | 'size'>; path: string };

function Thumbnail({ media, path }: FileProps) {
  const url = useBlobUrl(path);
  if (url === undefined) return <span className="ops-media-thumb muted">{media.fileName}</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer" className="ops-media-thumb" title={media.fileName}>
      <img src={url} alt={media.fileName} />
    </a>
  );
}

function FileLink({ media, path }: FileProps) {
  const url = useBlobUrl(path);
  const size = media.size === null ? '' : ` (${formatSize(media.size)})`;
  return url === undefined ? <span className="muted">{media.fileName}{size}</span> : <a href={url} download={media.fileName} className="ops-media-file">{media.fileName}{size}</a>;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
