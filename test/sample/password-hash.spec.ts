import { hashPassword, verifyPassword } from '../../sample/src/users/password-hash.js';

describe("the sample's scrypt password hashes", () => {
  it('verifies the password it hashed and rejects any other', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('uses a fresh salt each time', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const hash = await hashPassword('caf\u00e9');
    await expect(verifyPassword('cafe\u0301', hash)).resolves.toBe(true);
  });

  it('refuses a hash in an unknown format', async () => {
    await expect(verifyPassword('x', 'plain-text-password')).rejects.toThrow(/Unsupported password hash format/);
  });
});
