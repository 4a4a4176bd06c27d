import { useState } from 'react';
import { list, text, toImageUrl, type ComponentViewProps } from './component-props.js';

/** Image: base64 `src`, width/height, scale-type (contain/cover), aspect-ratio. */
export function ImageView({ component }: ComponentViewProps) {
  const src = toImageUrl(text(component, 'src'));
  const width = Number(component.props['width']);
  const height = Number(component.props['height']);
  const ratio = Number(component.props['aspect-ratio']);
  const style = {
    width: Number.isFinite(width) ? `${width}px` : '100%',
    maxWidth: '100%',
    height: Number.isFinite(height) ? `${height}px` : undefined,
    aspectRatio: Number.isFinite(ratio) && ratio > 0 ? String(ratio) : undefined,
    objectFit: text(component, 'scale-type') === 'cover' ? 'cover' : 'contain',
  } as const;
  if (src === undefined) return <div className="wa-image-missing" role="img" aria-label={text(component, 'alt-text') ?? 'Image'}>Image</div>;
  return <img className="wa-image" src={src} alt={text(component, 'alt-text') ?? ''} style={style} />;
}

/** ImageCarousel: one image at a time with previous/next controls and dots. */
export function ImageCarouselView({ component }: ComponentViewProps) {
  const images = list(component, 'images').filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  const [index, setIndex] = useState(0);
  const current = images[Math.min(index, images.length - 1)];
  const src = toImageUrl(typeof current?.['src'] === 'string' ? current['src'] : undefined);
  const alt = typeof current?.['alt-text'] === 'string' ? current['alt-text'] : '';
  return (
    <div className="wa-carousel" role="group" aria-roledescription="carousel" aria-label="Images">
      {src === undefined ? <div className="wa-image-missing">Image</div> : <img className="wa-image" src={src} alt={alt} style={{ aspectRatio: text(component, 'aspect-ratio') === '16:9' ? '16 / 9' : '4 / 3', objectFit: text(component, 'scale-type') === 'cover' ? 'cover' : 'contain' }} />}
      {images.length > 1 ? (
        <div className="wa-carousel-controls">
          <button type="button" className="wa-link" aria-label="Previous image" disabled={index === 0} onClick={() => setIndex(index - 1)}>‹</button>
          <span aria-live="polite">{index + 1} / {images.length}</span>
          <button type="button" className="wa-link" aria-label="Next image" disabled={index >= images.length - 1} onClick={() => setIndex(index + 1)}>›</button>
        </div>
      ) : null}
    </div>
  );
}

/** EmbeddedLink: a link-coloured button that runs its on-click-action (`press {link: text}`). */
export function EmbeddedLinkView({ component, onEvent }: ComponentViewProps) {
  const label = text(component, 'text') ?? '';
  return <button type="button" className="wa-link wa-embedded-link" disabled={!component.enabled} onClick={() => onEvent({ type: 'press', target: { link: label } })}>{label}</button>;
}

/** NavigationList: a list of rows (start image, main content, end, badge, tags); tapping runs the action. */
export function NavigationListView({ component, onEvent }: ComponentViewProps) {
  const items = list(component, 'list-items').filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  const label = text(component, 'label');
  const description = text(component, 'description');
  const part = (item: Record<string, unknown>, key: string) => (typeof item[key] === 'object' && item[key] !== null ? (item[key] as Record<string, unknown>) : {});
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return (
    <div className="wa-navlist">
      {label === undefined ? null : <p className="wa-subheading">{label}</p>}
      {description === undefined ? null : <p className="wa-caption">{description}</p>}
      <ul>
        {items.map((item, i) => {
          const id = str(item['id']) ?? String(i);
          const main = part(item, 'main-content');
          const end = part(item, 'end');
          const image = toImageUrl(str(part(item, 'start')['image']));
          const tags = Array.isArray(item['tags']) ? item['tags'].filter((t): t is string => typeof t === 'string') : [];
          return (
            <li key={id}>
              <button type="button" className="wa-navitem" disabled={!component.enabled} onClick={() => onEvent({ type: 'press', target: { navigationItem: id } })}>
                {image === undefined ? null : <img src={image} alt="" className="wa-nav-image" />}
                <span className="wa-nav-main">
                  <span className="wa-option-title">{str(main['title'])}</span>
                  {str(main['description']) === undefined ? null : <span className="wa-option-description">{str(main['description'])}</span>}
                  {str(main['metadata']) === undefined ? null : <span className="wa-option-metadata">{str(main['metadata'])}</span>}
                  {tags.length === 0 ? null : <span className="wa-tags">{tags.map((t) => <span key={t} className="wa-tag">{t}</span>)}</span>}
                </span>
                <span className="wa-nav-end">
                  {str(item['badge']) === undefined ? null : <span className="wa-badge">{str(item['badge'])}</span>}
                  {str(end['title']) === undefined ? null : <span className="wa-option-title">{str(end['title'])}</span>}
                  {str(end['description']) === undefined ? null : <span className="wa-option-description">{str(end['description'])}</span>}
                  {str(end['metadata']) === undefined ? null : <span className="wa-option-metadata">{str(end['metadata'])}</span>}
                  <span aria-hidden="true" className="wa-chevron">›</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
