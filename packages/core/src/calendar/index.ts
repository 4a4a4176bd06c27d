export { findResourceProblem, isWithinOpeningHours, slotEndOf } from './bookable-resource.js';
export type { BookableResource, OpeningHours } from './bookable-resource.js';
export { decideBookingMove, isSameSlot, toBookingParties } from './booking-move.js';
export type { BookedSlot, BookingMove, BookingParties, BookingRequest } from './booking-move.js';
export { findSeat } from './find-seat.js';
export type { TakenSeat } from './find-seat.js';
export { isTimeZone, parseClockTime, toLocalWeekdayMinutes } from './local-time.js';
