/// <reference types="multer" />
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import { PageUpload } from '../auth/page-upload';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { Form } from '../common/http/form';
import { privateFile } from '../common/http/private-file';
import { statusOf } from '../common/errors/error-status';
import { GuardiansService } from './guardians.service';
import { MAX_PHOTO_BYTES } from './photo';
import { CLASS_LIST_CHOICE_NAMES } from './class-list-choices';
import { PROFILE_FIELD_NAMES, PROFILE_FIELDS } from './profile-input';

const FIELD_NAMES: Readonly<Record<string, string>> = {
  ...PROFILE_FIELD_NAMES,
  visa: 'Det som visas i klasslistan',
};

const SAVED: Readonly<Record<string, string>> = {
  uppgifter: 'Dina uppgifter är sparade.',
  bild: 'Bilden är sparad.',
  'bild-borttagen': 'Bilden är borttagen.',
  klasslista: 'Ditt val av vad klasslistan visar är sparat.',
};

function photoFile(photo: Buffer, response: Response): StreamableFile {
  return privateFile(photo, { type: 'image/jpeg', disposition: 'inline' }, response);
}

@ApiExcludeController()
@Controller()
@RequiresLogin()
export class GuardiansPagesController {
  constructor(private readonly guardians: GuardiansService) {}

  @Get('mina-barn')
  async showChildren(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    response.render('guardians/children.njk', {
      title: 'Mina barn',
      children: await this.guardians.listChildren(actor),
    });
  }

  @Get('profil')
  async showProfile(
    @CurrentActor() actor: Actor,
    @Query('sparat') saved: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const profile = await this.guardians.readProfile(actor);
    response.render('guardians/profile.njk', {
      title: 'Min profil',
      profile,
      values: profile,
      fieldNames: FIELD_NAMES,
      choiceNames: CLASS_LIST_CHOICE_NAMES,
      saved: typeof saved === 'string' ? (SAVED[saved] ?? null) : null,
    });
  }

  @Post('profil')
  async submitProfile(
    @CurrentActor() actor: Actor,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    const values = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, form[field]]));
    try {
      await this.guardians.updateProfile(actor, values);
      response.redirect(303, '/profil?sparat=uppgifter');
    } catch (error) {
      await this.renderProfileError(actor, error, values, response, 'details');
    }
  }

  @Post('profil/klasslista')
  async submitClassListChoices(
    @CurrentActor() actor: Actor,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.guardians.updateClassListChoices(actor, form.visa);
      response.redirect(303, '/profil?sparat=klasslista');
    } catch (error) {
      await this.renderProfileError(actor, error, null, response, 'choices');
    }
  }

  @Post('profil/bild')
  @PageUpload('photo', { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5 })
  async submitPhoto(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.guardians.updatePhoto(actor, file?.buffer ?? Buffer.alloc(0));
      response.redirect(303, '/profil?sparat=bild');
    } catch (error) {
      await this.renderProfileError(actor, error, null, response, 'photo');
    }
  }

  @Post('profil/bild/ta-bort')
  async removePhoto(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    await this.guardians.removePhoto(actor);
    response.redirect(303, '/profil?sparat=bild-borttagen');
  }

  @Get('profil/bild')
  async showOwnPhoto(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return photoFile(await this.guardians.readOwnPhoto(actor), response);
  }

  @Get('klasslista/:groupId')
  async showClassList(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Res() response: Response,
  ): Promise<void> {
    const list = await this.guardians.readClassList(actor, groupId);
    response.render('guardians/class-list.njk', { title: `Klasslista ${list.name}`, list });
  }

  @Get('klasslista/:groupId/bild/:guardianId')
  async showClassListPhoto(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Param('guardianId') guardianId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    return photoFile(await this.guardians.readClassListPhoto(actor, groupId, guardianId), response);
  }

  private async renderProfileError(
    actor: Actor,
    error: unknown,
    values: Record<string, unknown> | null,
    response: Response,
    form: 'details' | 'photo' | 'choices',
  ): Promise<void> {
    if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
      throw error;
    }
    const profile = await this.guardians.readProfile(actor);
    response.status(statusOf(error.code)).render('guardians/profile.njk', {
      title: 'Min profil',
      profile,
      values: values ?? profile,
      fieldNames: FIELD_NAMES,
      choiceNames: CLASS_LIST_CHOICE_NAMES,
      error: error.message,
      errorHeading:
        form === 'photo'
          ? 'Bilden sparades inte'
          : form === 'choices'
            ? 'Valet sparades inte'
            : 'Uppgifterna sparades inte',
      problems: Object.fromEntries(
        error.fields.map((field) => [field.field, field.problems.join(', ')]),
      ),
    });
  }
}
