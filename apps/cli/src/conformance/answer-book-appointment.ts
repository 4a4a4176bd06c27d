import { isJsonObject } from '@flowline/core';
import type { PeerAnswer } from './start-peer-endpoint.js';

/*
 * Our own implementation of the behaviour of Meta's book-appointment example endpoint, as
 * described step by step in ../shared/corpus/peers/meta-book-appointment__endpoint_scenario.json.
 * It answers decrypted requests; the HTTP and envelope side is start-peer-endpoint.ts.
 */

/** One dropdown option as the endpoint sends it. */
interface Option {
  readonly id: string;
  readonly title: string;
  readonly enabled?: boolean;
}


const DEPARTMENTS: readonly Option[] = [
  { id: 'shopping', title: 'Shopping & Groceries' },
  { id: 'clothing', title: 'Clothing & Apparel' },
  { id: 'home', title: 'Home Goods & Decor' },
  { id: 'electronics', title: 'Electronics & Appliances' },
  { id: 'beauty', title: 'Beauty & Personal Care' },
];
const LOCATIONS: readonly Option[] = [
  { id: '1', title: "King's Cross, London" },
  { id: '2', title: 'Oxford Street, London' },
  { id: '3', title: 'Covent Garden, London' },
  { id: '4', title: 'Piccadilly Circus, London' },
];
const DATES: readonly Option[] = [
  { id: '2024-01-01', title: 'Mon Jan 01 2024' },
  { id: '2024-01-02', title: 'Tue Jan 02 2024' },
  { id: '2024-01-03', title: 'Wed Jan 03 2024' },
  { id: '2024-01-04', title: 'Thu Jan 04 2024' },
];
const TIMES: readonly Option[] = [
  { id: '10:30', title: '10:30' },
  { id: '11:00', title: '11:00', enabled: false },
  { id: '11:30', title: '11:30' },
  { id: '12:00', title: '12:00', enabled: false },
  { id: '12:30', title: '12:30' },
];

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const titleOf = (options: readonly Option[], id: unknown): string => options.find((o) => o.id === id)?.title ?? text(id);

/** The APPOINTMENT screen with the option lists; the flags say which dropdowns the customer may use yet. */
function appointmentScreen(flags: { location: boolean; date: boolean; time: boolean }, short: boolean): unknown {
  const cut = (options: readonly Option[]): readonly Option[] => (short ? options.slice(0, 3) : options);
  return {
    screen: 'APPOINTMENT',
    data: {
      department: DEPARTMENTS,
      location: cut(LOCATIONS),
      is_location_enabled: flags.location,
      date: cut(DATES),
      is_date_enabled: flags.date,
      time: cut(TIMES),
      is_time_enabled: flags.time,
    },
  };
}

/** The SUMMARY screen: two display texts built from the DETAILS answers, plus the answers themselves. */
function summaryScreen(data: Record<string, unknown>): unknown {
  const appointment = `${titleOf(DEPARTMENTS, data['department'])} at ${titleOf(LOCATIONS, data['location'])}\n${titleOf(DATES, data['date'])} at ${text(data['time'])}`;
  const details = `Name: ${text(data['name'])}\nEmail: ${text(data['email'])}\nPhone: ${text(data['phone'])}\n"${text(data['more_details'])}"`;
  return { screen: 'SUMMARY', data: { appointment, details, ...data } };
}

/**
 * Answers one decrypted request as the book-appointment example does: ping → active, a client
 * error notification → acknowledged, INIT → APPOINTMENT with only the department enabled, each
 * dropdown choice → APPOINTMENT with the next one enabled, DETAILS → SUMMARY, SUMMARY → SUCCESS.
 * Unlike the original (which crashes), an unknown screen or action is answered with HTTP 500.
 */
export function answerBookAppointment(request: unknown): PeerAnswer {
  if (!isJsonObject(request)) return { status: 500, body: { error: 'the request is not a JSON object' } };
  const action = request['action'];
  const data = isJsonObject(request['data']) ? request['data'] : {};
  if (action === 'ping') return { status: 200, body: { data: { status: 'active' } } };
  if (data['error'] !== undefined) return { status: 200, body: { data: { acknowledged: true } } };
  if (action === 'INIT') return { status: 200, body: appointmentScreen({ location: false, date: false, time: false }, false) };
  if (action === 'data_exchange') {
    switch (request['screen']) {
      case 'APPOINTMENT': {
        const department = Boolean(data['department']);
        const location = department && Boolean(data['location']);
        return { status: 200, body: appointmentScreen({ location: department, date: location, time: location && Boolean(data['date']) }, true) };
      }
      case 'DETAILS':
        return { status: 200, body: summaryScreen(data) };
      case 'SUMMARY':
        return { status: 200, body: { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: request['flow_token'] } } } } };
    }
  }
  return { status: 500, body: { error: `unhandled request: action ${text(action)} on screen ${text(request['screen'])}` } };
}
