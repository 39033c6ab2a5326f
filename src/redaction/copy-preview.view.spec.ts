import { toCopyPreviewView } from './copy-preview.view';

describe('the copy preview beside the record', () => {
  it('counts the boxes per ground, a merged box for each of its grounds', () => {
    const view = toCopyPreviewView(
      {
        title: 'IUP',
        registrationNumber: 'IUP-2026-00001',
        sections: [
          {
            heading: null,
            fields: [
              {
                id: 'talk.agreements',
                segments: [
                  { kind: 'text', text: 'Ring ' },
                  { kind: 'marker', grounds: ['A', 'B'] },
                  { kind: 'text', text: ' i kväll.' },
                  { kind: 'marker', grounds: ['A'] },
                ],
              },
            ],
          },
        ],
      },
      ['A', 'B', 'C'],
    );
    expect(view.boxCount).toBe(2);
    expect(view.groundCounts).toEqual([
      { ground: 'A', count: 2 },
      { ground: 'B', count: 1 },
    ]);
  });
});
