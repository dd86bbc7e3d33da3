// The route table: which method and path reach which route (or 404/405), and body checking.

import { describe, expect, it } from 'vitest';
import { checkBody, matchRoute, ROUTES } from '../../src/operator/routes.js';

function routeOf(method: string, path: string) {
  const m = matchRoute(method, path);
  if (m === null || !('route' in m)) throw new Error(`no route for ${method} ${path}`);
  return m;
}

describe('operator routes', () => {
  it('match access.md paths and thrum’s own, with numeric parameters', () => {
    expect(routeOf('GET', '/api/state').route.pattern).toEqual(['api', 'state']);
    expect(routeOf('POST', '/api/clients/12/kick').params).toEqual([12]);
    expect(routeOf('DELETE', '/api/devices/3/cap').params).toEqual([3]);
    for (const [method, path] of [
      ['POST', '/api/estop'],
      ['POST', '/api/release'],
      ['POST', '/api/clients/1/admit'],
      ['POST', '/api/clients/1/deny'],
      ['GET', '/metrics'],
      ['POST', '/api/devices/0/stop'],
      ['POST', '/api/devices/0/cap'],
      ['POST', '/api/scanning/start'],
      ['POST', '/api/scanning/stop'],
    ] as const) {
      expect(routeOf(method, path).route.method).toBe(method);
    }
  });

  it('say which methods a known path takes, and nothing for unknown paths', () => {
    expect(matchRoute('GET', '/api/estop')).toEqual({ allowed: ['POST'] });
    expect(matchRoute('PUT', '/api/devices/1/cap')).toEqual({ allowed: ['POST', 'DELETE'] });
    expect(matchRoute('POST', '/', [['GET', '/']])).toEqual({ allowed: ['GET'] });
    expect(matchRoute('GET', '/api/nope')).toBeNull();
    expect(matchRoute('POST', '/api/clients/abc/kick')).toBeNull();
    expect(matchRoute('GET', '/api/state/')).toBeNull();
  });

  it('check bodies: JSON objects with the route’s fields only, each valid', () => {
    const cap = ROUTES.find((r) => r.method === 'POST' && r.pattern.at(-1) === 'cap')!;
    const estop = ROUTES.find((r) => r.pattern.at(-1) === 'estop')!;
    expect(checkBody(cap, '{"cap":0.5,"output":"Vibrate","feature":0}')).toEqual({
      cap: 0.5,
      output: 'Vibrate',
      feature: 0,
    });
    expect(checkBody(cap, '')).toBe('the body must be a JSON object with cap');
    expect(checkBody(cap, '{"cap":1.5}')).toBe('cap must be a number from 0 to 1');
    expect(checkBody(cap, '{"cap":0.5,"output":"Buzz"}')).toMatch(/^output must be one of Vibrate, Rotate/);
    expect(checkBody(cap, '{"cap":0.5,"feature":-1}')).toMatch(/^feature must be a feature index/);
    expect(checkBody(cap, '{"output":"Vibrate"}')).toBe('cap is required');
    expect(checkBody(cap, '{"cap":0.5,"capp":1}')).toBe(
      'unknown field "capp" (this route takes cap, output, feature)',
    );
    expect(checkBody(cap, '[1]')).toBe('the body must be a JSON object');
    expect(checkBody(cap, '{cap')).toMatch(/^the body is not valid JSON: /);
    expect(checkBody(estop, '')).toEqual({});
    expect(checkBody(estop, '{}')).toEqual({});
    expect(checkBody(estop, '{"now":true}')).toBe('unknown field "now" (this route takes no body)');
  });
});
