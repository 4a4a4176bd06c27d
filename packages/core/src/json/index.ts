export { escapePointerSegment, formatPointer, parsePointer } from './json-pointer.js';
export { isJsonObject, type JsonObject } from './is-json-object.js';
export { locatePointer, type LocateOptions } from './locate-pointer.js';
export {
  parseJsonWithPositions,
  type JsonSyntaxError,
  type NodePosition,
  type ParseJsonResult,
  type PositionIndex,
} from './parse-json-with-positions.js';
export { toSourcePosition, type SourcePosition } from './source-position.js';
