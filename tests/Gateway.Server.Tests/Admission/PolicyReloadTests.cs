using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Admission;

/// <summary>Policy folder changes: a good change takes effect, a broken one keeps the previous set, an evaluation error denies.</summary>
public sealed class PolicyReloadTests : IAsyncLifetime
{
    private readonly string _policies = TempFolder.Create("policies");
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_policies, "admission.rego"), """
            package gateway.admission
            deny contains "frozen repository" if input.repository == "frozen/app"
            """);
        _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Policy:Path"] = _policies });
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<HttpResponseMessage> PushAsync(string repo, string tag)
    {
        var image = TestImages.Image(repo);
        foreach (var blob in image.Blobs) await Client.PushBlobAsync(repo, blob.Content);
        return await Client.PutManifestAsync(repo, tag, image.Manifest, image.MediaType);
    }

    private async Task<JsonElement> ReloadAsync()
    {
        var response = await Client.PostAsync("/gateway/v1/policies/reload", null);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Policy_in_force_decides_and_a_new_version_takes_over()
    {
        var denied = await PushAsync("frozen/app", "v1");
        await denied.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await denied.ReadErrorAsync()).Message.ShouldContain("frozen repository");
        (await PushAsync("open/app", "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);

        await File.WriteAllTextAsync(Path.Combine(_policies, "admission.rego"), """
            package gateway.admission
            deny contains "open is closed now" if input.repository == "open/app"
            """);
        (await ReloadAsync()).GetProperty("reloaded").GetBoolean().ShouldBeTrue();
        (await PushAsync("frozen/app", "v2")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await PushAsync("open/app", "v2")).ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task A_broken_policy_keeps_the_previous_version_in_force_and_is_reported()
    {
        await File.WriteAllTextAsync(Path.Combine(_policies, "broken.rego"), "package gateway.admission\ndeny contains msg if {\n");
        var reload = await ReloadAsync();
        reload.GetProperty("reloaded").GetBoolean().ShouldBeFalse();
        reload.GetProperty("error").GetString()!.ShouldContain("broken.rego");
        reload.GetProperty("status").GetProperty("version").GetInt32().ShouldBe(1);
        var audit = await Client.GetStringAsync("/gateway/v1/audit?action=policy.reload");
        audit.ShouldContain("\"result\":\"failed\"");
        audit.ShouldContain("broken.rego");
        // The previous set still decides.
        await (await PushAsync("frozen/app", "v1")).ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await PushAsync("open/app", "v1")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_evaluation_error_denies()
    {
        await File.WriteAllTextAsync(Path.Combine(_policies, "admission.rego"), """
            package gateway.admission
            limit := 1 if input.action == "push"
            limit := 2 if input.repository != ""
            deny contains "too many" if limit > 5
            """);
        (await ReloadAsync()).GetProperty("reloaded").GetBoolean().ShouldBeTrue();
        var response = await PushAsync("any/app", "v1");
        await response.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await response.ReadErrorAsync()).Message.ShouldContain("eval_conflict_error");
    }
}
