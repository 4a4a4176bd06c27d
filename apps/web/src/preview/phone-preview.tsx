import type { ReactNode } from 'react';
import type { RenderedComponent, RenderedScreen, RuntimeEvent } from '@flowline/core';
import type { ComponentViewProps } from './component-props.js';
import { CalendarPickerView, DatePickerView, MediaPickerView, TextFieldView } from './input-views.js';
import { EmbeddedLinkView, ImageCarouselView, ImageView, NavigationListView } from './media-views.js';
import { ChipsView, ChoiceGroupView, DropdownView, OptInView } from './selection-views.js';
import { TextView } from './text-views.js';
import './phone.css';

/** Light or dark, as the customer's phone is set. */
export type PhoneTheme = 'light' | 'dark';

/** Props of the phone: what to draw and where the customer's events go. */
export interface PhonePreviewProps {
  /** The runtime's render model of the current screen (`renderScreen`), or undefined while nothing is shown. */
  readonly screen: RenderedScreen | undefined;
  readonly theme: PhoneTheme;
  readonly onEvent: (event: RuntimeEvent) => void;
  /** Business name in the header line. */
  readonly businessName?: string;
  /** Shown over the screen: a waiting spinner text, the completion summary, an error. */
  readonly overlay?: ReactNode;
  /** Prefix for element ids when several phones share a page. */
  readonly idPrefix?: string;
  /** Sends the files chosen in a picker (the sandbox phone); the preview leaves it out and records only their names. */
  readonly onPickFiles?: ComponentViewProps['onPickFiles'];
}

const VIEWS: Readonly<Record<string, (props: ComponentViewProps) => ReactNode>> = {
  TextHeading: TextView, TextSubheading: TextView, TextBody: TextView, TextCaption: TextView, RichText: TextView,
  TextInput: TextFieldView, TextArea: TextFieldView, DatePicker: DatePickerView, CalendarPicker: CalendarPickerView,
  PhotoPicker: MediaPickerView, DocumentPicker: MediaPickerView,
  CheckboxGroup: ChoiceGroupView, RadioButtonsGroup: ChoiceGroupView, Dropdown: DropdownView, ChipsSelector: ChipsView, OptIn: OptInView,
  Image: ImageView, ImageCarousel: ImageCarouselView, EmbeddedLink: EmbeddedLinkView, NavigationList: NavigationListView,
};

/** Draws one rendered component (Footer, If, Switch and Form are drawn by the frame or already inlined). */
export function ComponentView(props: ComponentViewProps) {
  const View = VIEWS[props.component.type];
  if (View === undefined || !props.component.visible) return null;
  return <div className="wa-component" data-component={props.component.type} data-pointer={props.component.pointer}>{View(props)}</div>;
}

/** A WhatsApp-like phone drawing a Flow screen from the runtime's render model. */
export function PhonePreview({ screen, theme, onEvent, businessName, overlay, idPrefix = 'wa', onPickFiles }: PhonePreviewProps) {
  const footer = screen?.footer;
  const body: RenderedComponent[] = screen?.components.filter((c) => c.type !== 'Footer') ?? [];
  return (
    <section className="phone" data-theme={theme} aria-label="Phone preview">
      <div className="phone-screen">
        <div className="wa-topbar">
          <button type="button" className="wa-icon" aria-label={screen?.canGoBack === true ? 'Back' : 'Close'} disabled={screen?.canGoBack !== true} onClick={() => onEvent({ type: 'back' })}>
            {screen?.canGoBack === true ? '←' : '✕'}
          </button>
          <p className="wa-title" id={`${idPrefix}-title`}>{screen?.title ?? ''}</p>
          <span className="wa-icon" aria-hidden="true">⋮</span>
        </div>
        <div className="wa-body" aria-labelledby={`${idPrefix}-title`} data-screen={screen?.id}>
          {screen?.notice === undefined ? null : <p className="wa-notice" role="alert">{screen.notice}</p>}
          {body.map((component) => (
            <ComponentView key={`${screen?.id ?? ''}${component.pointer}`} component={component} onEvent={onEvent} idPrefix={`${idPrefix}-${screen?.id ?? ''}`} onPickFiles={onPickFiles} />
          ))}
        </div>
        {footer === undefined ? null : (
          <div className="wa-footer">
            {footer.leftCaption !== undefined || footer.rightCaption !== undefined ? (
              <div className="wa-captions"><span>{footer.leftCaption}</span><span>{footer.rightCaption}</span></div>
            ) : footer.centerCaption !== undefined ? <div className="wa-captions wa-center"><span>{footer.centerCaption}</span></div> : null}
            <button type="button" className="wa-footer-button" disabled={!footer.enabled || screen?.status === 'waiting'} onClick={() => onEvent({ type: 'press', target: 'footer' })}>
              {footer.label}
            </button>
          </div>
        )}
        <p className="wa-managed">Managed by {businessName ?? 'the business'}. <span className="wa-learn">Learn more</span></p>
        {overlay === undefined || overlay === null ? null : <div className="wa-overlay">{overlay}</div>}
      </div>
    </section>
  );
}
