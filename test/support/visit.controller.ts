import { Controller, Get } from '@nestjs/common';
import { Session, type RequestSession } from 'nestjs-express-session';

/** `GET /visit` counts visits in the session: gives a client a stored session before anything else. */
@Controller('visit')
export class VisitController {
  @Get()
  visit(@Session() session: RequestSession): { views: number } {
    // Typed here rather than through a SessionData augmentation, which not every suite that uses it loads.
    const visits = session as RequestSession & { views?: number };
    visits.views = (visits.views ?? 0) + 1;
    return { views: visits.views };
  }
}
