import type { User as AppUser } from '../users/users.service.js';

declare global {
  namespace Express {
    interface User extends AppUser {}
  }
}
