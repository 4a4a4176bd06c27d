/**
 * The builder's expression values. Each knows the text it stands for in Flow JSON; `toFlowValue`
 * turns them into property strings. `T` is the TypeScript type of the value (phantom, for checking).
 */
export abstract class Expression<T = unknown> {
  /** Phantom marker for the value type; never set at runtime. */
  declare readonly valueType?: T;
  /** The text of this expression inside a larger expression (references, `(a + b)`, `!x`). */
  abstract operand(): string;
  /** The property value: references as `${…}`, computed expressions wrapped in backticks. */
  abstract toString(): string;
}

/** The value type of a reference whose type was not declared: accepted by every operator. */
export interface Untyped {
  readonly __flowlineUntyped: true;
}

/** A `${…}` reference to screen data or a form value; `T` is its declared value type, if any. */
export class Ref<T = Untyped> extends Expression<T> {
  constructor(readonly text: string) {
    super();
  }
  operand(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}

/** A math expression, always parenthesised like pywa: `(${data.age} + 21)`. */
export class MathExpression extends Expression<number> {
  constructor(readonly text: string) {
    super();
  }
  operand(): string {
    return this.text;
  }
  /** As a property value: the expression in backticks. */
  toString(): string {
    return `\`${this.text}\``;
  }
}

/** A boolean condition: `(${data.age} > 18)`, `(a && b)`, `!x`. */
export class Condition extends Expression<boolean> {
  constructor(readonly text: string) {
    super();
  }
  operand(): string {
    return this.text;
  }
  /** As a nested expression (v6.0+, e.g. `visible`): wrapped in backticks. */
  toString(): string {
    return `\`${this.text}\``;
  }
  /** As an If `condition` (v4.0+): without backticks. */
  toCondition(): string {
    return this.text;
  }
}

/** A string built by concatenation (v6.0+), already in its backtick form. */
export class FlowString extends Expression<string> {
  constructor(readonly text: string) {
    super();
  }
  operand(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}
