import type { ReactNode } from 'react';

/** Inline Markdown as WhatsApp Flows supports it: **bold**, *italic*, ~~strike~~, [link](url). */
export function renderInline(source: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /\*\*(.+?)\*\*|~~(.+?)~~|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)]+)\)/g;
  let last = 0;
  let key = 0;
  for (const match of source.matchAll(pattern)) {
    const at = match.index;
    if (at > last) out.push(source.slice(last, at));
    if (match[1] !== undefined) out.push(<strong key={key++}>{match[1]}</strong>);
    else if (match[2] !== undefined) out.push(<s key={key++}>{match[2]}</s>);
    else if (match[3] !== undefined || match[4] !== undefined) out.push(<em key={key++}>{match[3] ?? match[4]}</em>);
    else out.push(<a key={key++} href={match[6]} target="_blank" rel="noreferrer">{match[5]}</a>);
    last = at + match[0].length;
  }
  if (last < source.length) out.push(source.slice(last));
  return out;
}

/** Block Markdown for RichText (headings, bullet and numbered lists, paragraphs). */
export function MarkdownBlock({ source }: { source: string }) {
  const blocks: ReactNode[] = [];
  let items: { ordered: boolean; text: string[] } | undefined;
  const flush = () => {
    if (items === undefined) return;
    const children = items.text.map((t, i) => <li key={i}>{renderInline(t)}</li>);
    blocks.push(items.ordered ? <ol key={blocks.length}>{children}</ol> : <ul key={blocks.length}>{children}</ul>);
    items = undefined;
  };
  for (const line of source.split('\n')) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (bullet !== null || numbered !== null) {
      const ordered = numbered !== null;
      if (items !== undefined && items.ordered !== ordered) flush();
      items ??= { ordered, text: [] };
      items.text.push((bullet ?? numbered)?.[1] ?? '');
      continue;
    }
    flush();
    if (heading !== null) {
      const level = heading[1]?.length ?? 1;
      blocks.push(<p key={blocks.length} className={level === 1 ? 'wa-heading' : 'wa-subheading'}>{renderInline(heading[2] ?? '')}</p>);
    } else if (line.trim() !== '') {
      blocks.push(<p key={blocks.length} className="wa-body">{renderInline(line)}</p>);
    }
  }
  flush();
  return <div className="wa-richtext">{blocks}</div>;
}
