import { ScreenShareButton, VideoTile } from '@videoloket/call-client/react';
import type { CallSession, SessionState } from '@videoloket/call-client';
import { interpreterText as tx } from '../interpreter/labels';

/** The clerk's share button (clerks may always share; the server checks the others). */
export function DeskScreenShareButton({ session }: { session: CallSession }) {
  return <ScreenShareButton session={session} labels={{ start: tx('shareScreen'), stop: tx('stopSharing'), refused: tx('shareFailed') }} />;
}

/** A participant's shared screen, large (e.g. a citizen showing a letter). */
export function DeskRemoteScreens({ state }: { state: SessionState }) {
  const screens = state.remoteTracks.filter((r) => r.kind === 'video' && r.source === 'screen');
  return (
    <>
      {screens.map((s) => {
        const owner = state.call?.participants.find((p) => p.id === s.participantId);
        return <VideoTile key={s.consumerId} track={s.track} label={tx('screenOf', { name: owner?.displayName ?? '' })} remote testId="remote-screen" />;
      })}
    </>
  );
}
