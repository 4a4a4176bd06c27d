export { renderAnswers, type AnswerKind, type RenderAnswersOptions, type RenderedAnswer } from './render-answers.js';
