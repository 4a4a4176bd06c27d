import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFlowGraph, findEntryScreens, reachableFrom } from './index.js';

const navigate = (to: string): Record<string, unknown> => ({ name: 'navigate', next: { type: 'screen', name: to }, payload: {} });
const footer = (action: Record<string, unknown>): Record<string, unknown> => ({ type: 'Footer', label: 'Go', 'on-click-action': action });
const screen = (id: string, children: unknown[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  layout: { type: 'SingleColumnLayout', children },
  ...extra,
});
const complete = footer({ name: 'complete', payload: {} });

describe('buildFlowGraph', () => {
  it('finds navigate routes on components, their items and in If/Switch branches, with the entry and terminal screens', () => {
    const graph = buildFlowGraph({
      version: '7.2',
      screens: [
        screen('A', [{ type: 'If', condition: '${data.x}', then: [footer(navigate('B'))], else: [footer(navigate('C'))] }]),
        screen('B', [{ type: 'NavigationList', name: 'l', 'list-items': [{ id: '1', 'on-click-action': navigate('D') }] }]),
        screen('C', [{ type: 'Switch', value: '${data.y}', cases: { a: [footer(navigate('D'))] } }]),
        screen('D', [complete], { terminal: true, title: 'Done' }),
      ],
    });
    assert.deepEqual(graph.ids, ['A', 'B', 'C', 'D']);
    assert.deepEqual(Object.fromEntries(graph.routes), { A: ['B', 'C'], B: ['D'], C: ['D'], D: [] });
    assert.equal(graph.declared, false);
    assert.deepEqual(graph.entries, ['A']);
    assert.deepEqual(graph.terminals, ['D']);
    assert.equal(graph.screens[3]?.title, 'Done');
    assert.deepEqual(graph.edges.map((e) => `${e.from}>${e.to}:${e.source}`), ['A>B:navigate', 'A>C:navigate', 'B>D:navigate', 'C>D:navigate']);
  });

  it('takes a declared routing_model as the routes, unknown screens included, and keeps the navigate edges beside it', () => {
    const graph = buildFlowGraph({
      version: '7.2',
      data_api_version: '3.0',
      routing_model: { A: ['B', 'GHOST', 'B', 7], B: 'not a list' },
      screens: [screen('A', [footer({ name: 'data_exchange', payload: {} })]), screen('B', [footer(navigate('A'))], { terminal: true })],
    });
    assert.equal(graph.declared, true);
    assert.deepEqual(Object.fromEntries(graph.routes), { A: ['B', 'GHOST'], B: [] });
    assert.deepEqual(Object.fromEntries(graph.navigateEdges), { A: [], B: ['A'] });
    assert.deepEqual(graph.edges.map((e) => `${e.from}>${e.to}:${e.source}`), ['A>B:routing_model', 'A>GHOST:routing_model', 'B>A:navigate']);
    assert.deepEqual(graph.entries, ['A']);
  });

  it('treats an empty routing_model as declared: every screen is then an entry', () => {
    const graph = buildFlowGraph({ routing_model: {}, screens: [screen('A', [footer(navigate('B'))]), screen('B')] });
    assert.equal(graph.declared, true);
    assert.deepEqual(graph.entries, ['A', 'B']);
  });

  it('keeps self and unknown targets on the screen but not in the navigate edges, and merges screens that repeat an id', () => {
    const graph = buildFlowGraph({
      screens: [screen('A', [footer(navigate('A')), footer(navigate('NOPE')), footer(navigate('B'))]), screen('B'), screen('A', [footer(navigate('C'))]), screen('C')],
    });
    assert.deepEqual(graph.screens[0]?.navigate, ['A', 'NOPE', 'B']);
    assert.deepEqual(Object.fromEntries(graph.navigateEdges), { A: ['B', 'C'], B: [], C: [] });
    assert.deepEqual(graph.ids, ['A', 'B', 'C']);
    assert.deepEqual(graph.entries, ['A']);
  });

  it('ignores navigate-shaped objects that are not actions, such as a payload value', () => {
    const graph = buildFlowGraph({
      screens: [screen('A', [complete]), screen('B', [footer({ name: 'data_exchange', payload: { x: navigate('A') } })])],
    });
    assert.deepEqual(graph.entries, ['A', 'B']);
  });

  it('finds no entry when every screen is a target', () => {
    const graph = buildFlowGraph({ screens: [screen('A', [footer(navigate('B'))]), screen('B', [footer(navigate('A'))])] });
    assert.deepEqual(graph.entries, []);
  });

  it('returns an empty graph for what is not a Flow, and the same graph for the same document object', () => {
    for (const doc of [null, 42, 'x', [], {}, { screens: 'no' }]) assert.deepEqual(buildFlowGraph(doc).screens, []);
    const doc = { screens: [screen('A')] };
    assert.equal(buildFlowGraph(doc), buildFlowGraph(doc));
  });
});

describe('findEntryScreens and reachableFrom', () => {
  const edges = new Map([
    ['A', ['B']],
    ['B', ['C']],
    ['C', []],
    ['D', ['C']],
  ]);
  it('lists the screens no edge points to, in the order given', () => {
    assert.deepEqual(findEntryScreens(['D', 'A', 'B', 'C'], edges), ['D', 'A']);
  });
  it('walks forward edges from the starts', () => {
    assert.deepEqual([...reachableFrom(edges, ['A'])], ['A', 'B', 'C']);
    assert.deepEqual([...reachableFrom(edges, ['C'])], ['C']);
  });
});
