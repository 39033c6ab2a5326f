import sharp from 'sharp';

import { DomainError } from '../common/errors/domain-error';
import { reencodePhoto } from './photo';

async function photoWithGps(width = 1200, height = 800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Telefontillverkaren', Model: 'Modell X', Orientation: '1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '57/1 46/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '12/1 16/1 0/1',
      },
    })
    .toBuffer();
}

describe('reencodePhoto', () => {
  it('keeps the picture but drops EXIF with the GPS position, and scales it down', async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const cleaned = await reencodePhoto(original);
    const metadata = await sharp(cleaned).metadata();

    expect(metadata.format).toBe('jpeg');
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(Math.max(metadata.width ?? 0, metadata.height ?? 0)).toBe(600);
    expect(cleaned.includes(Buffer.from('Telefontillverkaren'))).toBe(false);
  });

  it('accepts PNG and makes JPEG of it', async () => {
    const png = await sharp({
      create: { width: 50, height: 50, channels: 4, background: '#00457c' },
    })
      .png()
      .toBuffer();

    expect((await sharp(await reencodePhoto(png)).metadata()).format).toBe('jpeg');
  });

  it.each([
    ['an HTML page named .jpg', Buffer.from('<html><script>alert(1)</script></html>')],
    [
      'an SVG image',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
    ['a truncated JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s with a Swedish message', async (_, upload) => {
    await expect(reencodePhoto(upload)).rejects.toBeInstanceOf(DomainError);
    await expect(reencodePhoto(upload)).rejects.toThrow(/bild|Bild/);
  });

  it('refuses a file over 5 MB', async () => {
    await expect(reencodePhoto(Buffer.alloc(5 * 1024 * 1024 + 1, 1))).rejects.toThrow(
      'Bilden är större än 5 MB.',
    );
  });
});
