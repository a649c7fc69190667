import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface InviteInput {
  appointmentId: string;
  method: 'REQUEST' | 'CANCEL';
  /** RFC 5545 §3.8.7.4: incremented on every revision the organizer sends. */
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location?: string;
  url?: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
  timeZone: string;
  domain: string;
}

/** Stable per appointment (RFC 5545 §3.8.4.7): updates and cancellations must carry the same UID. */
export function appointmentUid(appointmentId: string, domain: string): string {
  return `appointment-${appointmentId}@${domain}`;
}

export function buildInvite(i: InviteInput): string {
  const cal = ical({
    prodId: { company: 'Videoloket', product: 'backoffice', language: 'NL' },
    method: i.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL,
    name: 'Videoloket',
  });
  cal.createEvent({
    id: appointmentUid(i.appointmentId, i.domain),
    sequence: i.sequence,
    start: i.start,
    end: i.end,
    stamp: new Date(),
    summary: i.summary,
    description: i.description,
    location: i.location ?? null,
    url: i.url ?? null,
    organizer: i.organizer,
    attendees: i.attendee ? [{ name: i.attendee.name, email: i.attendee.email, rsvp: false }] : [],
    // RFC 5546 §3.2.5: a CANCEL carries STATUS:CANCELLED.
    status: i.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  return cal.toString();
}
