import { useState } from 'preact/hooks';
import { api, session } from '../api.js';
import type { Who } from '../main.js';
import { Problem } from '../ui.js';

/** Sign in with an API key; it is kept in this browser session only (sessionStorage), never stored by the page elsewhere. */
export function SignIn({ onSignedIn }: { onSignedIn: (who: Who) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const who = await api<Who>('GET', '/api/session', undefined, key.trim());
      session.keep(key.trim());
      onSignedIn(who);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <main class="sign-in">
      <h1>OpenDOM</h1>
      <form onSubmit={submit} class="card">
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} required placeholder="odk_…" />
        <p class="muted">Create one with <code>opendom keys create --role read|operate|admin</code>. It is kept in this browser tab's session only.</p>
        <button type="submit">Sign in</button>
        <Problem error={error} />
      </form>
    </main>
  );
}
