import { describe, expect, it } from 'vitest';
import { createHttpClient, HttpError } from './client';

/** A fetch that records the request and answers with `status` and `body` (JSON unless a string). */
function fakeFetch(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const seen: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

const call = { callId: 'c-1', title: 'Paspoort', status: 'open', createdAt: '2026-12-07T09:00:00.000Z', waiting: 0, admitted: 1 };

describe('the HTTP client built from the route table', () => {
  it('fills path parameters (encoded), the query, the bearer token and the JSON body from the route', async () => {
    const { fetch, seen } = fakeFetch(200, { withdrawn: true, removed: 0 });
    const client = createHttpClient({ fetch, token: 'clerk-token', baseUrl: 'http://desk.test' });
    await client.withdrawLink({ params: { callId: 'call/1', linkId: 'l 1' } });
    expect(seen[0]!.url).toBe('http://desk.test/api/calls/call%2F1/links/l%201');
    expect(seen[0]!.init.method).toBe('DELETE');
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer clerk-token');
    expect(seen[0]!.init.body).toBeUndefined();

    const slots = fakeFetch(200, []);
    await createHttpClient({ fetch: slots.fetch }).slots({ query: { productId: 'eid', channel: 'home_visit', from: '2026-12-07', to: '2026-12-13', lat: 51.2, lon: undefined } });
    expect(slots.seen[0]!.url).toBe('/api/backoffice/slots?productId=eid&channel=home_visit&from=2026-12-07&to=2026-12-13&lat=51.2');

    const create = fakeFetch(201, { call, citizenLink: 'https://x/call/#t=a', citizenLinkExpiresAt: call.createdAt, citizenLinkId: 'l-1' });
    await createHttpClient({ fetch: create.fetch }).createCall({ body: { title: 'Paspoort' } });
    expect(create.seen[0]!.init.body).toBe('{"title":"Paspoort"}');
    expect((create.seen[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('refuses an answer that does not match its schema, naming the route and the field', async () => {
    const { fetch } = fakeFetch(200, [{ ...call, waiting: 'two' }]);
    const err = await createHttpClient({ fetch }).listCalls().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ code: 'INTERNAL', status: 200, message: 'The answer to GET /api/calls does not match its contract' });
    expect((err as HttpError).issues).toContainEqual({ path: '0.waiting', message: expect.any(String) });

    const notJson = fakeFetch(200, '<html>proxy login</html>');
    await expect(createHttpClient({ fetch: notJson.fetch }).products()).rejects.toMatchObject({ code: 'INTERNAL', message: 'The answer to GET /api/backoffice/products does not match its contract' });
  });

  it('hands on only the fields of the contract', async () => {
    const { fetch } = fakeFetch(200, [{ ...call, internalNote: 'not for the browser' }]);
    const list = await createHttpClient({ fetch }).listCalls();
    expect(list).toEqual([call]);
  });

  it("turns a refusal into an HttpError with the server's code, field issues and Retry-After", async () => {
    const issues = [{ path: 'citizen.email', message: 'Invalid email' }];
    const refused = fakeFetch(400, { code: 'BAD_REQUEST', message: 'Invalid booking', issues });
    const err = await createHttpClient({ fetch: refused.fetch }).bookingChallenge().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'Invalid booking', issues });

    const limited = fakeFetch(429, { code: 'RATE_LIMITED', message: 'Too many attempts' }, { 'retry-after': '120' });
    await expect(createHttpClient({ fetch: limited.fetch }).login({ body: { username: 'balie', password: 'x' } })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120 });

    // A proxy's page instead of our error body: the code follows the status.
    const proxy = fakeFetch(401, '<html>sign in</html>');
    await expect(createHttpClient({ fetch: proxy.fetch }).listCalls()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('reports a network failure as UNAVAILABLE with status 0', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(createHttpClient({ fetch }).products()).rejects.toMatchObject({ status: 0, code: 'UNAVAILABLE' });
  });

  it('resolves a 204 No Content route to undefined, and refuses a body where none is promised', async () => {
    const answers = { satisfaction: 5, ease: 4 };
    const token = 'a'.repeat(40);
    const none = fakeFetch(204);
    await expect(createHttpClient({ fetch: none.fetch }).evaluate({ params: { token }, body: answers })).resolves.toBeUndefined();
    const some = fakeFetch(200, { ok: true });
    await expect(createHttpClient({ fetch: some.fetch }).evaluate({ params: { token }, body: answers })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
