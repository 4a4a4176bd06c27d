/** How an input component holds its value in `${form.name}`. */
export type InputKind = 'text' | 'single' | 'multi' | 'date' | 'calendar' | 'boolean' | 'media';

const INPUT_KINDS: Readonly<Record<string, InputKind>> = {
  TextInput: 'text',
  TextArea: 'text',
  RadioButtonsGroup: 'single',
  Dropdown: 'single',
  CheckboxGroup: 'multi',
  ChipsSelector: 'multi',
  DatePicker: 'date',
  CalendarPicker: 'calendar',
  OptIn: 'boolean',
  PhotoPicker: 'media',
  DocumentPicker: 'media',
};

/** The input kind of a component type, or undefined when the component holds no value. */
export function findInputKind(type: string): InputKind | undefined {
  return Object.hasOwn(INPUT_KINDS, type) ? INPUT_KINDS[type] : undefined;
}
