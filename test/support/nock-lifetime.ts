import nock from 'nock';

/**
 * nock patches node:http for the whole jest worker, and a worker runs test files one after
 * another: left active, it changes how the NEXT file's refused connections surface (the Blob
 * "storage unreachable" test then saw a raw ECONNREFUSED escape the storage SDK). Every file that
 * uses nock calls this once so its interception ends with the file.
 */
export function releaseNockAfterThisFile(): void {
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}
