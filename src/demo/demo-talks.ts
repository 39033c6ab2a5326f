import type { EntityManager } from '@mikro-orm/postgresql';

import { stockholmInstant, stockholmToday } from '../common/stockholm';
import { DirectoryDemoSeedWriter } from '../directory/demo-seed.writer';
import { addWorkingDays } from '../requests/working-days';
import { TalkDemoSeedWriter } from '../talks/demo-seed.writer';
import { DEMO_ACCOUNTS } from './demo-directory';

const STARTS = ['14:00', '14:30', '15:00', '15:30', '16:00'];

/**
 * Development talk times for the demo mentor's class (4A) on two working days a week or so
 * ahead, so the demo guardian can book one for their child there; one time is already taken
 * by another family. Answers the number of times published.
 */
export async function seedDemoTalks(em: EntityManager): Promise<number> {
  const directory = new DirectoryDemoSeedWriter();
  const [groupId, mentor, otherPupil] = await Promise.all([
    directory.findGroupId(em, 'demo:group:4a'),
    directory.findPerson(em, DEMO_ACCOUNTS.mentor),
    directory.findPerson(em, 'demo:person:pupil-4-2'),
  ]);
  const otherGuardian = await directory.findPerson(em, 'demo:person:guardian-4-2-1');
  if (!groupId || !mentor) {
    return 0;
  }
  const today = stockholmToday(new Date());
  const days = [addWorkingDays(today, 5), addWorkingDays(today, 6)];
  const talks = new TalkDemoSeedWriter();
  const ids = await talks.publishSlots(em, {
    groupId,
    starts: days.flatMap((day) => STARTS.map((start) => stockholmInstant(day, start))),
    minutes: 30,
    place: 'Klassrum 4A, Björkängsskolan',
    publishedBy: mentor.id,
  });
  if (otherPupil && otherGuardian && ids[1]) {
    await talks.book(em, { slotId: ids[1], pupilId: otherPupil.id, bookedBy: otherGuardian.id });
  }
  return ids.length;
}
