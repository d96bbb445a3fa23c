import { ApiProperty } from '@nestjs/swagger';

export class WatchedRequestDto {
  @ApiProperty({
    example: 'dQw4w9WgXcQ',
    description: 'A video id, or a channel or playlist id (an upstream `PL…`/`UU…` list or a tubevault `IVPL…` one) to set all its catalog videos',
  })
  id: string;

  @ApiProperty({ example: true, description: 'true marks watched (now), false unmarks' })
  is_watched: boolean;
}

export class WatchedSuccessDto {
  @ApiProperty({ enum: ['success'], example: 'success' })
  message: 'success';
}
