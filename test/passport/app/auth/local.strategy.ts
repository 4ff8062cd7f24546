import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService, type User } from '../users/users.service.js';

/** Checks the `username` and `password` fields of the login request body. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly users: UsersService) {
    super();
  }

  validate(username: string, password: string): User {
    const user = this.users.verify(username, password);
    if (!user) {
      throw new UnauthorizedException('Wrong username or password.');
    }
    return user;
  }
}
