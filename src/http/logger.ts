import { pino, type Logger } from 'pino';

/** JSON log lines; anything that could carry a credential is redacted at the source. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'client-providers' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.clientSecret',
          '*.registrationAuthorization',
          '*.registrationClientSecret',
          '*.introspectionClientSecret',
          '*.token',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    destination as never,
  );
}
