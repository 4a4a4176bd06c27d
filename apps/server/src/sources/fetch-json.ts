/** Outbound HTTP GET returning parsed JSON: a port, so tests pass a fake. */
export type FetchJson = (url: string, signal: AbortSignal) => Promise<unknown>;

/** The default FetchJson: global fetch, GET, JSON body; a non-2xx status throws with the status only. */
export const fetchJsonWithGlobalFetch: FetchJson = async (url, signal) => {
  const response = await fetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new Error(`HTTP GET returned status ${response.status}`);
  return (await response.json()) as unknown;
};
