import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture as pngFixture } from '@videoloket/pdf/testing';
import type { FormPdf, FormState, FormTemplateView, InterpreterInvitation } from '@videoloket/contracts';
import { connect, request, startTestServer, type ClientSocket, type TestServer } from './support';

// Issue 4 phase 2 against the real server: who may do what with a form in the call, what
// each party is pushed, and that bad input changes nothing. (The browser test e2e/forms.test.ts
// checks the sealed PDF itself with pdfsig and pdf-lib.)

const fixture = (name: string) => `data:image/png;base64,${Buffer.from(pngFixture(name)).toString('base64')}`;
const SIGNATURE = fixture('signature.png');
const BLANK = fixture('blank.png');
const KNOT = fixture('knot.png');

let server: TestServer;
let clerk: ClientSocket;
let citizen: ClientSocket;
let interpreter: ClientSocket;
let citizenId: string;
const opened: ClientSocket[] = [];
const pushed: Record<'clerk' | 'citizen' | 'interpreter', string[]> = { clerk: [], citizen: [], interpreter: [] };

async function open(auth: { token: string; callId?: string }, who: keyof typeof pushed): Promise<ClientSocket> {
  const s = await connect(server.app.url, auth);
  s.onAny((event: string) => event.startsWith('form:') && pushed[who].push(event));
  opened.push(s);
  return s;
}

