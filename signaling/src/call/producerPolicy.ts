import { ForbiddenError, ValidationError, type MediaSource } from '@videoloket/contracts';
import type { Seat } from './Seat';

/** What each source carries: a microphone is audio, a camera and a screen are video. */
const KIND_OF_SOURCE = { microphone: 'audio', camera: 'video', screen: 'video' } as const satisfies Record<MediaSource, 'audio' | 'video'>;

/**
 * Checked by media:produce before the SFU sees anything (issue 9, finding 7: a screen share
 * labelled `camera` got around the screen-share permission). The label must match the
 * track's kind, and the SFU allows one producer per source — so a second video producer
 * can only be a `screen`, which needs the clerk's permission.
 */
export function assertMayProduce(seat: Seat, kind: 'audio' | 'video', source: MediaSource): void {
  if (KIND_OF_SOURCE[source] !== kind) throw new ValidationError(`A ${source} producer carries ${KIND_OF_SOURCE[source]}, not ${kind}`);
  if (source === 'screen') assertMayShareScreen(seat);
}

/**
 * The server-side rule behind "the clerk can allow the citizen to share their screen"
 * (issue 5). Clerks always may; others only while allowed.
 */
export function assertMayShareScreen(seat: Seat): void {
  if (seat.role !== 'clerk' && !seat.screenShareAllowed) {
    throw new ForbiddenError('The clerk has not allowed you to share your screen');
  }
}
