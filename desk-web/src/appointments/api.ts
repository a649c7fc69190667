import type {
  AddCaseNoteRequest,
  AppointmentView,
  CallSummary,
  CaseView,
  ChecklistItem,
  DayPlanView,
  ErrorBody,
  ProductView,
  SetCaseStatusRequest,
} from '@videoloket/contracts';
import { HttpError } from '../api';

// The clerk's back-office calls (docs/backoffice.md): behind the desk's Bearer token. Errors are
// the desk's HttpError (an AppError with the server's code); a 401 means the sign-in expired.

async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new HttpError(0, { code: 'UNAVAILABLE', message: 'network' });
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
    throw new HttpError(res.status, err && typeof err.code === 'string' ? (err as ErrorBody) : { code: res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', message: res.statusText });
  }
  return json as T;
}

const bo = '/api/backoffice';
const seg = encodeURIComponent;

export const clerkApi = {
  products: (token: string) => call<ProductView[]>(token, 'GET', `${bo}/products`),
  appointments: (token: string, date: string) => call<AppointmentView[]>(token, 'GET', `${bo}/appointments?date=${seg(date)}`),
  getCase: (token: string, caseId: string) => call<CaseView>(token, 'GET', `${bo}/cases/${seg(caseId)}`),
  setStatus: (token: string, caseId: string, req: SetCaseStatusRequest) => call<CaseView>(token, 'POST', `${bo}/cases/${seg(caseId)}/status`, req),
  addNote: (token: string, caseId: string, req: AddCaseNoteRequest) => call<CaseView>(token, 'POST', `${bo}/cases/${seg(caseId)}/notes`, req),
  markPaid: (token: string, caseId: string) => call<CaseView>(token, 'POST', `${bo}/cases/${seg(caseId)}/payment/paid`, {}),
  dayPlan: (token: string, clerkId: string, date: string) => call<DayPlanView>(token, 'GET', `${bo}/mobile/day-plan?clerkId=${seg(clerkId)}&date=${seg(date)}`),
  setChecklist: (token: string, appointmentId: string, item: ChecklistItem, done: boolean) =>
    call<Record<ChecklistItem, boolean>>(token, 'POST', `${bo}/visits/${seg(appointmentId)}/checklist`, { item, done }),
  /** Opens (or finds, when the citizen arrived first) the appointment's call. */
  startAppointmentCall: (token: string, appointmentId: string, title: string) => call<CallSummary>(token, 'POST', `/api/calls/appointments/${seg(appointmentId)}`, { title }),
};
