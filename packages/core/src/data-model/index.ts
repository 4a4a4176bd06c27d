export { checkScreenData } from './check-screen-data.js';
export { findScreenDataModel } from './find-screen-data-model.js';
export type { ScreenDataModel } from './find-screen-data-model.js';
