import type {
  BookingChallengeView,
  BookingResponse,
  CaseStatusPageView,
  EvaluationRequest,
  ErrorBody,
  InvitationPrefill,
  ProductView,
  PublicBookAppointmentRequest,
  SlotSearchQuery,
  SlotView,
} from '@videoloket/contracts';
// From the errors file only: the package index would pull zod into the browser bundle.
import { AppError } from '@videoloket/contracts/errors';

// The public back-office API (docs/backoffice.md): the booking page, private manage and
// status links. Failures become AppErrors with the server's code and field issues, so the
// pages branch on `code` and put `issues` next to the fields.

export class BackofficeHttpError extends AppError {
  constructor(readonly status: number, body: ErrorBody) {
    super(body.code, body.message, body.issues);
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/backoffice${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // Private links must not travel further than this page.
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
  } catch {
    throw new BackofficeHttpError(0, { code: 'UNAVAILABLE', message: 'network' });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = json as Partial<ErrorBody> | undefined;
    throw new BackofficeHttpError(res.status, err && typeof err.code === 'string' ? (err as ErrorBody) : { code: 'INTERNAL', message: res.statusText });
  }
  return json as T;
}

const seg = encodeURIComponent;

export const bookingApi = {
  products: () => request<ProductView[]>('GET', '/products'),
  slots: (q: SlotSearchQuery) => {
    const params = new URLSearchParams({ productId: q.productId, channel: q.channel, from: q.from, to: q.to });
    if (q.lat !== undefined && q.lon !== undefined) {
      params.set('lat', String(q.lat));
      params.set('lon', String(q.lon));
    }
    return request<SlotView[]>('GET', `/slots?${params.toString()}`);
  },
  challenge: () => request<BookingChallengeView>('GET', '/booking-challenge'),
  book: (req: PublicBookAppointmentRequest) => request<BookingResponse>('POST', '/appointments', req),
  invitation: (code: string) => request<InvitationPrefill>('GET', `/invitations/${seg(code)}`),
  manage: (token: string) => request<BookingResponse>('GET', `/manage/${seg(token)}`),
  reschedule: (token: string, startsAt: string) => request<BookingResponse>('POST', `/manage/${seg(token)}/reschedule`, { startsAt }),
  cancel: (token: string, reason?: string) => request<{ appointmentId: string; status: 'cancelled'; alreadyCancelled: boolean }>('POST', `/manage/${seg(token)}/cancel`, reason ? { reason } : {}),
  status: (token: string) => request<CaseStatusPageView>('GET', `/status/${seg(token)}`),
  evaluate: (token: string, req: EvaluationRequest) => request<void>('POST', `/status/${seg(token)}/evaluation`, req),
};
export type BookingApi = typeof bookingApi;
