import { test } from 'node:test';
import assert from 'node:assert/strict';
import { navSectionOf } from './nav-section.js';
import { routes } from './routes.js';

const sectionOf = (path: string): string | undefined => {
  const route = routes.find((r) => r.path === path);
  assert.ok(route !== undefined, `route ${path}`);
  return navSectionOf(route, routes);
};

test('pages under a navigation entry highlight that entry', () => {
  assert.equal(sectionOf('/routing/:flowId'), '/routing');
  assert.equal(sectionOf('/dashboards/:flowId'), '/dashboards');
  assert.equal(sectionOf('/routing'), '/routing');
});

test('Flow pages belong to Flows and the contact view to the inbox', () => {
  assert.equal(sectionOf('/flows/:id'), '/');
  assert.equal(sectionOf('/flows/:id/edit'), '/');
  assert.equal(sectionOf('/flows/new'), '/');
  assert.equal(sectionOf('/contacts/:contactId'), '/inbox');
});

test('every page belongs to a navigation entry that exists', () => {
  const navPaths = new Set(routes.filter((r) => r.nav === true).map((r) => r.path));
  for (const route of routes) assert.ok(navPaths.has(navSectionOf(route, routes) ?? ''), `${route.path} has a navigation entry`);
});

test('a page under no entry and without a section highlights nothing', () => {
  assert.equal(navSectionOf({ path: '/elsewhere/:x' }, [{ path: '/', nav: true }, { path: '/inbox', nav: true }]), undefined);
});
