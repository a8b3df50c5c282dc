using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Server.Tests.Identity;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Audit;

/// <summary>
/// Table-driven: each API operation, run once, appends exactly the audit records the table says (operation and
/// result, in order) — nothing more, nothing less.
/// </summary>
public sealed class AuditTableTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private async Task<List<JsonElement>> AllRecordsAsync()
    {
        var text = await _gateway.Client.GetStringAsync("/gateway/v1/audit");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(e => e.GetProperty("type").GetString() == "record").Select(e => e.GetProperty("event")).ToList();
    }

    [Fact]
    public async Task Every_operation_appends_exactly_its_records()
    {
        var image = TestImages.Image("audit-table");
        var prod = TestImages.Image("audit-table-prod", user: "root");
        var client = _gateway.Client;
        var steps = new List<(string Step, Func<Task> Act, string[] Expected)>
        {
            ("first authenticated request (Basic)", async () => await client.GetAsync("/v2/"), ["login succeeded"]),
            ("token request (cached credential)", async () => await IdentityTestClient.RequestTokenAsync(_gateway, TestGateway.AdminUser, TestGateway.AdminPassword, "repository:t/app:pull"), ["token succeeded"]),
            ("wrong password", async () => await IdentityTestClient.RequestTokenAsync(_gateway, TestGateway.AdminUser, "wrong", "repository:t/app:pull"), ["login failed"]),
            ("blob uploads", async () => { foreach (var b in image.Blobs) await client.PushBlobAsync("t/app", b.Content); }, []),
            ("manifest PUT by tag", async () => await client.PutManifestAsync("t/app", "v1", image.Manifest, image.MediaType), ["push allowed", "push.commit succeeded"]),
            ("manifest PUT of a known manifest under a new tag", async () => await client.PutManifestAsync("t/app", "v2", image.Manifest, image.MediaType), ["tag allowed", "push.commit succeeded"]),
            ("manifest GET", async () => await client.GetAsync("/v2/t/app/manifests/v1"), ["pull allowed"]),
            ("manifest HEAD", async () => await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/t/app/manifests/{image.Digest}")), ["pull allowed"]),
            ("blob GET", async () => await client.GetAsync($"/v2/t/app/blobs/{image.Blobs.First().Digest}"), ["pull.blob succeeded"]),
            ("tags list and catalog", async () => { await client.GetAsync("/v2/t/app/tags/list"); await client.GetAsync("/v2/_catalog"); }, []),
            ("push refused by policy (root in prod)", async () =>
            {
                foreach (var b in prod.Blobs) await client.PushBlobAsync("prod/app", b.Content);
                await client.PutManifestAsync("prod/app", "1.0", prod.Manifest, prod.MediaType);
            }, ["push denied"]),
            ("token created through the management API", async () => await client.PostAsJsonAsync("/gateway/v1/tokens", new { name = "table-token", scopeMap = "_repositories_pull" }), ["config.change succeeded"]),
            ("gateway signs", async () => await client.PostAsJsonAsync("/gateway/v1/sign", new { repository = "t/app", reference = "v1" }), ["push.commit succeeded", "sign succeeded"]),
            ("tag DELETE", async () => await client.DeleteAsync("/v2/t/app/manifests/v2"), ["delete allowed", "delete.commit succeeded"]),
            ("manifest DELETE", async () => await client.DeleteAsync($"/v2/t/app/manifests/{image.Digest}"), ["delete allowed", "delete.commit succeeded"]),
            ("DELETE of a manifest that is gone", async () => await client.DeleteAsync($"/v2/t/app/manifests/{image.Digest}"), []),
        };

        var failures = new List<string>();
        var seen = 0;
        foreach (var (step, act, expected) in steps)
        {
            await act();
            var records = await AllRecordsAsync();
            var added = records.Skip(seen).Select(e => $"{e.GetProperty("operation").GetString()} {e.GetProperty("result").GetString()}").ToList();
            seen = records.Count;
            if (!added.SequenceEqual(expected)) failures.Add($"{step}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", added)}]");
        }
        failures.ShouldBeEmpty();
    }
}
