import { SessionConfigurationError } from 'nestjs-express-session';
import { mongoStore, type MongoStoreOptions } from 'nestjs-express-session/mongo';

describe('mongoStore options', () => {
  it.each<[string, MongoStoreOptions]>([
    ['neither mongoUrl nor client', {}],
    ['both mongoUrl and client', { mongoUrl: 'mongodb://127.0.0.1:1/x', client: Promise.reject(new Error('unused')) }],
    ['a ttl of 0', { mongoUrl: 'mongodb://127.0.0.1:1/x', ttl: 0 }],
    ['a negative touchAfter', { mongoUrl: 'mongodb://127.0.0.1:1/x', touchAfter: -1 }],
    ['a touchAfter that is not a number', { mongoUrl: 'mongodb://127.0.0.1:1/x', touchAfter: Number.NaN }],
  ])('throws a SessionConfigurationError for %s', (_label, options) => {
    if (options.client instanceof Promise) {
      options.client.catch(() => undefined);
    }
    expect(() => mongoStore(options)).toThrow(SessionConfigurationError);
  });

  it('names the option and the fix in the message', () => {
    expect(() => mongoStore({ mongoUrl: 'mongodb://127.0.0.1:1/x', ttl: -5 })).toThrow(/"store \(mongoStore\) ttl".*Fix: set ttl/);
  });
});
