import type { Storage } from '@flowline/storage';

/**
 * Nothing reaches customers without review (docs/governance.md): on WhatsApp a version goes out only
 * when it is the published one, or approved, unless the workspace does not require review. Answers why
 * not, or undefined when the version may be sent. The sandbox phone is not a customer and is not gated.
 */
export async function whatsappReviewRefusal(storage: Storage, workspaceId: string, flow: { id: string; publishedVersion: number | null }, version: number): Promise<string | undefined> {
  if (version === flow.publishedVersion) return undefined;
  const [settings, review] = await Promise.all([storage.governance.settings(workspaceId), storage.governance.findReview(workspaceId, flow.id, version)]);
  if (!settings.reviewRequired || review.state === 'approved' || review.state === 'published') return undefined;
  return `version ${version} of Flow ${flow.id} is ${review.state.replace('_', ' ')}: only the published version or an approved one is sent on WhatsApp (try it on the sandbox phone)`;
}
