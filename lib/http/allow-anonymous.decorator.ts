import { SetMetadata } from '@nestjs/common';
import { ALLOW_ANONYMOUS_KEY } from '../common/session.constants.js';

/**
 * Lets requests without an authenticated session through `SessionGuard`, on one handler or on a
 * whole controller.
 *
 * @example
 * @AllowAnonymous()
 * @Get('health')
 * health() { return 'ok'; }
 */
export const AllowAnonymous = (): MethodDecorator & ClassDecorator => SetMetadata(ALLOW_ANONYMOUS_KEY, true);
