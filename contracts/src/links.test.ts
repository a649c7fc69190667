import { describe, expect, it } from 'vitest';
import { callTokenOf, citizenLinks, citizenPageOf } from './links';

const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-';

describe('the citizen links', () => {
  it('are read back by the pages as what they were built for', () => {
    const base = 'https://loket.example.be/';
    const manage = new URL(citizenLinks.manage(base, token));
    expect(manage.href).toBe(`https://loket.example.be/afspraak/${token}`);
    expect(citizenPageOf(manage.pathname, manage.search)).toEqual({ page: 'manage', token });

    const status = new URL(citizenLinks.status(base, token));
    expect(citizenPageOf(status.pathname, status.search)).toEqual({ page: 'status', token });

    const booking = new URL(citizenLinks.booking(base, 'ABCD-EFGH-JK'));
    expect(citizenPageOf(booking.pathname, booking.search)).toEqual({ page: 'book', code: 'ABCD-EFGH-JK' });

    const call = new URL(citizenLinks.call(base, 'eyJ.a.b'));
    expect(call.href).toBe('https://loket.example.be/call/#t=eyJ.a.b');
    expect(citizenPageOf(call.pathname, call.search)).toBeUndefined();
    expect(callTokenOf(call.hash)).toBe('eyJ.a.b');
  });

  it("the booking page the government login returns to says how it ended; anything else is ignored", () => {
    expect(citizenPageOf('/afspraak-maken', '?code=ABCD-EFGH-JK&login=cancelled')).toEqual({ page: 'book', code: 'ABCD-EFGH-JK', login: 'cancelled' });
    expect(citizenPageOf('/afspraak-maken', '?login=ok')).toEqual({ page: 'book', login: 'ok' });
    expect(citizenPageOf('/afspraak-maken', '?login=<script>')).toEqual({ page: 'book' });
  });

  it('a mangled private link opens the page that says so, not the call page', () => {
    expect(citizenPageOf('/afspraak/short', '')).toEqual({ page: 'invalid' });
    expect(citizenPageOf(`/dossier/${token}/extra`, '')).toEqual({ page: 'invalid' });
    expect(callTokenOf('')).toBeUndefined();
  });
});
