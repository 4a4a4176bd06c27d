/** A Flow or item status as a coloured pill (the text is the status itself, so colour is not the only cue). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status.toLowerCase().replace(/[^a-z]/g, '-')}`}>{status}</span>;
}
