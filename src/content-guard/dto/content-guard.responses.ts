import { ApiProperty } from '@nestjs/swagger';

import { CATEGORY_NAMES, type Category, type Finding, type Severity } from '../categories';

/** One passage the free-text guard found, as the OpenAPI description shows it. */
export class FindingDto implements Finding {
  @ApiProperty({ enum: CATEGORY_NAMES })
  category!: Category;

  @ApiProperty({ enum: ['block', 'warn'], description: 'block stops a save; warn warns' })
  severity!: Severity;

  @ApiProperty({ type: 'integer', description: 'UTF-16 offset: text.slice(start, end) === match' })
  start!: number;

  @ApiProperty({ type: 'integer' })
  end!: number;

  @ApiProperty()
  match!: string;
}

export class CheckTextResultDto {
  @ApiProperty({ type: () => [FindingDto] })
  findings!: FindingDto[];
}
