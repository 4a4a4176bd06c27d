import { toFlowGraph, type GraphNode } from './flow-graph-model.js';

const W = 124;
const H = 46;
const GAP_X = 16;
const GAP_Y = 30;

// Screens are drawn top to bottom (one layer per row), so a Flow fits the narrow side panel and grows
// downwards; only layers with more parallel screens than the panel holds scroll sideways.
function place(n: GraphNode): { x: number; y: number } {
  return { x: 10 + n.row * (W + GAP_X), y: 10 + n.layer * (H + GAP_Y) };
}

/** The screens as boxes and their routes as arrows; a screen is a button that selects it. */
export function FlowGraph({ doc, selected, onSelect }: { doc: unknown; selected: string | undefined; onSelect: (screenId: string) => void }) {
  const { nodes, edges } = toFlowGraph(doc);
  if (nodes.length === 0) return <p className="muted">No screens to draw.</p>;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const width = 20 + (Math.max(...nodes.map((n) => n.row)) + 1) * (W + GAP_X) + 30;
  const height = 20 + (Math.max(...nodes.map((n) => n.layer)) + 1) * (H + GAP_Y);
  return (
    <div className="flow-graph" role="group" aria-label="Screens">
      <div className="flow-graph-canvas" style={{ width, height }}>
        <svg width={width} height={height} role="img" aria-label={`Routes: ${edges.map((e) => `${e.from} to ${e.to}`).join(', ') || 'none'}`}>
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#7a8796" />
            </marker>
          </defs>
          {edges.map((e) => {
            const a = byId.get(e.from);
            const b = byId.get(e.to);
            if (a === undefined || b === undefined) return null;
            const p = place(a);
            const q = place(b);
            const forward = b.layer > a.layer;
            // Forward routes leave the bottom of a box for the top of the next; routes back loop round the right side.
            const x1 = forward ? p.x + W / 2 : p.x + W;
            const y1 = forward ? p.y + H : p.y + H / 2;
            const x2 = forward ? q.x + W / 2 : q.x + W;
            const y2 = forward ? q.y : q.y + H / 2;
            const mid = forward ? `C ${x1} ${y1 + 18}, ${x2} ${y2 - 18}` : `C ${x1 + 28} ${y1}, ${x2 + 28} ${y2}`;
            return <path key={`${e.from}-${e.to}`} d={`M ${x1} ${y1} ${mid}, ${x2} ${y2}`} fill="none" stroke="#7a8796" strokeDasharray={e.kind === 'navigate' ? undefined : '4 3'} markerEnd="url(#arrow)" />;
          })}
        </svg>
        {nodes.map((n) => {
          const { x, y } = place(n);
          return (
            <button
              type="button"
              key={n.id}
              className="graph-node"
              aria-pressed={selected === n.id}
              style={{ left: x, top: y, width: W, height: H }}
              onClick={() => onSelect(n.id)}
              title={n.title}
            >
              <span className="graph-id">{n.id}</span>
              <span className="graph-title">{n.terminal ? '■ ' : ''}{n.title}</span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
