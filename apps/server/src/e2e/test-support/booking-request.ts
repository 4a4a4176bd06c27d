import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptResponse, encryptRequest, signBody } from '@flowline/protocol';

/** The seeded booking Flow: its DETAILS step books the chosen slot (one seat per flow token and step). */
export const BOOKING_FLOW = 'appointment-booking';

/** What the endpoint answered a booking: the screen shown next and the booking id when one was made. */
export interface BookingAnswer {
  readonly status: number;
  readonly screen?: string;
  readonly bookingId?: string;
}

/** Sends the encrypted, signed `data_exchange` of the DETAILS screen that books `slot` for `flowToken`, as WhatsApp would. */
export async function requestBooking(baseUrl: string, dataDir: string, appSecret: string, slot: string, flowToken: string): Promise<BookingAnswer> {
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  const payload = { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: flowToken, data: { slot, name: `Guest ${flowToken}`, email: 'guest@example.com' } };
  const { envelope, aesKey, iv } = encryptRequest(payload, publicPem);
  const body = JSON.stringify(envelope);
  try {
    const response = await fetch(`${baseUrl}/endpoint/${BOOKING_FLOW}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, appSecret) }, signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (response.status !== 200) return { status: response.status };
    const answer = decryptResponse(text, aesKey, iv) as { screen?: string; data?: { booking_id?: string } };
    return { status: 200, ...(answer.screen === undefined ? {} : { screen: answer.screen }), ...(answer.data?.booking_id === undefined ? {} : { bookingId: answer.data.booking_id }) };
  } catch {
    return { status: 0 };
  }
}

/** The slot id (`resource@YYYY-MM-DDTHH:mm`, UTC) of `weekday` (0 = Sunday) at `time`, at least two days after `from`. */
export function slotOn(resource: string, weekday: number, time: string, from: number): string {
  const day = new Date(from + 2 * 86_400_000);
  while (day.getUTCDay() !== weekday) day.setUTCDate(day.getUTCDate() + 1);
  return `${resource}@${day.toISOString().slice(0, 10)}T${time}`;
}
