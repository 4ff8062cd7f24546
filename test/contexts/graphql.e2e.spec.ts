import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createGraphQLApp } from './graphql-app.js';
import { SwitchableStore } from '../support/switchable-store.js';

type Agent = ReturnType<typeof request.agent>;

interface GraphQLErrorBody {
  message: string;
  extensions: { code: string; status?: number };
}

function gql(agent: Agent, query: string) {
  return agent.post('/graphql').set('Content-Type', 'application/json').send({ query });
}

function firstError(body: { errors?: GraphQLErrorBody[] }): GraphQLErrorBody {
  expect(body.errors).toHaveLength(1);
  return body.errors![0];
}

function sessionIdOf(setCookie: string[] | string | undefined): string {
  const header = ([] as string[]).concat(setCookie ?? []).find((value) => value.startsWith('connect.sid='));
  const raw = decodeURIComponent(header!.split(';')[0].slice('connect.sid='.length));
  return raw.slice(2, raw.lastIndexOf('.'));
}

describe('GraphQL (Apollo): @Session(), SessionGuard and SessionService in resolvers', () => {
  let app: INestApplication;
  let store: SwitchableStore;

  beforeAll(async () => {
    store = new SwitchableStore();
    app = await createGraphQLApp(store);
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(() => {
    store.down = false;
  });

  it('answers an anonymous query on an @AllowAnonymous() resolver', async () => {
    const response = await gql(request.agent(app.getHttpServer()), '{ hello }').expect(200);
    expect(response.body).toEqual({ data: { hello: 'hello' } });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a guarded query without a signed-in session: UNAUTHENTICATED, status 401', async () => {
    const response = await gql(request.agent(app.getHttpServer()), '{ me { userId } }');
    const error = firstError(response.body);
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.extensions.status).toBe(401);
    expect(error.message).toBe('Authentication required.');
    expect(response.body.data).toBeNull();
  });

  it('signs in with a mutation, then answers the guarded query and its field resolver from the session', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await gql(agent, 'mutation { login(userId: "ada") { userId } }').expect(200);
    expect(login.body).toEqual({ data: { login: { userId: 'ada' } } });
    const id = sessionIdOf(login.headers['set-cookie']);
    expect(await store.record(id)).toMatchObject({ userId: 'ada' });

    const me = await gql(agent, '{ me { userId views } }').expect(200);
    expect(me.body).toEqual({ data: { me: { userId: 'ada', views: 0 } } });
  });

  it('commits a mutation that changes the session', async () => {
    const agent = request.agent(app.getHttpServer());
    const first = await gql(agent, 'mutation { count }').expect(200);
    expect(first.body).toEqual({ data: { count: 1 } });
    const id = sessionIdOf(first.headers['set-cookie']);
    expect(await store.record(id)).toMatchObject({ views: 1 });
    await gql(agent, 'mutation { count }').expect(200, { data: { count: 2 } });
    expect(await store.record(id)).toMatchObject({ views: 2 });
  });

  it('signs out with a mutation given only the request: record destroyed, cookie cleared, guard refuses again', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await gql(agent, 'mutation { login(userId: "grace") { userId } }').expect(200);
    const id = sessionIdOf(login.headers['set-cookie']);

    const logout = await gql(agent, 'mutation { logout }').expect(200);
    expect(logout.body).toEqual({ data: { logout: true } });
    expect(String(logout.headers['set-cookie'])).toMatch(/connect\.sid=;.*Expires=Thu, 01 Jan 1970/);
    expect(await store.record(id)).toBeFalsy();

    const me = await gql(agent, '{ me { userId } }');
    expect(firstError(me.body).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('costs what an HTTP request costs: one read per operation, however many resolvers read the session', async () => {
    const agent = request.agent(app.getHttpServer());
    await gql(agent, 'mutation { login(userId: "alan") { userId } }').expect(200);
    store.calls.length = 0;
    await gql(agent, '{ me { userId views } }').expect(200, { data: { me: { userId: 'alan', views: 0 } } });
    expect(store.calls).toEqual(['get', 'touch']);
    store.calls.length = 0;
    await gql(agent, 'mutation { count }').expect(200, { data: { count: 1 } });
    // The load, then the conditional write: express-session's MemoryStore has no setIfExists(), so it reads
    // before writing (Redis: GET, SET).
    expect(store.calls).toEqual(['get', 'get', 'set']);
  });

  it('answers SERVICE_UNAVAILABLE (status 503), never INTERNAL_SERVER_ERROR, when the store is down at load', async () => {
    const agent = request.agent(app.getHttpServer());
    await gql(agent, 'mutation { login(userId: "linus") { userId } }').expect(200);
    store.down = true;
    const me = await gql(agent, '{ me { userId } }');
    const error = firstError(me.body);
    expect(error.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.extensions.status).toBe(503);
    expect(me.headers['retry-after']).toBe('5');
  });

  it('answers SERVICE_UNAVAILABLE when the store fails during a login mutation', async () => {
    const agent = request.agent(app.getHttpServer());
    store.down = true;
    const login = await gql(agent, 'mutation { login(userId: "barbara") { userId } }');
    const error = firstError(login.body);
    expect(error.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.extensions.status).toBe(503);
    expect(login.headers['set-cookie']).toBeUndefined();
  });
});
