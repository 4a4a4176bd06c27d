import { useEffect, type ReactNode } from 'react';

/** A page frame: the `h1` title (also the document title) and optional actions on the right. */
export function Page({ title, actions, children, wide }: { title: string; actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Flowline Studio`;
  }, [title]);
  return (
    <div className={wide === true ? 'page page-wide' : 'page'}>
      <header className="page-header">
        <h1 tabIndex={-1}>{title}</h1>
        {actions === undefined ? null : <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </div>
  );
}
