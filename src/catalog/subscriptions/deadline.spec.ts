import { DeadlineExceededError, withDeadline } from './deadline.js';

describe('withDeadline', () => {
  it('passes a result or failure that comes in time', async () => {
    await expect(withDeadline(Promise.resolve(1), 50)).resolves.toBe(1);
    await expect(withDeadline(Promise.reject(new Error('boom')), 50)).rejects.toThrow('boom');
  });

  it('fails after the deadline, and a late failure stays handled', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 80));
    await expect(withDeadline(late, 20)).rejects.toThrow(new DeadlineExceededError('no answer within 0.02 s'));
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
