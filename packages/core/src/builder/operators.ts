import { Condition, Expression, FlowString, MathExpression, type Ref, type Untyped } from './expression.js';

/** A number-valued operand: a literal, a math expression or a reference that is not known to be non-numeric. */
export type NumberOperand = number | MathExpression | Ref<number> | Ref<Untyped>;
/** A boolean-valued operand. */
export type BooleanOperand = boolean | Condition | Ref<boolean> | Ref<Untyped>;
/** An operand of `==`/`!=`. */
export type EqualityOperand = string | number | boolean | Expression;

/** Escapes a string literal for an expression like pywa: `'` and `` ` `` get `\\` unless already escaped. */
export function escapeLiteral(text: string): string {
  return text.replace(/(?:\\\\)?(['`])/g, '\\\\$1');
}

/** The text of an operand inside an expression. */
function operand(value: EqualityOperand): string {
  if (value instanceof Expression) return value.operand();
  if (typeof value === 'string') return `'${escapeLiteral(value)}'`;
  return String(value);
}

const math = (op: string) => (left: NumberOperand, right: NumberOperand): MathExpression =>
  new MathExpression(`(${operand(left)} ${op} ${operand(right)})`);
const compare = <A extends EqualityOperand>(op: string) => (left: A, right: A): Condition =>
  new Condition(`(${operand(left)} ${op} ${operand(right)})`);

/** `(a + b)` */
export const add = math('+');
/** `(a - b)` */
export const sub = math('-');
/** `(a * b)` */
export const mul = math('*');
/** `(a / b)`; division by zero or null gives 0 at runtime. */
export const div = math('/');
/** `(a % b)`; modulo by zero or null gives 0 at runtime. */
export const mod = math('%');
/** `(a == b)` */
export const eq = compare<EqualityOperand>('==');
/** `(a != b)` */
export const ne = compare<EqualityOperand>('!=');
/** `(a > b)` */
export const gt = compare<NumberOperand>('>');
/** `(a >= b)` */
export const ge = compare<NumberOperand>('>=');
/** `(a < b)` */
export const lt = compare<NumberOperand>('<');
/** `(a <= b)` */
export const le = compare<NumberOperand>('<=');
/** `(a && b)` */
export const and = compare<BooleanOperand>('&&');
/** `(a || b)` */
export const or = compare<BooleanOperand>('||');

/** `!a` */
export function not(value: BooleanOperand): Condition {
  return new Condition(`!${operand(value)}`);
}

/**
 * String concatenation (v6.0+) as a tagged template, written like pywa's `FlowStr`:
 * str`Hello ${form('name')}!` → `` ` 'Hello ' ${form.name} '!' ` ``.
 */
export function str(strings: TemplateStringsArray, ...values: readonly EqualityOperand[]): FlowString {
  let out = '`';
  let text = strings[0] ?? '';
  let lastWasValue = false;
  const flushText = (): void => {
    if (text !== '') {
      out += ` '${escapeLiteral(text)}' `;
      lastWasValue = false;
    }
    text = '';
  };
  values.forEach((value, i) => {
    if (typeof value === 'string') text += value;
    else {
      flushText();
      out += `${lastWasValue ? ' ' : ''}${operand(value)}`;
      lastWasValue = true;
    }
    text += strings[i + 1] ?? '';
  });
  flushText();
  return new FlowString(`${out}\``);
}
