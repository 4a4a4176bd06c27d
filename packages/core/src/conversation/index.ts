export { measureBackAndForth } from './back-and-forth.js';
export type { BackAndForth, ExchangeMessage, ResolvedTicket } from './back-and-forth.js';
export { SERVICE_WINDOW_MS, serviceWindowOf } from './service-window.js';
export type { ServiceWindow } from './service-window.js';
