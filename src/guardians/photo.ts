import sharp from 'sharp';

import { DomainError, ErrorCode } from '../common/errors/domain-error';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif']);
const MAX_SIDE = 600;

/**
 * Makes a safe profile photo from an upload: the content must really be an
 * image of an accepted type (never trusting the file name or the browser's
 * content type), it is turned upright, scaled down and encoded anew as JPEG.
 * Re-encoding drops everything but the pixels: EXIF (GPS position, camera,
 * time), XMP, ICC comments and anything smuggled after the image data.
 */
export async function reencodePhoto(upload: Buffer): Promise<Buffer> {
  if (upload.length === 0) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Välj en bild att ladda upp.');
  }
  if (upload.length > MAX_PHOTO_BYTES) {
    throw new DomainError(ErrorCode.PayloadTooLarge, 'Bilden är större än 5 MB.');
  }
  let format: string | undefined;
  try {
    format = (await sharp(upload, { limitInputPixels: 40_000_000 }).metadata()).format;
  } catch {
    format = undefined;
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'Filen är inte en bild som tjänsten kan ta emot. Välj en JPEG-, PNG-, WebP- eller HEIC-bild.',
    );
  }
  try {
    return await sharp(upload, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
  } catch {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      'Bilden kunde inte läsas. Prova en annan bild.',
    );
  }
}
