export {};
export { checkScreenData, findScreenDataModel } from './data-model/index.js';
export type { ScreenDataModel } from './data-model/index.js';
export * from './expression/index.js';