async function ok<T>(socket: ClientSocket, event: string, payload: unknown): Promise<T> {
  const ack = await request(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${JSON.stringify(ack.error)}`);
  return ack.data as T;
}

async function code(socket: ClientSocket, event: string, payload: unknown): Promise<string> {
  const ack = await request(socket, event, payload);
  return ack.ok ? 'OK' : ack.error.code;
}

const tokenOf = (url: string) => new URL(url).hash.replace('#t=', '');

beforeAll(async () => {
  server = await startTestServer();
  const token = await server.login();
  const call = await server.createCall(token, 'Reistoestemming');
  clerk = await open({ token, callId: call.call.callId }, 'clerk');
  await ok(clerk, 'call:join', {});
  citizen = await open({ token: call.citizenToken }, 'citizen');
  const joined = await ok<{ self: { participantId: string } }>(citizen, 'call:join', { displayName: 'Mira Janssens' });
  citizenId = joined.self.participantId;
  await ok(clerk, 'call:admit', { participantId: citizenId });
  const inv = await ok<InterpreterInvitation>(clerk, 'interpreter:invite', { language: 'Arabisch', admitDirectly: true, name: 'Samira' });
  interpreter = await open({ token: tokenOf(inv.url) }, 'interpreter');
  await ok(interpreter, 'call:join', {});
});

afterAll(async () => {
  for (const s of opened) s.close();
  await server?.stop();
});

const travelValues = {
  kind_achternaam: 'Janssens',
  kind_voornamen: 'Loeysje',
  kind_geboortedatum: '14-03-2013',
  kind_documentnummer: 'EL1234567',
  ouder_adres: 'Kerkstraat 12',
  ouder_postcode_woonplaats: '9000 Gent',
  begeleider_naam: 'Jef Janssens',
  bestemming: 'Spanje',
  vertrekdatum: '01-07-2027',
  terugkeerdatum: '15-07-2027',
  verklaring_akkoord: true,
  plaats: 'Gent',
  gemeente: 'Gent',
};

describe('forms in the call', () => {
  let state: FormState;

  it('only the clerk lists and opens templates; prefill from the call; the citizen is pushed the state, the interpreter nothing', async () => {
    const templates = await ok<FormTemplateView[]>(clerk, 'form:templates', {});
    expect(templates.map((t) => t.id)).toEqual(expect.arrayContaining(['reistoestemming-minderjarige', 'mantelzorgpremie']));
    expect(await code(citizen, 'form:templates', {})).toBe('FORBIDDEN');
    expect(await code(interpreter, 'form:current', {})).toBe('FORBIDDEN');
    expect(await code(clerk, 'form:open', { formId: 'bestaat-niet' })).toBe('NOT_FOUND');
    expect(await ok(citizen, 'form:current', {})).toBeNull();

    const pushedToCitizen = new Promise<FormState>((resolve) => citizen.once('form:state', resolve));
    state = await ok<FormState>(clerk, 'form:open', { formId: 'reistoestemming-minderjarige' });
    expect(state.values).toMatchObject({ ouder_naam: 'Mira Janssens', ambtenaar_naam: expect.any(String) });
    expect(state.values.datum).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect((await pushedToCitizen).sessionId).toBe(state.sessionId);
    expect(state.shownHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('bad fills are refused whole and change nothing; the citizen cannot fill', async () => {
    expect(await code(clerk, 'form:fill', { sessionId: state.sessionId, values: { bestemming: 'Spanje', bestaat_niet: 'x' } })).toBe('BAD_REQUEST');
    expect(await code(clerk, 'form:fill', { sessionId: state.sessionId, values: { vertrekdatum: '31-02-2027' } })).toBe('BAD_REQUEST');
    expect(await code(citizen, 'form:fill', { sessionId: state.sessionId, values: { bestemming: 'Spanje' } })).toBe('FORBIDDEN');
    const current = await ok<FormState>(citizen, 'form:current', {});
    expect(current.values.bestemming).toBeUndefined();
    expect(current.version).toBe(state.version);
    state = await ok<FormState>(clerk, 'form:fill', { sessionId: state.sessionId, values: travelValues });
    expect(state.values.bestemming).toBe('Spanje');
  });

  it('both parties read the current PDF by version', async () => {
    const pdf = await ok<FormPdf>(citizen, 'form:pdf', { sessionId: state.sessionId });
    expect(pdf.version).toBe(state.version);
    expect(pdf.finalised).toBe(false);
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the citizen signs only when asked, with a drawn signature; the clerk cannot finalise early', async () => {
    const sign = { sessionId: state.sessionId, fieldName: 'handtekening_ouder', png: SIGNATURE };
    expect(await code(citizen, 'form:sign', sign)).toBe('FORBIDDEN');
    expect(await code(citizen, 'form:sign', { ...sign, png: 'data:image/gif;base64,R0lGOD' })).toBe('BAD_REQUEST');
    expect(await code(clerk, 'form:finalise', { sessionId: state.sessionId })).toBe('UNPROCESSABLE');

    const asked = new Promise<{ fieldName: string }>((resolve) => citizen.once('form:signature-requested', resolve));
    expect(await code(clerk, 'form:request-signature', { ...sign, png: undefined, participantId: 'nobody' })).toBe('NOT_FOUND');
    await ok(clerk, 'form:request-signature', { sessionId: state.sessionId, fieldName: 'handtekening_ouder', participantId: citizenId });
    expect((await asked).fieldName).toBe('handtekening_ouder');
    // Asked for one field, not for the clerk's.
    expect(await code(citizen, 'form:sign', { ...sign, fieldName: 'handtekening_ambtenaar' })).toBe('FORBIDDEN');
    // Refusals carry a code per reason: the browsers say it in the signer's language.
    expect(await code(citizen, 'form:sign', { ...sign, png: BLANK })).toBe('SIGNATURE_EMPTY');
    expect(await code(citizen, 'form:sign', { ...sign, png: KNOT })).toBe('SIGNATURE_TOO_SMALL');
    const typed = { sessionId: state.sessionId, fieldName: 'handtekening_ouder' };
    expect(await code(citizen, 'form:sign', { ...typed, typedName: '1234' })).toBe('SIGNATURE_NAME_INVALID');
    expect(await code(citizen, 'form:sign', { ...typed, typedName: 'Ἀλέξανδρος Π' })).toBe('SIGNATURE_NAME_UNPRINTABLE');
    expect(await code(citizen, 'form:sign', { ...typed, typedName: 'Mira Janssens', png: SIGNATURE })).toBe('BAD_REQUEST');
    expect((await ok<FormState>(citizen, 'form:current', {})).signatures).toHaveLength(0);

    state = await ok<FormState>(citizen, 'form:sign', sign);
    expect(state.signatures).toEqual([expect.objectContaining({ fieldName: 'handtekening_ouder', participantId: citizenId, displayName: 'Mira Janssens' })]);
    expect(state.locked).toBe(true);
    expect(await code(clerk, 'form:fill', { sessionId: state.sessionId, values: { plaats: 'Brugge' } })).toBe('CONFLICT');
  });

  it('the clerk signs and finalises: sealed PDF as a call document, the interpreter was never told anything', async () => {
    await ok(clerk, 'form:sign', { sessionId: state.sessionId, fieldName: 'handtekening_ambtenaar', png: SIGNATURE });
    state = await ok<FormState>(clerk, 'form:finalise', { sessionId: state.sessionId });
    expect(state.finalised).toBe(true);
    expect(state.documentId).toEqual(expect.any(String));
    const pdf = await ok<FormPdf>(citizen, 'form:pdf', { sessionId: state.sessionId });
    expect(pdf.finalised).toBe(true);
    expect(Buffer.from(pdf.pdfBase64, 'base64').toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(await code(clerk, 'form:fill', { sessionId: state.sessionId, values: { plaats: 'Brugge' } })).not.toBe('OK');
    expect(pushed.citizen).toContain('form:state');
    expect(pushed.citizen).toContain('form:signature-requested');
    expect(pushed.clerk).not.toContain('form:signature-requested');
    expect(pushed.interpreter).toEqual([]);
  });
});
