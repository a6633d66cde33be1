/**
 * Child process for the streaming-memory test: streams one blob through the SDK into a byte counter and
 * reports the RSS before and the peak RSS during the download, as JSON on stdout. Credentials come from the
 * environment so they never appear in a process listing.
 */
import { RegistryClient, Secret } from '@scout-acr/sdk/registry';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const client = new RegistryClient({
  loginServer: env('STREAM_LOGIN_SERVER'),
  credentials: { username: env('STREAM_USERNAME'), password: new Secret(env('STREAM_PASSWORD')) },
});
const repository = env('STREAM_REPOSITORY');
// Warm up (TLS, token, code paths) so the baseline includes everything but the blob's bytes.
await client.getManifest(repository, env('STREAM_TAG'));
global.gc?.();
const baselineRss = process.memoryUsage.rss();
let peakRss = baselineRss;
let bytes = 0;
let sinceSample = 0;
const stream = await client.getBlob(repository, env('STREAM_DIGEST'), { size: Number(env('STREAM_SIZE')) });
for await (const chunk of stream) {
  bytes += (chunk as Buffer).length;
  sinceSample += (chunk as Buffer).length;
  if (sinceSample >= 1 << 20) {
    sinceSample = 0;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
}
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await client.close();
process.stdout.write(`${JSON.stringify({ bytes, baselineRss, peakRss })}\n`);
