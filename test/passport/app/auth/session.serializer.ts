import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService, type User } from '../users/users.service.js';

/** Stores only the user's ID in the session, and loads the user again on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: User, done: (error: Error | null, id?: string) => void): void {
    done(null, user.id);
  }

  deserializeUser(id: string, done: (error: Error | null, user?: User | false) => void): void {
    // false (not an error) when the user is gone: Passport then treats the request as anonymous.
    done(null, this.users.findById(id) ?? false);
  }
}
