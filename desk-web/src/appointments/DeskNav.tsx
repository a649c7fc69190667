import type { Language } from '@videoloket/call-client';
import { useMemo } from 'react';
import { createTranslator } from '@videoloket/call-client';
import { appointmentsCatalogues } from './i18n';
import { supervisorText } from '../supervisor/labels';
import { impactText } from '../impact/labels';

/** Tabs above the desk's home views: the calls list, today's appointments, the mobile counter, the deliveries, past calls, the supervisor's overview and the impact dashboard (supervisors), the settings. Plain links: the views live in the fragment. */
export function DeskNav({ lang, current, supervisor }: { lang: Language; current: 'calls' | 'appointments' | 'mobile' | 'deliveries' | 'history' | 'settings' | 'supervisor' | 'impact'; supervisor?: boolean }) {
  const t = useMemo(() => createTranslator(appointmentsCatalogues, lang), [lang]);
  const items = [
    ['calls', '#/', t('navCalls')],
    ['appointments', '#/afspraken', t('navAppointments')],
    ['mobile', '#/mobiel', t('navMobile')],
    ['deliveries', '#/leveringen', t('navDeliveries')],
    ['history', '#/historiek', t('navHistory')],
    ...(supervisor
      ? ([
          ['supervisor', '#/toezicht', supervisorText('nav', undefined, lang)],
          ['impact', '#/impact', impactText('nav', undefined, lang)],
        ] as const)
      : []),
    ['settings', '#/instellingen', t('navSettings')],
  ] as const;
  return (
    <nav className="desk-nav" aria-label={t('navLabel')}>
      <ul>
        {items.map(([id, href, text]) => (
          <li key={id}>
            <a href={href} aria-current={current === id ? 'page' : undefined} data-testid={`nav-${id}`}>
              {text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
