import { geoPath } from 'd3-geo';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { borders, HEIGHT, land, projection, WIDTH } from '../map-projection.js';
import { num } from '../format.js';
import { Loading, Problem, Section, useLoad } from '../ui.js';
import { LinesTable } from './plan.js';
import type { PlanLine } from '../../../core/plan/plan.js';

interface MapLocation { locationId: string; name: string; type: string; latitude: number; longitude: number; orders: number; units: number }
interface MapOrder { orderId: string; latitude: number; longitude: number; units: number; shipments: Array<{ locationId: string; units: number }> }
interface PlanMap { planId: string; locations: MapLocation[]; orders: MapOrder[]; unplaced: number }

/** Distinct hues that read on a light background; further locations cycle through them. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939', '#843c39', '#7b4173', '#3182bd', '#e6550d'];


/**
 * Where a plan ships from and to, drawn on the US states outline bundled
 * with the page (no tile server): each shipping location sized by its load
 * and coloured, a line to each order it ships to; click an order (or name
 * it) to see its lines and why each went where it went.
 */
export function MapView({ planId }: { planId: string }) {
  const map = useLoad(() => get<PlanMap>(`/api/plans/${encodeURIComponent(planId)}/map`), [planId]);
  const [orderId, setOrderId] = useState<string | null>(null);
  if (map.error) return <Problem error={map.error} />;
  if (!map.value) return <Loading what="the map" />;
  return <PlanMapView map={map.value} orderId={orderId} onOrder={setOrderId} />;
}

