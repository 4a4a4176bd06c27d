export {};
export { checkScreenData, findScreenDataModel } from './data-model/index.js';
export type { ScreenDataModel } from './data-model/index.js';
export { classifyValue, collectReferences, evaluateExpression, EXPRESSION_MESSAGES, formatExpression, formatReference, inferExpressionType, isDynamicString, isNestedExpression, parseCondition, parseNestedExpression, parseReference, resolveDynamic, typeCheckExpression } from './expression/index.js';
export type { BinaryOperator, DynamicValue, Expr, ExprType, ExpressionError, ExpressionErrorCode, ParseExpressionResult, Reference, ResolveType, ResolveValue, TypeCheckOptions } from './expression/index.js';
export { currentScreenId, DEFAULT_MESSAGES, generateValidAnswers, isStepError, renderScreen, startFlow, step } from './runtime/index.js';
export type { EndpointRequest, EndpointResponse, PendingReason, PressTarget, RenderedComponent, RenderedFooter, RenderedOption, RenderedScreen, RuntimeEffect, RuntimeError, RuntimeErrorCode, RuntimeEvent, RuntimeMessages, RuntimeState, RuntimeStatus, ScreenState, StartOptions, StepContext, StepOutcome, StepSuccess, SummaryEntry } from './runtime/index.js';
