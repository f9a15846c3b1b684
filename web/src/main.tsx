import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get, may, session, type Role } from './api.js';
import { SignIn } from './views/sign-in.js';
import { Overview } from './views/overview.js';
import { PlanList, PlanView } from './views/plan.js';
import { MapView } from './views/map.js';
import { ExplainView } from './views/explain.js';
import { Exceptions } from './views/exceptions.js';
import { SuggestTester } from './views/suggest.js';
import { Simulations } from './views/simulations.js';

export interface Who {
  keyId: string;
  role: Role;
}

/** The view a location hash names: #/, #/plans, #/plans/P, #/plans/P/map, #/plans/P/lines/L, #/exceptions, #/simulations, #/suggest. */
function View({ hash, who }: { hash: string; who: Who }) {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'plans' && parts[1]) {
    if (parts[2] === 'map') return <MapView planId={parts[1]} />;
    if (parts[2] === 'lines' && parts[3]) return <ExplainView planId={parts[1]} lineId={parts[3]} who={who} />;
    return <PlanView planId={parts[1]} who={who} />;
  }
  if (parts[0] === 'plans') return <PlanList />;
  if (parts[0] === 'exceptions') return <Exceptions who={who} />;
  if (parts[0] === 'simulations') return <Simulations who={who} />;
  if (parts[0] === 'suggest' && may(who.role, 'operate')) return <SuggestTester />;
  return <Overview who={who} />;
}

function App() {
  const [who, setWho] = useState<Who | null>(null);
  const [checking, setChecking] = useState(session.key() !== null);
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  useEffect(() => {
    if (!checking) return;
    get<Who>('/api/session').then(setWho, () => session.forget()).finally(() => setChecking(false));
  }, []);
  if (checking) return null;
  if (!who) return <SignIn onSignedIn={setWho} />;
  const signOut = () => {
    session.forget();
    setWho(null);
  };
  const link = (href: string, label: string) => (
    <a href={href} aria-current={(hash || '#/') === href || (href !== '#/' && hash.startsWith(href)) ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <header class="top">
        <span class="brand">OpenDOM</span>
        <nav aria-label="Main">
          {link('#/', 'Overview')}
          {link('#/plans', 'Plans')}
          {link('#/exceptions', 'Exceptions')}
          {link('#/simulations', 'Simulations')}
          {may(who.role, 'operate') && link('#/suggest', 'Suggest tester')}
        </nav>
        <span class="who">
          key {who.keyId} · {who.role}
          <button type="button" class="quiet" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        <View hash={hash} who={who} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
