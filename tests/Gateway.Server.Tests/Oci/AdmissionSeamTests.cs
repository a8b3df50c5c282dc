using System.Collections.Concurrent;
using System.Net;
using Gateway.Core.Admission;
using Gateway.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Oci;

/// <summary>The admission seam on manifest push, pull and delete: gates decide, denials reach the client, errors fail closed.</summary>
public sealed class AdmissionSeamTests : IAsyncLifetime
{
    private readonly RecordingGate _gate = new();
    private readonly RecordingObserver _observer = new();
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(configure: b =>
    {
        b.Services.AddSingleton<IAdmissionGate>(_gate);
        b.Services.AddSingleton<IAdmissionObserver>(_observer);
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<TestImage> PushBlobsAsync(string repo)
    {
        var image = TestImages.Image();
        foreach (var blob in image.Blobs) await Client.PushBlobAsync(repo, blob.Content);
        return image;
    }

    [Fact]
    public async Task A_denied_push_stores_nothing_and_says_why()
    {
        var image = await PushBlobsAsync("adm");
        _gate.Deny = r => r.Action == AdmissionAction.Push ? "pushes to adm are frozen" : null;
        var put = await Client.PutManifestAsync("adm", "v1", image.Manifest, image.MediaType);
        await put.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await put.ReadErrorAsync()).Message.ShouldContain("pushes to adm are frozen");
        _gate.Deny = _ => null;
        await (await Client.GetAsync("/v2/adm/manifests/v1")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        var seen = _gate.Requests.Single(r => r.Action == AdmissionAction.Push);
        seen.Tag.ShouldBe("v1");
        seen.Manifest!.Layers.Count.ShouldBe(1);
        seen.Digest.ToString().ShouldBe(image.Digest);
    }

    [Fact]
    public async Task Pull_and_head_are_checked_and_retag_is_a_tag_decision()
    {
        var image = await PushBlobsAsync("adm2");
        (await Client.PutManifestAsync("adm2", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.PutManifestAsync("adm2", "v2", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        _gate.Requests.Select(r => r.Action).ShouldBe([AdmissionAction.Push, AdmissionAction.Tag]);

        _gate.Deny = r => r.Action == AdmissionAction.Pull ? "unsigned" : null;
        var get = await Client.GetAsync($"/v2/adm2/manifests/{image.Digest}");
        await get.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await get.ReadErrorAsync()).Message.ShouldContain(image.Digest);
        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/adm2/manifests/v1"));
        head.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        head.Header("X-Gateway-Error").ShouldContain("unsigned");
        _gate.Requests.Last().Manifest.ShouldNotBeNull();
        _observer.Decisions.Count(d => !d.Allowed).ShouldBe(2);
    }

    [Fact]
    public async Task A_gate_that_throws_denies()
    {
        var image = await PushBlobsAsync("adm3");
        _gate.Throw = true;
        var put = await Client.PutManifestAsync("adm3", "v1", image.Manifest, image.MediaType);
        await put.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await put.ReadErrorAsync()).Message.ShouldContain("fails closed");
    }

    [Fact]
    public async Task Delete_is_checked()
    {
        var image = await PushBlobsAsync("adm4");
        (await Client.PutManifestAsync("adm4", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        _gate.Deny = r => r.Action == AdmissionAction.Delete ? "retention lock" : null;
        await (await Client.DeleteAsync($"/v2/adm4/manifests/{image.Digest}")).ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        _gate.Deny = _ => null;
        (await Client.GetAsync("/v2/adm4/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private sealed class RecordingGate : IAdmissionGate
    {
        public ConcurrentQueue<AdmissionRequest> Requests { get; } = new();
        public Func<AdmissionRequest, string?> Deny { get; set; } = _ => null;
        public bool Throw { get; set; }
        public string Name => "test-gate";

        public ValueTask<AdmissionDecision> EvaluateAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            if (Throw) throw new InvalidOperationException("boom");
            var reason = Deny(request);
            return ValueTask.FromResult(reason is null ? AdmissionDecision.Allow(Name) : AdmissionDecision.Deny(Name, reason));
        }
    }

    private sealed class RecordingObserver : IAdmissionObserver
    {
        public ConcurrentQueue<AdmissionDecision> Decisions { get; } = new();

        public ValueTask OnDecisionAsync(AdmissionRequest request, AdmissionDecision decision, CancellationToken cancellationToken)
        {
            Decisions.Enqueue(decision);
            return ValueTask.CompletedTask;
        }
    }
}
