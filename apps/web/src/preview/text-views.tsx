import { MarkdownBlock, renderInline } from './markdown-text.js';
import { list, text, type ComponentViewProps } from './component-props.js';

/** TextHeading, TextSubheading, TextBody, TextCaption (with `markdown`, font-weight, strikethrough) and RichText. */
export function TextView({ component }: ComponentViewProps) {
  const value = text(component, 'text') ?? '';
  if (component.type === 'RichText') {
    const raw = component.props['text'];
    const source = Array.isArray(raw) ? list(component, 'text').filter((l): l is string => typeof l === 'string').join('\n') : value;
    return <MarkdownBlock source={source} />;
  }
  const markdown = component.props['markdown'] === true;
  const weight = text(component, 'font-weight');
  const style = {
    fontWeight: weight === 'bold' ? 700 : weight === 'italic' || weight === 'normal' ? 400 : weight === 'bold_italic' ? 700 : undefined,
    fontStyle: weight === 'italic' || weight === 'bold_italic' ? 'italic' : undefined,
    textDecoration: component.props['strikethrough'] === true ? 'line-through' : undefined,
  } as const;
  const content = markdown ? renderInline(value) : value;
  switch (component.type) {
    case 'TextHeading':
      return <h2 className="wa-heading">{content}</h2>;
    case 'TextSubheading':
      return <h3 className="wa-subheading">{content}</h3>;
    case 'TextCaption':
      return <p className="wa-caption" style={style}>{content}</p>;
    default:
      return <p className="wa-body" style={style}>{content}</p>;
  }
}
