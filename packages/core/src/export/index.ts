export { answerColumns } from './answer-columns.js';
export { toCsvLine } from './csv-line.js';
export { exportCells, exportHeader, OTHER_ANSWERS_COLUMN, SUBMISSION_COLUMNS, toJsonLine, type ExportedSubmission } from './submission-record.js';
