// Independent S3 client check (@aws-sdk/client-s3, pinned in tests/interop/package.json):
// 1. list every object Signet wrote under S3_PREFIX + "blobs/", download it and check that its
//    SHA-256 equals the hex digest in its name (content addressing, as Signet promises);
// 2. write one blob the same way Signet names blobs, so Signet can read and verify it.
// Run by storage/s3/s3_s3test.cc with S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_PREFIX,
// S3_ACCESS_KEY and S3_SECRET_KEY in the environment. Exits non-zero on any mismatch.
import { createHash } from 'node:crypto';
import { S3Client, ListObjectsV2Command, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

const env = (k) => {
  if (!process.env[k]) throw new Error(`missing ${k}`);
  return process.env[k];
};
const client = new S3Client({
  endpoint: env('S3_ENDPOINT'),
  region: env('S3_REGION'),
  forcePathStyle: true,
  credentials: { accessKeyId: env('S3_ACCESS_KEY'), secretAccessKey: env('S3_SECRET_KEY') },
});
const bucket = env('S3_BUCKET');
const prefix = env('S3_PREFIX') + 'blobs/';

const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
const objects = listed.Contents ?? [];
if (objects.length === 0) throw new Error('no objects found under ' + prefix);
for (const o of objects) {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
  const body = Buffer.from(await got.Body.transformToByteArray());
  const digest = createHash('sha256').update(body).digest('hex');
  if (prefix + digest !== o.Key) throw new Error(`${o.Key} holds bytes hashing to ${digest}`);
  if (body.length !== o.Size) throw new Error(`${o.Key} size mismatch`);
}
console.log(`verified ${objects.length} objects`);

const mine = Buffer.from('written by @aws-sdk/client-s3');
const hex = createHash('sha256').update(mine).digest('hex');
await client.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + hex, Body: mine }));
console.log(`WROTE ${hex}`);
