import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { RequiresPermission } from '../auth/access.guard';
import { ApiErrors } from '../common/http/api-docs';
import type { Finding } from './categories';
import { checkText, MAX_TEXT_LENGTH } from './check-text';
import { CheckTextResultDto } from './dto/content-guard.responses';

export class CheckTextDto {
  @ApiProperty({ example: 'Eleven är lat och har en ADHD-diagnos.' })
  @IsString({ message: 'Texten måste vara text.' })
  @MaxLength(MAX_TEXT_LENGTH, { message: `Texten får vara högst ${MAX_TEXT_LENGTH} tecken.` })
  text!: string;
}

@ApiTags('content-guard')
@Controller('api/v1/content-guard')
export class ContentGuardController {
  @Post('check')
  @HttpCode(200)
  @RequiresPermission('content.check')
  @ApiOperation({
    summary: 'Find sensitive personal data and value judgements in a free text (staff)',
    description:
      'Offsets are UTF-16 code units of the given text; severity block stops a save, warn warns.',
  })
  @ApiOkResponse({ type: CheckTextResultDto })
  @ApiErrors(400)
  check(@Body() body: CheckTextDto): { findings: Finding[] } {
    return { findings: checkText(body.text) };
  }
}
