export {};
export { checkScreenData, findScreenDataModel } from './data-model/index.js';
export type { ScreenDataModel } from './data-model/index.js';
export { classifyValue, collectReferences, evaluateExpression, EXPRESSION_MESSAGES, formatExpression, formatReference, inferExpressionType, isDynamicString, isNestedExpression, parseCondition, parseNestedExpression, parseReference, resolveDynamic, typeCheckExpression } from './expression/index.js';
export type { BinaryOperator, DynamicValue, Expr, ExprType, ExpressionError, ExpressionErrorCode, ParseExpressionResult, Reference, ResolveType, ResolveValue, TypeCheckOptions } from './expression/index.js';
