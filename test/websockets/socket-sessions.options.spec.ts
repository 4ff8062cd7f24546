import { Test } from '@nestjs/testing';
import { SessionConfigurationError, SessionModule } from 'nestjs-express-session';
import { SessionIoAdapter, SessionWsAdapter } from 'nestjs-express-session/websockets';

describe('session WebSocket adapters at startup', () => {
  it.each([
    ['SessionIoAdapter', (app: never) => new SessionIoAdapter(app)],
    ['SessionWsAdapter', (app: never) => new SessionWsAdapter(app)],
  ])('%s without SessionModule in the app throws a SessionConfigurationError naming the fix', async (_name, create) => {
    const moduleRef = await Test.createTestingModule({}).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const adapter = create(app as never);
    expect(() => adapter.create(0, {} as never)).toThrow(SessionConfigurationError);
    expect(() => adapter.create(0, {} as never)).toThrow(/import SessionModule\.forRoot\(\)/);
    await app.close();
  });

  it('rejects a negative revalidateInterval, naming the option', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SessionModule.forRoot({ secret: 'x'.repeat(32) })] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const adapter = new SessionIoAdapter(app, { revalidateInterval: -1 });
    expect(() => adapter.create(0, {} as never)).toThrow(/revalidateInterval/);
    await app.close();
  });
});
