import type { ComponentOf, ComponentType } from '../model/index.js';
import type { Condition, Expression } from './expression.js';
import { toConditionString, toFlowValue, type Buildable } from './to-flow-value.js';

/** The properties of a component as the builder accepts them (without `type`). */
export type ComponentProps<K extends ComponentType> = Buildable<Omit<ComponentOf<K>, 'type'>>;

/** Builds any component from its type and properties; expressions become property strings. */
export function component<K extends ComponentType>(type: K, props: ComponentProps<K>): ComponentOf<K> {
  // Buildable<P> differs from P only where expressions stand for strings; toFlowValue makes them strings.
  return { type, ...(toFlowValue(props) as object) } as ComponentOf<K>;
}

const helper =
  <K extends ComponentType>(type: K) =>
  (props: ComponentProps<K>): ComponentOf<K> =>
    component(type, props);

/** TextHeading (spec §2.1). */
export const textHeading = helper('TextHeading');
/** TextSubheading (spec §2.1). */
export const textSubheading = helper('TextSubheading');
/** TextBody (spec §2.1). */
export const textBody = helper('TextBody');
/** TextCaption (spec §2.1). */
export const textCaption = helper('TextCaption');
/** RichText (v5.1+, spec §2.2). */
export const richText = helper('RichText');
/** TextInput (spec §2.3). */
export const textInput = helper('TextInput');
/** TextArea (spec §2.4). */
export const textArea = helper('TextArea');
/** CheckboxGroup (spec §2.5). */
export const checkboxGroup = helper('CheckboxGroup');
/** RadioButtonsGroup (spec §2.5). */
export const radioButtonsGroup = helper('RadioButtonsGroup');
/** Dropdown (spec §2.5). */
export const dropdown = helper('Dropdown');
/** ChipsSelector (v6.3+, spec §2.5). */
export const chipsSelector = helper('ChipsSelector');
/** Footer (spec §2.6). */
export const footer = helper('Footer');
/** OptIn (spec §2.7). */
export const optIn = helper('OptIn');
/** EmbeddedLink (spec §2.8). */
export const embeddedLink = helper('EmbeddedLink');
/** DatePicker (spec §2.9). */
export const datePicker = helper('DatePicker');
/** CalendarPicker (v6.1+, spec §2.10). */
export const calendarPicker = helper('CalendarPicker');
/** Image (spec §2.11). */
export const image = helper('Image');
/** ImageCarousel (v7.1+, spec §2.12). */
export const imageCarousel = helper('ImageCarousel');
/** NavigationList (v6.2+, spec §2.13). */
export const navigationList = helper('NavigationList');
/** PhotoPicker (v4.0+, spec §2.14). */
export const photoPicker = helper('PhotoPicker');
/** DocumentPicker (v4.0+, spec §2.14). */
export const documentPicker = helper('DocumentPicker');
/** Switch (v4.0+, spec §2.16). */
export const switchComponent = helper('Switch');
/** Form (spec §1.9, §2.17); named so it does not clash with the `form('x')` reference helper. */
export const formComponent = helper('Form');

/** If (v4.0+, spec §2.15): a builder condition is written without backticks. */
export function ifComponent(props: Omit<ComponentProps<'If'>, 'condition'> & { condition: Condition | Expression | string }): ComponentOf<'If'> {
  const { condition, ...rest } = props;
  return component('If', { ...rest, condition: toConditionString(condition) });
}
