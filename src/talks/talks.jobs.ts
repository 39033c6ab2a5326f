export const TALKS_QUEUE = 'talks';

export const TalksJob = {
  /** Writes the reminders due now (talks tomorrow, from TALK_REMINDER_HOUR) to the outbox. */
  SendReminders: 'send-reminders',
} as const;

/** Every hour, as a BullMQ job scheduler (kept in the queue backend, so it survives restarts). */
export const REMINDERS_SCHEDULER = 'talks-reminders';
