/** The fields of a route that decide which navigation entry it belongs to. */
export interface NavPlacement {
  readonly path: string;
  readonly nav?: boolean;
  readonly section?: string;
}

/**
 * The path of the navigation entry a route belongs to: its own path for a navigation entry, else its
 * `section`, else the navigation entry whose path is the longest leading run of its segments
 * (`/routing/:flowId` → `/routing`), else undefined.
 */
export function navSectionOf(route: NavPlacement, list: readonly NavPlacement[]): string | undefined {
  if (route.nav === true) return route.path;
  if (route.section !== undefined) return route.section;
  const segments = route.path.split('/').filter(Boolean);
  let best: string | undefined;
  let bestLength = -1;
  for (const entry of list) {
    if (entry.nav !== true) continue;
    const own = entry.path.split('/').filter(Boolean);
    // The root entry ('/') is no prefix of other pages: they name their section when it applies.
    if (own.length === 0 || own.length > segments.length || own.length <= bestLength) continue;
    if (own.every((s, i) => s === segments[i])) {
      best = entry.path;
      bestLength = own.length;
    }
  }
  return best;
}
