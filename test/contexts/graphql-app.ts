import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Inject, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Args, Context, Field, GraphQLModule, Int, Mutation, ObjectType, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { Store } from 'express-session';
import { AllowAnonymous, Session, SessionGuard, SessionModule, SessionService, type RequestSession } from 'nestjs-express-session';

export const GRAPHQL_TEST_SECRET = 'graphql-test-secret-that-is-long-enough-0123456789';

type Bag = Record<string, unknown>;

@ObjectType()
class Me {
  @Field()
  userId!: string;
}

@Resolver(() => Me)
class MeResolver {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Query(() => String)
  @AllowAnonymous()
  hello(): string {
    return 'hello';
  }

  /** Guarded by the global SessionGuard. */
  @Query(() => Me)
  me(@Session('userId') userId: string): Me {
    return { userId };
  }

  /** A field resolver: its root argument is the parent, not the request. */
  @ResolveField(() => Int)
  views(@Session() session: RequestSession): number {
    return Number((session as unknown as Bag).views ?? 0);
  }

  @Mutation(() => Int)
  @AllowAnonymous()
  count(@Session() session: RequestSession): number {
    const bag = session as unknown as Bag;
    bag.views = Number(bag.views ?? 0) + 1;
    return bag.views as number;
  }

  @Mutation(() => Me)
  @AllowAnonymous()
  async login(@Args('userId') userId: string, @Context('req') req: Request): Promise<Me> {
    await this.sessions.login(req, { userId } as never);
    return { userId };
  }

  @Mutation(() => Boolean)
  async logout(@Context('req') req: Request): Promise<boolean> {
    await this.sessions.logout(req);
    return true;
  }
}

/** A Nest app with SessionModule, Apollo (code first, schema in memory) and SessionGuard as the global guard. */
export async function createGraphQLApp(store: Store): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      SessionModule.forRoot({ secret: GRAPHQL_TEST_SECRET, store, storeTimeout: 500 }),
      GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true }),
    ],
    providers: [MeResolver, { provide: APP_GUARD, useClass: SessionGuard }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
