/** The shell: skip link, banner with the navigation, the routed page in <main>, focus moved to its heading. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useConsoleConfig } from './hooks.js';
import { DeskPage } from './pages/DeskPage.js';
import { DrillPage } from './pages/DrillPage.js';
import { NetworkPage } from './pages/NetworkPage.js';
import { StationPage } from './pages/StationPage.js';
import { TrainerPage } from './pages/TrainerPage.js';
import { hrefOf, parseRoute, titleOf, type Route } from './routes.js';
import { Link, NAVIGATE_EVENT } from './ui.js';

const NAV: readonly { label: string; route: Route }[] = [
  { label: 'Network', route: { page: 'network' } },
  { label: 'Desk', route: { page: 'desk' } },
  { label: 'Trainer', route: { page: 'trainer' } },
];

export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname));
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  const { config, error: configError, reload: reloadConfig } = useConsoleConfig();

  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);

  useEffect(() => {
    document.title = `${titleOf(route)} · chargedrill console`;
    // After in-page navigation, a screen reader starts at the new page's heading.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [route]);

  const activeNav = route.page === 'station' ? 'network' : route.page === 'drill' ? 'trainer' : route.page;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="banner">
        <p class="brand">chargedrill console</p>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.label}>
                <Link href={hrefOf(item.route)} aria-current={item.route.page === activeNav ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {titleOf(route)}
        </h1>
        {route.page === 'network' && <NetworkPage />}
        {route.page === 'station' && <StationPage stationId={route.stationId} config={config} />}
        {route.page === 'desk' && <DeskPage />}
        {route.page === 'trainer' && <TrainerPage config={config} configError={configError} reloadConfig={reloadConfig} />}
        {route.page === 'drill' && <DrillPage drillId={route.drillId} config={config} />}
        {route.page === 'not-found' && (
          <p>
            Nothing lives at <code>{route.path}</code>. <Link href="/">Back to the network</Link>.
          </p>
        )}
      </main>
    </>
  );
}
