import { CachedGroupMembership, GraphGroupMembership, NoGroupMembership } from '../../src/authorization';
import { FakeEntraDirectory } from '../fakes/fake-entra-directory';
import { FakeCredential, FakeGraphServer } from '../fakes/fake-graph-server';
import { describeGroupMembershipContract } from './group-membership.contract';

describeGroupMembershipContract('lookup off (NoGroupMembership)', async () => ({
  membership: new NoGroupMembership(),
  resolves: false,
}));

describeGroupMembershipContract('fake Entra directory (for tests of the role gate)', async (seed) => ({
  membership: new FakeEntraDirectory(seed),
  resolves: true,
}));

// The real Graph client over HTTP, against a FAKE Graph on a loopback port.
describeGroupMembershipContract('Microsoft Graph (fake Graph on 127.0.0.1)', async (seed) => {
  const graph = new FakeGraphServer(seed);
  const baseUrl = await graph.start();
  return {
    membership: new GraphGroupMembership({ credential: new FakeCredential(), baseUrl }),
    resolves: true,
    close: () => graph.stop(),
  };
});

describeGroupMembershipContract('cached Microsoft Graph (as the bot runs it)', async (seed) => {
  const graph = new FakeGraphServer(seed);
  const baseUrl = await graph.start();
  return {
    membership: new CachedGroupMembership(
      new GraphGroupMembership({ credential: new FakeCredential(), baseUrl }),
    ),
    resolves: true,
    close: () => graph.stop(),
  };
});
