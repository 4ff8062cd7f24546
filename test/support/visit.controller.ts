import { Controller, Get } from '@nestjs/common';
import { Session, type RequestSession } from 'nestjs-express-session';

/** `GET /visit` counts visits in the session: gives a client a stored session before anything else. */
@Controller('visit')
export class VisitController {
  @Get()
  visit(@Session() session: RequestSession): { views: number } {
    session.views = (session.views ?? 0) + 1;
    return { views: session.views };
  }
}
