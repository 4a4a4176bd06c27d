import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_SHA256, signAwsV4 } from './sign-aws-v4.js';

describe('signAwsV4', () => {
  it("matches the signature of S3's documented GET Object example (Signature Version 4, header form)", () => {
    // Amazon S3 API reference, "Signature Calculations for the Authorization Header", example GET Object.
    const headers = signAwsV4(
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' },
      { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { range: 'bytes=0-9' }, payloadSha256: EMPTY_SHA256, now: new Date('2013-05-24T00:00:00Z') },
    );
    assert.equal(
      headers['authorization'],
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    assert.equal(headers['x-amz-date'], '20130524T000000Z');
  });
});
