export { renderAnswers, staticOptionLists, type AnswerKind, type RenderAnswersOptions, type RenderedAnswer } from './render-answers.js';
export { findCloudMediaReferences, findMediaReferences, findUploadedMediaReferences, MAX_MEDIA_REFERENCES, type CloudMediaReference, type MediaEncryptionFields, type MediaReference, type UploadedMediaReference } from './find-media-references.js';
export { MEDIA_FETCH_KIND, parseMediaFetchPayload, type MediaFetchPayload } from './media-fetch-payload.js';
