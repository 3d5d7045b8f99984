/** The app's clock in tests: real time plus whatever the test has moved it on, so nothing sleeps. */
export class TestClock {
  private offsetMs = 0;

  readonly now = (): number => Date.now() + this.offsetMs;

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
