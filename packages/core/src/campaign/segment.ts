/** Who a campaign goes to: contacts matching every condition given. */
export interface Segment {
  /** Contacts with all of these tags. */
  readonly tags?: readonly string[];
  /** Contacts with none of these tags. */
  readonly notTags?: readonly string[];
  /** Contacts whose fields equal these values. */
  readonly fields?: Readonly<Record<string, string | number | boolean>>;
  /** Contacts with this activity, e.g. "completed the booking Flow in the last 30 days". */
  readonly activity?: { readonly activity: 'sent' | 'opened' | 'completed'; readonly flowId?: string; readonly withinDays: number; readonly negate?: boolean };
}

/** What a segment looks at in a contact. */
export interface SegmentContact {
  readonly id: string;
  readonly tags: readonly string[];
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Whether a contact is in a segment. `active` holds the contacts with the segment's activity (the host
 * looks it up once); a negated activity keeps those without it ("did not complete in the last 30 days").
 */
export function matchesSegment(contact: SegmentContact, segment: Segment, active?: ReadonlySet<string>): boolean {
  if (segment.tags?.some((tag) => !contact.tags.includes(tag)) === true) return false;
  if (segment.notTags?.some((tag) => contact.tags.includes(tag)) === true) return false;
  for (const [field, expected] of Object.entries(segment.fields ?? {})) if (contact.fields[field] !== expected) return false;
  if (segment.activity !== undefined) {
    const has = active?.has(contact.id) === true;
    if (has === (segment.activity.negate === true)) return false;
  }
  return true;
}

/** A contact at the moment of sending, for the exclusions. */
export interface ExclusionContext {
  readonly optedIn: boolean;
  /** Whether the contact is on the campaign's exclusion list (routing's `exclude_from_campaign`). */
  readonly onExclusionList: boolean;
  readonly campaignName: string;
  /** When another campaign last sent this contact a message. */
  readonly lastOtherCampaignAt: number | undefined;
  readonly quietPeriodMs: number;
  readonly now: number;
}

/**
 * Why a recipient must not be sent to now (checked at send time, not when the audience was built):
 * opted out, on the campaign's exclusion list, or messaged by another campaign within the quiet period.
 */
export function exclusionReason(context: ExclusionContext): string | undefined {
  if (!context.optedIn) return 'opted out (or never opted in)';
  if (context.onExclusionList) return `on the exclusion list of campaign ${context.campaignName}`;
  if (context.lastOtherCampaignAt !== undefined && context.now - context.lastOtherCampaignAt < context.quietPeriodMs) return 'messaged by another campaign within the quiet period';
  return undefined;
}

/**
 * The `flow_action_data` of one recipient: each key takes a contact value named by a path (`name`,
 * `phone`, `fields.plan`) or a literal in quotes (`"spring"`); a missing value is left out.
 */
export function toFlowActionData(mapping: Readonly<Record<string, string>>, contact: { readonly phone: string; readonly name: string | null; readonly fields: Readonly<Record<string, unknown>> }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(mapping)) {
    let value: unknown;
    if (/^".*"$/.test(path)) value = path.slice(1, -1);
    else if (path === 'phone') value = contact.phone;
    else if (path === 'name') value = contact.name ?? undefined;
    else if (path.startsWith('fields.')) value = contact.fields[path.slice('fields.'.length)];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}
