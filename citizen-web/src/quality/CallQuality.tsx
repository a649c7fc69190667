import type { CallSession, SessionState, Translate } from '@videoloket/call-client';
import { QualityIndicator } from '@videoloket/call-client/react';
import type { ParticipantView } from '@videoloket/contracts';
import type { CitizenKey } from '../i18n';

// Weak links (issue 16): the citizen sees how their connection does, hears in plain words when
// the clerk's is weak, is offered "sound only" when theirs stays weak, and can switch it.

const OWN: Record<string, CitizenKey> = { good: 'qualityGood', weak: 'qualityWeak', 'very-weak': 'qualityVeryWeak' };

export function CallQuality({ t, session, state, other }: { t: Translate<CitizenKey>; session: CallSession; state: SessionState; other?: ParticipantView }) {
  const quality = state.connectionQuality;
  const otherQuality = other?.connectionQuality;
  return (
    <div className="call-quality">
      <QualityIndicator quality={quality} text={t(quality ? OWN[quality]! : 'qualityUnknown')} testId="own-quality" />
      {other && (otherQuality === 'weak' || otherQuality === 'very-weak') && (
        <QualityIndicator
          quality={otherQuality}
          text={t(otherQuality === 'weak' ? 'otherQualityWeak' : 'otherQualityVeryWeak', { name: other.displayName })}
          testId="other-quality"
        />
      )}
      {state.audioOnly && <p className="status">{t('audioOnlyActive')}</p>}
      {state.audioOnlyOffered && (
        <div className="banner" role="alert" data-testid="audio-only-offer">
          <p>{t('audioOnlyOffer')}</p>
          <button type="button" onClick={() => void session.setAudioOnly(true)} data-testid="audio-only-accept">
            {t('audioOnlyAccept')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => session.declineAudioOnly()}>
            {t('audioOnlyDecline')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Sound only ↔ video, in the call's control bar. */
export function AudioOnlyButton({ t, session, state }: { t: Translate<CitizenKey>; session: CallSession; state: SessionState }) {
  return (
    <button type="button" aria-pressed={state.audioOnly} onClick={() => void session.setAudioOnly(!state.audioOnly)} data-testid="audio-only-button">
      {state.audioOnly ? t('videoBack') : t('audioOnly')}
    </button>
  );
}
