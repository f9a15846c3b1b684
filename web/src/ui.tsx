import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

/** Data loaded from the API: the value, the error, and a way to load it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { value: T | null; error: Error | null; reload: () => void } {
  const [state, setState] = useState<{ value: T | null; error: Error | null }>({ value: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((value) => live && setState({ value, error: null }), (error: Error) => live && setState({ value: null, error }));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export function Problem({ error }: { error: Error | null }) {
  return error ? <p class="problem" role="alert">{error.message}</p> : null;
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" aria-live="polite">Loading {what}…</p>;
}

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card" aria-label={title}>
      <header class="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stat">
      <span class="stat-label">{label}</span>
      <span class="stat-value">{value}</span>
    </div>
  );
}
