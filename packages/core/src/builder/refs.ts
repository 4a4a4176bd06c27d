import { Ref, type Untyped } from './expression.js';

/** A reference to a form value of the current screen: `form('name')` → `${form.name}`. */
export function form<T = Untyped>(name: string): Ref<NoInfer<T>> {
  return new Ref<T>(`\${form.${name}}`);
}

/** A reference to a field of the current screen's data: `data('a', 'b')` → `${data.a.b}`. */
export function data<T = Untyped>(...path: [string, ...string[]]): Ref<NoInfer<T>> {
  return new Ref<T>(`\${data.${path.join('.')}}`);
}

/** References into another screen (v4.0+): `screenRef('S').form('x')` → `${screen.S.form.x}`. */
export interface ScreenRefs {
  form<T = Untyped>(name: string): Ref<NoInfer<T>>;
  data<T = Untyped>(...path: [string, ...string[]]): Ref<NoInfer<T>>;
}

/** Global references to another screen's form values and data. */
export function screenRef(id: string): ScreenRefs {
  return {
    form: <T>(name: string) => new Ref<T>(`\${screen.${id}.form.${name}}`),
    data: <T>(...path: [string, ...string[]]) => new Ref<T>(`\${screen.${id}.data.${path.join('.')}}`),
  };
}

/** The reference to an input component's value, locally or from another screen (pywa's `.ref` / `.ref_in`). */
export function refOf<T = Untyped>(component: { readonly name: string }, screen?: string): Ref<NoInfer<T>> {
  return screen === undefined ? form<T>(component.name) : screenRef(screen).form<T>(component.name);
}
