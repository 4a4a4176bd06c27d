/** WhatsApp's customer service window: free-form messages are allowed 24 hours after the customer's last message (platform spec §5.3). */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether free text may be sent now, and until when (`closesAt` null when the customer never wrote). */
export interface ServiceWindow {
  readonly open: boolean;
  readonly closesAt: number | null;
}

/** The service window measured from the customer's last inbound message. */
export function serviceWindowOf(lastInboundAt: number | null | undefined, now: number): ServiceWindow {
  if (lastInboundAt == null) return { open: false, closesAt: null };
  const closesAt = lastInboundAt + SERVICE_WINDOW_MS;
  return { open: now < closesAt, closesAt };
}
