import type { NotificationKind } from './notifications.entities';

/** What each e-mail says, as the page tells it (and for whom it is). */
export const KIND_TEXTS: Readonly<
  Record<NotificationKind, { label: string; hint: string; pupil: boolean }>
> = {
  'plan-ready': {
    label: 'En ny utvecklingsplan kan förberedas',
    hint: 'När mentorn påbörjar en ny plan, så att ni kan förbereda er inför utvecklingssamtalet.',
    pupil: true,
  },
  'talk-booked': {
    label: 'Utvecklingssamtalet är bokat eller flyttat',
    hint: 'När en tid för utvecklingssamtalet bokas, ändras eller flyttas.',
    pupil: true,
  },
  'plan-established': {
    label: 'Utvecklingsplanen är fastställd',
    hint: 'När mentorn har fastställt planen och den går att läsa i sin helhet.',
    pupil: true,
  },
  'comment-answered': {
    label: 'Mentorn har svarat på din kommentar',
    hint: 'När mentorn svarar på en kommentar som du har skrivit i planen.',
    pupil: false,
  },
};
