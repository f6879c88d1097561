/** The console's client-side routes: one path per page, so a page can be linked, bookmarked and reloaded. */

export type Route =
  | { page: 'network' }
  | { page: 'station'; stationId: string }
  | { page: 'desk' }
  | { page: 'trainer' }
  | { page: 'drill'; drillId: string }
  | { page: 'not-found'; path: string };

function segment(raw: string): string | undefined {
  try {
    const value = decodeURIComponent(raw);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'network' };
  if (path === '/desk') return { page: 'desk' };
  if (path === '/trainer') return { page: 'trainer' };
  const station = /^\/stations\/([^/]+)$/.exec(path);
  const stationId = station && segment(station[1] as string);
  if (stationId) return { page: 'station', stationId };
  const drill = /^\/drills\/([^/]+)$/.exec(path);
  const drillId = drill && segment(drill[1] as string);
  if (drillId) return { page: 'drill', drillId };
  return { page: 'not-found', path: pathname };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'network':
      return '/';
    case 'desk':
      return '/desk';
    case 'trainer':
      return '/trainer';
    case 'station':
      return `/stations/${encodeURIComponent(route.stationId)}`;
    case 'drill':
      return `/drills/${encodeURIComponent(route.drillId)}`;
    case 'not-found':
      return route.path;
  }
}

/** The page's title, for the document title and the main heading. */
export function titleOf(route: Route): string {
  switch (route.page) {
    case 'network':
      return 'Network';
    case 'desk':
      return 'Desk';
    case 'trainer':
      return 'Trainer';
    case 'station':
      return `Station ${route.stationId}`;
    case 'drill':
      return `Drill ${route.drillId}`;
    case 'not-found':
      return 'Page not found';
  }
}