function PlanMapView({ map, orderId, onOrder }: { map: PlanMap; orderId: string | null; onOrder: (id: string | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useMemo(() => project(map), [map]);
  const [typed, setTyped] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  useEffect(() => {
    if (canvas.current) draw(canvas.current, drawn, orderId);
  }, [drawn, orderId]);
  const click = (event: MouseEvent) => {
    const box = canvas.current!.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    const y = ((event.clientY - box.top) / box.height) * HEIGHT;
    let best: { id: string; d: number } | null = null;
    for (const o of drawn.orders) {
      const d = (o.x - x) ** 2 + (o.y - y) ** 2;
      if (d < 100 && (!best || d < best.d)) best = { id: o.orderId, d };
    }
    onOrder(best?.id ?? null);
  };
  const show = (event: Event) => {
    event.preventDefault();
    const known = map.orders.some((o) => o.orderId === typed.trim());
    setMissing(known ? null : `order ${typed.trim()} is not on this plan's map`);
    if (known) onOrder(typed.trim());
  };
  const shipping = drawn.locations.filter((l) => l.units > 0).sort((a, b) => b.units - a.units);
  return (
    <>
      <h1>Map of plan {map.planId}</h1>
      <p><a href={`#/plans/${encodeURIComponent(map.planId)}`}>← plan {map.planId}</a></p>
      <Section title="Locations and the orders they ship to">
        <p class="muted">
          {num(map.orders.length, 0)} orders, {shipping.length} shipping locations of {map.locations.length}.
          {map.unplaced > 0 ? ` ${map.unplaced} orders have no coordinates in the store and are not drawn.` : ''}
          {drawn.outside > 0 ? ` ${drawn.outside} points fall outside the map's region.` : ''} Circle size: units shipped; click an order's point.
        </p>
        <form class="inline" onSubmit={show}>
          <label>
            Order
            <input value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} placeholder="order id" />
          </label>
          <button type="submit">Show order</button>
        </form>
        {missing ? <p class="problem" role="alert">{missing}</p> : null}
        <canvas
          ref={canvas}
          class="map"
          width={WIDTH}
          height={HEIGHT}
          data-testid="map"
          onClick={click}
          role="img"
          aria-label={`Map: ${shipping.length} locations shipping ${num(map.orders.length, 0)} orders; the table below lists each location's load`}
        />
        <table aria-label="Load of each location">
          <thead><tr><th scope="col">Location</th><th scope="col">Type</th><th scope="col" class="n">Orders</th><th scope="col" class="n">Units</th></tr></thead>
          <tbody>
            {shipping.map((l) => (
              <tr key={l.locationId}>
                <th scope="row"><span class="swatch" style={{ background: l.color }} aria-hidden="true" /> {l.locationId} <span class="muted">· {l.name}</span></th>
                <td>{l.type}</td><td class="n">{num(l.orders, 0)}</td><td class="n">{num(l.units, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {orderId ? <OrderLines planId={map.planId} orderId={orderId} /> : null}
    </>
  );
}

/** An order's lines on the plan, each with why it went where it went. */
function OrderLines({ planId, orderId }: { planId: string; orderId: string }) {
  const page = useLoad(() => get<{ plan: never; lines: PlanLine[]; page: { offset: number; limit: number; total: number } }>(`/api/plans/${encodeURIComponent(planId)}${query({ orderId, limit: 1000 })}`), [planId, orderId]);
  return (
    <Section title={`Order ${orderId}`}>
      <Problem error={page.error} />
      {page.value ? (
        <div data-testid="order-lines">
          <LinesTable planId={planId} page={page.value} />
          <ul>
            {page.value.lines.map((l) => <li key={l.lineId}><strong>{l.lineId}</strong>: {l.explanation.decision}</li>)}
          </ul>
        </div>
      ) : (
        <Loading what={`order ${orderId}`} />
      )}
    </Section>
  );
}

interface Drawn {
  locations: Array<MapLocation & { x: number; y: number; r: number; color: string }>;
  orders: Array<{ orderId: string; x: number; y: number; links: Array<{ x: number; y: number; color: string }> }>;
  outside: number;
}

/** Screen positions, sizes and colours, computed once per map. */
function project(map: PlanMap): Drawn {
  let outside = 0;
  const at = (p: { latitude: number; longitude: number }) => {
    const xy = projection([p.longitude, p.latitude]);
    if (!xy) outside++;
    return xy;
  };
  const most = Math.max(1, ...map.locations.map((l) => l.units));
  const ranked = [...map.locations].sort((a, b) => b.units - a.units);
  const colors = new Map(ranked.map((l, i) => [l.locationId, PALETTE[i % PALETTE.length]!]));
  const locations = map.locations.flatMap((l) => {
    const xy = at(l);
    return xy ? [{ ...l, x: xy[0], y: xy[1], r: l.units > 0 ? 3 + 15 * Math.sqrt(l.units / most) : 2.5, color: colors.get(l.locationId)! }] : [];
  });
  const byId = new Map(locations.map((l) => [l.locationId, l]));
  const orders = map.orders.flatMap((o) => {
    const xy = at(o);
    if (!xy) return [];
    const links = o.shipments.flatMap((s) => {
      const from = byId.get(s.locationId);
      return from ? [{ x: from.x, y: from.y, color: from.color }] : [];
    });
    return [{ orderId: o.orderId, x: xy[0], y: xy[1], links }];
  });
  return { locations, orders, outside };
}

function draw(canvas: HTMLCanvasElement, drawn: Drawn, selected: string | null): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  const g = canvas.getContext('2d')!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, WIDTH, HEIGHT);
  const path = geoPath(projection, g);
  g.beginPath();
  path(land);
  g.fillStyle = '#f1efe9';
  g.fill();
  g.beginPath();
  path(borders);
  g.strokeStyle = '#b5b0a5';
  g.lineWidth = 0.7;
  g.stroke();
  g.lineWidth = 0.6;
  g.globalAlpha = drawn.orders.length > 5000 ? 0.12 : 0.35;
  for (const o of drawn.orders) drawLinks(g, o);
  g.globalAlpha = 1;
  g.fillStyle = '#333';
  for (const o of drawn.orders) g.fillRect(o.x - 1, o.y - 1, 2, 2);
  for (const l of drawn.locations) {
    g.beginPath();
    g.arc(l.x, l.y, l.r, 0, 2 * Math.PI);
    g.fillStyle = l.units > 0 ? l.color : '#ffffff';
    g.globalAlpha = l.units > 0 ? 0.85 : 1;
    g.fill();
    g.globalAlpha = 1;
    g.strokeStyle = '#222';
    g.lineWidth = 1;
    g.stroke();
  }
  const chosen = drawn.orders.find((o) => o.orderId === selected);
  if (chosen) {
    g.lineWidth = 2.5;
    drawLinks(g, chosen);
    g.beginPath();
    g.arc(chosen.x, chosen.y, 6, 0, 2 * Math.PI);
    g.strokeStyle = '#000';
    g.stroke();
  }
}

/** A line from each location shipping to the order, in the location's colour. */
function drawLinks(g: CanvasRenderingContext2D, order: Drawn['orders'][number]): void {
  for (const l of order.links) {
    g.strokeStyle = l.color;
    g.beginPath();
    g.moveTo(l.x, l.y);
    g.lineTo(order.x, order.y);
    g.stroke();
  }
}
